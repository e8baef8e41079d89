/**
 * Turns the bytes of a capture file into text. Windows PowerShell 5.1 writes
 * UTF-16 LE with a BOM (`Out-File`, `>`), UTF-8 with a BOM (`-Encoding UTF8`)
 * or the ANSI code page (`Set-Content`); PowerShell 7 writes UTF-8 without BOM.
 */

import { Buffer, isAscii, isUtf8 } from 'node:buffer';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface Decoded {
  readonly text: string;
  readonly encoding: Encoding;
  /** Set when the text was decoded by a guess rather than a BOM or valid UTF-8. */
  readonly note?: string;
}

function swapBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

/** UTF-16 without BOM shows as every other byte zero in ASCII-heavy text such as JSON. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): 'le' | 'be' | undefined {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.1) return 'le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.1) return 'be';
  return undefined;
}

/** An unpaired surrogate: TextDecoder makes each one U+FFFD, and so does utf16le below. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * UTF-16 LE bytes as text, exactly as `new TextDecoder('utf-16le')` decodes
 * them (an unpaired surrogate becomes U+FFFD), at about twice its speed:
 * Buffer decodes natively. An odd number of bytes (a cut file) goes to
 * TextDecoder, which knows how to end it. Like TextDecoder, it drops a
 * byte order mark at the start (a file written with two has one left once
 * the first is read).
 */
export function utf16le(bytes: Uint8Array): string {
  if (bytes.byteLength % 2 === 1) return new TextDecoder('utf-16le').decode(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le').replace(LONE_SURROGATE, '\uFFFD');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F, where it has the
 * euro sign, typographic quotes, dashes and a few letters (the five bytes
 * it leaves undefined read as the same code point, as the WHATWG encoding
 * standard says). Node 20's TextDecoder('windows-1252') decodes Latin-1,
 * which turns those into invisible control characters.
 */
const CP1252_80_9F = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F'
  + '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export function windows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

export function decodeCaptureBytes(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: utf16le(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: utf16le(swapBytes(bytes.subarray(2))), encoding: 'utf-16be' };
  }
  const guess = looksLikeUtf16WithoutBom(bytes);
  if (guess === 'le') {
    return { text: utf16le(bytes), encoding: 'utf-16le', note: 'read as UTF-16 LE without a byte order mark' };
  }
  if (guess === 'be') {
    return { text: utf16le(swapBytes(bytes)), encoding: 'utf-16be', note: 'read as UTF-16 BE without a byte order mark' };
  }
  // isAscii and isUtf8 validate natively and toString decodes natively:
  // several times faster than a fatal TextDecoder on a capture of some
  // megabytes. Most captures are plain ASCII, which reads the same as UTF-8
  // and as Latin-1; Latin-1 is a byte-for-byte copy, about three times as
  // fast as decoding UTF-8.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(bytes)) return { text: buf.toString('latin1'), encoding: 'utf-8' };
  if (isUtf8(bytes)) return { text: buf.toString('utf8'), encoding: 'utf-8' };
  return {
    text: windows1252(bytes),
    encoding: 'windows-1252',
    note: 'not valid UTF-8; read as Windows-1252 (the ANSI code page that Set-Content writes). Non-Latin names may be wrong: re-capture with the collector, which writes UTF-8',
  };
}
