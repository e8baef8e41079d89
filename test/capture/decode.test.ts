import test from 'ava';
import fc from 'fast-check';
import { utf16le } from '../../src/core/capture/decode.js';

/** Bytes of UTF-16 text with many surrogates, paired and not, sometimes cut at an odd length. */
const utf16Bytes = fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })), { maxLength: 60 }).chain((units) => {
  const bytes = new Uint8Array(units.length * 2);
  units.forEach((u, i) => { bytes[2 * i] = u & 0xff; bytes[2 * i + 1] = u >> 8; });
  return fc.integer({ min: 0, max: Math.min(1, bytes.length) }).map((cut) => bytes.subarray(0, bytes.length - cut));
});

test('UTF-16 LE is decoded exactly as TextDecoder decodes it: unpaired surrogates and a cut last unit become U+FFFD', (t) => {
  fc.assert(fc.property(utf16Bytes, (bytes) => utf16le(bytes) === new TextDecoder('utf-16le').decode(bytes)), { numRuns: 2000 });
  t.is(utf16le(new Uint8Array([0x41, 0x00, 0x00, 0xd8, 0x42, 0x00])), 'A\uFFFDB');
  t.is(utf16le(new Uint8Array([0x3d, 0xd8, 0x00, 0xde])), '\u{1F600}');
});

test('a view into a larger buffer decodes only its own bytes', (t) => {
  const whole = new Uint8Array([0x58, 0x00, 0x41, 0x00, 0x42, 0x00, 0x59, 0x00]);
  t.is(utf16le(whole.subarray(2, 6)), 'AB');
});
