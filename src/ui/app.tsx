/**
 * The TUI: a picker of captures, then three views of one capture (findings,
 * host tree, checks), each a list pane and a detail pane, with overlays for
 * search, knowledge pages, fixes, the script path and help. All key handling
 * goes through the key table (keys.ts); all content comes from pure
 * functions in logic/.
 */
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Finding } from '../core/checks/types.js';
import type { HostReport } from '../core/diagnose.js';
import { loadKnowledge, type KnowledgePage } from '../core/knowledge/pages.js';
import { KnowledgeIndex } from '../core/knowledge/search.js';
import type { HostModel } from '../core/model/types.js';
import { renderRemediationScript } from '../core/report/remediation.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import { Header, Tabs, type View } from './components/header.js';
import { KeyBar, type Status } from './components/key-bar.js';
import { StyledLine } from './components/line.js';
import { ListPane, TextPane } from './components/panes.js';
import { Pane } from './components/pane.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { resolveKey, type Action, type Context, type KeyState } from './keys.js';
import { displayPath, type CaptureEntry } from './logic/captures.js';
import { planCopy } from './logic/clipboard.js';
import { checkDetail, findingDetail, ingestDetail, nodeDetail, pageDetail } from './logic/detail.js';
import { fixCommandsText, fixViewLines, scopeSummary, type ScriptScope } from './logic/fix-view.js';
import { helpLines } from './logic/help.js';
import { applyInput } from './logic/input.js';
import { computeLayout, LIST_SHARE, MIN_SIZE, type Size } from './logic/layout.js';
import { LineBuilder, seg, type Line } from './logic/lines.js';
import { clampScroll, groupChecks, groupFindings, plural, scrollToShow, step, type Row } from './logic/lists.js';
import { checkLine, findingLine, headingLine, treeLine } from './logic/rows.js';
import { searchItems, searchLines } from './logic/search-view.js';
import { defaultScriptName, resolveScriptPath, writeScript, type WriteOutcome } from './logic/script-file.js';
import { buildHostTree, flattenTree, initiallyFolded } from './logic/tree.js';
import { cellWidth, fit, truncate } from './logic/width.js';
import { ThemeContext, toneColor, useTheme } from './theme.js';
import { CHECKS } from '../core/checks/index.js';
import { emptyVerdict } from '../core/report/verdict.js';

export interface Loaded {
  readonly report: HostReport;
  /** Undefined when the capture could not be read at all. */
  readonly model: HostModel | undefined;
}

export interface AppProps {
  /** The capture opened from the command line; without it the picker comes first. */
  readonly initial?: Loaded | undefined;
  readonly listCaptures: () => readonly CaptureEntry[];
  readonly load: (path: string) => Loaded;
  readonly cwd: string;
  readonly color: boolean;
  /** Pins the size (tests); otherwise the terminal's, following resizes. */
  readonly size?: Size | undefined;
  readonly env?: NodeJS.ProcessEnv;
  /** Raw bytes to the terminal (the OSC 52 clipboard sequence). */
  readonly writeRaw?: (bytes: string) => void;
  readonly pages?: readonly KnowledgePage[];
  /** Time stamp written into scripts (tests pin it). */
  readonly now?: () => string;
}

type Overlay =
  | { readonly kind: 'help'; readonly scroll: number }
  | { readonly kind: 'search'; readonly query: string; readonly index: number }
  | { readonly kind: 'page'; readonly id: string; readonly scroll: number }
  | { readonly kind: 'fixes'; readonly finding: number; readonly fix: number; readonly plain: boolean; readonly scroll: number; readonly note?: Status | undefined }
  | { readonly kind: 'prompt'; readonly scope: ScriptScope; readonly path: string; readonly confirm: boolean; readonly error?: string | undefined };

type CheckItem = { readonly type: 'issues' } | { readonly type: 'check'; readonly index: number };

export function App(props: AppProps) {
  return (
    <ThemeContext.Provider value={{ color: props.color }}>
      <Screen {...props} />
    </ThemeContext.Provider>
  );
}

function Screen(props: AppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useTerminalSize(props.size);
  const env = props.env ?? process.env;

  const [loaded, setLoaded] = useState<Loaded | undefined>(props.initial);
  const [entries, setEntries] = useState<readonly CaptureEntry[]>(() => (props.initial ? [] : props.listCaptures()));
  const [pickerSel, setPickerSel] = useState(0);
  const [pickerNote, setPickerNote] = useState<Status | undefined>();
  const [loading, setLoading] = useState<string | undefined>();
  const [view, setView] = useState<View>('findings');
  const [focus, setFocus] = useState<'list' | 'detail'>('list');
  const [findingSel, setFindingSel] = useState(0);
  const [checkSel, setCheckSel] = useState(0);
  const [treeSelId, setTreeSelId] = useState<string | undefined>();
  /** Folded tree nodes; undefined until the user folds something (then the quiet groups start folded). */
  const [folded, setFolded] = useState<ReadonlySet<string> | undefined>(undefined);
  const [detailScroll, setDetailScroll] = useState(0);
  const [overlays, setOverlays] = useState<readonly Overlay[]>([]);
  const [status, setStatus] = useState<Status | undefined>();
  const offsets = useRef<Record<string, number>>({});

  // The knowledge pages (51 YAML-fronted Markdown files) are read right after the
  // first frame, not before it: the first screen does not wait for them.
  const [loadedPages, setLoadedPages] = useState<readonly KnowledgePage[] | undefined>(props.pages);
  const ensurePages = (): readonly KnowledgePage[] => {
    if (loadedPages) return loadedPages;
    const p = loadKnowledge();
    setLoadedPages(p);
    return p;
  };
  useEffect(() => {
    if (loadedPages) return;
    const timer = setTimeout(() => setLoadedPages(loadKnowledge()), 0);
    return () => clearTimeout(timer);
  }, [loadedPages]);
  const pages = loadedPages ?? [];
  const pageById = useMemo(() => new Map(pages.map((p) => [p.id, p])), [pages]);
  const indexRef = useRef<KnowledgeIndex | undefined>(undefined);
  const knowledgeIndex = () => (indexRef.current ??= new KnowledgeIndex(ensurePages()));

  const report = loaded?.report;
  const grouped = useMemo(() => groupFindings(report?.findings ?? []), [report]);
  const findings: readonly Finding[] = grouped.items;
  const checksGrouped = useMemo(() => groupChecks(report?.checks ?? []), [report]);
  const tree = useMemo(() => (loaded?.model ? buildHostTree(loaded.model, findings) : undefined), [loaded, findings]);
  const collapsed = useMemo(() => folded ?? (tree ? initiallyFolded(tree) : new Set<string>()), [folded, tree]);
  const treeRows = useMemo(() => (tree ? flattenTree(tree, collapsed, findings) : []), [tree, collapsed, findings]);
  const treeIndex = Math.max(0, treeRows.findIndex((r) => r.node.id === treeSelId));

  /** Finding details by index and width: the knowledge page's Markdown is laid out once, not at every key. */
  const detailCache = useMemo(() => new Map<string, Line[]>(), [report, pageById]);

  const checkRows: Row<CheckItem>[] = useMemo(() => {
    const rows: Row<CheckItem>[] = [];
    let n = 0;
    if (report && report.ingestIssues.length > 0) {
      rows.push({ kind: 'heading', label: 'CAPTURE', count: report.ingestIssues.length, key: 'capture' });
      rows.push({ kind: 'item', item: { type: 'issues' }, index: n++ });
    }
    for (const r of checksGrouped.rows) {
      if (r.kind === 'heading') rows.push(r);
      else rows.push({ kind: 'item', item: { type: 'check', index: r.index }, index: n++ });
    }
    return rows;
  }, [report, checksGrouped]);
  const checkItems = checkRows.filter((r): r is Extract<Row<CheckItem>, { kind: 'item' }> => r.kind === 'item').map((r) => r.item);

  const L = computeLayout(size, LIST_SHARE[view]);
  const top = overlays[overlays.length - 1];
  const context: Context = top
    ? top.kind === 'prompt' ? (top.confirm ? 'confirm' : 'prompt') : top.kind
    : !loaded ? 'picker' : focus === 'detail' ? 'detail' : view === 'findings' ? 'list' : view === 'host' ? 'tree' : 'checks';

  // ---- sizes ----------------------------------------------------------------------------------
  const bodyRows = L.bodyRows;
  const inner = Math.max(1, bodyRows - 2);
  const fullInner = Math.max(1, L.columns - 4);
  const page = Math.max(1, inner - 1);

  // ---- content of the main views --------------------------------------------------------------
  const listLines: Line[] = [];
  let selectedLine = 0;
  let listTitle = '';
  let detailLines: Line[] = [];
  let detailTitle = '';
  if (report) {
    if (view === 'findings') {
      listTitle = `Findings (${findings.length})`;
      if (findings.length === 0) {
        const b = new LineBuilder(L.listInner);
        const verdict = emptyVerdict(report);
        b.para(`${verdict.ok ? '✔' : '▲'} ${verdict.text}`, { tone: verdict.ok ? 'ok' : 'warning', bold: true });
        b.blank();
        b.para('Press 3 to see every check, including those that could not judge this capture.', { dim: true });
        listLines.push(...b.lines);
      }
      for (const r of grouped.rows) {
        if (r.kind === 'heading') listLines.push(headingLine(r));
        else {
          if (r.index === findingSel) selectedLine = listLines.length;
          listLines.push(findingLine(r.item, r.index === findingSel, L.listInner));
        }
      }
      const f = findings[findingSel];
      detailTitle = f ? `${f.check} · ${f.knowledge}` : 'Summary';
      if (f) {
        const key = `${findingSel}|${L.detailInner}`;
        let lines = detailCache.get(key);
        if (!lines) {
          lines = findingDetail(f, pageById.get(f.knowledge), L.detailInner, !loadedPages);
          detailCache.set(key, lines);
        }
        detailLines = lines;
      } else detailLines = summaryLines(report, L.detailInner);
    } else if (view === 'host') {
      listTitle = `Host ${sanitizeInline(report.host.name ?? '')}`.trim();
      treeRows.forEach((r, i) => {
        if (i === treeIndex) selectedLine = listLines.length;
        listLines.push(treeLine(r, i === treeIndex, L.listInner));
      });
      const node = treeRows[treeIndex]?.node;
      detailTitle = node ? `${node.tag || 'group'} ${node.name}`.trim() : 'Host';
      if (node) detailLines = nodeDetail(node, findings, L.detailInner);
      else {
        const b = new LineBuilder(L.detailInner);
        b.para('The capture could not be turned into a host model.');
        detailLines = b.lines;
      }
    } else {
      listTitle = `Checks (${report.checks.length})`;
      for (const r of checkRows) {
        if (r.kind === 'heading') listLines.push(headingLine(r));
        else {
          const sel = r.index === checkSel;
          if (sel) selectedLine = listLines.length;
          if (r.item.type === 'issues') {
            listLines.push([seg(sel ? '› ' : '  ', { bold: sel }), seg('▲ ', { tone: 'warning', bold: true }), seg(truncate(`Problems reading the capture (${report.ingestIssues.length})`, L.listInner - 4))]);
          } else {
            listLines.push(checkLine(checksGrouped.items[r.item.index]!, sel, L.listInner, L.wordsInList));
          }
        }
      }
      const item = checkItems[checkSel];
      if (item?.type === 'issues') {
        detailTitle = 'Capture';
        detailLines = ingestDetail(report.ingestIssues, report.source, L.detailInner);
      } else if (item?.type === 'check') {
        const r = checksGrouped.items[item.index]!;
        detailTitle = `${r.check} · ${r.knowledge}`;
        detailLines = checkDetail(r, CHECKS.find((c) => c.meta.code === r.check)?.meta, findings.filter((f) => f.check === r.check), L.detailInner);
      } else {
        detailTitle = 'Checks';
        detailLines = new LineBuilder(L.detailInner).para('No checks ran.').lines;
      }
    }
  }
  const listKey = `${view}`;
  const listOffset = scrollToShow(offsets.current[listKey] ?? 0, selectedLine, inner, listLines.length);
  offsets.current[listKey] = listOffset;
  const detailOffset = clampScroll(detailScroll, inner, detailLines.length);

  // ---- picker content --------------------------------------------------------------------------
  const pickerLines: Line[] = [];
  let pickerSelLine = 0;
  if (!loaded) {
    let lastOrigin: CaptureEntry['origin'] | undefined;
    entries.forEach((e, i) => {
      if (e.origin !== lastOrigin) {
        if (lastOrigin) pickerLines.push([]);
        pickerLines.push([seg(e.origin === 'sample' ? 'Bundled sample captures' : `Captures in ${sanitizeInline(props.cwd)}`, { bold: true, tone: 'accent' })]);
        lastOrigin = e.origin;
      }
      if (i === pickerSel) pickerSelLine = pickerLines.length;
      const noteOf = (x: CaptureEntry) => (x.form === 'folder' ? `folder, ${x.note}` : x.note);
      const note = noteOf(e);
      const label = sanitizeInline(e.label);
      const pickerInner = L.columns - 2;
      const labelWidth = Math.min(Math.max(16, ...entries.map((x) => cellWidth(sanitizeInline(x.label)))), Math.floor(pickerInner / 3));
      const noteWidth = Math.min(20, Math.max(...entries.map((x) => cellWidth(noteOf(x)))));
      const hostRoom = Math.max(0, pickerInner - 2 - labelWidth - 2 - noteWidth - 2);
      pickerLines.push([
        seg(i === pickerSel ? '› ' : '  ', { bold: true }),
        seg(fit(label, labelWidth), { bold: i === pickerSel }),
        seg('  '),
        seg(fit(note, noteWidth), { dim: true }),
        seg('  '),
        seg(truncate(sanitizeInline(e.host ?? ''), hostRoom)),
      ]);
    });
    if (entries.length === 0) {
      const b = new LineBuilder(fullInner);
      b.para('No captures found: no bundled samples, and no capture files or folders here.', { bold: true });
      b.blank();
      b.para('Open one by name:  wcn-doctor <capture.json | folder>', { tone: 'code' });
      b.para('A capture is the JSON the wcn-doctor collector writes on the container host, or a folder of <key>.json files (vmSwitches.json, netNat.json, …).', { dim: true });
      b.para('Press / to search the knowledge base without a capture.', { dim: true });
      pickerLines.push(...b.lines);
    }
  }
  const pickerOffset = scrollToShow(offsets.current['picker'] ?? 0, pickerSelLine, inner, pickerLines.length);
  offsets.current['picker'] = pickerOffset;

  // ---- overlays content --------------------------------------------------------------------------
  const searchState = top?.kind === 'search' ? top : undefined;
  const search = useMemo(() => {
    if (!searchState) return undefined;
    return searchItems(knowledgeIndex(), searchState.query, loaded?.model ? report : undefined, loaded?.model?.capture);
  }, [searchState?.query, loaded]);

  // ---- actions ----------------------------------------------------------------------------------
  const replaceTop = (o: Overlay) => setOverlays((s) => [...s.slice(0, -1), o]);
  const push = (o: Overlay) => setOverlays((s) => [...s, o]);
  const pop = () => setOverlays((s) => s.slice(0, -1));

  const gotoFinding = (i: number) => {
    setOverlays([]);
    setView('findings');
    setFocus('list');
    setFindingSel(i);
    setDetailScroll(0);
  };

  const openLoaded = (l: Loaded) => {
    setLoaded(l);
    setView('findings');
    setFocus('list');
    setFindingSel(0);
    setCheckSel(0);
    setTreeSelId(undefined);
    setFolded(undefined);
    setDetailScroll(0);
    setOverlays([]);
    offsets.current = {};
  };

  const openEntry = (e: CaptureEntry) => {
    setLoading(e.path);
    setPickerNote(undefined);
    // Let the "Loading" frame show before the (synchronous) diagnosis runs.
    setTimeout(() => {
      let l: Loaded;
      try {
        l = props.load(e.path);
      } catch (err) {
        setLoading(undefined);
        setPickerNote({ tone: 'error', text: `✖ ${sanitizeInline(e.label)}: ${sanitizeInline((err as Error).message ?? String(err))}` });
        return;
      }
      setLoading(undefined);
      if (!l.model) {
        const why = l.report.ingestIssues[0]?.message ?? 'it could not be read';
        setPickerNote({ tone: 'error', text: `✖ Cannot open ${sanitizeInline(e.label)}: ${sanitizeInline(why)}` });
        return;
      }
      openLoaded(l);
    }, 0);
  };

  const scriptText = (scope: ScriptScope): string | undefined => {
    if (!report) return undefined;
    const generatedAt = props.now?.();
    if (scope.kind === 'all') return renderRemediationScript(report, { generatedAt });
    const f = findings[scope.finding ?? 0];
    const fix = f?.fixes[scope.fix ?? 0];
    if (!f || !fix) return undefined;
    return renderRemediationScript(report, { only: [{ ...f, fixes: [fix] }], fixes: 'first', runOn: fix.runOn, generatedAt });
  };

  const defaultPath = (scope: ScriptScope): string => {
    const f = scope.kind === 'fix' ? findings[scope.finding ?? 0] : undefined;
    return defaultScriptName(report?.host.name, f ? `-${f.check}-fix${(scope.fix ?? 0) + 1}` : '');
  };

  const finishWrite = (o: Extract<Overlay, { kind: 'prompt' }>, outcome: WriteOutcome) => {
    if (outcome.kind === 'written') {
      pop();
      setStatus({ tone: 'ok', text: `✔ Wrote ${outcome.bytes.toLocaleString('en-US')} bytes to ${outcome.path} (UTF-8 with BOM). Preview it first: powershell -File <script> -WhatIf` });
    } else if (outcome.kind === 'exists') {
      replaceTop({ ...o, confirm: true, error: undefined });
    } else {
      replaceTop({ ...o, confirm: false, error: `Could not write ${outcome.path}: ${outcome.message}` });
    }
  };

  const scrollDetail = (delta: number | 'top' | 'bottom') => {
    const max = Math.max(0, detailLines.length - inner);
    setDetailScroll(delta === 'top' ? 0 : delta === 'bottom' ? max : clampScroll(detailOffset + delta, inner, detailLines.length));
  };

  const moveDelta = (a: Action): number | 'top' | 'bottom' | undefined => {
    switch (a) {
      case 'up': return -1;
      case 'down': return 1;
      case 'pageUp': return -page;
      case 'pageDown': return page;
      case 'top': return 'top';
      case 'bottom': return 'bottom';
      default: return undefined;
    }
  };
  const moveIndex = (i: number, d: number | 'top' | 'bottom', count: number) => (d === 'top' ? 0 : d === 'bottom' ? Math.max(0, count - 1) : step(i, d, count));

  const selectInTree = () => {
    const row = treeRows[treeIndex];
    if (!row) return;
    const n = row.node;
    if (n.findings.length > 0) {
      gotoFinding(n.findings[0]!);
      if (n.findings.length > 1) setStatus({ tone: 'info', text: `${n.findings.length} findings concern ${n.name}; showing the first` });
    } else if (n.children.length > 0) {
      toggleCollapse(n.id);
    } else {
      setStatus({ tone: 'ok', text: `No finding concerns ${n.name}` });
    }
  };

  const toggleCollapse = (id: string) => {
    setFolded(() => {
      const next = new Set(collapsed);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const selectCheck = () => {
    const item = checkItems[checkSel];
    if (!item) return;
    if (item.type === 'issues') {
      setFocus('detail');
      return;
    }
    const r = checksGrouped.items[item.index]!;
    const i = findings.findIndex((f) => f.check === r.check);
    if (i >= 0) gotoFinding(i);
    else setStatus({ tone: 'info', text: `${r.check} has no findings (${r.status === 'not-applicable' ? 'not applicable: see the detail pane' : r.status})` });
  };

  const common = (a: Action): boolean => {
    switch (a) {
      case 'quit': exit(); return true;
      case 'help': push({ kind: 'help', scroll: 0 }); return true;
      case 'search': push({ kind: 'search', query: '', index: 0 }); return true;
      case 'viewFindings': case 'viewHost': case 'viewChecks':
        setView(a === 'viewFindings' ? 'findings' : a === 'viewHost' ? 'host' : 'checks');
        setFocus('list');
        setDetailScroll(0);
        return true;
      case 'openCapture':
        setEntries(props.listCaptures());
        setPickerSel(0);
        setPickerNote(undefined);
        setOverlays([]);
        setLoaded(undefined);
        return true;
      default: return false;
    }
  };

  const handle = (a: Action) => {
    if (common(a)) return;
    const d = moveDelta(a);
    switch (context) {
      case 'picker':
        if (d !== undefined) setPickerSel((i) => moveIndex(i, d, entries.length));
        else if (a === 'select' && entries[pickerSel] && !loading) openEntry(entries[pickerSel]!);
        return;
      case 'list':
        if (d !== undefined) {
          setFindingSel(moveIndex(findingSel, d, findings.length));
          setDetailScroll(0);
        } else if (a === 'nextPane' || a === 'prevPane') setFocus('detail');
        else if (a === 'select' && findings[findingSel]) push({ kind: 'fixes', finding: findingSel, fix: 0, plain: false, scroll: 0 });
        else if (a === 'writeAll') push({ kind: 'prompt', scope: { kind: 'all' }, path: defaultPath({ kind: 'all' }), confirm: false });
        return;
      case 'tree': {
        if (d !== undefined) {
          const i = moveIndex(treeIndex, d, treeRows.length);
          setTreeSelId(treeRows[i]?.node.id);
          setDetailScroll(0);
          return;
        }
        const row = treeRows[treeIndex];
        if (a === 'nextPane' || a === 'prevPane') setFocus('detail');
        else if (a === 'select') selectInTree();
        else if (a === 'collapse' && row) {
          if (row.node.children.length > 0 && !row.collapsed) toggleCollapse(row.node.id);
          else {
            const parent = treeRows.slice(0, treeIndex).reverse().find((r) => r.depth === row.depth - 1);
            if (parent) setTreeSelId(parent.node.id);
          }
        } else if (a === 'expand' && row) {
          if (row.collapsed) toggleCollapse(row.node.id);
          else if (row.node.children.length > 0) setTreeSelId(treeRows[treeIndex + 1]?.node.id);
        }
        return;
      }
      case 'checks':
        if (d !== undefined) {
          setCheckSel(moveIndex(checkSel, d, checkItems.length));
          setDetailScroll(0);
        } else if (a === 'nextPane' || a === 'prevPane') setFocus('detail');
        else if (a === 'select') selectCheck();
        return;
      case 'detail':
        if (d !== undefined) scrollDetail(d);
        else if (a === 'nextPane' || a === 'prevPane' || a === 'back') setFocus('list');
        else if (a === 'select') {
          if (view === 'findings' && findings[findingSel]) push({ kind: 'fixes', finding: findingSel, fix: 0, plain: false, scroll: 0 });
          else if (view === 'host') selectInTree();
          else if (view === 'checks') selectCheck();
        }
        return;
      case 'help':
        if (top?.kind !== 'help') return;
        if (d !== undefined) {
          const n = helpLines(fullInner).length;
          replaceTop({ ...top, scroll: d === 'top' ? 0 : d === 'bottom' ? Math.max(0, n - inner) : clampScroll(top.scroll + d, inner, n) });
        } else if (a === 'back') pop();
        return;
      case 'page':
        if (top?.kind !== 'page') return;
        if (d !== undefined) {
          const p = pageById.get(top.id);
          const n = p ? pageDetail(p, fullInner).length : 0;
          replaceTop({ ...top, scroll: d === 'top' ? 0 : d === 'bottom' ? Math.max(0, n - inner) : clampScroll(top.scroll + d, inner, n) });
        } else if (a === 'back') pop();
        else if (a === 'gotoFinding') {
          const i = findings.findIndex((f) => f.knowledge === top.id);
          if (i >= 0) gotoFinding(i);
          else setStatus({ tone: 'info', text: loaded ? `No finding for ${top.id} on this host` : 'No capture is open: nothing to show on a host' });
        }
        return;
      case 'search':
        if (top?.kind !== 'search') return;
        if (a === 'up' || a === 'down' || a === 'pageUp' || a === 'pageDown') {
          replaceTop({ ...top, index: moveIndex(top.index, d as number, search?.length ?? 0) });
        } else if (a === 'select') {
          const it = search?.[top.index];
          if (it) push({ kind: 'page', id: it.knowledge, scroll: 0 });
        } else if (a === 'clear') replaceTop({ ...top, query: '', index: 0 });
        else if (a === 'back') pop();
        return;
      case 'fixes': {
        if (top?.kind !== 'fixes') return;
        const f = findings[top.finding];
        if (!f) return;
        const fix = f.fixes[top.fix];
        const { lines, fixStarts } = fixViewLines(f, top.fix, fullInner);
        if (a === 'up' || a === 'down') {
          const next = step(top.fix, a === 'up' ? -1 : 1, f.fixes.length);
          const start = fixStarts[next] ?? 0;
          const end = (fixStarts[next + 1] ?? lines.length) - 1;
          let scroll = top.scroll;
          if (start < scroll || end >= scroll + inner) scroll = start - 1;
          replaceTop({ ...top, fix: next, scroll: clampScroll(next === 0 ? 0 : scroll, inner, lines.length), plain: false, note: undefined });
        } else if (d !== undefined) {
          replaceTop({ ...top, scroll: d === 'top' ? 0 : d === 'bottom' ? Math.max(0, lines.length - inner) : clampScroll(top.scroll + d, inner, lines.length) });
        } else if (a === 'copy' && fix) {
          const text = fixCommandsText(fix);
          const plan = planCopy(text, env);
          if (plan.sequence) props.writeRaw?.(plan.sequence);
          const n = plural(fix.commands.length, 'command');
          replaceTop({
            ...top, plain: true,
            note: plan.via === 'none'
              ? { tone: 'warning', text: `This terminal cannot take a clipboard sequence: select the ${n} below with the mouse.` }
              : { tone: 'ok', text: `✔ Sent ${n} to the clipboard (OSC 52${plan.via === 'osc52-tmux' ? ', also through tmux' : ''}). If your terminal ignores OSC 52, select them below.` },
          });
        } else if (a === 'plain' && fix) replaceTop({ ...top, plain: !top.plain, note: undefined });
        else if (a === 'write' && fix) {
          const scope: ScriptScope = { kind: 'fix', finding: top.finding, fix: top.fix };
          push({ kind: 'prompt', scope, path: defaultPath(scope), confirm: false });
        } else if (a === 'writeAll') push({ kind: 'prompt', scope: { kind: 'all' }, path: defaultPath({ kind: 'all' }), confirm: false });
        else if (a === 'back') {
          if (top.plain) replaceTop({ ...top, plain: false, note: undefined });
          else pop();
        }
        return;
      }
      case 'prompt':
      case 'confirm': {
        if (top?.kind !== 'prompt') return;
        if (a === 'back') pop();
        else if (a === 'clear') replaceTop({ ...top, path: '', error: undefined });
        else if (a === 'no') replaceTop({ ...top, confirm: false });
        else if (a === 'select' || a === 'yes') {
          const text = scriptText(top.scope);
          if (text === undefined) {
            replaceTop({ ...top, error: 'Nothing to write.' });
            return;
          }
          const path = resolveScriptPath(top.path, props.cwd);
          finishWrite(top, writeScript(path, text, { overwrite: a === 'yes' }));
        }
        return;
      }
    }
  };

  const onKey = (input: string, key: KeyState) => {
    setStatus(undefined);
    const action = resolveKey(context, input, key);
    if (action) {
      handle(action);
      return;
    }
    // Typing edits the text box through functional updates, so keys that arrive
    // before the next render are never lost.
    if (context === 'search') {
      setOverlays((s) => {
        const o = s[s.length - 1];
        if (o?.kind !== 'search') return s;
        const next = applyInput(o.query, input, key);
        return next === undefined ? s : [...s.slice(0, -1), { ...o, query: next, index: 0 }];
      });
    } else if (context === 'prompt') {
      setOverlays((s) => {
        const o = s[s.length - 1];
        if (o?.kind !== 'prompt') return s;
        const next = applyInput(o.path, input, key, 1000);
        return next === undefined ? s : [...s.slice(0, -1), { ...o, path: next, error: undefined }];
      });
    }
  };
  // ink subscribes the handler in an effect; going through a ref set at every
  // render means a key is always judged against the screen as last drawn.
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  const contextRef = useRef(context);
  contextRef.current = context;
  // Keys that arrive together ("jj" in one read) are applied one at a time, each
  // after the screen the previous one produced has been rendered.
  const queue = useRef<{ input: string; key: KeyState }[]>([]);
  const renders = useRef(0);
  renders.current++;
  /** The render during which the last queued key was applied; the next waits for a later one. */
  const appliedAt = useRef(0);
  const [, setTick] = useState(0);
  const pump = () => {
    const k = queue.current.shift();
    if (!k) return;
    appliedAt.current = renders.current;
    onKeyRef.current(k.input, k.key);
    if (queue.current.length > 0) setTick((n) => n + 1);
  };
  useEffect(() => {
    // Effects of an earlier render can run just before the next one: wait for a render after the key.
    if (queue.current.length > 0 && renders.current > appliedAt.current) pump();
  });
  useInput(useCallback((input: string, key: Key) => {
    const idle = queue.current.length === 0;
    queue.current.push(...splitKeys(input, key as KeyState, contextRef.current === 'search' || contextRef.current === 'prompt'));
    if (idle) pump();
  }, []));

  // ---- drawing ----------------------------------------------------------------------------------
  if (L.tooSmall) {
    return (
      <Box flexDirection="column" width={L.columns} height={L.rows}>
        <Text wrap="wrap">{`wcn-doctor needs at least ${MIN_SIZE.columns}×${MIN_SIZE.rows}; this terminal is ${L.columns}×${L.rows}. Make it larger, or press q to quit.`}</Text>
      </Box>
    );
  }

  let head: ReactNode;
  if (report) {
    head = (
      <>
        <Header report={report} width={L.columns} />
        <Tabs view={view} report={report} width={L.columns} source={displayPath(report.source, props.cwd)} />
      </>
    );
  } else {
    head = (
      <>
        <Text bold>{' wcn-doctor'}</Text>
        <Text dimColor wrap="truncate-end">{' Diagnose Windows container networking from a host capture. Choose one:'}</Text>
        <Text> </Text>
      </>
    );
  }

  let body: ReactNode;
  if (top?.kind === 'help') {
    const lines = helpLines(fullInner);
    body = <TextPane title="Keys" lines={lines} scroll={clampScroll(top.scroll, inner, lines.length)} focused width={L.columns} height={bodyRows} />;
  } else if (top?.kind === 'page') {
    const p = pageById.get(top.id);
    const lines = p ? pageDetail(p, fullInner) : [[seg(loadedPages ? `No page for ${top.id}` : 'Reading the knowledge page…')]];
    body = <TextPane title={`Knowledge: ${top.id}`} lines={lines} scroll={clampScroll(top.scroll, inner, lines.length)} focused width={L.columns} height={bodyRows} />;
  } else if (top?.kind === 'search') {
    const hostName = loaded?.model ? report?.host.name ?? undefined : undefined;
    const { lines, selectedLine: sl } = searchLines(search ?? [], top.index, fullInner, hostName, top.query);
    const resultRows = Math.max(1, inner - 2);
    const off = scrollToShow(offsets.current['search'] ?? 0, sl, resultRows, lines.length);
    offsets.current['search'] = off;
    const queryShown = truncateStart(top.query, fullInner - 4);
    body = (
      <Pane title={loaded?.model ? 'Search the knowledge base, and this host' : 'Search the knowledge base'} width={L.columns} height={bodyRows} focused padX={1}>
        <Text wrap="truncate-end">
          <Text bold color={toneColor(theme, 'accent')}>{'> '}</Text>
          <Text>{queryShown}</Text>
          <Text inverse> </Text>
        </Text>
        <Text> </Text>
        <Box flexDirection="column" height={resultRows} overflow="hidden">
          {lines.slice(off, off + resultRows).map((l, i) => (
            <StyledLine key={i} line={l} width={fullInner} />
          ))}
        </Box>
      </Pane>
    );
  } else if (top?.kind === 'fixes') {
    const f = findings[top.finding];
    const fix = f?.fixes[top.fix];
    if (f && fix && top.plain) {
      body = (
        <Box flexDirection="column" width={L.columns} height={bodyRows} overflow="hidden">
          {top.note ? <Text wrap="wrap" bold color={toneColor(theme, top.note.tone)}>{top.note.text}</Text> : <Text dimColor wrap="wrap">{`The commands of fix ${top.fix + 1}, flush left for selecting with the mouse. Esc returns.`}</Text>}
          <Text> </Text>
          {fixCommandsText(fix).split('\n').map((c, i) => (
            <Text key={i} wrap="wrap">{c}</Text>
          ))}
        </Box>
      );
    } else if (f) {
      const { lines } = fixViewLines(f, top.fix, fullInner);
      const rows = top.note ? inner - 1 : inner;
      body = (
        <Pane title={`Fixes · ${f.check} · ${plural(f.fixes.length, 'fix', 'fixes')}`} right={`${top.fix + 1}/${f.fixes.length}`} width={L.columns} height={bodyRows} focused padX={1}>
          <Box flexDirection="column" height={rows} overflow="hidden">
            {lines.slice(top.scroll, top.scroll + rows).map((l, i) => (
              <StyledLine key={i} line={l} width={fullInner} />
            ))}
          </Box>
          {top.note ? <Text wrap="truncate-end" bold color={toneColor(theme, top.note.tone)}>{top.note.text}</Text> : null}
        </Pane>
      );
    }
  } else if (top?.kind === 'prompt' && report) {
    const resolved = resolveScriptPath(top.path, props.cwd);
    const b = new LineBuilder(fullInner);
    b.para(`The script will hold ${scopeSummary(report, top.scope)}.`);
    b.para('It is UTF-8 with a byte order mark (Windows PowerShell 5.1 reads non-ASCII names right) and supports -WhatIf and -Confirm; disruptive steps ask again unless -Force is given.', { dim: true });
    b.blank();
    const promptLines = b.lines;
    const after = new LineBuilder(fullInner);
    after.para(`→ ${resolved}`, { dim: true });
    if (top.error) {
      after.blank();
      after.para(top.error, { tone: 'error', bold: true }, { prefix: [seg('✖ ', { tone: 'error', bold: true })] });
    }
    if (top.confirm) {
      after.blank();
      after.para(`${resolved} already exists. Overwrite it?  y = overwrite  ·  n or Esc = keep it and change the path`, { tone: 'warning', bold: true }, { prefix: [seg('▲ ', { tone: 'warning', bold: true })] });
    }
    body = (
      <Pane title="Write a remediation script" width={L.columns} height={bodyRows} focused padX={1}>
        {promptLines.map((l, i) => <StyledLine key={`p${i}`} line={l} width={fullInner} />)}
        <Text wrap="truncate-end">
          <Text bold>{'Path: '}</Text>
          <Text>{truncateStart(top.path, fullInner - 8)}</Text>
          {top.confirm ? null : <Text inverse> </Text>}
        </Text>
        {after.lines.map((l, i) => <StyledLine key={`a${i}`} line={l} width={fullInner} />)}
      </Pane>
    );
  } else if (!loaded) {
    body = (
      <Box flexDirection="column" height={bodyRows}>
        <ListPane title={loading ? 'Loading…' : `Captures (${entries.length})`} lines={pickerLines} selectedLine={pickerSelLine} offset={pickerOffset} focused width={L.columns} height={bodyRows} />
      </Box>
    );
  } else {
    body = (
      <Box flexDirection="row" width={L.columns} height={bodyRows}>
        <ListPane title={listTitle} lines={listLines} selectedLine={selectedLine} offset={listOffset} focused={focus === 'list'} width={L.listWidth} height={bodyRows} />
        <TextPane title={detailTitle} lines={detailLines} scroll={detailOffset} focused={focus === 'detail'} width={L.detailWidth} height={bodyRows} />
      </Box>
    );
  }

  const barStatus = status ?? (loading ? { tone: 'info' as const, text: `Loading ${loading} …` } : !loaded && !top ? pickerNote : undefined);
  return (
    <Box flexDirection="column" width={L.columns} height={L.rows}>
      {head}
      {body}
      <KeyBar context={context} width={L.columns} status={barStatus} />
    </Box>
  );
}

/**
 * Outside text boxes, several keys typed faster than they are read arrive as
 * one string ("jj", "\rq"): split them into single key presses. In a text box
 * a multi-character input is a paste and stays whole.
 */
function splitKeys(input: string, key: KeyState, typing: boolean): { input: string; key: KeyState }[] {
  if (typing || input.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  return [...input].map((ch) => {
    if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
    if (ch === '\t') return { input: '', key: { tab: true } };
    if (ch === '\x7f' || ch === '\b') return { input: '', key: { backspace: true } };
    return { input: ch, key: /[A-Z]/.test(ch) ? { shift: true } : {} };
  });
}

/** Keeps the end of a long text (a path or a query being typed), marking the cut with `…`. */
function truncateStart(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  const chars = [...text];
  let out = '';
  let w = 1;
  for (let i = chars.length - 1; i >= 0; i--) {
    const cw = cellWidth(chars[i]!);
    if (w + cw > width) break;
    out = chars[i] + out;
    w += cw;
  }
  return `…${out}`;
}

function summaryLines(report: HostReport, width: number): Line[] {
  const b = new LineBuilder(width);
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, crashed: 0 };
  for (const c of report.checks) counts[c.status]++;
  b.para(`${report.checks.length} checks ran: ${counts.pass} passed, ${counts.fail} failed, ${counts['not-applicable']} not applicable${counts.crashed ? `, ${counts.crashed} crashed` : ''}.`);
  if (counts['not-applicable'] > 0) {
    b.blank();
    b.para('Checks that are not applicable lacked data in the capture; press 3 to see which keys and the commands that capture them.', { dim: true });
  }
  if (report.ingestIssues.length > 0) {
    b.blank();
    b.para(`${plural(report.ingestIssues.length, 'problem')} reading the capture: press 3.`, { tone: 'warning' });
  }
  return b.lines;
}
