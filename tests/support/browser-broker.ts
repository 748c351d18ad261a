import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { launchBrowserServer } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where a test worker asks for the run's browser (see tests/e2e/helpers.ts). */
    browserBroker: string;
  }
}

/**
 * vitest globalSetup: one Chromium for the whole run, shared by every worker, instead of one
 * launch per end-to-end file. It starts on the first request only, so a run without browser
 * tests starts none; each worker attaches over its WebSocket and gets its own contexts.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let browser: Promise<BrowserServer> | null = null;
  const broker = createServer((_request, response) => {
    browser ??= launchBrowserServer();
    browser.then(
      (server) => response.end(server.wsEndpoint()),
      (err: Error) => response.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  const { port } = broker.address() as AddressInfo;
  project.provide('browserBroker', `http://127.0.0.1:${port}`);
  return async () => {
    broker.close();
    await (await browser?.catch(() => null))?.close();
  };
}
