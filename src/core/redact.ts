/**
 * Redaction of a capture taken without the collector's -Redact, so it can be
 * attached to a public issue. Same rules and placeholders as the collector:
 * host, domain and VM names become host-1/domain-1/vm-1, MAC addresses become
 * 02-00-xx-xx-xx-xx in the original spelling, public IPv4 addresses move to
 * 198.18.0.0/15 and public IPv6 addresses to 2001:db8::/32. One value always
 * gets one placeholder. Private ranges, masks and prefix lengths are kept, so
 * the diagnosis of the redacted capture is the same. Pure: raw JSON in, a new
 * raw JSON value out; the input is never modified.
 */

import { parseCommandLine } from './capture/parse/cmdline.js';
import { secretFileReason } from './capture/parse/secrets.js';
import { REDACTED } from './capture/runtime-types.js';

export interface RedactionSummary {
  readonly hostNames: number;
  readonly domains: number;
  readonly macs: number;
  readonly ipv4: number;
  readonly ipv6: number;
}

const KEPT_NAMES = new Set(['workgroup', 'localhost', 'localdomain', 'local']);
const BEFORE = '(?<=^|[^A-Za-z0-9_-])';
const AFTER = '(?=$|[^A-Za-z0-9_-])';

class Placeholders {
  private readonly map = new Map<string, string>();
  readonly counters: Record<string, number> = {};

  get(kind: 'host' | 'domain' | 'vm' | 'mac' | 'ipv4' | 'ipv6', value: string): string {
    const key = `${kind}|${value}`;
    const known = this.map.get(key);
    if (known) return known;
    const n = (this.counters[kind] ?? 0) + 1;
    this.counters[kind] = n;
    let out: string;
    if (kind === 'mac') out = `0200${n.toString(16).toUpperCase().padStart(8, '0')}`;
    else if (kind === 'ipv4') out = `198.${18 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
    else if (kind === 'ipv6') out = `2001:db8::${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`.replace('::0:', '::');
    else out = `${kind}-${n}`;
    this.map.set(key, out);
    return out;
  }
}

function isPublicIPv4(o: number[]): boolean {
  const [a, b, c] = o as [number, number, number, number];
  const value = ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
  const inverted = (0xffffffff - value) >>> 0;
  if ((((inverted + 1) & inverted) >>> 0) === 0) return false; // a subnet mask
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class Redactor {
  private readonly p = new Placeholders();
  private readonly namePattern: RegExp | undefined;
  private readonly nameKind = new Map<string, 'host' | 'domain' | 'vm'>();

  constructor(names: { hosts: readonly string[]; domains: readonly string[]; vms?: readonly string[] }) {
    const all: string[] = [];
    for (const [kind, values] of [['host', names.hosts], ['domain', names.domains], ['vm', names.vms ?? []]] as const) {
      for (const v of values) {
        const t = v.trim().replace(/\.+$/, '');
        const lower = t.toLowerCase();
        if (t.length < 2 || KEPT_NAMES.has(lower) || this.nameKind.has(lower)) continue;
        this.nameKind.set(lower, kind);
        this.p.get(kind, lower);
        all.push(t);
      }
    }
    all.sort((x, y) => y.length - x.length);
    this.namePattern = all.length ? new RegExp(`${BEFORE}(?:${all.map(escapeRegExp).join('|')})${AFTER}`, 'gi') : undefined;
  }

  private mac(raw: string): string {
    const hex = raw.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
    const ph = this.p.get('mac', hex);
    const sep = raw.length > 12 ? raw[2]! : '';
    const out = ph.match(/../g)!.join(sep);
    return /[a-f]/.test(raw) ? out.toLowerCase() : out;
  }

  text(value: string, key?: string): string {
    let s = value;
    if (this.namePattern) s = s.replace(this.namePattern, (m) => this.p.get(this.nameKind.get(m.toLowerCase())!, m.toLowerCase()));
    if (key !== undefined && /macaddress$/i.test(key) && /^[0-9A-Fa-f]{12}$/.test(s)) return this.mac(s);
    s = s.replace(/(?<![0-9A-Za-z:-])[0-9A-Fa-f]{2}([-:])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Za-z:-])/g, (m) => this.mac(m));
    s = s.replace(/(?<![0-9A-Za-z:.])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z:.])/g, (m) => {
      const first = parseInt(m.split(':')[0] || '0', 16);
      // Only global unicast (2000::/3) is public.
      return (first & 0xe000) === 0x2000 && m.split(':')[0] !== '' ? this.p.get('ipv6', m.toLowerCase()) : m;
    });
    s = s.replace(/(?<![0-9A-Za-z.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![0-9A-Za-z]|\.\d)/g, (m, a, b, c, d) => {
      const o = [a, b, c, d].map(Number);
      if (o.some((x) => x > 255)) return m;
      return isPublicIPv4(o) ? this.p.get('ipv4', o.join('.')) : m;
    });
    return s;
  }

  /** A redacted copy of any JSON value (strings in values; object keys kept except where they are MACs or addresses). */
  value(v: unknown, key?: string): unknown {
    if (typeof v === 'string') return this.text(v, key);
    if (Array.isArray(v)) return v.map((x) => this.value(x, key));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === '__proto__') continue;
        out[this.text(k)] = this.value(x, k);
      }
      return out;
    }
    return v;
  }

  summary(): RedactionSummary {
    const c = this.p.counters;
    return { hostNames: c['host'] ?? 0, domains: c['domain'] ?? 0, macs: c['mac'] ?? 0, ipv4: c['ipv4'] ?? 0, ipv6: c['ipv6'] ?? 0 };
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** The nesting depth of a JSON value, computed without recursion. */
export function jsonDepth(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return deepest;
}

export const MAX_REDACT_DEPTH = 100;

type Raw = Record<string, unknown>;

function obj(v: unknown): Raw | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : undefined;
}

/** A list key's items (PowerShell writes one item without the array). */
function items(v: unknown): Raw[] {
  return (Array.isArray(v) ? v : [v]).map(obj).filter((x): x is Raw => x !== undefined);
}

/** `key = value` (TOML, env) and `key: value` (YAML) lines and `"key": value` (JSON) pairs whose key names a secret. */
const SECRET_LINE = /^(\s*["']?[\w.-]*(?:token|password|passwd|secret|key|credential|auth|username)[\w.-]*["']?\s*[:=]\s*)(?![\s{[]*$)\S.*$/gim;
const SECRET_PAIR = /("[\w.-]*(?:token|password|passwd|secret|key|credential|auth|username)[\w.-]*"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,{}[\]\s"]+)/gi;

/** A config text with the value of every secret-named setting replaced: JSON pairs, or lines (TOML, YAML, env). */
function maskSettingsText(text: string, form: 'json-or-yaml' | 'lines'): string {
  const json = form === 'json-or-yaml' && /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
  return json ? text.replace(SECRET_PAIR, `$1"${REDACTED}"`) : text.replace(SECRET_LINE, `$1"${REDACTED}"`);
}

/**
 * Secrets the collector should have left out but a hand-made capture may
 * hold: values of secret flags in the agents' command lines, secret settings
 * in config texts, and whole kubeconfigs, keys and certificates (their text
 * goes). The cloud resource path of the node (providerID) keeps its scheme
 * only. Edits the redacted copy in place.
 */
function maskRuntimeSecrets(capture: Raw): void {
  const k = obj(capture['kubernetes']);
  if (k) {
    for (const p of items(k['processes'])) if (typeof p['CommandLine'] === 'string') p['CommandLine'] = parseCommandLine(p['CommandLine']).text;
    for (const s of items(k['services'])) if (typeof s['PathName'] === 'string') s['PathName'] = parseCommandLine(s['PathName']).text;
    for (const f of items(k['files'])) {
      if (typeof f['text'] !== 'string') continue;
      f['text'] = secretFileReason(String(f['path'] ?? ''), f['text']) ? null : maskSettingsText(f['text'], 'json-or-yaml');
    }
    const spec = obj(obj(k['node'])?.['spec']);
    if (spec && typeof spec['providerID'] === 'string') spec['providerID'] = spec['providerID'].replace(/^([a-z0-9-]+:\/\/).*$/i, `$1/${REDACTED}`);
  }
  const c = obj(capture['containerd']);
  if (c && typeof c['config'] === 'string') c['config'] = maskSettingsText(c['config'], 'lines');
}

/** Redacts a raw capture (as parsed from JSON). Callers check `jsonDepth` first: real captures are ~15 levels deep. */
export function redactCapture(raw: Record<string, unknown>): { capture: Record<string, unknown>; summary: RedactionSummary } {
  const cs = (raw['computerSystem'] ?? {}) as Record<string, unknown>;
  const info = ((raw['docker'] as Record<string, unknown> | undefined)?.['info'] ?? {}) as Record<string, unknown>;
  const kube = obj(raw['kubernetes']);
  // Kubernetes node names are host names (this node's and its peers').
  const nodeNames = [str(obj(obj(kube?.['node'])?.['metadata'])?.['name']), ...items(kube?.['nodes']).map((n) => str(n['name']))];
  const hosts = [str(cs['Name']), str(info['Name']), ...nodeNames].filter((x): x is string => !!x);
  const domains = [str(cs['Domain'])].filter((x): x is string => !!x);
  const vms = (Array.isArray(raw['parentVmNetworkAdapters']) ? raw['parentVmNetworkAdapters'] : [raw['parentVmNetworkAdapters']])
    .map((a) => str((a as Record<string, unknown> | undefined)?.['VMName'])).filter((x): x is string => !!x);
  const r = new Redactor({ hosts, domains, vms });
  const capture = r.value(raw) as Record<string, unknown>;
  maskRuntimeSecrets(capture);
  return { capture, summary: r.summary() };
}
