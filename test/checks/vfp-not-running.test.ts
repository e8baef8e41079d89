import test from 'ava';
import { vfpNotRunning } from '../../src/core/checks/vfp-not-running.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { DISABLED, STOPPED, combine, renameEverywhere, setExtension, setService } from '../helpers/capture-edits.js';

const VFP = 'Microsoft Azure VFP Switch Extension';

/** HNS's own view of the extension on one network. */
const hnsVfp = (network: string, enabled: boolean) => (raw: RawCapture) => {
  const n = raw['hnsNetworks'].find((x: { Name: string }) => x.Name === network);
  n.Extensions.find((e: { Name: string }) => e.Name === VFP).IsEnabled = enabled;
};

const vfpDisabledOnL2b = combine(setExtension('l2b', VFP, { Enabled: false, Running: false }), hnsVfp('l2b', false));

testCheck(test, vfpNotRunning, {
  valid: [
    { name: 'WS2016: VFP disabled on the nat switch is right for nat', baseline: 'healthy-ws2016' },
    { name: 'WS2019: VFP running on the transparent switch', baseline: 'healthy-ws2019' },
    { name: 'WS2022: VFP running on the l2bridge switch', baseline: 'healthy-ws2022' },
    { name: "Windows 11: VFP disabled on the Default Switch", baseline: 'healthy-win11' },
    { name: 'WS2016: vfpext stopped with only nat networks', baseline: 'healthy-ws2016', patch: setService('vfpext', STOPPED) },
    {
      name: 'WS2019: transparent does not need VFP (service stopped, extension disabled)',
      baseline: 'healthy-ws2019',
      patch: combine(setService('vfpext', STOPPED), setExtension('a62fe2bc67e5f42dc9fc3c4cf259cbc85ed323c513c42669978dfe47016e1cb6', VFP, { Enabled: false, Running: false })),
    },
    {
      name: 'WS2022: VFP disabled on the nat switch only',
      baseline: 'healthy-ws2022',
      patch: combine(setExtension('nat', VFP, { Enabled: false, Running: false }), hnsVfp('nat', false)),
    },
    {
      name: 'a client build without VFP (Windows 10 1607) is not judged',
      baseline: 'healthy-ws2022',
      patch: combine(vfpDisabledOnL2b, (raw) => { Object.assign(raw['os'], { BuildNumber: '14393', UBR: 7259, ProductType: 1, Caption: 'Microsoft Windows 10 Enterprise' }); }),
    },
  ],
  invalid: [
    {
      name: 'WS2022: vfpext stopped under an l2bridge network (one finding, not one per switch)',
      baseline: 'healthy-ws2022',
      patch: combine(setService('vfpext', STOPPED), setExtension('l2b', VFP, { Running: false })),
      findings: [{ severity: 'error', subjects: ['vfpext', 'l2b'], message: ["'vfpext'", 'Stopped', "l2bridge network 'l2b'", 'MAC rewrite'] }],
    },
    {
      name: 'WS2022: vfpext disabled: the fix re-enables it',
      baseline: 'healthy-ws2022',
      patch: setService('vfpext', STOPPED, DISABLED),
      findings: [{ severity: 'error', message: ['start type Disabled'] }],
    },
    {
      name: 'WS2022: VFP extension disabled on the l2bridge switch',
      baseline: 'healthy-ws2022',
      patch: vfpDisabledOnL2b,
      findings: [{ severity: 'error', subjects: ['l2b', `${VFP} on l2b`], message: ["vSwitch 'l2b'", 'disabled and not running', 'MAC addresses'], minFixes: 2 }],
    },
    {
      name: 'WS2022: enabled but not running while the service runs',
      baseline: 'healthy-ws2022',
      patch: setExtension('l2b', VFP, { Running: false }),
      findings: [{ severity: 'error', message: ['enabled and not running'] }],
    },
    {
      name: 'without Get-VMSwitchExtension, HNS reports the extension disabled',
      baseline: 'healthy-ws2022',
      patch: combine(hnsVfp('l2b', false), (raw) => { delete raw['vmSwitchExtensions']; }),
      findings: [{ severity: 'error', message: ['HNS reports the VFP extension disabled'] }],
    },
    {
      name: 'WS2019: an overlay network in docker and vfpext stopped',
      baseline: 'healthy-ws2019',
      patch: combine(setService('vfpext', STOPPED), (raw) => {
        raw['docker'].networks.push({ Name: 'web-overlay', Id: '3k5d0x1n2p7q9r4s6t8u0v1w2', Driver: 'overlay', Scope: 'swarm', IPAM: { Driver: 'default', Config: [{ Subnet: '10.0.9.0/24', Gateway: '10.0.9.1' }] }, Options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' } });
      }),
      findings: [{ severity: 'error', message: ["overlay network 'web-overlay'", 'VXLAN'] }],
    },
    {
      name: 'a hostile switch and network name still gives parseable fixes',
      baseline: 'healthy-ws2022',
      patch: combine(renameEverywhere('l2b', "l2b'; Stop-Computer; $(Remove-Item C:\\)"), (raw) => {
        const name = "l2b'; Stop-Computer; $(Remove-Item C:\\)";
        setExtension(name, VFP, { Enabled: false, Running: false })(raw);
        hnsVfp(name, false)(raw);
      }),
      findings: [{ severity: 'error', subjects: ["l2b'; Stop-Computer; $(Remove-Item C:\\)"], minFixes: 2 }],
    },
  ],
});

test('WCN105 fixes: enable the extension on the right switch first, then re-create the network', (t) => {
  const [f] = findingsOf(vfpNotRunning, 'healthy-ws2022', vfpDisabledOnL2b);
  t.deepEqual(f?.fixes[0]?.commands, [`Enable-VMSwitchExtension -VMSwitchName 'l2b' -Name '${VFP}'`]);
  const recreate = f?.fixes[1]?.commands ?? [];
  t.true(recreate.includes("docker network rm 'l2b'"));
  t.true(recreate.some((c) => c.startsWith("docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1'")), recreate.join('\n'));
  t.true(f?.fixes.every((x) => x.risk === 'disruptive'));
});

test('WCN105 fixes: a hostile switch name stays one quoted argument', (t) => {
  const name = "l2b'; Stop-Computer; $(Remove-Item C:\\)";
  const [f] = findingsOf(vfpNotRunning, 'healthy-ws2022', combine(renameEverywhere('l2b', name), setExtension(name, VFP, { Enabled: false })));
  t.is(f?.fixes[0]?.commands[0], `Enable-VMSwitchExtension -VMSwitchName 'l2b''; Stop-Computer; $(Remove-Item C:\\)' -Name '${VFP}'`);
});
