import type { ChildProcess } from 'node:child_process';
import { afterEach, expect } from 'vitest';
import type { Application } from '../../server/app.ts';
import { DEFAULTS } from '../../shared/protocol.ts';
import { startApp } from './app.ts';
import { RawClient } from './tcp.ts';

/**
 * Apps and echo clients a test launched, closed after it whatever happened: first everything
 * pushed on `cleanup`, then the apps still in `apps`. Call once at the top of a test file: it
 * registers that afterEach. `defaults` go to every launch (a test's own options win).
 */
export function closeLaunchedAfterEach(defaults: Parameters<typeof startApp>[0] = {}) {
  const apps: Application[] = [];
  const cleanup: (() => void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) fn();
    for (const app of apps.splice(0)) await app.close();
  });

  async function launch(overrides: Parameters<typeof startApp>[0] = {}): Promise<Application> {
    const app = await startApp({ ...defaults, ...overrides });
    apps.push(app);
    return app;
  }

  async function raw(port: number): Promise<RawClient> {
    const client = await RawClient.connect(port);
    cleanup.push(() => client.socket.destroy());
    return client;
  }

  async function echoOnce(port: number, text: string): Promise<void> {
    const client = await raw(port);
    client.send(text);
    expect((await client.receive(text.length)).toString()).toBe(text);
    client.send(DEFAULTS.disconnectWord);
    await client.waitEnded();
  }

  return { apps, cleanup, launch, raw, echoOnce };
}

/** The exit code of a child process, whether it has exited already or not yet. */
export const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
