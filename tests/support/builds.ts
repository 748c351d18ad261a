import { ensurePageBuilt } from '../../server/http/page-build.ts';

/** vitest globalSetup: build the page once, before any worker starts a browser test. */
export default async function setup(): Promise<void> {
  await ensurePageBuilt();
}
