import test from 'ava';
import { cniInterfaceSelection } from '../../src/core/checks/cni-interface-selection.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

/** flanneld's --iface, as its command line gives it. */
const iface = (value: string) => (raw: RawCapture): void => {
  const p = raw['kubernetes'].processes.find((x: { Name: string }) => x.Name === 'flanneld.exe');
  p.CommandLine = p.CommandLine.replace('--iface 10.0.0.11', `--iface ${value}`);
};

/** A second, unrelated adapter with an address. */
function secondAdapter(raw: RawCapture): void {
  raw['netAdapters'].push({ ...structuredClone(raw['netAdapters'][0]), Name: 'Ethernet1', InterfaceIndex: 21, MacAddress: '00-50-56-9A-11-22', InterfaceDescription: 'vmxnet3 Ethernet Adapter #2' });
  raw['netIPAddresses'].push({ InterfaceAlias: 'Ethernet1', InterfaceIndex: 21, IPAddress: '192.168.77.5', PrefixLength: 24, AddressFamily: 2, PrefixOrigin: 1 });
}

testCheck(test, cniInterfaceSelection, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel: --iface 10.0.0.11 is on vEthernet (Ethernet0), the pod network\'s uplink', baseline: 'healthy-kubeadm-flannel' },
    { name: 'flannel: --iface by the vNIC\'s name', baseline: 'healthy-kubeadm-flannel', patch: iface('"vEthernet (Ethernet0)"') },
    { name: 'Calico has no flanneld', baseline: 'healthy-calico' },
    { name: 'nerdctl\'s nat master is not an uplink', baseline: 'healthy-ws2025-containerd' },
    // An adapter that is not there at all is pod-network-adapter-not-found's finding (WCN730), not a second one here.
    { name: 'flannel: --iface names an address no adapter has (WCN730 judges it)', baseline: 'healthy-kubeadm-flannel', patch: iface('10.0.0.99') },
    { name: 'flannel: --iface names an interface that does not exist (WCN730 judges it)', baseline: 'healthy-kubeadm-flannel', patch: iface('Ethernet') },
    {
      name: 'a win-bridge conf whose master names no adapter (WCN730 judges it)',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => {
        raw['cni'].confDirs[0].files = [{ name: '10-l2bridge.conf', text: '{"cniVersion":"0.2.0","name":"cbr0","type":"win-bridge","master":"Ethernet 2","ipam":{"type":"host-local","subnet":"10.244.1.0/24"}}' }];
      },
    },
  ],
  invalid: [
    {
      name: 'flannel: --iface names the physical NIC whose address moved to the vNIC',
      baseline: 'healthy-kubeadm-flannel',
      patch: iface('Ethernet0'),
      findings: [{ severity: 'warning', subjects: ['flanneld', 'Ethernet0'], message: ["moved to 'vEthernet (Ethernet0)'"] }],
    },
    {
      name: 'flannel: --iface on another adapter than the pod network\'s',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { secondAdapter(raw); iface('192.168.77.5')(raw); },
      findings: [{ severity: 'warning', message: ["on 'Ethernet1'", "bound to 'Ethernet0'"] }],
    },
  ],
});
