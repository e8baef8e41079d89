import test from 'ava';
import { ipv6Disabled } from '../../src/core/checks/ipv6-disabled.js';
import { testCheck } from '../helpers/check-tester.js';

const set = (v: unknown) => (raw: Record<string, any>) => {
  raw['tcpip6'] = { DisabledComponents: v };
};

testCheck(test, ipv6Disabled, {
  valid: [
    { name: 'value absent (WS2019)', baseline: 'healthy-ws2019' },
    { name: 'value absent (WS2016)', baseline: 'healthy-ws2016' },
    { name: 'zero', baseline: 'healthy-ws2022', patch: set(0) },
    { name: '0x20 prefers IPv4 but keeps IPv6', baseline: 'healthy-ws2019', patch: set(0x20) },
  ],
  invalid: [
    { name: '0xFF disables everything', baseline: 'healthy-ws2019', patch: set(255), findings: [{ severity: 'error', message: ['0xFF', 'Element not found', '0x490'] }] },
    { name: '0x10 disables native interfaces', baseline: 'healthy-ws2022', patch: set(0x10), findings: [{ severity: 'error', message: ['0x10'] }] },
    { name: '0xFFFFFFFF as a negative DWORD adds the boot delay note', baseline: 'healthy-ws2019', patch: set(-1), findings: [{ severity: 'error', message: ['0xFFFFFFFF', 'boot'] }] },
    { name: 'hex text from a hand-made capture', baseline: 'healthy-ws2016', patch: set('0xff'), findings: [{ severity: 'error' }] },
    { name: 'other non-zero values only warn', baseline: 'healthy-ws2019', patch: set(0x01), findings: [{ severity: 'warning', message: ['0x1'] }] },
    {
      name: 'before KB4015217 HNS did not need IPv6 yet: warning',
      baseline: 'healthy-ws2016',
      patch: (raw) => { raw['tcpip6'] = { DisabledComponents: 255 }; raw['os'].UBR = 1000; },
      findings: [{ severity: 'warning' }],
    },
  ],
});
