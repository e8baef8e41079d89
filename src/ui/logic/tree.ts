/**
 * The host as a tree, from the HostModel relations, HNS at the root:
 *
 *   host
 *   ├─ runtimes (docker engine, containerd, kubelet, kube-proxy, …)
 *   ├─ HNS networks, one group per owner (docker, containerd / nerdctl, the
 *   │  Kubernetes CNI plugin, Hyper-V / ICS, unknown)
 *   │  └─ HNS network → docker network → containers (IPs)
 *   │                 → local endpoints (with their pod) · remote endpoints
 *   │                 → policies · load balancers (kube-proxy's)
 *   ├─ vSwitch → bound adapter / host vNIC / extensions
 *   ├─ WinNAT → static mappings
 *   └─ what hangs on nothing (docker networks without HNS, pods without an endpoint, …)
 *
 * Long lists (remote endpoints, load balancers, policies) show their first
 * LIST_MAX items and a count of the rest; an item a finding names is always
 * shown.
 *
 * Findings are attached to the nodes their subjects name (by kind and name,
 * or by JSON pointer). A finding that names nothing in the tree stays on the
 * host node, so every finding shows up somewhere. Pure; every label is
 * sanitized here.
 */
import type { Finding, Severity } from '../../core/checks/types.js';
import { severityRank } from '../../core/engine.js';
import type { HnsPolicy } from '../../core/capture/hns-policies.js';
import { cniDisplayName } from '../../core/model/derived/runtime-label.js';
import type {
  AdapterModel, ContainerAttachment, DockerNetworkModel, HnsEndpointModel, HnsLoadBalancerModel, HnsNetworkModel, HostModel, NatModel, Owner,
  PodModel, RuntimeModel, Subject, SubjectKind, SwitchModel,
} from '../../core/model/types.js';
import { policyText } from '../../core/report/policy-text.js';
import { sanitizeInline } from '../../core/text/sanitize.js';

/** Beside the objects findings name: groups, policy lines, and the count of a long list's rest. */
export type NodeKind = SubjectKind | 'group' | 'policy' | 'more';

/** How many items of a long list (endpoints, load balancers, policies) the tree shows before counting the rest. */
export const LIST_MAX = 20;

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

function node(parent: string, kind: NodeKind, tag: string, name: string, note: string, subjects: Subject[], props: [string, string][] = [], key = name): TreeNode {
  const id = `${parent}/${kind}:${lower(key)}`;
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

/** Which subjects findings name (by kind and name, and by pointer): those objects are never counted away. */
class Named {
  private readonly keys = new Set<string>();
  constructor(findings: readonly Finding[]) {
    for (const f of findings) {
      for (const s of f.subjects) {
        this.keys.add(subjectKey(s));
        if (s.pointer) this.keys.add(`@${s.pointer}`);
      }
    }
  }
  has(subjects: readonly Subject[]): boolean {
    return subjects.some((s) => this.keys.has(subjectKey(s)) || (s.pointer !== undefined && this.keys.has(`@${s.pointer}`)));
  }
}

/** The first LIST_MAX items (and every item a finding names), then one line counting the rest. */
function capped<T>(parent: string, items: readonly T[], subjectsOf: (t: T) => readonly Subject[], make: (t: T, i: number) => TreeNode, named: Named, what: string): TreeNode[] {
  const out: TreeNode[] = [];
  let hidden = 0;
  items.forEach((it, i) => {
    if (i < LIST_MAX || named.has(subjectsOf(it))) out.push(make(it, i));
    else hidden++;
  });
  if (hidden > 0) {
    out.push(node(parent, 'more', '…', `${hidden} more ${what}`, `of ${items.length}, not listed`, [], [
      ['listed', `the first ${LIST_MAX} and those a finding names`], ['not listed', String(hidden)],
    ]));
  }
  return out;
}

function policyProps(policies: readonly HnsPolicy[]): [string, string][] {
  return policies.map((p, i) => [i === 0 ? 'policies' : '', policyText(p)]);
}

function endpointProps(e: HnsEndpointModel): [string, string][] {
  return [
    ['endpoint id', e.id], ['endpoint name', e.name ?? ''], ['IP', e.ipAddress ?? ''], ['MAC', e.mac ?? ''], ['remote', e.isRemote ? 'yes' : 'no'],
    ['owner', e.owner.label],
    ['load balancers', e.loadBalancers.length > 0 ? String(e.loadBalancers.length) : ''],
    ...policyProps(e.policies),
  ];
}

const nonEmpty = (props: [string, string][]) => props.filter(([, v]) => v !== '');

function endpointNode(parent: string, e: HnsEndpointModel): TreeNode {
  // An endpoint made by someone else than its network's owner says who (kube-proxy's source VIP endpoint).
  const note = e.isRemote ? 'remote' : e.network && e.owner.kind !== e.network.owner.kind ? e.owner.label : '';
  return node(parent, 'hns-endpoint', 'endpoint', e.ipAddress ?? e.id, note, [e.subject], nonEmpty(endpointProps(e)), e.id);
}

function podEndpointNode(parent: string, e: HnsEndpointModel, pod: PodModel): TreeNode {
  return node(parent, 'pod', 'pod', pod.subject.name, [e.ipAddress, pod.ready ? '' : (pod.state ?? 'not ready').toLowerCase()].filter(Boolean).join(' '), [pod.subject, e.subject], nonEmpty([
    ['pod', pod.name ?? ''], ['namespace', pod.namespace ?? ''], ['sandbox id', pod.id], ['state', pod.state ?? 'not captured'],
    ...endpointProps(e),
  ]), `${pod.id}/${e.id}`);
}

function localEndpointNode(parent: string, e: HnsEndpointModel): TreeNode {
  return e.pod ? podEndpointNode(parent, e, e.pod) : endpointNode(parent, e);
}

function lbPortText(p: HnsLoadBalancerModel['ports'][number]): string {
  return `${p.protocol ?? '?'} ${p.externalPort ?? '?'} → ${p.internalPort ?? '?'}${p.nodePort ? ' (node port)' : ''}${p.ilb ? ' (ILB)' : ''}`;
}

function loadBalancerNode(parent: string, lb: HnsLoadBalancerModel): TreeNode {
  const missing = lb.endpointIds.length - lb.endpoints.length;
  const note = [lb.dsr ? 'DSR' : '', `${lb.endpointIds.length} endpoint${lb.endpointIds.length === 1 ? '' : 's'}`, missing > 0 ? `${missing} missing` : ''].filter(Boolean).join(' · ');
  return node(parent, 'hns-load-balancer', 'LB', lb.subject.name, note, [lb.subject], nonEmpty([
    ['id', lb.id],
    ['VIPs', lb.vips.join(', ') || 'none (node port)'],
    ['ports', lb.ports.map(lbPortText).join(', ')],
    ['source VIP', lb.sourceVip ?? ''],
    ['DSR', lb.dsr ? 'yes' : 'no'],
    ['endpoints', `${lb.endpointIds.length}${missing > 0 ? ` (${missing} not among the captured HNS endpoints)` : ''}`],
    ['endpoint IPs', lb.endpoints.slice(0, LIST_MAX).map((e) => e.ipAddress ?? e.id).join(', ') + (lb.endpoints.length > LIST_MAX ? `, and ${lb.endpoints.length - LIST_MAX} more` : '')],
    ['owner', lb.owner.label],
  ]), lb.id);
}

/** The load balancers that send traffic to this network's endpoints, each once. */
function loadBalancersOf(h: HnsNetworkModel): HnsLoadBalancerModel[] {
  const seen = new Set<HnsLoadBalancerModel>();
  for (const e of h.endpoints) for (const lb of e.loadBalancers) seen.add(lb);
  return [...seen];
}

/** A quiet group (folded at first unless a finding is inside) whose note is its count. */
function listGroup(parent: string, name: string, make: (id: string) => TreeNode[], total: number): TreeNode {
  return { ...group(parent, name, make, true), note: String(total) };
}

function hnsNode(parent: string, h: HnsNetworkModel, named: Named): TreeNode {
  const local = h.endpoints.filter((e) => !e.isRemote && !e.container);
  const remote = h.endpoints.filter((e) => e.isRemote);
  const policies: { p: HnsPolicy; where: string }[] = [
    ...h.policies.map((p) => ({ p, where: '' })),
    ...h.subnets.flatMap((sn) => (sn.policies ?? []).map((p) => ({ p, where: `subnet ${sn.text ?? '?'}: ` }))),
  ];
  const lbs = loadBalancersOf(h);
  const nd = node(parent, 'hns-network', 'HNS', h.name ?? h.id, [h.type, h.subnets[0]?.text].filter(Boolean).join(' '), [h.subject], nonEmpty([
    ['type', h.type],
    ['id', h.id],
    ['owner', `${h.owner.label} (${h.owner.evidence === 'none' ? 'no evidence' : `evidence: ${h.owner.evidence}`})`],
    ['subnets', h.subnets.map(subnetText).join(', ') || 'none'],
    ['NAT name', h.natName ?? ''],
    ['adapter', h.adapterName ?? ''],
    ['vSwitch', h.switch?.name ?? 'none captured'],
    ['VFP extension', h.vfpEnabled === undefined ? '' : h.vfpEnabled ? 'enabled' : 'disabled'],
    ['schema', h.shape === 'v2' ? 'V2 (hnsdiag / HCN)' : 'V1 (Get-HnsNetwork)'],
    ['CNI conf', h.cni ? `${h.cni.file}${h.cni.dir ? ` in ${h.cni.dir}` : ''}` : ''],
    ['endpoints', `${h.endpoints.length}${remote.length > 0 ? ` (${remote.length} remote)` : ''}`],
    ['load balancers', lbs.length > 0 ? String(lbs.length) : ''],
  ]));
  if (h.dockerNetwork) nd.children.push(dockerNetworkNode(nd.id, h.dockerNetwork));
  // Endpoints with no container behind them (pods, leftovers) are objects of their own.
  nd.children.push(...capped(nd.id, local, (e) => [e.subject, ...(e.pod ? [e.pod.subject] : [])], (e) => localEndpointNode(nd.id, e), named, 'local endpoints'));
  if (remote.length > 0) {
    nd.children.push(listGroup(nd.id, 'remote endpoints', (gid) => capped(gid, remote, (e) => [e.subject], (e) => endpointNode(gid, e), named, 'remote endpoints'), remote.length));
  }
  if (policies.length > 0) {
    nd.children.push(listGroup(nd.id, 'policies', (gid) => capped(gid, policies, () => [], ({ p, where }, i) =>
      node(gid, 'policy', '', `${where}${policyText(p)}`, '', [], [['type', p.Type === 'Other' ? p.Name : p.Type], ['setting', policyText(p)], ...(where ? [['on', where.slice(0, -2)] as [string, string]] : [])], `${i}`),
    named, 'policies'), policies.length));
  }
  if (lbs.length > 0) {
    nd.children.push(listGroup(nd.id, 'load balancers', (gid) => capped(gid, lbs, (lb) => [lb.subject], (lb) => loadBalancerNode(gid, lb), named, 'load balancers'), lbs.length));
  }
  return nd;
}

/** The group an owner's networks go in: the owner kind, with the CNI plugin or nerdctl named. */
function ownerTitle(o: Owner, net: HnsNetworkModel): string {
  switch (o.kind) {
    case 'docker': return 'docker';
    case 'docker-desktop': return 'Docker Desktop';
    case 'containerd': return o.flavor && o.flavor !== 'nerdctl' ? `containerd (${o.flavor})` : 'containerd / nerdctl';
    case 'cni': {
      const plugin = cniDisplayName(o.flavor, net);
      return plugin ? `Kubernetes CNI: ${plugin}` : `Kubernetes CNI plugin${o.flavor ? ` (${o.flavor})` : ''}`;
    }
    case 'kube-proxy': return 'kube-proxy';
    case 'hyperv': return 'Hyper-V / ICS';
    case 'wsl': return 'WSL';
    case 'unknown': return 'owner unknown';
  }
}

/** One group per owner, in the order the owners first appear; an owner group holds that owner's HNS networks. */
function ownerGroups(parent: string, networks: readonly HnsNetworkModel[], named: Named): TreeNode[] {
  const byTitle = new Map<string, HnsNetworkModel[]>();
  for (const n of networks) {
    const title = ownerTitle(n.owner, n);
    const list = byTitle.get(title);
    if (list) list.push(n);
    else byTitle.set(title, [n]);
  }
  return [...byTitle].map(([title, nets]) => {
    const evidence = [...new Set(nets.map((n) => n.owner.evidence))];
    const g = node(parent, 'group', 'owner', title, `${nets.length} HNS network${nets.length === 1 ? '' : 's'}`, [], [
        ['owner', title],
        ['recognised by', nets.map((n) => n.owner.label).filter((l, i, all) => all.indexOf(l) === i).join('; ')],
        ['evidence', evidence.join(', ')],
      ], `owner ${title}`);
    g.children.push(...nets.map((n) => hnsNode(g.id, n, named)));
    return g;
  });
}

function runtimeNode(parent: string, r: RuntimeModel): TreeNode {
  const state = r.running === undefined ? '' : r.running ? 'running' : 'stopped';
  return node(parent, 'runtime', 'runtime', r.subject.name, [r.version, state].filter(Boolean).join(' '), [r.subject, ...(r.service ? [r.service.subject] : [])], nonEmpty([
    ['version', r.version ?? 'not captured'],
    ['state', state || 'not captured'],
    ['answered the collector', r.answered ? 'yes' : 'no'],
    ['service', r.service ? `${r.service.name} (${r.service.status})` : ''],
    ['found by', r.evidence.join(', ')],
  ]));
}

function switchNode(parent: string, sw: SwitchModel): TreeNode {
  const nd = node(parent, 'vswitch', 'vSwitch', sw.name, sw.type ?? 'type unknown', [sw.subject], [
    ['type', sw.type ?? 'unknown'],
    ['id', sw.id ?? ''],
    ['management OS', yesNo(sw.allowManagementOS)],
    ['bound to', sw.boundDescriptions.join(', ')],
    ['HNS networks', sw.hnsNetworks.map((h) => h.name ?? h.id).join(', ')],
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
  const named = new Named(findings);
  if (model.docker) {
    const d = model.docker;
    root.children.push(node(id, 'docker-engine', 'docker', 'docker engine', [d.serverVersion, d.osType].filter(Boolean).join(' '), [d.subject], [
      ['version', d.serverVersion ?? 'not captured'], ['OS type', d.osType ?? 'not captured'], ['swarm', d.swarmState ?? 'not captured'],
    ]));
  }
  for (const r of model.runtimes) if (r.kind !== 'docker' && r.kind !== 'docker-desktop') root.children.push(runtimeNode(id, r));
  root.children.push(...ownerGroups(id, model.hnsNetworks, named));
  for (const sw of model.switches) root.children.push(switchNode(id, sw));
  for (const n of model.nats) root.children.push(natNode(id, n, model));

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
  if (looseEndpoints.length > 0) {
    root.children.push(group(id, 'HNS endpoints on no captured network', (gid) => capped(gid, looseEndpoints, (e) => [e.subject], (e) => (e.isRemote ? endpointNode(gid, e) : localEndpointNode(gid, e)), named, 'endpoints')));
  }
  const looseLbs = model.hnsLoadBalancers.filter((lb) => lb.endpoints.every((e) => !e.network));
  if (looseLbs.length > 0) {
    root.children.push(listGroup(id, 'load balancers on no captured network', (gid) => capped(gid, looseLbs, (lb) => [lb.subject], (lb) => loadBalancerNode(gid, lb), named, 'load balancers'), looseLbs.length));
  }
  const podsAlone = model.pods.filter((p) => p.endpoints.length === 0);
  if (podsAlone.length > 0) {
    root.children.push(listGroup(id, 'pods without an HNS endpoint', (gid) => capped(gid, podsAlone, (p) => [p.subject], (p) =>
      node(gid, 'pod', 'pod', p.subject.name, p.ready ? 'host network or no endpoint captured' : (p.state ?? 'not ready').toLowerCase(), [p.subject], nonEmpty([
        ['pod', p.name ?? ''], ['namespace', p.namespace ?? ''], ['sandbox id', p.id], ['state', p.state ?? 'not captured'],
      ]), p.id), named, 'pods'), podsAlone.length));
  }

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
