import test, { type TestFn } from 'ava';
import { kubeproxyDsrMismatch } from '../../src/core/checks/kubeproxy-dsr-mismatch.js';
import { portConflict } from '../../src/core/checks/port-conflict.js';
import { testCheck, type CheckCases } from '../helpers/check-tester.js';

/** Registers nothing: only what testCheck says about the cases before any test runs. */
const noTests = (() => undefined) as unknown as TestFn;

const invalid = [{ name: 'broken', baseline: 'healthy-ws2019' as const, patch: () => undefined, findings: [{ message: ['x'] }] }];

test('the case tester refuses malformed cases before running any', (t) => {
  const cases = (c: Partial<CheckCases>): CheckCases => ({ valid: [{ name: 'healthy', baseline: 'healthy-ws2019' }], invalid, ...c });
  t.throws(() => testCheck(noTests, portConflict, cases({ valid: [] })), { message: /no valid case/ });
  t.throws(() => testCheck(noTests, portConflict, cases({ invalid: [] })), { message: /no invalid case/ });
  t.throws(() => testCheck(noTests, portConflict, cases({ valid: [{ name: 'broken', baseline: 'healthy-ws2019' }] })), { message: /duplicate case name 'broken'/ });
  t.throws(() => testCheck(noTests, portConflict, cases({ invalid: [{ ...invalid[0]!, findings: [] }] })), { message: /expects no finding/ });
  // A case may expect "no such owner" only from a check that names its owners.
  t.throws(() => testCheck(noTests, portConflict, cases({ valid: [{ name: 'quiet', baseline: 'healthy-ws2019', expect: 'no-such-owner' }] })), { message: /declares no owners/ });
  t.notThrows(() => testCheck(noTests, kubeproxyDsrMismatch, cases({ valid: [{ name: 'quiet', baseline: 'healthy-ws2019', expect: 'no-such-owner' }] })));
});
