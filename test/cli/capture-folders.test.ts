/**
 * A folder named as a capture is read by what it holds: the <key>.json files
 * of one capture, whole captures side by side (a download folder: a fleet),
 * or both (every capture is read, and the user is told how).
 */
import test from 'ava';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderContents, readingOfFolder } from '../../src/core/capture/folder.js';
import { readCapture } from '../../src/core/capture/read.js';
import { runCli, tempDir, writeCapture } from '../helpers/cli.js';
import type { RawCapture } from '../helpers/captures.js';
import { miniCapture } from '../helpers/mini-capture.js';

/** Writes a capture as a folder of <key>.json files, one per key. */
function writeKeyFiles(raw: RawCapture, dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const [key, value] of Object.entries(raw)) {
    if (['format', 'formatVersion', 'capturedAt', 'collector', 'psVersion'].includes(key)) continue;
    writeFileSync(join(dir, `${key}.json`), JSON.stringify(value, null, 2));
  }
  return dir;
}

/** A download folder: two whole captures, a hand-assembled one, and things that are not captures. */
function downloadFolder(): string {
  const dir = tempDir('wcn-downloads-');
  writeCapture(miniCapture({ host: 'HOST-A' }), 'host-a.json', dir);
  writeCapture(miniCapture({ host: 'HOST-B', healthy: true }), 'host-b.json', dir);
  const { format, formatVersion, ...byHand } = miniCapture({ host: 'HOST-C', healthy: true });
  void format;
  void formatVersion;
  writeCapture(byHand, 'host-c-by-hand.json', dir);
  writeFileSync(join(dir, 'notes.txt'), 'ticket 4711');
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({ $schema: 'x', properties: { vmSwitches: {}, netNat: {} } }));
  return dir;
}

test('a download folder of whole captures is read as a fleet, one report per capture', async (t) => {
  const dir = downloadFolder();
  const r = await runCli(['check', '--format', 'json', '--fail-on', 'never', dir]);
  t.is(r.code, 0, r.err);
  t.is(r.err, '', 'no note: the folder can be read only one way');
  const json = JSON.parse(r.out);
  t.deepEqual(json.reports.map((x: { source: string }) => x.source), ['host-a.json', 'host-b.json', 'host-c-by-hand.json'].map((n) => join(dir, n)));
  t.deepEqual(json.reports.map((x: { host: { name: string } }) => x.host.name), ['HOST-A', 'HOST-B', 'HOST-C']);
  t.is(json.fleet.hosts, 3);
  const text = await runCli(['check', dir]);
  t.is(text.code, 1, 'HOST-A has an error');
  t.regex(text.out, /Summary of 3 captures/);
});

test('a folder of <key>.json files is still one capture', async (t) => {
  const dir = writeKeyFiles(miniCapture({ host: 'KEYS-HOST' }), join(tempDir(), 'capture'));
  t.deepEqual(readingOfFolder(dir), { paths: [dir] });
  const r = await runCli(['check', '--format', 'json', dir]);
  t.is(r.code, 1);
  t.is(r.err, '');
  const json = JSON.parse(r.out);
  t.is(json.reports.length, 1);
  t.is(json.reports[0].source, dir);
  t.is(json.reports[0].host.name, 'KEYS-HOST');
});

test('a folder holding both kinds reads every capture and says so', async (t) => {
  const dir = writeKeyFiles(miniCapture({ host: 'FOLDER-HOST' }), join(tempDir(), 'mixed'));
  writeCapture(miniCapture({ host: 'FILE-HOST', healthy: true }), 'whole.json', dir);
  const r = await runCli(['check', '--format', 'json', '--fail-on', 'never', dir]);
  t.is(r.code, 0, r.err);
  t.regex(r.err, /^wcn-doctor: note: '.*mixed' holds both the key files of one capture \(.+ and \d+ more\) and 1 whole capture; read as 2 captures: each whole capture on its own, and the key files together as the folder's capture\. Name a file or sub-folder to read it alone\.\n$/);
  const json = JSON.parse(r.out);
  t.deepEqual(json.reports.map((x: { host: { name: string } }) => x.host.name), ['FILE-HOST', 'FOLDER-HOST']);
  t.deepEqual(json.reports.map((x: { source: string }) => x.source), [join(dir, 'whole.json'), dir]);
});

test('sub-folders of key files count as captures of the fleet; a file named after a key is always a key file', (t) => {
  const dir = tempDir('wcn-downloads-');
  writeKeyFiles(miniCapture(), join(dir, 'host-d'));
  mkdirSync(join(dir, 'empty'));
  writeCapture(miniCapture(), 'host-e.json', dir);
  t.deepEqual(folderContents(dir), { keyFiles: [], captures: [join(dir, 'host-d'), join(dir, 'host-e.json')] });
  // As the capture folder reader takes it: netNat.json is the folder's netNat, even when it holds a whole capture.
  writeCapture(miniCapture(), 'netNat.json', dir);
  t.deepEqual(folderContents(dir).keyFiles, ['netNat.json']);
});

test('inside a folder a link is not followed to find a capture', (t) => {
  const elsewhere = writeCapture(miniCapture());
  const dir = tempDir('wcn-links-');
  symlinkSync(elsewhere, join(dir, 'linked.json'));
  writeCapture(miniCapture(), 'real.json', dir);
  t.deepEqual(folderContents(dir).captures, [join(dir, 'real.json')]);
});

test('a command that takes one capture says a download folder holds several', async (t) => {
  const dir = downloadFolder();
  for (const argv of [['topology', dir], ['fix', dir, '--out', '-'], ['diff', dir, dir]]) {
    const r = await runCli(argv);
    t.is(r.code, 2, argv[0]);
    t.regex(r.err, /the folder holds 3 whole captures, not the <key>\.json files of one capture: name one of them, or diagnose them all with 'wcn-doctor check <folder>'/, argv[0]);
  }
  t.regex(readCapture(tempDir()).issues[0]!.message, /^the folder holds no capture files/, 'an empty folder keeps its message');
});

test('the note names the folder without its escape sequences', async (t) => {
  const dir = writeKeyFiles(miniCapture(), join(tempDir(), 'evil\u001b]0;title\u0007dir'));
  writeCapture(miniCapture(), 'whole.json', dir);
  const r = await runCli(['check', '--fail-on', 'never', dir]);
  t.regex(r.err, /note: '.*evildir' holds both/);
  t.notRegex(r.err, /[\u001b\u0007]/);
});
