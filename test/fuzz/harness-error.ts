/**
 * A failure of the fuzz harness itself (making or writing a case, or a
 * checking aid such as the PowerShell grammar), as opposed to a failure of
 * wcn-doctor. The runner reports these apart, with their own exit code, so a
 * broken generator never reads as a bug in the tool.
 */
export class HarnessError extends Error {
  constructor(what: string, cause: unknown) {
    super(`the fuzz harness failed ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'HarnessError';
    if (cause instanceof Error && cause.stack) this.stack = `${this.name}: ${this.message}\n  caused by ${cause.stack}`;
  }
}

/** Runs one step of the harness; whatever it throws becomes a HarnessError saying which step. */
export function harness<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw new HarnessError(what, e);
  }
}

/** Whether an error (or the error fast-check reports) came from the harness. */
export function isHarnessError(e: unknown): boolean {
  return e instanceof HarnessError || (e instanceof Error && e.name === 'HarnessError');
}
