// A student's program run under Echo Lab for tests: real strace, real python3 or gcc, real
// clients. Without strace these tests fail in CI and are skipped loudly elsewhere.

import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterEach } from 'vitest';
import type { Application } from '../../server/app.ts';
import { straceProblem } from '../../server/traced/traced-child.ts';
import type { LabEvent } from '../../shared/protocol.ts';
import { startApp } from './app.ts';
import { FIXTURES } from './traced-python.ts';

const missing = [
  straceProblem(),
  spawnSync('python3', ['--version']).status === 0 ? null : 'python3 is not installed',
].filter((why): why is string => why !== null);
if (missing.length > 0 && process.env.CI === 'true') {
  throw new Error(`--run tests need: ${missing.join('; ')} (.ci/run installs them)`);
}
if (missing.length > 0) console.warn(`\n*** SKIPPING --run tests: ${missing.join('; ')} ***\n`);
export const canTrace = missing.length === 0;

/** A port nobody listens on now, for a program that takes its port as an argument. */
export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Apps and sockets a test opened, closed after it whatever happened. */
export function tracedAfterEach() {
  const apps: Application[] = [];
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const app of apps.splice(0)) await app.close();
  });

  async function run(command: string[], cwd = FIXTURES, strace = true) {
    const app = await startApp({ run: { command, cwd, strace }, namePrograms: false });
    apps.push(app);
    const events: LabEvent[] = [];
    app.echo.events.subscribe((e) => events.push(e));
    return { app, events };
  }

  /** A raw client; `connected` resolves once the handshake is done, if it ever is. */
  function client(port: number) {
    const socket = net.connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.on('error', () => undefined);
    const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return { socket, connected, received: () => received };
  }

  return { run, client };
}
