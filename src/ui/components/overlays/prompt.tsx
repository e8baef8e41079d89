import { Text } from 'ink';
import type { HostReport } from '../../../core/diagnose.js';
import { scopeSummary } from '../../logic/fix-view.js';
import type { Layout } from '../../logic/layout.js';
import { LineBuilder, seg } from '../../logic/lines.js';
import { resolveScriptPath } from '../../logic/script-file.js';
import type { PromptOverlay } from '../../logic/state.js';
import { truncateStart } from '../../logic/views.js';
import { StyledLine } from '../line.js';
import { Pane } from '../pane.js';

/** Where to write a remediation script, and whether to replace an existing file. */
export function ScriptPrompt({ top, report, cwd, L }: { top: PromptOverlay; report: HostReport; cwd: string; L: Layout }) {
  const resolved = resolveScriptPath(top.path, cwd);
  const b = new LineBuilder(L.fullInner);
  b.para(`The script will hold ${scopeSummary(report, top.scope)}.`);
  b.para('It is UTF-8 with a byte order mark (Windows PowerShell 5.1 reads non-ASCII names right) and supports -WhatIf and -Confirm; disruptive steps ask again unless -Force is given.', { dim: true });
  b.blank();
  const after = new LineBuilder(L.fullInner);
  after.para(`→ ${resolved}`, { dim: true });
  if (top.error) {
    after.blank();
    after.para(top.error, { tone: 'error', bold: true }, { prefix: [seg('✖ ', { tone: 'error', bold: true })] });
  }
  if (top.confirm) {
    after.blank();
    after.para(`${resolved} already exists. Overwrite it?  y = overwrite  ·  n or Esc = keep it and change the path`, { tone: 'warning', bold: true }, { prefix: [seg('▲ ', { tone: 'warning', bold: true })] });
  }
  return (
    <Pane title="Write a remediation script" width={L.columns} height={L.bodyRows} focused padX={1}>
      {b.lines.map((l, i) => <StyledLine key={`p${i}`} line={l} width={L.fullInner} />)}
      <Text wrap="truncate-end">
        <Text bold>{'Path: '}</Text>
        <Text>{truncateStart(top.path, L.fullInner - 8)}</Text>
        {top.confirm ? null : <Text inverse> </Text>}
      </Text>
      {after.lines.map((l, i) => <StyledLine key={`a${i}`} line={l} width={L.fullInner} />)}
    </Pane>
  );
}
