import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { psQuote } from '../../src/core/powershell.js';
import { literalConcat, nativeArgs, parseScript } from '../../src/core/simulate/tokenize.js';

const words = (text: string, stage = 0, statement = 0) => parseScript(text).statements[statement]!.stages[stage]!.args.map((a) => a.value);

test('single quotes: doubled quote is one quote, typographic quotes count', (t) => {
  t.deepEqual(words("Remove-VMSwitch -Name 'it''s' -Force"), ['-Name', "it's", '-Force']);
  t.deepEqual(words('Remove-VMSwitch -Name \u2018Lab\u2019\u2019s\u2019'), ['-Name', 'Lab\u2019s']);
  t.deepEqual(words('Get-NetNat -Name \u201CLab NAT\u201D'), ['-Name', 'Lab NAT']);
});

test('double quotes: "" and backtick escapes; variables make the word dynamic', (t) => {
  t.deepEqual(words('Write-Output "say ""hi"" `"x`""'), ['say "hi" "x"']);
  const st = parseScript('Get-NetNat -Name "$name"').statements[0]!;
  t.truthy(st.stages[0]!.args[1]!.dynamic);
  t.falsy(parseScript('Write-Output "costs $ 5"').statements[0]!.stages[0]!.args[0]!.dynamic);
});

test('statements split on ; and newlines; pipelines on |, also across lines', (t) => {
  const p = parseScript("Restart-Service -Name 'hns'; Restart-Service -Name 'docker'\nGet-NetNat -Name 'x' |\n  Remove-NetNat -Confirm:$false");
  t.is(p.statements.length, 3);
  t.deepEqual(p.statements[2]!.stages.map((s) => s.name), ['Get-NetNat', 'Remove-NetNat']);
  const confirm = p.statements[2]!.stages[1]!.args[0]!;
  t.is(confirm.raw, '-Confirm:$false');
  t.deepEqual(p.problems, []);
});

test('a | inside quotes or ; inside quotes does not split', (t) => {
  const p = parseScript("Remove-VMSwitch -Name 'a | b; c' -Force");
  t.is(p.statements.length, 1);
  t.deepEqual(words("Remove-VMSwitch -Name 'a | b; c' -Force"), ['-Name', 'a | b; c', '-Force']);
});

test('glued words, comma lists and native arguments', (t) => {
  const st = parseScript('docker network create -d transparent -o com.docker.network.windowsshim.interface="Ethernet 2", "Ethernet 3" TeamedNet').statements[0]!;
  t.deepEqual(nativeArgs(st.stages[0]!.args).values, ['network', 'create', '-d', 'transparent', '-o', 'com.docker.network.windowsshim.interface=Ethernet 2', 'Ethernet 3', 'TeamedNet']);
  t.deepEqual(parseScript("Get-Service -Name 'hns','docker'").statements[0]!.stages[0]!.args[1]!.values, ['hns', 'docker']);
});

test('comments, block comments, backtick line continuation and copied prompts', (t) => {
  const p = parseScript("# a comment\nPS C:\\> restart-service hns  # trailing\n<# block\ncomment #>\nC:\\> docker network create -d nat `\n  --subnet=172.16.1.0/24 CustomNat1");
  t.deepEqual(p.statements.map((s) => s.stages[0]!.name), ['restart-service', 'docker']);
  t.deepEqual(p.statements[1]!.stages[0]!.args.map((a) => a.value), ['network', 'create', '-d', 'nat', '--subnet=172.16.1.0/24', 'CustomNat1']);
  t.is(p.notes.length, 1);
});

test('script blocks are kept as text; & with a literal name is a command', (t) => {
  const st = parseScript("Get-HnsNetwork | Where-Object { $_.Name -eq 'nat' } | Remove-HnsNetwork").statements[0]!;
  t.is(st.stages[1]!.args[0]!.block?.trim(), "$_.Name -eq 'nat'");
  const call = parseScript("& 'C:\\Program Files\\Docker\\docker.exe' ps").statements[0]!.stages[0]!;
  t.is(call.name, 'C:\\Program Files\\Docker\\docker.exe');
  t.false(call.dynamicName);
  t.true(parseScript('& $exe ps').statements[0]!.stages[0]!.dynamicName);
});

test('the dashes PowerShell accepts for parameters', (t) => {
  const st = parseScript("Remove-VMSwitch \u2013Name 'x' \u2014Force").statements[0]!;
  t.deepEqual(st.stages[0]!.args.map((a) => a.raw), ['\u2013Name', "'x'", '\u2014Force']);
});

test('unclosed quotes and braces are problems, not crashes, and later statements still parse', (t) => {
  const p = parseScript("Remove-VMSwitch -Name 'open\nStart-Service -Name 'hns'");
  t.true(p.problems.length > 0);
  const q = parseScript("Get-HnsNetwork | Where-Object { $_.Name -eq 'nat' \nStart-Service hns");
  t.true(q.problems.length > 0);
  t.deepEqual(parseScript('docker ps && docker info').problems.length, 1);
});

test('the parenthesized literal that psQuote writes for control characters', (t) => {
  t.is(literalConcat("'a' + [char]0x001B + 'b'"), 'a\u001bb');
  t.is(literalConcat("(Get-Date)"), undefined);
  const quoted = psQuote('evil\u001b[31mname');
  t.deepEqual(words(`Remove-VMSwitch -Name ${quoted}`), ['-Name', 'evil\u001b[31mname']);
});

testProp('psQuote round-trips through the tokenizer for any name', [fc.string({ unit: 'grapheme', maxLength: 40 })], (t, name) => {
  const p = parseScript(`Remove-VMSwitch -Name ${psQuote(name)} -Force`);
  t.deepEqual(p.problems, []);
  t.is(p.statements.length, 1);
  const args = p.statements[0]!.stages[0]!.args;
  t.is(args[1]!.value, name);
  t.falsy(args[1]!.dynamic);
});

testProp('psQuote round-trips adversarial text (quotes, separators, controls)', [fc.array(fc.constantFrom("'", '\u2019', '"', ';', '|', '$(x)', '`', '\n', '\u001b', '\u202e', ' ', 'a', '#', '{', '}', ','), { maxLength: 20 }).map((a) => a.join(''))], (t, name) => {
  const p = parseScript(`Get-NetNat -Name ${psQuote(name)} | Remove-NetNat -Confirm:$false`);
  t.deepEqual(p.problems, []);
  t.is(p.statements.length, 1);
  t.is(p.statements[0]!.stages.length, 2);
  t.is(p.statements[0]!.stages[0]!.args[1]!.value, name);
});
