/**
 * The host as a graph: physical adapters, vSwitches, host vNICs, WinNAT,
 * HNS networks, docker networks and containers with their addresses, with
 * the objects that findings are about marked. Rendered as Mermaid or
 * Graphviz DOT. Node ids are generated (`n1`, `n2`, ...); every label from
 * the capture is sanitized and escaped for the target syntax, so a name can
 * never end a label or start a statement.
 */
import type { Finding } from '../checks/types.js';
import { prefixContains } from '../model/net.js';
import type { HostModel, Subject, SubjectKind } from '../model/types.js';
import { sanitizeInline } from '../text/sanitize.js';

export type TopoKind = 'host' | 'adapter' | 'vswitch' | 'host-vnic' | 'winnat' | 'hns-network' | 'docker-network' | 'container';

export interface TopoNode {
  readonly id: string;
  readonly kind: TopoKind;
  /** Plain text, one entry per line; escaped by the renderers. */
  readonly lines: string[];
  /** Check codes of the findings about this object. */
  readonly findings: string[];
}

export interface TopoEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

export interface Topology {
  readonly nodes: TopoNode[];
  readonly edges: TopoEdge[];
}

const KIND_TITLE: Record<TopoKind, string> = {
  host: 'host', adapter: 'adapter', vswitch: 'vSwitch', 'host-vnic': 'host vNIC', winnat: 'WinNAT',
  'hns-network': 'HNS network', 'docker-network': 'docker network', container: 'container',
};

/** Subject kinds that have no node of their own are shown on the host node. */
const NODE_KIND_OF: Partial<Record<SubjectKind, TopoKind>> = {
  adapter: 'adapter', 'host-vnic': 'host-vnic', vswitch: 'vswitch', winnat: 'winnat', 'hns-network': 'hns-network',
  'docker-network': 'docker-network', container: 'container',
};

const subjectKey = (kind: string, name: string) => `${kind}:${name.toLowerCase()}`;

export function buildTopology(model: HostModel, findings: readonly Finding[] = []): Topology {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const byKey = new Map<string, TopoNode>();
  const byObject = new Map<object, TopoNode>();
  const add = (kind: TopoKind, subject: Subject | undefined, obj: object | undefined, lines: string[]): TopoNode => {
    const node: TopoNode = { id: `n${nodes.length + 1}`, kind, lines: [KIND_TITLE[kind], ...lines.filter((l) => l !== '')], findings: [] };
    nodes.push(node);
    if (subject && !byKey.has(subjectKey(kind, subject.name))) byKey.set(subjectKey(kind, subject.name), node);
    if (obj) byObject.set(obj, node);
    return node;
  };

  const host = add('host', undefined, undefined, [model.host.name ?? 'container host', model.platform.label]);
  for (const a of model.adapters.filter((x) => x.isPhysical)) {
    add('adapter', a.subject, a, [a.name, a.ipv4.map((i) => `${i.address}/${i.prefixLength}`).join(', '), a.up ? '' : `status ${a.status ?? 'unknown'}`]);
  }
  for (const sw of model.switches) {
    const node = add('vswitch', sw.subject, sw, [sw.name, sw.type]);
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
    const node = add('hns-network', n.subject, n, [n.name ?? n.id, `${n.type} ${n.subnets.map((s) => s.text ?? '').filter(Boolean).join(', ')}`.trim()]);
    const sw = n.switch ? byObject.get(n.switch) : undefined;
    if (sw) edges.push({ from: node.id, to: sw.id, label: 'switch' });
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
    const hns = d.hns ? byObject.get(d.hns) : undefined;
    if (hns) edges.push({ from: node.id, to: hns.id, label: 'HNS' });
  }
  for (const c of model.containers) {
    const node = add('container', c.subject, c, [c.name, c.running ? '' : (c.status ?? 'not running')]);
    for (const att of c.attachments) {
      const net = att.network ? byObject.get(att.network) : undefined;
      if (net) edges.push({ from: node.id, to: net.id, ...(att.ipv4 ? { label: att.ipv4 } : {}) });
    }
  }

  for (const f of findings) {
    const marked = new Set<TopoNode>();
    for (const s of f.subjects) {
      const kind = NODE_KIND_OF[s.kind];
      const node = kind ? byKey.get(subjectKey(kind, s.name)) : undefined;
      marked.add(node ?? host);
    }
    if (marked.size === 0) marked.add(host);
    for (const node of marked) if (!node.findings.includes(f.check)) node.findings.push(f.check);
  }
  return { nodes, edges };
}

function labelLines(node: TopoNode): string[] {
  return [...node.lines, ...(node.findings.length > 0 ? [`problem: ${node.findings.join(', ')}`] : [])];
}

/**
 * Mermaid text inside a quoted label: letters, digits and a few harmless
 * characters stay; everything else becomes an entity code (`#35;`), which
 * Mermaid turns back into the character without interpreting it.
 */
export function mermaidText(text: string): string {
  return [...sanitizeInline(text)].map((ch) => (/^[\p{L}\p{N} .,_\-/:()]$/u.test(ch) ? ch : `#${ch.codePointAt(0)};`)).join('');
}

const MERMAID_SHAPE: Record<TopoKind, [string, string]> = {
  host: ['[["', '"]]'], adapter: ['[/"', '"/]'], vswitch: ['{{"', '"}}'], 'host-vnic': ['["', '"]'], winnat: ['[("', '")]'],
  'hns-network': ['(["', '"])'], 'docker-network': ['(["', '"])'], container: ['("', '")'],
};

export function renderMermaid(t: Topology): string {
  const out = ['flowchart LR'];
  for (const n of t.nodes) {
    const [open, close] = MERMAID_SHAPE[n.kind];
    out.push(`  ${n.id}${open}${labelLines(n).map(mermaidText).join('<br/>')}${close}`);
  }
  for (const e of t.edges) out.push(`  ${e.from} -->${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${e.to}`);
  out.push('  classDef finding stroke:#c00,stroke-width:3px');
  const marked = t.nodes.filter((n) => n.findings.length > 0).map((n) => n.id);
  if (marked.length > 0) out.push(`  class ${marked.join(',')} finding`);
  return out.join('\n') + '\n';
}

/** Text inside a DOT double-quoted string: backslashes and quotes escaped, one line. */
export function dotText(text: string): string {
  return sanitizeInline(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

const DOT_SHAPE: Record<TopoKind, string> = {
  host: 'house', adapter: 'box3d', vswitch: 'hexagon', 'host-vnic': 'box', winnat: 'cylinder', 'hns-network': 'ellipse', 'docker-network': 'ellipse', container: 'component',
};

export function renderDot(t: Topology): string {
  const out = ['digraph host {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of t.nodes) {
    const style = n.findings.length > 0 ? ', color="#cc0000", penwidth=2.5' : '';
    out.push(`  ${n.id} [shape=${DOT_SHAPE[n.kind]}, label="${labelLines(n).map(dotText).join('\\n')}"${style}];`);
  }
  for (const e of t.edges) out.push(`  ${e.from} -> ${e.to}${e.label ? ` [label="${dotText(e.label)}"]` : ''};`);
  out.push('}');
  return out.join('\n') + '\n';
}
