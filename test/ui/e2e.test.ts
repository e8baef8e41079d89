/**
 * End to end: the real CLI in a real pseudo-terminal, keys typed, the screen
 * read back through a terminal emulator.
 */
import test, { type ExecutionContext } from 'ava';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInPty, terminalEnv, type PtySession } from '../helpers/pty.js';
import { BROKEN, EVIL } from '../helpers/tui.js';

const DOWN = '\u001b[B';
const ENTER = '\r';
const ESC = '\u001b';

/** Starts a session that is killed when the test ends, whatever happened. */
function start(t: ExecutionContext, args: string[], opts: { cols: number; rows: number; env?: NodeJS.ProcessEnv; cwd?: string }): PtySession {
  const s = startInPty(args, opts);
  t.teardown(() => s.kill());
  return s;
}

// Sequences that move the cursor, clear or recolour never appear between our frames' text: the
// alternate screen is entered first and left last.
const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';

test('80x24: open a capture, move, open fixes, search, help, switch views, quit; the terminal is restored', async (t) => {
  const s = start(t, [BROKEN], { cols: 80, rows: 24 });
  await s.waitFor('CONTOSO-CH01');
  await s.waitFor(/› ✖ WCN101/);
  const first = s.lines();
  t.regex(first[0]!, /^ CONTOSO-CH01 · Windows Server 2016 Datacenter/);
  t.regex(first[23]!, /q quit/);
  t.true(first.every((l) => l.length <= 80));

  s.write(DOWN);
  await s.waitFor(/› ✖ WCN201/);
  await s.waitFor("WinNAT 'LabNAT'");
  s.write(ENTER);
  await s.waitFor('Fixes · WCN201');
  t.regex(s.screen(), /Get-NetNat -Name 'LabNAT' \| Remove-NetNat -Confirm:\$false/);
  s.write(ESC);
  await s.waitFor('▶ Findings (5)');

  s.write('/');
  await s.waitFor('Search the knowledge base');
  s.write('Element not found 0x490');
  await s.waitFor('Likely causes on CONTOSO-CH01');
  t.regex(s.screen(), /ipv6-disabled/);
  s.write(ESC);
  await s.waitFor('▶ Findings (5)');

  s.write('?');
  await s.waitFor('▶ Keys');
  s.write(ESC);
  await s.waitFor('▶ Findings (5)');

  s.write('2');
  await s.waitFor(/▾ owner docker 3 HNS networks/);
  s.write('3');
  await s.waitFor(/✖ FAILED \(5\)/);

  s.write('q');
  t.is(await s.exit(), 0);
  const raw = s.raw();
  t.true(raw.indexOf(ENTER_ALT) >= 0, 'entered the alternate screen');
  t.true(raw.lastIndexOf(LEAVE_ALT) > raw.lastIndexOf('FAILED'), 'left it after the last frame');
  t.true(raw.lastIndexOf('\u001b[?25h') > raw.lastIndexOf('\u001b[?25l'), 'the cursor is visible again');
  t.notRegex(s.screen(), /CONTOSO-CH01/, 'the normal screen is back');
});

test('120x40 uses the room: longer titles and more of the detail; the demo opens with npm start\'s arguments', async (t) => {
  const s = start(t, ['snapshots/demo.json'], { cols: 120, rows: 40 });
  await s.waitFor('CTR-LAB-07');
  await s.waitFor('▶ Findings');
  // The frame can reach the terminal in pieces: read it once its last line, the key hints, is drawn.
  await s.waitFor(/q quit/);
  const lines = s.lines();
  t.is(lines.length, 40);
  t.true(lines.some((l) => l.length > 100), 'lines use the width');
  t.regex(lines[39]!, /q quit/);
  s.write('q');
  t.is(await s.exit(), 0);
});

test('a docker-free Kubernetes node: the header names the runtime and its CNI; the host view groups HNS networks by owner', async (t) => {
  const s = start(t, ['snapshots/healthy-kubeadm-flannel.json'], { cols: 120, rows: 40 });
  await s.waitFor('WIN-K8S-W1');
  await s.waitFor('· Kubernetes v1.31.5 on containerd 1.7.25 · flannel VXLAN');
  t.regex(s.lines()[1]!, /ℹ 0 info {2}· Kubernetes v1\.31\.5 on containerd 1\.7\.25 · flannel VXLAN {2}· captured 20/);
  s.write('2');
  await s.waitFor(/▾ owner Kubernetes CNI: flannel VXLAN 1 HNS/);
  await s.waitFor(/HNS flannel\.4096 +overlay 10\.244\.1\.0\/24/);
  t.regex(s.screen(), /▸ remote endpoints 2/);
  t.notRegex(s.screen(), /RemoteSubnetRoute/, 'the policies start folded');
  // host, services, the registry value, four runtimes, the owner, the network, three endpoints, the remote ones: then the policies.
  for (let i = 0; i < 13; i++) {
    s.write(DOWN);
    await new Promise((r) => setTimeout(r, 30));
  }
  await s.waitFor(/›.*▸ policies 4/);
  s.write(ENTER);
  await s.waitFor(/├─ RemoteSubnetRoute 10\.244\.2\.0\/24 via/);
  t.regex(s.screen(), /vSwitch flannel\.4096/);
  s.write('q');
  t.is(await s.exit(), 0);
});

test('a capture with escape sequences in its names cannot retitle the terminal, write the clipboard or move the cursor', async (t) => {
  const s = start(t, [EVIL], { cols: 80, rows: 24 });
  await s.waitFor('EVILHOST');
  s.write('2');
  await s.waitFor(/owner docker/);
  s.write('G');
  await s.waitFor(/›.*net none/);
  t.regex(s.screen(), /LabRED Switch/);
  s.write('q');
  t.is(await s.exit(), 0);
  t.deepEqual(s.titles.filter((x) => /pwned/.test(x)), []);
  t.notRegex(s.raw(), /\u001b\]52;/, 'no clipboard write');
  t.notRegex(s.raw(), /\u001b\]0;pwned/);
  t.notRegex(s.raw(), /\u202e/);
});

test('NO_COLOR turns every colour off; without it the screen has colour', async (t) => {
  // SGR colour parameters: 30-37, 39-47, 49, 90-97, 100-107, and 38/48 extended colours.
  const colour = /\u001b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;
  const plain = start(t, [BROKEN], { cols: 80, rows: 24, env: terminalEnv({ NO_COLOR: '1' }) });
  await plain.waitFor('CONTOSO-CH01');
  await plain.waitFor(/q quit/);
  plain.write('q');
  await plain.exit();
  t.notRegex(plain.raw(), colour);
  t.regex(plain.raw(), /\u001b\[7m/, 'inverse video (not a colour) still marks the selection');

  const coloured = start(t, [BROKEN], { cols: 80, rows: 24 });
  await coloured.waitFor('CONTOSO-CH01');
  await coloured.waitFor(/q quit/);
  coloured.write('q');
  await coloured.exit();
  t.regex(coloured.raw(), colour);
});

test('no argument opens the picker of samples and of captures in the current folder', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-e2e-'));
  copyFileSync(BROKEN, join(dir, 'site-a.json'));
  const s = start(t, [], { cols: 80, rows: 24, cwd: dir });
  await s.waitFor('Bundled sample captures');
  await s.waitFor(/› demo/);
  t.regex(s.screen(), /site-a\.json/);
  for (let i = 0; i < 30 && !/› site-a\.json/.test(s.screen()); i++) {
    s.write(DOWN);
    await s.waitFor(/›/);
    await new Promise((r) => setTimeout(r, 30));
  }
  s.write(ENTER);
  await s.waitFor('▶ Findings (5)');
  t.regex(s.lines()[0]!, /CONTOSO-CH01/);
  s.write('q');
  t.is(await s.exit(), 0);
});

test('SIGTERM leaves the alternate screen too', async (t) => {
  const s = start(t, [BROKEN], { cols: 80, rows: 24 });
  await s.waitFor('CONTOSO-CH01');
  // The program is the child of `script` (Linux lists a process's children under /proc).
  const pid = Number(readFileSync(`/proc/${s.child.pid}/task/${s.child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  t.true(pid > 0);
  process.kill(pid, 'SIGTERM');
  t.is(await s.exit(), 143);
  t.true(s.raw().lastIndexOf(LEAVE_ALT) > s.raw().indexOf(ENTER_ALT));
  t.true(s.raw().lastIndexOf('\u001b[?25h') > s.raw().lastIndexOf('\u001b[?25l'));
});

test('an unreadable capture is reported on the normal screen with exit code 2', async (t) => {
  const s = start(t, ['/no/such/capture.json'], { cols: 80, rows: 24 });
  t.is(await s.exit(), 2);
  t.regex(s.screen(), /wcn-doctor: cannot read \/no\/such\/capture\.json/);
  t.regex(s.screen(), /no such file or folder/);
  t.notRegex(s.raw(), /\u001b\[\?1049h/);
});
