import jsQR from 'jsqr';

/** Decodes a QR code given as rows of modules (true: dark), drawn at `scale` px a module. */
export function decodeModules(rows: readonly (readonly boolean[])[], scale = 4): string | null {
  const margin = 4;
  const size = Math.max(...rows.map((r) => r.length)) + margin * 2;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  rows.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + margin) * scale + dy) * px + (x + margin) * scale + dx) * 4;
          rgba.fill(0, i, i + 3);
        }
      }
    }),
  );
  return jsQR(rgba, px, px)?.data ?? null;
}

/**
 * The modules of a QR code printed with half blocks, as the banner prints it: a full
 * block is two light modules, ▀ a light one over a dark one, ▄ the other way, a space two
 * dark ones. ANSI colour codes are skipped.
 */
export function modulesOfText(text: string): boolean[][] {
  const rows: boolean[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(new RegExp(String.raw`\u001b\[[\d;]*m`, 'g'), '');
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const ch of line) {
      top.push(!(ch === '█' || ch === '▀'));
      bottom.push(!(ch === '█' || ch === '▄'));
    }
    rows.push(top, bottom);
  }
  return rows;
}
