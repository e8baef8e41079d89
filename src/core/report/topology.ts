/**
 * The host as a graph: physical adapters, vSwitches, host vNICs, WinNAT,
 * HNS networks grouped by the software that owns them, docker networks and
 * containers with their addresses, with the objects that findings are about
 * marked in the colour of the worst severity. One graph description,
 * rendered as Mermaid, Graphviz DOT, or SVG (DOT laid out by Graphviz
 * compiled to WebAssembly, in ./svg.ts). Node ids are generated (`n1`,
 * `n2`, ...); every label from the capture is sanitized and escaped for the
 * target syntax, so a name can never end a label or start a statement.
 *
 * A network with many containers or endpoints is summarized: the ones with
 * findings keep their own node, the rest become one counting node, so a
 * host with hundreds of containers still reads as a picture.
 */
import type { Finding, Severity } from '../checks/types.js';
import { severityRank } from '../engine.js';
import { prefixContains } from '../model/net.js';
import type { ContainerModel, HnsNetworkModel, HostModel, OwnerKind, Subject, SubjectKind } from '../model/types.js';

export type { OwnerKind };
import { sanitizeInline } from '../text/sanitize.js';

export type TopoKind =
  | 'host' | 'adapter' | 'vswitch' | 'host-vnic' | 'winnat' | 'hns-network' | 'docker-network' | 'container'
  /** Several containers or endpoints of one network, counted. */
  | 'summary';

export interface TopoNode {
  readonly id: string;
  readonly kind: TopoKind;
  /** Plain text, one entry per line; escaped by the renderers. */
  readonly lines: string[];
  /** Check codes of the findings about this object. */
  readonly findings: string[];
  /** The worst severity among those findings. */
  severity?: Severity;
}

export interface TopoEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}


const OWNER_TITLE: Readonly<Record<OwnerKind, string>> = {
  docker: 'docker', 'docker-desktop': 'Docker Desktop', containerd: 'containerd / nerdctl', cni: 'Kubernetes CNI plugin',
  'kube-proxy': 'kube-proxy', hyperv: 'Hyper-V', wsl: 'WSL', unknown: 'owner unknown',
};

/** Nodes drawn together, inside one frame: the networks of one owner. */
export interface TopoGroup {
  readonly id: string;
  readonly owner: OwnerKind;
  readonly title: string;
  readonly nodes: string[];
}

export interface Topology {
  readonly nodes: TopoNode[];
  readonly edges: TopoEdge[];
  readonly groups: TopoGroup[];
}

/** Who made an HNS network, as the model resolved it (src/core/owners/resolve.ts). */
export function ownerOf(net: HnsNetworkModel): OwnerKind {
  return net.owner.kind;
}

/**
 * How many HNS load balancers send traffic to endpoints of this network:
 * read from the endpoints' `loadBalancers` (kube-proxy's, from
 * `hnsLoadBalancers`); 0 where none were captured.
 */
export function loadBalancersOn(net: HnsNetworkModel): number {
  const seen = new Set<object>();
  for (const e of net.endpoints) for (const lb of e.loadBalancers) seen.add(lb);
  return seen.size;
}

/** Above this many containers (or endpoints) on one network, the ones without findings are counted, not drawn. */
const SUMMARIZE_ABOVE = 6;

const KIND_TITLE: Readonly<Record<TopoKind, string>> = {
  host: 'host', adapter: 'adapter', vswitch: 'vSwitch', 'host-vnic': 'host vNIC', winnat: 'WinNAT',
  'hns-network': 'HNS network', 'docker-network': 'docker network', container: 'container', summary: 'summary',
};

/** Subject kinds that have no node of their own are shown on the host node. */
const NODE_KIND_OF: Partial<Record<SubjectKind, TopoKind>> = {
  adapter: 'adapter', 'host-vnic': 'host-vnic', vswitch: 'vswitch', winnat: 'winnat', 'hns-network': 'hns-network',
  'docker-network': 'docker-network', container: 'container',
};

const subjectKey = (kind: string, name: string) => `${kind}:${name.toLowerCase()}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function buildTopology(model: HostModel, findings: readonly Finding[] = []): Topology {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const groups = new Map<OwnerKind, TopoGroup>();
  const byKey = new Map<string, TopoNode>();
  const byObject = new Map<object, TopoNode>();
  const add = (kind: TopoKind, subject: Subject | undefined, obj: object | undefined, lines: string[], title = KIND_TITLE[kind]): TopoNode => {
    const node: TopoNode = { id: `n${nodes.length + 1}`, kind, lines: [title, ...lines.filter((l) => l !== '')], findings: [] };
    nodes.push(node);
    if (subject && !byKey.has(subjectKey(kind, subject.name))) byKey.set(subjectKey(kind, subject.name), node);
    if (obj) byObject.set(obj, node);
    return node;
  };
  const inGroup = (owner: OwnerKind, node: TopoNode) => {
    let g = groups.get(owner);
    if (!g) groups.set(owner, (g = { id: `g${groups.size + 1}`, owner, title: OWNER_TITLE[owner], nodes: [] }));
    g.nodes.push(node.id);
  };

  // Objects that findings name: they always keep a node of their own.
  const named = new Set<string>();
  for (const f of findings) for (const s of f.subjects) named.add(subjectKey(s.kind, s.name));

  const host = add('host', undefined, undefined, [model.host.name ?? 'container host', model.platform.label]);
  for (const a of model.adapters.filter((x) => x.isPhysical)) {
    add('adapter', a.subject, a, [a.name, a.ipv4.map((i) => `${i.address}/${i.prefixLength}`).join(', '), a.up ? '' : `status ${a.status ?? 'unknown'}`]);
  }
  for (const sw of model.switches) {
    const node = add('vswitch', sw.subject, sw, [sw.name, sw.type ?? 'type unknown']);
    for (const a of sw.boundAdapters) {
      const from = byObject.get(a);
      if (from) edges.push({ from: from.id, to: node.id, label: 'bound' });
    }
  }
  for (const v of model.adapters.filter((x) => x.isHostVnic)) {
    const node = add('host-vnic', v.subject, v, [v.name, v.ipv4.map((i) => `${i.address}/${i.prefixLength}`).join(', ')]);
    const sw = v.vnicOf ? byObject.get(v.vnicOf) : undefined;
    if (sw) edges.push({ from: sw.id, to: node.id });
  }
  for (const n of model.hnsNetworks) {
    const lbs = loadBalancersOn(n);
    const node = add('hns-network', n.subject, n, [
      n.name ?? n.id, `${n.type} ${n.subnets.map((s) => s.text ?? '').filter(Boolean).join(', ')}`.trim(), lbs > 0 ? plural(lbs, 'load balancer') : '',
    ]);
    inGroup(ownerOf(n), node);
    const sw = n.switch ? byObject.get(n.switch) : undefined;
    if (sw) edges.push({ from: node.id, to: sw.id, label: 'switch' });
    // Endpoints no captured container accounts for (pods, remote endpoints, leftovers): one count per network.
    const other = n.endpoints.filter((e) => !e.container);
    if (other.length > 0) {
      const remote = other.filter((e) => e.isRemote).length;
      const sum = add('summary', undefined, undefined, [plural(other.length, 'endpoint'), remote > 0 ? `${remote} remote` : ''], 'HNS endpoints');
      inGroup(ownerOf(n), sum);
      edges.push({ from: sum.id, to: node.id });
    }
  }
  for (const nat of model.nats) {
    const node = add('winnat', nat.subject, nat, [nat.name, nat.internalPrefixText ?? '', nat.active === false ? 'inactive' : '']);
    for (const n of model.hnsNetworks) {
      const inside = n.subnets.some((s) => s.prefix && nat.internalPrefix && prefixContains(nat.internalPrefix, s.prefix));
      if (inside || (n.natName !== undefined && n.natName.toLowerCase() === nat.name.toLowerCase())) {
        edges.push({ from: byObject.get(n)!.id, to: node.id, label: 'NAT' });
      }
    }
  }
  for (const d of model.dockerNetworks) {
    const node = add('docker-network', d.subject, d, [d.name, `${d.driver} ${d.effectiveSubnets.map((s) => s.text ?? '').filter(Boolean).join(', ')}`.trim()]);
    inGroup(d.hns ? ownerOf(d.hns) : 'docker', node);
    const hns = d.hns ? byObject.get(d.hns) : undefined;
    if (hns) edges.push({ from: node.id, to: hns.id, label: 'HNS' });
  }

  // Containers: drawn one by one on a small network; on a big one, those that findings name (up to the same
  // number) keep their node and the others are counted.
  const attached = new Map<object, ContainerModel[]>();
  for (const c of model.containers) {
    for (const att of c.attachments) if (att.network) attached.set(att.network, [...(attached.get(att.network) ?? []), c]);
  }
  const shown = new Set<ContainerModel>(model.containers.filter((c) => c.attachments.every((att) => !att.network)));
  for (const all of attached.values()) {
    const isNamed = (c: ContainerModel) => named.has(subjectKey('container', c.name));
    const pick = all.length <= SUMMARIZE_ABOVE ? all : all.filter(isNamed).slice(0, SUMMARIZE_ABOVE);
    for (const c of pick) shown.add(c);
  }
  for (const c of model.containers.filter((x) => shown.has(x))) {
    const node = add('container', c.subject, c, [c.name, c.running ? '' : (c.status ?? 'not running')]);
    inGroup('docker', node);
    for (const att of c.attachments) {
      const net = att.network ? byObject.get(att.network) : undefined;
      if (net) edges.push({ from: node.id, to: net.id, ...(att.ipv4 ? { label: att.ipv4 } : {}) });
    }
  }
  for (const [net, all] of attached) {
    const rest = all.filter((c) => !shown.has(c));
    if (rest.length === 0) continue;
    const running = rest.filter((c) => c.running).length;
    const more = rest.length < all.length ? 'more ' : '';
    const sum = add('summary', undefined, undefined, [`${rest.length} ${more}container${rest.length === 1 ? '' : 's'}`, `${running} running`], 'containers');
    inGroup('docker', sum);
    edges.push({ from: sum.id, to: byObject.get(net)!.id });
    // A finding about a counted container marks its count.
    for (const c of rest) if (!byKey.has(subjectKey('container', c.name))) byKey.set(subjectKey('container', c.name), sum);
  }

  for (const f of findings) {
    const marked = new Set<TopoNode>();
    for (const s of f.subjects) {
      const kind = NODE_KIND_OF[s.kind];
      const node = kind ? byKey.get(subjectKey(kind, s.name)) : undefined;
      marked.add(node ?? host);
    }
    if (marked.size === 0) marked.add(host);
    for (const node of marked) {
      if (!node.findings.includes(f.check)) node.findings.push(f.check);
      if (!node.severity || severityRank(f.severity) < severityRank(node.severity)) node.severity = f.severity;
    }
  }
  return { nodes, edges, groups: [...groups.values()] };
}

function labelLines(node: TopoNode): string[] {
  return [...node.lines, ...(node.findings.length > 0 ? [`problem: ${node.findings.join(', ')}`] : [])];
}

/**
 * Mermaid text inside a quoted label: letters, digits and a few harmless
 * characters stay; everything else becomes an entity code (`#35;`), which
 * Mermaid turns back into the character without interpreting it.
 */
function mermaidText(text: string): string {
  return [...sanitizeInline(text)].map((ch) => (/^[\p{L}\p{N} .,_\-/:()]$/u.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join('');
}

const MERMAID_SHAPE: Record<TopoKind, [string, string]> = {
  host: ['[["', '"]]'], adapter: ['[/"', '"/]'], vswitch: ['{{"', '"}}'], 'host-vnic': ['["', '"]'], winnat: ['[("', '")]'],
  'hns-network': ['(["', '"])'], 'docker-network': ['(["', '"])'], container: ['("', '")'], summary: ['>"', '"]'],
};

/** The outline of an object with findings, by the worst severity; the same in every picture and in the HTML report. */
export const SEVERITY_COLOUR: Readonly<Record<Severity, string>> = { error: '#c62828', warning: '#b35900', info: '#1565c0' };
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function renderMermaid(t: Topology): string {
  const out = ['flowchart LR'];
  for (const n of t.nodes) {
    const [open, close] = MERMAID_SHAPE[n.kind];
    out.push(`  ${n.id}${open}${labelLines(n).map(mermaidText).join('<br/>')}${close}`);
  }
  for (const g of t.groups) {
    out.push(`  subgraph ${g.id}["${mermaidText(g.title)}"]`);
    for (const id of g.nodes) out.push(`    ${id}`);
    out.push('  end');
  }
  for (const e of t.edges) out.push(`  ${e.from} -->${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${e.to}`);
  for (const sev of SEVERITY_ORDER) {
    const marked = t.nodes.filter((n) => n.severity === sev).map((n) => n.id);
    if (marked.length === 0) continue;
    out.push(`  classDef ${sev} stroke:${SEVERITY_COLOUR[sev]},stroke-width:3px`);
    out.push(`  class ${marked.join(',')} ${sev}`);
  }
  return out.join('\n') + '\n';
}

/**
 * Text inside a DOT double-quoted string: backslashes and quotes escaped, one
 * line, and `&` written as an entity (Graphviz reads entities in labels, so a
 * name holding `&lt;` shows as typed).
 */
function dotText(text: string): string {
  return sanitizeInline(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;');
}

const DOT_SHAPE: Record<TopoKind, string> = {
  host: 'house', adapter: 'box3d', vswitch: 'hexagon', 'host-vnic': 'box', winnat: 'cylinder', 'hns-network': 'ellipse',
  'docker-network': 'ellipse', container: 'component', summary: 'folder',
};

/** Where each kind sits from left to right: the wire, the switches, HNS, docker, containers. */
const DOT_RANK: Record<TopoKind, number> = {
  host: 0, adapter: 0, vswitch: 1, 'host-vnic': 2, 'hns-network': 2, winnat: 3, 'docker-network': 3, container: 4, summary: 4,
};

/** The longest label line a drawing shows; longer ones keep their start and end. */
const DOT_LINE_MAX = 44;

export function fitLine(line: string): string {
  const chars = [...line];
  if (chars.length <= DOT_LINE_MAX) return line;
  const half = Math.floor((DOT_LINE_MAX - 1) / 2);
  return `${chars.slice(0, half).join('')}\u2026${chars.slice(chars.length - half).join('')}`;
}

const dotNode = (id: string, shape: string, lines: readonly string[], severity: Severity | undefined, indent: string) =>
  `${indent}${id} [shape=${shape}, label="${lines.map((l) => dotText(fitLine(sanitizeInline(l)))).join('\\n')}"${severity ? `, color="${SEVERITY_COLOUR[severity]}", penwidth=2.5` : ''}];`;

/**
 * The legend, as a Graphviz HTML-like table: the outline colours shown, what
 * a frame and a counting node mean. Fixed text only, never a name.
 */
function legendTable(t: Topology): string {
  const cell = (sev: Severity) => `<TD BORDER="2" COLOR="${SEVERITY_COLOUR[sev]}">${sev}</TD>`;
  const shown = SEVERITY_ORDER.filter((sev) => t.nodes.some((n) => n.severity === sev));
  const rows = [
    '<TR><TD COLSPAN="4" BORDER="0"><B>Legend</B></TD></TR>',
    ...(shown.length > 0 ? [`<TR><TD BORDER="0" ALIGN="LEFT">outline: worst finding, 'problem:' its check codes</TD>${shown.map(cell).join('')}</TR>`] : []),
    ...(t.groups.length > 0 ? ['<TR><TD BORDER="0" ALIGN="LEFT">dashed frame: the networks of one owner</TD></TR>'] : []),
    ...(t.nodes.some((n) => n.kind === 'summary') ? ['<TR><TD BORDER="0" ALIGN="LEFT">folder: containers or endpoints counted, not drawn</TD></TR>'] : []),
    '<TR><TD BORDER="0" ALIGN="LEFT">first line of a box: the kind of object</TD></TR>',
  ];
  return `<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="3">${rows.join('')}</TABLE>`;
}

/**
 * Graphviz DOT: the networks of each owner in a frame of their own, and a
 * legend of the colours and frames used. Edges run from the wire towards the
 * containers; an edge whose meaning points the other way is drawn backwards.
 */
export function renderDot(t: Topology): string {
  const out = ['digraph host {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  const grouped = new Map<string, string>();
  for (const g of t.groups) for (const id of g.nodes) grouped.set(id, g.id);
  for (const n of t.nodes) if (!grouped.has(n.id)) out.push(dotNode(n.id, DOT_SHAPE[n.kind], labelLines(n), n.severity, '  '));
  for (const g of t.groups) {
    out.push(`  subgraph cluster_${g.id} {`, `    label="${dotText(g.title)}";`, '    style="rounded,dashed";', '    color="#777777";', '    fontname="Helvetica";');
    const inside = new Set(g.nodes);
    for (const n of t.nodes) if (inside.has(n.id)) out.push(dotNode(n.id, DOT_SHAPE[n.kind], labelLines(n), n.severity, '    '));
    out.push('  }');
  }
  out.push(`  legend [shape=plaintext, fontsize=9, label=<${legendTable(t)}>];`);
  const kindOf = new Map(t.nodes.map((n) => [n.id, n.kind]));
  for (const e of t.edges) {
    const back = DOT_RANK[kindOf.get(e.from)!] > DOT_RANK[kindOf.get(e.to)!];
    const attrs = [...(e.label ? [`label="${dotText(e.label)}"`] : []), ...(back ? ['dir=back'] : [])];
    out.push(`  ${back ? e.to : e.from} -> ${back ? e.from : e.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
