/**
 * One test per problem the fuzz tests found, so each stays fixed. Time
 * bounds here are loose (ten times what a linear implementation needs on a
 * slow machine) and fail only for quadratic behaviour; times leave out what
 * other work on the machine takes (clock.ts), and the newer tests compare
 * growth between two sizes instead of a fixed bound.
 */
import test from 'ava';
import fc from 'fast-check';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { parseKubeFile } from '../../src/core/capture/parse/kubernetes.js';
import { freeSubnetAllocator, natOutsideWinnatPrefix } from '../../src/core/checks/nat-outside-winnat-prefix.js';
import { freeHostPort, portConflict } from '../../src/core/checks/port-conflict.js';
import { noServiceDiscovery } from '../../src/core/checks/no-service-discovery.js';
import { winnatSlotTaken } from '../../src/core/checks/winnat-slot-taken.js';
import { vfpNotRunning } from '../../src/core/checks/vfp-not-running.js';
import { runChecks } from '../../src/core/engine.js';
import { buildModel } from '../../src/core/model/build.js';
import { PrefixIndex, firstFreePrefix, ipv4PrefixFromNumber, ipv4Range, parsePrefix, prefixContains, prefixesOverlap, type Prefix } from '../../src/core/model/net.js';
import type { Finding, Fix } from '../../src/core/checks/types.js';
import { hostSummary, type HostReport } from '../../src/core/diagnose.js';
import { renderMarkdownReport } from '../../src/core/report/markdown.js';
import { renderTextReport } from '../../src/core/report/text.js';
import { JsonLocator } from '../../src/core/report/locate.js';
import { commentText, renderRemediationScript } from '../../src/core/report/remediation.js';
import { cloneJson, sample } from './arbitraries.js';
import { stopwatch } from './clock.js';
import { noServiceDiscovery as referenceNoServiceDiscovery } from './reference/no-service-discovery.reference.js';
import { freeHostPort as referenceFreeHostPort, portConflict as referencePortConflict } from './reference/port-conflict.reference.js';

/**
 * The least time `f` takes over a few runs (ms): the minimum leaves out the
 * pauses of a machine busy with other work. Growth tests compare it at two
 * sizes: linear work grows about as the input does, quadratic work with its square.
 */
function leastMs(f: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, timed(f).ms);
  return best;
}

/** The time `f` took: the smaller of wall-clock and CPU time (clock.ts), so other work on the machine does not count. */
function timed<T>(f: () => T): { value: T; ms: number } {
  const elapsed = stopwatch();
  const value = f();
  return { value, ms: elapsed() };
}

test.serial('the model joins docker networks to HNS networks by name in linear time', (t) => {
  const n = 5_000;
  const { capture } = ingestCapture({
    hnsNetworks: Array.from({ length: n }, (_, i) => ({ ID: `id-${i}`, Name: `hns-${i}`, Type: 'nat' })),
    docker: { networks: Array.from({ length: n }, (_, i) => ({ Name: `net-${i}`, Driver: 'nat', Options: { 'com.docker.network.windowsshim.networkname': `HNS-${n - 1 - i}` } })) },
  }, 'scale.json');
  const { value: model, ms } = timed(() => buildModel(capture));
  t.is(model.dockerNetworks[0]?.hns?.name, `hns-${n - 1}`, 'joined by name, case-insensitively');
  t.is(model.dockerNetworks[n - 1]?.hns?.name, 'hns-0');
  t.log(`buildModel: ${ms.toFixed(0)} ms`);
  t.true(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test.serial('WCN202 hands out free partitions in linear time, and the same ones as a brute-force search', (t) => {
  // Differential: the allocator against a search that scans every candidate on each call.
  fc.assert(fc.property(
    fc.integer({ min: 18, max: 26 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 14 - 1 }), fc.integer({ min: 16, max: 32 })), { maxLength: 30 }),
    fc.integer({ min: 1, max: 40 }),
    (outerLen, usedSpec, calls) => {
      const outer = parsePrefix(`172.29.0.0/${outerLen}`)!;
      const used = usedSpec.map(([n, len]) => parsePrefix(`172.29.${n >> 6}.${(n & 63) * 4}/${len}`)!);
      const next = freeSubnetAllocator(outer, used);
      const taken = [...used];
      for (let i = 0; i < calls; i++) {
        const expected = bruteForce(outer, taken);
        const got = next();
        if (got?.text !== expected?.text) throw new Error(`call ${i}: got ${got?.text}, expected ${expected?.text}`);
        if (expected) taken.push(expected);
      }
    },
  ), { numRuns: 200 });
  function bruteForce(outer: Prefix, used: readonly Prefix[]): Prefix | undefined {
    const len = Math.max(outer.length, 24);
    const count = Math.min(2 ** (len - outer.length), 4096);
    const base = ipv4Range(outer)!.first;
    for (let i = 0; i < count; i++) {
      const c = ipv4PrefixFromNumber(base + i * 2 ** (32 - len), len)!;
      if (!used.some((u) => prefixesOverlap(u, c))) return c;
    }
    return undefined;
  }

  const raw = sample('healthy-ws2016');
  const docker = raw['docker'] as { networks: unknown[] };
  for (let i = 0; i < 5_000; i++) {
    docker.networks.push({ Name: `outside-${i}`, Driver: 'nat', IPAM: { Config: [{ Subnet: `10.${i >> 8}.${i & 255}.0/24`, Gateway: `10.${i >> 8}.${i & 255}.1` }] } });
  }
  const model = buildModel(ingestCapture(raw, 'scale.json').capture);
  const { value: { findings, results }, ms } = timed(() => runChecks(model, [natOutsideWinnatPrefix]));
  t.is(results[0]?.status, 'fail');
  t.is(findings.length, 5_000);
  const suggested = findings.map((f) => f.fixes[0]?.title.match(/with (\S+),/)?.[1]).filter((x) => x !== undefined);
  t.is(new Set(suggested).size, suggested.length, 'no block is suggested twice');
  t.true(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test.serial('WCN210 finds the same conflicts as before it was made linear, and stays linear', (t) => {
  const ports = fc.constantFrom(1, 80, 8080, 8081, 8082, 5000, 5001, 49705, 65534, 65535);
  const address = fc.constantFrom('', '0.0.0.0', '::', '10.0.0.1', '10.0.0.2', '127.0.0.1', 'not-an-address', '172.29.86.5');
  const proto = fc.constantFrom('tcp', 'udp');
  const container = fc.record({
    running: fc.boolean(),
    ip: fc.constantFrom('172.29.86.5', '172.29.86.6', '172.29.86.7', ''),
    bindings: fc.array(fc.record({ cport: fc.constantFrom('80', '443', '5000'), proto, hostIp: address, hostPort: fc.oneof(ports.map(String), fc.constant('')) }), { maxLength: 4 }),
  });
  const mapping = fc.record({ id: fc.nat(5), nat: fc.constantFrom('A', 'B'), proto: fc.constantFrom('TCP', 'UDP', 6, 17), ext: fc.constantFrom<string | undefined>(undefined, '0.0.0.0', '10.0.0.1'), port: ports, to: fc.constantFrom('172.29.86.5', '172.29.86.6', '172.29.86.99'), toPort: fc.constantFrom(80, 5000) });
  const range = fc.record({ proto: fc.constantFrom('tcp', 'udp'), start: ports, span: fc.constantFrom(0, 1, 5, 100), admin: fc.boolean() });
  fc.assert(fc.property(fc.array(container, { maxLength: 7 }), fc.array(mapping, { maxLength: 4 }), fc.array(range, { maxLength: 4 }), (cs, ms, rs) => {
    const raw = sample('healthy-ws2016');
    // The reference predates HNS endpoints' own port mappings: with none, both judge docker's published ports alone.
    raw['hnsEndpoints'] = [];
    const docker = raw['docker'] as Record<string, unknown>;
    docker['containers'] = cs.map((c, i) => ({
      Id: `${i}`.padStart(64, 'c'), Name: `/c${i}`, State: { Status: c.running ? 'running' : 'exited', Running: c.running },
      HostConfig: { NetworkMode: 'nat', PortBindings: Object.fromEntries(c.bindings.map((b) => [`${b.cport}/${b.proto}`, [{ HostIp: b.hostIp, HostPort: b.hostPort }]])) },
      NetworkSettings: { Networks: { nat: { IPAddress: c.ip } } },
    }));
    raw['netNatStaticMappings'] = ms.map((m) => ({ StaticMappingID: m.id, NatName: m.nat, Protocol: m.proto, ExternalIPAddress: m.ext, ExternalPort: m.port, InternalIPAddress: m.to, InternalPort: m.toPort }));
    raw['excludedPortRanges'] = rs.map((r) => ({ Protocol: r.proto, StartPort: r.start, EndPort: Math.min(65535, r.start + r.span) }));
    const model = buildModel(ingestCapture(raw, 'diff.json').capture);
    const now = runChecks(model, [portConflict]);
    const before = runChecks(model, [referencePortConflict]);
    t.deepEqual(now, before);
    for (const from of [0, 79, 8079, 8080, 65534, 65535]) {
      for (const p of ['tcp', 'udp'] as const) t.is(freeHostPort(model, from, p), referenceFreeHostPort(model, from, p), `free port above ${from}/${p}`);
    }
  }), { numRuns: 120 });

  const raw = sample('healthy-win11');
  const docker = raw['docker'] as { containers: Record<string, unknown>[] };
  const template = docker.containers[0]!;
  for (let i = 0; i < 5_000; i++) {
    const c = cloneJson(template);
    c['Id'] = `${i}`.padStart(64, 'e');
    c['Name'] = `/copy-${i}`;
    (c['HostConfig'] as Record<string, unknown>)['PortBindings'] = { '80/tcp': [{ HostIp: '', HostPort: '8080' }], [`${i % 3000}/udp`]: [{ HostIp: '', HostPort: String(1 + (i % 3000)) }] };
    docker.containers.push(c);
  }
  const model = buildModel(ingestCapture(raw, 'scale.json').capture);
  const { value: { results }, ms } = timed(() => runChecks(model, [portConflict]));
  t.is(results[0]?.status, 'fail');
  t.true(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test.serial('WCN201 asks a prefix index, which agrees with comparing every pair, and stays linear', (t) => {
  const prefix = fc.oneof(
    fc.tuple(fc.constantFrom(10, 172, 192), fc.nat(3), fc.nat(255), fc.integer({ min: 0, max: 32 })).map(([a, b, c, l]) => parsePrefix(`${a}.${b}.${c}.0/${l}`)!),
    fc.tuple(fc.nat(3), fc.integer({ min: 0, max: 128 })).map(([a, l]) => parsePrefix(`fd00:${a}::/${l}`)!),
  );
  fc.assert(fc.property(fc.array(prefix, { maxLength: 12 }), fc.array(prefix, { maxLength: 12 }), (members, outers) => {
    const index = new PrefixIndex(members);
    for (const o of [...outers, undefined]) {
      const expected = members.some((m) => prefixContains(o, m));
      if (index.anyInside(o) !== expected) throw new Error(`${o?.text}: expected ${expected}`);
    }
  }), { numRuns: 500 });

  const raw = sample('healthy-ws2016');
  raw['netNat'] = Array.from({ length: 20_000 }, (_, i) => ({ Name: `lab-${i}`, InternalIPInterfaceAddressPrefix: `10.${i >> 8}.${i & 255}.0/24` }));
  const docker = raw['docker'] as { networks: unknown[] };
  for (let i = 0; i < 20_000; i++) docker.networks.push({ Name: `n-${i}`, Driver: 'nat', IPAM: { Config: [{ Subnet: `172.${16 + (i >> 12)}.${(i >> 4) & 255}.${(i & 15) * 16}/28` }] } });
  const model = buildModel(ingestCapture(raw, 'scale.json').capture);
  const { value: { findings }, ms } = timed(() => runChecks(model, [winnatSlotTaken]));
  t.is(findings.length, 20_000);
  t.true(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test.serial('the remediation script stays bounded when a capture makes a finding with thousands of fixes and subjects', (t) => {
  // The case the fuzz runner found: 7532 copies of a container made WCN210 findings with 2510 fixes,
  // 2510 subjects and a 70 KB message each; repeating message and subjects in every step passed
  // the largest string V8 can make.
  const fixes = Array.from({ length: 2510 }, (_, i): Fix => ({
    title: `Re-create 'c${i}' publishing host port ${9000 + i}`, risk: 'disruptive', disrupts: `container 'c${i}'`, runOn: 'container-host',
    commands: [`docker rm --force 'c${i}'`], verify: `docker port 'c${i}'`, expect: 'Shows the port.',
  }));
  const finding: Finding = {
    check: 'WCN210', knowledge: 'port-conflict', severity: 'error', title: 'A published host port is already taken',
    message: Array.from({ length: 2511 }, (_, i) => `'c${i}' (running)`).join(' and ').padEnd(70_000, '.'),
    subjects: Array.from({ length: 2511 }, (_, i) => ({ kind: 'container' as const, name: `c${i}` })), evidence: [], fixes,
  };
  const report: HostReport = { source: 'giant.json', host: hostSummary(undefined), summary: { errors: 1, warnings: 0, infos: 0 }, findings: [finding, { ...finding }], checks: [], ingestIssues: [] };
  const script = renderRemediationScript(report, { fixes: 'all', generatedAt: '2024-01-01T00:00:00Z' });
  t.true(script.length < 64 * 1024 * 1024, `${script.length} characters`);
  t.true(script.includes("ShouldProcess('c0, c1, c2, c3, c4, 2506 more'"), 'the target names a few subjects and counts the rest');
  t.is(commentText('a'.repeat(5000)).length, 2001);
  t.is(commentText(`${'a'.repeat(1999)}\ud83d\udc33 tail`), `${'a'.repeat(1999)}…`, 'never cuts a surrogate pair');
  t.is(commentText('x #> y <# z'), 'x # > y < # z');
});

test.serial('the text report renders a finding with more lines than push(...lines) can take', (t) => {
  // Found by the fuzz runner: 12471 copies of a container made a WCN210 finding whose
  // 12470 fixes rendered to more lines than one spread call accepts.
  const fix: Fix = { title: 'Move it', risk: 'safe', runOn: 'container-host', commands: ["Get-Service -Name 'docker'"], verify: "Get-Service -Name 'docker'", expect: 'Running.' };
  const finding: Finding = {
    check: 'WCN210', knowledge: 'port-conflict', severity: 'error', title: 'A published host port is already taken',
    message: 'many containers', subjects: [], evidence: [], fixes: Array.from({ length: 100_000 }, () => fix),
  };
  const report: HostReport = { source: 'big.json', host: hostSummary(undefined), summary: { errors: 1, warnings: 0, infos: 0 }, findings: [finding], checks: [], ingestIssues: [] };
  const text = renderTextReport(report, { color: false });
  t.true(text.split('\n').length > 500_000);
});

test.serial('the remediation script is written in linear time when one long message repeats in every step', (t) => {
  // Found by the fuzz runner: a 300 KB WCN210 message was sanitized again for each of its 12470 steps (13 s).
  const fix = (i: number): Fix => ({ title: 'Move it', risk: 'safe', runOn: 'container-host', commands: [`Get-Service -Name 'docker${i}'`], verify: "Get-Service -Name 'docker'", expect: 'Running.' });
  const finding: Finding = {
    check: 'WCN210', knowledge: 'port-conflict', severity: 'error', title: 'A published host port is already taken',
    message: "'c' (running) and ".repeat(20_000), subjects: [], evidence: [], fixes: Array.from({ length: 12_000 }, (_, i) => fix(i)),
  };
  const report: HostReport = { source: 'big.json', host: hostSummary(undefined), summary: { errors: 1, warnings: 0, infos: 0 }, findings: [finding], checks: [], ingestIssues: [] };
  const { value: script, ms } = timed(() => renderRemediationScript(report, { fixes: 'all' }));
  t.true(script.includes('# Step 12000 of 12000: Move it'));
  t.true(ms < 3000, `took ${ms.toFixed(0)} ms`);
});

test.serial('the Markdown report renders a finding with 100,000 fixes and a command with 200,000 backtick runs', (t) => {
  const fix: Fix = { title: 'Move it', risk: 'safe', runOn: 'container-host', commands: ["Get-Service -Name 'docker'"], verify: "Get-Service -Name 'docker'", expect: 'Running.' };
  const ticks: Fix = { ...fix, commands: [`Remove-VMSwitch -Name '${'`x'.repeat(200_000)}\`\`\`\`'`] };
  const finding: Finding = {
    check: 'WCN301', knowledge: 'oob-vswitch-blocks-transparent', severity: 'warning', title: 'x',
    message: 'many', subjects: [], evidence: [], fixes: [ticks, ...Array.from({ length: 100_000 }, () => fix)],
  };
  const report: HostReport = { source: 'big.json', host: hostSummary(undefined), summary: { errors: 0, warnings: 1, infos: 0 }, findings: [finding], checks: [], ingestIssues: [] };
  const out = renderMarkdownReport([report]);
  t.true(out.includes(`\`\`\`\`\`powershell\nRemove-VMSwitch -Name '\`x`), 'the fence is longer than the longest backtick run');
  t.true(out.split('\n').length > 1_000_000);
});

test.serial('firstFreePrefix agrees with a brute-force search and stays linear in the prefixes to avoid', (t) => {
  const prefix = fc.tuple(fc.constantFrom(10, 172, 192), fc.nat(255), fc.nat(255), fc.integer({ min: 8, max: 32 }))
    .map(([a, b, c, l]) => parsePrefix(`${a}.${a === 172 ? 16 + (b & 15) : a === 192 ? 168 : b}.${c}.0/${l}`)!);
  const details = fc.check(fc.property(fc.array(prefix, { maxLength: 40 }), fc.integer({ min: 16, max: 24 }), (avoid, length) => {
    const pools = [parsePrefix('192.168.0.0/16')!, parsePrefix('172.16.0.0/12')!];
    const got = firstFreePrefix(pools, length, avoid)?.text;
    let expected: string | undefined;
    search: for (const pool of pools) {
      const r = ipv4Range(pool)!;
      for (let n = r.first; n + 2 ** (32 - length) - 1 <= r.last; n += 2 ** (32 - length)) {
        const c = ipv4PrefixFromNumber(n, length)!;
        if (!avoid.some((a) => prefixesOverlap(a, c))) {
          expected = c.text;
          break search;
        }
      }
    }
    if (got !== expected) throw new Error(`got ${got}, expected ${expected}`);
  }), { numRuns: 150 });
  t.false(details.failed, `${String(details.errorInstance)} on ${JSON.stringify(details.counterexample?.map(String))}`);

  // 200,000 /24s cover 192.168/16 and most of 172.16/12, and every one overlaps the first candidates.
  const avoid: Prefix[] = [];
  for (let i = 0; i < 200_000; i++) avoid.push(ipv4PrefixFromNumber(ipv4Range(parsePrefix('172.16.0.0/12')!)!.first + (i % 4000) * 256, 24)!);
  for (let i = 0; i < 256; i++) avoid.push(parsePrefix(`192.168.${i}.0/24`)!);
  const { value, ms } = timed(() => firstFreePrefix([parsePrefix('192.168.0.0/16')!, parsePrefix('172.16.0.0/12')!], 24, avoid));
  t.is(value?.text, '172.31.160.0/24');
  t.true(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test.serial('WCN403 finds the same reasons as before it was made linear, and stays linear', (t) => {
  // Found by a scale probe: 9000 copies of a container on a transparent network took WCN403 six
  // minutes (every pair compared, then every pair searched again for each container).
  const NETS = ['nat', 'natb', 'ovl'];
  const container = fc.record({
    on: fc.subarray(NETS),
    address: fc.constantFrom('static', 'dynamic', 'none'),
    aliases: fc.subarray(['web', 'db', 'api']),
    links: fc.array(fc.nat(7), { maxLength: 2 }),
    running: fc.boolean(),
  });
  const details = fc.check(fc.property(fc.array(container, { minLength: 1, maxLength: 8 }), (cs) => {
    const raw = sample('healthy-ws2019');
    const docker = raw['docker'] as { networks: Record<string, unknown>[]; containers: unknown[] };
    const id = (n: string) => n.padEnd(64, '0');
    docker.networks.push({ Name: 'natb', Id: id('b'), Driver: 'nat', IPAM: { Config: [{ Subnet: '172.30.0.0/24', Gateway: '172.30.0.1' }] } });
    docker.networks.push({ Name: 'ovl', Id: id('c'), Driver: 'overlay', Scope: 'swarm', IPAM: { Config: [{ Subnet: '10.0.9.0/24', Gateway: '10.0.9.1' }] } });
    const ext = docker.networks.find((n) => n['Name'] === 'ext')!;
    docker.containers = cs.map((c, i) => {
      const networks: Record<string, unknown> = {
        ext: {
          NetworkID: ext['Id'], IPAddress: c.address === 'none' ? '' : `10.20.31.${10 + i}`,
          IPAMConfig: c.address === 'static' ? { IPv4Address: `10.20.31.${10 + i}` } : null,
          Aliases: c.aliases.length > 0 ? c.aliases.map((a) => `${a}${i % 3}`) : null,
        },
      };
      for (const n of c.on) networks[n] = { NetworkID: id(n === 'nat' ? (docker.networks[0]!['Id'] as string) : n === 'natb' ? 'b' : 'c'), IPAddress: `172.31.0.${i + 2}` };
      if (c.on.includes('nat')) (networks['nat'] as Record<string, unknown>)['NetworkID'] = docker.networks[0]!['Id'];
      return {
        Id: `${i}`.padStart(64, 'a'), Name: `/c${i}`, State: { Status: c.running ? 'running' : 'exited', Running: c.running },
        HostConfig: { NetworkMode: 'ext', Links: c.links.filter((l) => l < cs.length && l !== i).map((l) => `/c${l}:/c${i}/alias${l}`), Isolation: 'process' },
        NetworkSettings: { Networks: networks },
      };
    });
    const model = buildModel(ingestCapture(raw, 'wcn403.json').capture);
    const now = runChecks(model, [noServiceDiscovery]);
    const before = runChecks(model, [referenceNoServiceDiscovery]);
    if (JSON.stringify(now) !== JSON.stringify(before)) throw new Error(`differs:\n${JSON.stringify(now.findings.map((f) => f.message))}\n${JSON.stringify(before.findings.map((f) => f.message))}`);
  }), { numRuns: 200 });
  t.false(details.failed, `seed ${details.seed}: ${String(details.errorInstance)}`);

  const raw = sample('cases/mac-spoofing-required/broken');
  const docker = raw['docker'] as { containers: Record<string, unknown>[] };
  const base = docker.containers.slice();
  for (let i = 0; docker.containers.length < 9000; i++) docker.containers.push(cloneJson(base[i % base.length]!));
  const model = buildModel(ingestCapture(raw, 'scale.json').capture);
  const { value: { results }, ms } = timed(() => runChecks(model, [noServiceDiscovery]));
  t.not(results[0]?.status, 'crashed');
  t.true(ms < 2000, `took ${ms.toFixed(0)} ms`);
});

test.serial('WCN105 groups the networks of one vSwitch in time linear in the networks', (t) => {
  // Found by the scale pass: 20,000 l2bridge networks on one vSwitch copied the group for each
  // network added to it (from 3,000 to 12,000 networks, 70 times as long).
  const modelWith = (networks: number) => {
    const raw = sample('healthy-ws2022');
    const ext = (raw['vmSwitchExtensions'] as Record<string, unknown>[]).find((e) => e['SwitchName'] === 'l2b' && /VFP/.test(String(e['Name'])))!;
    ext['Running'] = false;
    const nets = raw['hnsNetworks'] as Record<string, unknown>[];
    const l2b = nets.find((n) => n['Name'] === 'l2b')!;
    for (let i = 0; nets.length < networks; i++) nets.push({ ...cloneJson(l2b), ID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, Name: `l2b-${i}` });
    return buildModel(ingestCapture(raw, 'scale.json').capture);
  };
  const small = modelWith(3_000);
  const large = modelWith(12_000);
  const findings = runChecks(large, [vfpNotRunning]).findings;
  t.is(findings.length, 1, 'one finding for the one vSwitch');
  t.is(findings[0]!.subjects.filter((s) => s.kind === 'hns-network').length, 11_999, 'naming every l2bridge network on it');
  const a = leastMs(() => runChecks(small, [vfpNotRunning]));
  const b = leastMs(() => runChecks(large, [vfpNotRunning]));
  t.log(`3,000 networks: ${a.toFixed(1)} ms; 12,000: ${b.toFixed(1)} ms`);
  t.true(b < 8 * a + 20, `four times the networks took ${(b / a).toFixed(1)} times as long (${a.toFixed(1)} -> ${b.toFixed(1)} ms)`);
});

test.serial('one static mapping listed 13,000 times is one finding, and its report stays small', (t) => {
  // Found by the files property: each copy made its own finding, and the six reports of
  // 13,442 identical findings took 8 s to render (22 MB of text alone).
  const raw = sample('cases/port-conflict/broken');
  const mappings = raw['netNatStaticMappings'] as unknown[];
  const base = mappings.slice();
  while (mappings.length < 13_000) mappings.push(cloneJson(base[mappings.length % base.length]!));
  const model = buildModel(ingestCapture(raw, 'scale.json').capture);
  const findings = runChecks(model, [portConflict]).findings;
  t.is(findings.length, new Set(findings.map((f) => f.message)).size, 'no two findings say the same');
  t.true(findings.length <= base.length, `${findings.length} findings for ${base.length} distinct mappings`);
  t.true(findings.some((f) => f.evidence.length >= 13_000 / base.length), 'the evidence names every copy');
  const report: HostReport = { source: 'scale.json', host: hostSummary(model), summary: { errors: findings.length, warnings: 0, infos: 0 }, findings, checks: [], ingestIssues: [] };
  t.true(renderTextReport(report, { color: false }).length < 20_000);
});

test.serial('locating evidence costs a scan of the file, not a syntax tree of it', (t) => {
  // Found by the files property: a 30 MB folder capture spent 3 s building a tree of a
  // file to find a few pointers (10 to 20 times a JSON.parse of it); the scan skips what is
  // not on the way to them (about one JSON.parse).
  const items = Array.from({ length: 60_000 }, (_, i) => ({ Name: `c${i}`, Ports: [{ Host: i % 65_536, Ip: '10.0.0.1' }], Labels: { a: 'x', b: [1, 2, 3] } }));
  const text = JSON.stringify({ containers: items, tail: { wanted: true } }, null, 2);
  const pointers = ['/containers/59999/Ports/0/Host', '/containers/3/Labels/b/2', '/tail/wanted'];
  const parse = leastMs(() => JSON.parse(text), 3);
  const locate = leastMs(() => new JsonLocator(text).regions(pointers), 3);
  const regions = new JsonLocator(text).regions(pointers);
  t.is(regions.size, 3);
  t.log(`JSON.parse ${parse.toFixed(0)} ms, locating ${locate.toFixed(0)} ms`);
  t.true(locate < 6 * parse + 20, `locating took ${(locate / parse).toFixed(1)} times a JSON.parse of the same text`);
});

test.serial('a config file listed thousands of times is parsed once', (t) => {
  // Found by the mutated property: 12,006 copies of one kubelet config took 3.5 to 5 s to load,
  // every copy parsed as YAML on its own.
  const raw = sample('healthy-kubeadm-flannel');
  const files = (raw['kubernetes'] as Record<string, unknown[]>)['files']!;
  const config = files.find((f) => String((f as Record<string, unknown>)['path']).endsWith('config.yaml')) as { path: string; text: string };
  while (files.length < 6_000) files.push(cloneJson(config));
  const loaded = ingestCapture(raw, 'scale.json');
  const ms = leastMs(() => ingestCapture(raw, 'scale.json'), 3);
  t.is(loaded.capture.kubernetes?.files?.length, 6_000);
  t.deepEqual(loaded.capture.kubernetes?.files?.[5_999]?.data, loaded.capture.kubernetes?.files?.find((f) => f.path === config.path)?.data);
  const parses = leastMs(() => { for (let i = 0; i < 300; i++) parseKubeFile(config.path, config.text); }, 3);
  t.log(`6,000 copies loaded in ${ms.toFixed(0)} ms; 300 parses of one take ${parses.toFixed(0)} ms`);
  t.true(ms < parses + 200, `loading 6,000 copies (${ms.toFixed(0)} ms) cost more than parsing 300 of them (${parses.toFixed(0)} ms)`);
});
