import test from 'ava';
import { ps, psCode, psQuote } from '../../src/core/powershell.js';
import { listCommands, syntaxErrors } from '../helpers/powershell-grammar.js';
import { psLiteralValue } from '../helpers/ps-literal.js';
import { sanitizeBlock } from '../../src/core/text/sanitize.js';

const hostile = [
  "plain",
  "it's",
  "a'; Remove-Item -Recurse C:\\ ; '",
  "$(Stop-Computer)",
  "`$env:PATH",
  "x\u2019; Restart-Computer; \u2018",
  "line1\nRemove-VMSwitch -Name x",
  "semi;colon | pipe & amp",
  "\u001b]52;c;cm0gLXJmIC8=\u0007",
  "bidi \u202e evil",
  "\"double\" quotes",
  "",
  "Ethernet 2",
  "vEthernet (nat)",
];

for (const name of hostile) {
  test(`a name stays one literal: ${JSON.stringify(name)}`, (t) => {
    const cmd = ps`Remove-VMSwitch -Name ${name} -Force`;
    t.deepEqual(syntaxErrors(cmd), []);
    const cmds = listCommands(cmd);
    t.is(cmds.length, 1, cmd);
    t.is(cmds[0]!.name, 'Remove-VMSwitch');
    t.is(cmds[0]!.args.length, 3, cmd);
    t.is(psLiteralValue(psQuote(name)), name);
    t.false(/[\u0000-\u001f\u007f-\u009f\u202e]/.test(cmd), 'no control characters reach the command text');
  });
}

test('numbers, booleans, lists and code render as PowerShell', (t) => {
  t.is(ps`Set-NetIPInterface -InterfaceMetric ${5} -Dhcp ${true}`, 'Set-NetIPInterface -InterfaceMetric 5 -Dhcp $true');
  t.is(ps`Select-Object -Property ${['Name', "It's"]}`, "Select-Object -Property 'Name','It''s'");
  t.is(ps`Where-Object -FilterScript ${psCode('{ $_.Name -eq 1 }')}`, 'Where-Object -FilterScript { $_.Name -eq 1 }');
  t.throws(() => ps`x ${Number.NaN}`);
});

test('every character the terminal sanitizer removes is written as a [char] code, never raw', (t) => {
  // The Arabic letter mark (U+061C) is a bidi control: it once stayed raw inside a literal.
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCharCode(cp);
    if (sanitizeBlock(`a${ch}b`) === `a${ch}b`) continue;
    const quoted = psQuote(`a${ch}b`);
    t.false(quoted.includes(ch), `U+${cp.toString(16).padStart(4, '0')} stays raw in ${JSON.stringify(quoted)}`);
    t.is(psLiteralValue(quoted), `a${ch}b`);
  }
});
