/** Every command a finding offers must parse in a real PowerShell grammar. */
import type { ExecutionContext } from 'ava';
import type { Finding } from '../../src/core/checks/types.js';
import { syntaxErrors } from './powershell-grammar.js';

export function assertFixCommandsParse(t: ExecutionContext, findings: readonly Finding[]): void {
  for (const f of findings) {
    for (const fix of f.fixes) {
      for (const cmd of [...fix.commands, fix.verify]) {
        const errors = syntaxErrors(cmd);
        t.deepEqual(errors, [], `does not parse: ${cmd}`);
      }
    }
  }
}
