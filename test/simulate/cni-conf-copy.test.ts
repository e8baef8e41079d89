import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { runChecks } from '../../src/core/engine.js';
import { buildModel } from '../../src/core/model/build.js';
import { simulateCommands } from '../../src/core/simulate/engine.js';
import { rawSample } from '../helpers/captures.js';

const brokenPortMappings = () => ingestCapture(rawSample('cases/cni-portmappings-missing/broken'), 'node.json').capture;

test('a copy of a broken CNI conf is a conf like the loaded ones: no check crashes, and the copy (loaded first) carries the finding', (t) => {
  const r = simulateCommands(brokenPortMappings(), ["Copy-Item -Path 'C:\\etc\\cni\\net.d\\10-flannel.conf' -Destination 'C:\\etc\\cni\\net.d\\00-first.conf'"]);
  t.deepEqual(r.before.map((f) => f.knowledge), ['cni-portmappings-missing']);
  t.deepEqual(r.after.map((f) => [f.knowledge, f.subjects[0]?.name]), [['cni-portmappings-missing', '00-first.conf']], 'the copy sorts first and is as broken as its source');
  t.deepEqual(r.caused.map((f) => f.knowledge), ['cni-portmappings-missing']);
  // The simulation keeps findings only: run every check on the state it ends in, where a crash would show.
  const crashed = runChecks(buildModel(r.capture, 'after'), CHECKS).results.filter((x) => x.status === 'crashed');
  t.deepEqual(crashed.map((x) => `${x.check}: ${x.reason}`), []);
});
