/**
 * The read-only policy of the collector, as a checker over a PowerShell
 * syntax tree: which commands, native sub-commands and .NET methods would
 * change the host. It looks at every command in the tree (including those
 * inside script blocks and functions), so a call cannot hide in a helper.
 *
 * Kept apart from the test so that its negative cases can show it fails.
 */
import { listCommands, parsePowerShell, walk } from '../helpers/powershell-grammar.js';
import type { CommandUse } from '../helpers/powershell-grammar.js';

export interface PolicyViolation {
  readonly line: number;
  readonly column: number;
  /** The command (or method) as written. */
  readonly command: string;
  readonly reason: string;
}

/** Verbs of cmdlets that create, change, start, stop or remove something. */
export const STATE_CHANGING_VERBS: ReadonlySet<string> = new Set([
  'set', 'new', 'remove', 'stop', 'start', 'restart', 'disable', 'enable', 'add', 'clear',
  'install', 'uninstall', 'rename', 'move', 'reset',
  // Not in the minimum list, but just as able to change a host:
  'copy', 'register', 'unregister', 'update', 'suspend', 'resume', 'mount', 'dismount',
  'grant', 'revoke', 'initialize', 'repair', 'restore', 'connect', 'disconnect',
]);

/** Commands that run arbitrary code or are aliases of state-changing cmdlets. */
export const STATE_CHANGING_COMMANDS: ReadonlyMap<string, string> = new Map([
  ['invoke-expression', 'runs arbitrary text as code'],
  ['iex', 'alias of Invoke-Expression: runs arbitrary text as code'],
  ['invoke-command', 'runs arbitrary code'],
  ['icm', 'alias of Invoke-Command: runs arbitrary code'],
  ['invoke-cimmethod', 'calls a CIM method, which can change state'],
  ['invoke-wmimethod', 'calls a WMI method, which can change state'],
  ['invoke-item', 'opens or runs an item'],
  ['ii', 'alias of Invoke-Item'],
  ...[
    'rm', 'del', 'erase', 'rd', 'rmdir', 'ri', 'rp', 'rv', 'rwmi', 'rsn', 'rjb', 'rmo',
    'si', 'sp', 'sv', 'set', 'sc', 'ni', 'nv', 'nal', 'sal', 'mv', 'move', 'mi', 'mp',
    'cp', 'copy', 'cpi', 'cpp', 'ren', 'rni', 'rnp', 'kill', 'spps', 'saps', 'start',
    'sasv', 'spsv', 'clc', 'cli', 'clp', 'clv', 'ac',
  ].map((alias) => [alias, 'alias of a state-changing cmdlet'] as const),
  // Native programs that change state or run arbitrary code.
  ...[
    'bcdedit', 'dism', 'shutdown', 'taskkill', 'takeown', 'icacls', 'cacls', 'wmic',
    'schtasks', 'fsutil', 'diskpart', 'format', 'msiexec', 'cmd', 'powershell', 'pwsh',
    'regedit', 'regini', 'netcfg', 'route', 'arp',
  ].map((exe) => [exe, 'native program that changes state or runs arbitrary code'] as const),
]);

/** .NET methods that change state or compile code from text. */
export const STATE_CHANGING_METHODS: ReadonlySet<string> = new Set([
  'delete', 'deletesubkey', 'deletesubkeytree', 'deletevalue', 'createsubkey', 'setvalue',
  'kill', 'invokemethod', 'put', 'start', 'stop', 'create', 'invokescript', 'newscriptblock',
]);

const REG_WRITES = new Set(['add', 'delete', 'import', 'copy', 'restore', 'load', 'unload']);
const NETSH_WRITES = new Set(['set', 'add', 'delete', 'reset', 'install', 'uninstall', 'exec']);
const NET_WRITES = new Set(['start', 'stop', 'pause', 'continue', 'user', 'localgroup', 'group', 'share', 'use', 'time', 'config']);
const DOCKER_READS = new Set(['info', 'version', 'ps', 'inspect']);
const DOCKER_NETWORK_READS = new Set(['ls', 'inspect']);
const HNSDIAG_READS = new Set(['list']);
const CRICTL_READS = new Set(['info', 'pods', 'version']);
/** vfpctrl's switches that only print; every other switch (/add-rule, /remove-port, /clear-port-counters, ...) may change VFP. */
const VFPCTRL_READS = new Set(['/list-vmswitch-port', '/port', '/get-port-state', '/list-port', '/list-rule', '/list-layer', '/list-group', '/help', '/?']);
/** containerd's flags that only print (anything else starts or registers the daemon). */
const CONTAINERD_READS = new Set(['--version', '-v', '--help', '-h']);
const SC_READS = new Set(['query', 'queryex', 'qc', 'qdescription', 'qfailure', 'qtriggerinfo', 'enumdepend', 'getdisplayname', 'getkeyname']);

/**
 * `Hyper-V\Remove-VMSwitch` -> `remove-vmswitch`, `C:\Windows\System32\reg.exe`
 * -> `reg`: lower case, without module qualifier, folder or `.exe`.
 */
export function normalizeCommandName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  return base.replace(/\.exe$/i, '').toLowerCase();
}

/** Arguments that are not options (`-x`, `--x`, `/x`). */
function positional(args: readonly string[]): string[] {
  return args.filter((a) => !/^(-|\/[a-z?])/i.test(a));
}

function checkCommand(use: CommandUse, allowDynamic: ReadonlySet<string>): string | undefined {
  if (use.dynamic) {
    return allowDynamic.has(use.name)
      ? undefined
      : `dynamic invocation (${use.operator ?? ''} ${use.name}): what it runs cannot be checked`;
  }
  const name = normalizeCommandName(use.name);
  const listed = STATE_CHANGING_COMMANDS.get(name);
  if (listed !== undefined) {
    if (name === 'sc' && SC_READS.has((positional(use.args)[0] ?? '').toLowerCase())) {
      return undefined;
    }
    return listed;
  }
  const verb = /^([a-z]+)-[a-z0-9]/.exec(name)?.[1];
  if (verb !== undefined && STATE_CHANGING_VERBS.has(verb)) {
    return `cmdlet verb "${verb}" changes state`;
  }
  const words = positional(use.args).map((a) => a.toLowerCase());
  switch (name) {
    case 'reg': {
      const sub = words[0] ?? '';
      return REG_WRITES.has(sub) ? `reg ${sub} writes the registry` : undefined;
    }
    case 'netsh': {
      const write = words.find((w) => NETSH_WRITES.has(w));
      return write === undefined ? undefined : `netsh ... ${write} changes network configuration`;
    }
    case 'net': {
      const sub = words[0] ?? '';
      return NET_WRITES.has(sub) ? `net ${sub} changes state` : undefined;
    }
    case 'docker': {
      const sub = words[0];
      if (sub === undefined) {
        return 'docker without a sub-command';
      }
      if (sub === 'network') {
        const netSub = words[1] ?? '';
        return DOCKER_NETWORK_READS.has(netSub) ? undefined : `docker network ${netSub} is not a read-only sub-command`;
      }
      return DOCKER_READS.has(sub) ? undefined : `docker ${sub} is not a read-only sub-command`;
    }
    case 'hnsdiag': {
      const sub = words[0] ?? '';
      return HNSDIAG_READS.has(sub) ? undefined : `hnsdiag ${sub} is not a read-only sub-command`;
    }
    case 'crictl': {
      const sub = words[0] ?? '';
      return CRICTL_READS.has(sub) ? undefined : `crictl ${sub} is not a read-only sub-command`;
    }
    case 'vfpctrl': {
      const switches = use.args.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
      const write = switches.find((a) => !VFPCTRL_READS.has(a));
      return write === undefined && switches.length > 0 ? undefined : `vfpctrl ${write ?? 'without a switch'} is not a read-only switch`;
    }
    case 'containerd': {
      const bad = use.args.find((a) => !CONTAINERD_READS.has(a.toLowerCase()));
      return bad === undefined && use.args.length > 0 ? undefined : 'containerd other than --version starts or registers the daemon';
    }
    default:
      return undefined;
  }
}

export interface PolicyOptions {
  /**
   * Dynamic invocations to accept, by the text after the operator
   * (`$ScriptBlock`). Accept only those whose script blocks are literals in
   * the same file, since those are checked where they are written.
   */
  readonly allowDynamic?: readonly string[];
  /**
   * Named exceptions: a command or method (lower case) accepted only inside
   * one function (`inFunction`), or only outside every function when
   * `inFunction` is undefined. Anywhere else it is still a violation.
   */
  readonly allow?: readonly { readonly name: string; readonly inFunction?: string }[];
}

interface FunctionSpan { readonly name: string; readonly first: number; readonly last: number }

/** The innermost function around 1-based `line`, in lower case. */
function functionAt(spans: readonly FunctionSpan[], line: number): string | undefined {
  let best: FunctionSpan | undefined;
  for (const s of spans) {
    if (line >= s.first && line <= s.last && (best === undefined || s.first >= best.first)) best = s;
  }
  return best?.name;
}

function allowed(options: PolicyOptions, spans: readonly FunctionSpan[], name: string, line: number): boolean {
  const fn = functionAt(spans, line);
  return (options.allow ?? []).some((a) => a.name === name.toLowerCase() && a.inFunction?.toLowerCase() === fn);
}

/** Every place in `script` that would change the host, in source order. */
export function findStateChanging(script: string, options: PolicyOptions = {}): PolicyViolation[] {
  const allowDynamic = new Set(options.allowDynamic ?? []);
  const tree = parsePowerShell(script);
  try {
    const violations: PolicyViolation[] = [];
    const spans: FunctionSpan[] = [];
    for (const node of walk(tree.rootNode)) {
      if (node.type === 'function_statement') {
        const name = node.namedChildren.find((c) => c.type === 'function_name')?.text.toLowerCase() ?? '';
        spans.push({ name, first: node.startPosition.row + 1, last: node.endPosition.row + 1 });
      }
    }
    for (const use of listCommands(tree)) {
      const reason = checkCommand(use, allowDynamic);
      if (reason !== undefined && !allowed(options, spans, normalizeCommandName(use.name), use.line)) {
        violations.push({ line: use.line, column: use.column, command: use.text.split(/\r?\n/)[0] ?? '', reason });
      }
    }
    for (const node of walk(tree.rootNode)) {
      if (node.type !== 'invokation_expression') {
        continue;
      }
      const member = node.namedChildren.find((c) => c.type === 'member_name');
      if (member !== undefined && STATE_CHANGING_METHODS.has(member.text.toLowerCase()) && !allowed(options, spans, member.text, node.startPosition.row + 1)) {
        violations.push({
          line: node.startPosition.row + 1,
          column: node.startPosition.column + 1,
          command: node.text.split(/\r?\n/)[0] ?? '',
          reason: `method ${member.text}() changes state or compiles code`,
        });
      }
    }
    return violations.sort((a, b) => a.line - b.line || a.column - b.column);
  } finally {
    tree.delete();
  }
}

/** Container fields that can hold secrets or are not networking. */
export const CONTAINER_SECRET_FIELDS: readonly string[] = ['Env', 'Labels', 'Mounts', 'Cmd', 'Entrypoint', 'Args', 'Volumes', 'Binds'];

/**
 * Every reference to a container's secret-bearing fields: a member access
 * (`$c.Config.Env`), a property name in a string or bare word (`'Env'`,
 * `-ExpandProperty Env`), or a dotted path ending in one (`'Config.Env'`).
 * Variables such as `$env:PATH` are a different thing and are not flagged,
 * nor are words that merely start with one (`Environment`).
 */
export function findSecretFieldReferences(script: string, fields: readonly string[] = CONTAINER_SECRET_FIELDS): PolicyViolation[] {
  const wanted = new Set(fields.map((f) => f.toLowerCase()));
  const isSecretName = (text: string): boolean => {
    const last = text.split('.').pop() ?? '';
    return wanted.has(last.toLowerCase());
  };
  const tree = parsePowerShell(script);
  try {
    const found: PolicyViolation[] = [];
    for (const node of walk(tree.rootNode)) {
      let candidate: string | undefined;
      if (node.type === 'member_name') {
        candidate = node.text;
      } else if (node.type === 'generic_token') {
        candidate = node.text;
      } else if (node.type === 'verbatim_string_characters' || node.type === 'expandable_string_literal') {
        candidate = node.text.replace(/^['"]|['"]$/g, '');
      } else if (node.type === 'simple_name' && node.parent?.type === 'key_expression') {
        candidate = node.text;
      }
      if (candidate !== undefined && /^[A-Za-z_.]+$/.test(candidate) && isSecretName(candidate)) {
        found.push({
          line: node.startPosition.row + 1,
          column: node.startPosition.column + 1,
          command: candidate,
          reason: 'refers to a container field that can hold secrets',
        });
      }
    }
    return found;
  } finally {
    tree.delete();
  }
}
