/**
 * Copying to the clipboard from a terminal program: the OSC 52 escape
 * sequence asks the terminal to set its clipboard. Many terminals honour it
 * (xterm with allowWindowOps, kitty, WezTerm, iTerm2, Windows Terminal,
 * tmux with set-clipboard on); some ignore it silently, so the TUI always
 * shows the text as well, ready to select.
 */

export interface ClipboardPlan {
  /** The bytes to write to the terminal (empty when the terminal cannot take them). */
  readonly sequence: string;
  /** What to tell the user. */
  readonly via: 'osc52' | 'osc52-tmux' | 'none';
}

/** Terminals known to have no OSC 52 at all. */
function noOsc52(env: NodeJS.ProcessEnv): boolean {
  const term = env['TERM'] ?? '';
  return term === '' || term === 'dumb' || term === 'linux' || term.startsWith('vt1') || term.startsWith('vt2');
}

export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** The OSC 52 sequence, also wrapped for tmux passthrough when inside tmux (either route may be enabled there). */
export function planCopy(text: string, env: NodeJS.ProcessEnv): ClipboardPlan {
  if (noOsc52(env) && !env['TMUX']) return { sequence: '', via: 'none' };
  const seq = osc52(text);
  if (env['TMUX']) {
    const wrapped = `\u001bPtmux;${seq.replace(/\u001b/g, '\u001b\u001b')}\u001b\\`;
    return { sequence: seq + wrapped, via: 'osc52-tmux' };
  }
  return { sequence: seq, via: 'osc52' };
}
