import { expect } from 'vitest';
import type { Application } from '../../server/app.ts';
import { DEFAULTS } from '../../shared/protocol.ts';
import { eventually, type watch } from './app.ts';
import { RawClient } from './tcp.ts';

export type Watcher = Awaited<ReturnType<typeof watch>>;

let probe = 0;

/**
 * What must still hold after any attack: a fresh TCP client is served and echoed, a page
 * that was already watching still gets live events (it sees that client come and go), and
 * nothing reached Object.prototype.
 */
export async function expectStillServing(app: Application, viewer: Watcher): Promise<void> {
  expect(viewer.socket.connected).toBe(true);
  const client = await RawClient.connect(app.addresses.echoPort);
  try {
    const port = client.localPort;
    const message = Buffer.from(`still there? ${++probe}`);
    client.send(message);
    expect((await client.receive(message.length, 5_000)).equals(message)).toBe(true);
    client.send(DEFAULTS.disconnectWord);
    await client.waitEnded();
    await eventually(() =>
      viewer.events.some((e) => e.type === 'client.connected' && e.client.port === port),
    );
    const id = viewer.events.find((e) => e.type === 'client.connected' && e.client.port === port);
    const clientId = id?.type === 'client.connected' ? id.client.id : -1;
    await eventually(() =>
      viewer.events.some((e) => e.type === 'client.closed' && e.id === clientId),
    );
  } finally {
    client.socket.destroy();
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('mode');
}
