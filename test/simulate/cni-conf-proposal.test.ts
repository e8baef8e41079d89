/** The CNI conf what-if, judged against the docker-free samples. */
import test from 'ava';
import { judgeCniConfProposal } from '../../src/core/simulate/cni-conf-proposal.js';
import type { ProposalResult, Verdict } from '../../src/core/simulate/proposal.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { syntaxErrors } from '../helpers/powershell-grammar.js';

const CONF_DIR = 'C:\\Program Files\\containerd\\cni\\conf';

function judge(sample: string, path: string, conf: unknown, patch?: (raw: RawCapture) => void): ProposalResult {
  const raw = rawSample(sample);
  patch?.(raw);
  const { model } = modelOf(raw);
  const r = judgeCniConfProposal(model.capture, path, typeof conf === 'string' ? conf : JSON.stringify(conf, null, 2), model);
  if ('problem' in r) throw new Error(r.problem);
  return r;
}

const verdicts = (r: ProposalResult): Record<string, Verdict> => Object.fromEntries(r.judgements.map((j) => [j.aspect, j.verdict]));
const aspect = (r: ProposalResult, a: string) => r.judgements.find((j) => j.aspect === a)!;

/** nerdctl's default network as nerdctl writes it (10.4.0.0/24), with the capability added or not. */
const nerdctlNat = (subnet = '10.4.0.0/24', gateway = '10.4.0.1', extra: Record<string, unknown> = {}) => ({
  cniVersion: '1.0.0', name: 'nat',
  plugins: [{ type: 'nat', master: 'Ethernet', ipam: { type: '', subnet, routes: [{ gateway }] }, ...extra }],
});

test('the nerdctl host: its own conf again works, and says -p maps nothing without the capability', (t) => {
  const r = judge('healthy-ws2025-containerd', `${CONF_DIR}\\nerdctl-nat.conflist`, nerdctlNat());
  t.deepEqual(verdicts(r), { file: 'ok', 'conf dir': 'ok', plugins: 'ok', network: 'ok', 'port mappings': 'warning' });
  t.true(r.result.ok);
  t.is(r.result.steps[0]!.status, 'succeeds');
  t.regex(aspect(r, 'conf dir').text, /replacing the nerdctl-nat\.conflist there/);
  t.regex(aspect(r, 'port mappings').text, /'nerdctl run -p' maps nothing/);
});

test('with the portMappings capability the nerdctl conf passes every aspect', (t) => {
  const r = judge('healthy-ws2025-containerd', `${CONF_DIR}\\nerdctl-nat.conflist`, nerdctlNat(undefined, undefined, { capabilities: { portMappings: true } }));
  t.true(r.judgements.every((j) => j.verdict === 'ok'), JSON.stringify(r.judgements));
  t.regex(r.result.steps[0]!.reason, /would work on this host\.$/);
});

test("nerdctl's nat 10.88.0.0/24 next to HNS's nat with 10.4.0.0/24: the network clashes", (t) => {
  const r = judge('healthy-ws2025-containerd', 'nat.conflist', nerdctlNat('10.88.0.0/24', '10.88.0.1'));
  const n = aspect(r, 'network');
  t.is(n.verdict, 'fails');
  t.regex(n.text, /HNS already has network 'nat' \(10\.4\.0\.0\/24 gateway 10\.4\.0\.1; owner: CNI conf nerdctl-nat\.conflist \(nerdctl\)\), but the conf says 10\.88\.0\.0\/24 gateway 10\.88\.0\.1/);
  t.false(r.result.ok);
  t.regex(r.result.steps[0]!.error!.text, /address in 10\.4\.0\.0\/24 and gateway 10\.88\.0\.1/);
  // The network still has an endpoint: the advice shows HNS's values and does not remove it.
  t.deepEqual(n.advice, ["Get-HnsNetwork | Where-Object Name -eq 'nat' | Select-Object -ExpandProperty 'Subnets'"]);
});

test('a gateway alone that differs from HNS is a clash too; without endpoints the network may be removed', (t) => {
  const r = judge('healthy-ws2025-containerd', 'nat.conflist', nerdctlNat('10.4.0.0/24', '10.4.0.254'), (raw) => { raw['hnsEndpoints'] = []; });
  const n = aspect(r, 'network');
  t.is(n.verdict, 'fails');
  t.is(n.advice!.length, 2);
  t.regex(n.advice![1]!, /^Get-HnsNetwork \| Where-Object Id -eq '[0-9A-F-]+' \| Remove-HnsNetwork$/);
  t.deepEqual(syntaxErrors(n.advice!.join('\n')), []);
});

test('a plugin whose .exe is in no bin dir containerd searches fails, with the libcni wording', (t) => {
  const conf = { cniVersion: '0.3.0', name: 'l2b', type: 'win-bridge', capabilities: { portMappings: true }, ipam: { type: 'host-local', subnet: '10.50.0.0/24' } };
  const r = judge('healthy-ws2025-containerd', 'l2b.conf', conf);
  const p = aspect(r, 'plugins');
  t.is(p.verdict, 'fails');
  t.regex(p.text, /^win-bridge\.exe, host-local\.exe are not in the bin dir containerd searches \(C:\\Program Files\\containerd\\cni\\bin\)/);
  t.is(p.error!.text, 'failed to find plugin "win-bridge" in path [C:\\Program Files\\containerd\\cni\\bin]');
});

test('a plugin found only in a bin dir containerd does not search: copy it over', (t) => {
  const r = judge('healthy-kubeadm-flannel', '10-flannel.conf', { name: 'flannel.4096', type: 'flannel', capabilities: { portMappings: true }, delegate: { type: 'sdnbridge' } }, (raw) => {
    raw['cni'].binDirs.push({ path: 'C:\\k\\cni', files: ['win-overlay.exe'] });
    raw['cni'].binDirs[0].files = raw['cni'].binDirs[0].files.filter((f: string) => f !== 'sdnbridge.exe');
    raw['cni'].binDirs[1].files.push('sdnbridge.exe');
  });
  const p = aspect(r, 'plugins');
  t.is(p.verdict, 'fails');
  t.deepEqual(p.advice, ["Copy-Item -Path 'C:\\k\\cni\\sdnbridge.exe' -Destination 'c:/opt/cni/bin'"]);
});

test('a conf placed outside the conf dir containerd reads is never loaded', (t) => {
  const r = judge('healthy-ws2025-containerd', 'C:\\etc\\cni\\net.d\\10-nat.conflist', nerdctlNat());
  const d = aspect(r, 'conf dir');
  t.is(d.verdict, 'fails');
  t.regex(d.text, /containerd reads CNI confs from C:\\Program Files\\containerd\\cni\\conf/);
  t.deepEqual(d.advice, ["Copy-Item -Path 'C:\\etc\\cni\\net.d\\10-nat.conflist' -Destination 'C:\\Program Files\\containerd\\cni\\conf'"]);
});

test('a conf that sorts after the one containerd loads (max_conf_num 1) is ignored', (t) => {
  const r = judge('healthy-ws2025-containerd', `${CONF_DIR}\\zz-nat.conflist`, nerdctlNat());
  const d = aspect(r, 'conf dir');
  t.is(d.verdict, 'fails');
  t.regex(d.text, /the first 1 only \(max_conf_num\), so it keeps using nerdctl-nat\.conflist/);
});

test('file kinds: a .txt is never read, a list in a .conf and a single plugin in a .conflist fail', (t) => {
  t.is(aspect(judge('healthy-ws2025-containerd', 'nat.txt', nerdctlNat()), 'file').verdict, 'fails');
  t.regex(aspect(judge('healthy-ws2025-containerd', 'nat.conf', nerdctlNat()), 'file').text, /rename it to \.conflist/);
  t.is(aspect(judge('healthy-ws2025-containerd', 'nat.conflist', { name: 'nat', type: 'nat' }), 'file').verdict, 'fails');
  const unnamed = judge('healthy-ws2025-containerd', 'x.conf', { type: 'nat' });
  t.is(aspect(unnamed, 'file').verdict, 'fails');
  t.deepEqual(unnamed.judgements.map((j) => j.aspect), ['file', 'conf dir'], 'nothing else is judged without a name');
});

test('a Kubernetes node: no portMappings capability means hostPort pods get no mapping', (t) => {
  const raw = rawSample('healthy-aks-azurecni');
  const conf = JSON.parse(raw['cni'].confDirs[0].files[0].text);
  delete conf.plugins[0].capabilities;
  const r = judge('healthy-aks-azurecni', '10-azure.conflist', conf);
  t.is(aspect(r, 'port mappings').verdict, 'warning');
  t.regex(aspect(r, 'port mappings').text, /pods with a hostPort get no port mapping/);
  t.is(aspect(r, 'OutBoundNAT').verdict, 'ok');
});

test('OutBoundNAT exceptions: the service CIDR missing fails, an external range warns, 0.0.0.0/0 fails', (t) => {
  const raw = rawSample('healthy-aks-azurecni');
  const base = JSON.parse(raw['cni'].confDirs[0].files[0].text);
  const withExceptions = (list: string[]) => {
    const conf = structuredClone(base);
    conf.plugins[0].AdditionalArgs[0].Value.ExceptionList = list;
    return judge('healthy-aks-azurecni', '10-azure.conflist', conf);
  };
  const ok = withExceptions(['10.224.0.0/16', '10.0.0.0/16']);
  t.is(aspect(ok, 'OutBoundNAT').verdict, 'ok');
  const narrow = withExceptions(['10.224.0.0/16']);
  t.is(aspect(narrow, 'OutBoundNAT').verdict, 'fails');
  t.regex(aspect(narrow, 'OutBoundNAT').text, /the service CIDR 10\.0\.0\.0\/16 \(C:\\k\\kubeclusterconfig\.json Kubernetes\.Network\.ServiceCidr\) is not in the exceptions/);
  const wide = withExceptions(['10.224.0.0/16', '10.0.0.0/16', '192.168.50.0/24']);
  t.is(aspect(wide, 'OutBoundNAT').verdict, 'warning');
  t.regex(aspect(wide, 'OutBoundNAT').text, /^192\.168\.50\.0\/24 is in the exceptions but neither a known cluster range nor a network this host is on/);
  t.true(wide.result.ok, 'a warning does not fail the proposal');
  t.is(aspect(withExceptions(['0.0.0.0/0']), 'OutBoundNAT').verdict, 'fails');
});

test('OutBoundNAT: without the service CIDR in the capture, an unexplained exception is unknown, not wrong', (t) => {
  const raw = rawSample('healthy-kubeadm-flannel');
  const r = judge('healthy-kubeadm-flannel', '10-flannel.conf', raw['cni'].confDirs[0].files[0].text);
  const o = aspect(r, 'OutBoundNAT');
  t.is(o.verdict, 'unknown');
  t.regex(o.text, /10\.96\.0\.0\/12 .* the service CIDR was not captured/);
  t.true(r.result.ok);
});

test('an l2bridge conf without any OutBoundNAT policy warns', (t) => {
  const raw = rawSample('healthy-aks-azurecni');
  const conf = JSON.parse(raw['cni'].confDirs[0].files[0].text);
  conf.plugins[0].AdditionalArgs = conf.plugins[0].AdditionalArgs.slice(1);
  const o = aspect(judge('healthy-aks-azurecni', '10-azure.conflist', conf), 'OutBoundNAT');
  t.is(o.verdict, 'warning');
  t.is(o.knowledge, 'l2bridge-outbound-nat');
});

test('a new nat network overlapping another nat network fails; elsewhere it is created', (t) => {
  const clash = judge('healthy-ws2025-containerd', 'lab.conflist', { ...nerdctlNat('10.4.0.128/25', '10.4.0.129'), name: 'lab' });
  t.is(aspect(clash, 'network').verdict, 'fails');
  t.regex(aspect(clash, 'network').text, /overlaps nat network 'nat' \(10\.4\.0\.0\/24\)/);
  const fresh = judge('healthy-ws2025-containerd', 'lab.conflist', { ...nerdctlNat('10.77.0.0/24', '10.77.0.1'), name: 'lab' });
  t.is(aspect(fresh, 'network').verdict, 'ok');
  t.regex(aspect(fresh, 'network').text, /HNS has no network named 'lab': the plugin creates it \(nat\) for the first container with 10\.77\.0\.0\/24/);
});

test('what the capture does not hold is said: no containerd config, no bin dir listing', (t) => {
  const r = judge('healthy-ws2025-containerd', 'nat.conflist', nerdctlNat(), (raw) => { delete raw['containerd']; delete raw['cni']; });
  t.is(aspect(r, 'conf dir').verdict, 'unknown');
  t.is(aspect(r, 'plugins').verdict, 'unknown');
  t.regex(r.result.steps[0]!.reason, /the capture cannot tell: conf dir, plugins/);
});

test('a conf that is not JSON is a problem with its line and column, not a judgement', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2025-containerd'));
  t.deepEqual(judgeCniConfProposal(model.capture, 'x.conf', '{\n  "name": ,\n}', model), { problem: 'not valid JSON (ValueExpected) at line 2, column 11' });
  t.deepEqual(judgeCniConfProposal(model.capture, 'x.conf', '[1]', model), { problem: 'a CNI conf is a JSON object; this file holds something else' });
});
