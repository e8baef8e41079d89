/**
 * One option parser for every command: the same help layout, the same usage
 * errors with exit 2, and paths from the user made safe before they reach
 * the terminal, whichever command reads them.
 */
import test from 'ava';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli.js';
import { choice, defineCommand, flag, format, maxSize, text, wholeNumber } from '../../src/cli/command.js';
import { EXIT, UsageError, type Io } from '../../src/cli/io.js';
import { runCli, tempDir, writeCapture } from '../helpers/cli.js';
import { miniCapture } from '../helpers/mini-capture.js';

function io(): Io & { text: () => string } {
  let out = '';
  return {
    out: (t) => { out += t; }, err: (t) => { out += t; }, text: () => out,
    stdoutIsTTY: false, stderrIsTTY: false, color: false, columns: 80, env: {}, cwd: process.cwd(),
  };
}

const sample = defineCommand({
  name: 'sample',
  usage: ['<one> [<two>]'],
  description: 'A command made for this test.',
  options: {
    format: format(['text', 'json'], 'text'),
    mode: choice('<m>', ['a', 'b', 'c'], 'b', 'a, b (default) or c'),
    quiet: flag('say less', 'q'),
    label: text('<text>', 'a label\nover two lines'),
    'max-size': maxSize(),
    count: wholeNumber('<n>', 'how many', { min: 1, max: 10, fallback: 3 }),
  },
  positionals: { min: 1, max: 2, few: 'name one thing', many: (x) => `too many things, from '${x}'` },
  exitCodes: [[EXIT.ok, 'fine'], [EXIT.usage, 'usage error']],
  examples: ['wcn-doctor sample x'],
  run: ({ options, positionals }, out) => {
    out.out(JSON.stringify({ options, positionals }));
    return EXIT.ok;
  },
});

async function parsed(argv: string[]) {
  const o = io();
  await sample.run(argv, o);
  return JSON.parse(o.text()) as { options: Record<string, unknown>; positionals: string[] };
}

async function usageError(argv: string[]): Promise<string> {
  try {
    await sample.run(argv, io());
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

test('options parse into typed values, with defaults when absent', async (t) => {
  t.deepEqual(await parsed(['x']), { options: { format: 'text', mode: 'b', quiet: false, count: 3 }, positionals: ['x'] });
  const p = await parsed(['x', 'y', '--format', 'json', '--mode=c', '-q', '--label', 'hi', '--max-size', '1.5', '--count', '10']);
  t.deepEqual(p.options, { format: 'json', mode: 'c', quiet: true, label: 'hi', 'max-size': 1572864, count: 10 });
  t.deepEqual(p.positionals, ['x', 'y']);
});

test('usage errors say what was wrong, in one wording', async (t) => {
  t.is(await usageError(['x', '--format', 'yaml']), "unknown --format 'yaml' (use text or json)");
  t.is(await usageError(['x', '--mode', 'd']), "unknown --mode 'd' (use a, b or c)");
  t.is(await usageError(['x', '--bogus']), "unknown option '--bogus'");
  t.is(await usageError(['x', '-z']), "unknown option '-z'");
  t.is(await usageError(['x', '--label']), '--label needs a value');
  t.is(await usageError(['x', '--quiet=yes']), '--quiet takes no value');
  t.regex(await usageError(['x', '--label', '-v']), /^--label needs a value; to give one that starts with '-', write --label=<value>$/);
  for (const bad of ['0', '-1', 'abc', '', 'Infinity']) t.is(await usageError(['x', `--max-size=${bad}`]), `--max-size takes a number of MiB, not '${bad}'`);
  for (const bad of ['0', '11', '2.5', 'x']) t.is(await usageError(['x', `--count=${bad}`]), `--count takes a whole number from 1 to 10, not '${bad}'`);
  t.is(await usageError([]), 'name one thing');
  t.is(await usageError(['x', 'y', 'z']), "too many things, from 'z'");
});

test('--help wins over every other problem on the line', async (t) => {
  const o = io();
  t.is(await sample.run(['--format', 'yaml', '--help'], o), EXIT.ok);
  t.is(o.text(), sample.help());
});

test('the help layout: usage, description, options with -h last, exit codes with 3, examples', (t) => {
  t.is(sample.help(), `Usage: wcn-doctor sample <one> [<two>]

A command made for this test.

Options:
  --format <f>       text (default), json
  --mode <m>         a, b (default) or c
  -q, --quiet        say less
  --label <text>     a label
                     over two lines
  --max-size <MiB>   refuse capture files larger than this (default 64)
  --count <n>        how many
  -h, --help         show this help

Exit codes:
  0  fine
  2  usage error
  3  internal error in wcn-doctor

Examples:
  wcn-doctor sample x
`);
});

const NAMES = Object.keys(COMMANDS);

test('every command has the same help shape, within 80 columns', async (t) => {
  t.true(NAMES.length >= 9);
  for (const name of NAMES) {
    const r = await runCli([name, '--help']);
    t.is(r.code, 0, name);
    t.is(r.err, '', name);
    t.true(r.out.startsWith(`Usage: wcn-doctor ${name}`), name);
    const sections = r.out.split('\n').filter((l) => /^[A-Z][a-z ]+:$/.test(l));
    t.deepEqual(sections.slice(0, 2), ['Options:', 'Exit codes:'], name);
    t.regex(r.out, /\n {2}-h, --help {9}show this help\n\nExit codes:\n {2}0 {2}/, name);
    t.regex(r.out, /\n {2}3 {2}internal error in wcn-doctor\n/, name);
    const wide = r.out.split('\n').filter((l) => [...l].length > 80 && !l.startsWith('  wcn-doctor ') && !l.startsWith('  Get-Clipboard'));
    t.deepEqual(wide, [], name);
  }
});

test('every command reports an unknown option and a bad --format the same way, with exit 2', async (t) => {
  for (const name of NAMES) {
    const r = await runCli([name, '--bogus']);
    t.is(r.code, EXIT.usage, name);
    t.is(r.err, `wcn-doctor: unknown option '--bogus'\nRun 'wcn-doctor ${name} --help' for usage.\n`, name);
    t.is(r.out, '', name);
    if (!('format' in (await COMMANDS[name]!()).options)) continue;
    const f = await runCli([name, '--format', 'yaml', 'x']);
    t.is(f.code, EXIT.usage, name);
    t.regex(f.err, /^wcn-doctor: unknown --format 'yaml' \(use [a-z, ]+ or [a-z]+\)\nRun 'wcn-doctor \w[\w-]* --help' for usage\.\n$/, name);
  }
});

test('every command that takes --max-size refuses a bad one in the same words', async (t) => {
  const capture = writeCapture(miniCapture());
  for (const name of ['check', 'fix', 'diff', 'topology', 'search', 'simulate']) {
    const r = await runCli([name, '--max-size', 'lots', capture]);
    t.is(r.code, EXIT.usage, name);
    t.true(r.err.startsWith("wcn-doctor: --max-size takes a number of MiB, not 'lots'\n"), name);
  }
});

// A path typed by a user (or pasted from a ticket) can carry escape sequences: none may reach the terminal.
const EVIL = '\u001b[31mRED\u001b]0;title\u0007\u009b2J.json';

test('a path with escape sequences is sanitized by every command that cannot read it (fix once wrote the raw bytes)', async (t) => {
  const missing = join(tempDir(), EVIL);
  const runs: [string, string[]][] = [
    ['fix', ['fix', missing, '--out', '-']],
    ['diff', ['diff', missing, missing]],
    ['topology', ['topology', missing]],
    ['search', ['search', '--capture', missing, 'element not found']],
    ['simulate', ['simulate', missing, '--', 'docker ps']],
    ['redact', ['redact', missing, '--out', '-']],
    ['check', ['check', '--format', 'text', missing]],
  ];
  for (const [name, argv] of runs) {
    const r = await runCli(argv);
    t.is(r.code, EXIT.usage, name);
    t.regex(r.err + r.out, /RED/, `${name} names the file`);
    t.notRegex(r.err + r.out, /[\u001b\u0007\u009b]/, `${name} writes no control character`);
  }
});

test('fix names an unreadable capture in the same words as diff and topology', async (t) => {
  const missing = join(tempDir(), 'gone.json');
  const lines = await Promise.all([['fix', missing, '--out', '-'], ['topology', missing], ['diff', missing, missing]].map((a) => runCli(a)));
  for (const r of lines) t.true(r.err.startsWith(`wcn-doctor: cannot read '${missing}': `), r.err);
});
