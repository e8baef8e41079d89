import test from 'ava';
import { osBuildUnsupported } from '../../src/core/checks/os-build-unsupported.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

const os = (fields: Record<string, unknown>) => (raw: RawCapture) => {
  Object.assign(raw['os'], fields);
};

testCheck(test, osBuildUnsupported, {
  valid: [
    { name: 'WS2016 with a current UBR', baseline: 'healthy-ws2016' },
    { name: 'WS2019', baseline: 'healthy-ws2019' },
    { name: 'WS2022', baseline: 'healthy-ws2022' },
    { name: 'Windows 11', baseline: 'healthy-win11' },
    { name: '14393 exactly at KB4015217 (UBR 1066)', baseline: 'healthy-ws2016', patch: os({ UBR: 1066 }) },
    { name: '14393 without a UBR in the capture: unknown, not old', baseline: 'healthy-ws2016', patch: os({ UBR: null }) },
    { name: 'no build number: nothing to judge', baseline: 'healthy-ws2019', patch: (raw) => { delete raw['os'].BuildNumber; } },
    { name: '17763 with an old UBR is left to the driver-specific checks', baseline: 'healthy-ws2019', patch: os({ UBR: 1 }) },
    { name: 'build 15063 (the first with several NAT networks)', baseline: 'healthy-win11', patch: os({ BuildNumber: '15063', UBR: 2108, Caption: 'Microsoft Windows 10 Pro' }) },
  ],
  invalid: [
    {
      name: 'build 10586 has no Windows containers',
      baseline: 'healthy-win11',
      patch: os({ BuildNumber: '10586', Version: '10.0.10586', UBR: 1540, Caption: 'Microsoft Windows 10 Pro' }),
      findings: [{ severity: 'error', message: ['10586', 'build 14393'], subjects: ['DEV-LT-0421'] }],
    },
    {
      name: 'Insider build 14936',
      baseline: 'healthy-ws2016',
      patch: os({ BuildNumber: '14936', UBR: 0 }),
      findings: [{ severity: 'error', message: ['14936', 'Insider'] }],
    },
    {
      name: 'Insider build 14931 as a number',
      baseline: 'healthy-win11',
      patch: os({ BuildNumber: 14931, UBR: 1000 }),
      findings: [{ severity: 'error', message: ['14931'] }],
    },
    {
      name: '14393 below KB4015217 warns and offers the update',
      baseline: 'healthy-ws2016',
      patch: os({ UBR: 1000 }),
      findings: [{ severity: 'warning', message: ['14393.1000', 'KB4015217', '14393.1066'], minFixes: 2 }],
    },
    {
      name: 'Windows 10 1607 (client 14393) at RTM',
      baseline: 'healthy-win11',
      patch: os({ BuildNumber: '14393', UBR: 0, Caption: 'Microsoft Windows 10 Pro', ProductType: 1 }),
      findings: [{ severity: 'warning', message: ['KB4015217'] }],
    },
  ],
});
