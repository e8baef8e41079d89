import test from 'ava';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { renderRemediationScript } from '../../src/core/report/remediation.js';
import { listCommands, parsePowerShell, syntaxErrors, walk, type Node } from '../helpers/powershell-grammar.js';
import { psLiteralValue } from '../helpers/ps-literal.js';
import { runCli, tempDir, writeCapture } from '../helpers/cli.js';
import { miniCapture, type MiniOptions } from '../helpers/mini-capture.js';

const BENIGN: Required<Pick<MiniOptions, 'host' | 'network' | 'container' | 'vswitch' | 'adapter'>> = {
  host: 'HOST1', network: 'net1', container: 'ctr1', vswitch: 'sw1', adapter: 'nic1',
};

/** Names that would break out of a PowerShell string or comment if quoting failed. */
const HOSTILE: (typeof BENIGN)[] = [
  { host: "it's #> Stop-Computer <#", network: "a'; Remove-Item -Recurse C:\\ ; '", container: '$(Stop-Computer)', vswitch: '`$env:PATH`', adapter: 'semi;colon | pipe & amp' },
  { host: 'H\u2019; Restart-Computer; \u2018', network: '\u2018typographic\u2019 quotes', container: 'line1\nRemove-VMSwitch -Name x', vswitch: 'sw #> Format-Volume', adapter: 'nic\r\nStop-Service hns' },
  { host: '\u001b]52;c;cm0gLXJmIC8=\u0007host', network: 'red\u001b[31mnet', container: '"double" $x `n', vswitch: '${evil}', adapter: 'bidi \u202e evil' },
];

function script(names: typeof BENIGN): { text: string; reportFindings: number } {
  const { report } = diagnoseFile(writeCapture(miniCapture(names)));
  return { text: renderRemediationScript(report, { fixes: 'all', generatedAt: '2024-01-01T00:00:00Z' }), reportFindings: report.findings.length };
}

const expected = listCommands(script(BENIGN).text);

test('the benign script parses and runs every fix under a ShouldProcess guard', (t) => {
  const { text, reportFindings } = script(BENIGN);
  t.is(reportFindings, 3);
  t.deepEqual(syntaxErrors(text), []);
  t.true(text.startsWith('#Requires -RunAsAdministrator\r\n'));
  t.regex(text, /\[CmdletBinding\(SupportsShouldProcess = \$true/);
  const tree = parsePowerShell(text);
  const guardOf = (n: Node): string | undefined => {
    for (let p: Node | null = n.parent; p; p = p.parent) {
      if (p.type === 'if_statement') return p.children.find((c) => c.type === 'pipeline')?.text;
    }
    return undefined;
  };
  const commands = [...walk(tree.rootNode)].filter((n) => n.type === 'command');
  t.true(commands.length > 5);
  for (const c of commands) {
    const guard = guardOf(c);
    t.truthy(guard, `unguarded: ${c.text}`);
    t.regex(guard!, /^\$PSCmdlet\.ShouldProcess\(/, c.text);
  }
  // Disruptive steps also ask (unless -Force): every step of this capture is disruptive.
  const ifs = [...walk(tree.rootNode)].filter((n) => n.type === 'if_statement');
  t.true(ifs.length >= 3);
  for (const i of ifs) t.regex(i.text, /\$Force -or \$PSCmdlet\.ShouldContinue\(/);
  tree.delete();
});

test('safe steps come before disruptive ones, and the restart comes last and once', (t) => {
  const raw = miniCapture(BENIGN);
  // A transparent network that wants the held adapter, and a second physical adapter:
  // WCN301 then offers a safe fix first (use the free adapter).
  raw.netAdapters.push({ Name: 'spare', InterfaceDescription: 'Spare NIC', ifIndex: 9, Status: 'Up', Virtual: false, HardwareInterface: true });
  raw.docker.networks.push({ Name: 'tnet', Id: 'dddddddddddd', Driver: 'transparent', Options: { 'com.docker.network.windowsshim.interface': BENIGN.adapter }, IPAM: { Driver: 'windows', Config: [] } });
  const { report } = diagnoseFile(writeCapture(raw));
  const text = renderRemediationScript(report, { fixes: 'all', generatedAt: 'x' });
  const steps = [...text.matchAll(/^# Risk: (safe|disruptive)/gm)].map((m) => m[1]);
  t.true(steps.length >= 4);
  t.is(steps[0], 'safe');
  t.is(steps.indexOf('safe', 1), -1, 'one safe step, first');
  const restarts = listCommands(text).filter((c) => c.name === 'Restart-Computer');
  t.is(restarts.length, 1, 'two fixes ask for a reboot; the script reboots once');
  const last = listCommands(text).filter((c) => c.name !== 'Write-Host').pop();
  t.is(last?.name, 'Restart-Computer');
});

for (const [i, names] of HOSTILE.entries()) {
  test(`hostile names set ${i + 1} stay inside their literals and comments`, (t) => {
    const { text } = script(names);
    t.deepEqual(syntaxErrors(text), [], 'the script still parses');
    const got = listCommands(text);
    t.deepEqual(got.map((c) => c.name), expected.map((c) => c.name), 'no command appeared or vanished');
    t.deepEqual(got.map((c) => c.args.length), expected.map((c) => c.args.length), 'no argument appeared or vanished');
    // Where the benign script had a name as an argument, the hostile script has exactly the hostile name.
    const swap = new Map(Object.entries(BENIGN).map(([k, v]) => [v, names[k as keyof typeof BENIGN]]));
    let checked = 0;
    got.forEach((c, ci) => {
      expected[ci]!.args.forEach((arg, ai) => {
        const hostile = swap.get(arg);
        if (hostile === undefined) return;
        const value = c.args[ai]!;
        // The grammar helper unquotes plain '...' strings itself (but does not undouble typographic quotes).
        const decoded = value === hostile ? value : psLiteralValue(value) ?? psLiteralValue(`'${value.replace(/'/g, "''")}'`);
        t.is(decoded, hostile, `${c.name} argument ${ai + 1}: ${c.text}`);
        checked++;
      });
    });
    t.true(checked >= 8, `names checked: ${checked}`);
    t.false(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u202e]/.test(text), 'no control characters in the script');
    // Comments (the help block and # lines) never hold a block-comment terminator of their own.
    const lines = text.split('\r\n');
    const helpEnd = lines.indexOf('#>');
    t.true(helpEnd > 0);
    for (const [n, line] of lines.entries()) {
      const inComment = (n > 0 && n < helpEnd) || (n > helpEnd && /^\s*#/.test(line));
      if (inComment) t.false(/#>/.test(line), `no early end of a comment: ${line}`);
    }
  });
}

test('fix writes UTF-8 with a byte order mark, only to the path named, never over a file without --force', async (t) => {
  const dir = tempDir();
  const capture = writeCapture(miniCapture({ host: 'HÔTE-컨테이너' }), 'capture.json', dir);
  const out = join(dir, 'remediation.ps1');
  const first = await runCli(['fix', capture, '--out', out]);
  t.is(first.code, 0, first.err);
  t.is(first.out, '');
  const bytes = readFileSync(out);
  t.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  t.true(bytes.subarray(3).toString('utf8').includes('HÔTE-컨테이너'));
  t.deepEqual(readdirSync(dir).sort(), ['capture.json', 'remediation.ps1']);

  writeFileSync(out, 'keep me');
  const again = await runCli(['fix', capture, '--out', out]);
  t.is(again.code, 2);
  t.regex(again.err, /exists; use --force/);
  t.is(readFileSync(out, 'utf8'), 'keep me');

  const forced = await runCli(['fix', capture, '--out', out, '--force']);
  t.is(forced.code, 0);
  t.not(readFileSync(out, 'utf8'), 'keep me');

  const link = join(dir, 'link.ps1');
  symlinkSync(join(dir, 'elsewhere.ps1'), link);
  const viaLink = await runCli(['fix', capture, '--out', link, '--force']);
  t.is(viaLink.code, 2);
  t.false(existsSync(join(dir, 'elsewhere.ps1')), 'a symbolic link is never followed');
});

test('--out - writes the script to stdout and nothing to disk', async (t) => {
  const dir = tempDir();
  const capture = writeCapture(miniCapture(), 'capture.json', dir);
  const r = await runCli(['fix', capture, '--out', '-', '--fixes', 'all'], { cwd: dir });
  t.is(r.code, 0);
  t.true(r.out.startsWith('#Requires -RunAsAdministrator'));
  t.deepEqual(readdirSync(dir), ['capture.json']);
});

test('fix refuses bad options with exit 2 and a clear message', async (t) => {
  const capture = writeCapture(miniCapture());
  for (const [argv, message] of [
    [['fix', capture], /--out/],
    [['fix', capture, capture, '--out', '-'], /only one capture/],
    [['fix', capture, '--out', '-', '--fixes', 'some'], /--fixes/],
    [['fix', capture, '--out', '-', '--run-on', 'moon'], /--run-on/],
    [['fix', capture, '--out', capture, '--force'], /capture itself/],
    [['fix', join(tempDir(), 'missing.json'), '--out', '-'], /cannot read/],
  ] as const) {
    const r = await runCli([...argv]);
    t.is(r.code, 2, argv.join(' '));
    t.regex(r.err, message);
    t.false(/\n\s+at /.test(r.err), 'no stack trace');
  }
});

test('--run-on hyperv-parent keeps container-host steps as comments only', async (t) => {
  const r = await runCli(['fix', writeCapture(miniCapture()), '--out', '-', '--run-on', 'hyperv-parent']);
  t.is(r.code, 0);
  const cmds = listCommands(r.out).map((c) => c.name);
  t.deepEqual(cmds, []);
  t.regex(r.out, /These steps must run elsewhere/);
  t.deepEqual(syntaxErrors(r.out), []);
});
