/** The shared PowerShell grammar helper behaves as documented. */
import test from 'ava';
import { commandNames, listCommands, parsePowerShell, stringValue, syntaxErrors, walk } from '../helpers/powershell-grammar.js';

test('valid PowerShell has no syntax problems', (t) => {
  t.deepEqual(syntaxErrors("Get-VMSwitch | Select-Object -Property 'Name','SwitchType'\n$x = @{ a = 1 }\n"), []);
});

test('broken PowerShell is reported with 1-based positions', (t) => {
  const problems = syntaxErrors("Get-Item 'x'\n$x = @(1, 2\n");
  t.true(problems.length > 0);
  t.true(problems.every((p) => p.line >= 1 && p.column >= 1));
  t.true(problems.some((p) => p.kind === 'MISSING' || p.kind === 'ERROR'));
});

test('the grammar gap: a bare comma list is rejected, a quoted one is not', (t) => {
  t.not(syntaxErrors('Get-Service | Select-Object Name, Status').length, 0);
  t.deepEqual(syntaxErrors("Get-Service | Select-Object -Property 'Name','Status'"), []);
});

test('listCommands finds commands in pipelines, script blocks and functions', (t) => {
  const script = [
    'function Get-Thing { Get-NetNat | Where-Object { $_.Active } }',
    "& $block 2>&1 | ForEach-Object { docker network inspect $id --format '{{json .}}' }",
    "& 'C:\\Windows\\System32\\netsh.exe' int ipv4 show excludedportrange protocol=tcp",
  ].join('\n');
  const uses = listCommands(script);
  t.deepEqual(
    uses.map((u) => [u.name, u.dynamic, u.line]),
    [
      ['Get-NetNat', false, 1],
      ['Where-Object', false, 1],
      ['$block', true, 2],
      ['ForEach-Object', false, 2],
      ['docker', false, 2],
      ['C:\\Windows\\System32\\netsh.exe', false, 3],
    ],
  );
  const docker = uses.find((u) => u.name === 'docker');
  t.deepEqual(docker?.args, ['network', 'inspect', '$id', '--format', '{{json .}}']);
  t.is(uses.find((u) => u.dynamic)?.operator, '&');
  t.deepEqual(commandNames(script), ['Get-NetNat', 'Where-Object', 'ForEach-Object', 'docker', 'C:\\Windows\\System32\\netsh.exe']);
});

test('comma lists of strings become one argument per string', (t) => {
  const [use] = listCommands("Get-Service -Name 'hns','winnat' -ErrorAction 'SilentlyContinue'");
  t.deepEqual(use?.args, ['-Name', 'hns', 'winnat', '-ErrorAction', 'SilentlyContinue']);
});

test('stringValue reads single-quoted strings exactly and refuses expandable ones', (t) => {
  const tree = parsePowerShell("$a = 'it''s'\n$b = \"plain\"\n$c = \"has $x\"\n$d = 12\n");
  const values = [...walk(tree.rootNode)]
    .filter((n) => n.type === 'assignment_expression')
    .map((n) => stringValue(n.namedChildren.find((c) => c.type === 'pipeline')!));
  t.deepEqual(values, ["it's", 'plain', undefined, undefined]);
  tree.delete();
});
