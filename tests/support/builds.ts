import { ensurePageBuilt } from '../../server/http/page-build.ts';
import { SERVER_BUNDLE_DIR } from './server-bundle.ts';

interface BuildScript {
  buildServer(options: { clean?: boolean; outdir?: string }): void;
}

/**
 * vitest globalSetup: build the page, and bundle the server with npm start's own command,
 * once, before any worker starts a browser or the command.
 */
export default async function setup(): Promise<void> {
  const page = ensurePageBuilt();
  // A plain .mjs script with no types of its own.
  const script = new URL('../../scripts/build.mjs', import.meta.url).href;
  const { buildServer } = (await import(script)) as BuildScript;
  buildServer({ clean: true, outdir: SERVER_BUNDLE_DIR });
  await page;
}
