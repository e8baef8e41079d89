import test from 'ava';
import { hostgwRoutesMissing } from '../../src/core/checks/hostgw-routes-missing.js';
import type { RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const route = (dst: string, nextHop: string) => ({ InterfaceAlias: 'vEthernet (Ethernet0)', InterfaceIndex: 11, DestinationPrefix: dst, NextHop: nextHop, RouteMetric: 256, Protocol: 3, AddressFamily: 2 });
/** The flannel sample on the host-gw backend, with host routes to the given pod CIDRs. */
const hostGw = (routes: [string, string][]) => (raw: RawCapture): void => {
  raw['kubernetes'].files.find((f: { path: string }) => f.path.endsWith('net-conf.json')).text = '{"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}}';
  for (const [dst, nh] of routes) raw['ipRoutes'].push(route(dst, nh));
};
const BOTH: [string, string][] = [['10.244.0.0/24', '10.0.0.10'], ['10.244.2.0/24', '10.0.0.12']];

testCheck(test, hostgwRoutesMissing, {
  valid: [
    { name: 'a docker host with a nodes list: not a node', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => { raw['ipRoutes'] ??= []; raw['kubernetes'] = { nodes: [{ name: 'k8s-w2', podCIDRs: ['10.244.2.0/24'], internalIP: '10.0.0.12' }] }; } },
    { name: 'flannel vxlan: routes live in HNS, not in the routing table', baseline: 'healthy-kubeadm-flannel' },
    { name: 'Calico: not flannel', baseline: 'healthy-calico' },
    { name: 'flannel host-gw: a route to each other node', baseline: 'healthy-kubeadm-flannel', patch: hostGw(BOTH) },
  ],
  invalid: [
    {
      name: 'flannel host-gw: the route to k8s-w2 is missing',
      baseline: 'healthy-kubeadm-flannel',
      patch: hostGw([BOTH[0]!]),
      findings: [{ severity: 'error', message: ['10.244.2.0/24 via 10.0.0.12 (k8s-w2)'] }],
    },
    {
      name: 'flannel host-gw: a route through the wrong next hop, and a node on another subnet',
      baseline: 'healthy-kubeadm-flannel',
      patch: (raw) => {
        hostGw([BOTH[0]!, ['10.244.2.0/24', '10.0.0.1']])(raw);
        raw['kubernetes'].nodes.push({ name: 'k8s-w9', podCIDRs: ['10.244.9.0/24'], internalIP: '10.9.0.9' });
      },
      findings: [{ message: ['the route goes through 10.0.0.1', '10.244.9.0/24 via 10.9.0.9', "k8s-w9 (10.9.0.9) is not on this host's subnet"] }],
    },
  ],
});
