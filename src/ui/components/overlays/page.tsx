import type { KnowledgePage } from '../../../core/knowledge/pages.js';
import { pageDetail } from '../../logic/detail.js';
import type { Layout } from '../../logic/layout.js';
import { seg } from '../../logic/lines.js';
import { clampScroll } from '../../logic/lists.js';
import { TextPane } from '../panes.js';

/** A knowledge page opened from the search (a placeholder while the pages are read). */
export function PageOverlay({ id, page, pagesReady, scroll, L }: { id: string; page: KnowledgePage | undefined; pagesReady: boolean; scroll: number; L: Layout }) {
  const lines = page ? pageDetail(page, L.fullInner) : [[seg(pagesReady ? `No page for ${id}` : 'Reading the knowledge page…')]];
  return <TextPane title={`Knowledge: ${id}`} lines={lines} scroll={clampScroll(scroll, L.innerRows, lines.length)} focused width={L.columns} height={L.bodyRows} />;
}
