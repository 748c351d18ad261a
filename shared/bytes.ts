// Turns raw bytes into text a person can read without losing what they were: printable
// UTF-8 stays as it is, control characters become escapes (\n, \x00), bytes that are not
// valid UTF-8 become \xNN, and characters a screen would hide or fake become \u{…} (see
// reveal.ts), so a student sees exactly what crossed the wire.

import { revealCodeUnits, type CodeUnit } from './reveal.ts';

const NAMED: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 13: '\\r', 92: '\\\\' };

const hex = (b: number): string => '\\x' + b.toString(16).padStart(2, '0');

/** The code point of the valid UTF-8 sequence at `i` and its length, or null if none starts there. */
function decodeAt(bytes: Uint8Array, i: number): [cp: number, length: number] | null {
  const b = bytes[i] ?? 0;
  let length: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
  else if (b >= 0xe0 && b <= 0xef) [length, min] = [3, 0x800];
  else if (b >= 0xf0 && b <= 0xf4) [length, min] = [4, 0x10000];
  else return null;
  if (i + length > bytes.length) return null;
  let cp = b & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const c = bytes[i + k] ?? 0;
    if ((c & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (c & 0x3f);
  }
  const surrogate = cp >= 0xd800 && cp <= 0xdfff;
  return cp < min || cp > 0x10ffff || surrogate ? null : [cp, length];
}

/** Code points, with each byte that starts no valid UTF-8 sequence kept as -1 - byte. */
function codeUnits(bytes: Uint8Array): CodeUnit[] {
  const out: CodeUnit[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const decoded = b < 0x80 ? null : decodeAt(bytes, i);
    if (b < 0x80) out.push(b);
    else if (decoded) out.push(decoded[0]);
    else out.push(-1 - b);
    i += decoded ? decoded[1] : 1;
  }
  return out;
}

const ascii = new TextDecoder();

const Reach = { plain: 0, ascii: 1, wide: 2 } as const;
type Reach = (typeof Reach)[keyof typeof Reach];

/**
 * `plain` when every byte is printable ASCII other than the backslash (text that needs no
 * escape), `ascii` when some are controls or backslashes, `wide` when some are not ASCII.
 */
function reach(bytes: Uint8Array): Reach {
  let found: Reach = Reach.plain;
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e || b === 0x5c) {
      if (b > 0x7f) return Reach.wide;
      found = Reach.ascii;
    }
  }
  return found;
}

/** ASCII with controls or backslashes ("hola\n", the usual read), escaped byte by byte. */
function escapeAscii(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    out += NAMED[b] ?? (b < 0x20 || b === 0x7f ? hex(b) : String.fromCharCode(b));
  }
  return out;
}

// ignoreBOM: a leading U+FEFF is bytes the client sent, not a marker to drop.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Whether a UTF-16 code unit of valid text may need the full scan in reveal.ts: C1
 * controls, odd spaces, format and ignorable characters, combining marks, the scripts with
 * Latin look-alikes, and whatever is rare enough not to be worth sorting out here. Text
 * without them (Spanish, CJK, curly quotes, most emoji) only needs its C0 controls and
 * backslashes escaped. Numeric ranges, because a regular expression of Unicode properties
 * costs about 10 ns a character.
 */
function needsCare(c: number): boolean {
  if (c < 0x300) return (c >= 0x80 && c <= 0xa0) || c === 0xad;
  if (c < 0x2000) return true;
  if (c < 0x2070) return c <= 0x200f || (c >= 0x2028 && c <= 0x202f) || c >= 0x205f;
  if (c < 0x2c00) {
    return (
      (c >= 0x20d0 && c <= 0x20ff) ||
      (c >= 0x2100 && c <= 0x214f) ||
      c === 0x2329 ||
      c === 0x232a ||
      c === 0x2adc
    );
  }
  if (c < 0x3000) return true;
  if (c < 0xa000)
    return (c >= 0x302a && c <= 0x302f) || c === 0x3099 || c === 0x309a || c === 0x3164;
  if (c < 0xac00) return true;
  if (c < 0xd800) return false;
  // High surrogates of the emoji planes (U+1F000–U+1FBFF); low ones were judged with them.
  if (c < 0xdc00) return c < 0xd83c || c > 0xd83e;
  if (c < 0xe000) return false;
  if (c < 0xf900) return false;
  return c < 0xff00 || c >= 0xffa0;
}

function anyNeedsCare(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (needsCare(text.charCodeAt(i))) return true;
  return false;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const C0 = /[\x00-\x1f\x7f\\]/g;
const escapeC0 = (ch: string): string => {
  const b = ch.charCodeAt(0);
  return NAMED[b] ?? hex(b);
};

/** Valid UTF-8 as a string, or null. */
function decodeStrict(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes valid UTF-8 and escapes everything else; the result never hides a byte. */
export function visibleText(bytes: Uint8Array): string {
  // The common case, and the one a busy server previews most: decoded in one call.
  const found = reach(bytes);
  if (found === Reach.plain) return ascii.decode(bytes);
  if (found === Reach.ascii) return escapeAscii(bytes);
  const text = decodeStrict(bytes);
  if (text !== null && !anyNeedsCare(text)) return text.replace(C0, escapeC0);
  return revealCodeUnits(codeUnits(bytes));
}

const PLAIN = /^[\x20-\x5b\x5d-\x7e]*$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * A string a client chose (a web client's name, a program's name) as the page may show it:
 * escaped as its UTF-8 bytes would be, so a name cannot pass for another either.
 */
export function visibleString(text: string): string {
  if (PLAIN.test(text)) return text;
  return revealCodeUnits(Array.from(text, (ch) => ch.codePointAt(0) ?? 0));
}

/**
 * Text that is already visible (escapes and all, as a saved session holds it), with anything
 * a forged file slipped in escaped too. Backslashes are kept: in such text they start escapes.
 */
export function revealVisible(text: string): string {
  if (PRINTABLE.test(text)) return text;
  return revealCodeUnits(
    Array.from(text, (ch) => ch.codePointAt(0) ?? 0),
    false,
  );
}

/**
 * The preview an event carries: at most `max` bytes, cut at a character boundary when the
 * cut would split one (so a truncated preview does not end in a bogus escape).
 */
export function preview(bytes: Uint8Array, max: number): { preview: string; truncated: boolean } {
  if (bytes.length <= max) return { preview: visibleText(bytes), truncated: false };
  let end = max;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80 && max - end < 3) end--;
  if (end === 0) end = max;
  return { preview: visibleText(bytes.subarray(0, end)), truncated: true };
}
