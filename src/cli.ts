/**
 * wcn-doctor entry point. Parses the command line and dispatches; the TUI is
 * loaded with a dynamic import only when it is used, so batch commands never
 * load ink or react. Each command's module is imported only when that
 * command runs: start-up pays for one command, not for all of them.
 */
import type { Command } from './cli/command.js';
import { EXIT, UsageError, openTui, processIo, wantsInteractive, type Io } from './cli/io.js';
import { DEMO_CAPTURE, toolVersion } from './core/paths.js';
import { sanitizeBlock, sanitizeInline } from './core/text/sanitize.js';

const MAIN_HELP = `wcn-doctor: diagnose Windows container networking from a host capture

Usage:
  wcn-doctor [<capture|folder>]        open the interactive view (text report when not a terminal)
  wcn-doctor check <capture>... [opts] diagnose in batch: text, json, ndjson, markdown, sarif;
                                       several captures run in parallel with a summary
  wcn-doctor fix <capture> --out <f>   write a PowerShell remediation script (-WhatIf, confirmation)
  wcn-doctor diff <before> <after>     what changed between two captures of one host
  wcn-doctor topology <capture>        the host as a graph (Mermaid or Graphviz DOT)
  wcn-doctor explain <id|code>         the knowledge page of a failure mode
  wcn-doctor list-checks               every check with its code, knowledge id and needs
  wcn-doctor simulate <capture> -- <command>
                                       predict whether commands work on the host, before running them
  wcn-doctor search <error text>       which failure modes fit an error message
  wcn-doctor redact <capture> --out f  a copy safe to share (names, MACs, public IPs replaced)
  wcn-doctor collect [--out <file>]    on the Windows host: capture it with the read-only
                                       collector (PowerShell), then open the view on it
  wcn-doctor --version
  wcn-doctor <command> --help          help for one command

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it
(for diff: differences found), 2 usage error or unreadable input, 3 internal
error in wcn-doctor (collect adds 4 and 5). Each command's --help lists its own.
NO_COLOR turns colour off.
`;

/**
 * Each command's module, imported only when that command runs. Every command
 * is made by `defineCommand` (src/cli/command.ts): one parser, one help layout.
 */
export const COMMANDS: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./cli/check.js')).checkCommand,
  fix: async () => (await import('./cli/fix.js')).fixCommand,
  diff: async () => (await import('./cli/diff.js')).diffCommand,
  topology: async () => (await import('./cli/topology.js')).topologyCommand,
  explain: async () => (await import('./cli/explain.js')).explainCommand,
  'list-checks': async () => (await import('./cli/explain.js')).listChecksCommand,
  search: async () => (await import('./cli/search.js')).searchCommand,
  simulate: async () => (await import('./cli/simulate.js')).simulateCommand,
  redact: async () => (await import('./cli/redact.js')).redactCommand,
  collect: async () => (await import('./cli/collect.js')).collectCommand,
};

/**
 * No command: the TUI on a terminal (the capture named, or a picker), the
 * text report of the capture (or the demo) otherwise.
 */
async function runDefault(argv: string[], io: Io): Promise<number> {
  if (argv.length > 1) throw new UsageError(`unexpected '${argv[1]}'; to diagnose several captures use 'wcn-doctor check'`);
  if (wantsInteractive(io)) return openTui(argv[0], io.cwd);
  const path = argv[0] ?? DEMO_CAPTURE;
  const [{ diagnoseFile }, { renderTextReport }] = await Promise.all([import('./core/diagnose.js'), import('./core/report/text.js')]);
  const { report, model } = diagnoseFile(path);
  io.out(renderTextReport(report, { color: io.color, width: io.columns }));
  return model ? EXIT.ok : EXIT.usage;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === '--help' || first === '-h' || first === 'help') {
      io.out(MAIN_HELP);
      return EXIT.ok;
    }
    if (first === '--version' || first === '-V') {
      io.out(`wcn-doctor ${toolVersion()}\n`);
      return EXIT.ok;
    }
    if (first !== undefined && Object.hasOwn(COMMANDS, first)) return await (await COMMANDS[first]!()).run(rest, io);
    if (first !== undefined && first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
    return await runDefault(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`wcn-doctor: ${sanitizeInline((e as Error).message)}\nRun 'wcn-doctor ${first && Object.hasOwn(COMMANDS, first) ? `${first} ` : ''}--help' for usage.\n`);
      return EXIT.usage;
    }
    io.err(`wcn-doctor: internal error: ${sanitizeInline((e as Error)?.message ?? String(e))}\n`);
    if (io.env['WCN_DEBUG']) io.err(`${sanitizeBlock((e as Error)?.stack ?? '')}\n`);
    return EXIT.internal;
  }
}

