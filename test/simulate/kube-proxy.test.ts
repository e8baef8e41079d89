/** The kube-proxy what-if, judged against the flannel (overlay), Azure CNI (l2bridge) and Calico samples. */
import test from 'ava';
import { isKubeProxyProgram, judgeKubeProxy } from '../../src/core/simulate/kube-proxy.js';
import type { ProposalResult, Verdict } from '../../src/core/simulate/proposal.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';

function judge(sample: string, words: string[], patch?: (raw: RawCapture) => void): ProposalResult {
  const raw = rawSample(sample);
  patch?.(raw);
  const { model } = modelOf(raw);
  return judgeKubeProxy(model.capture, words, model);
}
const aspect = (r: ProposalResult, a: string) => r.judgements.find((j) => j.aspect === a)!;
const verdicts = (r: ProposalResult): Record<string, Verdict> => Object.fromEntries(r.judgements.map((j) => [j.aspect, j.verdict]));
const kubeProxyVersion = (v: string | undefined) => (raw: RawCapture) => {
  // The node object's nodeInfo states the version too: both go, or both say v.
  const info = raw['kubernetes'].node?.status?.nodeInfo;
  if (v === undefined) {
    delete raw['kubernetes'].versions;
    if (info) delete info.kubeProxyVersion;
  } else {
    raw['kubernetes'].versions.kubeProxy = v;
    if (info) info.kubeProxyVersion = v;
  }
};
const hnsVersion = (major: number, minor: number) => (raw: RawCapture) => { raw['hnsVersion'] = { Major: major, Minor: minor }; };

/** The flannel node's own kube-proxy command line, as captured. */
const FLANNEL = ['C:\\hpc\\kube-proxy\\kube-proxy.exe', '--hostname-override=win-k8s-w1', '--proxy-mode=kernelspace', '--feature-gates=WinOverlay=true', '--network-name=flannel.4096', '--source-vip=10.244.1.2', '--enable-dsr=false'];
const withFlag = (name: string, value: string | undefined) => [...FLANNEL.filter((w) => !w.startsWith(`--${name}`)), ...(value === undefined ? [] : [`--${name}=${value}`])];

test('kube-proxy is recognised by its program name, with or without a folder and .exe', (t) => {
  for (const w of ['kube-proxy.exe', 'KUBE-PROXY', 'C:\\k\\kube-proxy.exe', 'c:/k/kubeproxy.exe']) t.true(isKubeProxyProgram(w), w);
  for (const w of ['kubelet.exe', 'docker', 'kube-proxy.exe.bak', undefined]) t.false(isKubeProxyProgram(w), String(w));
});

test("the flannel node's own command line starts and finds everything", (t) => {
  const r = judge('healthy-kubeadm-flannel', FLANNEL);
  t.deepEqual(verdicts(r), { 'proxy mode': 'ok', network: 'ok', 'source VIP': 'ok', 'feature gates': 'ok', DSR: 'ok', 'node name': 'ok' });
  t.true(r.result.ok);
  t.regex(aspect(r, 'source VIP').text, /10\.244\.1\.2 is inside the pod subnet 10\.244\.1\.0\/24 and no pod uses it; kube-proxy reuses the host's endpoint 'Ethernet'/);
  t.regex(aspect(r, 'feature gates').text, /^kube-proxy v1\.31\.5: WinOverlay given as true/);
});

test('the network name is matched exactly, case included', (t) => {
  const r = judge('healthy-kubeadm-flannel', withFlag('network-name', 'Flannel.4096'));
  const n = aspect(r, 'network');
  t.is(n.verdict, 'fails');
  t.regex(n.text, /HNS has 'flannel\.4096', not 'Flannel\.4096'/);
  t.is(r.result.steps[0]!.error!.text, '"Unable to find HNS Network specified, please check network name and CNI deployment" hnsNetworkName="Flannel.4096"');
  t.true(r.result.steps[0]!.error!.exact);
  t.false(r.result.ok);
});

test('a network no CNI conf names fails; one a conf names but HNS lacks yet only warns', (t) => {
  t.is(aspect(judge('healthy-kubeadm-flannel', withFlag('network-name', 'vxlan0')), 'network').verdict, 'fails');
  const later = judge('healthy-kubeadm-flannel', FLANNEL, (raw) => {
    raw['hnsNetworks'] = [];
    raw['hnsEndpoints'] = [];
  });
  t.is(aspect(later, 'network').verdict, 'warning');
  t.regex(aspect(later, 'network').text, /CNI conf 10-flannel\.conf names it, and its plugin creates it for the first pod/);
  t.true(later.result.ok);
});

test('without --network-name the KUBE_NETWORK variable decides, which the capture does not show', (t) => {
  t.is(aspect(judge('healthy-kubeadm-flannel', withFlag('network-name', undefined)), 'network').verdict, 'unknown');
});

test('overlay: no source VIP fails; one outside the pod subnet, the gateway, or a pod address fails', (t) => {
  const none = aspect(judge('healthy-kubeadm-flannel', withFlag('source-vip', undefined)), 'source VIP');
  t.is(none.verdict, 'fails');
  t.is(none.error!.text, 'unable to create proxier: source-vip flag not set');
  const outside = aspect(judge('healthy-kubeadm-flannel', withFlag('source-vip', '10.244.2.2')), 'source VIP');
  t.is(outside.verdict, 'fails');
  t.regex(outside.text, /not inside the node's pod subnet 10\.244\.1\.0\/24/);
  t.regex(outside.error!.text, /\(0x803b002f\)$/);
  t.is(aspect(judge('healthy-kubeadm-flannel', withFlag('source-vip', '10.244.1.1')), 'source VIP').verdict, 'fails');
  const pod = aspect(judge('healthy-kubeadm-flannel', withFlag('source-vip', '10.244.1.5')), 'source VIP');
  t.is(pod.verdict, 'fails');
  t.regex(pod.text, /already the address of a pod: HNS endpoint '7e7e06dc8c79/);
  t.is(aspect(judge('healthy-kubeadm-flannel', withFlag('source-vip', '10.244.1.77')), 'source VIP').verdict, 'ok');
  t.is(aspect(judge('healthy-kubeadm-flannel', withFlag('source-vip', 'not-an-ip')), 'source VIP').verdict, 'fails');
});

test('l2bridge needs no source VIP', (t) => {
  const r = judge('healthy-aks-azurecni', ['kube-proxy.exe', '--network-name=azure', '--hostname-override=akswin000001']);
  t.deepEqual(aspect(r, 'source VIP'), { aspect: 'source VIP', verdict: 'ok', text: 'none needed on a l2bridge network.' });
});

test('feature gates by version: needed before 1.33, default on in 1.33, locked on from 1.34', (t) => {
  const gates = (v: string | undefined, value: string | undefined) => aspect(judge('healthy-kubeadm-flannel', withFlag('feature-gates', value), kubeProxyVersion(v)), 'feature gates');
  const old = gates('Kubernetes v1.31.5', undefined);
  t.is(old.verdict, 'fails');
  t.is(old.error!.text, 'WinOverlay feature gate not enabled');
  t.regex(old.text, /add --feature-gates=WinOverlay=true/);
  t.is(gates('v1.33.2', undefined).verdict, 'ok');
  t.is(gates('v1.33.2', 'WinOverlay=false').verdict, 'fails');
  const locked = gates('v1.34.0', 'WinOverlay=false');
  t.is(locked.verdict, 'fails');
  t.is(locked.error!.text, 'cannot set feature gate WinOverlay to false, feature is locked to true');
  t.regex(gates('v1.34.0', 'WinOverlay=true').text, /accepted \(their removal is proposed/);
});

test('feature gates with the version unknown: said so, and only what no version accepts fails', (t) => {
  const gates = (value: string | undefined) => aspect(judge('healthy-kubeadm-flannel', withFlag('feature-gates', value), kubeProxyVersion(undefined)), 'feature gates');
  const unknown = gates('WinOverlay=true');
  t.is(unknown.verdict, 'unknown');
  t.regex(unknown.text, /kube-proxy's version was not captured/);
  t.is(gates('WinOverlay=false').verdict, 'fails');
  t.regex(gates('WinOverlay=true,SomethingElse=true').text, /Other gates \(SomethingElse\) are not judged/);
});

test('DSR: WinDSR needed before 1.33; HNS must support it; unknown without the HNS version', (t) => {
  const dsr = ['kube-proxy.exe', '--network-name=azure', '--hostname-override=akswin000001', '--enable-dsr=true'];
  const noGate = judge('healthy-aks-azurecni', dsr);
  t.is(aspect(noGate, 'feature gates').error!.text, 'WinDSR feature gate not enabled');
  const gated = [...dsr, '--feature-gates=WinDSR=true'];
  t.is(aspect(judge('healthy-aks-azurecni', gated), 'DSR').verdict, 'unknown');
  const old = aspect(judge('healthy-aks-azurecni', gated, hnsVersion(10, 1)), 'DSR');
  t.is(old.verdict, 'fails');
  t.is(old.error!.text, 'platform does not support feature Direct Server Return (DSR)');
  t.is(aspect(judge('healthy-aks-azurecni', gated, hnsVersion(13, 2)), 'DSR').verdict, 'ok');
  t.is(aspect(judge('healthy-aks-azurecni', gated, hnsVersion(9, 3)), 'DSR').verdict, 'ok');
});

test('another proxy mode fails; a --config file is said not to be read', (t) => {
  t.is(aspect(judge('healthy-kubeadm-flannel', withFlag('proxy-mode', 'iptables')), 'proxy mode').verdict, 'fails');
  const r = judge('healthy-kubeadm-flannel', [...FLANNEL, '--config', 'C:\\k\\kube-proxy.yml']);
  t.is(aspect(r, 'config file').verdict, 'unknown');
  t.true(r.result.ok);
});

test('a --hostname-override that is not this node warns', (t) => {
  const n = aspect(judge('healthy-kubeadm-flannel', withFlag('hostname-override', 'win-k8s-w2')), 'node name');
  t.is(n.verdict, 'warning');
  t.regex(n.text, /looks for node 'win-k8s-w2' \(--hostname-override\), but this node is 'win-k8s-w1'/);
});

test('the step reads like every simulation step: one step, the command, the first failure, advice once', (t) => {
  const r = judge('healthy-kubeadm-flannel', ['kube-proxy.exe', '--network-name=vxlan0', '--proxy-mode=userspace']);
  const [step, ...rest] = r.result.steps;
  t.is(rest.length, 0);
  t.is(step!.command, 'kube-proxy.exe --network-name=vxlan0 --proxy-mode=userspace');
  t.is(step!.status, 'fails');
  t.regex(step!.reason, /would not work on this host: proxy mode, network/);
  t.deepEqual(step!.advice, ["Get-HnsNetwork | Select-Object -Property 'Name','Type'"]);
  t.true(step!.notes.some((n) => n.startsWith('✖ network: ')));
  t.deepEqual(r.result.caused, []);
  t.is(r.result.before, r.result.after);
});

test('without the Node object, the node is named as kubelet registers it (--hostname-override), not by the host name', (t) => {
  const kubeletOverride = (raw: RawCapture) => {
    delete raw['kubernetes'].node;
    for (const p of raw['kubernetes'].processes) {
      if (/kubelet/i.test(p.Name)) p.CommandLine = `${p.CommandLine.replace(/--hostname-override=\S+/, '')} --hostname-override=node-a`;
    }
  };
  const right = aspect(judge('healthy-kubeadm-flannel', withFlag('hostname-override', 'node-a'), kubeletOverride), 'node name');
  t.is(right.verdict, 'ok', right.text);
  t.regex(right.text, /--hostname-override of kubelet\.exe/);
  const wrong = aspect(judge('healthy-kubeadm-flannel', withFlag('hostname-override', undefined), kubeletOverride), 'node name');
  t.is(wrong.verdict, 'warning');
  t.regex(wrong.text, /but this node is 'node-a'/);
});
