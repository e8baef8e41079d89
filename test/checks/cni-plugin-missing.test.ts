import test from 'ava';
import { cniPluginMissing } from '../../src/core/checks/cni-plugin-missing.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

const dropExe = (name: string) => (raw: RawCapture): void => {
  raw['cni'].binDirs[0].files = raw['cni'].binDirs[0].files.filter((f: string) => f !== name);
};

testCheck(test, cniPluginMissing, {
  valid: [
    { name: 'a docker host has no CNI', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: flannel, sdnoverlay and host-local are in c:/opt/cni/bin', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS: azure-vnet and azure-vnet-ipam are there', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico: calico and calico-ipam are there', baseline: 'healthy-calico' },
    { name: 'nerdctl: nat is there (an empty ipam type needs no plugin)', baseline: 'healthy-ws2025-containerd' },
    { name: 'a conf in a folder containerd does not read is not judged', baseline: 'healthy-kubeadm-flannel', patch: (raw) => {
      raw['cni'].confDirs.push({ path: 'C:\\k\\cni\\config', files: [{ name: 'l2bridge.conf', text: '{"name":"l2bridge","cniVersion":"0.2.0","type":"wincni.exe"}' }] });
    } },
  ],
  invalid: [
    {
      name: "flannel's delegate sdnoverlay.exe is missing",
      baseline: 'healthy-kubeadm-flannel',
      patch: dropExe('sdnoverlay.exe'),
      findings: [{ severity: 'error', subjects: ['10-flannel.conf'], message: ["'sdnoverlay'", "'c:/opt/cni/bin'", 'bin_dir in config.toml', 'FailedCreatePodSandBox'] }],
    },
    {
      name: 'flannel without host-local, its default IPAM',
      baseline: 'healthy-kubeadm-flannel',
      patch: dropExe('host-local.exe'),
      findings: [{ message: ["'host-local'"] }],
    },
    {
      name: 'nerdctl: nat.exe missing',
      baseline: 'healthy-ws2025-containerd',
      patch: dropExe('nat.exe'),
      findings: [{ subjects: ['nerdctl-nat.conflist'], message: ["'nat'", "'C:\\Program Files\\containerd\\cni\\bin'", 'bin_dirs'] }],
    },
    {
      name: "containerd's bin folder does not exist; the plugins are in another",
      baseline: 'healthy-calico',
      patch: (raw) => { raw['cni'].binDirs[0].path = 'C:\\opt\\cni\\bin'; },
      findings: [{ message: ["'calico', 'calico-ipam'", '(does not exist)', "Found elsewhere: 'C:\\opt\\cni\\bin\\calico.exe'"] }],
    },
  ],
});

test('WCN702 copies a plugin found in another folder, and says where to get one found nowhere', (t) => {
  const [copy] = findingsOf(cniPluginMissing, 'healthy-calico', (raw) => { raw['cni'].binDirs[0].path = 'C:\\opt\\cni\\bin'; });
  t.deepEqual(copy?.fixes.map((f) => f.commands), [[
    "New-Item -ItemType Directory -Path 'C:\\Program Files\\containerd\\cni\\bin' -Force",
    "Copy-Item -Path 'C:\\opt\\cni\\bin\\calico.exe' -Destination 'C:\\Program Files\\containerd\\cni\\bin'",
    "Copy-Item -Path 'C:\\opt\\cni\\bin\\calico-ipam.exe' -Destination 'C:\\Program Files\\containerd\\cni\\bin'",
  ]]);
  const [install] = findingsOf(cniPluginMissing, 'healthy-ws2025-containerd', dropExe('nat.exe'));
  t.is(install?.fixes.length, 1);
  t.regex(install?.fixes[0]?.title ?? '', /nat\.exe .*windows-container-networking/);
});
