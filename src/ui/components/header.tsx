import { Box, Text } from 'ink';
import type { HostReport } from '../../core/diagnose.js';
import { sanitizeInline } from '../../core/text/sanitize.js';
import { SEVERITY_MARK } from '../../core/report/style.js';
import type { View } from '../logic/state.js';
import { mostLikelyLine } from '../../core/causes.js';
import { runtimeAndTime } from '../logic/header-text.js';
import { cellWidth, truncate } from '../logic/width.js';
import { toneColor, useTheme } from '../theme.js';


function machineText(r: HostReport, short = false): string {
  const h = r.host;
  if (h.virtual === true) return `${short ? 'VM' : 'virtual machine'}${h.hypervisor ? ` (${h.hypervisor})` : ''}`;
  if (h.virtual === false) return short ? 'physical' : 'physical machine';
  return short ? 'VM?' : 'machine type not captured';
}

export function Header({ report, width }: { report: HostReport; width: number }) {
  const theme = useTheme();
  const h = report.host;
  const name = truncate(sanitizeInline(h.name ?? 'unnamed host'), Math.max(8, Math.floor(width / 2)));
  const os = sanitizeInline(h.os);
  const long = ` · ${os} · ${machineText(report)}`;
  const room = Math.max(0, width - cellWidth(name) - 1);
  const line1 = truncate(cellWidth(long) <= room ? long : ` · ${os} · ${machineText(report, true)}`, room);
  const s = report.summary;
  const counts = [
    { n: s.errors, word: s.errors === 1 ? 'error' : 'errors', mark: SEVERITY_MARK.error.glyph, tone: 'error' as const },
    { n: s.warnings, word: s.warnings === 1 ? 'warning' : 'warnings', mark: SEVERITY_MARK.warning.glyph, tone: 'warning' as const },
    { n: s.infos, word: 'info', mark: SEVERITY_MARK.info.glyph, tone: 'info' as const },
  ];
  const countsWidth = counts.reduce((n, c) => n + cellWidth(`${c.mark} ${c.n} ${c.word}  `), 0);
  const cause = mostLikelyLine(report.likelyCauses);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{` ${name}`}</Text>
        <Text>{line1}</Text>
      </Text>
      <Text wrap="truncate-end">
        {' '}
        {counts.map((c, i) => (
          <Text key={i} color={c.n > 0 ? toneColor(theme, c.tone) : undefined} bold={c.n > 0} dimColor={c.n === 0}>
            {`${c.mark} ${c.n} ${c.word}  `}
          </Text>
        ))}
        <Text dimColor>{runtimeAndTime(h, Math.max(0, width - 1 - countsWidth))}</Text>
      </Text>
      <Text wrap="truncate-end" bold={cause !== undefined} dimColor={cause === undefined}>
        {` ${truncate(sanitizeInline(cause ?? 'No likely cause: no check found a problem on this host'), Math.max(0, width - 2))}`}
      </Text>
    </Box>
  );
}

export function Tabs({ view, report, width, source }: { view: View; report: HostReport; width: number; source: string }) {
  const theme = useTheme();
  const tabs: { view: View; key: string; label: string }[] = [
    { view: 'findings', key: '1', label: `Findings ${report.findings.length}` },
    { view: 'host', key: '2', label: 'Host' },
    { view: 'checks', key: '3', label: `Checks ${report.checks.length}${report.ingestIssues.length > 0 ? ' ▲' : ''}` },
  ];
  const used = tabs.reduce((n, t) => n + t.label.length + 6, 1);
  return (
    <Text wrap="truncate-end">
      {' '}
      {tabs.map((t) => {
        const active = t.view === view;
        return (
          <Text key={t.view}>
            <Text inverse={active} bold={active} color={active ? toneColor(theme, 'accent') : undefined}>{` ${t.key} ${t.label} `}</Text>
            <Text>{'  '}</Text>
          </Text>
        );
      })}
      <Text dimColor>{truncate(sanitizeInline(source), Math.max(0, width - used - 1))}</Text>
    </Text>
  );
}
