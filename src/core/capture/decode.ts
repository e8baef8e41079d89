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
    text: new TextDecoder('windows-1252').decode(bytes),
    encoding: 'windows-1252',
    note: 'not valid UTF-8; read as Windows-1252 (the ANSI code page that Set-Content writes). Non-Latin names may be wrong: re-capture with the collector, which writes UTF-8',
  };
}
