/**
 * The state of the TUI and every change to it, as one pure reducer:
 * `reduce(state, event, frame)` returns the next state and the effects the
 * screen must carry out (quit, read the capture list, load a capture, write a
 * script, send raw bytes to the terminal). The frame carries what the screen
 * as last drawn knows: page size, the rows of each list, the length of the
 * scrolled texts. No ink, no react: tested as plain functions.
 */
import type { CheckResult, Finding } from '../../core/checks/types.js';
import type { HostReport } from '../../core/diagnose.js';
import type { HostModel } from '../../core/model/types.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import { resolveKey, type Action, type Context, type KeyState } from '../keys.js';
import type { CaptureEntry } from './captures.js';
import { planCopy } from './clipboard.js';
import { fixCommandsText, fixViewLines, type ScriptScope } from './fix-view.js';
import { helpLines } from './help.js';
import { applyInput } from './input.js';
import type { Tone } from './lines.js';
import { clampScroll, plural, step } from './lists.js';
import { defaultScriptName, type WriteOutcome } from './script-file.js';
import type { TreeRow } from './tree.js';

export interface Loaded {
  readonly report: HostReport;
  /** Undefined when the capture could not be read at all. */
  readonly model: HostModel | undefined;
}

export type View = 'findings' | 'host' | 'checks';

/** A one-line message in the key bar. */
export interface Status {
  readonly tone: Tone;
  readonly text: string;
}

export type Overlay =
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'search'; readonly query: string; readonly index: number }
  | { readonly kind: 'page'; readonly id: string; readonly scroll: number }
  | { readonly kind: 'fixes'; readonly finding: number; readonly fix: number; readonly plain: boolean; readonly scroll: number; readonly note?: Status | undefined }
  | { readonly kind: 'prompt'; readonly scope: ScriptScope; readonly path: string; readonly confirm: boolean; readonly error?: string | undefined };

export type PromptOverlay = Extract<Overlay, { kind: 'prompt' }>;

/** A row of the checks list: the capture's reading problems, or one check. */
export type CheckItem = { readonly type: 'issues' } | { readonly type: 'check'; readonly index: number };

export interface UiState {
  /** The open capture; undefined while the picker shows. */
  readonly loaded: Loaded | undefined;
  readonly entries: readonly CaptureEntry[];
  readonly pickerSel: number;
  readonly pickerNote: Status | undefined;
  /** The path being loaded (the picker shows "Loading"). */
  readonly loading: string | undefined;
  readonly view: View;
  readonly focus: 'list' | 'detail';
  readonly findingSel: number;
  readonly checkSel: number;
  readonly treeSelId: string | undefined;
  /** Folded tree nodes; undefined until the user folds something (then the quiet groups start folded). */
  readonly folded: ReadonlySet<string> | undefined;
  readonly detailScroll: number;
  /** Opened over the views, last on top. */
  readonly overlays: readonly Overlay[];
  readonly status: Status | undefined;
}

/** What the screen as last drawn knows, and the reducer needs. */
export interface Frame {
  /** Rows inside a bordered pane. */
  readonly inner: number;
  /** Columns inside a full-width pane. */
  readonly fullInner: number;
  /** Findings in list order. */
  readonly findings: readonly Finding[];
  readonly treeRows: readonly TreeRow[];
  /** The tree's folded nodes as drawn (the initial folding until the user folds). */
  readonly collapsed: ReadonlySet<string>;
  readonly checkItems: readonly CheckItem[];
  /** Check results in list order (what a CheckItem's index points into). */
  readonly checkResults: readonly CheckResult[];
  /** Lines of the detail pane as drawn. */
  readonly detailLength: number;
  /** Lines of a knowledge page at full width (0 when there is no such page). */
  readonly pageLength: (id: string) => number;
  /** The knowledge ids of the search results as drawn. */
  readonly searchResults: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export type Effect =
  | { readonly kind: 'exit' }
  | { readonly kind: 'listCaptures' }
  | { readonly kind: 'open'; readonly entry: CaptureEntry }
  | { readonly kind: 'write'; readonly prompt: PromptOverlay; readonly overwrite: boolean }
  | { readonly kind: 'raw'; readonly bytes: string }
  /** Draw the open capture's host as SVG next to the capture. */
  | { readonly kind: 'draw'; readonly loaded: Loaded };

export type UiEvent =
  /** A key press (one key: the screen splits chunks of keys typed together). */
  | { readonly type: 'key'; readonly input: string; readonly key: KeyState }
  | { readonly type: 'entries'; readonly entries: readonly CaptureEntry[] }
  | { readonly type: 'loaded'; readonly entry: CaptureEntry; readonly loaded: Loaded }
  | { readonly type: 'loadFailed'; readonly entry: CaptureEntry; readonly message: string }
  | { readonly type: 'written'; readonly outcome: WriteOutcome }
  | { readonly type: 'nothingToWrite' }
  /** The outcome of work an effect started and finished later, for the key bar. */
  | { readonly type: 'status'; readonly status: Status };

export interface Result {
  readonly state: UiState;
  readonly effects: readonly Effect[];
}

export function initialState(initial: Loaded | undefined, entries: readonly CaptureEntry[]): UiState {
  return {
    loaded: initial, entries, pickerSel: 0, pickerNote: undefined, loading: undefined,
    view: 'findings', focus: 'list', findingSel: 0, checkSel: 0, treeSelId: undefined, folded: undefined,
    detailScroll: 0, overlays: [], status: undefined,
  };
}

/** Where the keyboard goes in this state. */
export function contextOf(s: UiState): Context {
  const top = s.overlays[s.overlays.length - 1];
  if (top) return top.kind === 'prompt' ? (top.confirm ? 'confirm' : 'prompt') : top.kind;
  if (!s.loaded) return 'picker';
  if (s.focus === 'detail') return 'detail';
  return s.view === 'findings' ? 'list' : s.view === 'host' ? 'tree' : 'checks';
}

/** The selected row of the tree: the one with the remembered id, else the first. */
export function treeIndexOf(s: UiState, rows: readonly TreeRow[]): number {
  return Math.max(0, rows.findIndex((r) => r.node.id === s.treeSelId));
}

type Move = number | 'top' | 'bottom';

function moveOf(a: Action, page: number): Move | undefined {
  switch (a) {
    case 'up': return -1;
    case 'down': return 1;
    case 'pageUp': return -page;
    case 'pageDown': return page;
    case 'top': return 'top';
    case 'bottom': return 'bottom';
    default: return undefined;
  }
}

const moveIndex = (i: number, d: Move, count: number) => (d === 'top' ? 0 : d === 'bottom' ? Math.max(0, count - 1) : step(i, d, count));
const scrollBy = (scroll: number, d: Move, inner: number, n: number) => (d === 'top' ? 0 : d === 'bottom' ? Math.max(0, n - inner) : clampScroll(scroll + d, inner, n));

/** Builds one result: state changes are merged in order, effects collected. */
class Next {
  effects: Effect[] = [];
  constructor(public state: UiState) {}
  set(patch: Partial<UiState>): this {
    this.state = { ...this.state, ...patch };
    return this;
  }
  push(o: Overlay): this {
    return this.set({ overlays: [...this.state.overlays, o] });
  }
  pop(): this {
    return this.set({ overlays: this.state.overlays.slice(0, -1) });
  }
  replaceTop(o: Overlay): this {
    return this.set({ overlays: [...this.state.overlays.slice(0, -1), o] });
  }
  effect(e: Effect): this {
    this.effects.push(e);
    return this;
  }
  done(): Result {
    return { state: this.state, effects: this.effects };
  }
}

function gotoFinding(n: Next, i: number): void {
  n.set({ overlays: [], view: 'findings', focus: 'list', findingSel: i, detailScroll: 0 });
}

function defaultPath(s: UiState, f: Frame, scope: ScriptScope): string {
  const finding = scope.kind === 'fix' ? f.findings[scope.finding ?? 0] : undefined;
  return defaultScriptName(s.loaded?.report.host.name, finding ? `-${finding.check}-fix${(scope.fix ?? 0) + 1}` : '');
}

function promptFor(s: UiState, f: Frame, scope: ScriptScope): Overlay {
  return { kind: 'prompt', scope, path: defaultPath(s, f, scope), confirm: false };
}

function toggleFold(n: Next, f: Frame, id: string): void {
  const next = new Set(f.collapsed);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  n.set({ folded: next });
}

function selectInTree(n: Next, f: Frame): void {
  const row = f.treeRows[treeIndexOf(n.state, f.treeRows)];
  if (!row) return;
  const node = row.node;
  if (node.findings.length > 0) {
    gotoFinding(n, node.findings[0]!);
    if (node.findings.length > 1) n.set({ status: { tone: 'info', text: `${node.findings.length} findings concern ${node.name}; showing the first` } });
  } else if (node.children.length > 0) {
    toggleFold(n, f, node.id);
  } else {
    n.set({ status: { tone: 'ok', text: `No finding concerns ${node.name}` } });
  }
}

function selectCheck(n: Next, f: Frame): void {
  const item = f.checkItems[n.state.checkSel];
  if (!item) return;
  if (item.type === 'issues') {
    n.set({ focus: 'detail' });
    return;
  }
  const r = f.checkResults[item.index]!;
  const i = f.findings.findIndex((x) => x.check === r.check);
  if (i >= 0) gotoFinding(n, i);
  else n.set({ status: { tone: 'info', text: `${r.check} has no findings (${r.status === 'not-applicable' ? 'not applicable: see the detail pane' : r.status})` } });
}

/** Keys that mean the same wherever they are bound. */
function common(n: Next, a: Action): boolean {
  switch (a) {
    case 'quit': n.effect({ kind: 'exit' }); return true;
    case 'help': n.push({ kind: 'help', scroll: 0 }); return true;
    case 'search': n.push({ kind: 'search', query: '', index: 0 }); return true;
    case 'viewFindings': case 'viewHost': case 'viewChecks':
      n.set({ view: a === 'viewFindings' ? 'findings' : a === 'viewHost' ? 'host' : 'checks', focus: 'list', detailScroll: 0 });
      return true;
    case 'drawing':
      if (n.state.loaded?.model) n.set({ status: { tone: 'info', text: 'Drawing the host…' } }).effect({ kind: 'draw', loaded: n.state.loaded });
      return true;
    case 'openCapture':
      n.set({ pickerSel: 0, pickerNote: undefined, overlays: [], loaded: undefined }).effect({ kind: 'listCaptures' });
      return true;
    default: return false;
  }
}

function onMain(n: Next, context: Context, a: Action, d: Move | undefined, f: Frame): void {
  const s = n.state;
  switch (context) {
    case 'picker':
      if (d !== undefined) n.set({ pickerSel: moveIndex(s.pickerSel, d, s.entries.length) });
      else if (a === 'select' && s.entries[s.pickerSel] && !s.loading) {
        n.set({ loading: s.entries[s.pickerSel]!.path, pickerNote: undefined }).effect({ kind: 'open', entry: s.entries[s.pickerSel]! });
      }
      return;
    case 'list':
      if (d !== undefined) n.set({ findingSel: moveIndex(s.findingSel, d, f.findings.length), detailScroll: 0 });
      else if (a === 'nextPane' || a === 'prevPane') n.set({ focus: 'detail' });
      else if (a === 'select' && f.findings[s.findingSel]) n.push({ kind: 'fixes', finding: s.findingSel, fix: 0, plain: false, scroll: 0 });
      else if (a === 'writeAll') n.push(promptFor(s, f, { kind: 'all' }));
      return;
    case 'tree': {
      const at = treeIndexOf(s, f.treeRows);
      if (d !== undefined) {
        n.set({ treeSelId: f.treeRows[moveIndex(at, d, f.treeRows.length)]?.node.id, detailScroll: 0 });
        return;
      }
      const row = f.treeRows[at];
      if (a === 'nextPane' || a === 'prevPane') n.set({ focus: 'detail' });
      else if (a === 'select') selectInTree(n, f);
      else if (a === 'collapse' && row) {
        if (row.node.children.length > 0 && !row.collapsed) toggleFold(n, f, row.node.id);
        else {
          const parent = f.treeRows.slice(0, at).reverse().find((r) => r.depth === row.depth - 1);
          if (parent) n.set({ treeSelId: parent.node.id });
        }
      } else if (a === 'expand' && row) {
        if (row.collapsed) toggleFold(n, f, row.node.id);
        else if (row.node.children.length > 0) n.set({ treeSelId: f.treeRows[at + 1]?.node.id });
      }
      return;
    }
    case 'checks':
      if (d !== undefined) n.set({ checkSel: moveIndex(s.checkSel, d, f.checkItems.length), detailScroll: 0 });
      else if (a === 'nextPane' || a === 'prevPane') n.set({ focus: 'detail' });
      else if (a === 'select') selectCheck(n, f);
      return;
    case 'detail':
      if (d !== undefined) n.set({ detailScroll: scrollBy(clampScroll(s.detailScroll, f.inner, f.detailLength), d, f.inner, f.detailLength) });
      else if (a === 'nextPane' || a === 'prevPane' || a === 'back') n.set({ focus: 'list' });
      else if (a === 'select') {
        if (s.view === 'findings' && f.findings[s.findingSel]) n.push({ kind: 'fixes', finding: s.findingSel, fix: 0, plain: false, scroll: 0 });
        else if (s.view === 'host') selectInTree(n, f);
        else if (s.view === 'checks') selectCheck(n, f);
      }
      return;
    default:
  }
}

function onFixes(n: Next, top: Extract<Overlay, { kind: 'fixes' }>, a: Action, d: Move | undefined, f: Frame): void {
  const finding = f.findings[top.finding];
  if (!finding) return;
  const fix = finding.fixes[top.fix];
  const { lines, fixStarts } = fixViewLines(finding, top.fix, f.fullInner);
  if (a === 'up' || a === 'down') {
    const next = step(top.fix, a === 'up' ? -1 : 1, finding.fixes.length);
    const start = fixStarts[next] ?? 0;
    const end = (fixStarts[next + 1] ?? lines.length) - 1;
    let scroll = top.scroll;
    if (start < scroll || end >= scroll + f.inner) scroll = start - 1;
    n.replaceTop({ ...top, fix: next, scroll: clampScroll(next === 0 ? 0 : scroll, f.inner, lines.length), plain: false, note: undefined });
  } else if (d !== undefined) {
    n.replaceTop({ ...top, scroll: scrollBy(top.scroll, d, f.inner, lines.length) });
  } else if (a === 'copy' && fix) {
    const plan = planCopy(fixCommandsText(fix), f.env);
    if (plan.sequence) n.effect({ kind: 'raw', bytes: plan.sequence });
    const count = plural(fix.commands.length, 'command');
    n.replaceTop({
      ...top, plain: true,
      note: plan.via === 'none'
        ? { tone: 'warning', text: `This terminal cannot take a clipboard sequence: select the ${count} below with the mouse.` }
        : { tone: 'ok', text: `✔ Sent ${count} to the clipboard (OSC 52${plan.via === 'osc52-tmux' ? ', also through tmux' : ''}). If your terminal ignores OSC 52, select them below.` },
    });
  } else if (a === 'plain' && fix) n.replaceTop({ ...top, plain: !top.plain, note: undefined });
  else if (a === 'write' && fix) n.push(promptFor(n.state, f, { kind: 'fix', finding: top.finding, fix: top.fix }));
  else if (a === 'writeAll') n.push(promptFor(n.state, f, { kind: 'all' }));
  else if (a === 'back') {
    if (top.plain) n.replaceTop({ ...top, plain: false, note: undefined });
    else n.pop();
  }
}

function onOverlay(n: Next, top: Overlay, a: Action, d: Move | undefined, f: Frame): void {
  switch (top.kind) {
    case 'help':
      if (d !== undefined) n.replaceTop({ ...top, scroll: scrollBy(top.scroll, d, f.inner, helpLines(f.fullInner).length) });
      else if (a === 'back') n.pop();
      return;
    case 'page':
      if (d !== undefined) n.replaceTop({ ...top, scroll: scrollBy(top.scroll, d, f.inner, f.pageLength(top.id)) });
      else if (a === 'back') n.pop();
      else if (a === 'gotoFinding') {
        const i = f.findings.findIndex((x) => x.knowledge === top.id);
        if (i >= 0) gotoFinding(n, i);
        else n.set({ status: { tone: 'info', text: n.state.loaded ? `No finding for ${top.id} on this host` : 'No capture is open: nothing to show on a host' } });
      }
      return;
    case 'search':
      if (a === 'up' || a === 'down' || a === 'pageUp' || a === 'pageDown') n.replaceTop({ ...top, index: moveIndex(top.index, d as number, f.searchResults.length) });
      else if (a === 'select') {
        const id = f.searchResults[top.index];
        if (id) n.push({ kind: 'page', id, scroll: 0 });
      } else if (a === 'clear') n.replaceTop({ ...top, query: '', index: 0 });
      else if (a === 'back') n.pop();
      return;
    case 'fixes':
      onFixes(n, top, a, d, f);
      return;
    case 'prompt':
      if (a === 'back') n.pop();
      else if (a === 'clear') n.replaceTop({ ...top, path: '', error: undefined });
      else if (a === 'no') n.replaceTop({ ...top, confirm: false });
      else if (a === 'select' || a === 'yes') n.effect({ kind: 'write', prompt: top, overwrite: a === 'yes' });
      return;
  }
}

/** Typing into the search box or the script path box. */
function onTyping(n: Next, input: string, key: KeyState): void {
  const top = n.state.overlays[n.state.overlays.length - 1];
  if (top?.kind === 'search') {
    const next = applyInput(top.query, input, key);
    if (next !== undefined) n.replaceTop({ ...top, query: next, index: 0 });
  } else if (top?.kind === 'prompt' && !top.confirm) {
    const next = applyInput(top.path, input, key, 1000);
    if (next !== undefined) n.replaceTop({ ...top, path: next, error: undefined });
  }
}

function onWritten(n: Next, outcome: WriteOutcome): void {
  const top = n.state.overlays[n.state.overlays.length - 1];
  if (top?.kind !== 'prompt') return;
  if (outcome.kind === 'written') {
    n.pop().set({ status: { tone: 'ok', text: `✔ Wrote ${outcome.bytes.toLocaleString('en-US')} bytes to ${outcome.path} (UTF-8 with BOM). Preview it first: powershell -File <script> -WhatIf` } });
  } else if (outcome.kind === 'exists') {
    n.replaceTop({ ...top, confirm: true, error: undefined });
  } else {
    n.replaceTop({ ...top, confirm: false, error: `Could not write ${outcome.path}: ${outcome.message}` });
  }
}

export function reduce(state: UiState, event: UiEvent, frame: Frame): Result {
  const n = new Next(state);
  switch (event.type) {
    case 'key': {
      n.set({ status: undefined });
      const context = contextOf(state);
      const action = resolveKey(context, event.input, event.key);
      if (!action) {
        onTyping(n, event.input, event.key);
        break;
      }
      if (common(n, action)) break;
      const d = moveOf(action, Math.max(1, frame.inner - 1));
      const top = state.overlays[state.overlays.length - 1];
      if (top) onOverlay(n, top, action, d, frame);
      else onMain(n, context, action, d, frame);
      break;
    }
    case 'entries':
      n.set({ entries: event.entries });
      break;
    case 'loaded':
      n.set({
        loading: undefined, loaded: event.loaded, view: 'findings', focus: 'list', findingSel: 0, checkSel: 0,
        treeSelId: undefined, folded: undefined, detailScroll: 0, overlays: [],
      });
      break;
    case 'loadFailed':
      n.set({ loading: undefined, pickerNote: { tone: 'error', text: `✖ ${sanitizeInline(event.message)}` } });
      break;
    case 'written':
      onWritten(n, event.outcome);
      break;
    case 'status':
      n.set({ status: event.status });
      break;
    case 'nothingToWrite': {
      const top = state.overlays[state.overlays.length - 1];
      if (top?.kind === 'prompt') n.replaceTop({ ...top, error: 'Nothing to write.' });
      break;
    }
  }
  return n.done();
}

/** The event for a capture the loader could or could not read. */
export function loadEvent(entry: CaptureEntry, loaded: Loaded): UiEvent {
  if (loaded.model) return { type: 'loaded', entry, loaded };
  const why = loaded.report.ingestIssues[0]?.message ?? 'it could not be read';
  return { type: 'loadFailed', entry, message: `Cannot open ${sanitizeInline(entry.label)}: ${sanitizeInline(why)}` };
}
