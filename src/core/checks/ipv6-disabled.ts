import { ps } from '../powershell.js';
import { TCPIP6_PARAMETERS } from './fixes.js';
import type { Check, Fix } from './types.js';

const hex = (v: number) => `0x${v.toString(16).toUpperCase()}`;

/** 0x20 (prefer IPv4) leaves IPv6 working; 0x10 or 0xFF turns it off where HNS needs it. */
export function classifyDisabledComponents(v: number | undefined): 'fine' | 'broken' | 'suspicious' {
  if (v === undefined || v === 0 || v === 0x20) return 'fine';
  if ((v & 0x10) !== 0 || v === 0xff) return 'broken';
  return 'suspicious';
}

export const ipv6Disabled: Check = {
  meta: {
    code: 'WCN101',
    knowledge: 'ipv6-disabled',
    title: 'IPv6 is disabled on the container host',
    severity: 'error',
    requires: ['tcpip6'],
    description: 'Reads DisabledComponents under Tcpip6\\Parameters: HNS needs IPv6 on the host since KB4015217.',
  },
  run(model) {
    const v = model.ipv6DisabledComponents;
    const verdict = classifyDisabledComponents(v);
    if (verdict === 'fine' || v === undefined) return [];
    const ptr = `${model.capture.tcpip6?.$ptr ?? '/tcpip6'}/DisabledComponents`;
    const valueText = `${hex(v)} (${v})`;
    const removeAndReboot: Fix = {
      title: 'Delete DisabledComponents and reboot',
      risk: 'disruptive',
      disrupts: 'a reboot of the container host: every container stops until the host is back',
      runOn: 'container-host',
      commands: [
        ps`Remove-ItemProperty -Path ${TCPIP6_PARAMETERS} -Name 'DisabledComponents'`,
        'Restart-Computer',
      ],
      verify: ps`Get-ItemProperty -Path ${TCPIP6_PARAMETERS} -Name 'DisabledComponents' -ErrorAction SilentlyContinue`,
      expect: 'Prints nothing after the reboot.',
    };
    const preferIpv4: Fix = {
      title: 'Keep IPv4 preferred without disabling IPv6 (value 0x20), and reboot',
      risk: 'disruptive',
      disrupts: 'a reboot of the container host: every container stops until the host is back',
      runOn: 'container-host',
      commands: [
        ps`Set-ItemProperty -Path ${TCPIP6_PARAMETERS} -Name 'DisabledComponents' -Value 32 -Type DWord`,
        'Restart-Computer',
      ],
      verify: ps`(Get-ItemProperty -Path ${TCPIP6_PARAMETERS} -Name 'DisabledComponents').DisabledComponents`,
      expect: 'Prints 32.',
    };
    const hnsNeedsIt = model.platform.has('KB4015217') !== false;
    if (verdict === 'suspicious') {
      return [{
        severity: 'warning',
        message: `DisabledComponents is ${valueText}: not a value that turns IPv6 off for HNS (bit 0x10 or 0xFF), but an unusual setting. If container networking fails with "Element not found" (0x490), delete it.`,
        subjects: [{ kind: 'registry', name: 'Tcpip6\\Parameters\\DisabledComponents', pointer: ptr }],
        evidence: [ptr],
        fixes: [removeAndReboot],
      }];
    }
    const extra = v === 0xffffffff ? ' The value 0xFFFFFFFF also adds a delay of several seconds to every boot.' : '';
    return [{
      severity: hnsNeedsIt ? 'error' : 'warning',
      message: `DisabledComponents is ${valueText}, which disables IPv6 on the host's interfaces. HNS needs IPv6 (since KB4015217): creating containers fails with "Element not found" (0x490).${extra}`,
      subjects: [{ kind: 'registry', name: 'Tcpip6\\Parameters\\DisabledComponents', pointer: ptr }],
      evidence: [ptr],
      fixes: [removeAndReboot, preferIpv4],
    }];
  },
};
