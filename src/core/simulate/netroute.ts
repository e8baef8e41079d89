/** New-NetRoute: one IPv4 route added to the captured routing table (`ipRoutes`). */
import { parseAddress, parsePrefix } from '../model/net.js';
import { bindCmdlet } from './args.js';
import { push } from './state.js';
import type { Invocation } from './tokenize.js';
import { described, fail, noop, notModelled, ok, type Ctx, type Outcome } from './types.js';

export function newNetRoute(ctx: Ctx, inv: Invocation): Outcome {
  const b = bindCmdlet(inv.name, inv.args, {
    DestinationPrefix: { kind: 'value' }, InterfaceIndex: { kind: 'value', aliases: ['ifIndex'] }, InterfaceAlias: { kind: 'value', aliases: ['ifAlias'] },
    NextHop: { kind: 'value' }, RouteMetric: { kind: 'value' }, PolicyStore: { kind: 'value' },
  });
  if (!b.ok) return notModelled(b.notModelled);
  const v = b.bound.values;
  const c = ctx.state.capture;
  if (!c.ipRoutes) return notModelled('New-NetRoute, because ipRoutes were not captured');
  const dest = v['DestinationPrefix']?.value;
  const p = parsePrefix(dest);
  if (!dest || !p || p.family !== 'ipv4') return notModelled('New-NetRoute without an IPv4 -DestinationPrefix');
  const nextHop = v['NextHop']?.value ?? '0.0.0.0';
  if (!parseAddress(nextHop)) return fail(`'${nextHop}' is not an address.`, described('New-NetRoute : The parameter is incorrect.'));
  const index = v['InterfaceIndex']?.value;
  const alias = v['InterfaceAlias']?.value;
  const iface = (c.netIPInterfaces ?? []).find((i) => (index !== undefined && String(i.InterfaceIndex) === index) || (alias !== undefined && i.InterfaceAlias?.toLowerCase() === alias.toLowerCase()));
  if (!iface) return notModelled(`New-NetRoute on an interface the capture does not show (${index ?? alias ?? 'none given'})`);
  if (b.bound.whatIf) return noop('-WhatIf: New-NetRoute only says what it would do.');
  push(c, 'ipRoutes', { InterfaceAlias: iface.InterfaceAlias, InterfaceIndex: iface.InterfaceIndex, DestinationPrefix: p.text, NextHop: nextHop, RouteMetric: Number(v['RouteMetric']?.value ?? 256), AddressFamily: 'IPv4' });
  return ok(`Adds the route ${p.text} via ${nextHop} on ${iface.InterfaceAlias ?? index}.`, [{ kind: 'interface', action: 'changed', name: String(iface.InterfaceAlias ?? index), detail: `route ${p.text} via ${nextHop}` }], ['Without -PolicyStore PersistentStore the route is lost at the next restart.']);
}
