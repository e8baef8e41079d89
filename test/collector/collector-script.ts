/**
 * Loads collect/Collect-WcnCapture.ps1 and answers questions about it from
 * its syntax tree (never from a regex over the raw text).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandArgumentTexts, parsePowerShell, stringValue, walk } from '../helpers/powershell-grammar.js';
import type { Node, Tree } from '../helpers/powershell-grammar.js';

/** The folder holding package.json, found upwards from this file (works from src and dist). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    }
    dir = parent;
  }
}

export const COLLECTOR_PATH = path.join(projectRoot(), 'collect', 'Collect-WcnCapture.ps1');

export function readCollector(): string {
  return readFileSync(COLLECTOR_PATH, 'utf8');
}

/** Text of a node with the value of a variable node (`$script:Foo` -> `foo`). */
export function variableName(node: Node): string {
  return node.text.replace(/^[$@]/, '').replace(/^(script|global|local|private):/i, '').toLowerCase();
}

/** The expression node assigned to a variable (`$script:X = <value>`), first assignment. */
export function assignedValue(tree: Tree, name: string): Node | undefined {
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'assignment_expression') {
      continue;
    }
    const left = node.namedChildren.find((c) => c.type === 'left_assignment_expression');
    const variables = left === undefined ? [] : [...walk(left)].filter((n) => n.type === 'variable');
    const only = variables.length === 1 ? variables[0] : undefined;
    if (only !== undefined && left !== undefined && left.text.trim() === only.text && variableName(only) === name.toLowerCase()) {
      return node.namedChildren.find((c) => c.type === 'pipeline');
    }
  }
  return undefined;
}

/** Every string literal value under a node, in source order. */
export function stringLiterals(node: Node): string[] {
  const out: string[] = [];
  for (const n of walk(node)) {
    if (n.type === 'string_literal') {
      const v = stringValue(n);
      if (v !== undefined) {
        out.push(v);
      }
    }
  }
  return out;
}

/** Function definitions by name (case-insensitive key, lower case). */
export function functions(tree: Tree): Map<string, Node> {
  const map = new Map<string, Node>();
  for (const node of walk(tree.rootNode)) {
    if (node.type === 'function_statement') {
      const name = node.namedChildren.find((c) => c.type === 'function_name');
      if (name !== undefined) {
        map.set(name.text.toLowerCase(), node);
      }
    }
  }
  return map;
}

/** The innermost function a node is written in, or undefined at script level. */
export function enclosingFunction(node: Node): string | undefined {
  for (let n: Node | null = node.parent; n !== null; n = n.parent) {
    if (n.type === 'function_statement') {
      return n.namedChildren.find((c) => c.type === 'function_name')?.text;
    }
  }
  return undefined;
}

/** The hash entries of a hash literal as key -> value node, in order. */
export function hashEntries(hash: Node): Map<string, Node> {
  const entries = new Map<string, Node>();
  const body = hash.namedChildren.find((c) => c.type === 'hash_literal_body');
  for (const entry of body?.namedChildren ?? []) {
    if (entry.type !== 'hash_entry') {
      continue;
    }
    const key = entry.namedChildren.find((c) => c.type === 'key_expression');
    const value = entry.namedChildren.find((c) => c.type === 'pipeline');
    if (key !== undefined && value !== undefined) {
      entries.set(stringValue(key) ?? key.text, value);
    }
  }
  return entries;
}

/** The first hash literal under a node (depth-first). */
export function firstHashLiteral(node: Node): Node | undefined {
  for (const n of walk(node)) {
    if (n.type === 'hash_literal_expression') {
      return n;
    }
  }
  return undefined;
}

/** The value following a named parameter in a command (`-Key 'os'` -> its node). */
export function parameterValueNode(command: Node, parameter: string): Node | undefined {
  const elements = command.childForFieldName('command_elements');
  if (elements === null) {
    return undefined;
  }
  const items = elements.namedChildren.filter((c) => c.type !== 'command_argument_sep');
  const index = items.findIndex((c) => c.type === 'command_parameter' && c.text.toLowerCase() === parameter.toLowerCase());
  return index === -1 ? undefined : items[index + 1];
}

export function hasSwitch(command: Node, parameter: string): boolean {
  return commandArgumentTexts(command).some((a) => a.toLowerCase() === parameter.toLowerCase());
}

export function commandName(command: Node): string {
  return command.childForFieldName('command_name')?.text ?? '';
}

/** One call of the per-source helper `Read-WcnSource`. */
export interface SourceCall {
  readonly key: string;
  readonly command: string | undefined;
  readonly list: boolean;
  /** The function the call is written in (`Get-WcnHostCapture`, ...). */
  readonly inFunction: string | undefined;
  readonly node: Node;
  /** The script block given as -ScriptBlock. */
  readonly scriptBlock: Node | undefined;
}

export const SOURCE_HELPER = 'Read-WcnSource';

export function sourceCalls(tree: Tree): SourceCall[] {
  const calls: SourceCall[] = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'command' || commandName(node).toLowerCase() !== SOURCE_HELPER.toLowerCase()) {
      continue;
    }
    const keyNode = parameterValueNode(node, '-Key');
    const commandNode = parameterValueNode(node, '-Command');
    const block = parameterValueNode(node, '-ScriptBlock');
    calls.push({
      key: keyNode === undefined ? '' : (stringValue(keyNode) ?? keyNode.text),
      command: commandNode === undefined ? undefined : stringValue(commandNode),
      list: hasSwitch(node, '-List'),
      inFunction: enclosingFunction(node),
      node,
      scriptBlock: block === undefined ? undefined : [...walk(block)].find((n) => n.type === 'script_block_expression'),
    });
  }
  return calls;
}

/**
 * String keys assigned by index on a variable anywhere in a node:
 * `$capture['docker'] = ...` -> 'docker'.
 */
export function indexedAssignments(node: Node, variable: string): string[] {
  const keys: string[] = [];
  for (const n of walk(node)) {
    if (n.type !== 'assignment_expression') {
      continue;
    }
    const left = n.namedChildren.find((c) => c.type === 'left_assignment_expression');
    const access = left === undefined ? undefined : [...walk(left)].find((c) => c.type === 'element_access');
    if (access === undefined) {
      continue;
    }
    const target = access.namedChildren[0];
    const index = access.namedChildren[1];
    if (target?.type === 'variable' && variableName(target) === variable.toLowerCase() && index !== undefined) {
      const key = stringValue(index);
      if (key !== undefined) {
        keys.push(key);
      }
    }
  }
  return keys;
}

/**
 * The property list of every `Select-Object -Property ...` under a node:
 * quoted names, and the Name of each calculated property.
 */
export function selectedProperties(node: Node): string[][] {
  const lists: string[][] = [];
  for (const n of walk(node)) {
    if (n.type !== 'command' || commandName(n).toLowerCase() !== 'select-object') {
      continue;
    }
    const value = parameterValueNode(n, '-Property');
    if (value === undefined) {
      continue;
    }
    const names: string[] = [];
    const items = value.type === 'array_literal_expression' ? value.namedChildren : [value];
    for (const item of items) {
      const literal = stringValue(item);
      if (literal !== undefined) {
        names.push(literal);
        continue;
      }
      const hash = firstHashLiteral(item);
      const nameNode = hash === undefined ? undefined : hashEntries(hash).get('Name');
      names.push(nameNode === undefined ? `<unquoted: ${item.text}>` : (stringValue(nameNode) ?? `<calculated: ${nameNode.text}>`));
    }
    lists.push(names);
  }
  return lists;
}

/** The leading comment of the script (its comment-based help). */
export function leadingComment(tree: Tree): string {
  const first = tree.rootNode.namedChildren[0];
  return first?.type === 'comment' ? first.text : '';
}

/** Parameter names of the script's own param block. */
export function scriptParameters(tree: Tree): string[] {
  const block = tree.rootNode.namedChildren.find((c) => c.type === 'param_block');
  const list = block?.namedChildren.find((c) => c.type === 'parameter_list');
  return (list?.namedChildren ?? [])
    .filter((c) => c.type === 'script_parameter')
    .map((p) => p.namedChildren.find((c) => c.type === 'variable')?.text.replace(/^\$/, '') ?? '');
}

export function parseCollector(): { text: string; tree: Tree } {
  const text = readCollector();
  return { text, tree: parsePowerShell(text) };
}
