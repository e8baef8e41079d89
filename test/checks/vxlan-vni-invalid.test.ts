import test from 'ava';
import { vxlanVniInvalid } from '../../src/core/checks/vxlan-vni-invalid.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const netConf = (backend: object) => (raw: RawCapture): void => {
  raw['kubernetes'].files.find((f: { path: string }) => f.path.endsWith('net-conf.json')).text = JSON.stringify({ Network: '10.244.0.0/16', Backend: backend });
};
const network = (raw: RawCapture, name: string) => raw['hnsNetworks'].find((n: { Name: string }) => n.Name === name);

testCheck(test, vxlanVniInvalid, {
  valid: [
    { name: 'a docker host: not a Kubernetes node', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'flannel vxlan with VNI 4096 on port 4789', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico vxlan with VSID 4096', baseline: 'healthy-calico' },
    { name: 'flannel host-gw: no VNI to judge', baseline: 'healthy-kubeadm-flannel', patch: netConf({ Type: 'host-gw' }) },
    { name: 'a VNI above 4096 is accepted', baseline: 'healthy-kubeadm-flannel', patch: netConf({ Type: 'vxlan', VNI: 4097 }) },
  ],
  invalid: [
    {
      name: "flannel with Linux's defaults: VNI 1, port 8472",
      baseline: 'healthy-kubeadm-flannel',
      patch: netConf({ Type: 'vxlan', VNI: 1, Port: 8472 }),
      findings: [{ severity: 'error', message: ['VNI 1 in C:\\etc\\kube-flannel\\net-conf.json Backend', 'port 8472'] }],
    },
    {
      name: "this node's lease carries VNI 1",
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => { raw['kubernetes'].node.metadata.annotations['flannel.alpha.coreos.com/backend-data'] = '{"VNI":1,"VtepMAC":"00:15:5d:8e:44:01"}'; },
      findings: [{ message: ["VNI 1 in this node's annotation"] }],
    },
    {
      name: 'Calico: a remote node on another VNI',
      baseline: 'healthy-calico',
      patch: (raw) => { network(raw, 'Calico').Policies[1].IsolationId = 1; },
      findings: [{ subjects: ['Calico'], message: ['IsolationId 1 (to 192.168.71.0/26)', 'nodes disagree'] }],
    },
    {
      name: 'an overlay network on VSID 4095 and port 8472',
      baseline: 'healthy-calico',
      patch: (raw) => {
        const n = network(raw, 'Calico');
        n.Subnets[0].Policies[0].VSID = 4095;
        n.Policies = n.Policies.filter((p: { Type: string }) => p.Type !== 'RemoteSubnetRoute');
        n.Policies.push({ Type: 'VxlanPort', Port: 8472 });
      },
      findings: [{ message: ["VSID 4095 on HNS network 'Calico'", "VxlanPort 8472 on HNS network 'Calico'"] }],
    },
  ],
});

test('WCN720 flannel is fixed in its ConfigMap, Calico in its FelixConfiguration, both from a workstation', (t) => {
  const [f] = findingsOf(vxlanVniInvalid, 'healthy-kubeadm-flannel', netConf({ Type: 'vxlan', VNI: 1 }));
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.is(f?.fixes[0]?.commands[0], 'kubectl -n kube-flannel patch configmap kube-flannel-cfg --type merge --patch \'{"data":{"net-conf.json":"{\\"Network\\":\\"10.244.0.0/16\\",\\"Backend\\":{\\"Type\\":\\"vxlan\\",\\"VNI\\":4096,\\"Port\\":4789}}"}}\'');
  const [c] = findingsOf(vxlanVniInvalid, 'healthy-calico', (raw) => { network(raw, 'Calico').Policies[1].IsolationId = 1; });
  t.is(c?.fixes[0]?.commands[0], 'kubectl patch felixconfiguration default --type merge --patch \'{"spec":{"vxlanVNI":4096,"vxlanPort":4789}}\'');
});
