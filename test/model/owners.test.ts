/**
 * Every HNS object gets an owner, resolved in one place from the strongest
 * evidence the capture holds; policies and load balancers reach the model.
 */
import test from 'ava';
import { hnsOwnersText } from '../../src/core/owners/presence.js';
import { isLeftoverJudgeable } from '../../src/core/owners/resolve.js';
import { modelOf, rawSample } from '../helpers/captures.js';

const NET = '7d3f0c8a-1b2c-4d5e-8f90-a1b2c3d4e5f6';

/** WS2022 without docker: a containerd/Kubernetes-shaped host. */
function dockerFree() {
  const raw = rawSample('healthy-ws2022');
  delete raw['docker'];
  raw['services'] = raw['services'].filter((s: { Name: string }) => s.Name !== 'docker');
  raw['services'].push({ Name: 'containerd', Status: 4, StartType: 2 }, { Name: 'kubeproxy', Status: 4, StartType: 2 });
  return raw;
}

test('docker networks own their HNS networks by hnsid (reference) and endpoints by container; the inventory is complete', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2022'));
  const nat = model.hnsNetworks.find((n) => n.name === 'nat')!;
  t.like(nat.owner, { kind: 'docker', evidence: 'reference', label: "docker network 'nat'" });
  const bound = model.hnsEndpoints.filter((e) => e.container);
  t.true(bound.length > 0);
  for (const e of bound) t.like(e.owner, { kind: 'docker', evidence: 'reference' });
  t.true(model.inventory.complete.has('docker'));
  t.true(isLeftoverJudgeable(nat.owner, model.inventory));
  t.deepEqual(model.runtimes.map((r) => r.kind), ['docker']);
  t.true(model.runtime('docker')!.answered);
});

test('endpoint policies reach the model', (t) => {
  const { model } = modelOf(rawSample('healthy-ws2022'));
  const ep = model.hnsEndpoints.find((e) => e.id === 'E94CBCE6-06DD-4735-BC3F-D5BCC5A4F293')!;
  t.like(ep.policies[0], { Type: 'PortMapping', Protocol: 'tcp', ExternalPort: 9182, InternalPort: 9182 });
});

test('without docker: names give weak evidence, remote endpoints and load balancers belong to kube-proxy', (t) => {
  const raw = dockerFree();
  raw['hnsNetworks'].push({ ID: NET, Name: 'cbr0', Type: 'L2Bridge', Subnets: [{ AddressPrefix: '10.244.1.0/24', GatewayAddress: '10.244.1.1' }] });
  raw['hnsEndpoints'].push(
    { ID: 'aaaaaaaa-0000-0000-0000-000000000001', VirtualNetwork: NET, IPAddress: '10.244.2.7', MacAddress: '02-11-0a-f4-02-07', IsRemoteEndpoint: true },
    { ID: 'aaaaaaaa-0000-0000-0000-000000000002', VirtualNetwork: NET, IPAddress: '10.244.1.9', MacAddress: '00-15-5D-00-00-09' },
  );
  raw['hnsLoadBalancers'] = [{
    ID: 'bbbbbbbb-0000-0000-0000-000000000001',
    Policies: [{ Type: 'ELB', VIPs: ['10.96.0.10'], InternalPort: 53, ExternalPort: 53, Protocol: 17 }],
    References: ['/endpoints/aaaaaaaa-0000-0000-0000-000000000001', '/endpoints/cccccccc-0000-0000-0000-000000000009'],
  }];
  const { model, issues } = modelOf(raw);
  t.deepEqual(issues.filter((i) => i.severity === 'error'), []);
  const cbr0 = model.hnsNetworks.find((n) => n.name === 'cbr0')!;
  t.like(cbr0.owner, { kind: 'cni', flavor: 'flannel', evidence: 'name' });
  t.false(isLeftoverJudgeable(cbr0.owner, model.inventory));
  const nat = model.hnsNetworks.find((n) => n.name === 'nat')!;
  t.like(nat.owner, { kind: 'unknown', evidence: 'none' });
  const [remote, local] = cbr0.endpoints;
  t.like(remote!.owner, { kind: 'kube-proxy', evidence: 'reference' });
  t.like(local!.owner, { kind: 'cni', evidence: 'name' });
  const lb = model.hnsLoadBalancers[0]!;
  t.like(lb.owner, { kind: 'kube-proxy', evidence: 'config' });
  t.deepEqual(lb.endpoints, [remote]);
  t.deepEqual(remote!.loadBalancers, [lb]);
  t.is(lb.subject.name, '10.96.0.10:53/udp');
  t.false(model.inventory.complete.has('docker'));
  t.deepEqual(model.runtimes.map((r) => r.kind).sort(), ['containerd', 'kube-proxy']);
});

test('ICS and WSL networks belong to the platform', (t) => {
  const raw = dockerFree();
  raw['hnsNetworks'].push(
    { ID: NET, Name: 'Default Switch', Type: 'ICS' },
    { ID: 'eeeeeeee-0000-0000-0000-000000000001', Name: 'WSL', Type: 'ICS' },
  );
  const { model } = modelOf(raw);
  t.like(model.hnsNetworks.find((n) => n.name === 'Default Switch')!.owner, { kind: 'hyperv', evidence: 'config' });
  t.like(model.hnsNetworks.find((n) => n.name === 'WSL')!.owner, { kind: 'wsl', evidence: 'config' });
});

test('the owners text names a few networks per owner and counts the rest, whatever the number of networks (a copy per network cost seconds per docker-only check at 20,000)', (t) => {
  const grow = (n: number) => {
    const raw = rawSample('healthy-ws2025-containerd');
    const base = raw['hnsNetworks'][0];
    raw['hnsNetworks'] = Array.from({ length: n }, (_, i) => ({ ...base, ID: `0000${i.toString(16).padStart(4, '0')}-0000-0000-0000-000000000000`, Name: `n${i}` }));
    return modelOf(raw).model;
  };
  const text = hnsOwnersText(grow(40));
  t.regex(text, /: n0, n1, n2, n3, n4 and 35 more$/);
  // At 20,000 networks the text stays a few names and a count: no list as long as the host.
  const big = hnsOwnersText(grow(20000));
  t.regex(big, / and 19995 more$/);
  t.true(big.length < 200, big);
});
