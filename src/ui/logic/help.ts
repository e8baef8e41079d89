/** The `?` overlay, written from the key table. Pure. */
import { helpSections } from '../keys.js';
import { LineBuilder, seg, type Line } from './lines.js';
import { cellWidth } from './width.js';

export function helpLines(width: number): Line[] {
  const b = new LineBuilder(width);
  b.para('Marks: ✖ error · ▲ warning · ℹ info — checks: ✔ pass · ✖ fail · – not applicable · ! crashed — ▶ marks the focused pane, › the selection. Colour only repeats what the marks say.', { dim: true });
  const sections = helpSections();
  const keyWidth = Math.min(18, Math.max(...sections.flatMap((s) => s.entries.map((e) => cellWidth(e.keys)))) + 2);
  for (const s of sections) {
    b.heading(s.section);
    for (const e of s.entries) {
      const keys = e.keys.length > keyWidth - 2 ? e.keys : e.keys.padEnd(keyWidth);
      b.para(e.help, {}, { prefix: [seg('  '), seg(keys, { bold: true, tone: 'accent' }), seg(keys.length > keyWidth - 2 ? ' ' : '')], indent: keyWidth + 2 });
    }
  }
  return b.lines;
}
