import { Box } from 'ink';
import type { Line } from '../logic/lines.js';
import { StyledLine } from './line.js';
import { Pane } from './pane.js';

/** Where a window of `height` rows over `count` lines is, for the pane border. */
function positionLabel(offset: number, height: number, count: number): string {
  if (count <= height) return '';
  const end = Math.min(count, offset + height);
  const up = offset > 0 ? '↑' : ' ';
  const down = end < count ? '↓' : ' ';
  return `${up}${down} ${offset + 1}-${end}/${count}`;
}

/** A list: the selected line is shown in inverse video when the pane has focus, bold with `›` otherwise. */
export function ListPane({ title, lines, selectedLine, offset, focused, width, height }: {
  title: string; lines: readonly Line[]; selectedLine: number; offset: number; focused: boolean; width: number; height: number;
}) {
  const inner = Math.max(1, height - 2);
  const shown = lines.slice(offset, offset + inner);
  return (
    <Pane title={title} right={positionLabel(offset, inner, lines.length)} width={width} height={height} focused={focused}>
      <Box flexDirection="column" height={inner} overflow="hidden">
        {shown.map((l, i) => (
          <StyledLine key={i} line={l} width={width - 2} inverse={focused && offset + i === selectedLine} />
        ))}
      </Box>
    </Pane>
  );
}

/** Scrolling text. */
export function TextPane({ title, lines, scroll, focused, width, height }: {
  title: string; lines: readonly Line[]; scroll: number; focused: boolean; width: number; height: number;
}) {
  const inner = Math.max(1, height - 2);
  const shown = lines.slice(scroll, scroll + inner);
  return (
    <Pane title={title} right={positionLabel(scroll, inner, lines.length)} width={width} height={height} focused={focused} padX={1}>
      <Box flexDirection="column" height={inner} overflow="hidden">
        {shown.map((l, i) => (
          <StyledLine key={i} line={l} width={width - 4} />
        ))}
      </Box>
    </Pane>
  );
}
