import test from 'ava';
import { advertiseAddress, overlayRequiresSwarm } from '../../src/core/checks/overlay-requires-swarm.js';
import { testCheck } from '../helpers/check-tester.js';
import { modelOf, rawSample, type RawCapture } from '../helpers/captures.js';
import { addOverlay, setSwarm } from '../helpers/capture-edits.js';

/** An overlay network HNS still holds after the node left its swarm (docker no longer lists it). */
function leftoverHnsOverlay(raw: RawCapture, name = 'qm8yf0h7u0n1m8l3m2cpl4k0e'): void {
  raw['hnsNetworks'].push({
    ID: '5E0D1C2B-3A49-4F58-8E67-7D6C5B4A3928', Name: name, Type: 'Overlay',
    Subnets: [{ AddressPrefix: '10.0.1.0/24', GatewayAddress: '10.0.1.1' }],
    Extensions: [{ Id: 'E9B59CFA-2BE1-4B21-828F-B6FBDBDDC017', IsEnabled: true, Name: 'Microsoft Azure VFP Switch Extension' }],
    Policies: [{ Type: 'VSID', VSID: 4097 }], State: 1,
  });
}

test('the advertise address is the one address on the adapter with the default route', (t) => {
  t.is(advertiseAddress(modelOf(rawSample('healthy-ws2019')).model), '10.20.30.41');
  t.is(advertiseAddress(modelOf(rawSample('healthy-ws2016')).model), '10.30.8.25');
  t.is(advertiseAddress(modelOf(rawSample('healthy-ws2022')).model), '10.40.0.10', 'the host vNIC of an External switch counts');
  t.is(advertiseAddress(modelOf(rawSample('healthy-win11')).model), '192.168.178.23');
});

testCheck(test, overlayRequiresSwarm, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    {
      name: 'an overlay network on an active swarm manager',
      baseline: 'healthy-ws2019',
      patch: (raw) => { setSwarm(raw, 'active'); addOverlay(raw, { name: 'backend' }); },
    },
    {
      name: 'an overlay network on an active swarm worker',
      baseline: 'healthy-ws2022',
      patch: (raw) => { setSwarm(raw, 'active', false); addOverlay(raw, { name: 'ingress', ingress: true }); },
    },
  ],
  invalid: [
    {
      name: 'an overlay network while swarm is inactive',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addOverlay(raw, { name: 'backend' }); },
      findings: [{ severity: 'error', subjects: ['docker engine', 'backend'], message: ["docker overlay network 'backend'", "LocalNodeState 'inactive'", 'insufficient vnis(0)'] }],
    },
    {
      name: 'a leftover HNS overlay network after leaving the swarm',
      baseline: 'healthy-ws2022',
      patch: (raw) => { leftoverHnsOverlay(raw); },
      findings: [{ severity: 'error', subjects: ['qm8yf0h7u0n1m8l3m2cpl4k0e'], message: ["HNS overlay network 'qm8yf0h7u0n1m8l3m2cpl4k0e' (which docker does not list"], minFixes: 2 }],
    },
    {
      name: 'a locked swarm',
      baseline: 'healthy-ws2019',
      patch: (raw) => { setSwarm(raw, 'locked'); addOverlay(raw, { name: 'backend' }); },
      findings: [{ severity: 'error', message: ["LocalNodeState 'locked'", 'autolock'] }],
    },
    {
      name: 'a node still joining',
      baseline: 'healthy-ws2019',
      patch: (raw) => { setSwarm(raw, 'pending'); addOverlay(raw, { name: 'backend' }); },
      findings: [{ severity: 'warning', message: ['pending', 'TCP 2377'] }],
    },
    {
      name: 'a node in swarm error state',
      baseline: 'healthy-ws2016',
      patch: (raw) => { setSwarm(raw, 'error'); addOverlay(raw, { name: 'backend' }); },
      findings: [{ severity: 'error', message: ["LocalNodeState 'error'"] }],
    },
    {
      name: 'hostile names still give parseable fixes',
      baseline: 'healthy-ws2019',
      patch: (raw) => { addOverlay(raw, { name: "b'; Stop-Computer; '" }); leftoverHnsOverlay(raw, "h$(x)'"); raw['hnsNetworks'].at(-1).ID = "5E0D'; rm -r C:\\ #"; },
      findings: [{ subjects: ["b'; Stop-Computer; '", "h$(x)'"] }],
    },
  ],
});
