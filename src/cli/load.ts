/** Reading the capture a command names, with one way of saying that it cannot be read. */
import { statSync } from 'node:fs';
import { readingOfFolder } from '../core/capture/folder.js';
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

/**
 * The captures a list of names stands for: a folder of whole captures (a
 * download folder) stands for each of them, a folder of key files for
 * itself. When a folder holds both, the user is told how it was read.
 */
export function capturesNamed(paths: readonly string[], io: Io): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      // Not there: the loader says so in the report.
    }
    if (!folder) {
      out.push(path);
      continue;
    }
    const reading = readingOfFolder(path);
    if (reading.note) io.err(`wcn-doctor: note: ${sanitizeInline(reading.note)}\n`);
    out.push(...reading.paths);
  }
  return out;
}
