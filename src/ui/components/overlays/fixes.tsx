import { Box, Text } from 'ink';
import type { Finding } from '../../../core/checks/types.js';
import { fixCommandsText, fixViewLines } from '../../logic/fix-view.js';
import type { Layout } from '../../logic/layout.js';
import { plural } from '../../logic/lists.js';
import type { Overlay } from '../../logic/state.js';
import { toneColor, useTheme } from '../../theme.js';
import { StyledLine } from '../line.js';
import { Pane } from '../pane.js';

/** The fixes of one finding, or (plain) the commands of one fix flush left for selecting with the mouse. */
export function FixesOverlay({ top, finding, L }: { top: Extract<Overlay, { kind: 'fixes' }>; finding: Finding; L: Layout }) {
  const theme = useTheme();
  const fix = finding.fixes[top.fix];
  if (fix && top.plain) {
    return (
      <Box flexDirection="column" width={L.columns} height={L.bodyRows} overflow="hidden">
        {top.note ? <Text wrap="wrap" bold color={toneColor(theme, top.note.tone)}>{top.note.text}</Text> : <Text dimColor wrap="wrap">{`The commands of fix ${top.fix + 1}, flush left for selecting with the mouse. Esc returns.`}</Text>}
        <Text> </Text>
        {fixCommandsText(fix).split('\n').map((c, i) => (
          <Text key={i} wrap="wrap">{c}</Text>
        ))}
      </Box>
    );
  }
  const { lines } = fixViewLines(finding, top.fix, L.fullInner);
  const rows = top.note ? L.innerRows - 1 : L.innerRows;
  return (
    <Pane title={`Fixes · ${finding.check} · ${plural(finding.fixes.length, 'fix', 'fixes')}`} right={`${top.fix + 1}/${finding.fixes.length}`} width={L.columns} height={L.bodyRows} focused padX={1}>
      <Box flexDirection="column" height={rows} overflow="hidden">
        {lines.slice(top.scroll, top.scroll + rows).map((l, i) => (
          <StyledLine key={i} line={l} width={L.fullInner} />
        ))}
      </Box>
      {top.note ? <Text wrap="truncate-end" bold color={toneColor(theme, top.note.tone)}>{top.note.text}</Text> : null}
    </Pane>
  );
}
