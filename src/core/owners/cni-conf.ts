/**
 * Fixes that change a CNI conf: the one place a Kubernetes CNI plugin (or
 * nerdctl) reads what HNS gives each new endpoint. The conf is read as
 * the plugins read it (comments allowed), changed with its own key
 * spellings, and written back as one line of JSON after a backup copy
 * (which keeps its comments and layout).
 */
import type { CniConfFile } from '../capture/runtime-types.js';
import { jsoncParser } from '../capture/parse/lazy.js';
import type { Fix } from '../checks/types.js';
import type { CniNetworkView, HostModel } from '../model/types.js';
import { ps } from '../powershell.js';

/** The captured file behind a CNI conf view (its parsed conf and raw text). */
export function confFileOf(model: HostModel, view: CniNetworkView | undefined): CniConfFile | undefined {
  if (!view) return undefined;
  const dir = model.capture.cni?.confDirs?.find((d) => d.path === view.dir);
  return dir?.files.find((f) => f.name === view.file);
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** The key as the conf spells it (keys are read in any case). */
const keyOf = (o: Json, name: string) => Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());

/**
 * The conf with one more endpoint policy, as one line of JSON, in the spelling the conf
 * already uses: `AdditionalArgs` (windows-container-networking, Azure CNI) or
 * `policies` (win-bridge, win-overlay) of the first plugin, or of flannel's
 * delegate; `Settings` nested (V2) when its policies are, flat (V1)
 * otherwise. Undefined when the text is not a JSON object.
 */
export function withEndpointPolicy(text: string, type: string, v1: Json, v2: Json): string | undefined {
  const { parse } = jsoncParser();
  const doc: unknown = parse(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!isObj(doc)) return undefined;
  let plugin: Json = doc;
  const pluginsKey = keyOf(doc, 'plugins');
  const plugins = pluginsKey ? doc[pluginsKey] : undefined;
  if (pluginsKey && Array.isArray(plugins)) {
    if (!isObj(plugins[0])) return undefined;
    plugin = plugins[0];
  }
  const delegateKey = keyOf(plugin, 'delegate');
  if (delegateKey && isObj(plugin[delegateKey])) {
    plugin = plugin[delegateKey] as Json;
  }
  const pluginType = String(plugin[keyOf(plugin, 'type') ?? ''] ?? '').toLowerCase();
  const listKey = keyOf(plugin, 'AdditionalArgs') ?? keyOf(plugin, 'policies') ?? (/^win-(bridge|overlay)$/.test(pluginType) ? 'policies' : 'AdditionalArgs');
  const existing = Array.isArray(plugin[listKey]) ? (plugin[listKey] as unknown[]).filter(isObj) : [];
  const sample = existing[0];
  const nameKey = sample ? keyOf(sample, 'name') ?? 'Name' : listKey === 'policies' ? 'name' : 'Name';
  const valueKey = sample ? keyOf(sample, 'value') ?? 'Value' : listKey === 'policies' ? 'value' : 'Value';
  const nested = existing.some((e) => {
    const value = e[keyOf(e, 'value') ?? ''];
    return isObj(value) && keyOf(value, 'settings') !== undefined;
  });
  const entry = { [nameKey]: 'EndpointPolicy', [valueKey]: { Type: type, ...(nested ? { Settings: v2 } : v1) } };
  plugin[listKey] = [...(Array.isArray(plugin[listKey]) ? plugin[listKey] as unknown[] : []), entry];
  return JSON.stringify(doc);
}

/** Write a conf's new text, after a backup copy beside it. */
export function rewriteConfFix(file: CniConfFile, text: string, title: string, disrupts: string, expect: string): Fix {
  return {
    title,
    risk: 'disruptive',
    disrupts,
    runOn: 'container-host',
    commands: [
      ps`Copy-Item -Path ${file.path} -Destination ${`${file.path}.bak`} -Force`,
      ps`Set-Content -Path ${file.path} -Value ${text} -NoNewline`,
    ],
    verify: ps`Get-Content -Path ${file.path}`,
    expect,
  };
}

/** True when `part` occurs exactly once in `text`. */
export function occursOnce(text: string, part: string): boolean {
  const at = part === '' ? -1 : text.indexOf(part);
  return at >= 0 && text.indexOf(part, at + 1) < 0;
}

/**
 * One text replacement in a CNI conf. PowerShell's String.Replace replaces
 * every occurrence, so a change must name text that occurs exactly once
 * (a key, a pattern of the conf), or, with `every`, a value whose every
 * occurrence changes (a quoted subnet or gateway).
 */
export interface ConfChange {
  readonly oldText: string;
  readonly newText: string;
  readonly every?: boolean;
}

/**
 * Changes of values (a subnet, a gateway, an adapter name) in a conf's text:
 * each quoted as the JSON string it is in the file, so that a gateway
 * 10.4.0.1 is not found inside 10.4.0.10, and changed wherever the conf
 * holds it (a gateway in both ranges and routes). An edit with no old value,
 * or the same one, changes nothing and is left out.
 */
export function valueChanges(edits: readonly { readonly from: string | undefined; readonly to: string | undefined }[]): ConfChange[] {
  return edits.flatMap(({ from, to }) => (from && to && from !== to ? [{ oldText: JSON.stringify(from), newText: JSON.stringify(to), every: true }] : []));
}

/**
 * A fix that edits a CNI conf with the project's one idiom: a backup next to
 * it, then one exact text replacement per change (see simulate/cni-conf.ts).
 * Undefined when the captured text does not allow the changes, one after
 * the other: a change whose text is missing, or occurs more than once
 * without `every`, would edit the wrong place or nothing.
 */
export function cniConfEditFix(o: {
  readonly file: Pick<CniConfFile, 'path' | 'text'>; readonly changes: readonly ConfChange[]; readonly title: string;
  readonly expect: string; readonly disrupts?: string;
}): Fix | undefined {
  const path = o.file.path;
  let text = o.file.text;
  if (text === undefined || o.changes.length === 0) return undefined;
  for (const c of o.changes) {
    if (c.every ? !text.includes(c.oldText) : !occursOnce(text, c.oldText)) return undefined;
    text = text.split(c.oldText).join(c.newText);
  }
  const common = {
    title: o.title,
    runOn: 'container-host' as const,
    commands: [
      ps`Copy-Item -Path ${path} -Destination ${`${path}.bak`} -Force`,
      ...o.changes.map((c) => ps`(Get-Content -Path ${path} -Raw).Replace(${c.oldText}, ${c.newText}) | Set-Content -Path ${path} -NoNewline`),
    ],
    verify: ps`Get-Content -Path ${path} -Raw`,
    expect: o.expect,
  };
  return o.disrupts ? { ...common, risk: 'disruptive', disrupts: o.disrupts } : { ...common, risk: 'safe' };
}

