import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preview, revealVisible, visibleString, visibleText } from '../shared/bytes.ts';
import { revealCodeUnits } from '../shared/reveal.ts';

const text = (bytes: number[] | string) =>
  visibleText(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes));

/** The bytes visible text stands for: every escape undone. */
function bytesOf(visible: string): Uint8Array {
  const out: number[] = [];
  const utf8 = (s: string) => out.push(...new TextEncoder().encode(s));
  const named: Record<string, number> = { n: 10, r: 13, t: 9, '\\': 92 };
  const escapes = /\\x([0-9a-f]{2})|\\u\{([0-9A-F]+)\}|\\([nrt\\])|([\s\S])/gu;
  for (const [, byte, cp, name, ch] of visible.matchAll(escapes)) {
    if (byte) out.push(parseInt(byte, 16));
    else if (cp) utf8(String.fromCodePoint(parseInt(cp, 16)));
    else if (name) out.push(named[name] ?? 0);
    else if (ch === '\\') throw new Error(`a lone backslash in ${visible}`);
    else utf8(ch ?? '');
  }
  return Uint8Array.from(out);
}

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

describe('what a screen would hide or fake', () => {
  it('escapes bidi controls, so a name cannot be drawn backwards', () => {
    expect(text('gnp\u202Eexe.png')).toBe('gnp\\u{202E}exe.png');
    expect(text('\uFEFFhola')).toBe('\\u{FEFF}hola');
    const bidi = [0x61c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2069];
    for (const cp of bidi)
      expect(text(`a${String.fromCodePoint(cp)}b`)).toBe(`a\\u{${cp.toString(16).toUpperCase()}}b`);
  });
  it('escapes zero-width, ignorable and invisible characters', () => {
    const hidden = [
      0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0xad, 0x34f, 0x115f,
      0x1160, 0x17b4, 0x17b5, 0x180e, 0x3164, 0xffa0, 0x2028, 0x2029, 0xfe00, 0xe0001, 0xe0041,
      0xe007f, 0xe0100,
    ];
    for (const cp of hidden) {
      expect(text(`desco${String.fromCodePoint(cp)}nectar`)).toBe(
        `desco\\u{${cp.toString(16).toUpperCase()}}nectar`,
      );
    }
  });
  it('escapes C1 controls as code points, apart from invalid bytes', () => {
    expect(text('\u0080\u009f')).toBe('\\u{80}\\u{9F}');
    expect(text([0x80, 0x9f])).toBe('\\x80\\x9f');
  });
  it('escapes spaces that pass for a plain one, but not the wide CJK one', () => {
    expect(text('a\u00A0b\u2009c\u202Fd\u3000e')).toBe('a\\u{A0}b\\u{2009}c\\u{202F}d\u3000e');
  });
  it('escapes Cyrillic and Greek look-alikes inside a Latin word', () => {
    expect(text('desconect\u0430r')).toBe('desconect\\u{430}r');
    expect(text('p\u03B1ypal')).toBe('p\\u{3B1}ypal');
    expect(text('desc\u043Enectar')).toBe('desc\\u{43E}nectar');
    // A hidden character does not split the word it hides in.
    expect(text('\u0430\u200Bb')).toBe('\\u{430}\\u{200B}b');
    // A Latin letter inside a Cyrillic word is the foreign one there.
    expect(text('прив\u0061ет')).toBe('прив\\u{61}ет');
  });
  it('keeps whole words of another script, and Spanish, as they are', () => {
    for (const plain of [
      'привет мир',
      'Καλημέρα κόσμε',
      'ΑΒΓ alfa',
      '¿Qué tal? Año, pingüino, ñandú, acción',
      'TCP ❤️',
      '漢字とかな、한국어',
      'مرحبا שלום नमस्ते',
      'Tシャツ',
    ]) {
      expect(text(plain)).toBe(plain);
    }
  });
  it('keeps emoji whole: joiners, variation selectors, keycaps, skin tones, tag flags', () => {
    for (const emoji of ['👨‍👩‍👧', '🏳️‍🌈', '❤️‍🔥', '👍🏽', '1️⃣', '#️⃣', '☺︎', '🇪🇸', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']) {
      expect(text(emoji)).toBe(emoji);
    }
  });
  it('escapes the same selectors and joiners where they show nothing', () => {
    expect(text('a\uFE0Fb')).toBe('a\\u{FE0F}b');
    expect(text('a\u200D😀')).toBe('a\\u{200D}😀');
    expect(text('🏴\u{E0068}\u{E0069}\u{E007F}')).toBe('🏴\\u{E0068}\\u{E0069}\\u{E007F}');
  });
  it('escapes marks that would fake a composed letter, pile up, or sit on nothing', () => {
    expect(text('cafe\u0301')).toBe('cafe\\u{301}');
    expect(text('café')).toBe('café');
    expect(text('x \u0301')).toBe('x \\u{301}');
    expect(text('\\\u0301')).toBe('\\\\\\u{301}');
    expect(text('\u0301')).toBe('\\u{301}');
    expect(text('n' + '\u0331'.repeat(6))).toBe('n' + '\\u{331}'.repeat(6));
  });
  it('is unambiguous: every escape reads back as the bytes that were sent', () => {
    expect(text('\\u{202E}')).toBe('\\\\u{202E}');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(bytesOf(visibleText(bytes))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (s) => {
        const bytes = new TextEncoder().encode(s);
        expect(bytesOf(visibleText(bytes))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });
  it('takes its quick path only for text the full scan would leave alone', () => {
    const encoder = new TextEncoder();
    const differ: string[] = [];
    const planes: [number, number][] = [
      [0x80, 0x3ffff],
      [0xe0000, 0xe01ff],
    ];
    for (const [from, to] of planes) {
      for (let cp = from; cp <= to; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const s = `a${String.fromCodePoint(cp)}b\n`;
        const full = revealCodeUnits(Array.from(s, (ch) => ch.codePointAt(0) ?? 0));
        if (visibleText(encoder.encode(s)) !== full) differ.push(cp.toString(16));
      }
    }
    expect(differ).toEqual([]);
  });
  it('leaves nothing to escape in what it wrote', () => {
    // The letter of an escape is no part of the word after it (fast-check found "\tΈ").
    for (const s of ['\tΈ', '\x0bЖ', '\\ա', '\u202EΈ']) {
      const shown = visibleText(new TextEncoder().encode(s));
      expect(revealVisible(shown)).toBe(shown);
    }
    // A backslash that starts no escape splits nothing: the forged Cyrillic "а" is caught.
    expect(revealVisible('\\аdmin')).toContain('\\u{430}dmin');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (s) => {
        const shown = visibleText(new TextEncoder().encode(s));
        expect(revealVisible(shown)).toBe(shown);
        expect(shown).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u);
      }),
      { numRuns: 500 },
    );
  });
});

describe('visibleString and revealVisible', () => {
  it('escape a chosen name as its bytes would be', () => {
    expect(visibleString('Ana')).toBe('Ana');
    expect(visibleString('Ana\u202Eb\\')).toBe('Ana\\u{202E}b\\\\');
    expect(visibleString('\uD800x')).toBe('\\u{D800}x');
  });
  it('leave the escapes of visible text alone and escape what was slipped in', () => {
    expect(revealVisible('hola\\n \\x00 \\u{202E}')).toBe('hola\\n \\x00 \\u{202E}');
    expect(revealVisible('gnp\u202Eexe\n')).toBe('gnp\\u{202E}exe\\n');
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
