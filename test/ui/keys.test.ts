/** The key table is consistent: what the bar and the help promise is what the keys do. */
import test from 'ava';
import { BINDINGS, fitHints, helpSections, hintsFor, keyLabel, resolveKey, type Context, type KeyName, type KeyState } from '../../src/ui/keys.js';


const CONTEXTS: Context[] = ['picker', 'list', 'tree', 'checks', 'detail', 'fixes', 'search', 'page', 'prompt', 'confirm', 'help'];
const TYPING: Context[] = ['search', 'prompt'];

/** The (input, key) ink reports for a key the table names. */
function press(name: KeyName): { input: string; key: KeyState } {
  const special: Record<string, KeyState> = {
    up: { upArrow: true }, down: { downArrow: true }, left: { leftArrow: true }, right: { rightArrow: true },
    pageup: { pageUp: true }, pagedown: { pageDown: true }, home: { home: true }, end: { end: true },
    enter: { return: true }, esc: { escape: true, meta: true }, tab: { tab: true }, 'shift+tab': { tab: true, shift: true },
  };
  if (special[name]) return { input: '', key: special[name]! };
  if (name === 'space') return { input: ' ', key: {} };
  if (name === 'ctrl+u') return { input: 'u', key: { ctrl: true } };
  return { input: name, key: /[A-Z]/.test(name) ? { shift: true } : {} };
}

test('every binding resolves to its action in each of its contexts (no earlier entry shadows it)', (t) => {
  for (const b of BINDINGS) {
    for (const ctx of b.contexts) {
      for (const k of b.keys) {
        const { input, key } = press(k);
        t.is(resolveKey(ctx, input, key), b.action, `${keyLabel(k)} in ${ctx}`);
      }
    }
  }
});

test('no key means two things in one context', (t) => {
  for (const ctx of CONTEXTS) {
    const seen = new Map<string, string>();
    for (const b of BINDINGS.filter((x) => x.contexts.includes(ctx))) {
      for (const k of b.keys) {
        const prev = seen.get(k);
        t.true(prev === undefined || prev === b.action, `${k} in ${ctx}: ${prev} and ${b.action}`);
        seen.set(k, b.action);
      }
    }
  }
});

test('text boxes bind no printable character, so every letter can be typed', (t) => {
  for (const ctx of TYPING) {
    for (const b of BINDINGS.filter((x) => x.contexts.includes(ctx))) {
      for (const k of b.keys) t.false(k.length === 1, `'${k}' (${b.action}) would swallow typing in ${ctx}`);
    }
  }
  t.is(resolveKey('search', 'q', {}), undefined);
  t.is(resolveKey('list', 'q', {}), 'quit');
});

test('every context can be left: quit, or Esc back, and help is one key away outside text boxes', (t) => {
  for (const ctx of CONTEXTS) {
    const actions = new Set(BINDINGS.filter((b) => b.contexts.includes(ctx)).map((b) => b.action));
    t.true(actions.has('quit') || actions.has('back') || actions.has('no'), ctx);
    if (!TYPING.includes(ctx) && ctx !== 'help' && ctx !== 'confirm') t.true(actions.has('help'), `? in ${ctx}`);
  }
});

test('the hint bar shows only keys that work in the focused context', (t) => {
  for (const ctx of CONTEXTS) {
    const hints = hintsFor(ctx);
    t.true(hints.length > 0, ctx);
    for (const h of hints) {
      const b = BINDINGS.find((x) => x.hint?.text === h.text && x.contexts.includes(ctx));
      t.truthy(b, `${ctx}: ${h.keys} ${h.text}`);
    }
  }
  t.deepEqual(hintsFor('fixes').map((h) => h.text).slice(0, 5), ['move', 'copy', 'plain', 'script', 'all']);
});

test('a narrow bar drops hints from the end but keeps help and quit', (t) => {
  const all = hintsFor('list');
  const narrow = fitHints('list', 40);
  t.true(narrow.length < all.length);
  t.truthy(narrow.find((h) => h.text === 'help'));
  t.truthy(narrow.find((h) => h.text === 'quit'));
  t.is(narrow[0]!.text, 'move');
  t.deepEqual(fitHints('list', 500), all);
});

test('the help lists every binding that has a description, once, under its section', (t) => {
  const sections = helpSections();
  const listed = sections.flatMap((s) => s.entries.map((e) => `${s.section}|${e.keys}|${e.help}`));
  t.is(new Set(listed).size, listed.length, 'no duplicates');
  for (const b of BINDINGS) {
    const keys = b.keys.map(keyLabel).join(' ');
    t.true(listed.includes(`${b.section}|${keys}|${b.help}`), `${b.action} ${keys}`);
  }
});
