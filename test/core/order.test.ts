import test from 'ava';
import { CHECKS } from '../../src/core/checks/index.js';
import { byCodeUnits } from '../../src/core/text/order.js';

test('check codes sort the same by code units as by localeCompare (which costs an ICU load per process)', (t) => {
  const codes = CHECKS.map((c) => c.meta.code);
  t.true(codes.length > 20);
  t.deepEqual([...codes].sort(byCodeUnits), [...codes].sort((a, b) => a.localeCompare(b)));
  t.deepEqual(codes, [...codes].sort((a, b) => a.localeCompare(b)), 'the registry is in code order');
  for (const code of codes) t.regex(code, /^WCN\d{3}$/, 'a code of another form may need another order');
});

test('byCodeUnits is a total order consistent with ===', (t) => {
  t.is(byCodeUnits('WCN101', 'WCN101'), 0);
  t.is(byCodeUnits('WCN101', 'WCN102'), -1);
  t.is(byCodeUnits('WCN201', 'WCN102'), 1);
  t.is(byCodeUnits('', 'A'), -1);
});
