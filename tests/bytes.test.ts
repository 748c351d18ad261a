import { describe, expect, it } from 'vitest';
import { preview, visibleText } from '../shared/bytes.ts';

const text = (bytes: number[] | string) =>
  visibleText(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes));

describe('visibleText', () => {
  it('keeps printable UTF-8 as it is', () => {
    expect(text('hola ñandú 🦜')).toBe('hola ñandú 🦜');
  });
  it('escapes control characters and the backslash', () => {
    expect(text('a\tb\r\n\\')).toBe('a\\tb\\r\\n\\\\');
    expect(text([0, 7, 0x1b, 0x7f])).toBe('\\x00\\x07\\x1b\\x7f');
  });
  it('shows each byte of invalid UTF-8', () => {
    expect(text([0xff, 0x41, 0xc3])).toBe('\\xffA\\xc3');
    expect(text([0xc0, 0xaf])).toBe('\\xc0\\xaf'); // overlong
    expect(text([0xed, 0xa0, 0x80])).toBe('\\xed\\xa0\\x80'); // surrogate
  });
});

describe('preview', () => {
  it('keeps short reads whole', () => {
    expect(preview(new TextEncoder().encode('hola'), 48)).toEqual({
      preview: 'hola',
      truncated: false,
    });
  });
  it('cuts long reads at a character boundary', () => {
    const bytes = new TextEncoder().encode('aaé');
    expect(preview(bytes, 3)).toEqual({ preview: 'aa', truncated: true });
  });
});
