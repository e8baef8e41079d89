import test from 'ava';
import { podNetworkAdapterNotFound } from '../../src/core/checks/pod-network-adapter-not-found.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const iface = (value: string) => (raw: RawCapture): void => {
  const p = raw['kubernetes'].processes.find((x: { Name: string }) => x.Name === 'flanneld.exe');
  p.CommandLine = p.CommandLine.replace('--iface 10.0.0.11', `--iface ${value}`);
};
/** The containerd sample's nerdctl conf turned into an l2bridge conf with a given master. */
const l2bridgeMaster = (master: string) => (raw: RawCapture): void => {
  const f = raw['cni'].confDirs[0].files[0];
  f.text = f.text.replace('"type": "nat"', '"type": "sdnbridge"').replace('"master": "Ethernet"', `"master": "${master}"`);
};

testCheck(test, podNetworkAdapterNotFound, {
  valid: [
    { name: 'a docker host: nothing names an adapter', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: --iface is the node address', baseline: 'healthy-kubeadm-flannel' },
    { name: 'flannel: --iface names the adapter', baseline: 'healthy-kubeadm-flannel', patch: iface('Ethernet0') },
    { name: 'nerdctl nat: master does not bind an adapter', baseline: 'healthy-ws2025-containerd', patch: (raw) => { raw['cni'].confDirs[0].files[0].text = raw['cni'].confDirs[0].files[0].text.replace('"master": "Ethernet"', '"master": "Ethernet 9"'); } },
    { name: 'an l2bridge conf naming an existing adapter', baseline: 'healthy-ws2025-containerd', patch: l2bridgeMaster('Ethernet') },
  ],
  invalid: [
    {
      name: 'flannel: --iface is an address the host does not have',
      baseline: 'healthy-kubeadm-flannel',
      patch: iface('10.0.0.99'),
      findings: [{ severity: 'error', subjects: ['flanneld'], message: ["no adapter has address '10.0.0.99'", '0x803b0006', 'This node\'s address is 10.0.0.11'] }],
    },
    {
      name: 'an l2bridge conf naming an adapter that does not exist',
      baseline: 'healthy-ws2025-containerd',
      patch: l2bridgeMaster('Ethernet 2'),
      findings: [{ subjects: ['nerdctl-nat.conflist'], message: ["no adapter is named 'Ethernet 2'", "'Ethernet'"] }],
    },
    {
      name: 'an l2bridge conf naming a disconnected adapter',
      baseline: 'healthy-ws2025-containerd',
      patch: (raw) => { l2bridgeMaster('Ethernet')(raw); raw['netAdapters'].find((a: { Name: string }) => a.Name === 'Ethernet').Status = 'Disconnected'; },
      findings: [{ message: ["adapter 'Ethernet'", 'is Disconnected'], minFixes: 0 }],
    },
  ],
});

test('WCN730 a wrong master is replaced in the CNI conf, with a backup first', (t) => {
  const [f] = findingsOf(podNetworkAdapterNotFound, 'healthy-ws2025-containerd', l2bridgeMaster('Ethernet 2'));
  t.is(f?.fixes[0]?.commands.length, 2);
  t.regex(f?.fixes[0]?.commands[0] ?? '', /^Copy-Item -Path '.*nerdctl-nat\.conflist' -Destination '.*\.bak' -Force$/);
  t.regex(f?.fixes[0]?.commands[1] ?? '', /\.Replace\('"Ethernet 2"', '"Ethernet"'\)/);
});
