/** The TUI's pure parts, tested without ink. */
import test from 'ava';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { loadKnowledge } from '../../src/core/knowledge/pages.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { looksLikeCapture } from '../../src/core/capture/folder.js';
import { findCaptures, localCaptures, sampleCaptures } from '../../src/ui/logic/captures.js';
import { osc52, planCopy } from '../../src/ui/logic/clipboard.js';
import { checkDetail, findingDetail, nodeDetail } from '../../src/ui/logic/detail.js';
import { fixCommandsText, fixViewLines } from '../../src/ui/logic/fix-view.js';
import { applyInput, editText } from '../../src/ui/logic/input.js';
import { computeLayout, LIST_SHARE } from '../../src/ui/logic/layout.js';
import { lineText, linesText } from '../../src/ui/logic/lines.js';
import { groupChecks, groupFindings, scrollToShow } from '../../src/ui/logic/lists.js';
import { markdownLines } from '../../src/ui/logic/markdown.js';
import { defaultScriptName, resolveScriptPath, UTF8_BOM, writeScript } from '../../src/ui/logic/script-file.js';
import { buildHostTree, flattenTree, initiallyFolded, walk, type TreeNode } from '../../src/ui/logic/tree.js';
import { cellWidth, truncate, wrap } from '../../src/ui/logic/width.js';
import { BROKEN, EVIL } from '../helpers/tui.js';

const broken = diagnoseFile(BROKEN);
const evil = diagnoseFile(EVIL);

// ---- width and wrapping -----------------------------------------------------------------------

test('Korean and other wide characters take two cells; combining marks none', (t) => {
  t.is(cellWidth('abc'), 3);
  t.is(cellWidth('요소를'), 6);
  t.is(cellWidth('e\u0301'), 1);
  t.is(cellWidth('✖ ▲ ℹ'), 5);
  t.is(truncate('요소를 찾을 수', 7), '요소를…');
  t.true(cellWidth(truncate('요소를 찾을 수', 7)) <= 7);
});

test('wrap keeps every line within the width, also for wide text and long words', (t) => {
  const text = 'HNS 네트워크를 만들 수 없습니다 because HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters is wrong 요소를 찾을 수 없습니다';
  for (const w of [10, 17, 33]) {
    const lines = wrap(text, w);
    for (const l of lines) t.true(cellWidth(l) <= w, `${JSON.stringify(l)} fits ${w}`);
    t.is(lines.join('').replace(/ /g, ''), text.replace(/ /g, ''), 'no text lost');
  }
});

// ---- layout -------------------------------------------------------------------------------------

test('the layout fills the terminal exactly at 80x24 and 120x40, and says when it is too small', (t) => {
  for (const size of [{ columns: 80, rows: 24 }, { columns: 120, rows: 40 }, { columns: 200, rows: 60 }]) {
    for (const share of Object.values(LIST_SHARE)) {
      const L = computeLayout(size, share);
      t.false(L.tooSmall);
      t.is(L.listWidth + L.detailWidth, size.columns);
      t.is(L.headerRows + L.bodyRows + 1, size.rows);
      t.true(L.listWidth >= 26 && L.detailWidth >= 40, `${size.columns}: ${L.listWidth}+${L.detailWidth}`);
    }
  }
  t.true(computeLayout({ columns: 120, rows: 40 }).listWidth > computeLayout({ columns: 80, rows: 24 }).listWidth, 'larger terminals give the list more room');
  t.true(computeLayout({ columns: 50, rows: 24 }).tooSmall);
  t.true(computeLayout({ columns: 80, rows: 10 }).tooSmall);
});

test('scrolling keeps the selection visible and moves the window as little as possible', (t) => {
  t.is(scrollToShow(0, 5, 10, 30), 0);
  t.is(scrollToShow(0, 12, 10, 30), 3);
  t.is(scrollToShow(3, 4, 10, 30), 3, 'inside the window: no move');
  t.is(scrollToShow(10, 2, 10, 30), 2);
  t.is(scrollToShow(25, 29, 10, 30), 20, 'never past the end');
  t.is(scrollToShow(5, 3, 10, 8), 0, 'everything fits');
});

// ---- lists -------------------------------------------------------------------------------------

test('findings are grouped by severity in report order, with a heading per severity present', (t) => {
  const { rows, items } = groupFindings(broken.report.findings);
  t.deepEqual(rows.filter((r) => r.kind === 'heading').map((r) => r.kind === 'heading' && `${r.label} ${r.count}`), ['ERRORS 4', 'WARNINGS 1']);
  t.deepEqual(items.map((f) => f.check), ['WCN101', 'WCN201', 'WCN202', 'WCN203', 'WCN301']);
  t.deepEqual(items, broken.report.findings, 'same order as the report, so indexes agree');
});

test('checks are grouped crashed, failed, not applicable, passed', (t) => {
  const results = [
    { check: 'A', knowledge: 'a', title: 'a', status: 'pass' as const },
    { check: 'B', knowledge: 'b', title: 'b', status: 'not-applicable' as const, reason: 'x' },
    { check: 'C', knowledge: 'c', title: 'c', status: 'crashed' as const, reason: 'boom' },
    { check: 'D', knowledge: 'd', title: 'd', status: 'fail' as const },
  ];
  const { rows, items } = groupChecks(results);
  t.deepEqual(items.map((r) => r.check), ['C', 'D', 'B', 'A']);
  t.deepEqual(rows.filter((r) => r.kind === 'heading').map((r) => r.kind === 'heading' && r.label), ['CRASHED', 'FAILED', 'NOT APPLICABLE', 'PASSED']);
});

// ---- host tree ---------------------------------------------------------------------------------

function findNode(root: TreeNode, pred: (n: TreeNode) => boolean): TreeNode | undefined {
  let hit: TreeNode | undefined;
  walk(root, (n) => {
    if (!hit && pred(n)) hit = n;
  });
  return hit;
}

test('the tree follows the model: vSwitch > host vNIC; owner > HNS network > docker network > containers with IPs', (t) => {
  const root = buildHostTree(broken.model!, broken.report.findings);
  const nat = findNode(root, (n) => n.kind === 'vswitch' && n.name === 'nat')!;
  t.truthy(nat);
  t.truthy(nat.children.find((c) => c.kind === 'host-vnic' && c.name === 'vEthernet (nat)' && c.note.includes('172.20.0.1/20')));
  t.true(nat.props.some(([k, v]) => k === 'HNS networks' && v === 'nat'), 'the switch names the HNS networks on it');
  const docker = root.children.find((c) => c.kind === 'group' && c.name === 'docker')!;
  t.is(docker.tag, 'owner');
  const hns = docker.children.find((c) => c.kind === 'hns-network' && c.name === 'nat')!;
  t.true(hns.props.some(([k, v]) => k === 'vSwitch' && v === 'nat'));
  const net = hns.children.find((c) => c.kind === 'docker-network')!;
  t.is(net.name, 'nat');
  const web = net.children.find((c) => c.kind === 'container')!;
  t.is(web.name, 'web');
  t.regex(web.note, /172\.20\.3\.4/);
  t.true(web.props.some(([k, v]) => k === 'HNS endpoint' && v.startsWith('E0000001')), 'the endpoint is joined to the container');
  const ext = findNode(root, (n) => n.kind === 'vswitch' && n.name === 'Lab External')!;
  t.truthy(ext.children.find((c) => c.kind === 'adapter' && c.name === 'Ethernet'), 'the physical uplink sits under its External switch');
  // HNS networks with no captured switch are still shown, under their owner.
  t.truthy(findNode(root, (n) => n.kind === 'hns-network' && n.name === 'frontend'));
});

test('every finding is marked on the objects its subjects name, and on nothing else', (t) => {
  const findings = broken.report.findings;
  const root = buildHostTree(broken.model!, findings);
  const marked = new Map<number, TreeNode[]>();
  walk(root, (n) => {
    for (const i of n.findings) marked.set(i, [...(marked.get(i) ?? []), n]);
  });
  findings.forEach((f, i) => t.true((marked.get(i) ?? []).length > 0, `${f.check} is shown somewhere`));
  const byCheck = (code: string) => (marked.get(findings.findIndex((f) => f.check === code)) ?? []).map((n) => `${n.kind}:${n.name}`).sort();
  t.deepEqual(byCheck('WCN101'), ['registry:Tcpip6\\Parameters\\DisabledComponents']);
  t.deepEqual(byCheck('WCN201'), ['winnat:LabNAT']);
  t.deepEqual(byCheck('WCN202'), ['docker-network:frontend', 'winnat:H4d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b0a']);
  t.deepEqual(byCheck('WCN203'), ['docker-network:backend']);
  t.deepEqual(byCheck('WCN301'), ['adapter:Ethernet', 'vswitch:Lab External']);
});

test('a finding that names nothing in the tree stays on the host node', (t) => {
  const f = { ...broken.report.findings[0]!, subjects: [{ kind: 'vm-adapter' as const, name: 'on the parent' }] };
  const root = buildHostTree(broken.model!, [f]);
  t.deepEqual(root.findings, [0]);
});

test('folding hides children and shows the worst severity inside', (t) => {
  const findings = broken.report.findings;
  const root = buildHostTree(broken.model!, findings);
  const all = flattenTree(root, new Set(), findings);
  const ext = findNode(root, (n) => n.name === 'Lab External' && n.kind === 'vswitch')!;
  const folded = flattenTree(root, new Set([ext.id]), findings);
  let below = -1;
  walk(ext, () => below++);
  t.is(all.length - folded.length, below, 'every node below is hidden');
  const row = folded.find((r) => r.node === ext)!;
  t.true(row.collapsed);
  t.is(row.below, 'warning');
  t.regex(all.find((r) => r.node.kind === 'container')!.guide, /[├└]─ $/);
});

test('tree labels are sanitized', (t) => {
  const root = buildHostTree(evil.model!, evil.report.findings);
  walk(root, (n) => {
    for (const text of [n.name, n.note, ...n.props.flat()]) {
      t.notRegex(text, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, `${n.id}: ${JSON.stringify(text)}`);
    }
  });
  t.truthy(findNode(root, (n) => n.kind === 'winnat' && n.name === 'LabNAT'), 'OSC 52 payload removed, the readable name kept');
});

// ---- detail text --------------------------------------------------------------------------------

test('the finding detail has the message, the objects, the fixes with risk and place, and the knowledge page', (t) => {
  const pages = loadKnowledge();
  const f = broken.report.findings.find((x) => x.check === 'WCN201')!;
  const text = linesText(findingDetail(f, pages.find((p) => p.id === f.knowledge), 60));
  t.regex(text, /✖ ERROR\s+WCN201/);
  t.regex(text, /WinNAT 'LabNAT' \(192\.168\.50\.0\/24\)/);
  t.regex(text, /Objects involved\n  • LabNAT\n    WinNAT, at \/netNat\/1 in the capture/);
  t.regex(text, /▲ DISRUPTIVE — whatever uses NAT 'LabNAT'/);
  t.regex(text, /run on the container host/);
  t.regex(text, /Get-NetNat -Name 'LabNAT' \| Remove-NetNat\s+-Confirm:\$false/);
  t.regex(text, /verify:\n\s+Get-NetNat/);
  t.regex(text, /Knowledge: Another NAT instance occupies the single WinNAT slot/);
  t.regex(text, /Cause\n/);
  for (const l of findingDetail(f, undefined, 60)) t.true(cellWidth(lineText(l)) <= 60, lineText(l));
});

test('a not-applicable check names the missing key and the command that captures it; a crash says so', (t) => {
  const na = checkDetail({ check: 'WCN201', knowledge: 'winnat-slot-taken', title: 'x', status: 'not-applicable', reason: "'netNat' was not captured", missing: ['netNat'] }, undefined, [], 70);
  t.regex(linesText(na), /– NOT APPLICABLE/);
  t.regex(linesText(na), /'netNat' is missing\. Capture it on the container host with:\n\s+Get-NetNat/);
  const crashed = checkDetail({ check: 'WCN999', knowledge: 'x', title: 'x', status: 'crashed', reason: 'the check failed on this capture: boom' }, undefined, [], 70);
  t.regex(linesText(crashed), /! CRASHED[\s\S]*boom/);
});

test('node detail lists the properties and the findings on the object', (t) => {
  const root = buildHostTree(broken.model!, broken.report.findings);
  const lab = findNode(root, (n) => n.kind === 'winnat' && n.name === 'LabNAT')!;
  const text = linesText(nodeDetail(lab, broken.report.findings, 60));
  t.regex(text, /internal prefix\s+192\.168\.50\.0\/24/);
  t.regex(text, /made by\s+someone else/);
  t.regex(text, /✖ ERROR WCN201 Another NAT holds the only WinNAT slot/);
});

test('detail text from an evil capture carries no control characters', (t) => {
  const pages = loadKnowledge();
  for (const f of evil.report.findings) {
    const text = linesText(findingDetail(f, pages.find((p) => p.id === f.knowledge), 50)) + linesText(fixViewLines(f, 0, 50).lines);
    t.notRegex(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, f.check);
  }
});

test('copied commands are the sanitized commands, one per line', (t) => {
  const f = broken.report.findings.find((x) => x.check === 'WCN201')!;
  t.is(fixCommandsText(f.fixes[0]!), "Get-NetNat -Name 'LabNAT' | Remove-NetNat -Confirm:$false\nRestart-Service -Name 'docker'");
  const e = evil.report.findings.find((x) => x.check === 'WCN201')!;
  t.notRegex(fixCommandsText(e.fixes[0]!), /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

// ---- markdown -----------------------------------------------------------------------------------

test('knowledge Markdown: lists, fenced code kept verbatim, tables aligned or listed', (t) => {
  const md = [
    'Some **bold** text with `code`.',
    '',
    '- first item',
    '  continued',
    '1. **Step.** do it',
    '',
    '```powershell',
    "Get-NetNat | Select-Object -Property 'Name'",
    '```',
    '',
    '| value | meaning |',
    '| --- | --- |',
    '| 0x20 | prefer IPv4 |',
  ].join('\n');
  const text = linesText(markdownLines(md, 60));
  t.regex(text, /^Some bold text with code\.$/m);
  t.regex(text, /^• first item continued$/m);
  t.regex(text, /^1\. Step\. do it$/m);
  t.regex(text, /^ {4}Get-NetNat \| Select-Object -Property 'Name'$/m);
  t.regex(text, /^ {2}value │ meaning/m);
  t.regex(text, /^ {2}0x20 {2}│ prefer IPv4/m);
  const narrow = linesText(markdownLines(md, 20));
  t.regex(narrow, /• 0x20 — prefer\s+IPv4/);
});

test('every knowledge page renders within the width', (t) => {
  for (const p of loadKnowledge()) {
    for (const body of Object.values(p.sections)) {
      for (const l of markdownLines(body, 70)) {
        const w = cellWidth(lineText(l));
        t.true(w <= 70, `${p.id}: ${w} cells: ${lineText(l)}`);
      }
    }
  }
});

// ---- text input -----------------------------------------------------------------------------------

test('typing and pasting into a text box: breaks become spaces, escapes are dropped, Ctrl+U and DEL apply', (t) => {
  t.is(editText('ab', 'c', {}), 'abc');
  t.is(editText('ab', '', { backspace: true }), 'a');
  t.is(editText('ab', 'x', { ctrl: true }), undefined);
  t.is(editText('', 'line one\r\nline two\ttab \u001b[31mred', {}), 'line one line two tab red');
  t.is(applyInput('old', '\u0015/tmp/x', {}), '/tmp/x');
  t.is(applyInput('abc', 'de\u007f\u007f\u007f', {}), 'ab');
});

// ---- clipboard ------------------------------------------------------------------------------------

test('OSC 52 carries the text base64-encoded; tmux gets it wrapped as well; a console terminal gets none', (t) => {
  t.is(osc52('Get-NetNat'), `\u001b]52;c;${Buffer.from('Get-NetNat').toString('base64')}\u0007`);
  t.is(planCopy('x', { TERM: 'xterm-256color' }).via, 'osc52');
  const tm = planCopy('x', { TERM: 'screen', TMUX: '/tmp/tmux-1/default,1,0' });
  t.is(tm.via, 'osc52-tmux');
  t.true(tm.sequence.includes('\u001bPtmux;\u001b\u001b]52;c;'));
  t.deepEqual(planCopy('x', { TERM: 'linux' }), { sequence: '', via: 'none' });
  t.is(Buffer.from(/52;c;([^\u0007]*)/.exec(osc52('요소 ✖'))![1]!, 'base64').toString('utf8'), '요소 ✖');
});

// ---- script file -----------------------------------------------------------------------------------

test('a script is written as UTF-8 with BOM, never over an existing file unless asked', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-script-'));
  const path = join(dir, 'fix.ps1');
  const first = writeScript(path, "Write-Host '네트워크'\r\n", { overwrite: false });
  t.is(first.kind, 'written');
  const bytes = readFileSync(path);
  t.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  t.is(bytes.subarray(3).toString('utf8'), "Write-Host '네트워크'\r\n");
  t.is(first.kind === 'written' && first.bytes, bytes.length);

  const again = writeScript(path, 'other', { overwrite: false });
  t.deepEqual(again, { kind: 'exists', path });
  t.is(readFileSync(path, 'utf8'), `${UTF8_BOM}Write-Host '네트워크'\r\n`, 'untouched');

  t.is(writeScript(path, 'replaced', { overwrite: true }).kind, 'written');
  t.is(readFileSync(path, 'utf8'), `${UTF8_BOM}replaced`);

  const folder = writeScript(dir, 'x', { overwrite: true });
  t.is(folder.kind, 'error');
  t.regex(folder.kind === 'error' ? folder.message : '', /folder/);
  const missing = writeScript(join(dir, 'no', 'such', 'x.ps1'), 'x', { overwrite: false });
  t.deepEqual(missing, { kind: 'error', path: join(dir, 'no', 'such', 'x.ps1'), message: 'the folder does not exist' });
});

test('default script names are safe file names; relative paths resolve against the working folder', (t) => {
  t.is(defaultScriptName('CONTOSO-CH01'), 'remediation-CONTOSO-CH01.ps1');
  t.is(defaultScriptName('EVIL\u001b]0;x\u0007/../HOST', '-WCN201-fix1'), 'remediation-EVIL-0-x-HOST-WCN201-fix1.ps1');
  t.is(defaultScriptName(null), 'remediation.ps1');
  t.is(resolveScriptPath(' out/a.ps1 ', '/work/x'), '/work/x/out/a.ps1');
  t.is(resolveScriptPath('/abs/a.ps1', '/work/x'), '/abs/a.ps1');
});

// ---- capture discovery -------------------------------------------------------------------------------

test('the picker lists the bundled samples with demo first', (t) => {
  const samples = sampleCaptures(SNAPSHOTS_DIR);
  t.is(samples[0]?.label, 'demo');
  t.true(samples.some((s) => s.label.startsWith('healthy-')));
  t.false(samples.some((s) => s.label === 'capture.schema'), 'the JSON schema is not a capture');
});

test('captures in the current folder: capture files, folders of key files, and the folder itself', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-pick-'));
  copyFileSync(BROKEN, join(dir, 'host1.json'));
  writeFileSync(join(dir, 'package.json'), '{"name": "x", "version": "1.0.0"}');
  writeFileSync(join(dir, 'notes.json'), '{"vmSwitches": "mentioned once"}');
  mkdirSync(join(dir, 'host2'));
  writeFileSync(join(dir, 'host2', 'vmSwitches.json'), '[]');
  writeFileSync(join(dir, 'host2', 'netNat.json'), '[]');
  mkdirSync(join(dir, 'empty'));
  // UTF-16 LE with BOM, as Windows PowerShell 5.1 writes with '>'.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ vmSwitches: [], netNat: [] }), 'utf16le')]);
  writeFileSync(join(dir, 'from-ps51.json'), utf16);
  const labels = localCaptures(dir).map((e) => `${e.label} ${e.form}`);
  t.deepEqual(labels, ['from-ps51.json file', 'host1.json file', 'host2/ folder']);

  writeFileSync(join(dir, 'netNat.json'), '[]');
  t.regex(localCaptures(dir)[0]!.label, /^\. \(this folder/);
  t.true(looksLikeCapture('{"format": "wcn-capture"}'));
  t.false(looksLikeCapture('{"$schema": "x", "properties": {"vmSwitches": {}, "netNat": {}}}'));

  const all = findCaptures(SNAPSHOTS_DIR, dir);
  t.is(all[0]?.label, 'demo');
  t.is(all.filter((e) => e.origin === 'here').length, 4);
});

test('services and switch extensions start folded unless a finding is inside', (t) => {
  const root = buildHostTree(broken.model!, broken.report.findings);
  const folded = initiallyFolded(root);
  const services = root.children.find((n) => n.name === 'services')!;
  t.true(folded.has(services.id));
  t.regex(services.note, /6 of 6 running/);
  const exts = findNode(root, (n) => n.name === 'extensions')!;
  t.true(folded.has(exts.id));
  // A finding on an extension keeps its group open.
  const ext = exts.children[0]!;
  const f = { ...broken.report.findings[0]!, subjects: [ext.subjects[0]!] };
  const root2 = buildHostTree(broken.model!, [f]);
  const exts2 = findNode(root2, (n) => n.id === exts.id)!;
  t.false(initiallyFolded(root2).has(exts2.id));
});
