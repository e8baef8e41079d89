/**
 * The docker engine is read from everything that shows it: docker info when
 * the engine answered it, else the Server half of docker version; and an
 * engine that is down is one fact (its service, its silence, what it left
 * unseen) that checks share.
 */
import test from 'ava';
import { daemonDefaultNatRange, dockerEngineDown, hnsDefaultNat } from '../../src/core/model/derived/engine.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';

const REFUSED = 'error during connect: Get http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.39/info: open //./pipe/docker_engine: The system cannot find the file specified.';

function model(base: string, patch: (raw: RawCapture) => void = () => {}) {
  const raw = rawSample(base);
  patch(raw);
  return modelOf(raw).model;
}

test('docker info answered: the engine is read from it', (t) => {
  const m = model('healthy-ws2016');
  t.is(m.docker?.osType, 'windows');
  t.is(m.docker?.serverVersion, '18.09.11');
  t.true(m.docker?.answered);
  t.true(m.captured.has('docker.engine'));
  t.true(m.runtime('docker')?.answered);
});

test('docker info missing: docker version\'s Server half gives the OS, the version, and that the engine answered', (t) => {
  const m = model('healthy-ws2016', (raw) => {
    delete raw['docker'].info;
    raw['docker'].version.Server.Os = 'linux';
    raw['docker'].version.Server.Version = '20.10.9';
  });
  t.is(m.docker?.osType, 'linux');
  t.is(m.docker?.serverVersion, '20.10.9');
  t.true(m.docker?.answered);
  t.false(m.captured.has('docker.info'));
  t.true(m.captured.has('docker.engine'));
  t.true(m.runtime('docker')?.answered);
  t.is(m.runtime('docker')?.version, '20.10.9');
  t.is(dockerEngineDown(m), undefined, 'an engine that answered version is not down');
});

test('docker info with ServerErrors: its empty fields give way to docker version\'s Server half', (t) => {
  const m = model('healthy-ws2016', (raw) => {
    raw['docker'].info = { ServerErrors: [REFUSED], OSType: '', ServerVersion: '' };
    raw['docker'].version.Server.Os = 'linux';
  });
  t.is(m.docker?.osType, 'linux');
  t.is(m.docker?.serverVersion, '18.09.11');
  t.true(m.docker?.answered);
  t.deepEqual(m.docker?.serverErrors, [REFUSED]);
});

test('neither info nor a Server half: the engine did not answer, and nothing is made up', (t) => {
  const m = model('healthy-ws2016', (raw) => {
    raw['docker'].info = { ServerErrors: [REFUSED] };
    raw['docker'].version.Server = null;
  });
  t.is(m.docker?.osType, undefined);
  t.is(m.docker?.serverVersion, undefined);
  t.false(m.docker?.answered);
  t.false(m.captured.has('docker.version'), 'a version without its Server half is the client alone');
  t.false(m.captured.has('docker.engine'));
  t.false(m.runtime('docker')?.answered);
});

/** The engine down as the collector writes it: service stopped, one error per engine part, daemon.json only. */
function engineDown(raw: RawCapture): void {
  raw['services'].find((s: { Name: string }) => s.Name === 'docker').Status = 1;
  raw['docker'] = { daemonConfig: { 'fixed-cidr': '192.168.100.0/24' } };
  raw['collectorErrors'] = ['info', 'version', 'networks', 'containers'].map((p) => ({ key: `docker.${p}`, command: `docker ${p}`, message: REFUSED }));
}

test('engine down: stopped service, silent parts and their pointers', (t) => {
  const m = model('healthy-ws2016', engineDown);
  const down = dockerEngineDown(m);
  t.truthy(down);
  t.true(down!.stopped);
  t.is(down!.phrase, 'is not running');
  t.deepEqual(down!.unseen, ['docker.info', 'docker.version', 'docker.networks', 'docker.containers']);
  t.deepEqual(down!.evidence, [m.service('docker')!.subject.pointer, '/collectorErrors/0', '/collectorErrors/1', '/collectorErrors/2', '/collectorErrors/3']);
  t.is(down!.subject.kind, 'service');
  t.is(m.docker?.answered, undefined);
});

test('engine running but refusing the collector: did not answer; a missing CLI or an unreadable daemon.json is not the engine down', (t) => {
  const refusing = model('healthy-ws2016', (raw) => {
    raw['docker'].info = { ServerErrors: ['Access is denied.'] };
    delete raw['docker'].version;
  });
  t.is(dockerEngineDown(refusing)?.phrase, 'did not answer the collector');
  t.false(dockerEngineDown(refusing)!.stopped);
  t.true(dockerEngineDown(refusing)!.evidence.some((e) => e.endsWith('/ServerErrors')));
  const config = model('healthy-ws2016', (raw) => {
    raw['collectorErrors'] = [{ key: 'docker.daemonConfig', command: 'Get-Content daemon.json', message: 'daemon.json is not valid JSON' }];
  });
  t.is(dockerEngineDown(config), undefined);
  t.is(dockerEngineDown(model('healthy-ws2016')), undefined);
});

test('daemon.json: fixed-cidr first, else bip; bridge none or a value that is not an IPv4 prefix gives none', (t) => {
  const range = (cfg: Record<string, unknown>) => daemonDefaultNatRange(model('healthy-ws2016', (raw) => { raw['docker'].daemonConfig = cfg; }));
  t.is(range({ 'fixed-cidr': '192.168.100.0/24', bip: '10.1.0.1/16' })?.prefix.text, '192.168.100.0/24');
  t.is(range({ bip: '10.1.0.1/16' })?.prefix.text, '10.1.0.0/16');
  t.is(range({ bip: '10.1.0.1/16' })?.pointer, '/docker/daemonConfig/bip');
  t.is(range({ 'fixed-cidr': '192.168.100.0/24', bridge: 'none' }), undefined);
  t.is(range({ 'fixed-cidr': 'fd00::/64' }), undefined);
  t.is(range({ 'fixed-cidr': 'nonsense' }), undefined);
  t.is(range({}), undefined);
});

test('the HNS network the engine adopts as its default nat: HNS\'s nat network named nat', (t) => {
  t.is(hnsDefaultNat(model('healthy-ws2016'))?.name, 'nat');
  t.is(hnsDefaultNat(model('healthy-ws2016', (raw) => { raw['hnsNetworks'] = []; })), undefined);
});
