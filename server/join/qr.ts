import { encode, renderSVG } from 'uqr';

/** Medium error correction: a projector's glare or a cheap phone camera still reads it. */
const ECC = 'M';

/**
 * A QR code in text, two modules per character cell (▀ ▄ █ and space), with a quiet zone.
 * A full block is a light module: with `colors`, light and dark are painted explicitly
 * (bright white on black), so the code reads the same on light and dark terminals;
 * without, it assumes the usual light text on a dark background.
 */
export function terminalQr(text: string, colors: boolean): string {
  const { data, size } = encode(text, { ecc: ECC, border: 2 });
  const dark = (x: number, y: number): boolean => data[y]?.[x] ?? false;
  const lines: string[] = [];
  for (let y = 0; y < size; y += 2) {
    let line = '';
    for (let x = 0; x < size; x++) {
      const top = !dark(x, y);
      const bottom = y + 1 < size && !dark(x, y + 1);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(colors ? `\x1b[97;40m${line}\x1b[0m` : line);
  }
  return lines.join('\n');
}

/** The same code as an SVG image, for the page's join screen. */
export const svgQr = (text: string): string =>
  renderSVG(text, { ecc: ECC, border: 2, pixelSize: 8 });
