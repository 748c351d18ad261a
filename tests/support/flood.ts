import type { RawClient } from './tcp.ts';

/** Sends 1 KiB messages eight at a time, as fast as the echoes come back, for `ms`. */
export async function flood(client: RawClient, ms: number): Promise<number> {
  const message = Buffer.alloc(1024, 'f');
  let sent = 0;
  for (const end = performance.now() + ms; performance.now() < end;) {
    for (let i = 0; i < 8; i++) client.send(message);
    sent += 8 * message.length;
    await client.receive(sent);
  }
  return sent;
}
