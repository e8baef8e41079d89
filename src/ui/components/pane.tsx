import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { cellWidth, truncate } from '../logic/width.js';
import { toneColor, useTheme } from '../theme.js';

const CHARS = {
  focused: { tl: '┏', tr: '┓', h: '━', style: 'bold' as const },
  plain: { tl: '┌', tr: '┐', h: '─', style: 'single' as const },
};

/**
 * A bordered pane with its title in the top border. The focused pane has a
 * heavy border and a `▶` before its title, so focus never depends on colour.
 */
export function Pane({ title, right = '', width, height, focused, children, padX = 0 }: {
  title: string; right?: string; width: number; height: number; focused: boolean; children: ReactNode; padX?: number;
}) {
  const theme = useTheme();
  const c = focused ? CHARS.focused : CHARS.plain;
  const inner = Math.max(0, width - 2);
  const label = truncate(`${focused ? '▶ ' : ''}${title}`, Math.max(0, inner - 3 - (right ? cellWidth(right) + 3 : 0)));
  const rightText = right ? ` ${truncate(right, Math.max(0, inner - cellWidth(label) - 6))} ` : '';
  const fill = Math.max(0, inner - 1 - cellWidth(label) - 2 - cellWidth(rightText) - (rightText ? 1 : 0));
  const borderColor = toneColor(theme, focused ? 'accent' : 'muted');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text color={borderColor} bold={focused}>{`${c.tl}${c.h}`}</Text>
        <Text bold={focused}>{` ${label} `}</Text>
        <Text color={borderColor} bold={focused}>{c.h.repeat(fill)}</Text>
        {rightText ? <Text dimColor>{rightText}</Text> : null}
        <Text color={borderColor} bold={focused}>{`${rightText ? c.h : ''}${c.tr}`}</Text>
      </Text>
      {/* Keyed by the style: ink re-applies every border side when borderStyle changes on a live box (the top one too). */}
      <Box key={c.style} borderStyle={c.style} borderTop={false} borderColor={borderColor} width={width} height={height - 1} flexDirection="column" paddingX={padX} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
