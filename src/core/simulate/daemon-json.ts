/**
 * Editing C:\ProgramData\docker\config\daemon.json the way the project's fixes
 * do it: a few PowerShell statements sharing `$path` and `$config`. Only that
 * idiom is modelled (recognized statement by statement); the file is the
 * capture's `docker.daemonConfig`, and Docker reads it when it starts.
 */
import { DAEMON_JSON } from '../checks/fixes.js';
import { exact, fail, noop, notModelled, ok, type Ctx, type Outcome } from './types.js';

export type SessionValue = { kind: 'text'; value: string } | { kind: 'config'; value: Record<string, unknown> } | { kind: 'daemon-text' };

const S = String.raw;
const V = S`\$(\w+)`;
const Q = S`'((?:[^']|'')*)'`;
const unq = (s: string) => s.replace(/''/g, "'");
const norm = (text: string) => text.replace(/\s+/g, ' ').trim();

function isDaemonPath(ctx: Ctx, name: string): boolean {
  const v = ctx.state.vars[name.toLowerCase()];
  return v?.kind === 'text' && v.value.toLowerCase() === DAEMON_JSON.toLowerCase();
}

function currentConfig(ctx: Ctx): { value: Record<string, unknown>; note?: string } {
  const cfg = ctx.state.capture.docker?.daemonConfig;
  if (cfg) {
    const { $ptr: _ptr, ...rest } = cfg as Record<string, unknown>;
    return { value: structuredClone(rest) };
  }
  return { value: {}, note: 'daemon.json was not captured; the simulation starts from an empty file.' };
}

function literal(text: string): unknown {
  const t = text.trim();
  let m = new RegExp(`^${Q}$`).exec(t);
  if (m) return unq(m[1]!);
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^\$true$/i.test(t)) return true;
  if (/^\$false$/i.test(t)) return false;
  m = /^@\((.*)\)$/.exec(t);
  if (m) {
    const items = m[1]!.split(',').map((x) => x.trim()).filter(Boolean);
    const values = items.map((x) => new RegExp(`^${Q}$`).exec(x)?.[1]);
    if (values.every((x) => x !== undefined)) return values.map((x) => unq(x!));
  }
  return undefined;
}

/** Recognizes one statement of the idiom; undefined when the statement is something else. */
export function daemonJsonStatement(ctx: Ctx, text: string): Outcome | undefined {
  const t = norm(text);
  const vars = ctx.state.vars;
  let m: RegExpExecArray | null;
  if ((m = new RegExp(`^${V} = ${Q}$`, 'i').exec(t))) {
    vars[m[1]!.toLowerCase()] = { kind: 'text', value: unq(m[2]!) };
    return noop(`Sets $${m[1]} for the next commands.`);
  }
  if ((m = new RegExp(`^${V} = docker (?:container )?inspect --format '\\{\\{\\.Config\\.Image\\}\\}' ${Q}$`, 'i').exec(t))) {
    const name = unq(m[2]!);
    const ct = ctx.state.capture.docker?.containers?.find((c) => (c.Name ?? '').replace(/^\//, '').toLowerCase() === name.toLowerCase());
    if (!ct) return fail(`No container '${name}' exists.`, exact(`Error: No such object: ${name}`));
    vars[m[1]!.toLowerCase()] = { kind: 'text', value: `<image of ${name}>` };
    return noop(`Reads the image of '${name}' into $${m[1]} (images are not in the capture: the simulation names it <image of ${name}>).`);
  }
  if ((m = new RegExp(`^(?:if \\(Test-Path -Path ${V}\\) \\{ )?Copy-Item -Path ${V} -Destination \\(${V} \\+ '\\.bak'\\) -Force(?: \\})?$`, 'i').exec(t))) {
    const name = m[2]!;
    if (!isDaemonPath(ctx, name)) return notModelled(`Copy-Item of $${name}`);
    return noop('Keeps a copy of daemon.json as daemon.json.bak.');
  }
  if ((m = new RegExp(`^${V} = if \\(Test-Path -Path ${V}\\) \\{ Get-Content -Path ${V} -Raw \\} else \\{ '' \\}$`, 'i').exec(t))) {
    if (!isDaemonPath(ctx, m[2]!)) return notModelled(`reading $${m[2]}`);
    vars[m[1]!.toLowerCase()] = { kind: 'daemon-text' };
    return noop('Reads daemon.json (empty when it does not exist).');
  }
  if ((m = new RegExp(`^${V} = if \\(${V} -and ${V}\\.Trim\\(\\)\\) \\{ ${V} \\| ConvertFrom-Json \\} else \\{ New-Object -TypeName 'PSObject' \\}$`, 'i').exec(t))) {
    if (vars[m[2]!.toLowerCase()]?.kind !== 'daemon-text') return notModelled(`ConvertFrom-Json of $${m[2]}`);
    const cur = currentConfig(ctx);
    vars[m[1]!.toLowerCase()] = { kind: 'config', value: cur.value };
    return noop('Parses daemon.json.', cur.note ? [cur.note] : []);
  }
  if ((m = new RegExp(`^${V} = Get-Content -Path ${V} -Raw \\| ConvertFrom-Json$`, 'i').exec(t))) {
    if (!isDaemonPath(ctx, m[2]!)) return notModelled(`reading $${m[2]}`);
    if (!ctx.state.capture.docker?.daemonConfig && ctx.state.capture.docker) {
      return fail('daemon.json does not exist (or was not captured).', exact(`Get-Content : Cannot find path '${DAEMON_JSON}' because it does not exist.`));
    }
    const cur = currentConfig(ctx);
    vars[m[1]!.toLowerCase()] = { kind: 'config', value: cur.value };
    return noop('Parses daemon.json.', cur.note ? [cur.note] : []);
  }
  if ((m = new RegExp(`^${V} \\| Add-Member -NotePropertyName ${Q} -NotePropertyValue (.+?) -Force$`, 'i').exec(t))) {
    const v = vars[m[1]!.toLowerCase()];
    if (v?.kind !== 'config') return notModelled(`Add-Member on $${m[1]}`);
    const value = literal(m[3]!);
    if (value === undefined) return notModelled(`the daemon.json value ${m[3]}`);
    v.value[unq(m[2]!)] = value;
    return noop(`Sets "${unq(m[2]!)}" in the copy of daemon.json (written below).`);
  }
  if ((m = new RegExp(`^${V}\\.PSObject\\.Properties\\.Remove\\(${Q}\\)$`, 'i').exec(t))) {
    const v = vars[m[1]!.toLowerCase()];
    if (v?.kind !== 'config') return notModelled(`removing a property of $${m[1]}`);
    delete v.value[unq(m[2]!)];
    return noop(`Removes "${unq(m[2]!)}" from the copy of daemon.json (written below).`);
  }
  if ((m = new RegExp(`^\\$null = New-Item -ItemType 'Directory' -Path \\(Split-Path -Path ${V} -Parent\\) -Force$`, 'i').exec(t))) {
    if (!isDaemonPath(ctx, m[1]!)) return notModelled(`New-Item for $${m[1]}`);
    return noop('Makes sure the docker config folder exists.');
  }
  const write = new RegExp(`^\\[System\\.IO\\.File\\]::WriteAllText\\(${V}, \\(${V} \\| ConvertTo-Json -Depth \\d+\\)\\)$`, 'i').exec(t)
    ?? (() => { const w = new RegExp(`^${V} \\| ConvertTo-Json -Depth \\d+ \\| Set-Content -Path ${V}(?: -Encoding '?\\w+'?)?$`, 'i').exec(t); return w ? [w[0], w[2], w[1]] as unknown as RegExpExecArray : null; })();
  if (write) {
    const [, pathVar, configVar] = write;
    const v = vars[configVar!.toLowerCase()];
    if (!isDaemonPath(ctx, pathVar!) || v?.kind !== 'config') return notModelled('writing that file');
    const c = ctx.state.capture;
    if (!c.docker) return notModelled('writing daemon.json, because the docker state was not captured');
    const before = JSON.stringify(currentConfig(ctx).value);
    c.docker.daemonConfig = structuredClone(v.value) as NonNullable<NonNullable<typeof c.docker>['daemonConfig']>;
    return ok('Writes daemon.json.', [{ kind: 'daemon-config', action: 'changed', name: 'daemon.json', detail: `${before} -> ${JSON.stringify(v.value)}` }],
      ['Docker reads daemon.json when it starts: the change takes effect when the engine restarts.']);
  }
  return undefined;
}
