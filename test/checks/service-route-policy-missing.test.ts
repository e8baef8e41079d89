import test from 'ava';
import { serviceRoutePolicyMissing } from '../../src/core/checks/service-route-policy-missing.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

const editConf = (from: string, to: string) => (raw: RawCapture): void => {
  const file = raw['cni'].confDirs[0].files[0];
  if (!file.text.includes(from)) throw new Error(`'${from}' is not in the conf`);
  file.text = file.text.replace(from, to);
};
const AKS_ROUTE = '"DestinationPrefix": "10.0.0.0/16"';
const FLANNEL_ROUTE = ',\n      {\n        "Name": "EndpointPolicy",\n        "Value": {\n          "Type": "SDNROUTE",\n          "Settings": {\n            "DestinationPrefix": "10.96.0.0/12",\n            "NeedEncap": true\n          }\n        }\n      }';

testCheck(test, serviceRoutePolicyMissing, {
  valid: [
    { name: 'a docker host', expect: 'no-such-owner', baseline: 'healthy-ws2022' },
    { name: 'AKS routes the service CIDR 10.0.0.0/16', baseline: 'healthy-aks-azurecni' },
    { name: 'flannel routes 10.96.0.0/12, which holds the DNS IP', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico routes 10.96.0.0/12', baseline: 'healthy-calico' },
    { name: 'nerdctl without Kubernetes', baseline: 'healthy-ws2025-containerd' },
  ],
  invalid: [
    {
      name: 'AKS: a route for another cluster\'s service range',
      baseline: 'healthy-aks-azurecni',
      patch: editConf(AKS_ROUTE, '"DestinationPrefix": "10.96.0.0/12"'),
      findings: [{ severity: 'error', subjects: ['10-azure.conflist'], message: ['routes only 10.96.0.0/12', 'the service CIDR 10.0.0.0/16 (from', 'ClusterIPs'] }],
    },
    {
      name: 'AKS: an empty DestinationPrefix',
      baseline: 'healthy-aks-azurecni',
      patch: editConf(AKS_ROUTE, '"DestinationPrefix": ""'),
      findings: [{ message: ['empty DestinationPrefix'] }],
    },
    {
      name: 'AKS: NeedEncap false',
      baseline: 'healthy-aks-azurecni',
      patch: editConf('"NeedEncap": true', '"NeedEncap": false'),
      findings: [{ message: ['routes 10.0.0.0/16 without NeedEncap true'] }],
    },
    {
      name: 'flannel: no route policy; the service CIDR is unknown, judged by the DNS IP',
      baseline: 'healthy-kubeadm-flannel',
      patch: editConf(FLANNEL_ROUTE, ''),
      findings: [{ message: ['has no ROUTE/SDNRoute policy at all', 'the cluster DNS Service IP 10.96.0.10 (from C:\\var\\lib\\kubelet\\config.yaml clusterDNS)'] }],
    },
    {
      name: 'Calico: a pod endpoint made without the route',
      baseline: 'healthy-calico',
      patch: (raw) => {
        const e = raw['hnsEndpoints'].find((x: { IPAddress?: string }) => x.IPAddress === '192.168.94.5');
        e.Policies = e.Policies.filter((p: { Type: string }) => p.Type !== 'ROUTE');
      },
      findings: [{ severity: 'warning', message: ['1 pod endpoint', '(192.168.94.5)', 'made before the conf had it'] }],
    },
  ],
});

test('WCN706 fixes the prefix in place, or adds the policy in the conf\'s own spelling', (t) => {
  const path = 'C:\\k\\azurecni\\netconf\\10-azure.conflist';
  const [f] = findingsOf(serviceRoutePolicyMissing, 'healthy-aks-azurecni', editConf(AKS_ROUTE, '"DestinationPrefix": "10.96.0.0/12"'));
  t.is(f?.fixes[0]?.commands[1], `(Get-Content -Path '${path}' -Raw).Replace('"DestinationPrefix": "10.96.0.0/12"', '"DestinationPrefix": "10.0.0.0/16"') | Set-Content -Path '${path}' -NoNewline`);
  const [g] = findingsOf(serviceRoutePolicyMissing, 'healthy-aks-azurecni', (raw) => {
    const file = raw['cni'].confDirs[0].files[0];
    const conf = JSON.parse(file.text);
    conf.plugins[0].AdditionalArgs = conf.plugins[0].AdditionalArgs.filter((a: { Value: { Type: string } }) => a.Value.Type !== 'ROUTE');
    file.text = JSON.stringify(conf, null, 2);
  });
  t.is(g?.fixes[0]?.commands[1], `(Get-Content -Path '${path}' -Raw).Replace('"AdditionalArgs": [', '"AdditionalArgs": [ { "Name": "EndpointPolicy", "Value": { "Type": "ROUTE", "DestinationPrefix": "10.0.0.0/16", "NeedEncap": true } },') | Set-Content -Path '${path}' -NoNewline`);
  const [h] = findingsOf(serviceRoutePolicyMissing, 'healthy-kubeadm-flannel', editConf(FLANNEL_ROUTE, ''));
  t.is(h?.fixes[0]?.runOn, 'cluster', 'without the service CIDR the fix looks it up first');
});
