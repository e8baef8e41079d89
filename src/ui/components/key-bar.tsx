import { Text } from 'ink';
import { hintsFor, type Context, type Hint } from '../keys.js';
import type { Tone } from '../logic/lines.js';
import { cellWidth, truncate } from '../logic/width.js';
import { toneColor, useTheme } from '../theme.js';

export interface Status {
  readonly text: string;
  readonly tone: Tone;
}

/**
 * Fits hints into `width`, in the table's order. When they do not all fit,
 * the last ones go first, but `? help` (which lists every key) and `q quit`
 * always stay.
 */
export function fitHints(context: Context, width: number): Hint[] {
  const all = hintsFor(context);
  const sticky = (h: Hint) => h.text === 'help' || h.text === 'quit';
  const w = (h: Hint) => cellWidth(`${h.keys} ${h.text}`) + 2;
  let used = all.filter(sticky).reduce((n, h) => n + w(h), 0);
  const kept = new Set<Hint>(all.filter(sticky));
  for (const h of all) {
    if (sticky(h)) continue;
    if (used + w(h) > width) break;
    kept.add(h);
    used += w(h);
  }
  return all.filter((h) => kept.has(h));
}

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
