import test from 'ava';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { buildTopology, renderDot, renderMermaid, type Topology } from '../../src/core/report/topology.js';
import { sanitizeInline } from '../../src/core/text/sanitize.js';
import { runCli, writeCapture } from '../helpers/cli.js';
import { miniCapture, type MiniOptions } from '../helpers/mini-capture.js';

const HOSTILE: MiniOptions = {
  host: 'h"]; n1 --> n99; %%',
  network: 'net"\nclick n1 call alert()\n\\" -> x [label="',
  container: 'c<br/><img src=x>`**md**`#quot;&amp;',
  vswitch: 'sw}}; end; subgraph x[',
  adapter: 'nic\\N\\G\\l{|}',
};

function topo(o: MiniOptions = {}): Topology {
  const { model, report } = diagnoseFile(writeCapture(miniCapture(o)));
  return buildTopology(model!, report.findings);
}

/** Parses the DOT subset renderDot writes; throws on anything else. */
function parseDot(text: string): { nodes: Map<string, Record<string, string>>; edges: { from: string; to: string; attrs: Record<string, string> }[] } {
  const tokens: string[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|(->)|([{}[\];,=])|([A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?))/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.trimEnd().length && (m = re.exec(text)) !== null) {
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    pos = re.lastIndex;
  }
  if (pos < text.trimEnd().length) throw new Error(`cannot tokenize at ${pos}: ${text.slice(pos, pos + 30)}`);
  let i = 0;
  const take = (want?: string) => {
    const tok = tokens[i++];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new Error(`expected ${want ?? 'a token'}, found ${tok} at token ${i - 1}`);
    return tok;
  };
  const id = () => {
    const tok = take();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tok)) throw new Error(`expected an id, found ${tok}`);
    return tok;
  };
  const unquote = (v: string) => (v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)) : v);
  const attrs = () => {
    const out: Record<string, string> = {};
    take('[');
    while (tokens[i] !== ']') {
      const k = id();
      take('=');
      out[k] = unquote(take());
      if (tokens[i] === ',') i++;
    }
    take(']');
    return out;
  };
  take('digraph');
  id();
  take('{');
  const nodes = new Map<string, Record<string, string>>();
  const edges: { from: string; to: string; attrs: Record<string, string> }[] = [];
  while (tokens[i] !== '}') {
    const first = id();
    if (tokens[i] === '=') {
      i++;
      take();
    } else if (tokens[i] === '->') {
      i++;
      const to = id();
      edges.push({ from: first, to, attrs: tokens[i] === '[' ? attrs() : {} });
    } else if (first === 'node' || first === 'edge') {
      attrs();
    } else {
      nodes.set(first, attrs());
    }
    take(';');
  }
  take('}');
  if (i !== tokens.length) throw new Error('text after the graph');
  return { nodes, edges };
}

const SHAPES = [['[["', '"]]'], ['[/"', '"/]'], ['{{"', '"}}'], ['["', '"]'], ['[("', '")]'], ['(["', '"])'], ['("', '")']];

/** Checks every Mermaid line against the statements renderMermaid may write; returns decoded labels. */
function parseMermaid(text: string): { labels: Map<string, string[]>; edges: { from: string; to: string; label?: string }[] } {
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== 'flowchart LR') throw new Error('no header');
  const safe = /^(?:[\p{L}\p{N} .,_\-/:()]|#\d+;)*$/u;
  const decode = (s: string) => s.replace(/#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)));
  const labels = new Map<string, string[]>();
  const edges: { from: string; to: string; label?: string }[] = [];
  for (const line of lines.slice(1)) {
    const node = /^ {2}(n\d+)(.*)$/.exec(line);
    const edge = /^ {2}(n\d+) -->(?:\|"([^"]*)"\|)? (n\d+)$/.exec(line);
    if (edge) {
      if (edge[2] !== undefined && !safe.test(edge[2])) throw new Error(`unsafe edge label: ${line}`);
      edges.push({ from: edge[1]!, to: edge[3]!, ...(edge[2] !== undefined ? { label: decode(edge[2]) } : {}) });
    } else if (node) {
      const shape = SHAPES.find(([o, c]) => node[2]!.startsWith(o!) && node[2]!.endsWith(c!));
      if (!shape) throw new Error(`unknown node syntax: ${line}`);
      const inner = node[2]!.slice(shape[0]!.length, -shape[1]!.length);
      const parts = inner.split('<br/>');
      for (const p of parts) if (!safe.test(p)) throw new Error(`unsafe label text: ${p}`);
      labels.set(node[1]!, parts.map(decode));
    } else if (!/^ {2}classDef finding [a-z:#0-9,-]+$/.test(line) && !/^ {2}class (n\d+,)*n\d+ finding$/.test(line)) {
      throw new Error(`unexpected line: ${line}`);
    }
  }
  return { labels, edges };
}

test('the graph holds every kind of object with its links, and marks findings', (t) => {
  const g = topo();
  const kinds = g.nodes.map((n) => n.kind);
  for (const k of ['host', 'adapter', 'vswitch', 'host-vnic', 'hns-network', 'docker-network', 'container'] as const) t.true(kinds.includes(k), k);
  const byName = (name: string, kind?: string) => g.nodes.find((n) => n.lines[1] === name && (!kind || n.kind === kind))!;
  t.deepEqual(byName('LabSwitch').findings, ['WCN301']);
  t.deepEqual(byName('Ethernet').findings, ['WCN301']);
  t.deepEqual(byName('app', 'docker-network').findings, ['WCN203']);
  t.deepEqual(byName('app', 'hns-network').findings, []);
  t.deepEqual(byName('CONTAINER-HOST-01').findings, ['WCN101'], 'a registry finding marks the host');
  t.true(g.edges.some((e) => e.from === byName('web').id && e.label === '172.30.0.10'));
  t.true(g.edges.some((e) => e.from === byName('Ethernet').id && e.to === byName('LabSwitch').id));
  const withNat = miniCapture();
  withNat.netNat = [{ Name: 'ContainerNAT', InternalIPInterfaceAddressPrefix: '172.24.16.0/20' }];
  const { model } = diagnoseFile(writeCapture(withNat));
  const g2 = buildTopology(model!);
  const nat = g2.nodes.find((n) => n.kind === 'winnat')!;
  t.true(g2.edges.some((e) => e.to === nat.id && e.label === 'NAT'));
});

test('DOT output parses, with one statement per node and edge, whatever the names', (t) => {
  for (const o of [{}, HOSTILE]) {
    const g = topo(o);
    const dot = renderDot(g);
    const parsed = parseDot(dot);
    t.is(parsed.nodes.size, g.nodes.length);
    t.is(parsed.edges.length, g.edges.length);
    for (const n of g.nodes) t.deepEqual(parsed.nodes.get(n.id)!.label!.split('\n').slice(0, n.lines.length), n.lines.map(sanitizeInline));
  }
});

test('Mermaid output keeps to its statements, whatever the names; labels decode to the names', (t) => {
  for (const o of [{}, HOSTILE]) {
    const g = topo(o);
    const parsed = parseMermaid(renderMermaid(g));
    t.is(parsed.labels.size, g.nodes.length);
    t.is(parsed.edges.length, g.edges.length);
    for (const n of g.nodes) t.deepEqual(parsed.labels.get(n.id)!.slice(0, n.lines.length), n.lines.map(sanitizeInline));
  }
  const text = renderMermaid(topo(HOSTILE));
  t.false(text.includes('<img'));
  t.false(/^\s*click/m.test(text), 'no click statement');
});

test('the topology command writes Mermaid by default and DOT on request', async (t) => {
  const file = writeCapture(miniCapture());
  const m = await runCli(['topology', file]);
  t.is(m.code, 0);
  t.true(m.out.startsWith('flowchart LR\n'));
  const d = await runCli(['topology', file, '--format', 'dot']);
  t.is(d.code, 0);
  t.true(d.out.startsWith('digraph host {'));
  t.is((await runCli(['topology', file, '--format', 'svg'])).code, 2);
  t.is((await runCli(['topology', '/nonexistent.json'])).code, 2);
});
