/** `wcn-doctor simulate` and `check --verify-fixes` as a user runs them: a real process, real files, real exit codes. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { joinWords } from '../../src/cli/simulate.js';
import { parseScript } from '../../src/core/simulate/tokenize.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const BIN = SHIPPED_BIN;
const sample = (n: string) => join(PACKAGE_ROOT, 'snapshots', `${n}.json`);

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a command predicted to work exits 0 and shows the resulting network', (t) => {
  const r = run(['simulate', sample('healthy-ws2019'), '--', "docker network create -d nat --subnet '172.30.9.0/24' app"]);
  t.is(r.code, 0, r.err);
  t.regex(r.out, /✔ succeeds/);
  t.regex(r.out, /\+ docker-network 'app': driver nat, subnet 172\.30\.9\.0\/24, gateway 172\.30\.9\.1/);
  t.regex(r.out, /\+ vswitch 'app': Internal/);
});

test('a command predicted to fail exits 1 with the error, the knowledge id and the right way', (t) => {
  const r = run(['simulate', sample('healthy-ws2019'), '--', 'docker', 'network', 'create', '-d', 'nat', '--subnet=172.16.2.0/24', '--gateway=172.16.1.1', 'CustomNat2']);
  t.is(r.code, 1);
  t.regex(r.out, /no matching subnet for gateway 172\.16\.1\.1/);
  t.regex(r.out, /wcn-doctor explain gateway-outside-subnet/);
  t.regex(r.out, /docker network create -d 'nat' --subnet '172\.16\.2\.0\/24' --gateway '172\.16\.2\.1' 'CustomNat2'/);
});

test('several -- groups run in order on the state the previous left (JSON)', (t) => {
  const r = run(['simulate', '--format', 'json', sample('healthy-ws2019'), '--', 'docker network create -d nat --subnet 172.30.1.0/24 app', '--', 'docker run -d --network app --ip 172.30.1.20 --name api2 img', '--', 'Frobnicate-Host']);
  t.is(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  t.deepEqual(j.steps.map((s: { status: string }) => s.status), ['succeeds', 'succeeds', 'not-modelled']);
  t.is(j.notModelled, 1);
  t.true(j.ok);
  t.true(j.steps[1].changes.some((c: { detail: string }) => c.detail.includes('172.30.1.20')));
  t.is(j.tool.name, 'wcn-doctor');
});

test('--file rehearses a runbook, one command per line', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-sim-'));
  const book = join(dir, 'runbook.ps1');
  writeFileSync(book, "# fix the demo host\nGet-NetNat -Name 'LabNAT' | Remove-NetNat -Confirm:$false\nRemove-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters' -Name 'DisabledComponents'\nRestart-Computer\n");
  const r = run(['simulate', '--format', 'json', sample('demo'), '--file', book]);
  t.is(r.code, 0, r.out);
  const j = JSON.parse(r.out);
  t.is(j.steps.length, 3);
  const cleared = j.findings.cleared.map((f: { knowledge: string }) => f.knowledge);
  t.true(cleared.includes('winnat-slot-taken'));
  t.true(cleared.includes('ipv6-disabled'));
  t.true(j.steps[2].notes.some((n: string) => n.includes('"bridge": "none"')), 'the demo disables the default network on purpose');
});

test('--compose simulates a compose file and reports name resolution', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-sim-'));
  const proj = join(dir, 'shop');
  mkdirSync(proj);
  const file = join(proj, 'docker-compose.yml');
  writeFileSync(file, 'services:\n  web:\n    image: iis\n    networks: [lan]\n  db:\n    image: sql\n    networks: [lan]\n    links: [web]\nnetworks:\n  lan:\n    driver: nat\n');
  const r = run(['simulate', sample('healthy-ws2019'), '--compose', file]);
  t.is(r.code, 1);
  t.regex(r.out, /docker network create -d 'nat' 'shop_lan'/);
  t.regex(r.out, /unsupported-option/);
  t.regex(r.out, /Compose project 'shop'/);
});

test('usage and input errors exit 2 without a stack trace', (t) => {
  for (const args of [['simulate'], ['simulate', sample('demo')], ['simulate', sample('demo'), '--format', 'yaml', '--', 'docker ps'], ['simulate', join(PACKAGE_ROOT, 'nope.json'), '--', 'docker ps'], ['simulate', sample('demo'), '--file', join(PACKAGE_ROOT, 'nope.txt')]]) {
    const r = run(args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.err, /^wcn-doctor: /);
    t.notRegex(r.err, /\n\s+at /);
  }
  const help = run(['simulate', '--help']);
  t.is(help.code, 0);
  t.regex(help.out, /remove-netnat/);
});

test('command text from the user is sanitized before it reaches the terminal', (t) => {
  const r = run(['simulate', sample('healthy-ws2019'), '--', "Remove-VMSwitch -Name 'evil\u001b]0;pwned\u0007' -Force"]);
  t.notRegex(r.out, /\u001b/);
  t.regex(r.out, /Hyper-V was unable to find a virtual switch/);
});

test('check --verify-fixes adds a fix verification to the text and a field to the JSON', (t) => {
  const text = run(['check', '--verify-fixes', sample('demo')]);
  t.regex(text.out, /Fix verification \(simulated, nothing was run\)/);
  t.regex(text.out, /✔ clears the finding/);
  const j = JSON.parse(run(['check', '--verify-fixes', '--format', 'json', sample('demo')]).out);
  const rep = j.reports[0];
  t.is(rep.fixVerification.length, rep.findings.length);
  t.truthy(rep.findings.length > 0 && rep.summary, 'the existing fields stay');
  const plain = JSON.parse(run(['check', '--format', 'json', sample('demo')]).out);
  t.is(plain.reports[0].fixVerification, undefined, 'only with --verify-fixes');
});

test('words split by the shell are joined back with quoting', (t) => {
  const line = joinWords(['docker', 'network', 'create', '-o', 'com.docker.network.windowsshim.interface=Ethernet 2', "it's"]);
  const args = parseScript(line).statements[0]!.stages[0]!.args.map((a) => a.value);
  t.deepEqual(args, ['network', 'create', '-o', 'com.docker.network.windowsshim.interface=Ethernet 2', "it's"]);
  t.is(joinWords(["Get-NetNat -Name 'x' | Remove-NetNat"]), "Get-NetNat -Name 'x' | Remove-NetNat");
});

/** A CNI conf written to a temporary file (the CLI reads a real file). */
function confFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-cni-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const nerdctlNat = (subnet: string, gateway: string, name = 'nat') => JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type: 'nat', capabilities: { portMappings: true }, ipam: { subnet, routes: [{ gateway }] } }] });

test('--cni-conf: a conf that agrees with the node exits 0 and lists every aspect', (t) => {
  const r = run(['simulate', sample('healthy-ws2025-containerd'), '--cni-conf', confFile('nerdctl-nat.conflist', nerdctlNat('10.4.0.0/24', '10.4.0.1'))]);
  t.is(r.code, 0, r.err);
  t.regex(r.out, /✔ succeeds/);
  t.regex(r.out, /✔ plugins: nat\.exe found in the bin dir containerd searches/);
  t.regex(r.out, /✔ network: the plugin reuses HNS network 'nat'/);
  t.regex(r.out, /Every step is predicted to work\./);
});

test("--cni-conf: nerdctl's nat with another subnet than HNS's nat exits 1 and says why (JSON has the judgements)", (t) => {
  const path = confFile('nat.conflist', nerdctlNat('10.88.0.0/24', '10.88.0.1'));
  const text = run(['simulate', sample('healthy-ws2025-containerd'), '--cni-conf', path]);
  t.is(text.code, 1);
  t.regex(text.out, /✖ fails/);
  t.regex(text.out, /✖ network: HNS already has network 'nat' \(10\.4\.0\.0\/24 gateway 10\.4\.0\.1;/);
  const json = run(['simulate', '--format', 'json', sample('healthy-ws2025-containerd'), '--cni-conf', path]);
  t.is(json.code, 1);
  const j = JSON.parse(json.out);
  t.false(j.ok);
  t.is(j.judgements.find((x: { aspect: string }) => x.aspect === 'network').verdict, 'fails');
  t.is(j.steps[0].status, 'fails');
});

test('--cni-conf: a file that cannot be read or parsed exits 2 naming the file', (t) => {
  const broken = confFile('broken.conf', '{\n  "name": "nat",\n  "type": \n}');
  const r = run(['simulate', sample('healthy-ws2025-containerd'), '--cni-conf', broken]);
  t.is(r.code, 2);
  t.is(r.err, `wcn-doctor: the CNI conf '${broken}' cannot be used: not valid JSON (ValueExpected) at line 4, column 1\n`);
  const missing = run(['simulate', sample('healthy-ws2025-containerd'), '--cni-conf', join(PACKAGE_ROOT, 'no-such.conf')]);
  t.is(missing.code, 2);
  t.regex(missing.err, /^wcn-doctor: cannot read the CNI conf '.*no-such\.conf': ENOENT/);
  t.notRegex(missing.err, /\n\s+at /);
  const both = run(['simulate', sample('healthy-ws2025-containerd'), '--cni-conf', broken, '--', 'docker ps']);
  t.is(both.code, 2);
});

test('--cni-conf: text from the conf is sanitized before it reaches the terminal', (t) => {
  const r = run(['simulate', sample('healthy-ws2025-containerd'), '--cni-conf', confFile('evil.conflist', nerdctlNat('10.77.0.0/24', '10.77.0.1', 'evil\u001b]0;pwned\u0007'))]);
  t.is(r.code, 0, r.err);
  t.notRegex(r.out, /\u001b/);
  t.regex(r.out, /HNS has no network named 'evil/);
});

test('kube-proxy after --: the flannel node\'s own command line exits 0; a wrong network name exits 1 with kube-proxy\'s words', (t) => {
  const good = run(['simulate', sample('healthy-kubeadm-flannel'), '--', 'kube-proxy.exe', '--network-name=flannel.4096', '--source-vip=10.244.1.2', '--feature-gates=WinOverlay=true']);
  t.is(good.code, 0, good.out);
  t.regex(good.out, /✔ source VIP: 10\.244\.1\.2 is inside the pod subnet 10\.244\.1\.0\/24/);
  const bad = run(['simulate', sample('healthy-kubeadm-flannel'), '--', 'kube-proxy.exe --network-name=vxlan0 --source-vip=10.244.1.2']);
  t.is(bad.code, 1);
  t.regex(bad.out, /\$ kube-proxy\.exe --network-name=vxlan0 --source-vip=10\.244\.1\.2/);
  t.regex(bad.out, /Prints:\n\s+"Unable to find HNS Network specified, please check network name and CNI deployment" hnsNetworkName="vxlan0"/);
  const json = JSON.parse(run(['simulate', '--format', 'json', sample('healthy-kubeadm-flannel'), '--', 'kube-proxy.exe', '--network-name=vxlan0']).out);
  t.deepEqual(json.judgements.map((j: { aspect: string }) => j.aspect), ['proxy mode', 'network', 'feature gates', 'DSR', 'node name']);
});

test('kube-proxy is judged alone: with another command after -- it is a usage error', (t) => {
  const r = run(['simulate', sample('healthy-kubeadm-flannel'), '--', 'kube-proxy.exe --network-name=flannel.4096', '--', 'Get-HnsNetwork']);
  t.is(r.code, 2);
  t.regex(r.err, /a kube-proxy command line is judged alone/);
});
