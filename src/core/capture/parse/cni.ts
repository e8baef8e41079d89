/**
 * CNI conf files, read from their raw text: JSON that may carry comments and
 * trailing commas (jsonc-parser), keys in any case (`name`/`Name`,
 * `value`/`Value`), a single `.conf` plugin or a `.conflist`. Each conf is
 * normalized into one typed form: its network name, version, plugin types
 * (flannel's delegate included), IPAM, capabilities, optional flags and the
 * endpoint policies in one spelling whatever the HNS schema they are
 * written for.
 */
import type { ParseError } from 'jsonc-parser';
import { jsoncParser } from './lazy.js';
import type { CniConf, CniIpam, CniPlugin, CniPolicy, ParseProblem } from '../runtime-types.js';
import { bool, get, isObj, lineColumn, list, noBom, str, strings, type Obj } from './util.js';

/** Policy types in one spelling (compared case-insensitively). */
const POLICY_KINDS: Readonly<Record<string, string>> = {
  outboundnat: 'OutBoundNAT',
  route: 'Route',
  sdnroute: 'Route',
  pa: 'ProviderAddress',
  provideraddress: 'ProviderAddress',
  portmapping: 'PortMapping',
  acl: 'ACL',
  l2driver: 'L2Driver',
  loopbackdsr: 'LoopbackDSR',
};

function policy(entry: unknown): CniPolicy | undefined {
  const value = get(entry, 'value');
  if (!isObj(value)) return undefined;
  const type = str(get(value, 'Type'));
  const settings = get(value, 'Settings');
  const flat: Record<string, unknown> = {};
  if (isObj(settings)) Object.assign(flat, settings);
  else for (const [k, v] of Object.entries(value)) if (k.toLowerCase() !== 'type') flat[k] = v;
  const field = (...names: string[]) => {
    for (const n of names) {
      const v = get(flat, n);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const kind = type === undefined ? 'unknown' : POLICY_KINDS[type.toLowerCase()] ?? type;
  const exceptions = field('Exceptions', 'ExceptionList');
  return {
    name: str(get(entry, 'name')),
    type,
    kind,
    exceptions: kind === 'OutBoundNAT' ? strings(exceptions) : undefined,
    destinationPrefix: kind === 'Route' ? str(field('DestinationPrefix')) : undefined,
    needEncap: kind === 'Route' ? bool(field('NeedEncap')) : undefined,
    providerAddress: kind === 'ProviderAddress' ? str(field('ProviderAddress', 'PA')) : undefined,
    settings: flat,
  };
}

/** Endpoint policies of a plugin object: `AdditionalArgs` (windows-container-networking) and `policies` (win-bridge, win-overlay). */
function policiesOf(o: unknown): CniPolicy[] {
  return [...list(get(o, 'AdditionalArgs')), ...list(get(o, 'policies'))].map(policy).filter((p): p is CniPolicy => p !== undefined);
}

function boolRecord(o: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (isObj(o)) for (const [k, v] of Object.entries(o)) if (typeof v === 'boolean') out[k] = v;
  return out;
}

function ipamOf(o: unknown): CniIpam | undefined {
  if (!isObj(o)) return undefined;
  const ranges = list(get(o, 'ranges')).flatMap((set) => list(set)).filter(isObj).map((r) => ({
    subnet: str(get(r, 'subnet')), rangeStart: str(get(r, 'rangeStart')), rangeEnd: str(get(r, 'rangeEnd')), gateway: str(get(r, 'gateway')),
  }));
  const subnet = str(get(o, 'subnet'));
  const subnets = [...(subnet ? [subnet] : []), ...ranges.map((r) => r.subnet).filter((s): s is string => !!s)];
  return {
    type: str(get(o, 'type')),
    subnets: [...new Set(subnets)],
    ranges,
    // `gw` (host-local, `GW` in windows-container-networking examples) or `gateway` (the Windows IPAM nerdctl writes).
    routes: list(get(o, 'routes')).filter(isObj).map((r) => ({ dst: str(get(r, 'dst')), gw: str(get(r, 'gw')) ?? str(get(r, 'gateway')) })),
  };
}

function pluginOf(o: Obj): CniPlugin {
  const delegate = get(o, 'delegate');
  const dns = get(o, 'dns') ?? get(delegate, 'dns');
  return {
    type: str(get(o, 'type')),
    delegateType: str(get(delegate, 'type')),
    master: str(get(o, 'master')) ?? str(get(delegate, 'master')),
    capabilities: boolRecord(get(o, 'capabilities')),
    optionalFlags: { ...boolRecord(get(delegate, 'optionalFlags')), ...boolRecord(get(o, 'optionalFlags')) },
    ipam: ipamOf(get(o, 'ipam')) ?? ipamOf(get(delegate, 'ipam')),
    dns: isObj(dns) ? { nameservers: strings(get(dns, 'Nameservers')), search: strings(get(dns, 'Search')) } : undefined,
    policies: [...policiesOf(o), ...policiesOf(delegate)],
  };
}

/** Parses the text of one CNI conf or conflist. */
export function parseCniConf(text: string): { conf?: CniConf; problem?: ParseProblem } {
  const clean = noBom(text);
  const errors: ParseError[] = [];
  const { parse, printParseErrorCode } = jsoncParser();
  const doc: unknown = parse(clean, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0]!;
    const at = lineColumn(clean, e.offset);
    return { problem: { message: `not valid JSON (${printParseErrorCode(e.error)})`, line: at.line, column: at.column } };
  }
  if (!isObj(doc)) return { problem: { message: 'a CNI conf is a JSON object; this file holds something else' } };
  const pluginList = get(doc, 'plugins');
  const isList = Array.isArray(pluginList);
  const plugins = isList ? pluginList.filter(isObj).map(pluginOf) : [pluginOf(doc)];
  const types = new Set<string>();
  for (const p of plugins) {
    if (p.type) types.add(p.type.toLowerCase());
    if (p.delegateType) types.add(p.delegateType.toLowerCase());
  }
  return {
    conf: {
      name: str(get(doc, 'name')),
      cniVersion: str(get(doc, 'cniVersion')),
      isList,
      plugins,
      types: [...types],
      // Only prefixes: Calico writes `usePodCidr` where a subnet would be (it stays in the plugin's ipam).
      subnets: [...new Set(plugins.flatMap((p) => p.ipam?.subnets ?? []).filter((s) => s.includes('/')))],
      portMappings: plugins.some((p) => p.capabilities['portMappings'] === true),
    },
  };
}
