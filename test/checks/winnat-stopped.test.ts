import test from 'ava';
import { winnatStopped } from '../../src/core/checks/winnat-stopped.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { DISABLED, STOPPED, combine, setService } from '../helpers/capture-edits.js';

const labNat = (raw: RawCapture) => {
  raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24', ExternalIPInterfaceAddressPrefix: null, Active: true }];
};

testCheck(test, winnatStopped, {
  valid: [
    { name: 'WS2016: winnat running', baseline: 'healthy-ws2016' },
    { name: 'WS2019: winnat running', baseline: 'healthy-ws2019' },
    { name: 'WS2022: winnat running', baseline: 'healthy-ws2022' },
    { name: 'Windows 11: winnat running', baseline: 'healthy-win11' },
    { name: 'WS2019: winnat stopped with ICS-backed nat and an empty Get-NetNat', baseline: 'healthy-ws2019', patch: setService('winnat', STOPPED) },
    { name: 'WS2022: winnat disabled with ICS-backed nat and an empty Get-NetNat', baseline: 'healthy-ws2022', patch: setService('winnat', STOPPED, DISABLED) },
    { name: 'Windows 11: winnat stopped, Docker Desktop nat is ICS-backed', baseline: 'healthy-win11', patch: setService('winnat', STOPPED) },
    {
      name: 'WS2016 without any NAT instance or nat network',
      baseline: 'healthy-ws2016',
      patch: combine(setService('winnat', STOPPED), (raw) => {
        raw['netNat'] = [];
        raw['hnsNetworks'] = [];
        raw['hnsEndpoints'] = [];
        raw['docker'].networks = raw['docker'].networks.filter((n: { Driver: string }) => n.Driver === 'null');
      }),
    },
  ],
  invalid: [
    {
      name: "WS2016: winnat stopped under HNS's NAT and docker's nat",
      baseline: 'healthy-ws2016',
      patch: setService('winnat', STOPPED),
      findings: [{ severity: 'error', subjects: ['winnat', 'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31', 'nat'], message: ["'H5a1b3f0e-9d2c-4e71-8b6a-2f4c0d9e7a31' (172.29.80.1/20)", "nat network 'nat'", 'depend on WinNAT', '(0x3)'], minFixes: 2 }],
    },
    {
      name: 'WS2016: winnat disabled',
      baseline: 'healthy-ws2016',
      patch: setService('winnat', STOPPED, DISABLED),
      findings: [{ severity: 'error', message: ['start type Disabled'] }],
    },
    {
      name: 'WS2016: nat network but Get-NetNat empty (the instance was removed): still WinNAT-backed',
      baseline: 'healthy-ws2016',
      patch: combine(setService('winnat', STOPPED), (raw) => { raw['netNat'] = []; }),
      findings: [{ severity: 'error', subjects: ['winnat', 'nat'], message: ["nat network 'nat'"] }],
    },
    {
      name: 'WS2019: a NAT instance listed by Get-NetNat needs winnat even on 16299+',
      baseline: 'healthy-ws2019',
      patch: combine(setService('winnat', STOPPED), labNat),
      findings: [{ severity: 'error', subjects: ['winnat', 'LabNAT'], message: ["'LabNAT' (192.168.50.0/24)"] }],
    },
    {
      name: 'WS2019: running but Disabled under a NAT instance: warning',
      baseline: 'healthy-ws2019',
      patch: combine(setService('winnat', 4, DISABLED), labNat),
      findings: [{ severity: 'warning', message: ['Disabled', 'next restart'] }],
    },
  ],
});

test('WCN104 fixes: start (re-enabling a Disabled driver first), then restart the engine', (t) => {
  const [f] = findingsOf(winnatStopped, 'healthy-ws2016', setService('winnat', STOPPED, DISABLED));
  t.deepEqual(f?.fixes.map((x) => x.commands), [
    ["Set-Service -Name 'winnat' -StartupType 'Manual'", "Start-Service -Name 'winnat'"],
    ["Restart-Service -Name 'docker'"],
  ]);
  t.deepEqual(f?.fixes.map((x) => x.risk), ['safe', 'disruptive']);
});
