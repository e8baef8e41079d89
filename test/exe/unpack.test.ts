/**
 * The executable's launcher unpacks the package it carries once per build,
 * into a folder that is either complete or absent.
 */
import test from 'ava';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOADER, payloadId, unpack, type Manifest, type PayloadFiles } from '../../src/exe/unpack.js';

const root = mkdtempSync(join(tmpdir(), 'wcn-unpack-'));
test.after.always(() => rmSync(root, { recursive: true, force: true }));

function manifest(files: PayloadFiles): Manifest {
  return { version: '1.2.3', id: payloadId(files), main: 'dist/bundle/main.js' };
}

const BYTES = Buffer.from([0, 255, 0xc3, 0x28, 10]);
const FILES: PayloadFiles = {
  'package.json': { text: '{"type":"module"}\n' },
  'knowledge/a.md': { text: '# 한국어 page\n' },
  'bin/raw.dat': { base64: BYTES.toString('base64') },
};

test('every file is written as carried, text and bytes, with the loader and the marker', (t) => {
  const into = mkdtempSync(join(root, 'a-'));
  const p = manifest(FILES);
  const dir = unpack(p, () => FILES, into);
  t.is(dir, join(into, `1.2.3-${p.id.slice(0, 16)}`));
  t.is(readFileSync(join(dir, 'knowledge', 'a.md'), 'utf8'), '# 한국어 page\n');
  t.deepEqual(readFileSync(join(dir, 'bin', 'raw.dat')), BYTES);
  t.true(existsSync(join(dir, LOADER)));
  t.deepEqual(readdirSync(into), [`1.2.3-${p.id.slice(0, 16)}`], 'no temporary folder is left');
});

test('a second run uses the complete folder: it neither reads the files nor writes', (t) => {
  const into = mkdtempSync(join(root, 'b-'));
  const p = manifest(FILES);
  const dir = unpack(p, () => FILES, into);
  writeFileSync(join(dir, 'knowledge', 'a.md'), 'changed by the test');
  t.is(unpack(p, () => t.fail('the files are not read again') as never, into), dir);
  t.is(readFileSync(join(dir, 'knowledge', 'a.md'), 'utf8'), 'changed by the test', 'not written again');
});

test('an incomplete folder (no marker: a run stopped half-way) is replaced', (t) => {
  const into = mkdtempSync(join(root, 'c-'));
  const p = manifest(FILES);
  const dir = join(into, `1.2.3-${p.id.slice(0, 16)}`);
  mkdirSync(join(dir, 'knowledge'), { recursive: true });
  writeFileSync(join(dir, 'knowledge', 'a.md'), 'half');
  t.is(unpack(p, () => FILES, into), dir);
  t.is(readFileSync(join(dir, 'knowledge', 'a.md'), 'utf8'), '# 한국어 page\n');
  t.true(existsSync(join(dir, 'package.json')));
});

test('another build gets another folder: the id follows every file name and byte', (t) => {
  const a = payloadId(FILES);
  t.not(payloadId({ ...FILES, 'knowledge/a.md': { text: '# another page\n' } }), a);
  t.not(payloadId({ ...FILES, 'knowledge/b.md': FILES['knowledge/a.md']! }), a);
  t.not(payloadId({ ...FILES, 'bin/raw.dat': { text: BYTES.toString('base64') } }), a, 'text and bytes differ');
  t.is(payloadId({ ...FILES }), a);
});

test('a folder that cannot be written: an error, and nothing left behind', (t) => {
  const into = mkdtempSync(join(root, 'd-'));
  writeFileSync(join(into, 'blocked'), 'a file where the folder would go');
  t.throws(() => unpack(manifest(FILES), () => FILES, join(into, 'blocked')));
  t.deepEqual(readdirSync(into), ['blocked']);
});
