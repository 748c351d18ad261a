// The characters a screen would hide or fake. A client's bytes reach the page as text, and a
// few code points make that text lie: bidi controls reorder it ("gnp.exe" drawn as
// "exe.png"), zero-width and other default-ignorable ones vanish ("desco\u200Bnectar" drawn
// as the disconnect word), odd spaces pass for a plain one, and a Cyrillic "а" inside a Latin
// word passes for an "a". Each of those is written as an escape, \u{202E}, so what is shown
// is what was sent; everything a reader can tell apart (Spanish, CJK, emoji) stays as it is.

/** A code point, or a byte that is not valid UTF-8 (stored as -1 - byte). */
export type CodeUnit = number;

const codeEscape = (cp: number): string => `\\u{${cp.toString(16).toUpperCase()}}`;
const hex = (b: number): string => '\\x' + b.toString(16).padStart(2, '0');
const NAMED: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 13: '\\r' };

const Kind = {
  /** Drawn as itself, not a letter: digits, punctuation, symbols, emoji. */
  other: 0,
  /** Never shown as itself: controls, bidi, zero-width, ignorable, odd spaces, surrogates. */
  hidden: 1,
  /** Hidden, and part of the word around it (a zero-width character splits no word). */
  hiddenInWord: 2,
  /** A combining mark: drawn on the character before it. */
  mark: 3,
  latin: 4,
  /** A letter of another script, not one with Latin look-alikes (CJK, Arabic, Hebrew…). */
  letter: 5,
  /** Letters of the scripts with Latin look-alikes, one kind per script. */
  cyrillic: 6,
  greek: 7,
  armenian: 8,
  cherokee: 9,
} as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const isLookAlike = (k: Kind): boolean => k >= Kind.cyrillic;
const inWord = (k: Kind): boolean => k >= Kind.hiddenInWord;

// Spaces other than U+0020 look like it; U+3000 is wide enough to tell apart (and CJK needs it).
const HIDDEN_IN_WORD = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const HIDDEN = /[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\u00A0\u1680\u2000-\u200A\u202F\u205F]/u;
const MARK = /\p{M}/u;
const SCRIPTS: readonly [RegExp, Kind][] = [
  [/\p{Script=Latin}/u, Kind.latin],
  [/\p{Script=Cyrillic}/u, Kind.cyrillic],
  [/\p{Script=Greek}/u, Kind.greek],
  [/\p{Script=Armenian}/u, Kind.armenian],
  [/\p{Script=Cherokee}/u, Kind.cherokee],
];
const LETTER = /\p{L}/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** Kinds already worked out; bounded, since a hostile client can send every code point. */
const known = new Map<number, Kind>();
const KNOWN_MAX = 4096;

function classify(cp: number): Kind {
  if (cp < 0x80) {
    if (cp < 0x20 || cp === 0x7f) return Kind.hidden;
    return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a ? Kind.latin : Kind.other;
  }
  // Latin-1 and Latin Extended, where Spanish lives: decided without a regular expression.
  if (cp >= 0xc0 && cp <= 0x24f) return cp === 0xd7 || cp === 0xf7 ? Kind.other : Kind.latin;
  // The basic Cyrillic and Greek alphabets, as common and as plain.
  if (cp >= 0x400 && cp <= 0x45f) return Kind.cyrillic;
  if (cp >= 0x391 && cp <= 0x3c9 && cp !== 0x3a2) return Kind.greek;
  let kind = known.get(cp);
  if (kind !== undefined) return kind;
  const ch = String.fromCodePoint(cp);
  // A character that is not its own normal form (the Kelvin sign, a Greek question mark
  // that looks like ";") is another character drawn the same.
  const canonical = ch.normalize('NFC') === ch;
  if (HIDDEN_IN_WORD.test(ch) || (!canonical && LETTER.test(ch))) kind = Kind.hiddenInWord;
  else if (HIDDEN.test(ch) || !canonical) kind = Kind.hidden;
  else if (MARK.test(ch)) kind = Kind.mark;
  else if (LETTER.test(ch)) kind = SCRIPTS.find(([re]) => re.test(ch))?.[1] ?? Kind.letter;
  else kind = Kind.other;
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(cp, kind);
  return kind;
}

const pictograph = (cp: number | undefined): boolean =>
  cp !== undefined && cp >= 0xa9 && PICTOGRAPH.test(String.fromCodePoint(cp));
const isModifier = (cp: number | undefined): boolean =>
  cp !== undefined && cp >= 0x1f3fb && cp <= 0x1f3ff;
const isVariation = (cp: number | undefined): boolean => cp === 0xfe0e || cp === 0xfe0f;
const isKeycapBase = (cp: number | undefined): boolean =>
  cp !== undefined && ((cp >= 0x30 && cp <= 0x39) || cp === 0x23 || cp === 0x2a);

/** The only tag sequences in use: the flags of England, Scotland and Wales after U+1F3F4. */
const TAG_FLAGS = new Set(['gbeng', 'gbsct', 'gbwls']);
const TAG_BASE = 0xe0000;
const CANCEL_TAG = 0xe007f;

/** How many code points after a black flag at `i` form a subdivision flag, or 0. */
function tagFlagLength(cps: readonly CodeUnit[], i: number): number {
  let name = '';
  for (let k = i + 1; k < cps.length && k <= i + 6; k++) {
    const cp = cps[k] ?? 0;
    if (cp === CANCEL_TAG) return TAG_FLAGS.has(name) ? k - i : 0;
    if (cp < TAG_BASE + 0x20 || cp > TAG_BASE + 0x7e) return 0;
    name += String.fromCharCode(cp - TAG_BASE);
  }
  return 0;
}

/**
 * Marks the letters of a word that mixes Latin, Cyrillic, Greek, Armenian or Cherokee and
 * are not of its main script (the one most of its letters are in; Latin on a tie):
 * "desconectаr" with a Cyrillic "а" shows it as \u{430}. A word in one script is left as it
 * is, and so are letters of other scripts (a Latin word beside CJK or Arabic is no trick).
 */
function foreignLetters(kinds: Uint8Array): Uint8Array {
  const out = new Uint8Array(kinds.length);
  // Letters per script in the word at hand, indexed by kind (latin and the look-alikes).
  const counts = new Uint16Array(Kind.cherokee + 1);
  let start = 0;
  while (start < kinds.length) {
    if (!inWord(kinds[start] as Kind)) {
      start++;
      continue;
    }
    counts.fill(0);
    let end = start;
    for (; end < kinds.length && inWord(kinds[end] as Kind); end++) {
      const k = kinds[end] as Kind;
      if (k === Kind.latin || isLookAlike(k)) counts[k] = (counts[k] ?? 0) + 1;
    }
    let base: Kind = Kind.latin;
    let scripts = 0;
    for (const k of [Kind.latin, Kind.cyrillic, Kind.greek, Kind.armenian, Kind.cherokee]) {
      if (counts[k] === 0) continue;
      scripts++;
      if ((counts[k] ?? 0) > (counts[base] ?? 0)) base = k;
    }
    if (scripts > 1) {
      for (let k = start; k < end; k++) {
        const kind = kinds[k] as Kind;
        if ((kind === Kind.latin || isLookAlike(kind)) && kind !== base) out[k] = 1;
      }
    }
    start = end;
  }
  return out;
}

/** Combining marks on one base: more than this and they spill over the lines around. */
const MAX_MARKS = 4;

/**
 * Writes code points as text a reader cannot be fooled by. `escapeBackslash` is false only
 * for text that is already visible (a saved session), whose backslashes start escapes.
 */
export function revealCodeUnits(cps: readonly CodeUnit[], escapeBackslash = true): string {
  const kinds = new Uint8Array(cps.length);
  let lookAlikes = false;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] ?? 0;
    const kind = cp < 0 ? Kind.hidden : classify(cp);
    kinds[i] = kind;
    lookAlikes ||= isLookAlike(kind);
  }
  if (!escapeBackslash) escapesOutOfWords(cps, kinds);
  const foreign = lookAlikes ? foreignLetters(kinds) : null;
  let out = '';
  let keepTagsUntil = -1;
  // Whether the code point before was drawn as itself, and the base a mark would sit on.
  let rawBefore = false;
  let markBase = -1;
  let marksOk = false;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] ?? 0;
    const kind = kinds[i] as Kind;
    let raw: boolean;
    if (cp < 0) raw = false;
    else if (cp === 0x1f3f4) {
      keepTagsUntil = i + tagFlagLength(cps, i);
      raw = true;
    } else if (kind === Kind.hidden || kind === Kind.hiddenInWord) {
      raw = i <= keepTagsUntil || (rawBefore && keptInEmoji(cps, i));
    } else raw = foreign?.[i] !== 1;
    if (raw && (kind === Kind.mark || isVariation(cp))) {
      if (markBase < 0 || i - markBase > MAX_MARKS) raw = false;
      else if (i === markBase + 1) marksOk = clusterOk(cps, markBase);
      raw &&= marksOk;
    } else if (kind !== Kind.mark) {
      const ascii = cp >= 0 && cp < 0x80;
      const visible = kind !== Kind.hidden && kind !== Kind.hiddenInWord;
      const canCarry = ascii ? kind === Kind.latin || isKeycapBase(cp) : visible;
      markBase = raw && canCarry ? i : -1;
    }
    if (!raw && kind === Kind.mark) markBase = -1;
    rawBefore = raw;
    if (raw) {
      out +=
        cp === 0x5c && escapeBackslash
          ? '\\\\'
          : cp < 0x10000
            ? String.fromCharCode(cp)
            : String.fromCodePoint(cp);
    } else if (cp < 0) out += hex(-1 - cp);
    else if (kind === Kind.hidden && cp < 0x80) out += NAMED[cp] ?? hex(cp);
    else out += codeEscape(cp);
  }
  return out;
}

/**
 * In visible text, the letters of an escape (the "t" of \t, the "b" of \x0b) stand for a
 * hidden byte, which splits words: "\tΈ" is a tab and a Greek word, not a word mixing scripts.
 */
function escapesOutOfWords(cps: readonly CodeUnit[], kinds: Uint8Array): void {
  for (let i = 0; i < cps.length; i++) {
    if (cps[i] !== 0x5c) continue;
    const length = escapeLength(cps, i);
    for (let k = 1; k <= length; k++) kinds[i + k] = Kind.other;
    i += length;
  }
}

const isHex = (cp: number | undefined): boolean =>
  cp !== undefined &&
  ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x46) || (cp >= 0x61 && cp <= 0x66));

/**
 * How many code points after the backslash at `i` are its escape's (\\, \t, \n, \r, \xHH,
 * \u{H…}); 0 when it starts none, so a forged "\а" still has its Cyrillic letter checked.
 */
function escapeLength(cps: readonly CodeUnit[], i: number): number {
  const next = cps[i + 1];
  if (next === 0x5c || next === 0x74 || next === 0x6e || next === 0x72) return 1;
  if (next === 0x78) return isHex(cps[i + 2]) && isHex(cps[i + 3]) ? 3 : 0;
  if (next !== 0x75 || cps[i + 2] !== 0x7b) return 0;
  let k = i + 3;
  while (k - i <= 8 && isHex(cps[k])) k++;
  return k > i + 3 && cps[k] === 0x7d ? k - i : 0;
}

/** A zero-width joiner or variation selector that is part of an emoji, where it shows. */
function keptInEmoji(cps: readonly CodeUnit[], i: number): boolean {
  const cp = cps[i];
  const before = cps[i - 1];
  const after = cps[i + 1];
  if (cp === 0x200d) {
    return (pictograph(before) || isModifier(before) || isVariation(before)) && pictograph(after);
  }
  if (isVariation(cp)) return pictograph(before) || (isKeycapBase(before) && after === 0x20e3);
  return false;
}

/**
 * A base and its marks, shown as they are only when they are already composed: "é" as
 * "e" + U+0301 looks exactly like "é" but is other bytes, so its mark is escaped.
 */
function clusterOk(cps: readonly CodeUnit[], base: number): boolean {
  let end = base + 1;
  while (end < cps.length && end - base <= MAX_MARKS && (cps[end] ?? -1) >= 0x300) {
    const cp = cps[end] ?? 0;
    if (classify(cp) !== Kind.mark && !isVariation(cp)) break;
    end++;
  }
  const cluster = String.fromCodePoint(...cps.slice(base, end).map((cp) => Math.max(cp, 0)));
  return cluster.normalize('NFC') === cluster;
}
