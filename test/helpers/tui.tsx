/**
 * Rendering the TUI in tests: ink-testing-library underneath, with a pinned
 * terminal size, keys by name, and waiting for text with a bounded timeout
 * (never a fixed sleep as the only synchronization).
 */
import { render } from 'ink-testing-library';
import { join } from 'node:path';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { App, type AppProps, type Loaded } from '../../src/ui/app.js';
import type { Size } from '../../src/ui/logic/layout.js';
import { loadKnowledge } from '../../src/core/knowledge/pages.js';

export const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'ui');
export const BROKEN = join(FIXTURES, 'broken-host.json');
export const EVIL = join(FIXTURES, 'evil-names.json');

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  pageDown: '\u001b[6~',
  ctrlU: '\u0015',
  backspace: '\u007f',
} as const;

export function loadCapture(path: string): Loaded {
  const { report, model } = diagnoseFile(path);
  return { report, model };
}

const SGR = /\u001b\[[0-9;]*m/g;

export interface TuiHarness {
  /** The last frame without SGR styling. */
  frame(): string;
  /** The last frame as written (with styling). */
  rawFrame(): string;
  lines(): string[];
  /** The frame as running text: pane borders removed, lines joined, spaces collapsed (for text the panes wrap). */
  flat(): string;
  /** Sends a key (a name from KEYS or literal text) and lets ink process it. */
  press(key: keyof typeof KEYS | (string & {})): Promise<void>;
  type(text: string): Promise<void>;
  waitFor(what: string | RegExp | (() => boolean), timeoutMs?: number): Promise<string>;
  /** Bytes the app sent to the terminal outside its frames (the OSC 52 sequence). */
  readonly raw: string[];
  readonly stdout: ReturnType<typeof render>['stdout'];
  unmount(): void;
}

/** Pane borders out, one line of text with single spaces. */
export function flatten(frame: string): string {
  return frame.replace(/[┃│┏┓┗┛┌┐└┘━─]+/g, ' ').replace(/\s+/g, ' ');
}

// Component tests get the knowledge pages up front: the app's deferred read after the
// first frame is covered by the end-to-end tests, and here it would race the first keys.
const tick = () => new Promise<void>((r) => setImmediate(r));

/** `size` pins the terminal size; 'terminal' leaves it to the (fake) stdout, to test resizing. */
export async function renderTui(props: Partial<AppProps> & { capture?: string | undefined }, size: Size | 'terminal' = { columns: 80, rows: 24 }): Promise<TuiHarness> {
  const raw: string[] = [];
  const initial = props.initial ?? (props.capture ? loadCapture(props.capture) : undefined);
  const r = render(
    <App
      initial={initial}
      listCaptures={props.listCaptures ?? (() => [])}
      load={props.load ?? loadCapture}
      cwd={props.cwd ?? PACKAGE_ROOT}
      color={props.color ?? false}
      size={size === 'terminal' ? undefined : size}
      env={props.env ?? { TERM: 'xterm-256color' }}
      writeRaw={(s) => raw.push(s)}
      now={props.now ?? (() => '2024-01-01T00:00:00.000Z')}
      pages={props.pages ?? loadKnowledge()}
    />,
  );
  const h: TuiHarness = {
    raw,
    stdout: r.stdout,
    rawFrame: () => r.lastFrame() ?? '',
    frame: () => (r.lastFrame() ?? '').replace(SGR, ''),
    lines: () => h.frame().split('\n'),
    flat: () => flatten(h.frame()),
    async press(key) {
      const seq = (KEYS as Record<string, string>)[key] ?? key;
      const before = r.frames.length;
      r.stdin.write(seq);
      // A lone ESC is held back for one turn of the event loop to tell it from an escape sequence.
      for (let i = 0; i < 4; i++) await tick();
      // Most keys redraw; wait (bounded) for that frame so the next key meets the new screen.
      const start = Date.now();
      while (r.frames.length === before && Date.now() - start < 2000) await new Promise((res) => setTimeout(res, 5));
    },
    async type(text) {
      for (const ch of text) await h.press(ch);
    },
    async waitFor(what, timeoutMs = 15000) {
      const start = Date.now();
      for (;;) {
        const f = h.frame();
        if (typeof what === 'string' ? f.includes(what) || h.flat().includes(what) : typeof what === 'function' ? what() : what.test(f) || what.test(h.flat())) return f;
        if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${String(what)}; last frame:\n${f}`);
        await new Promise((res) => setTimeout(res, 10));
      }
    },
    unmount: () => r.unmount(),
  };
  // ink starts listening for keys in an effect after the first render; keys sent before would be lost.
  const start = Date.now();
  while (r.stdin.listenerCount('readable') === 0) {
    if (Date.now() - start > 5000) throw new Error('the app never started reading keys');
    await new Promise((res) => setTimeout(res, 5));
  }
  await tick();
  return h;
}
