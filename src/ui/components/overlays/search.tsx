import { Box, Text } from 'ink';
import type { Layout } from '../../logic/layout.js';
import { scrollToShow } from '../../logic/lists.js';
import { searchLines, type SearchItem } from '../../logic/search-view.js';
import { truncateStart } from '../../logic/views.js';
import { toneColor, useTheme } from '../../theme.js';
import { StyledLine } from '../line.js';
import { Pane } from '../pane.js';

/**
 * The search box and its results. `offset` is the results' first row as
 * last drawn; the new one is reported through `onOffset`.
 */
export function SearchOverlay({ query, index, items, hostName, withHost, offset, onOffset, L }: {
  query: string; index: number; items: readonly SearchItem[]; hostName: string | undefined; withHost: boolean;
  offset: number; onOffset: (offset: number) => void; L: Layout;
}) {
  const theme = useTheme();
  const { lines, selectedLine } = searchLines(items, index, L.fullInner, hostName, query);
  const resultRows = Math.max(1, L.innerRows - 2);
  const off = scrollToShow(offset, selectedLine, resultRows, lines.length);
  onOffset(off);
  return (
    <Pane title={withHost ? 'Search the knowledge base, and this host' : 'Search the knowledge base'} width={L.columns} height={L.bodyRows} focused padX={1}>
      <Text wrap="truncate-end">
        <Text bold color={toneColor(theme, 'accent')}>{'> '}</Text>
        <Text>{truncateStart(query, L.fullInner - 4)}</Text>
        <Text inverse> </Text>
      </Text>
      <Text> </Text>
      <Box flexDirection="column" height={resultRows} overflow="hidden">
        {lines.slice(off, off + resultRows).map((l, i) => (
          <StyledLine key={i} line={l} width={L.fullInner} />
        ))}
      </Box>
    </Pane>
  );
}
