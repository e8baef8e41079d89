/**
 * The header's second line after the counts: what drives the containers,
 * then when the capture was taken, fitted to the room left. The runtime
 * comes first (it decides which checks and fixes apply); the time shrinks
 * to its date, then goes, before the runtime loses words. Pure; sanitized.
 */
import type { HostReport } from '../../core/diagnose.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import { cellWidth, truncate } from './width.js';

/** `2024-05-14T09:32:11.0000000+09:00` → `2024-05-14 09:32 +09:00`; anything else as given. */
function formatCapturedAt(text: string | null): string {
  if (!text) return 'capture time unknown';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return sanitizeInline(text);
  return `${m[1]} ${m[2]}${m[3] ? ` ${m[3] === 'Z' ? 'UTC' : m[3]}` : ''}`;
}

/** The capture's date alone, when the text has one. */
function capturedDate(text: string | null): string | undefined {
  return text ? /^(\d{4}-\d{2}-\d{2})/.exec(text.trim())?.[1] : undefined;
}

/** `· <runtime>  · captured <when>` in at most `room` cells. */
export function runtimeAndTime(host: HostReport['host'], room: number): string {
  const full = `captured ${formatCapturedAt(host.capturedAt)}`;
  const date = capturedDate(host.capturedAt);
  const times = [full, ...(date ? [`captured ${date}`] : []), ''];
  const runtimes = host.runtime ? [sanitizeInline(host.runtime.text), sanitizeInline(host.runtime.short)] : [''];
  for (const rt of runtimes) {
    for (const when of times) {
      const text = [rt, when].filter(Boolean).map((x) => `· ${x}`).join('  ');
      if (cellWidth(text) <= room) return text;
    }
  }
  const last = runtimes[runtimes.length - 1]!;
  return truncate(last ? `· ${last}` : `· ${full}`, Math.max(0, room));
}
