/** Editing a one-line text box from key presses (typing, pasting, deleting). Pure. */
import { sanitizeInline } from '../../core/text/sanitize.js';
import type { KeyState } from '../keys.js';

/**
 * The new text after a key press, or undefined when the key does not edit.
 * A paste arrives as one input string: its line breaks and tabs become
 * spaces and escape sequences are dropped, so a pasted log line is safe.
 */
export function editText(text: string, input: string, key: KeyState, max = 4000): string | undefined {
  if (key.backspace || key.delete) return [...text].slice(0, -1).join('');
  if (key.ctrl || key.meta || key.return || key.escape || key.tab) return undefined;
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end) return undefined;
  if (input === '') return undefined;
  const clean = sanitizeInline(input.replace(/\r\n?|\n|\t/g, ' '));
  if (clean === '') return undefined;
  return [...(text + clean)].slice(0, max).join('');
}

/**
 * Applies one input event to a text box. Keys typed quickly can arrive in
 * one chunk ("\x15/tmp/x" is Ctrl+U then a path): control characters inside
 * are applied as the keys they are (Ctrl+U clears, DEL and BS delete), the
 * rest is typed. Returns undefined when nothing changed.
 */
export function applyInput(text: string, input: string, key: KeyState, max = 4000): string | undefined {
  if (input.length <= 1 || !/[\x08\x15\x7f]/.test(input)) return editText(text, input, key, max);
  let t = text;
  for (const part of input.split(/([\x08\x15\x7f])/)) {
    if (part === '') continue;
    if (part === '\x15') t = '';
    else if (part === '\x08' || part === '\x7f') t = [...t].slice(0, -1).join('');
    else t = editText(t, part, {}, max) ?? t;
  }
  return t === text ? undefined : t;
}
