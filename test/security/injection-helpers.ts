/**
 * Shared pieces of the injection tests: hostile names, a consistent rename
 * of one object across a capture, and ways to compare the PowerShell built
 * from a hostile name with the PowerShell built from a plain one.
 */
import fc from 'fast-check';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { diagnoseModel, type HostReport } from '../../src/core/diagnose.js';
import { buildModel } from '../../src/core/model/build.js';
import { psQuote } from '../../src/core/powershell.js';
import { parsePowerShell, walk, syntaxErrors } from '../helpers/powershell-grammar.js';
import { psLiteralValue } from '../helpers/ps-literal.js';
import { sample, type Json } from '../fuzz/arbitraries.js';

// --- hostile names -------------------------------------------------------------------

/** Pieces that end a string, start a command, expand a value, hide text or drive a terminal. */
export const HOSTILE_PIECES: readonly string[] = [
  "'", '\u2018', '\u2019', '\u201a', '\u201b', '"', '\u201c', '\u201d', '\u201e', "''", "'\u2019",
  '$(Stop-Computer)', '$(', ')', '${env:PATH}', '${', '}', '$env:USERNAME', '$true', '@(', '@{', '`', '`n', '`$', '``',
  ';', ' ; Restart-Computer', '|', ' | Out-File C:\\x', '&', '&&', '||', '& calc', '-WhatIf:$false', ' -Force', '--%',
  '\n', '\r', '\r\n', '\u0085', '\u2028', '\u2029', '\t', '\u000b', '\u000c',
  '#', '<#', '#>', '# x', '\u0000', '\u0007', '\b',
  '\u001b[31m', '\u001b[2J', '\u001b]0;title\u0007', '\u001b]52;c;cm0gLXJmIC8=\u0007', '\u001b]8;;http://x/\u001b\\', '\u009b31m', '\u009d0;t\u009c',
  '\u202e', '\u202d', '\u2066', '\u2067', '\u2069', '\u200f', '\u200b', '\ufeff', '\u061c',
  '>', '>>', '2>&1', '<', '*', '?', '[a]', '%', '~', ',', '.', '..\\', 'C:\\Windows',
  'a', 'Z', ' ', '0', 'nat', 'Ethernet', '한글', '🐳',
];

/** A name made of hostile pieces: never empty, never only spaces. */
export const hostileName: fc.Arbitrary<string> = fc.array(fc.constantFrom(...HOSTILE_PIECES), { minLength: 1, maxLength: 7 })
  .map((parts) => `x${parts.join('')}`);

/** Names every run tries, whatever fast-check draws: one per way of breaking out. */
export const FIXED_HOSTILE_NAMES: readonly string[] = [
  HOSTILE_PIECES.join(''),
  "it's'; Remove-Item -Recurse -Force C:\\ ; '",
  'x\u2019; Restart-Computer; \u2018',
  'x"; $(Stop-Computer) "',
  'x`; calc`',
  'line1\nRemove-VMSwitch -Name x -Force',
  'cr\rRestart-Computer',
  'nel\u0085Stop-Computer\u2028Restart-Computer',
  'x #> Restart-Computer <# y',
  'nul\u0000byte',
  'ansi\u001b]52;c;cm0gLXJmIC8=\u0007\u001b[2J\u009b31m',
  'bidi\u202e)retupmoC-potS($',
];

// --- the demo with hostile text everywhere -------------------------------------------

/** The objects the hostile demo renames: they appear in the host summary, in findings, fixes and the topology. */
export const RENAMED_IN_DEMO = ['LabNAT', 'LabExternal', 'CustomNat2', 'build-agent', 'Ethernet'] as const;

/**
 * The demo capture with `evil` appended in every place a report prints: the
 * host, maker, OS, collector and time, the objects findings name, a collector
 * error and an unknown key.
 */
export function hostileDemo(evil: string): Record<string, Json> {
  const raw = sample('demo');
  for (const name of RENAMED_IN_DEMO) renameEverywhere(raw, name, `${name}${evil}`);
  const cs = raw['computerSystem'] as Record<string, Json>;
  cs['Name'] = `HOST${evil}`;
  cs['Manufacturer'] = `Maker${evil}`;
  (raw['os'] as Record<string, Json>)['Caption'] = `Windows${evil}`;
  raw['collector'] = `collector${evil}`;
  raw['capturedAt'] = `time${evil}`;
  raw[`unknownKey${evil}`] = 1;
  raw['collectorErrors'] = [{ key: 'hnsEndpoints', command: `Get-HnsEndpoint${evil}`, message: `failed${evil}` }];
  return raw;
}

// --- renaming one object -------------------------------------------------------------

/** Fields whose values are kinds, states or types, never names; a rename leaves them alone. */
const NOT_NAMES = new Set(['Driver', 'Type', 'Scope', 'Status', 'SwitchType', 'StartType', 'Protocol', 'AddressFamily', 'ExtensionType', 'Isolation', 'OSType', 'format', 'PrefixOrigin', 'ConnectionState', 'MediaConnectionState']);

/**
 * Renames `from` to `to` wherever the capture names that object: values equal
 * to it (or `/name`, as docker writes container names, or `vEthernet (name)`,
 * a host vNIC), and property names equal to it (a container's networks, a
 * network's containers). Returns how many places changed.
 */
export function renameEverywhere(root: Record<string, Json>, from: string, to: string): number {
  let changed = 0;
  const swap = (s: string): string | undefined => {
    if (s === from) return to;
    if (s === `/${from}`) return `/${to}`;
    if (s.toLowerCase() === `vethernet (${from.toLowerCase()})`) return `${s.slice(0, 'vEthernet ('.length)}${to})`;
    return undefined;
  };
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'string') {
          const y = swap(x);
          if (y !== undefined) {
            v[i] = y;
            changed++;
          }
        } else stack.push(x);
      }
      continue;
    }
    const obj = v as Record<string, Json>;
    for (const key of Object.keys(obj)) {
      let value = obj[key];
      if (typeof value === 'string' && !NOT_NAMES.has(key)) {
        const y = swap(value);
        if (y !== undefined) {
          obj[key] = y;
          value = y;
          changed++;
        }
      } else stack.push(value);
      const newKey = key === from ? to : undefined;
      if (newKey !== undefined && !Object.hasOwn(obj, newKey)) {
        delete obj[key];
        obj[newKey] = value;
        changed++;
      }
    }
  }
  return changed;
}

export function diagnoseRaw(raw: Json, source = 'injection.json'): HostReport {
  const { capture, issues } = ingestCapture(raw, source);
  return diagnoseModel(buildModel(capture, source), issues, CHECKS);
}

/** What a report says, without the names in it: which checks found what, with how many fixes and commands. */
export function shapeOf(report: HostReport): string[] {
  return report.findings.map((f) => `${f.check}/${f.severity}/${f.subjects.map((s) => s.kind).join(',')}/${f.fixes.map((x) => `${x.risk}:${x.commands.length}`).join(',')}`);
}

// --- comparing PowerShell -------------------------------------------------------------

const Q = "['\u2018\u2019\u201A\u201B]";
const NQ = "[^'\u2018\u2019\u201A\u201B\\r\\n]";
const SINGLE = `${Q}(?:${NQ}|${Q}${Q})*${Q}`;
const PART = `(?:${SINGLE}|\\[char\\]0x[0-9A-F]{4})`;
/** A literal as psQuote writes it: one single-quoted string, or a parenthesized concatenation. */
export const PS_LITERAL = new RegExp(`\\(${PART}(?: \\+ ${PART})*\\)|${SINGLE}`, 'gu');

/**
 * The command `plain` would be if the plain name had been `hostile`: every
 * literal whose value holds the plain name is quoted again with the hostile
 * name in its place; nothing else changes. Also returns where the plain name
 * appears outside any literal (it never should).
 */
export function expectedCommand(plain: string, plainName: string, hostile: string): { text: string; outside: boolean; literals: { quoted: string; value: string }[] } {
  const literals: { quoted: string; value: string }[] = [];
  const text = plain.replace(PS_LITERAL, (lit) => {
    const value = psLiteralValue(lit);
    if (value === undefined || !value.includes(plainName)) return lit;
    const wanted = value.split(plainName).join(hostile);
    const quoted = psQuote(wanted);
    literals.push({ quoted, value: wanted });
    return quoted;
  });
  const outside = plain.replace(PS_LITERAL, '').includes(plainName);
  return { text, outside, literals };
}

/**
 * Command names and argument counts, in order: what a name must never
 * change. Each element of a comma list counts as one argument, whatever form
 * its literal takes; redirections count too.
 */
export function commandStructure(text: string): string[] {
  const tree = parsePowerShell(text);
  try {
    const out: string[] = [];
    for (const node of walk(tree.rootNode)) {
      if (node.type !== 'command') continue;
      const name = node.childForFieldName('command_name')?.text ?? '?';
      let args = 0;
      let redirections = 0;
      for (const el of node.childForFieldName('command_elements')?.namedChildren ?? []) {
        if (el.type === 'command_argument_sep') continue;
        if (el.type === 'redirection') redirections++;
        else if (el.type === 'array_literal_expression') args += el.namedChildren.length;
        else args++;
      }
      out.push(`${name}(${args}${redirections ? ` >${redirections}` : ''})`);
    }
    return out;
  } finally {
    tree.delete();
  }
}

/**
 * The node types of the parse tree, with every literal replaced by the same
 * placeholder first: two scripts with the same shape differ only in the
 * values of their literals and the text of their comments.
 */
export function treeShape(text: string): string[] {
  const tree = parsePowerShell(text.replace(PS_LITERAL, "'S'"));
  try {
    const out: string[] = [];
    for (const n of walk(tree.rootNode)) out.push(n.type);
    return out;
  } finally {
    tree.delete();
  }
}

/** Everything wrong with one hostile command compared with its plain twin. */
export function commandProblems(hostileCmd: string, plainCmd: string, plainName: string, hostile: string): string[] {
  const problems: string[] = [];
  const errors = syntaxErrors(hostileCmd);
  if (errors.length > 0) problems.push(`does not parse: ${JSON.stringify(errors)}`);
  const expected = expectedCommand(plainCmd, plainName, hostile);
  if (expected.outside) problems.push(`the name appears outside a string literal: ${JSON.stringify(plainCmd)}`);
  if (hostileCmd !== expected.text) problems.push(`differs from the plain command with the name re-quoted:\n  got      ${JSON.stringify(hostileCmd)}\n  expected ${JSON.stringify(expected.text)}`);
  for (const l of expected.literals) {
    if (psLiteralValue(l.quoted) !== l.value) problems.push(`the literal ${JSON.stringify(l.quoted)} does not read back as ${JSON.stringify(l.value)}`);
  }
  const a = commandStructure(hostileCmd);
  const b = commandStructure(plainCmd);
  if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`command structure ${JSON.stringify(a)} instead of ${JSON.stringify(b)}`);
  if (JSON.stringify(treeShape(hostileCmd)) !== JSON.stringify(treeShape(plainCmd))) problems.push('the parse tree has another shape');
  return problems;
}
