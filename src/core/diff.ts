/**
 * What changed between two captures of one host: objects added, removed or
 * changed (by kind, keyed by the name the user knows), platform and state
 * values, and which findings appeared or cleared. Findings are matched by
 * check and subject identity, never by message text.
 */
import type { Finding, Severity } from './checks/types.js';
import type { HostReport } from './diagnose.js';
import { findingIdentity } from './identity.js';
import type { HostModel } from './model/types.js';

export const DIFF_KINDS = [
  'service', 'vswitch', 'adapter', 'host-vnic', 'ip-address', 'winnat', 'static-mapping', 'hns-network', 'docker-network', 'container', 'hotfix',
] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface ObjectChange {
  readonly kind: DiffKind;
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** For added and removed objects: their fields; for changed ones: only what changed. */
  readonly fields: readonly FieldChange[];
}

export interface FindingRef {
  readonly check: string;
  readonly knowledge: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly subjects: readonly { readonly kind: string; readonly name: string }[];
  readonly identity: string;
}

export interface CaptureDiff {
  readonly before: { readonly source: string; readonly host: string | null; readonly capturedAt: string | null };
  readonly after: { readonly source: string; readonly host: string | null; readonly capturedAt: string | null };
  /** False when the host names differ (the comparison still runs). */
  readonly sameHost: boolean;
  /** Build, update revision, IPv6 state, docker version and other single values. */
  readonly state: readonly FieldChange[];
  readonly objects: readonly ObjectChange[];
  readonly findings: {
    readonly appeared: readonly FindingRef[];
    readonly cleared: readonly FindingRef[];
    readonly unchanged: number;
  };
  /** Object counts per kind, before and after. */
  readonly counts: Readonly<Record<DiffKind, { readonly before: number; readonly after: number }>>;
  readonly identical: boolean;
}

type Fields = Record<string, string | undefined>;
interface Snapshot {
  readonly name: string;
  readonly fields: Fields;
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const list = (xs: readonly string[]): string | undefined => (xs.length === 0 ? undefined : [...xs].sort().join(', '));

/** Every object of a kind, keyed case-insensitively by the name the user knows. */
function snapshots(model: HostModel): Record<DiffKind, Map<string, Snapshot>> {
  const out = Object.fromEntries(DIFF_KINDS.map((k) => [k, new Map<string, Snapshot>()])) as Record<DiffKind, Map<string, Snapshot>>;
  const put = (kind: DiffKind, name: string, fields: Fields) => {
    let key = name.toLowerCase();
    // Two objects with one name (it happens with HNS networks): keep both, numbered.
    for (let n = 2; out[kind].has(key); n++) key = `${name.toLowerCase()}#${n}`;
    out[kind].set(key, { name: key === name.toLowerCase() ? name : `${name} (#${key.split('#').pop()})`, fields });
  };
  for (const s of model.services.values()) put('service', s.name, { status: s.status, startType: s.startType });
  for (const sw of model.switches) {
    put('vswitch', sw.name, {
      type: sw.type, id: sw.id, allowManagementOS: str(sw.allowManagementOS), adapters: list(sw.boundDescriptions),
      extensions: list(sw.extensions.map((e) => `${e.name}${e.enabled === false ? ' (disabled)' : ''}${e.running === false ? ' (not running)' : ''}`)),
    });
  }
  for (const a of model.adapters) {
    put(a.isHostVnic ? 'host-vnic' : 'adapter', a.name, {
      description: a.description, status: a.status, mac: a.mac, ifIndex: str(a.ifIndex),
      metric: str(a.interfaceMetric), dhcp: str(a.dhcp), gateways: list(a.defaultGateways), boundTo: a.boundTo?.name,
    });
    for (const ip of a.addresses) put('ip-address', `${ip.address}/${ip.prefixLength} on ${a.name}`, { family: ip.family, origin: str(ip.origin) });
  }
  for (const n of model.nats) put('winnat', n.name, { internalPrefix: n.internalPrefixText, active: str(n.active) });
  for (const m of model.staticMappings) {
    put('static-mapping', `${m.protocol ?? 'TCP'} ${m.externalPort}`, { nat: m.natName, internal: `${m.internalAddress ?? '?'}:${m.internalPort ?? '?'}` });
  }
  for (const n of model.hnsNetworks) {
    put('hns-network', n.name ?? n.id, {
      id: n.id, type: n.type, subnets: list(n.subnets.map((s) => `${s.text ?? '?'}${s.gateway ? ` via ${s.gateway}` : ''}`)),
      natName: n.natName, adapter: n.adapterName, switch: n.switch?.name, endpoints: String(n.endpoints.length),
    });
  }
  for (const n of model.dockerNetworks) {
    put('docker-network', n.name, {
      id: n.id, driver: n.driver, scope: n.scope, internal: str(n.internal), ipv6: str(n.enableIPv6),
      subnets: list(n.subnets.map((s) => `${s.text ?? '?'}${s.gateway ? ` via ${s.gateway}` : ''}`)),
      options: list(Object.entries(n.options).map(([k, v]) => `${k}=${v}`)),
      containers: list(n.containers.map((c) => c.container.name)),
    });
  }
  for (const c of model.containers) {
    put('container', c.name, {
      id: c.id, state: c.status ?? (c.running ? 'running' : 'not running'), isolation: c.isolation,
      networks: list(c.attachments.map((a) => `${a.networkName}${a.ipv4 ? ` ${a.ipv4}` : ''}`)),
      ports: list(c.ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort ?? '?'}->${p.containerPort}/${p.protocol}`)),
    });
  }
  for (const h of model.hotfixes) put('hotfix', h, {});
  return out;
}

function stateOf(model: HostModel): Fields {
  const p = model.platform;
  return {
    os: p.label,
    build: str(p.build),
    ubr: str(p.ubr),
    ipv6DisabledComponents: model.captured.has('tcpip6') ? (model.ipv6DisabledComponents === undefined ? 'absent' : `0x${model.ipv6DisabledComponents.toString(16).toUpperCase()}`) : undefined,
    dockerVersion: model.docker?.serverVersion,
    dockerOsType: model.docker?.osType,
    swarm: model.docker?.swarmState,
    hostName: model.host.name,
    domain: model.host.domain,
    virtualization: model.host.virtualization ? (model.host.virtualization.isVirtual ? model.host.virtualization.hypervisor ?? 'virtual' : 'physical') : undefined,
  };
}

function fieldDiff(a: Fields, b: Fields): FieldChange[] {
  const out: FieldChange[] = [];
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k] ?? null;
    const y = b[k] ?? null;
    if (x !== y) out.push({ field: k, before: x, after: y });
  }
  return out;
}

function present(f: Fields, side: 'before' | 'after'): FieldChange[] {
  return Object.entries(f).filter(([, v]) => v !== undefined).map(([k, v]) => ({ field: k, before: side === 'before' ? v! : null, after: side === 'after' ? v! : null }));
}

function ref(f: Finding): FindingRef {
  return {
    check: f.check, knowledge: f.knowledge, severity: f.severity, title: f.title, message: f.message,
    subjects: f.subjects.map((s) => ({ kind: s.kind, name: s.name })), identity: findingIdentity(f),
  };
}

/** Findings in `a` that `b` lacks, counting duplicates (a multiset difference by identity). */
function minus(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(findingIdentity(f), (left.get(findingIdentity(f)) ?? 0) + 1);
  const out: Finding[] = [];
  for (const f of a) {
    const id = findingIdentity(f);
    const n = left.get(id) ?? 0;
    if (n > 0) left.set(id, n - 1);
    else out.push(f);
  }
  return out;
}

export interface DiffSide {
  readonly model: HostModel;
  readonly report: HostReport;
}

export function diffCaptures(before: DiffSide, after: DiffSide): CaptureDiff {
  const sa = snapshots(before.model);
  const sb = snapshots(after.model);
  const objects: ObjectChange[] = [];
  const counts = {} as Record<DiffKind, { before: number; after: number }>;
  for (const kind of DIFF_KINDS) {
    const a = sa[kind];
    const b = sb[kind];
    counts[kind] = { before: a.size, after: b.size };
    for (const [key, x] of a) {
      const y = b.get(key);
      if (!y) objects.push({ kind, name: x.name, change: 'removed', fields: present(x.fields, 'before') });
      else {
        const fields = fieldDiff(x.fields, y.fields);
        if (fields.length > 0) objects.push({ kind, name: y.name, change: 'changed', fields });
      }
    }
    for (const [key, y] of b) if (!a.has(key)) objects.push({ kind, name: y.name, change: 'added', fields: present(y.fields, 'after') });
  }
  const state = fieldDiff(stateOf(before.model), stateOf(after.model));
  const appeared = minus(after.report.findings, before.report.findings).map(ref);
  const cleared = minus(before.report.findings, after.report.findings).map(ref);
  const unchanged = after.report.findings.length - appeared.length;
  const side = (s: DiffSide) => ({ source: s.report.source, host: s.model.host.name ?? null, capturedAt: s.model.host.capturedAt ?? null });
  const hostA = before.model.host.name?.toLowerCase();
  const hostB = after.model.host.name?.toLowerCase();
  return {
    before: side(before), after: side(after),
    sameHost: hostA === undefined || hostB === undefined || hostA === hostB,
    state, objects, findings: { appeared, cleared, unchanged }, counts,
    identical: state.length === 0 && objects.length === 0 && appeared.length === 0 && cleared.length === 0,
  };
}
