import test from 'ava';
import { kubeproxyNotRunning } from '../../src/core/checks/kubeproxy-not-running.js';
import { testCheck, withoutDocker } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';

const KUBELET = { Name: 'kubelet.exe', ProcessId: 3100, CommandLine: 'C:\\k\\kubelet.exe --hostname-override=akswin000000 --container-runtime-endpoint=npipe:////./pipe/containerd-containerd' };
const KUBE_PROXY = { Name: 'kube-proxy.exe', ProcessId: 3200, CommandLine: 'C:\\k\\kube-proxy.exe --network-name=l2b --proxy-mode=kernelspace' };

/** A Kubernetes node made from a docker baseline; kube-proxy as a service (`status`) or as a HostProcess pod (`process`). */
function node(o: { kubeproxyService?: number; processes?: object[] }) {
  return (raw: RawCapture): void => {
    withoutDocker(raw);
    raw['services'].push({ Name: 'containerd', Status: 4, StartType: 2 }, { Name: 'kubelet', Status: 4, StartType: 2 });
    if (o.kubeproxyService !== undefined) raw['services'].push({ Name: 'kubeproxy', Status: o.kubeproxyService, StartType: 2 });
    if (o.processes) raw['kubernetes'] = { processes: o.processes };
  };
}

testCheck(test, kubeproxyNotRunning, {
  valid: [
    { name: 'a docker host: kube-proxy not expected', baseline: 'healthy-ws2022' },
    { name: 'kube-proxy service running', baseline: 'healthy-ws2022', patch: node({ kubeproxyService: 4 }) },
    { name: 'HostProcess kube-proxy: its process runs beside kubelet', baseline: 'healthy-ws2022', patch: node({ processes: [KUBELET, KUBE_PROXY] }) },
    { name: 'no service and no captured processes: nothing to judge', baseline: 'healthy-ws2022', patch: node({}) },
  ],
  invalid: [
    {
      name: 'AKS: the kubeproxy service is stopped',
      baseline: 'healthy-ws2022',
      patch: node({ kubeproxyService: 1 }),
      findings: [{ severity: 'error', subjects: ['kubeproxy'], message: ["Service 'kubeproxy' is Stopped", 'load balancer'] }],
    },
    {
      name: 'HostProcess kube-proxy missing: kubelet runs alone',
      baseline: 'healthy-ws2022',
      patch: node({ processes: [KUBELET] }),
      findings: [{ severity: 'error', subjects: ['kubelet'], message: ['no kube-proxy.exe process', 'crash-loops'] }],
    },
  ],
});

test('WCN109 without a service the pod is restarted from a workstation with kubectl', (t) => {
  const [f] = findingsOf(kubeproxyNotRunning, 'healthy-ws2022', node({ processes: [KUBELET] }));
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.regex(f?.fixes[0]?.commands[0] ?? '', /^kubectl -n kube-system delete pod --field-selector 'spec\.nodeName=[a-z0-9-]+' -l 'k8s-app=kube-proxy'$/);
});

test('WCN109 a stopped service is started, and the load balancers it left are counted', (t) => {
  const [f] = findingsOf(kubeproxyNotRunning, 'healthy-ws2022', (raw) => {
    node({ kubeproxyService: 1 })(raw);
    raw['hnsLoadBalancers'] = [{ ID: 'lb-1', PortMappings: [{ Protocol: 17, InternalPort: 53, ExternalPort: 53 }], FrontendVIPs: ['10.96.0.10'] }];
  });
  t.deepEqual(f?.fixes[0]?.commands, ["Start-Service -Name 'kubeproxy'"]);
  t.regex(f?.message ?? '', /still holds 1 load balancer from its last run/);
});
