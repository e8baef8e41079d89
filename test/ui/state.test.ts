/** The TUI's state and every change to it, as a pure reducer: no ink, no react, no terminal. */
import test from 'ava';
import { diagnoseFile } from '../../src/core/diagnose.js';
import type { CaptureEntry } from '../../src/ui/logic/captures.js';
import { helpLines } from '../../src/ui/logic/help.js';
import type { KeyState } from '../../src/ui/keys.js';
import { contextOf, initialState, loadEvent, reduce, treeIndexOf, type Effect, type Frame, type Loaded, type UiEvent, type UiState } from '../../src/ui/logic/state.js';
import { captureLists, hostContent, treeRowsOf } from '../../src/ui/logic/views.js';
import { join } from 'node:path';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { runtimeAndTime } from '../../src/ui/logic/header-text.js';
import { computeLayout } from '../../src/ui/logic/layout.js';
import { linesText } from '../../src/ui/logic/lines.js';
import { BROKEN } from '../helpers/tui.js';

const broken: Loaded = diagnoseFile(BROKEN);
const INNER = 10;

/** The frame the screen would draw for a state (detail and page lengths given). */
function frameOf(s: UiState, extra: Partial<Frame> = {}): Frame {
  const lists = captureLists(s.loaded);
  const { collapsed, rows } = treeRowsOf(lists, s.folded);
  return {
    inner: INNER, fullInner: 76, findings: lists.findings, treeRows: rows, collapsed, checkItems: lists.checkItems,
    checkResults: lists.checkResults, detailLength: 50, pageLength: () => 30, searchResults: [], env: {}, ...extra,
  };
}

const KEYS: Record<string, KeyState> = {
  enter: { return: true }, esc: { escape: true }, tab: { tab: true }, up: { upArrow: true }, down: { downArrow: true }, left: { leftArrow: true }, right: { rightArrow: true },
};

/** Presses keys in turn ('j', 'enter', ...); returns the last state and every effect. */
function press(start: UiState, keys: readonly string[], extra: Partial<Frame> = {}): { state: UiState; effects: Effect[] } {
  let state = start;
  const effects: Effect[] = [];
  for (const k of keys) {
    const event: UiEvent = KEYS[k] ? { type: 'key', input: '', key: KEYS[k]! } : { type: 'key', input: k, key: /^[A-Z]$/.test(k) ? { shift: true } : {} };
    const r = reduce(Object.freeze(state), event, frameOf(state, extra));
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

const opened = initialState(broken, []);

test('the context follows the state: picker, list, detail, the views, and the overlay on top', (t) => {
  t.is(contextOf(initialState(undefined, [])), 'picker');
  t.is(contextOf(opened), 'list');
  t.is(contextOf({ ...opened, focus: 'detail' }), 'detail');
  t.is(contextOf({ ...opened, view: 'host' }), 'tree');
  t.is(contextOf({ ...opened, view: 'checks' }), 'checks');
  t.is(contextOf({ ...opened, overlays: [{ kind: 'help', scroll: 0 }] }), 'help');
  t.is(contextOf({ ...opened, overlays: [{ kind: 'prompt', scope: { kind: 'all' }, path: 'x', confirm: false }] }), 'prompt');
  t.is(contextOf({ ...opened, overlays: [{ kind: 'prompt', scope: { kind: 'all' }, path: 'x', confirm: true }] }), 'confirm');
});

test('moving in the findings list stops at both ends and resets the detail scroll', (t) => {
  const n = frameOf(opened).findings.length;
  t.true(n >= 3, 'the broken host has several findings');
  t.is(press(opened, ['j', 'j']).state.findingSel, 2);
  t.is(press(opened, ['k']).state.findingSel, 0);
  t.is(press(opened, ['G']).state.findingSel, n - 1);
  t.is(press(opened, ['G', 'g']).state.findingSel, 0);
  t.is(press({ ...opened, detailScroll: 7 }, ['down']).state.detailScroll, 0);
});

test('the detail pane scrolls within the text as drawn', (t) => {
  const s = press(opened, ['tab']).state;
  t.is(s.focus, 'detail');
  t.is(press(s, ['j', 'j', 'j']).state.detailScroll, 3);
  t.is(press(s, ['G']).state.detailScroll, 50 - INNER);
  t.is(press(s, ['G', 'j', 'j', 'k']).state.detailScroll, 50 - INNER - 1, 'no scrolling past the end');
  t.is(press(s, [' ']).state.detailScroll, INNER - 1, 'a page is one row less than the pane');
  t.is(press(s, ['esc']).state.focus, 'list');
});

test('Enter opens the fixes; c copies through OSC 52 as an effect; Esc leaves the plain view, then the fixes', (t) => {
  const fixes = press(opened, ['enter']).state;
  t.like(fixes.overlays[0], { kind: 'fixes', finding: 0, fix: 0, plain: false });
  const copied = press(fixes, ['c'], { env: { TERM: 'xterm-256color' } });
  t.like(copied.state.overlays[0], { kind: 'fixes', plain: true });
  t.is(copied.effects.length, 1);
  t.like(copied.effects[0], { kind: 'raw' });
  t.regex((copied.effects[0] as { bytes: string }).bytes, /^\u001b\]52;c;/);
  const linux = press(fixes, ['c'], { env: { TERM: 'linux' } });
  t.deepEqual(linux.effects, [], 'no sequence for a console that cannot take one');
  t.regex((linux.state.overlays[0] as { note: { text: string } }).note.text, /select the \d+ commands? below with the mouse/);
  t.is(press(copied.state, ['esc']).state.overlays.length, 1);
  t.is(press(copied.state, ['esc', 'esc']).state.overlays.length, 0);
});

test('writing a script: the prompt, typing, the write effect, the overwrite question and the outcome', (t) => {
  const prompt = press(opened, ['w']).state;
  t.like(prompt.overlays[0], { kind: 'prompt', scope: { kind: 'all' }, path: 'remediation-CONTOSO-CH01.ps1', confirm: false });
  const typed = press(prompt, ['x']).state;
  t.regex((typed.overlays[0] as { path: string }).path, /x$/);
  const { state, effects } = press(prompt, ['enter']);
  t.deepEqual(effects, [{ kind: 'write', prompt: prompt.overlays[0] as never, overwrite: false }]);
  const exists = reduce(state, { type: 'written', outcome: { kind: 'exists', path: '/tmp/r.ps1' } }, frameOf(state)).state;
  t.is(contextOf(exists), 'confirm');
  t.like(press(exists, ['q']).state.overlays[0], { confirm: true }, 'typing does not go into the path while the question is open');
  t.like(press(exists, ['y']).effects[0], { kind: 'write', overwrite: true });
  t.like(press(exists, ['n']).state.overlays[0], { confirm: false });
  const written = reduce(exists, { type: 'written', outcome: { kind: 'written', path: '/tmp/r.ps1', bytes: 1234 } }, frameOf(exists)).state;
  t.deepEqual(written.overlays, []);
  t.regex(written.status!.text, /Wrote 1,234 bytes to \/tmp\/r\.ps1/);
  t.is(press(written, ['j']).state.status, undefined, 'the next key clears the message');
  const failed = reduce(state, { type: 'written', outcome: { kind: 'error', path: '/x', message: 'permission denied' } }, frameOf(state)).state;
  t.like(failed.overlays[0], { kind: 'prompt', error: 'Could not write /x: permission denied' });
  t.like(reduce(state, { type: 'nothingToWrite' }, frameOf(state)).state.overlays[0], { error: 'Nothing to write.' });
});

test('q quits, o returns to the picker and asks for the list of captures', (t) => {
  t.deepEqual(press(opened, ['q']).effects, [{ kind: 'exit' }]);
  const back = press({ ...opened, overlays: [{ kind: 'help', scroll: 2 }] }, ['esc', 'o']);
  t.is(back.state.loaded, undefined);
  t.deepEqual(back.effects, [{ kind: 'listCaptures' }]);
  t.is(contextOf(back.state), 'picker');
});

test('the picker: Enter loads once; the capture opens on the findings, or the picker says why it could not', (t) => {
  const entry: CaptureEntry = { label: 'broken', path: BROKEN, origin: 'here', form: 'file', note: '1 KiB' };
  const other: CaptureEntry = { ...entry, label: 'other', path: '/other.json' };
  const picker = initialState(undefined, [entry, other]);
  const chosen = press(picker, ['j', 'k', 'enter', 'enter']);
  t.is(chosen.state.loading, BROKEN);
  t.deepEqual(chosen.effects, [{ kind: 'open', entry }], 'a second Enter while loading does nothing');
  const done = reduce(chosen.state, loadEvent(entry, broken), frameOf(chosen.state)).state;
  t.is(done.loaded, broken);
  t.is(done.loading, undefined);
  t.is(contextOf(done), 'list');
  const unreadable = diagnoseFile('/no/such/capture.json');
  const failed = reduce(chosen.state, loadEvent(entry, unreadable), frameOf(chosen.state)).state;
  t.is(failed.loaded, undefined);
  t.regex(failed.pickerNote!.text, /^✖ Cannot open broken: no such file or folder$/);
});

test('the host tree: moving, folding and unfolding, going to the parent, Enter on an object with a finding', (t) => {
  const host = press(opened, ['2']).state;
  t.is(contextOf(host), 'tree');
  const rows = frameOf(host).treeRows;
  const second = press(host, ['j']).state;
  t.is(second.treeSelId, rows[1]!.node.id);
  const foldable = rows.findIndex((r) => r.node.children.length > 0 && !r.collapsed);
  t.true(foldable >= 0);
  const at = { ...host, treeSelId: rows[foldable]!.node.id };
  const folded = press(at, ['h']).state;
  t.true(folded.folded!.has(rows[foldable]!.node.id));
  t.false(press(folded, ['l']).state.folded!.has(rows[foldable]!.node.id));
  const child = press(at, ['l']).state;
  t.is(child.treeSelId, rows[foldable + 1]!.node.id, 'right on an open branch goes to its first child');
  t.is(press(child, ['h']).state.treeSelId, rows[foldable]!.node.id, 'left on a leaf goes to the parent');
  const withFinding = rows.findIndex((r) => r.node.findings.length > 0);
  const jumped = press({ ...host, treeSelId: rows[withFinding]!.node.id }, ['enter']).state;
  t.is(jumped.view, 'findings');
  t.is(jumped.findingSel, rows[withFinding]!.node.findings[0]!);
  t.is(treeIndexOf({ ...host, treeSelId: 'no-such-node' }, rows), 0, 'an unknown id selects the first row');
});

test('the checks view: Enter on a failed check shows its finding, on a passed one says why not', (t) => {
  const checks = press(opened, ['3']).state;
  const f = frameOf(checks);
  const failed = f.checkItems.findIndex((i) => i.type === 'check' && f.checkResults[i.index]!.status === 'fail');
  const passed = f.checkItems.findIndex((i) => i.type === 'check' && f.checkResults[i.index]!.status === 'pass');
  const toFinding = press({ ...checks, checkSel: failed }, ['enter']).state;
  t.is(toFinding.view, 'findings');
  const item = f.checkItems[failed] as { index: number };
  t.is(f.findings[toFinding.findingSel]!.check, f.checkResults[item.index]!.check);
  t.regex(press({ ...checks, checkSel: passed }, ['enter']).state.status!.text, /has no findings \(pass\)/);
});

test('search: typing edits the query, arrows choose a result, Enter opens its page, f goes to the finding', (t) => {
  const id = frameOf(opened).findings[1]!.knowledge;
  const results = { searchResults: ['no-such-page', id] };
  const search = press(opened, ['/', 'h', 'n', 's'], results).state;
  t.like(search.overlays[0], { kind: 'search', query: 'hns', index: 0 });
  t.is(press(search, ['j']).state.overlays.length, 1, 'j is typed, not a move');
  t.like(press(search, ['j']).state.overlays[0], { query: 'hnsj' });
  const page = press(search, ['down', 'enter'], results).state;
  t.like(page.overlays[1], { kind: 'page', id });
  t.is(press(page, ['j', 'j'], results).state.overlays.length, 2);
  t.like(press(page, ['G'], results).state.overlays[1], { scroll: 30 - INNER });
  const found = press(page, ['f'], results).state;
  t.deepEqual(found.overlays, []);
  t.is(frameOf(found).findings[found.findingSel]!.knowledge, id);
  const none = press({ ...opened, overlays: [{ kind: 'page', id: 'no-such-page', scroll: 0 }] }, ['f']).state;
  t.regex(none.status!.text, /No finding for no-such-page on this host/);
});

test('help scrolls over the key table and closes with Esc or ?', (t) => {
  const help = press(opened, ['?']).state;
  const n = helpLines(76).length;
  t.like(press(help, ['G']).state.overlays[0], { kind: 'help', scroll: n - INNER });
  t.deepEqual(press(help, ['?']).state.overlays, []);
  t.deepEqual(press(help, ['esc']).state.overlays, []);
});

test('a status reported later by an effect shows until the next key', (t) => {
  const s = reduce(opened, { type: 'status', status: { tone: 'ok', text: 'done' } }, frameOf(opened)).state;
  t.deepEqual(s.status, { tone: 'ok', text: 'done' });
  t.is(press(s, ['j']).state.status, undefined);
});

test('d asks for a drawing of the open host, and says it is drawing', (t) => {
  const r = press(opened, ['d']);
  t.deepEqual(r.effects, [{ kind: 'draw', loaded: broken }]);
  t.deepEqual(r.state.status, { tone: 'info', text: 'Drawing the host…' });
  const picker = initialState(undefined, []);
  t.deepEqual(reduce(picker, { type: 'key', input: 'd', key: {} }, frameOf(picker)).effects, [], 'nothing to draw without a capture');
});

test('a docker-free node: the host view opens on the owner groups; Enter on the policies unfolds them; the header names the runtime', (t) => {
  const flannel: Loaded = diagnoseFile(join(SNAPSHOTS_DIR, 'healthy-kubeadm-flannel.json'));
  const host = press(initialState(flannel, []), ['2']).state;
  const f = frameOf(host);
  const L = computeLayout({ columns: 160, rows: 40 }, 0.6);
  const text = (s: UiState) => {
    const fr = frameOf(s);
    return linesText(hostContent(s.loaded!.report, fr.treeRows, treeIndexOf(s, fr.treeRows), fr.findings, L).listLines);
  };
  t.regex(text(host), /owner Kubernetes CNI: flannel VXLAN +1 HNS network/);
  t.regex(text(host), /HNS flannel\.4096 +overlay 10\.244\.1\.0\/24/);
  t.notRegex(text(host), /RemoteSubnetRoute/, 'the policies start folded');
  const at = f.treeRows.findIndex((r) => r.node.name === 'policies');
  const opened2 = press({ ...host, treeSelId: f.treeRows[at]!.node.id }, ['enter']).state;
  t.regex(text(opened2), /RemoteSubnetRoute 10\.244\.2\.0\/24 via 10\.0\.0\.12/);
  t.false(frameOf(opened2).treeRows[at]!.collapsed);
  t.is(runtimeAndTime(flannel.report.host, 200).split('  ')[0], '· Kubernetes v1.31.5 on containerd 1.7.25 · flannel VXLAN');
});
