/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal
 * (never into a pipe or a log file). Redraws at most ten times a second.
 */
export interface Progress {
  /** Sets how much is done (and, optionally, what is being done now). */
  tick(done: number, label?: string): void;
  /** Removes the bar (before other output, and at the end). */
  clear(): void;
  /** Draws the bar again after other output. */
  redraw(): void;
}

const NONE: Progress = { tick() {}, clear() {}, redraw() {} };

export function makeProgress(total: number, enabled: boolean, write: (s: string) => void, width = 80, label = 'checking', unit: 'count' | 'percent' = 'count'): Progress {
  if (!enabled || total < 2) return NONE;
  let done = 0;
  let last = 0;
  let shown = false;
  const draw = () => {
    const text = unit === 'percent' ? `${label} ${Math.round((100 * done) / total)}%` : `${label} ${done}/${total}`;
    const barWidth = Math.max(10, Math.min(40, width - text.length - 4));
    const filled = Math.round((done / total) * barWidth);
    write(`\r\u001b[K[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${text}`);
    shown = true;
  };
  return {
    tick(n, what?: string) {
      done = n;
      if (what !== undefined) label = what;
      const now = Date.now();
      if (now - last >= 100 || n === total) {
        last = now;
        draw();
      }
    },
    clear() {
      if (shown) write('\r\u001b[K');
      shown = false;
    },
    redraw() {
      if (done < total) draw();
    },
  };
}
