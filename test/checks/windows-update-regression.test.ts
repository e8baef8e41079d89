import test from 'ava';
import { windowsUpdateRegression } from '../../src/core/checks/windows-update-regression.js';
import { regressionsFor, regressionsFromHotfixes, UPDATE_REGRESSIONS } from '../../src/core/model/update-regressions.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { findingsOf } from '../helpers/captures.js';
import { combine } from '../helpers/capture-edits.js';

const ubr = (n: number | undefined) => (raw: RawCapture): void => {
  if (n === undefined) delete raw['os'].UBR;
  else raw['os'].UBR = n;
};
const hotfixes = (...ids: string[]) => (raw: RawCapture): void => {
  raw['hotfixes'] = ids.map((HotFixID) => ({ HotFixID }));
};

testCheck(test, windowsUpdateRegression, {
  valid: [
    { name: 'AKS node on 20348.2966, after the fixing update', baseline: 'healthy-aks-azurecni' },
    { name: 'flannel node on 20348.3091', baseline: 'healthy-kubeadm-flannel' },
    { name: 'a docker host in the bad range: the regression is documented for Kubernetes nodes', baseline: 'healthy-ws2022', patch: ubr(2582) },
    { name: 'last good update before the range (20348.2529)', baseline: 'healthy-aks-azurecni', patch: ubr(2529) },
    { name: 'the fixing update itself (20348.2762)', baseline: 'healthy-aks-azurecni', patch: ubr(2762) },
    { name: 'in the range with the registry workaround in place (a number)', baseline: 'healthy-aks-azurecni', patch: combine(ubr(2700), (r) => { r['hnsState'] = { FwPerfImprovementChange: 0 }; }) },
    { name: 'in the range with the registry workaround in place (as hex text)', baseline: 'healthy-calico', patch: combine(ubr(2655), (r) => { r['hnsState'] = { FwPerfImprovementChange: '0x0' }; }) },
    { name: 'no UBR, and the hotfix list holds the fixing update too', baseline: 'healthy-aks-azurecni', patch: combine(ubr(undefined), hotfixes('KB5040437', 'KB5044281')) },
    { name: 'Windows Server 2025 containerd host', baseline: 'healthy-ws2025-containerd' },
  ],
  invalid: [
    {
      name: 'AKS node on the July 2024 update without the workaround value',
      baseline: 'healthy-aks-azurecni',
      patch: ubr(2582),
      findings: [{ severity: 'error', subjects: ['akswin000001'], message: ['20348.2582', 'KB5040437', 'KB5044281 (20348.2762', 'no FwPerfImprovementChange value'] }],
    },
    {
      name: 'Calico node on the September 2024 update with the value set to 1',
      baseline: 'healthy-calico',
      patch: combine(ubr(2700), (r) => { r['hnsState'] = { FwPerfImprovementChange: 1 }; }),
      findings: [{ message: ['FwPerfImprovementChange is 1, not 0'] }],
    },
    {
      name: 'the value is a structure, not a number: said as such, never as [object Object]',
      baseline: 'healthy-calico',
      patch: combine(ubr(2700), (r) => { r['hnsState'] = { FwPerfImprovementChange: { Value: 0 } }; }),
      findings: [{ message: ['FwPerfImprovementChange is an object, not 0'] }],
    },
    {
      name: 'the value is text that is not a number: quoted',
      baseline: 'healthy-calico',
      patch: combine(ubr(2700), (r) => { r['hnsState'] = { FwPerfImprovementChange: 'off' }; }),
      findings: [{ message: ['FwPerfImprovementChange is "off", not 0'] }],
    },
    {
      name: 'the State key not captured: the workaround is unknown',
      baseline: 'healthy-kubeadm-flannel',
      patch: combine(ubr(2655), (r) => { delete r['hnsState']; }),
      findings: [{ message: ['was not captured'] }],
    },
    {
      name: 'no UBR, only the bad update in the hotfix list',
      baseline: 'healthy-aks-azurecni',
      patch: combine(ubr(undefined), hotfixes('KB5040437')),
      findings: [{ message: ['lists KB5040437 among its hotfixes and not KB5044281'] }],
    },
    {
      name: 'Windows Server 2019 node on the August 2020 update: the HNS-restart regression',
      baseline: 'healthy-aks-azurecni',
      patch: (r) => { r['os'].BuildNumber = '17763'; r['os'].Version = '10.0.17763'; r['os'].Caption = 'Microsoft Windows Server 2019 Datacenter'; r['os'].UBR = 1457; },
      findings: [{ message: ['17763.1457', 'KB4571748', 'KB4580390', 'DECAP_IN', 'after the Host Network Service restarts'] }],
    },
  ],
});

test('WCN736 the first fix is the fixing update (manual), the second the registry workaround with -Force and an HNS restart', (t) => {
  const [f] = findingsOf(windowsUpdateRegression, 'healthy-aks-azurecni', ubr(2582));
  t.deepEqual(f?.fixes[0]?.commands, []);
  t.deepEqual(f?.fixes[1]?.commands, [
    "New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\hns\\State' -Name 'FwPerfImprovementChange' -PropertyType 'DWord' -Value '0' -Force",
    "Restart-Service -Name 'hns' -Force",
  ]);
});

test('the regression table: every entry has a fixing UBR above its first bad one, KB numbers, and sources', (t) => {
  for (const r of UPDATE_REGRESSIONS) {
    t.true(r.fixedUbr > r.firstBadUbr, r.id);
    t.regex(r.firstBadKb, /^KB\d{7}$/, r.id);
    t.regex(r.fixedKb, /^KB\d{7}$/, r.id);
    t.true(r.sources.length > 0 && r.sources.every((s) => /^https:\/\//.test(s)), r.id);
    t.true(r.registry !== undefined || r.workaround !== undefined, `${r.id} has a workaround`);
  }
  t.deepEqual(regressionsFor(20348, 2581), []);
  t.deepEqual(regressionsFor(20348, 2582).map((r) => r.id), ['ws2022-2024-07-firewall-perf']);
  t.deepEqual(regressionsFor(20348, 2761).map((r) => r.id), ['ws2022-2024-07-firewall-perf']);
  t.deepEqual(regressionsFor(20348, 2762), []);
  t.deepEqual(regressionsFor(26100, 2582), []);
  t.deepEqual(regressionsFor(20348, undefined), []);
  t.deepEqual(regressionsFromHotfixes(20348, ['kb5040437']).map((r) => r.id), ['ws2022-2024-07-firewall-perf']);
  t.deepEqual(regressionsFromHotfixes(17763, ['KB5040437']), []);
});
