/**
 * The -Redact patterns of the collector, run here on sample capture text.
 *
 * No PowerShell runs on this machine, so the .NET regular expressions are
 * taken from the script's syntax tree and run with JavaScript's engine,
 * which reads these particular patterns the same way (lookbehind,
 * back-references, character classes). What is checked is which text each
 * pattern picks; the replacement logic (private or public, placeholders)
 * is PowerShell and is checked by reading it.
 */
import test from 'ava';
import { stringValue, walk } from '../helpers/powershell-grammar.js';
import type { Node } from '../helpers/powershell-grammar.js';
import { functions, parseCollector, stringLiterals, variableName } from './collector-script.js';

const { tree } = parseCollector();
const redactor = functions(tree).get('get-wcnredactedtext');

/** The pattern given to `[System.Text.RegularExpressions.Regex]::new('<pattern>')` assigned to a variable. */
function regexAssignedTo(scope: Node, variable: string): string {
  for (const node of walk(scope)) {
    if (node.type !== 'assignment_expression') {
      continue;
    }
    const left = node.namedChildren.find((c) => c.type === 'left_assignment_expression');
    const target = left === undefined ? undefined : [...walk(left)].find((c) => c.type === 'variable');
    if (target === undefined || variableName(target) !== variable.toLowerCase()) {
      continue;
    }
    const call = [...walk(node)].find((c) => c.type === 'invokation_expression' && /Regex\]::new\(/.test(c.text));
    const arg = call === undefined ? undefined : [...walk(call)].find((c) => c.type === 'argument_expression');
    const pattern = arg === undefined ? undefined : stringValue(arg);
    if (pattern !== undefined) {
      return pattern;
    }
  }
  throw new Error(`no Regex::new('...') assigned to $${variable}`);
}

function literalAssignedTo(scope: Node, variable: string): string {
  for (const node of walk(scope)) {
    if (node.type === 'assignment_expression') {
      const left = node.namedChildren.find((c) => c.type === 'left_assignment_expression');
      const target = left === undefined ? undefined : [...walk(left)].find((c) => c.type === 'variable');
      const value = node.namedChildren.find((c) => c.type === 'pipeline');
      if (target !== undefined && variableName(target) === variable.toLowerCase() && value !== undefined) {
        const v = stringValue(value);
        if (v !== undefined) {
          return v;
        }
      }
    }
  }
  throw new Error(`no string assigned to $${variable}`);
}

function matches(pattern: string, text: string, flags = ''): string[] {
  return [...text.matchAll(new RegExp(pattern, 'g' + flags))].map((m) => m[0]);
}

/** Capture text as Windows PowerShell 5.1 writes it (it escapes ' as \u0027). */
const SAMPLE = String.raw`{
    "computerSystem":  {
                           "Name":  "WEB01",
                           "Domain":  "corp.contoso.com"
                       },
    "docker":  { "info":  { "Name":  "web01", "KernelVersion":  "10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)" } },
    "collectorErrors":  [ { "message":  "Cannot find \u0027WEB01\u0027 in corp.contoso.com" } ],
    "notAHost":  "WEB01-old web01_x xweb01",
    "vmNetworkAdapters":  [ { "MacAddress":  "00155D010203" } ],
    "netAdapters":  [ { "MacAddress":  "00-15-5D-01-02-03" }, { "PermanentAddress":  "0a:1b:2c:3d:4e:5f" } ],
    "hnsNetworks":  [ { "ID":  "6B0E1C2A-93F4-4D1E-8C39-0123456789AB", "Mac":  "\u002700-15-5D-AA-BB-CC\u0027" } ],
    "addresses":  [ "8.8.8.8", "10.0.0.1/24", "255.255.240.0", "172.29.80.1/20", "52.1.2.3:443" ],
    "versions":  [ "10.0.17763.1", "1.2.3", "v1.2.3.4" ],
    "ipv6":  [ "2001:4860:4860::8888", "fe80::1%12", "::/0", "fd00:1::5/64", "::ffff:8.8.4.4" ],
    "times":  [ "2024-05-01T12:30:45Z", "\/Date(1591287561241)\/" ],
    "proxy":  "http://alice:s3cret@proxy.corp.contoso.com:8080"
}`;

function ifConditions(node: Node): string[] {
  const conditions: string[] = [];
  for (let n: Node | null = node.parent; n !== null; n = n.parent) {
    if (n.type === 'if_statement') {
      conditions.push(n.text.slice(0, n.text.indexOf(')') + 1));
    }
  }
  return conditions;
}

function callsOf(name: string): Node[] {
  return [...walk(tree.rootNode)].filter(
    (n) => n.type === 'command' && n.childForFieldName('command_name')?.text.toLowerCase() === name.toLowerCase(),
  );
}

test('names, MACs and public addresses are replaced only with -Redact', (t) => {
  t.truthy(redactor);
  const calls = callsOf('Get-WcnRedactedText');
  t.is(calls.length, 1);
  t.deepEqual(ifConditions(calls[0]!), ['if ($Redact)']);
  // The host names come from the machine, the computerSystem key and docker info.
  const args = calls[0]!.text;
  t.regex(args, /-HostNames \$hostNames/);
  t.regex(args, /-DomainNames \$domainNames/);
});

test('names match as whole words, case-insensitively, also next to a \\u0027 escape', (t) => {
  const before = literalAssignedTo(redactor!, 'before');
  const after = literalAssignedTo(redactor!, 'after');
  // Longest first, as the script sorts them.
  const names = ['corp.contoso.com', 'WEB01'].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const found = matches(`${before}(?:${names.join('|')})${after}`, SAMPLE, 'i');
  t.deepEqual(found, ['WEB01', 'corp.contoso.com', 'web01', 'WEB01', 'corp.contoso.com', 'corp.contoso.com']);
});

test('MAC addresses are found in all three spellings, and GUIDs are left alone', (t) => {
  const bare = matches(regexAssignedTo(redactor!, 'bareMac'), SAMPLE);
  t.deepEqual(bare, ['00155D010203']);
  const separated = matches(regexAssignedTo(redactor!, 'separatedMac'), SAMPLE);
  t.deepEqual(separated, ['00-15-5D-01-02-03', '0a:1b:2c:3d:4e:5f', '00-15-5D-AA-BB-CC']);
});

test('IPv4 candidates are whole dotted quads, not parts of versions', (t) => {
  const found = matches(regexAssignedTo(redactor!, 'ipv4'), SAMPLE);
  t.deepEqual(found, ['8.8.8.8', '10.0.0.1', '255.255.240.0', '172.29.80.1', '52.1.2.3', '8.8.4.4']);
});

test('IPv6 candidates include addresses and prefixes, not times', (t) => {
  // Run after the MAC pass, as the script does.
  const withoutMacs = SAMPLE.replace(new RegExp(regexAssignedTo(redactor!, 'separatedMac'), 'g'), 'MAC');
  const found = matches(regexAssignedTo(redactor!, 'ipv6'), withoutMacs);
  t.deepEqual(found, ['2001:4860:4860::8888', 'fe80::1', '::', 'fd00:1::5']);
});

test('credentials inside URLs are always removed', (t) => {
  const fn = functions(tree).get('get-wcncredentialfreetext');
  t.truthy(fn);
  const [pattern, replacement] = stringLiterals(fn!);
  t.is(replacement, 'redacted:redacted@');
  t.is(
    SAMPLE.replace(new RegExp(pattern!, 'g'), replacement!).match(/"proxy":\s+"([^"]+)"/)?.[1],
    'http://redacted:redacted@proxy.corp.contoso.com:8080',
  );
  // It runs on every capture, whether or not -Redact is given.
  const calls = callsOf('Get-WcnCredentialFreeText');
  t.is(calls.length, 1);
  t.deepEqual(ifConditions(calls[0]!), []);
});
