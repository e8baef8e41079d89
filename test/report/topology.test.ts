import test from 'ava';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { buildTopology, fitLine, loadBalancersOn, ownerOf, renderDot, renderMermaid, type Topology } from '../../src/core/report/topology.js';
import type { RawCapture } from '../helpers/captures.js';
import { svgParts } from '../helpers/svg.js';
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
function parseDot(text: string): { nodes: Map<string, Record<string, string>>; edges: { from: string; to: string; attrs: Record<string, string> }[]; clusters: Map<string, string[]> } {
  const tokens: string[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|(->)|([{}[\];,=])|([A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?)|(<(?:[^<>]|<[^<>]*>)*>))/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.trimEnd().length && (m = re.exec(text)) !== null) {
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!);
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
  const unquote = (v: string) => (v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)).replace(/&amp;/g, '&') : v);
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
  const nodes = new Map<string, Record<string, string>>();
  const edges: { from: string; to: string; attrs: Record<string, string> }[] = [];
  const clusters = new Map<string, string[]>();
  const block = (cluster?: string[]) => {
    take('{');
    while (tokens[i] !== '}') {
      const first = id();
      if (first === 'subgraph') {
        const name = id();
        const inside: string[] = [];
        clusters.set(name, inside);
        block(inside);
        continue;
      }
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
        cluster?.push(first);
      }
      take(';');
    }
    take('}');
  };
  block();
  if (i !== tokens.length) throw new Error('text after the graph');
  return { nodes, edges, clusters };
}

const SHAPES = [['[["', '"]]'], ['[/"', '"/]'], ['{{"', '"}}'], ['["', '"]'], ['[("', '")]'], ['(["', '"])'], ['("', '")'], ['>"', '"]']];

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
    } else if (/^ {2}subgraph g\d+\["/.test(line)) {
      const title = line.slice(line.indexOf('["') + 2, -2);
      if (!line.endsWith('"]') || !safe.test(title)) throw new Error(`unsafe subgraph title: ${line}`);
    } else if (!/^ {4}n\d+$/.test(line) && line !== '  end' && !/^ {2}classDef (error|warning|info) [a-z:#0-9,-]+$/.test(line)
      && !/^ {2}class (n\d+,)*n\d+ (error|warning|info)$/.test(line)) {
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
    t.is(parsed.nodes.size, g.nodes.length + 1, 'every node and the legend');
    t.true(parsed.nodes.get('legend')!.label!.startsWith('<<TABLE'));
    // Drawn from the wire towards the containers: an edge may be written backwards, marked dir=back.
    const drawn = parsed.edges.map((e) => (e.attrs['dir'] === 'back' ? `${e.to}>${e.from}` : `${e.from}>${e.to}`)).sort();
    t.deepEqual(drawn, g.edges.map((e) => `${e.from}>${e.to}`).sort());
    for (const n of g.nodes) t.deepEqual(parsed.nodes.get(n.id)!.label!.split('\n').slice(0, n.lines.length), n.lines.map((l) => fitLine(sanitizeInline(l))));
    for (const grp of g.groups) t.deepEqual(parsed.clusters.get(`cluster_${grp.id}`), grp.nodes);
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
  t.is((await runCli(['topology', '/nonexistent.json'])).code, 2);
});

/** The mini host plus `n` more containers on its network 'app', pod-like endpoints on a CNI-made network, and the Default Switch. */
function bigHost(n: number, failing: string[] = []): RawCapture {
  const raw = miniCapture();
  const docker = raw['docker'] as { networks: Record<string, unknown>[]; containers: Record<string, unknown>[] };
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    docker.containers.push({
      Id: `${i.toString(16).padStart(8, '0')}${'ab'.repeat(28)}`, Name: `/${name}`,
      State: { Status: i % 4 === 0 ? 'exited' : 'running', Running: i % 4 !== 0 },
      HostConfig: { NetworkMode: failing.includes(name) ? 'host' : 'app', Isolation: 'process' },
      NetworkSettings: { Networks: { app: { NetworkID: 'cccccccccccc', IPAddress: `172.30.0.${20 + (i % 200)}`, IPPrefixLen: 24 } } },
    });
  }
  (raw['hnsNetworks'] as unknown[]).push(
    { ID: 'd0d0d0d0-0000-4000-8000-00000000000d', Name: 'cbr0', Type: 'L2Bridge', Subnets: [{ AddressPrefix: '10.244.1.0/24', GatewayAddress: '10.244.1.2' }], Extensions: [], Policies: [] },
    { ID: 'e0e0e0e0-0000-4000-8000-00000000000e', Name: 'Default Switch', Type: 'ICS', Subnets: [{ AddressPrefix: '172.17.64.0/20', GatewayAddress: '172.17.64.1' }], Extensions: [], Policies: [] },
  );
  for (let i = 0; i < 40; i++) {
    (raw['hnsEndpoints'] as unknown[]).push({
      ID: `f0f0f0f0-0000-4000-8000-${i.toString().padStart(12, '0')}`, Name: `pod-${i}`, VirtualNetwork: 'd0d0d0d0-0000-4000-8000-00000000000d',
      VirtualNetworkName: 'cbr0', IPAddress: `10.244.1.${10 + i}`, PrefixLength: 24, IsRemoteEndpoint: i >= 30,
    });
  }
  return raw;
}

test('HNS networks are framed by the owner the model resolved: docker by its hnsid binding, Hyper-V for the Default Switch, a CNI plugin by its network name', (t) => {
  const { model, report } = diagnoseFile(writeCapture(bigHost(0)));
  const g = buildTopology(model!, report.findings);
  t.deepEqual(model!.hnsNetworks.map((n) => `${n.name}:${ownerOf(n)}`), ['nat:docker', 'app:docker', 'cbr0:cni', 'Default Switch:hyperv']);
  const group = (owner: string) => g.groups.find((x) => x.owner === owner)!;
  const names = (owner: string) => group(owner).nodes.map((id) => g.nodes.find((n) => n.id === id)!.lines.slice(0, 2).join(' '));
  t.deepEqual(names('hyperv'), ['HNS network Default Switch']);
  t.deepEqual(names('cni'), ['HNS network cbr0', 'HNS endpoints 40 endpoints']);
  t.true(names('docker').includes('docker network app'));
  t.is(group('hyperv').title, 'Hyper-V');
  const pods = g.nodes.find((n) => n.kind === 'summary' && n.lines[1] === '40 endpoints')!;
  t.deepEqual(pods.lines, ['HNS endpoints', '40 endpoints', '10 remote']);
  const each = new Set(g.groups.flatMap((x) => x.nodes));
  t.is(each.size, g.groups.reduce((s, x) => s + x.nodes.length, 0), 'a node sits in one frame at most');
});

test('load balancers are counted per network, each once however many of its endpoints it reaches', (t) => {
  const { model } = diagnoseFile(writeCapture(bigHost(0)));
  const cbr0 = model!.hnsNetworks.find((n) => n.name === 'cbr0')!;
  t.is(loadBalancersOn(cbr0), 0, 'none in the model: no count');
  t.false(buildTopology(model!).nodes.some((n) => n.lines.some((l) => /load balancer/.test(l))));
  // As a model that reads load balancers links them: on the endpoints they serve.
  const [a, b] = [{ id: 'lb-a' }, { id: 'lb-b' }];
  cbr0.endpoints.forEach((e, i) => Object.assign(e, { loadBalancers: i % 2 === 0 ? [a, b] : [a] }));
  t.is(loadBalancersOn(cbr0), 2);
  const net = buildTopology(model!).nodes.find((n) => n.kind === 'hns-network' && n.lines[1] === 'cbr0')!;
  t.deepEqual(net.lines, ['HNS network', 'cbr0', 'l2bridge 10.244.1.0/24', '2 load balancers']);
});

test('200 containers on one network become one counting node; the containers that findings name keep their own', (t) => {
  const small = buildTopology(diagnoseFile(writeCapture(bigHost(3))).model!);
  t.is(small.nodes.filter((n) => n.kind === 'container').length, 4, 'a small network draws every container');
  t.false(small.nodes.some((n) => n.kind === 'summary' && n.lines[0] === 'containers'));

  const { model, report } = diagnoseFile(writeCapture(bigHost(200)));
  const g = buildTopology(model!, report.findings);
  t.true(g.nodes.length < 30, `${g.nodes.length} nodes`);
  const count = g.nodes.find((n) => n.kind === 'summary' && n.lines[0] === 'containers')!;
  t.deepEqual(count.lines, ['containers', '201 containers', '151 running']);
  // Containers that findings name keep their node, up to the same limit per network; the rest mark their count.
  const about = (i: number) => ({ ...report.findings[0]!, check: `WCN9${String(i).padStart(2, '0')}`, subjects: [{ kind: 'container' as const, name: `svc-${i}` }] });
  const marked = buildTopology(model!, [0, 1, 2, 3, 4, 5, 6, 7].map(about));
  const drawn = marked.nodes.filter((n) => n.kind === 'container');
  t.deepEqual(drawn.map((n) => n.lines[1]), ['svc-0', 'svc-1', 'svc-2', 'svc-3', 'svc-4', 'svc-5']);
  t.deepEqual(drawn[2]!.findings, ['WCN902']);
  const rest = marked.nodes.find((n) => n.kind === 'summary' && n.lines[0] === 'containers')!;
  t.is(rest.lines[1], '195 more containers');
  t.deepEqual(rest.findings, ['WCN906', 'WCN907']);
});

test('topology --format svg draws the graph offline; every name is XML text, never markup', async (t) => {
  for (const o of [{}, HOSTILE]) {
    const file = writeCapture(miniCapture(o));
    const r = await runCli(['topology', file, '--format', 'svg']);
    t.is(r.code, 0, r.err);
    t.true(r.out.startsWith('<?xml'));
    const { tags, texts } = svgParts(r.out);
    t.deepEqual([...new Set(tags)].filter((x) => !['svg', 'g', 'title', 'polygon', 'polyline', 'ellipse', 'path', 'text', 'b'].includes(x)), [], 'only drawing elements');
    t.false(/\son\w+=|href=|<script|<foreignObject/i.test(r.out));
    const g = topo(o);
    for (const n of g.nodes) for (const line of n.lines) t.true(texts.includes(fitLine(sanitizeInline(line))), `label line ${JSON.stringify(line)}`);
  }
  t.is((await runCli(['topology', writeCapture(miniCapture()), '--format', 'png'])).code, 2);
});
