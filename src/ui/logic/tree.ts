/**
 * The host as a tree, from the HostModel relations:
 *
 *   host
 *   ├─ vSwitch → bound adapter / host vNIC / extensions → HNS network → docker network → containers (IPs)
 *   ├─ WinNAT → static mappings
 *   └─ what hangs on nothing (HNS networks without a vSwitch, docker networks without HNS, …)
 *
 * Findings are attached to the nodes their subjects name (by kind and name,
 * or by JSON pointer). A finding that names nothing in the tree stays on the
 * host node, so every finding shows up somewhere. Pure; every label is
 * sanitized here.
 */
import type { Finding, Severity } from '../../core/checks/types.js';
import { severityRank } from '../../core/engine.js';
import type {
  AdapterModel, ContainerAttachment, DockerNetworkModel, HnsEndpointModel, HnsNetworkModel, HostModel, NatModel, Subject, SubjectKind, SwitchModel,
} from '../../core/model/types.js';
import { sanitizeInline } from '../../core/text/sanitize.js';

export type NodeKind = SubjectKind | 'group';

export interface TreeNode {
  /** Unique path id (`host/vswitch:nat/hns-network:…`). */
  readonly id: string;
  readonly kind: NodeKind;
  /** Short kind word shown before the name (`vSwitch`, `vNIC`, …). */
  readonly tag: string;
  readonly name: string;
  /** One short fact after the name (type, address, state). */
  readonly note: string;
  /** Property lines for the detail pane. */
  readonly props: ReadonlyArray<readonly [string, string]>;
  /** Subjects this node stands for (its own, plus e.g. the HNS endpoint of a container). */
  readonly subjects: readonly Subject[];
  readonly children: TreeNode[];
  /** Indexes into the findings list of the findings that concern this node. */
  readonly findings: number[];
  /** Folded at first unless something below it has a finding (services, switch extensions). */
  readonly quiet?: boolean;
}

const clean = (s: string | undefined | null): string => sanitizeInline(s ?? '');
const lower = (s: string | undefined) => (s ?? '').toLowerCase();

function node(parent: string, kind: NodeKind, tag: string, name: string, note: string, subjects: Subject[], props: [string, string][] = []): TreeNode {
  const id = `${parent}/${kind}:${lower(name)}`;
  return { id, kind, tag, name: clean(name), note: clean(note), props: props.map(([k, v]) => [k, clean(v)] as const), subjects, children: [], findings: [] };
}

function yesNo(v: boolean | undefined): string {
  return v === undefined ? 'not captured' : v ? 'yes' : 'no';
}

function subnetText(s: { text: string | undefined; gateway: string | undefined }): string {
  return `${s.text ?? '?'}${s.gateway ? ` gw ${s.gateway}` : ''}`;
}

function adapterNode(parent: string, a: AdapterModel): TreeNode {
  const v4 = a.ipv4.map((x) => `${x.address}/${x.prefixLength}`);
  const all = a.addresses.map((x) => `${x.address}/${x.prefixLength}`);
  const note = [v4[0] ?? '', a.up ? '' : (a.status ?? 'down').toLowerCase()].filter(Boolean).join(' ');
  return node(parent, a.subject.kind, a.isHostVnic ? 'vNIC' : a.isPhysical ? 'NIC' : 'adapter', a.name, note, [a.subject], [
    ['kind', a.isHostVnic ? 'host vNIC' : a.isPhysical ? 'physical adapter' : 'adapter'],
    ['description', a.description ?? ''],
    ['status', a.status ?? 'not captured'],
    ['ifIndex', a.ifIndex?.toString() ?? ''],
    ['MAC', a.mac ?? ''],
    ['addresses', all.join(', ') || 'none'],
    ['default gateway', a.defaultGateways.join(', ')],
    ['interface metric', a.interfaceMetric?.toString() ?? ''],
    ['DHCP', a.dhcp === undefined ? '' : a.dhcp ? 'enabled' : 'disabled'],
  ].filter(([, v]) => v !== '') as [string, string][]);
}

function attachmentNode(parent: string, att: ContainerAttachment): TreeNode {
  const c = att.container;
  const ip = att.ipv4 ?? att.endpoint?.ipAddress ?? '';
  const state = c.running ? 'running' : (c.status ?? 'stopped');
  const subjects: Subject[] = [c.subject];
  if (att.endpoint) subjects.push(att.endpoint.subject);
  const ports = c.ports.map((p) => `${p.hostIp ? `${p.hostIp}:` : ''}${p.hostPort ?? '?'}->${p.containerPort}/${p.protocol}`);
  return node(parent, 'container', 'ctr', c.name, [ip, c.running ? '' : state].filter(Boolean).join(' '), subjects, [
    ['container id', c.id.slice(0, 12)],
    ['state', state],
    ['isolation', c.isolation ?? 'default'],
    ['network mode', c.networkMode ?? ''],
    ['IPv4 on this network', ip || 'none'],
    ['static IPv4', att.staticIpv4 ?? ''],
    ['MAC', att.mac ?? ''],
    ['HNS endpoint', att.endpoint ? att.endpoint.id : 'none found'],
    ['published ports', ports.join(', ')],
    ['DNS servers', c.dns.join(', ')],
  ].filter(([, v]) => v !== '') as [string, string][]);
}

function dockerNetworkNode(parent: string, n: DockerNetworkModel): TreeNode {
  const nd = node(parent, 'docker-network', 'net', n.name, n.driver, [n.subject], [
    ['driver', n.driver],
    ['id', n.id?.slice(0, 12) ?? ''],
    ['scope', n.scope ?? ''],
    ['subnets', n.subnets.map(subnetText).join(', ') || 'none declared'],
    ['effective subnets', n.effectiveSubnets.map(subnetText).join(', ')],
    ['HNS id', n.hnsId ?? ''],
    ['internal', n.internal ? 'yes' : ''],
    ['IPv6', n.enableIPv6 ? 'enabled' : ''],
    ...Object.entries(n.options).filter(([k]) => !k.endsWith('.hnsid')).map(([k, v]) => [`option ${k.replace('com.docker.network.windowsshim.', '')}`, v] as [string, string]),
  ].filter(([, v]) => v !== '') as [string, string][]);
  for (const att of n.containers) nd.children.push(attachmentNode(nd.id, att));
  return nd;
}

function endpointNode(parent: string, e: HnsEndpointModel): TreeNode {
  return node(parent, 'hns-endpoint', 'endpoint', e.ipAddress ?? e.id, e.isRemote ? 'remote' : '', [e.subject], [
    ['id', e.id], ['IP', e.ipAddress ?? ''], ['MAC', e.mac ?? ''], ['remote', e.isRemote ? 'yes' : 'no'],
  ].filter(([, v]) => v !== '') as [string, string][]);
}

function hnsNode(parent: string, h: HnsNetworkModel): TreeNode {
  const nd = node(parent, 'hns-network', 'HNS', h.name ?? h.id, [h.type, h.subnets[0]?.text].filter(Boolean).join(' '), [h.subject], [
    ['type', h.type],
    ['id', h.id],
    ['subnets', h.subnets.map(subnetText).join(', ') || 'none'],
    ['NAT name', h.natName ?? ''],
    ['adapter', h.adapterName ?? ''],
    ['VFP extension', h.vfpEnabled === undefined ? '' : h.vfpEnabled ? 'enabled' : 'disabled'],
    ['schema', h.shape === 'v2' ? 'V2 (hnsdiag / HCN)' : 'V1 (Get-HnsNetwork)'],
    ['endpoints', String(h.endpoints.length)],
  ].filter(([, v]) => v !== '') as [string, string][]);
  if (h.dockerNetwork) nd.children.push(dockerNetworkNode(nd.id, h.dockerNetwork));
  // Endpoints with no container behind them (leftovers, remote endpoints) are objects of their own.
  for (const e of h.endpoints) if (!e.container) nd.children.push(endpointNode(nd.id, e));
  return nd;
}

function switchNode(parent: string, sw: SwitchModel): TreeNode {
  const nd = node(parent, 'vswitch', 'vSwitch', sw.name, sw.type ?? 'type unknown', [sw.subject], [
    ['type', sw.type ?? 'unknown'],
    ['id', sw.id ?? ''],
    ['management OS', yesNo(sw.allowManagementOS)],
    ['bound to', sw.boundDescriptions.join(', ')],
    ['notes', sw.notes ?? ''],
  ].filter(([, v]) => v !== '') as [string, string][]);
  for (const a of sw.boundAdapters) nd.children.push(adapterNode(nd.id, a));
  for (const a of sw.hostVnics) nd.children.push(adapterNode(nd.id, a));
  if (sw.extensions.length > 0) {
    const on = sw.extensions.filter((e) => e.enabled !== false).length;
    const g = group(nd.id, 'extensions', (gid) => sw.extensions.map((e) =>
      node(gid, 'switch-extension', 'ext', e.name, e.enabled === false ? 'disabled' : e.running === false ? 'not running' : 'enabled', [e.subject], [
        ['enabled', yesNo(e.enabled)], ['running', yesNo(e.running)],
      ])), true);
    nd.children.push({ ...g, note: `${on} of ${sw.extensions.length} enabled` });
  }
  for (const h of sw.hnsNetworks) nd.children.push(hnsNode(nd.id, h));
  return nd;
}

function natNode(parent: string, n: NatModel, model: HostModel): TreeNode {
  const nd = node(parent, 'winnat', 'WinNAT', n.name, n.internalPrefixText ?? '', [n.subject], [
    ['internal prefix', n.internalPrefixText ?? 'none'],
    ['active', yesNo(n.active)],
    ['made by', n.ownedByContainers ? 'HNS / Docker (by its name)' : 'someone else (not an HNS or Docker name)'],
  ]);
  for (const m of model.staticMappings) {
    if (lower(m.natName) !== lower(n.name)) continue;
    nd.children.push(node(nd.id, 'static-mapping', 'map', m.subject.name, '', [m.subject], [
      ['protocol', m.protocol ?? ''], ['external port', String(m.externalPort)], ['internal', `${m.internalAddress ?? '?'}:${m.internalPort ?? '?'}`],
    ]));
  }
  return nd;
}

function group(parent: string, name: string, make: (id: string) => TreeNode[], quiet = false): TreeNode {
  const id = `${parent}/group:${lower(name)}`;
  const children = make(id);
  const g = { ...node(parent, 'group', '', name, `${children.length}`, []), quiet };
  g.children.push(...children);
  return g;
}

/** The tree of one host, with findings attached. */
export function buildHostTree(model: HostModel, findings: readonly Finding[] = []): TreeNode {
  const h = model.host;
  const virt = h.virtualization;
  const root = node('', 'host', 'host', h.name ?? 'container host', model.platform.label, [h.subject], [
    ['name', h.name ?? 'not captured'],
    ['domain', h.domain ?? ''],
    ['OS', model.platform.label],
    ['machine', virt ? (virt.isVirtual ? `virtual machine${virt.hypervisor ? ` (${virt.hypervisor})` : ''}` : 'physical') : 'not captured'],
    ['hardware', [h.manufacturer, h.model].filter(Boolean).join(' ')],
    ['captured at', h.capturedAt ?? ''],
    ['collector', h.collector ?? ''],
    ['PowerShell', h.psVersion ?? ''],
    ['hotfixes', model.hotfixes.join(', ')],
  ].filter(([, v]) => v !== '') as [string, string][]);
  const id = root.id;

  if (model.services.size > 0) {
    const all = [...model.services.values()];
    const g = group(id, 'services', (gid) => all.map((s) =>
      node(gid, 'service', 'svc', s.name, s.running ? 'running' : s.status.toLowerCase(), [s.subject], [
        ['display name', s.displayName ?? ''], ['status', s.status], ['start type', s.startType ?? ''],
      ].filter(([, v]) => v !== '') as [string, string][])), true);
    root.children.push({ ...g, note: `${all.filter((s) => s.running).length} of ${all.length} running` });
  }
  if (model.captured.has('tcpip6')) {
    const v = model.ipv6DisabledComponents;
    root.children.push(node(id, 'registry', 'reg', 'Tcpip6\\Parameters\\DisabledComponents', v === undefined ? 'absent' : `0x${v.toString(16).toUpperCase()}`,
      [{ kind: 'registry', name: 'Tcpip6\\Parameters\\DisabledComponents', pointer: `${model.capture.tcpip6?.$ptr ?? '/tcpip6'}/DisabledComponents` }],
      [['value', v === undefined ? 'absent (IPv6 fully enabled)' : `0x${v.toString(16).toUpperCase()} (${v})`]]));
  }
  if (model.docker) {
    const d = model.docker;
    root.children.push(node(id, 'docker-engine', 'docker', 'docker engine', [d.serverVersion, d.osType].filter(Boolean).join(' '), [d.subject], [
      ['version', d.serverVersion ?? 'not captured'], ['OS type', d.osType ?? 'not captured'], ['swarm', d.swarmState ?? 'not captured'],
    ]));
  }
  for (const sw of model.switches) root.children.push(switchNode(id, sw));
  for (const n of model.nats) root.children.push(natNode(id, n, model));

  const looseHns = model.hnsNetworks.filter((n) => !n.switch);
  if (looseHns.length > 0) root.children.push(group(id, 'HNS networks on no captured vSwitch', (gid) => looseHns.map((n) => hnsNode(gid, n))));
  const looseNets = model.dockerNetworks.filter((n) => !n.hns);
  if (looseNets.length > 0) root.children.push(group(id, 'docker networks without an HNS network', (gid) => looseNets.map((n) => dockerNetworkNode(gid, n))));
  const looseAdapters = model.adapters.filter((a) => !a.boundTo && !a.vnicOf);
  if (looseAdapters.length > 0) root.children.push(group(id, 'adapters on no vSwitch', (gid) => looseAdapters.map((a) => adapterNode(gid, a))));
  const looseContainers = model.containers.filter((c) => c.attachments.every((a) => !a.network));
  if (looseContainers.length > 0) {
    root.children.push(group(id, 'containers on no captured network', (gid) => looseContainers.map((c) =>
      attachmentNode(gid, { container: c, network: undefined, networkName: c.networkMode ?? '', ipv4: undefined, staticIpv4: undefined, mac: undefined, endpoint: undefined }))));
  }
  const looseEndpoints = model.hnsEndpoints.filter((e) => !e.network);
  if (looseEndpoints.length > 0) root.children.push(group(id, 'HNS endpoints on no captured network', (gid) => looseEndpoints.map((e) => endpointNode(gid, e))));

  attachFindings(root, findings);
  return root;
}

function subjectKey(s: Subject): string {
  return `${s.kind}|${lower(s.name)}`;
}

/** Marks each finding on every node that stands for one of its subjects; unmatched findings go to the root. */
function attachFindings(root: TreeNode, findings: readonly Finding[]): void {
  const byKey = new Map<string, TreeNode[]>();
  const byPointer = new Map<string, TreeNode[]>();
  const add = (m: Map<string, TreeNode[]>, k: string, n: TreeNode) => {
    const list = m.get(k) ?? [];
    list.push(n);
    m.set(k, list);
  };
  walk(root, (n) => {
    for (const s of n.subjects) {
      add(byKey, subjectKey(s), n);
      if (s.pointer) add(byPointer, s.pointer, n);
    }
  });
  findings.forEach((f, i) => {
    const hit = new Set<TreeNode>();
    for (const s of f.subjects) {
      for (const n of (s.pointer ? byPointer.get(s.pointer) : undefined) ?? byKey.get(subjectKey(s)) ?? []) hit.add(n);
    }
    if (hit.size === 0) hit.add(root);
    for (const n of hit) if (!n.findings.includes(i)) n.findings.push(i);
  });
}

export function walk(n: TreeNode, fn: (n: TreeNode, depth: number) => void, depth = 0): void {
  fn(n, depth);
  for (const c of n.children) walk(c, fn, depth + 1);
}

export interface TreeRow {
  readonly node: TreeNode;
  readonly depth: number;
  /** Box-drawing guides before the label (`│  ├─ `). */
  readonly guide: string;
  readonly collapsed: boolean;
  /** Worst severity on the node itself. */
  readonly own: Severity | undefined;
  /** Worst severity anywhere below (shown on collapsed nodes). */
  readonly below: Severity | undefined;
}

function worst(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a) return b;
  if (!b) return a;
  return severityRank(a) <= severityRank(b) ? a : b;
}

function worstOf(indexes: readonly number[], findings: readonly Finding[]): Severity | undefined {
  let w: Severity | undefined;
  for (const i of indexes) w = worst(w, findings[i]?.severity);
  return w;
}

/** The visible rows of a tree, depth first, skipping the children of collapsed nodes. */
export function flattenTree(root: TreeNode, collapsed: ReadonlySet<string>, findings: readonly Finding[]): TreeRow[] {
  const rows: TreeRow[] = [];
  const belowCache = new Map<string, Severity | undefined>();
  const belowOf = (n: TreeNode): Severity | undefined => {
    if (belowCache.has(n.id)) return belowCache.get(n.id);
    let w: Severity | undefined;
    for (const c of n.children) w = worst(w, worst(worstOf(c.findings, findings), belowOf(c)));
    belowCache.set(n.id, w);
    return w;
  };
  const visit = (n: TreeNode, depth: number, lead: string, last: boolean) => {
    const isCollapsed = collapsed.has(n.id) && n.children.length > 0;
    const guide = depth === 0 ? '' : `${lead}${last ? '└─ ' : '├─ '}`;
    rows.push({ node: n, depth, guide, collapsed: isCollapsed, own: worstOf(n.findings, findings), below: belowOf(n) });
    if (isCollapsed) return;
    const nextLead = depth === 0 ? '' : `${lead}${last ? '   ' : '│  '}`;
    n.children.forEach((c, i) => visit(c, depth + 1, nextLead, i === n.children.length - 1));
  };
  visit(root, 0, '', true);
  return rows;
}

/** The nodes folded when the tree first shows: quiet groups with no finding inside. */
export function initiallyFolded(root: TreeNode): Set<string> {
  const out = new Set<string>();
  const hasFinding = (n: TreeNode): boolean => n.findings.length > 0 || n.children.some(hasFinding);
  walk(root, (n) => {
    if (n.quiet && !hasFinding(n)) out.add(n.id);
  });
  return out;
}
