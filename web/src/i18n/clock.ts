// Event times as a clock since the server started: "0:03.191", "17:35.456", "1:02:03.4",
// with the page's decimal separator. A count of seconds ("1095.456 s") grows a digit every
// power of ten and lost its first ones in the diagram's fixed time column; a clock stays
// nine characters for the first ten hours, dropping the finest digits past the first hour
// so that it never outgrows the column. Pure, so the diagram, the log, the timeline and
// the exports all print a time the same way.

import type { Lang } from './lang.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const separators = new Map<string, string>();

/** The language's decimal separator ("," in Spanish). */
function decimalSeparator(lang: Lang): string {
  let sep = separators.get(lang);
  if (sep === undefined) {
    sep = new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
    sep ??= '.';
    separators.set(lang, sep);
  }
  return sep;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `ms` since the server started, as m:ss.mmm (h:mm:ss.m past an hour, h:mm:ss past ten). */
export function clockTime(ms: number, lang: Lang): string {
  const sep = decimalSeparator(lang);
  const at = Math.max(0, ms);
  if (at < HOUR) {
    const whole = Math.floor(at);
    const minutes = Math.floor(whole / MINUTE);
    const seconds = Math.floor((whole % MINUTE) / 1000);
    return `${minutes}:${two(seconds)}${sep}${String(whole % 1000).padStart(3, '0')}`;
  }
  const tenths = at < 10 * HOUR;
  const whole = tenths ? Math.floor(at / 100) * 100 : Math.floor(at / 1000) * 1000;
  const hours = Math.floor(whole / HOUR);
  const minutes = Math.floor((whole % HOUR) / MINUTE);
  const seconds = Math.floor((whole % MINUTE) / 1000);
  const clock = `${hours}:${two(minutes)}:${two(seconds)}`;
  return tenths ? `${clock}${sep}${Math.floor((whole % 1000) / 100)}` : clock;
}
