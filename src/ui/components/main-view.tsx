import { Box } from 'ink';
import type { Layout } from '../logic/layout.js';
import type { ViewContent } from '../logic/views.js';
import { ListPane, TextPane } from './panes.js';

/** One view of a capture: its list pane and its detail pane, side by side. */
export function MainView({ content, listOffset, detailOffset, focus, L }: {
  content: ViewContent; listOffset: number; detailOffset: number; focus: 'list' | 'detail'; L: Layout;
}) {
  return (
    <Box flexDirection="row" width={L.columns} height={L.bodyRows}>
      <ListPane title={content.listTitle} lines={content.listLines} selectedLine={content.selectedLine} offset={listOffset} focused={focus === 'list'} width={L.listWidth} height={L.bodyRows} />
      <TextPane title={content.detailTitle} lines={content.detailLines} scroll={detailOffset} focused={focus === 'detail'} width={L.detailWidth} height={L.bodyRows} />
    </Box>
  );
}
