import test from 'ava';
import { overlayAllowAll } from '../../src/core/checks/overlay-allow-all.js';
import { testCheck } from '../helpers/check-tester.js';
import { addContainer, addOverlay, setSwarm } from '../helpers/capture-edits.js';

testCheck(test, overlayAllowAll, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019 (nat and transparent only)', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022 (l2bridge is not overlay)', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    {
      name: 'an HNS overlay network that docker does not list is left to other checks',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['hnsNetworks'].push({ ID: '5E0D1C2B-3A49-4F58-8E67-7D6C5B4A3928', Name: 'old', Type: 'Overlay', Subnets: [], Extensions: [], Policies: [] }); },
    },
  ],
  invalid: [
    {
      name: 'an overlay network with two service tasks',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'backend' });
        addContainer(raw, { id: '1'.repeat(64), name: 'api.1.k3v9d2q8x7w1m0n5b4c6z8a2s', networks: { backend: { ip: '10.0.1.5' } } });
        addContainer(raw, { id: '2'.repeat(64), name: 'db.1.p0o9i8u7y6t5r4e3w2q1a0s9d', networks: { backend: { ip: '10.0.1.6' } } });
      },
      findings: [{ severity: 'info', subjects: ['backend', 'api.1.k3v9d2q8x7w1m0n5b4c6z8a2s'], message: ["Overlay network 'backend'", "services 'api' and 'db'", 'allow-all'] }],
    },
    {
      name: 'ingress and an empty overlay network',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'ingress', ingress: true, subnet: '10.255.0.0/16', gateway: '10.255.0.1', vxlan: '4096' });
        addOverlay(raw, { name: "o'v; $(x)" });
      },
      findings: [{ subjects: ['ingress'], message: ['routing-mesh ingress network'] }, { subjects: ["o'v; $(x)"], message: ['every container that joins it'] }],
    },
  ],
});
