import test from 'ava';
import { cniConfigMissing } from '../../src/core/checks/cni-config-missing.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

/** flannel's installer wrote to C:\etc\cni\net.d, but containerd keeps its Windows defaults. */
function defaultsOnFlannel(raw: RawCapture): void {
  raw['containerd'].config = 'version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "registry.k8s.io/pause:3.10"\n';
  raw['cni'].confDirs.push({ path: 'C:\\Program Files\\containerd\\cni\\conf', files: [] });
}

/** The folder containerd names holds nothing. */
function emptyConfDir(raw: RawCapture): void {
  raw['cni'].confDirs[0].files = [];
}

testCheck(test, cniConfigMissing, {
  valid: [
    { name: 'a docker host has no containerd', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: containerd points at C:\\etc\\cni\\net.d, which holds 10-flannel.conf', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS: the azure conflist is where containerd looks', baseline: 'healthy-aks-azurecni' },
    { name: 'nerdctl host', baseline: 'healthy-ws2025-containerd' },
    { name: 'nerdctl host before its first run: an empty folder and no Kubernetes', baseline: 'healthy-ws2025-containerd', patch: emptyConfDir },
    { name: 'CNI folders not captured and no crictl info: nothing to judge', baseline: 'healthy-calico', patch: (raw) => { delete raw['cni']; } },
  ],
  invalid: [
    {
      name: 'flannel conf in C:\\etc\\cni\\net.d while containerd keeps its defaults',
      baseline: 'healthy-kubeadm-flannel',
      patch: defaultsOnFlannel,
      findings: [{ severity: 'error', subjects: ['containerd', '10-flannel.conf'], message: ["'C:\\Program Files\\containerd\\cni\\conf'", "containerd's Windows default", 'holds no .conf', "'C:\\etc\\cni\\net.d' (10-flannel.conf)", 'NotReady'] }],
    },
    {
      name: 'Kubernetes node whose conf folder is empty',
      baseline: 'healthy-calico',
      patch: emptyConfDir,
      findings: [{ severity: 'error', subjects: ['containerd'], message: ["'C:\\Program Files\\containerd\\cni\\conf' (conf_dir in config.toml", 'holds no .conf'] }],
    },
    {
      name: 'the conf folder containerd names does not exist',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => { raw['containerd'].config = raw['containerd'].config.replace('c:/k/azurecni/netconf', 'c:/k/azurecni/conf'); },
      findings: [{ message: ["'c:/k/azurecni/conf'", 'does not exist', "'C:\\k\\azurecni\\netconf' (10-azure.conflist)"] }],
    },
    {
      name: 'crictl info says no network config was found (folders not captured)',
      baseline: 'healthy-aks-azurecni',
      patch: (raw) => {
        delete raw['cni'];
        raw['containerd'].criInfo.lastCNILoadStatus = 'cni config load failed: no network config found in c:/k/azurecni/netconf: cni plugin not initialized: failed to load cni config';
      },
      findings: [{ message: ['was not captured', 'crictl info reports', 'no network config found in c:/k/azurecni/netconf'] }],
    },
  ],
});

test('WCN701 copies the installer\'s conf in, and offers to point conf_dir at it where config.toml sets one', (t) => {
  const [f] = findingsOf(cniConfigMissing, 'healthy-aks-azurecni', (raw) => {
    raw['containerd'].config = raw['containerd'].config.replace('c:/k/azurecni/netconf', 'c:/k/azurecni/conf');
  });
  t.deepEqual(f?.fixes[0]?.commands, [
    "New-Item -ItemType Directory -Path 'c:/k/azurecni/conf' -Force",
    "Copy-Item -Path 'C:\\k\\azurecni\\netconf\\10-azure.conflist' -Destination 'c:\\k\\azurecni\\conf\\10-azure.conflist'",
  ]);
  t.is(f?.fixes[1]?.risk, 'disruptive');
  t.is(f?.fixes[1]?.commands[1], "(Get-Content -Path 'C:\\Program Files\\containerd\\config.toml' -Raw) -replace '(?m)^(\\s*conf_dir\\s*=\\s*).*$', '${1}''C:\\k\\azurecni\\netconf''' | Set-Content -Path 'C:\\Program Files\\containerd\\config.toml' -NoNewline");
  t.is(f?.fixes[1]?.commands[2], "Restart-Service -Name 'containerd'");
});

test('WCN701 offers no conf_dir edit where config.toml sets none (containerd defaults)', (t) => {
  const [f] = findingsOf(cniConfigMissing, 'healthy-kubeadm-flannel', defaultsOnFlannel);
  t.is(f?.fixes.length, 1);
  t.is(f?.fixes[0]?.risk, 'safe');
});
