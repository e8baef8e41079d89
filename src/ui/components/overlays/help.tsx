import { helpLines } from '../../logic/help.js';
import type { Layout } from '../../logic/layout.js';
import { clampScroll } from '../../logic/lists.js';
import { TextPane } from '../panes.js';

/** The key table, on screen. */
export function HelpOverlay({ scroll, L }: { scroll: number; L: Layout }) {
  const lines = helpLines(L.fullInner);
  return <TextPane title="Keys" lines={lines} scroll={clampScroll(scroll, L.innerRows, lines.length)} focused width={L.columns} height={L.bodyRows} />;
}
