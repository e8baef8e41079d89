/**
 * A real PowerShell grammar for tests: tree-sitter-powershell (compiled to
 * WebAssembly) driven by web-tree-sitter.
 *
 * Use it to check every piece of PowerShell the project writes or emits:
 *
 *   - `syntaxErrors(text)` lists every ERROR and MISSING node, so a test can
 *     assert `t.deepEqual(syntaxErrors(script), [])`;
 *   - `listCommands(text)` lists every command invocation (name, arguments,
 *     position), so a test can reason about what a script would run;
 *   - `parsePowerShell(text)` gives the raw tree for anything more specific,
 *     with `walk`, `stringValue` and `commandArgumentTexts` as building blocks.
 *
 * Known grammar gap: a comma list of bare words (`Select-Object A, B`) is
 * rejected although PowerShell accepts it. Emit quoted lists instead
 * (`Select-Object -Property 'A','B'`).
 *
 * Loading is done once per process, at import time (top-level await), so
 * every function here is synchronous.
 */
import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';

// Without this, V8 keeps optimising the grammar's WebAssembly in background
// threads and the test process waits several seconds before it can exit.
// It must run before the module is compiled.
v8.setFlagsFromString('--liftoff-only');

const require = createRequire(import.meta.url);
const wasmPath = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');

await Parser.init();
const language = await Language.load(new Uint8Array(readFileSync(wasmPath)));
const parser = new Parser();
parser.setLanguage(language);

export type { Node, Tree };

/** Parses PowerShell text. The caller may `tree.delete()` it when done. */
export function parsePowerShell(text: string): Tree {
  const tree = parser.parse(text);
  if (tree === null) {
    throw new Error('tree-sitter-powershell returned no tree');
  }
  return tree;
}

/** One place the grammar could not make sense of. Line and column are 1-based. */
export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  /** `ERROR` for text the grammar rejected, `MISSING` for a token it had to invent. */
  readonly kind: 'ERROR' | 'MISSING';
  /** The rejected source text (at most 80 characters), or the missing token. */
  readonly text: string;
}

/** Depth-first, in source order, over every node (named or not). */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) {
    yield* walk(child);
  }
}

/**
 * Every ERROR and MISSING node in `text`, in source order. An empty array
 * means the grammar accepted the whole text.
 */
export function syntaxErrors(text: string): SyntaxProblem[] {
  const tree = parsePowerShell(text);
  try {
    const problems: SyntaxProblem[] = [];
    for (const node of walk(tree.rootNode)) {
      if (node.isError || node.isMissing) {
        problems.push({
          line: node.startPosition.row + 1,
          column: node.startPosition.column + 1,
          kind: node.isMissing ? 'MISSING' : 'ERROR',
          text: node.isMissing ? node.type : node.text.slice(0, 80),
        });
      }
    }
    return problems;
  } finally {
    tree.delete();
  }
}

/**
 * The value of a string literal node as PowerShell would see it, or
 * `undefined` for anything that is not a plain string. Single-quoted strings
 * are exact (`''` is one quote); double-quoted strings are returned only when
 * they contain no `$` or backtick, since those would be expanded at run time.
 */
export function stringValue(node: Node): string | undefined {
  let n: Node = node;
  // Unwrap the chain of single-child expression nodes around a literal.
  while (n.type !== 'string_literal' && n.namedChildCount === 1 && n.namedChildren[0] !== undefined) {
    n = n.namedChildren[0];
  }
  if (n.type !== 'string_literal') {
    return undefined;
  }
  const raw = n.text;
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) {
    return raw.slice(1, -1).replace(/''/g, "'");
  }
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 && !/[$`]/.test(raw)) {
    return raw.slice(1, -1).replace(/""/g, '"');
  }
  return undefined;
}

/**
 * The arguments of a `command` node, one entry per word as PowerShell would
 * split them: parameters as written (`-Name`), bare words as written,
 * string literals unquoted, each element of a comma list of strings on its
 * own, and anything else (variables, sub-expressions, script blocks) as its
 * source text. Redirections are left out.
 */
export function commandArgumentTexts(command: Node): string[] {
  const elements = command.childForFieldName('command_elements');
  if (elements === null) {
    return [];
  }
  const out: string[] = [];
  for (const el of elements.namedChildren) {
    switch (el.type) {
      case 'command_argument_sep':
      case 'redirection':
        break;
      case 'array_literal_expression': {
        const items = el.namedChildren;
        const values = items.map(stringValue);
        if (items.length > 1 && values.every((v) => v !== undefined)) {
          out.push(...(values as string[]));
        } else {
          out.push(stringValue(el) ?? el.text);
        }
        break;
      }
      default:
        out.push(stringValue(el) ?? el.text);
    }
  }
  return out;
}

/** One command invocation found in a script. */
export interface CommandUse {
  /**
   * The command name as written (`Get-VMSwitch`, `docker`, `netsh.exe`), or
   * for a dynamic call (`& $block`, `& (Get-Thing)`) the text after the
   * invocation operator.
   */
  readonly name: string;
  /** True when the name is not a literal (a variable or an expression). */
  readonly dynamic: boolean;
  /** The invocation operator, when one was written (`&` or `.`). */
  readonly operator?: '&' | '.';
  /** See `commandArgumentTexts`. */
  readonly args: readonly string[];
  /** 1-based position of the command. */
  readonly line: number;
  readonly column: number;
  /** The command's source text, for messages. */
  readonly text: string;
}

function describeCommand(node: Node): CommandUse {
  const nameNode = node.childForFieldName('command_name');
  const opNode = node.children.find((c) => c.type === 'command_invokation_operator');
  let name = nameNode?.text ?? '';
  let dynamic = false;
  if (nameNode !== null && nameNode.type === 'command_name_expr') {
    const inner = nameNode.namedChildren[0];
    if (inner !== undefined && inner.type === 'command_name') {
      name = inner.text;
    } else {
      const literal = inner === undefined ? undefined : stringValue(inner);
      if (literal !== undefined) {
        name = literal; // & 'C:\tools\hnsdiag.exe'
      } else {
        dynamic = true;
      }
    }
  }
  const op = opNode?.text;
  return {
    name,
    dynamic,
    ...(op === '&' || op === '.' ? { operator: op } : {}),
    args: commandArgumentTexts(node),
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    text: node.text,
  };
}

/**
 * Every command invocation in a script (or a parsed tree), in source order,
 * including those nested in script blocks, sub-expressions and functions.
 * Method calls (`[IO.File]::WriteAllText(...)`) are expressions, not
 * commands, and are not listed.
 */
export function listCommands(source: string | Tree): CommandUse[] {
  const tree = typeof source === 'string' ? parsePowerShell(source) : source;
  try {
    const uses: CommandUse[] = [];
    for (const node of walk(tree.rootNode)) {
      if (node.type === 'command') {
        uses.push(describeCommand(node));
      }
    }
    return uses;
  } finally {
    if (typeof source === 'string') {
      tree.delete();
    }
  }
}

/** The distinct literal command names of a script, in first-use order. */
export function commandNames(source: string | Tree): string[] {
  const seen = new Set<string>();
  for (const use of listCommands(source)) {
    if (!use.dynamic) {
      seen.add(use.name);
    }
  }
  return [...seen];
}
