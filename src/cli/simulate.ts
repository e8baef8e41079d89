/** `wcn-doctor simulate`: predict commands against a captured host. Never loads the TUI. */
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { splitCommandLine } from '../core/capture/parse/cmdline.js';
import { DEFAULT_MAX_BYTES, readCapture, readCaptureFileBytes } from '../core/capture/read.js';
import { hostSummary } from '../core/diagnose.js';
import { buildModel } from '../core/model/build.js';
import { psQuote } from '../core/powershell.js';
import { renderSimulationText, simulationJson, type SimulationReport } from '../core/report/simulate.js';
import { makeStyle } from '../core/report/style.js';
import { wrapText } from '../core/report/wrap.js';
import { MODELLED_COMMANDS } from '../core/simulate/commands.js';
import { simulateCompose } from '../core/simulate/compose.js';
import { judgeCniConfProposal } from '../core/simulate/cni-conf-proposal.js';
import { simulateCommands } from '../core/simulate/engine.js';
import { isKubeProxyProgram, judgeKubeProxy } from '../core/simulate/kube-proxy.js';
import type { Judgement } from '../core/simulate/proposal.js';
import { escapeJsonText, sanitizeInline } from '../core/text/sanitize.js';
import { defineCommand, format, maxSize, text, type Values } from './command.js';
import { cannotRead } from './load.js';
import { EXIT, UsageError, type Io } from './io.js';

function modelledList(): string {
  return Object.entries(MODELLED_COMMANDS)
    .filter(([, c]) => c.role === 'change')
    .map(([name, c]) => wrapText(c.summary, 80, ' '.repeat(30)).join('\n').replace(/^ {30}/, `  ${name.padEnd(27)} `))
    .join('\n');
}

/** Words the shell split back into one PowerShell command line. */
export function joinWords(words: readonly string[]): string {
  if (words.length === 1) return words[0]!;
  return words.map((w) => (w === '' || /[\s'"`;|&(){}<>,$#\u2018\u2019\u201A\u201B\u201C\u201D\u201E]/.test(w) ? psQuote(w) : w)).join(' ');
}

function readText(path: string, what: string, maxBytes: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new UsageError(`cannot read the ${what} '${sanitizeInline(path)}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > maxBytes) throw new UsageError(`the ${what} '${sanitizeInline(path)}' is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`);
  // Read as capture files are: a pipe or device (which could block or never end) is refused.
  const buf = readCaptureFileBytes(path, maxBytes, { followLinks: true });
  if (!buf) throw new UsageError(`cannot read the ${what} '${sanitizeInline(path)}': not a regular file, or it changed while it was read`);
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

const SIMULATE_OPTIONS = {
  file: text('<path>', `a runbook: PowerShell commands, one per line (pipes and
backtick continuations may span lines; # comments)`),
  compose: text('<path>', `a compose file: its networks and services, as Compose
would create them (project name from 'name:' or the
file's folder, or --project)`),
  project: text('<name>', 'the compose project name'),
  'cni-conf': text('<path>', `a CNI conf (.conf or .conflist) to judge before it is
deployed: would containerd load it, are its plugins in
the bin dirs, does its network clash with HNS's, are
port mappings and OutBoundNAT exceptions right`),
  format: format(['text', 'json'], 'text'),
  'max-size': maxSize(),
};

export const simulateCommand = defineCommand({
  name: 'simulate',
  usage: [
    '<capture> [options] -- <command> [-- <command>]...',
    '<capture> [options] --file <runbook>',
    '<capture> [options] --compose <docker-compose.yml>',
    '<capture> [options] --cni-conf <file>',
    '<capture> [options] -- kube-proxy.exe <flags>',
  ],
  description: `Predicts, before you run it on the host, whether a command works there and
why: the error Windows or Docker would print, the knowledge page that explains
it and how to do it right on this host; or the state it leaves (networks with
subnet and gateway, switches, container addresses) and the findings it newly
causes or clears. Several commands run in order, each on the state the
previous one left (a runbook rehearsal). Nothing is executed.

Give a command as one quoted argument to keep PowerShell quoting exactly:
  wcn-doctor simulate host.json -- "Get-NetNat -Name 'LabNAT' | Remove-NetNat -Confirm:\\$false"

On a Kubernetes or containerd node, two proposals are judged the same way:
a CNI conf (--cni-conf; see the option) and a kube-proxy command line (after
'--', alone): whether kube-proxy would start here, find its HNS network (by
its exact name), have a usable source VIP, the feature gates its version
needs, DSR, and the node name it looks for.
Each aspect is listed with ✔ (works), ✖ (fails), ! (works, not as meant)
or ? (the capture cannot tell).`,
  options: SIMULATE_OPTIONS,
  positionals: { min: 1, max: 1, few: 'name the capture file or folder to simulate on', many: (x) => `unexpected '${x}' before '--'; commands go after '--'` },
  afterDashes: true,
  exitCodes: [
    [EXIT.ok, `no command (or proposed CNI conf or kube-proxy command line) is
predicted to fail (commands that are not modelled are reported as such and
do not count as failures)`],
    [EXIT.findings, 'at least one command, or the proposal, is predicted to fail'],
    [EXIT.usage, `usage error, or a capture, runbook, compose file or CNI conf
that could not be read or parsed`],
  ],
  more: () => `Modelled commands (anything else is reported as "not modelled", and the
simulation goes on with the state unchanged; Get-*, Where-Object,
Select-Object, docker network ls/inspect, docker ps/inspect are read-only):
${modelledList()}`,
  run: ({ options, positionals, rest }, io) => runSimulate(options, positionals[0]!, rest, io),
});

function runSimulate(values: Values<typeof SIMULATE_OPTIONS>, path: string, tail: readonly string[], io: Io): number {
  const maxBytes = values['max-size'] ?? DEFAULT_MAX_BYTES;
  const groups: string[][] = [];
  let current: string[] = [];
  for (const w of tail) {
    if (w === '--') {
      if (current.length > 0) groups.push(current);
      current = [];
    } else {
      current.push(w);
    }
  }
  if (current.length > 0) groups.push(current);
  const sources = [groups.length > 0, values.file !== undefined, values.compose !== undefined, values['cni-conf'] !== undefined].filter(Boolean).length;
  if (sources === 0) throw new UsageError("give commands after '--', a runbook with --file, a compose file with --compose, or a CNI conf with --cni-conf");
  if (sources > 1) throw new UsageError("use one of: commands after '--', --file, --compose, --cni-conf");
  // A command line given as one quoted argument is split the way Windows splits a process's arguments.
  const argv = groups.map((g) => (g.length === 1 ? splitCommandLine(g[0]!) : g));
  const kubeProxy = argv.some((g) => isKubeProxyProgram(g[0]));
  if (kubeProxy && groups.length > 1) throw new UsageError("a kube-proxy command line is judged alone: give it as the only command after '--'");
  // Read before the capture, so a conf that cannot be used is reported at once.
  const confText = values['cni-conf'] !== undefined ? readText(values['cni-conf'], 'CNI conf', 1024 * 1024) : undefined;

  const loaded = readCapture(path, { maxBytes });
  if (!loaded.readable) {
    cannotRead(io, path, loaded.issues);
    return EXIT.usage;
  }
  const model = buildModel(loaded.capture, path);
  const host = hostSummary(model);
  let report: SimulationReport;
  let judgements: readonly Judgement[] | undefined;
  let composeWarnings: ReturnType<typeof simulateCompose>['warnings'] = [];
  let composeExtra: { project: string; notModelled: readonly string[] } | undefined;
  if (values.compose !== undefined) {
    const text = readText(values.compose, 'compose file', 16 * 1024 * 1024);
    const project = values.project ?? basename(dirname(resolve(values.compose)));
    const r = simulateCompose(loaded.capture, text, project);
    if (r.plan.problems.length > 0) {
      io.err(`wcn-doctor: the compose file '${sanitizeInline(values.compose)}' cannot be used:\n${r.plan.problems.map((p) => `  ${sanitizeInline(p)}`).join('\n')}\n`);
      return EXIT.usage;
    }
    report = { source: path, host, result: r.result };
    composeWarnings = r.warnings;
    composeExtra = { project: r.plan.project, notModelled: r.plan.notModelled };
  } else if (confText !== undefined) {
    const r = judgeCniConfProposal(loaded.capture, values['cni-conf']!, confText, model);
    if ('problem' in r) {
      io.err(`wcn-doctor: the CNI conf '${sanitizeInline(values['cni-conf']!)}' cannot be used: ${sanitizeInline(r.problem)}\n`);
      return EXIT.usage;
    }
    report = { source: path, host, result: r.result };
    judgements = r.judgements;
  } else if (kubeProxy) {
    const r = judgeKubeProxy(loaded.capture, argv[0]!, model);
    report = { source: path, host, result: r.result };
    judgements = r.judgements;
  } else {
    const commands = values.file !== undefined ? [readText(values.file, 'runbook', 16 * 1024 * 1024)] : groups.map(joinWords);
    report = { source: path, host, result: simulateCommands(loaded.capture, commands) };
  }
  if (values.format === 'json') {
    const json = simulationJson(report) as Record<string, unknown>;
    if (composeExtra) json['compose'] = { project: composeExtra.project, notModelled: composeExtra.notModelled, warnings: composeWarnings };
    if (judgements) json['judgements'] = judgements;
    io.out(escapeJsonText(JSON.stringify(json, null, 2)) + '\n');
  } else {
    let text = renderSimulationText(report, { color: io.color, width: io.columns });
    if (composeExtra) {
      const st = makeStyle(io.color);
      const width = Math.max(60, io.columns);
      const lines: string[] = ['', st.bold(`Compose project '${sanitizeInline(composeExtra.project)}'`)];
      for (const k of composeExtra.notModelled) lines.push(...wrapText(`not modelled: ${sanitizeInline(k)} (ignored; the state is not changed for it)`, width, '  ').map(st.dim));
      for (const w of composeWarnings) lines.push(...wrapText(`${w.severity} ${sanitizeInline(w.message)} (wcn-doctor explain ${w.knowledge})`, width, '  ').map(st.yellow));
      if (composeWarnings.length === 0) lines.push('  Services that refer to each other by name share a network with service discovery.');
      text += lines.join('\n') + '\n';
    }
    io.out(text);
  }
  return report.result.ok ? EXIT.ok : EXIT.findings;
}
