// Turns raw bytes into text a person can read without losing what they were: printable
// UTF-8 stays as it is, control characters become escapes (\n, \x00) and bytes that are
// not valid UTF-8 become \xNN, so a student sees exactly what crossed the wire.

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

const ascii = new TextDecoder();

/** True when every byte is printable ASCII other than the backslash: text that needs no escape. */
function plain(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e || b === 0x5c) return false;
  return true;
}

/** Decodes valid UTF-8 and escapes everything else; the result never hides a byte. */
export function visibleText(bytes: Uint8Array): string {
  // The common case, and the one a busy server previews most: decoded in one call.
  if (plain(bytes)) return ascii.decode(bytes);
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      out += NAMED[b] ?? (b < 0x20 || b === 0x7f ? hex(b) : String.fromCharCode(b));
      i += 1;
      continue;
    }
    const decoded = decodeAt(bytes, i);
    if (decoded) {
      out += String.fromCodePoint(decoded[0]);
      i += decoded[1];
    } else {
      out += hex(b);
      i += 1;
    }
  }
  return out;
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
