// Messages are plain strings so both languages stay side by side in one typed object;
// the few that carry numbers or names use {placeholders} filled here. Every number a
// person reads goes through Intl in the page's language ("4.336.281" and "2,9" in Spanish),
// and every count with a word chooses its form through Intl.PluralRules.

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

// Formatters are costly to build and a busy log formats thousands of numbers a second.
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function numberFormat(lang: string, digits: number): Intl.NumberFormat {
  const key = `${lang}/${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** A number as the page's language writes it, with `digits` decimals: "4.336.281", "2,9". */
export const formatNumber = (n: number, lang: string, digits = 0): string =>
  numberFormat(lang, digits).format(n);

/**
 * A count with its words. `forms` is "singular|plural", each with {n} where the number
 * goes ("{n} lectura|{n} lecturas"); Intl.PluralRules chooses, so 1 is singular in both
 * languages and 0 is plural in both, and Spanish's "many" (a million) takes the plural.
 * Other {placeholders} are filled from `values`. A form without "|" is used for every count.
 */
export function plural(
  forms: string,
  n: number,
  lang: string,
  values: Readonly<Record<string, string | number>> = {},
): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  const [one, other = one] = forms.split('|') as [string, string?];
  return fill(rules.select(n) === 'one' ? one : other, { ...values, n: formatNumber(n, lang) });
}

/**
 * A message in the page's language: like `fill`, but numbers are written through Intl, and
 * `{key:singular|plural}` writes the number with the form Intl.PluralRules chooses:
 * "{reads:lectura|lecturas}" with 1 is "1 lectura", with 8912 "8.912 lecturas".
 */
export function format(
  template: string,
  values: Readonly<Record<string, string | number>>,
  lang: string,
): string {
  return template.replace(
    /\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g,
    (whole, key: string, one?: string, other?: string) => {
      const value = values[key];
      if (value === undefined) return whole;
      if (typeof value !== 'number') return value;
      return one === undefined
        ? formatNumber(value, lang)
        : plural(`{n} ${one}|{n} ${other}`, value, lang);
    },
  );
}

const KIB = 1024;
const MIB = 1024 * 1024;
const GIB = 1024 * 1024 * 1024;

/** At or above this many bytes an exact count also gets its size in KiB or MiB. */
const BYTES_SIZED_FROM = 10_000;

/**
 * Bytes in few characters, for chips and badges, in the one unit system of the page
 * (1024-based, so named KiB, MiB and GiB): "12 B", "2,9 KiB", "20,0 KiB", "1,2 MiB".
 */
export function formatBytes(n: number, lang: string): string {
  if (n < KIB) return `${formatNumber(n, lang)} B`;
  if (n < MIB) return `${formatNumber(n / KIB, lang, 1)} KiB`;
  if (n < GIB) return `${formatNumber(n / MIB, lang, 1)} MiB`;
  return `${formatNumber(n / GIB, lang, 1)} GiB`;
}

/**
 * Bytes exactly, as the server counted them, and once the digits get hard to read their
 * size beside them: "952 B", "4.336.281 B (4,1 MiB)". The log and the exports use it.
 */
export const formatBytesExact = (n: number, lang: string): string =>
  `${formatNumber(n, lang)} B${n >= BYTES_SIZED_FROM ? ` (${formatBytes(n, lang)})` : ''}`;

/** Characters as the homework's Python client counts them (code points, not UTF-16 units). */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};
