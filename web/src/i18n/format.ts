// Messages are plain strings so both languages stay side by side in one typed object;
// the few that carry numbers or names use {placeholders} filled here.

export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/**
 * Bytes for people, in the page's language and in the one unit system the page uses
 * (1024-based, so named KiB and MiB): "12 B", "3,4 KiB", "1,2 MiB" in Spanish.
 */
export function formatBytes(n: number, lang: string): string {
  const digits = (value: number, count: number): string =>
    value.toLocaleString(lang, { minimumFractionDigits: count, maximumFractionDigits: count });
  if (n < 1024) return `${digits(n, 0)} B`;
  if (n < 1024 * 1024) return `${digits(n / 1024, n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${digits(n / (1024 * 1024), 1)} MiB`;
}

/** Characters as the homework's Python client counts them (code points, not UTF-16 units). */
export const charCount = (text: string): number => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};
