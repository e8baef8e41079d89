import test from 'ava';
import { cniConfEditFix, occursOnce } from '../../src/core/owners/cni-conf.js';

const conf = (text: string) => ({ path: 'C:\\etc\\cni\\net.d\\nat.conflist', text });
const CONF = '{"name":"nat","plugins":[{"type":"nat","ipam":{"ranges":[[{"subnet":"10.4.0.0/24","gateway":"10.4.0.1"}]],"routes":[{"dst":"10.4.0.10/32"}]}}]}';
const words = { title: 'Edit', expect: 'Edited.' };

test('occursOnce: exactly one occurrence, never the empty text', (t) => {
  t.true(occursOnce('abc', 'b'));
  t.false(occursOnce('abcb', 'b'));
  t.false(occursOnce('abc', 'x'));
  t.false(occursOnce('abc', ''));
  t.true(occursOnce('aaa', 'aaa'));
  t.false(occursOnce('aaaa', 'aa'), 'overlapping occurrences count');
});

test('a conf edit is refused when its text is missing or occurs more than once, since Replace changes every occurrence', (t) => {
  // Unquoted, the gateway is also inside 10.4.0.10: refused.
  t.is(cniConfEditFix({ file: conf(CONF), changes: [{ oldText: '10.4.0.1', newText: '10.7.0.1' }], ...words }), undefined);
  // Quoted, it is one value: allowed.
  const fix = cniConfEditFix({ file: conf(CONF), changes: [{ oldText: '"10.4.0.1"', newText: '"10.7.0.1"' }], ...words });
  t.is(fix?.commands[1], "(Get-Content -Path 'C:\\etc\\cni\\net.d\\nat.conflist' -Raw).Replace('\"10.4.0.1\"', '\"10.7.0.1\"') | Set-Content -Path 'C:\\etc\\cni\\net.d\\nat.conflist' -NoNewline");
  t.is(cniConfEditFix({ file: conf(CONF), changes: [{ oldText: '"10.9.0.1"', newText: '"10.7.0.1"' }], ...words }), undefined, 'not in the conf');
  t.is(cniConfEditFix({ file: { path: 'x', text: undefined }, changes: [{ oldText: 'a', newText: 'b' }], ...words }), undefined, 'text not captured');
  t.is(cniConfEditFix({ file: conf(CONF), changes: [], ...words }), undefined, 'nothing to change');
});

test('a value whose every occurrence should change may occur several times; changes apply one after the other', (t) => {
  const twice = CONF.replace('"10.4.0.10/32"', '"10.4.0.0/24"');
  t.is(cniConfEditFix({ file: conf(twice), changes: [{ oldText: '"10.4.0.0/24"', newText: '"10.7.0.0/24"' }], ...words }), undefined);
  t.truthy(cniConfEditFix({ file: conf(twice), changes: [{ oldText: '"10.4.0.0/24"', newText: '"10.7.0.0/24"', every: true }], ...words }));
  // The second change is judged on the text the first one leaves.
  t.is(cniConfEditFix({ file: conf(CONF), changes: [{ oldText: '"10.4.0.1"', newText: '"x"' }, { oldText: '"10.4.0.1"', newText: '"y"' }], ...words }), undefined);
  t.truthy(cniConfEditFix({ file: conf(CONF), changes: [{ oldText: '"10.4.0.1"', newText: '"x"' }, { oldText: '"x"', newText: '"y"' }], ...words }));
});
