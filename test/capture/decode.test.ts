import { isUtf8 } from 'node:buffer';
import test from 'ava';
import fc from 'fast-check';
import { decodeCaptureBytes, utf16le, windows1252 } from '../../src/core/capture/decode.js';

/** Bytes of UTF-16 text with many surrogates, paired and not, and byte order marks, sometimes cut at an odd length. */
const utf16Bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.constant(0xfeff)), { maxLength: 60 }).chain((units) => {
  const bytes = new Uint8Array(units.length * 2);
  units.forEach((u, i) => { bytes[2 * i] = u & 0xff; bytes[2 * i + 1] = u >> 8; });
  return fc.integer({ min: 0, max: Math.min(1, bytes.length) }).map((cut) => bytes.subarray(0, bytes.length - cut));
});

test('UTF-16 LE is decoded exactly as TextDecoder decodes it: unpaired surrogates and a cut last unit become U+FFFD', (t) => {
  fc.assert(fc.property(utf16Bytes, (bytes) => utf16le(bytes) === new TextDecoder('utf-16le').decode(bytes)), { numRuns: 2000 });
  t.is(utf16le(new Uint8Array([0x41, 0x00, 0x00, 0xd8, 0x42, 0x00])), 'A\uFFFDB');
  t.is(utf16le(new Uint8Array([0x3d, 0xd8, 0x00, 0xde])), '\u{1F600}');
  // A leading byte order mark goes, as TextDecoder drops it; one further on stays.
  t.is(utf16le(new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0xff, 0xfe])), '{\uFEFF');
});

test('a view into a larger buffer decodes only its own bytes', (t) => {
  const whole = new Uint8Array([0x58, 0x00, 0x41, 0x00, 0x42, 0x00, 0x59, 0x00]);
  t.is(utf16le(whole.subarray(2, 6)), 'AB');
});

test('plain ASCII, UTF-8 and bytes that are not UTF-8 each decode as their own encoding would', (t) => {
  const ascii = Buffer.from('{"Name":"nat","Subnet":"172.29.80.0/20"}');
  t.deepEqual(decodeCaptureBytes(ascii), { text: ascii.toString('utf8'), encoding: 'utf-8' });
  // Korean, an accent and a character outside the BMP: not ASCII, so decoded as UTF-8.
  const utf8 = Buffer.from('{"Name":"컨테이너 네트워크 é \u{1F600}"}', 'utf8');
  t.deepEqual(decodeCaptureBytes(utf8), { text: '{"Name":"컨테이너 네트워크 é \u{1F600}"}', encoding: 'utf-8' });
  // 0xE9 alone is not UTF-8: Windows-1252 'é'; 0x80 is the euro sign there (Latin-1 would give a control character).
  const ansi = Buffer.from([0x7b, 0x22, 0xe9, 0x80, 0x22, 0x7d]);
  const d = decodeCaptureBytes(ansi);
  t.is(d.text, '{"é€"}');
  t.is(d.encoding, 'windows-1252');
});

test('Windows-1252 has its own characters at 0x80-0x9F, not Latin-1 control characters', (t) => {
  // Code page 1252 as Windows defines it (a few of its 27 characters in that range), and one of the five undefined bytes.
  const cases: [number, string][] = [[0x80, '€'], [0x85, '…'], [0x8a, 'Š'], [0x91, '‘'], [0x92, '’'], [0x93, '“'], [0x94, '”'], [0x96, '–'], [0x97, '—'], [0x99, '™'], [0x9f, 'Ÿ'], [0x81, '\u0081']];
  for (const [byte, char] of cases) t.is(windows1252(Uint8Array.from([0x41, byte, 0xe9])), `A${char}é`, byte.toString(16));
});

test('a byte string decodes to the same text as UTF-8 would, whichever path it takes', (t) => {
  // Bytes of any kind, and UTF-8 text with some bytes spoilt: both paths (UTF-8, Windows-1252) are reached often.
  const bytesOf = fc.oneof(
    fc.uint8Array({ maxLength: 200, size: 'max' }),
    fc.tuple(fc.string({ unit: 'binary', maxLength: 60, size: 'max' }), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 2 }))
      .map(([s, spoil]) => Uint8Array.from([...Buffer.from(`{"a":"${s.replace(/\0/g, ' ')}"}`, 'utf8'), ...spoil])),
  );
  const seen = new Set<string>();
  t.notThrows(() => fc.assert(fc.property(bytesOf, (bytes) => {
    const d = decodeCaptureBytes(bytes);
    seen.add(d.encoding);
    if (d.encoding === 'utf-8') return d.text === new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    // Windows-1252 is Latin-1 but for 0x80-0x9F (held to the code page below): only its five undefined bytes stay C1 controls.
    if (d.encoding === 'windows-1252') return !isUtf8(bytes) && d.text.length === bytes.length && /^[^\u0080-\u009f]*$/.test(d.text.replace(/[\u0081\u008d\u008f\u0090\u009d]/g, ''));
    return true; // UTF-16 and BOMs: the tests above and read.test.ts
  }), { numRuns: 3000 }));
  t.true(seen.has('utf-8') && seen.has('windows-1252'), [...seen].join(', '));
  t.notThrows(() => fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
    const bytes = Buffer.from(`{"a":"${s.replace(/\0/g, ' ')}"}`, 'utf8');
    return decodeCaptureBytes(bytes).text === bytes.toString('utf8');
  }), { numRuns: 3000 }));
});
