/**
 * The one key table. Key handling, the key-hint bar of the focused pane and
 * the `?` help overlay are all read from it, so what the screen promises is
 * what the keys do. Pure: no ink, no react (the ink key object is matched
 * through a small structural type).
 */

import { cellWidth } from './logic/width.js';

/** Where the keyboard focus is. */
export type Context =
  | 'picker' // the capture picker
  | 'list' // the findings list
  | 'tree' // the host tree
  | 'checks' // the checks list
  | 'detail' // the detail pane of any view
  | 'fixes' // the fix view of one finding
  | 'search' // the search box (typing goes into the box)
  | 'page' // a knowledge page opened from search
  | 'prompt' // the script path box (typing goes into the box)
  | 'confirm' // overwrite? y/n
  | 'help'; // this table, on screen

export type Action =
  | 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'
  | 'nextPane' | 'prevPane' | 'select' | 'back' | 'quit' | 'search' | 'help'
  | 'viewFindings' | 'viewHost' | 'viewChecks' | 'openCapture'
  | 'collapse' | 'expand'
  | 'copy' | 'write' | 'writeAll' | 'plain' | 'gotoFinding' | 'drawing'
  | 'yes' | 'no' | 'clear';

/** A key as the table names it: a special key, a Ctrl chord, or one printable character. */
export type KeyName =
  | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end'
  | 'enter' | 'esc' | 'tab' | 'shift+tab' | 'space' | 'ctrl+u'
  | (string & { readonly __char?: never });

export type Section = 'Moving around' | 'Views and panes' | 'Findings' | 'Host tree' | 'Checks' | 'Fixes' | 'Search' | 'Captures' | 'General';
const SECTIONS: readonly Section[] = ['Moving around', 'Views and panes', 'Findings', 'Host tree', 'Checks', 'Fixes', 'Search', 'Captures', 'General'];

export interface Binding {
  readonly action: Action;
  readonly keys: readonly KeyName[];
  readonly contexts: readonly Context[];
  /** For the help overlay. */
  readonly help: string;
  readonly section: Section;
  /** For the key-hint bar: how the keys are shown there (default: from `keys`) and one or two words. */
  readonly hint?: { readonly keys?: string; readonly text: string; readonly order: number };
}

/** The subset of ink's Key this module reads. */
export interface KeyState {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly home?: boolean;
  readonly end?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
}

const MAIN: Context[] = ['list', 'tree', 'checks', 'detail'];
const LISTS: Context[] = ['picker', 'list', 'tree', 'checks', 'fixes'];
const SCROLLS: Context[] = ['detail', 'page', 'help'];
const NOT_TYPING: Context[] = ['picker', 'list', 'tree', 'checks', 'detail', 'fixes', 'page', 'confirm', 'help'];

export const BINDINGS: readonly Binding[] = [
  // Moving around
  { action: 'up', keys: ['up', 'k'], contexts: LISTS, help: 'Select the previous item', section: 'Moving around', hint: { keys: '↑↓', text: 'move', order: 10 } },
  { action: 'down', keys: ['down', 'j'], contexts: LISTS, help: 'Select the next item', section: 'Moving around' },
  { action: 'up', keys: ['up', 'k'], contexts: SCROLLS, help: 'Scroll up', section: 'Moving around', hint: { keys: '↑↓', text: 'scroll', order: 10 } },
  { action: 'down', keys: ['down', 'j'], contexts: SCROLLS, help: 'Scroll down', section: 'Moving around' },
  { action: 'up', keys: ['up'], contexts: ['search'], help: 'Select the previous result', section: 'Search', hint: { keys: '↑↓', text: 'choose', order: 10 } },
  { action: 'down', keys: ['down'], contexts: ['search'], help: 'Select the next result', section: 'Search' },
  { action: 'pageUp', keys: ['pageup'], contexts: [...LISTS, ...SCROLLS, 'search'], help: 'One screen up', section: 'Moving around' },
  { action: 'pageDown', keys: ['pagedown', 'space'], contexts: [...LISTS, ...SCROLLS], help: 'One screen down', section: 'Moving around' },
  { action: 'pageDown', keys: ['pagedown'], contexts: ['search'], help: 'One screen down', section: 'Search' },
  { action: 'top', keys: ['home', 'g'], contexts: [...LISTS, ...SCROLLS], help: 'Go to the top', section: 'Moving around' },
  { action: 'bottom', keys: ['end', 'G'], contexts: [...LISTS, ...SCROLLS], help: 'Go to the bottom', section: 'Moving around' },

  // Views and panes
  { action: 'viewFindings', keys: ['1'], contexts: MAIN, help: 'Findings: what is wrong, grouped by severity', section: 'Views and panes', hint: { keys: '1-3', text: 'views', order: 40 } },
  { action: 'viewHost', keys: ['2'], contexts: MAIN, help: 'Host: vSwitches, adapters, networks and containers as a tree', section: 'Views and panes' },
  { action: 'viewChecks', keys: ['3'], contexts: MAIN, help: 'Checks: passed, failed, not applicable, crashed', section: 'Views and panes' },
  { action: 'nextPane', keys: ['tab'], contexts: ['list', 'tree', 'checks'], help: 'Move to the detail pane', section: 'Views and panes', hint: { text: 'detail', order: 30 } },
  { action: 'nextPane', keys: ['tab', 'shift+tab'], contexts: ['detail'], help: 'Move back to the list', section: 'Views and panes', hint: { text: 'list', order: 30 } },
  { action: 'prevPane', keys: ['shift+tab'], contexts: ['list', 'tree', 'checks'], help: 'Move to the detail pane (the other way round)', section: 'Views and panes' },
  { action: 'back', keys: ['esc', 'left'], contexts: ['detail'], help: 'Back to the list', section: 'Views and panes' },

  // Findings
  { action: 'select', keys: ['enter', 'f'], contexts: ['list'], help: 'Open the fixes of the selected finding', section: 'Findings', hint: { keys: 'Enter', text: 'fixes', order: 20 } },
  { action: 'select', keys: ['enter'], contexts: ['detail'], help: 'Act on what the detail pane shows (fixes, or the finding it names)', section: 'Views and panes', hint: { keys: 'Enter', text: 'open', order: 20 } },
  { action: 'writeAll', keys: ['w'], contexts: ['list'], help: 'Write one remediation script for all findings (first fix of each)', section: 'Findings', hint: { text: 'script', order: 50 } },

  // Host tree
  { action: 'select', keys: ['enter'], contexts: ['tree'], help: 'Open the finding on this object (or fold it when it has none)', section: 'Host tree', hint: { keys: 'Enter', text: 'finding', order: 20 } },
  { action: 'collapse', keys: ['left', 'h'], contexts: ['tree'], help: 'Fold the branch (or go to its parent)', section: 'Host tree', hint: { keys: '←→', text: 'fold', order: 25 } },
  { action: 'expand', keys: ['right', 'l'], contexts: ['tree'], help: 'Unfold the branch', section: 'Host tree' },

  // Checks
  { action: 'select', keys: ['enter'], contexts: ['checks'], help: 'Open the findings of a failed check', section: 'Checks', hint: { keys: 'Enter', text: 'findings', order: 20 } },

  // Fixes
  { action: 'copy', keys: ['c'], contexts: ['fixes'], help: 'Copy the commands of the selected fix (OSC 52) and show them plainly', section: 'Fixes', hint: { text: 'copy', order: 20 } },
  { action: 'plain', keys: ['p'], contexts: ['fixes'], help: 'Show only the commands, flush left, for selecting with the mouse', section: 'Fixes', hint: { text: 'plain', order: 22 } },
  { action: 'write', keys: ['w'], contexts: ['fixes'], help: 'Write the selected fix to a remediation script (.ps1)', section: 'Fixes', hint: { text: 'script', order: 24 } },
  { action: 'writeAll', keys: ['a'], contexts: ['fixes'], help: 'Write a remediation script for all findings', section: 'Fixes', hint: { text: 'all', order: 26 } },
  { action: 'back', keys: ['esc'], contexts: ['fixes'], help: 'Close the fixes', section: 'Fixes', hint: { text: 'back', order: 60 } },

  // Search
  { action: 'search', keys: ['/'], contexts: [...MAIN, 'picker', 'fixes', 'page'], help: 'Search: paste an error text, see the knowledge entries and the likely causes on this host', section: 'Search', hint: { text: 'search', order: 70 } },
  { action: 'select', keys: ['enter'], contexts: ['search'], help: 'Read the selected knowledge page', section: 'Search', hint: { keys: 'Enter', text: 'read', order: 20 } },
  { action: 'clear', keys: ['ctrl+u'], contexts: ['search', 'prompt'], help: 'Clear the text box', section: 'Search', hint: { keys: 'Ctrl+U', text: 'clear', order: 50 } },
  { action: 'back', keys: ['esc'], contexts: ['search'], help: 'Close the search', section: 'Search', hint: { text: 'close', order: 60 } },
  { action: 'gotoFinding', keys: ['f'], contexts: ['page'], help: 'Show the finding for this page on the host, if there is one', section: 'Search', hint: { text: 'finding', order: 20 } },
  { action: 'back', keys: ['esc', 'left'], contexts: ['page'], help: 'Back to the search results', section: 'Search', hint: { keys: 'Esc', text: 'back', order: 60 } },

  // Script path and overwrite
  { action: 'select', keys: ['enter'], contexts: ['prompt'], help: 'Write the script to the path typed', section: 'Fixes', hint: { keys: 'Enter', text: 'write', order: 20 } },
  { action: 'back', keys: ['esc'], contexts: ['prompt'], help: 'Cancel writing the script', section: 'Fixes', hint: { text: 'cancel', order: 60 } },
  { action: 'yes', keys: ['y'], contexts: ['confirm'], help: 'Replace the existing file', section: 'Fixes', hint: { text: 'overwrite', order: 20 } },
  { action: 'no', keys: ['n', 'esc'], contexts: ['confirm'], help: 'Keep the existing file and choose another path', section: 'Fixes', hint: { keys: 'n/Esc', text: 'keep it', order: 30 } },

  // Captures
  { action: 'select', keys: ['enter'], contexts: ['picker'], help: 'Open the selected capture', section: 'Captures', hint: { keys: 'Enter', text: 'open', order: 20 } },
  { action: 'openCapture', keys: ['o'], contexts: MAIN, help: 'Choose another capture', section: 'Captures', hint: { text: 'open', order: 80 } },
  { action: 'drawing', keys: ['d'], contexts: MAIN, help: 'Draw the host (SVG, for a browser) into a file next to the capture', section: 'Captures', hint: { text: 'draw', order: 85 } },

  // General
  { action: 'help', keys: ['?'], contexts: NOT_TYPING.filter((c) => c !== 'help' && c !== 'confirm'), help: 'Show this help', section: 'General', hint: { text: 'help', order: 90 } },
  { action: 'back', keys: ['esc', '?'], contexts: ['help'], help: 'Close the help', section: 'General', hint: { keys: 'Esc', text: 'close', order: 60 } },
  { action: 'quit', keys: ['q'], contexts: NOT_TYPING.filter((c) => c !== 'confirm'), help: 'Quit (Ctrl+C quits from anywhere)', section: 'General', hint: { text: 'quit', order: 95 } },
];

const SPECIAL: Record<string, (input: string, key: KeyState) => boolean> = {
  up: (_, k) => k.upArrow === true,
  down: (_, k) => k.downArrow === true,
  left: (_, k) => k.leftArrow === true,
  right: (_, k) => k.rightArrow === true,
  pageup: (_, k) => k.pageUp === true,
  pagedown: (_, k) => k.pageDown === true,
  home: (_, k) => k.home === true,
  end: (_, k) => k.end === true,
  enter: (_, k) => k.return === true,
  esc: (_, k) => k.escape === true,
  tab: (_, k) => k.tab === true && k.shift !== true,
  'shift+tab': (_, k) => k.tab === true && k.shift === true,
  space: (i, k) => i === ' ' && k.ctrl !== true,
  'ctrl+u': (i, k) => k.ctrl === true && i === 'u',
};

function matchKey(name: KeyName, input: string, key: KeyState): boolean {
  const special = SPECIAL[name];
  if (special) return special(input, key);
  return input === name && key.ctrl !== true && key.meta !== true;
}

/** The action a key press means in a context, or undefined (then, in a text box, it is typing). */
export function resolveKey(context: Context, input: string, key: KeyState): Action | undefined {
  for (const b of BINDINGS) {
    if (!b.contexts.includes(context)) continue;
    if (b.keys.some((k) => matchKey(k, input, key))) return b.action;
  }
  return undefined;
}

const KEY_LABEL: Record<string, string> = {
  up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  enter: 'Enter', esc: 'Esc', tab: 'Tab', 'shift+tab': 'Shift+Tab', space: 'Space', 'ctrl+u': 'Ctrl+U',
};

export function keyLabel(name: KeyName): string {
  return KEY_LABEL[name] ?? name;
}

export interface Hint {
  readonly keys: string;
  readonly text: string;
}

/** The key-hint bar of a context, in display order. */
export function hintsFor(context: Context): Hint[] {
  const seen = new Set<string>();
  return BINDINGS
    .filter((b) => b.hint && b.contexts.includes(context))
    .sort((a, b) => a.hint!.order - b.hint!.order)
    .map((b) => ({ keys: b.hint!.keys ?? b.keys.map(keyLabel).join('/'), text: b.hint!.text }))
    .filter((h) => {
      const k = `${h.keys} ${h.text}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

export interface HelpEntry {
  readonly keys: string;
  readonly help: string;
}

/** The help overlay: every binding, by section, each (keys, description) pair once. */
export function helpSections(): { section: Section; entries: HelpEntry[] }[] {
  return SECTIONS.map((section) => {
    const seen = new Set<string>();
    const entries: HelpEntry[] = [];
    for (const b of BINDINGS) {
      if (b.section !== section || b.help === '') continue;
      const e = { keys: b.keys.map(keyLabel).join(' '), help: b.help };
      const k = `${e.keys}|${e.help}`;
      if (seen.has(k)) continue;
      seen.add(k);
      entries.push(e);
    }
    return { section, entries };
  }).filter((s) => s.entries.length > 0);
}

/**
 * Fits hints into `width`, in the table's order. When they do not all fit,
 * the last ones go first, but `? help` (which lists every key) and `q quit`
 * always stay. Widths count terminal cells.
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

