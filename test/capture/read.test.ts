import test from 'ava';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_BYTES, readCapture, readCaptureFileBytes } from '../../src/core/capture/read.js';

const sample = {
  format: 'wcn-capture',
  formatVersion: 1,
  os: { Caption: 'Microsoft Windows Server 2019 Datacenter', BuildNumber: '17763', UBR: 5830, ProductType: 3 },
  vmSwitches: { Name: 'nat', SwitchType: 1, CimClass: 'ROOT/virtualization/v2:Msvm_VirtualEthernetSwitch', CimInstanceProperties: 'Name = "nat"' },
  netNat: [],
};

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'wcn-read-'));
}

function utf16le(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

const encodings: [string, (t: string) => Buffer][] = [
  ['UTF-8 without BOM', (t) => Buffer.from(t, 'utf8')],
  ['UTF-8 with BOM (Out-File -Encoding UTF8)', (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
  ['UTF-16 LE with BOM (Out-File, >)', (t) => utf16le(t, true)],
  ['UTF-16 BE with BOM', (t) => utf16be(t)],
  ['UTF-16 LE without BOM', (t) => utf16le(t, false)],
  // A BOM written twice (text that had one, saved again with Out-File): the reader drops both, as before.
  ['UTF-16 LE with the BOM twice', (t) => utf16le(`\uFEFF${t}`, true)],
  ['UTF-16 BE with the BOM twice', (t) => utf16be(`\uFEFF${t}`)],
];

for (const [label, encode] of encodings) {
  test(`reads a capture written as ${label}`, (t) => {
    const dir = tmp();
    const file = join(dir, 'capture.json');
    const withKorean = { ...sample, computerSystem: { Name: '컨테이너-호스트' } };
    writeFileSync(file, encode(JSON.stringify(withKorean, null, 2)));
    const r = readCapture(file);
    t.true(r.readable);
    t.deepEqual(r.issues.filter((i) => i.severity === 'error'), []);
    t.is(r.capture.os?.BuildNumber, 17763);
    t.is(r.capture.computerSystem?.Name, '컨테이너-호스트');
    t.is(r.capture.vmSwitches?.[0]?.SwitchType, 'Internal');
    t.deepEqual(r.capture.netNat, []);
  });
}

test('ANSI (Set-Content) text is read as Windows-1252 with a warning', (t) => {
  const dir = tmp();
  const file = join(dir, 'capture.json');
  const text = JSON.stringify({ ...sample, computerSystem: { Name: 'HÔTE' } });
  writeFileSync(file, Buffer.from(text, 'latin1'));
  const r = readCapture(file);
  t.is(r.capture.computerSystem?.Name, 'HÔTE');
  t.true(r.issues.some((i) => i.severity === 'warning' && /Windows-1252/.test(i.message)));
});

test('a file that is not JSON gets one message with line and column', (t) => {
  const dir = tmp();
  const file = join(dir, 'broken.json');
  writeFileSync(file, '{\n  "os": {\n    "BuildNumber": 17763,\n  }\n}\n');
  const r = readCapture(file);
  t.false(r.readable);
  t.is(r.issues.length, 1);
  t.is(r.issues[0]!.file, file);
  t.regex(r.issues[0]!.message, /not valid JSON: .* at line 4, column 3/);
});

test('a missing path is a clear error, not an exception', (t) => {
  const r = readCapture('/nonexistent/capture.json');
  t.false(r.readable);
  t.regex(r.issues[0]!.message, /no such file or folder/);
});

test('files over the size cap are refused without being read', (t) => {
  const dir = tmp();
  const file = join(dir, 'big.json');
  writeFileSync(file, JSON.stringify({ ...sample, collector: 'x'.repeat(4096) }));
  const r = readCapture(file, { maxBytes: 1024 });
  t.false(r.readable);
  t.regex(r.issues[0]!.message, /over the limit of 1 KiB/);
});

test('the folder form reads one file per key and reports a broken file without hiding the rest', (t) => {
  const dir = tmp();
  writeFileSync(join(dir, 'os.json'), JSON.stringify(sample.os));
  writeFileSync(join(dir, 'vmSwitches.json'), utf16le(JSON.stringify([{ Name: 'ext', SwitchType: 2, NetAdapterInterfaceDescription: 'NIC' }]), true));
  writeFileSync(join(dir, 'netNat.json'), '[{"Name": "x",');
  writeFileSync(join(dir, 'notes.json'), '{}');
  const r = readCapture(dir);
  t.true(r.readable);
  t.is(r.form, 'folder');
  t.is(r.capture.os?.BuildNumber, 17763);
  t.is(r.capture.vmSwitches?.[0]?.SwitchType, 'External');
  t.is(r.capture.netNat, undefined, 'a broken file leaves its key not captured');
  const broken = r.issues.find((i) => i.key === 'netNat');
  t.truthy(broken);
  t.is(broken!.file, join(dir, 'netNat.json'));
  t.true(r.issues.some((i) => i.file.endsWith('notes.json') && i.severity === 'warning'));
});

test('an empty folder says what it expected', (t) => {
  const dir = tmp();
  mkdirSync(join(dir, 'sub'));
  const r = readCapture(dir);
  t.false(r.readable);
  t.regex(r.issues[0]!.message, /no capture files/);
});

test('the output of one cmdlet saved as <key>.json is read as that key', (t) => {
  const dir = tmp();
  const file = join(dir, 'netNat.json');
  writeFileSync(file, JSON.stringify({ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24' }));
  const r = readCapture(file);
  t.true(r.readable);
  t.is(r.capture.netNat?.[0]?.Name, 'LabNAT');
});

test('reading never modifies the input file', (t) => {
  const dir = tmp();
  const file = join(dir, 'capture.json');
  writeFileSync(file, JSON.stringify({ ...sample, __proto__x: 1 }));
  const before = readFileSync(file);
  const mtime = statSync(file).mtimeMs;
  readCapture(file);
  t.deepEqual(readFileSync(file), before);
  t.is(statSync(file).mtimeMs, mtime);
});

test('bytes read for locating evidence stay intact when other captures are read after them', (t) => {
  const dir = tmp();
  const first = join(dir, 'first.json');
  const second = join(dir, 'second.json');
  writeFileSync(first, JSON.stringify({ ...sample, netNat: [{ Name: 'FirstNAT', InternalIPInterfaceAddressPrefix: '172.29.80.0/20' }] }));
  writeFileSync(second, JSON.stringify({ ...sample, netNat: [{ Name: 'SecondNAT', InternalIPInterfaceAddressPrefix: '10.0.0.0/8' }] }, null, 2));
  const kept = readCaptureFileBytes(first, DEFAULT_MAX_BYTES, { followLinks: true });
  t.is(readCapture(second).capture.netNat?.[0]?.Name, 'SecondNAT');
  t.deepEqual(kept, readFileSync(first));
  t.is(readCapture(first).capture.netNat?.[0]?.Name, 'FirstNAT');
});

test('captures read one after another, small, large and small again, each give their own content', (t) => {
  const dir = tmp();
  const names = (n: number) => Array.from({ length: n }, (_, i) => ({ Name: `nat-${n}-${i}`, InternalIPInterfaceAddressPrefix: '172.29.80.0/20' }));
  const files = [3, 80000, 2, 80000, 1].map((n, i) => {
    const f = join(dir, `c${i}.json`);
    writeFileSync(f, JSON.stringify({ ...sample, netNat: names(n) }));
    return { f, n };
  });
  t.true(statSync(files[1]!.f).size > 4 * 1024 * 1024, 'the large capture is larger than the buffer that is kept between reads');
  for (const { f, n } of files) {
    const nat = readCapture(f).capture.netNat ?? [];
    t.is(nat.length, n, `${n} items`);
    t.is(nat[n - 1]?.Name, `nat-${n}-${n - 1}`);
  }
});
