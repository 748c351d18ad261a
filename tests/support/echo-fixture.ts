import { afterEach } from 'vitest';
import { RawClient, startEcho } from './tcp.ts';

export type Echo = Awaited<ReturnType<typeof startEcho>>;

/**
 * Echo servers and raw clients a test started, closed after it whatever happened. Call once
 * at the top of a test file: it registers that afterEach. Clients pushed on `clients` are
 * destroyed too.
 */
export function closeEchoAfterEach() {
  const servers: Echo[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    for (const s of servers.splice(0)) await s.server.close();
  });

  async function start(...args: Parameters<typeof startEcho>): Promise<Echo> {
    const echo = await startEcho(...args);
    servers.push(echo);
    return echo;
  }

  /** A raw client of the server the test started last, once that server has told of it. */
  async function connect(): Promise<RawClient> {
    const echo = servers.at(-1);
    if (!echo) throw new Error('connect() before start()');
    const client = await RawClient.connect(echo.port);
    clients.push(client);
    await echo.waitFor((e) => e.type === 'client.connected' && e.client.port === client.localPort);
    return client;
  }

  return { start, connect, clients };
}
