import { Box, Text } from 'ink';
import type { CaptureEntry } from '../logic/captures.js';
import type { Layout } from '../logic/layout.js';
import { scrollToShow } from '../logic/lists.js';
import { pickerLines } from '../logic/views.js';
import { ListPane } from './panes.js';

/** The header above the picker. */
export function PickerHead() {
  return (
    <>
      <Text bold>{' wcn-doctor'}</Text>
      <Text dimColor wrap="truncate-end">{' Diagnose Windows container networking from a host capture. Choose one:'}</Text>
      <Text> </Text>
    </>
  );
}

/**
 * The captures to choose from. `offset` is the list's first row as last
 * drawn; the new one is reported through `onOffset`.
 */
export function Picker({ entries, selected, loading, cwd, offset, onOffset, L }: {
  entries: readonly CaptureEntry[]; selected: number; loading: boolean; cwd: string; offset: number; onOffset: (offset: number) => void; L: Layout;
}) {
  const { lines, selectedLine } = pickerLines(entries, selected, cwd, L.columns, L.fullInner);
  const off = scrollToShow(offset, selectedLine, L.innerRows, lines.length);
  onOffset(off);
  return (
    <Box flexDirection="column" height={L.bodyRows}>
      <ListPane title={loading ? 'Loading…' : `Captures (${entries.length})`} lines={lines} selectedLine={selectedLine} offset={off} focused width={L.columns} height={L.bodyRows} />
    </Box>
  );
}
