import { Text } from 'ink';
import type { Line } from '../logic/lines.js';
import { cellWidth, truncate } from '../logic/width.js';
import { toneColor, toneDim, useTheme } from '../theme.js';

/** One styled line, cut to `width` cells (content is wrapped before it gets here). */
export function StyledLine({ line, width, inverse = false }: { line: Line; width: number; inverse?: boolean }) {
  const theme = useTheme();
  let room = width;
  const parts = [];
  for (let i = 0; i < line.length && room > 0; i++) {
    const s = line[i]!;
    const text = truncate(s.text, room);
    room -= cellWidth(text);
    parts.push(
      <Text key={i} color={toneColor(theme, s.tone)} bold={s.bold} dimColor={s.dim || toneDim(theme, s.tone)} underline={s.underline} inverse={s.inverse}>
        {text}
      </Text>,
    );
  }
  if (inverse && room > 0) parts.push(<Text key="pad">{' '.repeat(room)}</Text>);
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {parts.length > 0 ? parts : ' '}
    </Text>
  );
}
