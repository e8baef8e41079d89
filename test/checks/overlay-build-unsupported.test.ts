import test from 'ava';
import { overlayBuildUnsupported } from '../../src/core/checks/overlay-build-unsupported.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { addOverlay, setBuild, setSwarm } from '../helpers/capture-edits.js';

function overlayOn(build: number, ubr: number, server = true, name = 'backend') {
  return (raw: RawCapture) => {
    setBuild(raw, build, ubr, { server });
    setSwarm(raw);
    addOverlay(raw, { name });
  };
}

function l2bridgeOn(build: number, ubr: number, server: boolean) {
  return (raw: RawCapture) => {
    setBuild(raw, build, ubr, { server });
    raw['docker'].networks.push({
      Name: 'l2b', Id: '4968b67e', Scope: 'local', Driver: 'l2bridge', EnableIPv6: false,
      IPAM: { Driver: 'windows', Config: [{ Subnet: '10.40.0.0/24', Gateway: '10.40.0.1' }] }, Internal: false, Options: {},
    });
  };
}

testCheck(test, overlayBuildUnsupported, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022 with its l2bridge network', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    { name: 'overlay on WS2016 at exactly UBR 1066', baseline: 'healthy-ws2016', patch: overlayOn(14393, 1066) },
    { name: 'overlay on WS2016 with a much later UBR', baseline: 'healthy-ws2016', patch: overlayOn(14393, 7259, true, 'web') },
    { name: 'overlay on WS2019 at exactly UBR 379', baseline: 'healthy-ws2019', patch: overlayOn(17763, 379) },
    { name: 'overlay on Windows 10 1703 (15063) with any UBR', baseline: 'healthy-win11', patch: overlayOn(15063, 0, false) },
    { name: 'l2bridge on Windows Server 2016 before KB4015217', baseline: 'healthy-ws2016', patch: l2bridgeOn(14393, 447, true) },
    { name: 'overlay on WS2016 with an unknown UBR is not judged', baseline: 'healthy-ws2016', patch: (raw) => { overlayOn(14393, 0)(raw); delete raw['os'].UBR; } },
  ],
  invalid: [
    {
      name: 'overlay on WS2016 below UBR 1066',
      baseline: 'healthy-ws2016',
      patch: overlayOn(14393, 1000),
      findings: [{ severity: 'error', subjects: ['backend'], message: ["The overlay network 'backend'", 'KB4015217 (14393.1066)', 'at 14393.1000'] }],
    },
    {
      name: 'overlay on WS2019 below UBR 379 is a warning',
      baseline: 'healthy-ws2019',
      patch: overlayOn(17763, 348),
      findings: [{ severity: 'warning', subjects: ['backend'], message: ['KB4489899 (17763.379)', 'at 17763.348'] }],
    },
    {
      name: 'overlay on Windows 10 1607, even with KB4015217',
      baseline: 'healthy-win11',
      patch: (raw) => { overlayOn(14393, 2000, false)(raw); raw['os'].Caption = 'Microsoft Windows 10 Pro'; },
      findings: [{ severity: 'error', message: ['Windows 10', '1703 (build 15063)', 'build 14393'] }],
    },
    {
      name: 'l2bridge on Windows 10 1607',
      baseline: 'healthy-win11',
      patch: (raw) => { l2bridgeOn(14393, 2000, false)(raw); raw['os'].Caption = 'Microsoft Windows 10 Pro'; },
      findings: [{ severity: 'error', subjects: ['l2b'], message: ["The l2bridge network 'l2b'", 'Windows 10 build 14393'] }],
    },
    {
      name: 'an overlay network that only HNS still lists',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        setBuild(raw, 14393, 953);
        raw['hnsNetworks'].push({ ID: 'c3a1f0e2-5b4d-4e6f-8a7b-9c0d1e2f3a4b', Name: 'ov1', Type: 'Overlay', Subnets: [{ AddressPrefix: '10.0.2.0/24', GatewayAddress: '10.0.2.1' }], Extensions: [], Policies: [] });
      },
      findings: [{ subjects: ['ov1'], message: ["The overlay network 'ov1'"] }],
    },
    {
      name: 'overlay and l2bridge both on Windows 10 1607, with hostile names',
      baseline: 'healthy-win11',
      patch: (raw) => { overlayOn(14393, 2000, false, "o'; Stop-Computer #")(raw); l2bridgeOn(14393, 2000, false)(raw); raw['docker'].networks.at(-1).Name = 'l$(2)b'; },
      findings: [{ subjects: ["o'; Stop-Computer #"] }, { subjects: ['l$(2)b'] }],
    },
  ],
});
