/**
 * wcn-doctor entry point. Parses the command line and dispatches; the TUI is
 * loaded with a dynamic import only when it is used, so batch commands never
 * load ink or react.
 */
import { runCheck, CHECK_HELP } from './cli/check.js';
import { REDACT_HELP, runRedact } from './cli/redact.js';
import { SEARCH_HELP, runSearch } from './cli/search.js';
import { EXPLAIN_HELP, LIST_CHECKS_HELP, runExplain, runListChecks } from './cli/explain.js';
import { EXIT, UsageError, processIo, type Io } from './cli/io.js';
import { DEMO_CAPTURE, toolVersion } from './core/paths.js';
import { diagnoseFile } from './core/diagnose.js';
import { renderTextReport } from './core/report/text.js';

const MAIN_HELP = `wcn-doctor: diagnose Windows container networking from a host capture

Usage:
  wcn-doctor [<capture|folder>]        open the interactive view (text report when not a terminal)
  wcn-doctor check <capture>... [opts] diagnose in batch (text or JSON; exit codes for scripts)
  wcn-doctor explain <id|code>         the knowledge page of a failure mode
  wcn-doctor list-checks               every check with its code, knowledge id and needs
  wcn-doctor search <error text>       which failure modes fit an error message
  wcn-doctor redact <capture> --out f  a copy safe to share (names, MACs, public IPs replaced)
  wcn-doctor --version
  wcn-doctor <command> --help          help for one command

Exit codes: 0 nothing at or above the threshold, 1 findings at or above it,
2 usage error or unreadable input. NO_COLOR turns colour off.
`;

type Command = (argv: string[], io: Io) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  check: { run: runCheck, help: CHECK_HELP },
  explain: { run: runExplain, help: EXPLAIN_HELP },
  'list-checks': { run: runListChecks, help: LIST_CHECKS_HELP },
  search: { run: runSearch, help: SEARCH_HELP },
  redact: { run: runRedact, help: REDACT_HELP },
};

/** No command: the TUI on a terminal, the text report of the capture (or the demo) otherwise. */
async function runDefault(argv: string[], io: Io): Promise<number> {
  const path = argv[0] ?? DEMO_CAPTURE;
  if (argv.length > 1) throw new UsageError(`unexpected '${argv[1]}'; to diagnose several captures use 'wcn-doctor check'`);
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
    if (first !== undefined && Object.hasOwn(COMMANDS, first)) return await COMMANDS[first]!.run(rest, io);
    if (first !== undefined && first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
    return await runDefault(argv, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`wcn-doctor: ${(e as Error).message}\nRun 'wcn-doctor ${first && Object.hasOwn(COMMANDS, first) ? `${first} ` : ''}--help' for usage.\n`);
      return EXIT.usage;
    }
    io.err(`wcn-doctor: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (io.env['WCN_DEBUG']) io.err(`${(e as Error)?.stack ?? ''}\n`);
    return EXIT.internal;
  }
}

