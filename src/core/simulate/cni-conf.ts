/**
 * Editing a CNI conf file the way the project's fixes do it: a backup with
 * `Copy-Item`, then one text replacement
 * `(Get-Content -Path '<conf>' -Raw).Replace('<old>', '<new>') | Set-Content -Path '<conf>' -NoNewline`.
 * Only that idiom is modelled, and only for files in the captured CNI conf
 * dirs (the capture's `cni` key).
 */
import { parseCniConf } from '../capture/parse/cni.js';
import { cniOf, simulatedConfFile, type CniCapture } from './nerdctl.js';
import { exact, noop, notModelled, ok, type Ctx, type Outcome } from './types.js';

const Q = String.raw`'((?:[^']|'')*)'`;
const unq = (s: string) => s.replace(/''/g, "'");
const lower = (s: string) => s.toLowerCase();

type ConfFile = { name: string; text?: string | undefined };

/** The captured conf file at a Windows path, with its dir; `dir` alone when the dir is captured but the file is not there. */
function confAt(cni: CniCapture, path: string): { dir?: CniCapture['confDirs'][number]; file?: ConfFile } {
  const p = path.replace(/\//g, '\\');
  const cut = p.lastIndexOf('\\');
  if (cut < 0) return {};
  const dirPath = lower(p.slice(0, cut));
  const name = lower(p.slice(cut + 1));
  const dir = cni.confDirs.find((d) => lower(d.path.replace(/[\\/]+$/, '')) === dirPath);
  if (!dir) return {};
  const file = (dir.files ?? []).find((f) => lower(f.name) === name);
  return file ? { dir, file } : { dir };
}

const notFound = (cmdlet: string, path: string): Outcome => ({
  status: 'fails', reason: `No file '${path}' exists in the captured CNI conf dir.`, error: exact(`${cmdlet} : Cannot find path '${path}' because it does not exist.`), advice: [], notes: [], changes: [],
});

/** Recognizes the replace idiom; undefined when the statement is something else. */
export function cniConfStatement(ctx: Ctx, text: string): Outcome | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = new RegExp(String.raw`^\(Get-Content -Path ${Q} -Raw\)\.Replace\(${Q}, ?${Q}\) \| Set-Content -Path ${Q} -NoNewline$`, 'i').exec(t);
  if (!m) return undefined;
  const [from, oldText, newText, to] = [unq(m[1]!), unq(m[2]!), unq(m[3]!), unq(m[4]!)];
  const cni = cniOf(ctx.state.capture);
  if (!cni) return notModelled(`editing '${from}', because the CNI conf dirs were not captured (key cni)`);
  const src = confAt(cni, from);
  if (!src.dir) return notModelled(`editing '${from}' (only files in the captured CNI conf dirs are modelled)`);
  if (!src.file) return notFound('Get-Content', from);
  if (lower(from) !== lower(to)) return notModelled('writing the edited text to another file than it was read from');
  if (src.file.text === undefined) return notModelled(`editing '${from}', whose text was not captured`);
  if (oldText === '') return notModelled('.Replace with an empty search text');
  if (!src.file.text.includes(oldText)) return noop(`'${oldText}' is not in ${src.file.name} (.Replace matches case and every character): the file is written back unchanged.`);
  const count = src.file.text.split(oldText).length - 1;
  src.file.text = src.file.text.split(oldText).join(newText);
  // The checks read the parsed conf: parse the edited text as the loader does.
  const parsed = parseCniConf(src.file.text);
  Object.assign(src.file, { conf: parsed.conf, problem: parsed.problem });
  return ok(`Replaces '${oldText}' with '${newText}' in ${src.file.name}.`, [{ kind: 'cni-conf', action: 'changed', name: from, detail: `${count} occurrence${count === 1 ? '' : 's'} of '${oldText}' now '${newText}'` }],
    ['CNI plugins read their conf when a container or pod is added: networks and endpoints that exist keep the old values until they are made again.']);
}

/** `Copy-Item` of a captured CNI conf (a backup next to it). Undefined when the path is not one. */
export function copyCniConf(ctx: Ctx, path: string, destination: string | undefined): Outcome | undefined {
  const cni = cniOf(ctx.state.capture);
  if (!cni || destination === undefined) return undefined;
  const src = confAt(cni, path);
  if (!src.dir) return undefined;
  if (!src.file) return notFound('Copy-Item', path);
  const dest = confAt(cni, destination);
  if (!dest.dir) return notModelled(`copying '${path}' outside the captured CNI conf dirs`);
  const name = destination.replace(/\//g, '\\').split('\\').pop()!;
  const files = (dest.dir.files ??= []);
  const existing = files.findIndex((f) => lower(f.name) === lower(name));
  const copy = simulatedConfFile(dest.dir, existing >= 0 ? existing : files.length, name, src.file.text);
  if (existing >= 0) files[existing] = copy;
  else files.push(copy);
  const loads = /\.(conf|conflist|json)$/i.test(name);
  return ok(`Copies ${src.file.name} to ${name}.`, [{ kind: 'cni-conf', action: existing >= 0 ? 'changed' : 'added', name: destination, detail: `copy of ${src.file.name}` }],
    loads ? [`${name} ends in .conf, .conflist or .json: CNI loads it as a conf too, next to the original.`] : []);
}
