/** The TUI as components, through ink-testing-library, at 80 and 120 columns. */
import test from 'ava';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS } from '../../src/core/checks/index.js';
import type { Check } from '../../src/core/checks/types.js';
import { diagnoseModel } from '../../src/core/diagnose.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { sampleCaptures, type CaptureEntry } from '../../src/ui/logic/captures.js';
import { cellWidth } from '../../src/ui/logic/width.js';
import { modelOf } from '../helpers/captures.js';
import { BROKEN, EVIL, renderTui, type TuiHarness } from '../helpers/tui.js';

const SIZES = [{ columns: 80, rows: 24 }, { columns: 120, rows: 40 }] as const;

function assertFits(t: { true(v: boolean, m?: string): void; is(a: unknown, b: unknown, m?: string): void }, h: TuiHarness, size: { columns: number; rows: number }) {
  const lines = h.lines();
  t.is(lines.length, size.rows, 'the frame is exactly as tall as the terminal');
  for (const l of lines) t.true(cellWidth(l) <= size.columns, `${cellWidth(l)} > ${size.columns}: ${l}`);
}

for (const size of SIZES) {
  const at = `${size.columns}x${size.rows}`;

  test(`${at}: header, findings grouped with glyphs and words, detail of the first finding, key bar`, async (t) => {
    const h = await renderTui({ capture: BROKEN }, size);
    const f = h.frame();
    assertFits(t, h, size);
    const [l1, l2, l3, l4] = h.lines();
    t.regex(l1!, /CONTOSO-CH01 · Windows Server 2016 Datacenter, build 14393\.2273 · (VM|virtual machine) \(hyper-v\)/);
    // The runtime follows the counts; at 80 columns the capture time keeps only its date.
    t.regex(l2!, size.columns === 80
      ? /✖ 4 errors {2}▲ 1 warning {2}ℹ 0 info {2}· docker 18\.09\.2 {2}· captured 2024-05-14$/
      : /✖ 4 errors {2}▲ 1 warning {2}ℹ 0 info {2}· docker 18\.09\.2 {2}· captured 2024-05-14 09:32 \+09:00/);
    t.regex(l3!, /^ Most likely: NAT network outside the WinNAT prefix — WCN202/, 'the header opens with the most likely cause');
    t.regex(l4!, new RegExp(`1 Findings 5 {2,}2 Host {2,}3 Checks ${CHECKS.length}`));
    t.regex(f, /✖ ERRORS \(4\)/);
    t.regex(f, /▲ WARNINGS \(1\)/);
    t.regex(f, /› ✖ WCN101 IPv6 is disabled/);
    t.regex(f, /▶ Findings \(5\)/, 'the focused pane is marked without colour');
    t.regex(f, /✖ ERROR {2}WCN101 {2}ipv6-disabled/);
    t.regex(h.lines()[size.rows - 1]!, /↑↓ move {2}Enter fixes {2}Tab detail .*\? help {2}q quit/);
    h.unmount();
  });

  test(`${at}: arrows and j/k move the selection; Tab moves focus to the detail, which scrolls`, async (t) => {
    const h = await renderTui({ capture: BROKEN }, size);
    await h.press('down');
    await h.waitFor(/› ✖ WCN201/);
    t.regex(h.frame(), /WinNAT 'LabNAT' \(192\.168\.50\.0\/24\)/);
    await h.press('j');
    await h.waitFor(/› ✖ WCN202/);
    await h.press('k');
    await h.waitFor(/› ✖ WCN201/);
    await h.press('G');
    await h.waitFor(/› ▲ WCN301/);
    await h.press('tab');
    await h.waitFor(/▶ WCN301 · oob-vswitch-/);
    t.notRegex(h.frame(), /▶ Findings/);
    t.regex(h.lines()[5]!, /^│✖ ERRORS \(4\)/, 'moving the focus re-draws the borders without shifting the content');
    t.regex(h.lines()[5]!, /┃ ▲ WARNING {2}WCN301/);
    t.regex(h.lines()[size.rows - 1]!, /↑↓ scroll/);
    const before = h.frame();
    await h.press('pageDown');
    await h.waitFor((/↑↓? \d+-\d+\/\d+|↑ {2}\d+-\d+\/\d+/));
    t.not(h.frame(), before);
    await h.press('esc');
    await h.waitFor(/▶ Findings/);
    assertFits(t, h, size);
    h.unmount();
  });

  test(`${at}: the host view draws the tree with findings on their objects; Enter opens the finding`, async (t) => {
    const h = await renderTui({ capture: BROKEN }, size);
    await h.press('2');
    await h.waitFor(/▶ Host CONTOSO/);
    const f = h.frame();
    t.regex(f, /vSwitch nat/);
    t.regex(f, /├─ .*vNIC vEthernet \(nat\)/);
    t.regex(f, /reg Tcpip6\\Parameters.*✖/, 'the registry value carries the IPv6 finding');
    assertFits(t, h, size);
    // Walk down to the stray WinNAT.
    for (let i = 0; i < 40 && !/›.*WinNAT LabNAT/.test(h.frame()); i++) await h.press('down');
    t.regex(h.frame(), /›.*WinNAT LabNAT.*✖/);
    t.regex(h.frame(), /made by +someone else/);
    t.regex(h.frame(), /Findings on this object \(1\)/);
    await h.press('enter');
    await h.waitFor(/› ✖ WCN201/);
    t.regex(h.frame(), /▶ Findings \(5\)/);
    h.unmount();
  });

  test(`${at}: search ranks knowledge entries and likely causes on this host; Enter reads the page; f shows the finding`, async (t) => {
    const h = await renderTui({ capture: BROKEN }, size);
    await h.press('/');
    await h.waitFor('Search the knowledge base, and this host');
    await h.type('Element not found 0x80070490');
    await h.waitFor('Likely causes on CONTOSO-CH01');
    t.regex(h.frame(), /› +\d+% ipv6-disabled .*✖ on this host/);
    t.regex(h.flat(), /this host shows it.*DisabledComponents is 0xFF/);
    assertFits(t, h, size);
    await h.press('enter');
    await h.waitFor('Knowledge: ipv6-disabled');
    t.regex(h.frame(), /IPv6 is disabled on the container host/);
    t.regex(h.frame(), /컨테이너 호스트에서 IPv6가 비활성화됨/);
    assertFits(t, h, size);
    await h.press('esc');
    await h.waitFor('Likely causes on CONTOSO-CH01');
    await h.press('enter');
    await h.waitFor('Knowledge: ipv6-disabled');
    await h.press('f');
    await h.waitFor(/› ✖ WCN101/);
    h.unmount();
  });

  test(`${at}: the help overlay lists the keys from the key table and closes with Esc`, async (t) => {
    const h = await renderTui({ capture: BROKEN }, size);
    await h.press('?');
    await h.waitFor('▶ Keys');
    t.regex(h.frame(), /Moving around/);
    t.regex(h.frame(), /↑ k +Select the previous item/);
    assertFits(t, h, size);
    await h.press('esc');
    await h.waitFor(/▶ Findings/);
    h.unmount();
  });

  test(`${at}: the fix view shows risk and place; c copies through OSC 52 and shows the commands plainly`, async (t) => {
    const h = await renderTui({ capture: BROKEN }, size);
    await h.press('G');
    await h.waitFor(/› ▲ WCN301/);
    await h.press('enter');
    await h.waitFor('Fixes · WCN301 · 2 fixes');
    t.regex(h.frame(), /›1\. Restart HNS and Docker/);
    t.regex(h.frame(), /▲ DISRUPTIVE — all container networking on the host/);
    t.regex(h.frame(), /run on the container host/);
    assertFits(t, h, size);
    await h.press('down');
    await h.waitFor(/›2\. Remove vSwitch 'Lab External'/);
    await h.press('c');
    await h.waitFor(/Sent 2 commands to the clipboard \(OSC 52\)/);
    const expected = "Get-VMNetworkAdapter -All | Where-Object -Property 'SwitchName' -EQ -Value 'Lab External'\nRemove-VMSwitch -Name 'Lab External' -Force";
    t.is(h.raw.length, 1);
    t.is(h.raw[0], `\u001b]52;c;${Buffer.from(expected).toString('base64')}\u0007`);
    t.true(h.lines().includes("Remove-VMSwitch -Name 'Lab External' -Force"), 'flush left, for selecting with the mouse');
    await h.press('esc');
    await h.waitFor('Fixes · WCN301');
    await h.press('esc');
    await h.waitFor(/▶ Findings/);
    h.unmount();
  });
}

test('without a clipboard sequence (a console terminal) the commands are shown to select', async (t) => {
  const h = await renderTui({ capture: BROKEN, env: { TERM: 'linux' } });
  await h.press('down');
  await h.press('enter');
  await h.waitFor('Fixes · WCN201');
  await h.press('c');
  await h.waitFor('cannot take a clipboard sequence');
  t.deepEqual(h.raw, []);
  t.true(h.lines().includes("Get-NetNat -Name 'LabNAT' | Remove-NetNat -Confirm:$false"));
  h.unmount();
});

test('a script is written where the user says, UTF-8 with BOM; an existing file is replaced only after y', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-tui-script-'));
  const h = await renderTui({ capture: BROKEN, cwd: dir });
  await h.press('down');
  await h.press('enter');
  await h.waitFor('Fixes · WCN201');
  await h.press('w');
  await h.waitFor('Write a remediation script');
  t.regex(h.frame(), /Path: remediation-CONTOSO-CH01-WCN201-fix1\.ps1/);
  t.regex(h.frame(), /fix 1 of WCN201: Remove WinNAT 'LabNAT'/);
  await h.press('ctrlU');
  await h.type('out.ps1');
  await h.waitFor('Path: out.ps1');
  await h.press('enter');
  await h.waitFor(/✔ Wrote [\d,]+ bytes to .*out\.ps1/);
  const path = join(dir, 'out.ps1');
  const first = readFileSync(path);
  t.deepEqual([...first.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = first.subarray(3).toString('utf8');
  t.regex(text, /Get-NetNat -Name 'LabNAT' \| Remove-NetNat -Confirm:\$false/);
  t.regex(text, /2024-01-01T00:00:00\.000Z/);
  t.notRegex(text, /DisabledComponents/, 'only the chosen fix');

  // Again, to the same path: asks, keeps the file on n, replaces it on y.
  writeFileSync(path, 'keep me');
  await h.press('w');
  await h.waitFor('Write a remediation script');
  await h.press('ctrlU');
  await h.type('out.ps1');
  await h.press('enter');
  await h.waitFor('already exists. Overwrite it?');
  await h.press('n');
  await h.waitFor(/Path: out\.ps1/);
  t.notRegex(h.frame(), /already exists/);
  t.is(readFileSync(path, 'utf8'), 'keep me');
  await h.press('enter');
  await h.waitFor('already exists. Overwrite it?');
  await h.press('y');
  await h.waitFor(/✔ Wrote/);
  t.regex(readFileSync(path, 'utf8'), /Remove-NetNat/);
  h.unmount();
});

test('w in the findings list writes one script for all findings', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-tui-all-'));
  const h = await renderTui({ capture: BROKEN, cwd: dir }, { columns: 120, rows: 40 });
  await h.press('w');
  await h.waitFor('Write a remediation script');
  t.regex(h.frame(), /the first fix of each finding: 5 steps on the container host \(5 disruptive/);
  await h.press('enter');
  await h.waitFor(/✔ Wrote/);
  const text = readFileSync(join(dir, 'remediation-CONTOSO-CH01.ps1'), 'utf8');
  for (const s of ['DisabledComponents', 'Remove-NetNat', "docker network rm 'frontend'", "docker network rm 'backend'", "Restart-Service -Name 'hns'"]) t.true(text.includes(s), s);
  h.unmount();
});

test('a failed write says why and keeps the prompt open', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-tui-err-'));
  const h = await renderTui({ capture: BROKEN, cwd: dir });
  await h.press('w');
  await h.press('ctrlU');
  await h.type('missing/folder/x.ps1');
  await h.press('enter');
  await h.waitFor(/✖ Could not write .*x\.ps1: the folder does not exist/);
  t.regex(h.frame(), /Write a remediation script/);
  t.false(existsSync(join(dir, 'missing')));
  h.unmount();
});

test('checks view: crashed, failed, not applicable (with the command that captures the key), passed', async (t) => {
  const raw = JSON.parse(readFileSync(BROKEN, 'utf8'));
  delete raw.netNat;
  raw.tcpip6 = {};
  const { model, issues } = modelOf(raw, 'partial.json');
  const boom: Check = {
    meta: { code: 'WCN999', knowledge: 'stale-hns-state', title: 'A check that crashes', severity: 'error', requires: [], description: 'Throws.' },
    run() {
      throw new Error('boom on purpose');
    },
  };
  const report = diagnoseModel(model, issues, [...CHECKS, boom]);
  const count = (status: string) => report.checks.filter((c) => c.status === status).length;
  t.is(count('crashed'), 1);
  t.true(count('fail') > 0 && count('not-applicable') > 0 && count('pass') > 0);
  const h = await renderTui({ initial: { report, model } }, { columns: 120, rows: 40 });
  await h.press('3');
  await h.waitFor(`▶ Checks (${CHECKS.length + 1})`);
  const f = h.frame();
  t.regex(f, /! CRASHED \(1\)/);
  t.regex(f, new RegExp(`✖ FAILED \\(${count('fail')}\\)`));
  for (let i = 0; i < 60 && !/– NOT APPLICABLE/.test(h.frame()); i++) await h.press('pageDown');
  t.regex(h.frame(), new RegExp(`– NOT APPLICABLE \\(${count('not-applicable')}\\)`));
  await h.press('g');
  await h.waitFor(/› ! crashed WCN999/);
  t.regex(h.frame(), /boom on purpose/);
  for (let i = 0; i < 60 && !/› – n\/a +WCN201/.test(h.frame()); i++) await h.press('down');
  t.regex(h.frame(), /'netNat' is missing\. Capture it on the container host with:/);
  t.regex(h.frame(), /Get-NetNat/);
  await h.press('enter');
  await h.waitFor('WCN201 has no findings (not applicable');
  h.unmount();
});

test('text from the capture is stripped of escapes, CR, backspace and bidi controls in every view', async (t) => {
  for (const size of SIZES) {
    const h = await renderTui({ capture: EVIL }, size);
    const frames: string[] = [];
    const visit = async (keys: string[]) => {
      for (const k of keys) {
        await h.press(k);
        frames.push(h.rawFrame());
      }
    };
    frames.push(h.rawFrame());
    await visit(['down', 'tab', 'pageDown', 'pageDown', 'tab', 'enter', 'c', 'esc', 'esc']);
    await visit(['2', ...Array(12).fill('down'), 'G']);
    await visit(['3', 'down', 'down', '/']);
    await h.type('LabNAT');
    frames.push(h.rawFrame());
    for (const f of frames) {
      t.notRegex(f, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    const all = frames.join('\n');
    t.regex(all, /EVILHOST/);
    t.regex(all, /LabRED Switch/);
    t.regex(all, /WinNAT 'LabNAT'/);
    t.notRegex(all, /pwned/);
    h.unmount();
  }
});

test('the layout follows a resize of the terminal', async (t) => {
  const h = await renderTui({ capture: BROKEN }, 'terminal');
  const out = h.stdout as unknown as { columns: number; rows: number; emit(e: string): void };
  Object.defineProperty(out, 'columns', { value: 120, configurable: true, writable: true });
  Object.defineProperty(out, 'rows', { value: 40, configurable: true, writable: true });
  out.emit('resize');
  await h.waitFor(() => h.lines().length === 40);
  t.is(h.lines().length, 40);
  t.true(h.lines().some((l) => cellWidth(l) === 120));
  out.columns = 80;
  out.rows = 24;
  out.emit('resize');
  await h.waitFor(() => h.lines().length === 24);
  for (const l of h.lines()) t.true(cellWidth(l) <= 80);
  h.unmount();
});

test('a terminal below the minimum size says so instead of drawing a broken screen', async (t) => {
  const h = await renderTui({ capture: BROKEN }, { columns: 50, rows: 12 });
  t.regex(h.flat(), /needs at least 60×16; this terminal is 50×12/);
  h.unmount();
});

test('the picker offers the bundled samples, demo first; Enter opens one; o returns to the picker', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-tui-pick-'));
  writeFileSync(join(dir, 'broken.json'), '{"format": "wcn-capture", "os": ');
  const entries: CaptureEntry[] = [...sampleCaptures(SNAPSHOTS_DIR), { label: 'broken.json', path: join(dir, 'broken.json'), origin: 'here', form: 'file', note: '1 KiB' }];
  const h = await renderTui({ listCaptures: () => entries, cwd: dir }, { columns: 100, rows: 30 });
  t.regex(h.frame(), /Bundled sample captures/);
  t.regex(h.frame(), /› demo/);
  t.regex(h.frame(), new RegExp(`Captures in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await h.press('G');
  await h.waitFor(/› broken\.json/);
  await h.press('enter');
  await h.waitFor(/✖ Cannot open broken\.json: not valid JSON/);
  await h.press('g');
  await h.waitFor(/› demo/);
  await h.press('enter');
  await h.waitFor('CTR-LAB-07');
  t.regex(h.frame(), /▶ Findings/);
  await h.press('o');
  await h.waitFor('Bundled sample captures');
  h.unmount();
});

test('search works from the picker too, without a host', async (t) => {
  const h = await renderTui({ listCaptures: () => [] });
  t.regex(h.frame(), /No captures found/);
  await h.press('/');
  await h.type('The parameter is incorrect');
  await h.waitFor('Matching knowledge entries');
  t.notRegex(h.frame(), /Likely causes/);
  t.regex(h.frame(), /winnat-slot-taken/);
  h.unmount();
});

test('keys typed faster than they are read (one chunk) each count', async (t) => {
  const h = await renderTui({ capture: BROKEN });
  await h.press('jjj');
  await h.waitFor(/› ✖ WCN203/);
  await h.press('k\r');
  await h.waitFor('Fixes · WCN202');
  t.pass();
  h.unmount();
});

test('d draws the host next to the capture, as SVG; a second drawing takes the next free name', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-tui-draw-'));
  const capture = join(dir, 'site a.json');
  writeFileSync(capture, readFileSync(BROKEN));
  const h = await renderTui({ capture, cwd: dir }, { columns: 120, rows: 40 });
  t.regex(h.frame(), /d draw/, 'the key bar offers it');
  await h.press('d');
  await h.waitFor(/✔ Drew the host: .*site a\.svg/);
  const svg = readFileSync(join(dir, 'site a.svg'), 'utf8');
  t.regex(svg, /^<\?xml[\s\S]*<svg [\s\S]*Legend[\s\S]*<\/svg>\s*$/);
  t.regex(svg, /WCN201/, 'findings are marked');
  await h.press('2');
  await h.press('d');
  await h.waitFor(/✔ Drew the host: .*site a-2\.svg/);
  t.is(readFileSync(join(dir, 'site a.svg'), 'utf8'), svg, 'the first drawing is kept');
  await h.press('?');
  await h.waitFor('▶ Keys');
  await h.press('G');
  await h.waitFor('Draw the host (SVG, for a browser) into a file next to the capture');
  h.unmount();
});

test('pasting the failing command into / shows the simulated verdict first', async (t) => {
  const size = { columns: 100, rows: 30 };
  const h = await renderTui({ capture: join(SNAPSHOTS_DIR, 'cases', 'winnat-slot-taken', 'broken.json') }, size);
  t.regex(h.lines()[2]!, /Most likely: Another NAT holds the only WinNAT slot — WCN201/);
  await h.press('/');
  await h.waitFor('Search the knowledge base, and this host');
  await h.type('docker network create -d nat --subnet 10.1.0.0/24 mynat');
  await h.waitFor('This command fails here');
  t.regex(h.frame(), /› +98% winnat-slot-taken/);
  t.regex(h.flat(), /This command fails here because .*LabNAT/);
  assertFits(t, h, size);
  h.unmount();
});
