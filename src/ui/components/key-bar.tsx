import { Text } from 'ink';
import { fitHints, type Context } from '../keys.js';
import type { Status } from '../logic/state.js';
import { truncate } from '../logic/width.js';
import { toneColor, useTheme } from '../theme.js';

/** The bottom line: a status message when there is one, else the keys of the focused pane. */
export function KeyBar({ context, width, status }: { context: Context; width: number; status?: Status | undefined }) {
  const theme = useTheme();
  if (status) {
    return (
      <Text wrap="truncate-end" color={toneColor(theme, status.tone)} bold>
        {truncate(` ${status.text}`, width)}
      </Text>
    );
  }
  const hints = fitHints(context, width - 1);
  return (
    <Text wrap="truncate-end">
      {' '}
      {hints.map((h, i) => (
        <Text key={i}>
          <Text bold color={toneColor(theme, 'accent')}>{h.keys}</Text>
          <Text>{` ${h.text}${i < hints.length - 1 ? '  ' : ''}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
