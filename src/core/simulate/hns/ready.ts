/**
 * Whether HNS can act at all: HNS is started on demand, a disabled HNS
 * refuses everything, and since KB4015217 HNS needs IPv6 (read at boot).
 */
import { TCPIP6_PARAMETERS } from '../../checks/fixes.js';
import { classifyDisabledComponents } from '../../checks/ipv6-disabled.js';
import type { HostModel } from '../../model/types.js';
import { ps } from '../../powershell.js';
import { serviceDisabled, setServiceStatus } from '../state.js';
import { described, exact, fail, type Ctx, type Outcome, type StateChange } from '../types.js';
import type { HnsRefusal } from './refusal.js';

/** Why HNS cannot create anything on this host, or undefined. `message` is HNS's own text. */
export function hnsUnavailable(model: HostModel): HnsRefusal | undefined {
  if (model.service('hns') && serviceDisabled(model, 'hns')) {
    return {
      reason: 'The Host Network Service (hns) is disabled, so nothing network-related can be created.',
      message: 'hnsCall failed in Win32: The service cannot be started, either because it is disabled or because it has no enabled devices associated with it. (0x422)', exact: false,
      knowledge: 'hns-not-running', steps: [{ line: ps`Set-Service -Name 'hns' -StartupType 'Manual'` }, { line: ps`Start-Service -Name 'hns'` }],
    };
  }
  const v = model.ipv6DisabledComponents;
  if (classifyDisabledComponents(v) === 'broken' && model.platform.has('KB4015217') !== false) {
    return {
      reason: `IPv6 is disabled on this host (DisabledComponents 0x${v!.toString(16).toUpperCase()}, read at boot). HNS needs it since KB4015217.`,
      message: 'hnsCall failed in Win32: Element not found. (0x490)', exact: true, alsoSeen: ['HNS failed with error : Element not found.'],
      knowledge: 'ipv6-disabled', steps: [{ line: ps`Remove-ItemProperty -Path ${TCPIP6_PARAMETERS} -Name 'DisabledComponents'` }, { line: 'Restart-Computer' }],
    };
  }
  return undefined;
}

/** Starts a stopped HNS on demand, or says why HNS refuses. `during: 'container'` words the IPv6 failure the way docker run prints it. */
export function hnsReady(ctx: Ctx, changes: StateChange[], notes: string[], during: 'network' | 'container'): Outcome | undefined {
  const { model, state } = ctx;
  const down = hnsUnavailable(model);
  if (down) {
    const advice = down.steps.flatMap((s) => ('line' in s ? [s.line] : []));
    if (down.knowledge === 'ipv6-disabled' && during === 'container') {
      return fail(down.reason, exact('docker: Error response from daemon: container <id> encountered an error during CreateContainer: failure in a Windows system call: Element not found.', ['요소를 찾을 수 없습니다. (Korean hosts)']), down.knowledge, advice);
    }
    const error = down.exact ? exact(down.message, down.alsoSeen ? [...down.alsoSeen] : undefined) : described(down.message);
    return fail(down.reason, error, down.knowledge, advice);
  }
  const hns = model.service('hns');
  if (hns && !hns.running) {
    changes.push(...setServiceStatus(state.capture, 'hns', true));
    notes.push('HNS was stopped; Windows starts it on demand (start type Manual).');
  }
  return undefined;
}
