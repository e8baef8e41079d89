import test from 'ava';
import { swarmVxlanId } from '../../src/core/checks/swarm-vxlan-id.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, modelOf, rawSample } from '../helpers/captures.js';
import { runChecks } from '../../src/core/engine.js';
import { addOverlay, setSwarm } from '../helpers/capture-edits.js';

testCheck(test, swarmVxlanId, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    {
      name: 'ids of exactly 4096 and above',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'ingress', ingress: true, vxlan: '4096', subnet: '10.255.0.0/16', gateway: '10.255.0.1' });
        addOverlay(raw, { name: 'backend', vxlan: '4097,4098' });
      },
    },
    {
      name: 'an overlay network without the option (not yet allocated)',
      baseline: 'healthy-ws2022',
      patch: (raw) => { setSwarm(raw); addOverlay(raw, { name: 'backend' }); delete raw['docker'].networks.at(-1).Options['com.docker.network.driver.overlay.vxlanid_list']; },
    },
    {
      name: 'a vxlanid option on a non-overlay network is not read',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['docker'].networks[0].Options = { ...raw['docker'].networks[0].Options, 'com.docker.network.driver.overlay.vxlanid_list': '256' }; },
    },
  ],
  invalid: [
    {
      name: 'an overlay network with id 256 from an old manager',
      baseline: 'healthy-ws2019',
      patch: (raw) => { setSwarm(raw, 'active', false); addOverlay(raw, { name: 'backend', vxlan: '256' }); },
      findings: [{ severity: 'error', subjects: ['backend'], message: ["Overlay network 'backend' has VXLAN id 256", 'Element not found', '0x490'], minFixes: 2 }],
    },
    {
      name: 'the ingress network and a second network, each below 4096',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'ingress', ingress: true, vxlan: '256', subnet: '10.255.0.0/16', gateway: '10.255.0.1' });
        addOverlay(raw, { name: 'web-net', vxlan: '257,4100' });
      },
      findings: [{ subjects: ['ingress'], message: ['VXLAN id 256'] }, { subjects: ['web-net'], message: ['VXLAN id 257'] }],
    },
    {
      name: 'a hostile network name still gives a parseable fix',
      baseline: 'healthy-ws2019',
      patch: (raw) => { setSwarm(raw); addOverlay(raw, { name: "n'; Remove-Item -Recurse C:\\ #", vxlan: '300' }); },
      findings: [{ subjects: ["n'; Remove-Item -Recurse C:\\ #"] }],
    },
  ],
});

test('new ids are 4096 or more and unique across overlay networks', (t) => {
  const raw = rawSample('healthy-ws2016');
  setSwarm(raw);
  addOverlay(raw, { name: 'ingress', ingress: true, vxlan: '256', subnet: '10.255.0.0/16', gateway: '10.255.0.1' });
  addOverlay(raw, { name: 'web-net', vxlan: '257,4097' });
  addOverlay(raw, { name: 'db-net', vxlan: '258' });
  const findings = runChecks(modelOf(raw).model, [swarmVxlanId]).findings;
  const creates = findings.map((f) => f.fixes[0]!.commands[1]!);
  t.deepEqual(creates, [
    "docker network create --ingress -d 'overlay' --subnet '10.255.0.0/16' --gateway '10.255.0.1' -o 'com.docker.network.driver.overlay.vxlanid_list=4096' 'ingress'",
    "docker network create -d 'overlay' --subnet '10.0.1.0/24' --gateway '10.0.1.1' -o 'com.docker.network.driver.overlay.vxlanid_list=4098' 'web-net'",
    "docker network create -d 'overlay' --subnet '10.0.1.0/24' --gateway '10.0.1.1' -o 'com.docker.network.driver.overlay.vxlanid_list=4099' 'db-net'",
  ]);
});

test('WCN504 fix titles have no stray spaces, on a manager and off it', (t) => {
  for (const manager of [true, false]) {
    const [f] = findingsOf(swarmVxlanId, 'healthy-ws2019', (raw) => {
      setSwarm(raw, 'active', manager);
      addOverlay(raw, { name: 'backend', vxlan: '256' });
    });
    const title = f!.fixes[0]!.title;
    t.notRegex(title, /\s{2}|\s$/, title);
    t.is(title.endsWith('(on a swarm manager)'), !manager, title);
  }
});

test('WCN504 is quietly not applicable on a flannel VXLAN node: no swarm there, and HNS holds no VSID below 4096', (t) => {
  const { results } = runChecks(modelOf(rawSample('healthy-kubeadm-flannel')).model, [swarmVxlanId]);
  t.is(results[0]?.status, 'not-applicable');
  t.is(results[0]?.notApplicable, 'no-such-owner');
  t.regex(results[0]?.reason ?? '', /^no docker engine on this host \(HNS networks here are owned by cni\/flannel: flannel\.4096\)/);
});
