/**
 * The TUI: a picker of captures, then three views of one capture (findings,
 * host tree, checks), each a list pane and a detail pane, with overlays for
 * search, knowledge pages, fixes, the script path and help. Every change of
 * state is the pure reducer's (logic/state.ts); every key goes through the
 * key table (keys.ts); all content comes from pure functions in logic/. This
 * component derives what the screen shows, carries out the reducer's effects
 * and picks the component that draws the body.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { loadKnowledge, type KnowledgePage } from '../core/knowledge/pages.js';
import { KnowledgeIndex } from '../core/knowledge/search.js';
import { Header, Tabs } from './components/header.js';
import { KeyBar } from './components/key-bar.js';
import { MainView } from './components/main-view.js';
import { FixesOverlay } from './components/overlays/fixes.js';
import { HelpOverlay } from './components/overlays/help.js';
import { PageOverlay } from './components/overlays/page.js';
import { ScriptPrompt } from './components/overlays/prompt.js';
import { SearchOverlay } from './components/overlays/search.js';
import { Picker, PickerHead } from './components/picker.js';
import { useKeyQueue } from './hooks/use-key-queue.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useUiState } from './hooks/use-ui-state.js';
import { displayPath, type CaptureEntry } from './logic/captures.js';
import { pageDetail } from './logic/detail.js';
import { computeLayout, LIST_SHARE, MIN_SIZE, type Size } from './logic/layout.js';
import type { Line } from './logic/lines.js';
import { clampScroll, scrollToShow } from './logic/lists.js';
import { searchItems } from './logic/search-view.js';
import { contextOf, treeIndexOf, type Frame, type Loaded } from './logic/state.js';
import { captureLists, checksContent, findingDetailLines, findingsContent, hostContent, treeRowsOf, type ViewContent } from './logic/views.js';
import { ThemeContext } from './theme.js';

export type { Loaded } from './logic/state.js';

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

export function App(props: AppProps) {
  return (
    <ThemeContext.Provider value={{ color: props.color }}>
      <Screen {...props} />
    </ThemeContext.Provider>
  );
}

function Screen(props: AppProps) {
  const size = useTerminalSize(props.size);
  const env = props.env ?? process.env;
  /** First rows of the lists as last drawn, by list. */
  const offsets = useRef<Record<string, number>>({});
  /** What the screen as last drawn knows, for the reducer. */
  const frameRef = useRef<Frame | undefined>(undefined);
  // A newly opened capture starts its lists at the top.
  const [state, dispatch] = useUiState(props, frameRef, () => { offsets.current = {}; });
  const { loaded, view, overlays } = state;
  const report = loaded?.report;

  // The knowledge pages (one YAML-fronted Markdown file each) are read right after the
  // first frame, not before it: the first screen does not wait for them.
  const [loadedPages, setLoadedPages] = useState<readonly KnowledgePage[] | undefined>(props.pages);
  useEffect(() => {
    if (loadedPages) return;
    const timer = setTimeout(() => setLoadedPages(loadKnowledge()), 0);
    return () => clearTimeout(timer);
  }, [loadedPages]);
  const pages = loadedPages ?? [];
  const pageById = useMemo(() => new Map(pages.map((p) => [p.id, p])), [pages]);
  const indexRef = useRef<KnowledgeIndex | undefined>(undefined);
  const knowledgeIndex = () => {
    if (indexRef.current) return indexRef.current;
    let p = loadedPages;
    if (!p) setLoadedPages((p = loadKnowledge()));
    return (indexRef.current = new KnowledgeIndex(p));
  };

  // ---- what the screen shows, derived from the state ---------------------------------------------
  const lists = useMemo(() => captureLists(loaded), [loaded]);
  const { findings, checkItems, checkResults } = lists;
  const { collapsed, rows: treeRows } = useMemo(() => treeRowsOf(lists, state.folded), [lists, state.folded]);
  const treeIndex = treeIndexOf(state, treeRows);
  /** Finding details by index and width: the knowledge page's Markdown is laid out once, not at every key. */
  const detailCache = useMemo(() => new Map<string, Line[]>(), [report, pageById]);

  const L = computeLayout(size, LIST_SHARE[view]);
  const top = overlays[overlays.length - 1];
  const context = contextOf(state);

  let content: ViewContent | undefined;
  if (report) {
    if (view === 'findings') {
      content = findingsContent(report, lists.findingRows, findings, state.findingSel, L, (i) => {
        const key = `${i}|${L.detailInner}`;
        let lines = detailCache.get(key);
        if (!lines) detailCache.set(key, (lines = findingDetailLines(findings[i]!, pageById, loadedPages !== undefined, L.detailInner)));
        return lines;
      });
    } else if (view === 'host') content = hostContent(report, treeRows, treeIndex, findings, L);
    else content = checksContent(report, lists.checkRows, state.checkSel, checkResults, findings, L);
  }
  const listOffset = scrollToShow(offsets.current[view] ?? 0, content?.selectedLine ?? 0, L.innerRows, content?.listLines.length ?? 0);
  offsets.current[view] = listOffset;
  const detailLength = content?.detailLines.length ?? 0;

  const searchQuery = top?.kind === 'search' ? top.query : undefined;
  const search = useMemo(
    () => (searchQuery === undefined ? undefined : searchItems(knowledgeIndex(), searchQuery, loaded?.model ? report : undefined, loaded?.model?.capture)),
    [searchQuery, loaded],
  );

  const frame: Frame = {
    inner: L.innerRows, fullInner: L.fullInner, findings, treeRows, collapsed, checkItems, checkResults,
    detailLength, searchResults: (search ?? []).map((s) => s.knowledge), env,
    pageLength: (id) => {
      const p = pageById.get(id);
      return p ? pageDetail(p, L.fullInner).length : 0;
    },
  };
  frameRef.current = frame;

  useKeyQueue(context === 'search' || context === 'prompt', ({ input, key }) => dispatch({ type: 'key', input, key }));

  // ---- drawing -------------------------------------------------------------------------------------
  if (L.tooSmall) {
    return (
      <Box flexDirection="column" width={L.columns} height={L.rows}>
        <Text wrap="wrap">{`wcn-doctor needs at least ${MIN_SIZE.columns}×${MIN_SIZE.rows}; this terminal is ${L.columns}×${L.rows}. Make it larger, or press q to quit.`}</Text>
      </Box>
    );
  }

  const head: ReactNode = report
    ? (
      <>
        <Header report={report} width={L.columns} />
        <Tabs view={view} report={report} width={L.columns} source={displayPath(report.source, props.cwd)} />
      </>
    )
    : <PickerHead />;

  const setOffset = (key: string) => (o: number) => { offsets.current[key] = o; };
  let body: ReactNode;
  if (top?.kind === 'help') body = <HelpOverlay scroll={top.scroll} L={L} />;
  else if (top?.kind === 'page') body = <PageOverlay id={top.id} page={pageById.get(top.id)} pagesReady={loadedPages !== undefined} scroll={top.scroll} L={L} />;
  else if (top?.kind === 'search') {
    body = (
      <SearchOverlay query={top.query} index={top.index} items={search ?? []} hostName={loaded?.model ? report?.host.name ?? undefined : undefined}
        withHost={loaded?.model !== undefined} offset={offsets.current['search'] ?? 0} onOffset={setOffset('search')} L={L} />
    );
  } else if (top?.kind === 'fixes') {
    const f = findings[top.finding];
    body = f ? <FixesOverlay top={top} finding={f} L={L} /> : undefined;
  } else if (top?.kind === 'prompt' && report) body = <ScriptPrompt top={top} report={report} cwd={props.cwd} L={L} />;
  else if (!loaded) {
    body = <Picker entries={state.entries} selected={state.pickerSel} loading={state.loading !== undefined} cwd={props.cwd} offset={offsets.current['picker'] ?? 0} onOffset={setOffset('picker')} L={L} />;
  } else if (content) {
    body = <MainView content={content} listOffset={listOffset} detailOffset={clampScroll(state.detailScroll, L.innerRows, detailLength)} focus={state.focus} L={L} />;
  }

  const barStatus = state.status ?? (state.loading ? { tone: 'info' as const, text: `Loading ${state.loading} …` } : !loaded && !top ? state.pickerNote : undefined);
  return (
    <Box flexDirection="column" width={L.columns} height={L.rows}>
      {head}
      {body}
      <KeyBar context={context} width={L.columns} status={barStatus} />
    </Box>
  );
}
