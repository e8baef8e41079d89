import test from 'ava';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { diffCaptures, type CaptureDiff } from '../../src/core/diff.js';
import { runCli, writeCapture } from '../helpers/cli.js';
import type { RawCapture } from '../helpers/captures.js';
import { miniCapture } from '../helpers/mini-capture.js';

function diff(a: RawCapture, b: RawCapture): CaptureDiff {
  const x = diagnoseFile(writeCapture(a));
  const y = diagnoseFile(writeCapture(b));
  return diffCaptures({ model: x.model!, report: x.report }, { model: y.model!, report: y.report });
}

test('a capture compared with itself is identical', (t) => {
  const d = diff(miniCapture(), miniCapture());
  t.true(d.identical);
  t.deepEqual(d.objects, []);
  t.is(d.findings.unchanged, 3);
});

test('fixing the host clears findings and shows the objects that changed', (t) => {
  const d = diff(miniCapture(), miniCapture({ healthy: true, ubr: 6054 }));
  t.false(d.identical);
  t.deepEqual(d.findings.cleared.map((f) => f.check).sort(), ['WCN101', 'WCN203', 'WCN301']);
  t.deepEqual(d.findings.appeared, []);
  t.deepEqual(d.state.map((s) => [s.field, s.before, s.after]), [['os', 'Windows Server 2019 Datacenter, build 17763.5830', 'Windows Server 2019 Datacenter, build 17763.6054'], ['ubr', '5830', '6054'], ['ipv6DisabledComponents', '0xFF', 'absent']]);
  const sw = d.objects.find((o) => o.kind === 'vswitch');
  t.is(sw?.change, 'removed');
  t.is(sw?.name, 'LabSwitch');
  const net = d.objects.find((o) => o.kind === 'docker-network' && o.name === 'app');
  t.deepEqual(net?.fields, [{ field: 'subnets', before: '172.30.0.0/24 via 172.31.0.1', after: '172.30.0.0/24 via 172.30.0.1' }]);
  t.deepEqual(d.counts.vswitch, { before: 2, after: 1 });
});

test('findings are matched by check and subject, not message: a new wrong gateway is the same finding', (t) => {
  const after = miniCapture();
  after.docker.networks[2].IPAM.Config[0].Gateway = '10.99.0.1';
  const d = diff(miniCapture(), after);
  t.deepEqual(d.findings.appeared, []);
  t.deepEqual(d.findings.cleared, []);
  t.is(d.findings.unchanged, 3);
  t.is(d.objects.length, 1);
});

test('a finding about another object appears; containers, adapters, addresses, NATs, services and hotfixes are compared', (t) => {
  const after = miniCapture();
  after.docker.networks.push({ Name: 'second', Id: 'eeeeeeeeeeee', Driver: 'nat', IPAM: { Driver: 'windows', Config: [{ Subnet: '172.31.5.0/24', Gateway: '172.31.6.1' }] } });
  after.docker.containers[0].State = { Status: 'exited', Running: false };
  after.docker.containers.push({ Id: 'f'.repeat(64), Name: '/worker', State: { Status: 'running', Running: true }, HostConfig: { NetworkMode: 'nat' } });
  after.netIPAddresses[0].IPAddress = '10.20.30.41';
  after.netNat.push({ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24', Active: true });
  after.services[3].Status = 1;
  after.hotfixes.push({ HotFixID: 'KB5040430' });
  const d = diff(miniCapture(), after);
  t.deepEqual(d.findings.appeared.map((f) => [f.check, f.subjects[0]!.name]), [['WCN203', 'second']]);
  const by = (kind: string) => d.objects.filter((o) => o.kind === kind).map((o) => `${o.change} ${o.name}`);
  t.deepEqual(by('container'), ['changed web', 'added worker']);
  t.deepEqual(by('docker-network'), ['added second']);
  t.deepEqual(by('ip-address'), ['removed 10.20.30.40/24 on Ethernet', 'added 10.20.30.41/24 on Ethernet']);
  t.deepEqual(by('winnat'), ['added LabNAT']);
  t.deepEqual(by('service'), ['changed docker']);
  t.deepEqual(by('hotfix'), ['added KB5040430']);
  const web = d.objects.find((o) => o.name === 'web')!;
  t.deepEqual(web.fields, [{ field: 'state', before: 'running', after: 'exited' }]);
});

test('the diff command: text, JSON, exit codes as diff(1), and a warning for two different hosts', async (t) => {
  const a = writeCapture(miniCapture());
  const b = writeCapture(miniCapture({ healthy: true }));
  const same = await runCli(['diff', a, a]);
  t.is(same.code, 0);
  t.regex(same.out, /No differences/);
  const text = await runCli(['diff', a, b]);
  t.is(text.code, 1);
  t.regex(text.out, /vSwitches \(2 -> 1\)\n  - LabSwitch removed\n/);
  t.regex(text.out, /Findings: 0 appeared, 3 cleared, 0 unchanged/);
  const json = await runCli(['diff', '--format', 'json', a, b]);
  t.is(json.code, 1);
  const j = JSON.parse(json.out);
  t.is(j.tool.name, 'wcn-doctor');
  t.is(j.diff.findings.cleared.length, 3);
  const other = await runCli(['diff', a, writeCapture(miniCapture({ host: 'SOMEONE-ELSE' }))]);
  t.regex(other.out, /two different hosts/);
  const bad = await runCli(['diff', a]);
  t.is(bad.code, 2);
  const missing = await runCli(['diff', a, '/nonexistent/x.json']);
  t.is(missing.code, 2);
  t.regex(missing.err, /cannot read/);
});

test('names in the diff text are sanitized', async (t) => {
  const a = writeCapture(miniCapture());
  const b = writeCapture(miniCapture({ container: 'evil\u001b]0;pwned\u0007name' }));
  const r = await runCli(['diff', a, b]);
  t.false(/[\u0000-\u0009\u000b-\u001f]/.test(r.out));
  t.regex(r.out, /\+ evilname added/);
});
