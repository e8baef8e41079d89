/** Reading the capture a command names, with one way of saying that it cannot be read. */
import type { IngestIssue } from '../core/capture/issues.js';
import { diagnoseFile, type Diagnosis } from '../core/diagnose.js';
import type { HostModel } from '../core/model/types.js';
import { sanitizeInline } from '../core/text/sanitize.js';
import type { Io } from './io.js';

/** Reports a capture that could not be read, path and messages made safe for a terminal. */
export function cannotRead(io: Io, path: string, issues: readonly Pick<IngestIssue, 'message'>[]): void {
  const why = issues.map((i) => sanitizeInline(i.message)).join('; ');
  io.err(`wcn-doctor: cannot read '${sanitizeInline(path)}'${why ? `: ${why}` : ''}\n`);
}

/** Diagnoses one capture; when it cannot be read, says so on stderr and returns undefined. */
export function diagnoseOrReport(path: string, io: Io, maxBytes?: number): (Diagnosis & { readonly model: HostModel }) | undefined {
  const { report, model } = diagnoseFile(path, { maxBytes });
  if (!model) {
    cannotRead(io, path, report.ingestIssues);
    return undefined;
  }
  return { report, model };
}
