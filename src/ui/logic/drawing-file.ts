/**
 * The TUI's `d`: the drawing of the host (the same SVG as `wcn-doctor
 * topology --format svg`) written next to the capture, as `<capture>.svg`.
 * An existing file is never replaced: the next free name is taken
 * (`<capture>-2.svg`, ...), each with an exclusive create.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HostReport } from '../../core/diagnose.js';
import type { HostModel } from '../../core/model/types.js';
import type { WriteOutcome } from './script-file.js';

/** The names tried for the drawing of `source` (a capture file or folder), in order. */
function drawingPaths(source: string, tries = 20): string[] {
  const base = basename(source.replace(/[\\/]+$/, '')).replace(/\.json$/i, '') || 'capture';
  const dir = dirname(source.replace(/[\\/]+$/, ''));
  return Array.from({ length: tries }, (_, i) => join(dir, `${base}${i === 0 ? '' : `-${i + 1}`}.svg`));
}

export async function writeDrawing(model: HostModel, report: HostReport): Promise<WriteOutcome> {
  const [{ buildTopology }, { renderSvg }] = await Promise.all([import('../../core/report/topology.js'), import('../../core/report/svg.js')]);
  const svg = await renderSvg(buildTopology(model, report.findings));
  const paths = drawingPaths(report.source);
  for (const path of paths) {
    try {
      writeFileSync(path, svg, { flag: 'wx' });
      return { kind: 'written', path, bytes: Buffer.byteLength(svg) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      return { kind: 'error', path, message: code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'the folder cannot be written to' : (code ?? String(e)) };
    }
  }
  return { kind: 'error', path: paths[paths.length - 1]!, message: `${paths.length} drawings are there already; remove some` };
}
