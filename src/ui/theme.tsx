/**
 * Colour is a hint, never the only signal: every tone also has a glyph or a
 * word on screen. With NO_COLOR (or colour off) no colour is emitted at all;
 * bold, dim and inverse video remain, as NO_COLOR allows.
 */
import { createContext, useContext } from 'react';
import type { Tone } from './logic/lines.js';

export interface Theme {
  readonly color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: false });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

const TONE_COLOR: Record<Tone, string> = {
  error: 'red',
  warning: 'yellow',
  info: 'blueBright',
  ok: 'green',
  accent: 'cyan',
  muted: 'gray',
  code: 'cyan',
  danger: 'redBright',
};

/** The colour of a tone, or undefined when colour is off. */
export function toneColor(theme: Theme, tone: Tone | undefined): string | undefined {
  return theme.color && tone ? TONE_COLOR[tone] : undefined;
}

/** Without colour, a muted tone is shown dim so it still reads as secondary. */
export function toneDim(theme: Theme, tone: Tone | undefined): boolean {
  return !theme.color && tone === 'muted';
}
