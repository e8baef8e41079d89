/**
 * The TUI's state, changed only by the pure reducer (logic/state.ts), and
 * the effects the reducer asks for, carried out here: quitting, reading the
 * list of captures, loading one, writing a script or a drawing, raw bytes to
 * the terminal.
 */
import { useApp } from 'ink';
import { useRef, useState, type MutableRefObject } from 'react';
import { renderRemediationScript } from '../../core/report/remediation.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import type { AppProps } from '../app.js';
import { writeDrawing } from '../logic/drawing-file.js';
import type { ScriptScope } from '../logic/fix-view.js';
import { resolveScriptPath, writeScript } from '../logic/script-file.js';
import { initialState, loadEvent, reduce, type Effect, type Frame, type Loaded, type UiEvent, type UiState } from '../logic/state.js';

export function useUiState(props: AppProps, frameRef: MutableRefObject<Frame | undefined>, onOpened: () => void): [UiState, (event: UiEvent) => void] {
  const { exit } = useApp();
  const [state, setState] = useState<UiState>(() => initialState(props.initial, props.initial ? [] : props.listCaptures()));
  /** The state as last dispatched: events that arrive before the next render build on it. */
  const stateRef = useRef(state);

  const scriptText = (scope: ScriptScope): string | undefined => {
    const report = stateRef.current.loaded?.report;
    if (!report) return undefined;
    const generatedAt = props.now?.();
    if (scope.kind === 'all') return renderRemediationScript(report, { generatedAt });
    const f = frameRef.current?.findings[scope.finding ?? 0];
    const fix = f?.fixes[scope.fix ?? 0];
    if (!f || !fix) return undefined;
    return renderRemediationScript(report, { only: [{ ...f, fixes: [fix] }], fixes: 'first', runOn: fix.runOn, generatedAt });
  };

  const run = (e: Effect) => {
    switch (e.kind) {
      case 'exit': exit(); return;
      case 'raw': props.writeRaw?.(e.bytes); return;
      case 'draw':
        void writeDrawing(e.loaded.model!, e.loaded.report).then((o) => dispatch({
          type: 'status',
          status: o.kind === 'written'
            ? { tone: 'ok', text: `✔ Drew the host: ${sanitizeInline(o.path)} (open it in a browser)` }
            : { tone: 'error', text: `✖ Could not write ${sanitizeInline(o.path)}: ${o.kind === 'error' ? o.message : 'it exists'}` },
        }));
        return;
      case 'listCaptures': dispatch({ type: 'entries', entries: props.listCaptures() }); return;
      case 'open':
        // Let the "Loading" frame show before the (synchronous) diagnosis runs.
        setTimeout(() => {
          let loaded: Loaded;
          try {
            loaded = props.load(e.entry.path);
          } catch (err) {
            dispatch({ type: 'loadFailed', entry: e.entry, message: `${sanitizeInline(e.entry.label)}: ${(err as Error).message ?? String(err)}` });
            return;
          }
          dispatch(loadEvent(e.entry, loaded));
        }, 0);
        return;
      case 'write': {
        const text = scriptText(e.prompt.scope);
        if (text === undefined) dispatch({ type: 'nothingToWrite' });
        else dispatch({ type: 'written', outcome: writeScript(resolveScriptPath(e.prompt.path, props.cwd), text, { overwrite: e.overwrite }) });
        return;
      }
    }
  };

  function dispatch(event: UiEvent): void {
    const before = stateRef.current;
    const frame = frameRef.current;
    if (!frame) return;
    const { state: next, effects } = reduce(before, event, frame);
    if (next.loaded !== before.loaded && next.loaded) onOpened();
    stateRef.current = next;
    setState(next);
    for (const e of effects) run(e);
  }

  return [state, dispatch];
}
