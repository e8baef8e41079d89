/**
 * Text from a capture is untrusted: a switch name can carry escape sequences
 * that recolour, move the cursor, set the window title, write to the
 * clipboard (OSC 52) or reverse the reading order (bidi overrides). Every
 * string from a capture passes through here before it reaches a terminal or
 * a Markdown document.
 */

/** ESC-introduced sequences: CSI, OSC/DCS/PM/APC strings, and two-byte escapes. */
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)|[ -/]*[0-~]?)/g;
/** 8-bit CSI and OSC/string introducers. */
const C1_SEQUENCE = /[\u009b][0-?]*[ -/]*[@-~]?|[\u009d\u0090\u0098\u009e\u009f][\s\S]*?(?:\u0007|\u009c|$)/g;
/** Remaining C0/C1 controls, and characters that reorder or hide text. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Removes escape sequences and control characters; tabs and newlines become spaces. */
export function sanitizeInline(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(C1_SEQUENCE, '')
    .replace(/[\t\n\r]/g, ' ')
    .replace(CONTROL, '');
}

/** Like sanitizeInline, but keeps line breaks (for multi-line text such as a command list). */
export function sanitizeBlock(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(C1_SEQUENCE, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(CONTROL, '');
}

/** Characters JSON.stringify leaves raw that a terminal acts on or that reorder or hide text. */
const JSON_RAW_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/**
 * JSON text with C1 controls, DEL, bidi and invisible formatting characters
 * written as `\u` escapes. JSON.stringify already escapes C0 controls; these
 * can only occur inside strings, so the data stays exactly the same while
 * the text is inert on a terminal.
 */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_RAW_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
