/**
 * One test per problem the fuzz tests found, so each stays fixed. Time
 * bounds here are loose (ten times what a linear implementation needs on a
 * slow machine) and fail only for quadratic behaviour.
 */
import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { buildModel } from '../../src/core/model/build.js';

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

test('the model joins docker networks to HNS networks by name in linear time', (t) => {
  const n = 20_000;
  const { capture } = ingestCapture({
    hnsNetworks: Array.from({ length: n }, (_, i) => ({ ID: `id-${i}`, Name: `hns-${i}`, Type: 'nat' })),
    docker: { networks: Array.from({ length: n }, (_, i) => ({ Name: `net-${i}`, Driver: 'nat', Options: { 'com.docker.network.windowsshim.networkname': `HNS-${n - 1 - i}` } })) },
  }, 'scale.json');
  const { value: model, ms } = timed(() => buildModel(capture));
  t.is(model.dockerNetworks[0]?.hns?.name, `hns-${n - 1}`, 'joined by name, case-insensitively');
  t.is(model.dockerNetworks[n - 1]?.hns?.name, 'hns-0');
  t.log(`buildModel: ${ms.toFixed(0)} ms`);
  t.true(ms < 2500, `took ${ms.toFixed(0)} ms`);
});
