import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGE_DIR, pageIsStale } from '../server/http/page-build.ts';

describe('the built page', () => {
  it('is fresh and a production build of React', async () => {
    expect(await pageIsStale()).toBe(false);
    const assets = path.join(PAGE_DIR, 'assets');
    const scripts = (await readdir(assets)).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const code = await readFile(path.join(assets, file), 'utf8');
      // jsxDEV only exists in React's development build.
      expect(code).not.toContain('jsxDEV');
    }
  });
});
