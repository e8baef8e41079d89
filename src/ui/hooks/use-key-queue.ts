/**
 * Key presses, one at a time, each judged against the screen the previous
 * one produced. ink delivers keys typed faster than they are read as one
 * chunk ("jj", "\rq"); outside a text box the chunk is split into single
 * presses, and each is handed to `onKey` only after the screen the previous
 * press produced has been rendered (its frame: list rows, page size).
 */
import { useInput, type Key } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyState } from '../keys.js';

export interface KeyPress {
  readonly input: string;
  readonly key: KeyState;
}

/**
 * Outside text boxes, several keys typed faster than they are read arrive as
 * one string: split them into single key presses. In a text box a
 * multi-character input is a paste and stays whole.
 */
function splitKeys(input: string, key: KeyState, typing: boolean): KeyPress[] {
  if (typing || input.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  return [...input].map((ch) => {
    if (ch === '\r' || ch === '\n') return { input: '', key: { return: true } };
    if (ch === '\t') return { input: '', key: { tab: true } };
    if (ch === '\x7f' || ch === '\b') return { input: '', key: { backspace: true } };
    return { input: ch, key: /[A-Z]/.test(ch) ? { shift: true } : {} };
  });
}

/** `typing`: whether the keyboard goes into a text box on the screen as drawn now. */
export function useKeyQueue(typing: boolean, onKey: (press: KeyPress) => void): void {
  // ink subscribes the handler in an effect; going through refs set at every
  // render means a key is always judged against the screen as last drawn.
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  const typingRef = useRef(typing);
  typingRef.current = typing;
  const queue = useRef<KeyPress[]>([]);
  const renders = useRef(0);
  renders.current++;
  /** The render during which the last queued key was applied; the next waits for a later one. */
  const appliedAt = useRef(0);
  const [, setTick] = useState(0);
  const pump = () => {
    const k = queue.current.shift();
    if (!k) return;
    appliedAt.current = renders.current;
    onKeyRef.current(k);
    if (queue.current.length > 0) setTick((n) => n + 1);
  };
  useEffect(() => {
    // Effects of an earlier render can run just before the next one: wait for a render after the key.
    if (queue.current.length > 0 && renders.current > appliedAt.current) pump();
  });
  useInput(useCallback((input: string, key: Key) => {
    const idle = queue.current.length === 0;
    queue.current.push(...splitKeys(input, key as KeyState, typingRef.current));
    if (idle) pump();
  }, []));
}
