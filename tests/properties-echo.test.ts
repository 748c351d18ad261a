import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, Mode } from '../shared/protocol.ts';
import { RawClient, idOf, startEcho } from './support/tcp.ts';
import { pause } from './support/probes.ts';

// ---------------------------------------------------------------------------------------
// Bytes: whatever a client sends, however it is cut up and paced, comes back exactly.
// ---------------------------------------------------------------------------------------

const WORD = Buffer.from(DEFAULTS.disconnectWord);

/** Up to 8 KiB, cut at arbitrary points, each piece followed by a short arbitrary pause. */
const chunkedBytes = fc
  // size 'max': lengths spread over the whole range, not fast-check's default handful of bytes.
  .uint8Array({ maxLength: 8 * 1024, size: 'max' })
  // A payload that contains the disconnect word could legitimately end the session early.
  .filter((bytes) => !Buffer.from(bytes).includes(WORD))
  .chain((bytes) =>
    fc.record({
      bytes: fc.constant(Buffer.from(bytes)),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), {
        maxLength: 12,
        size: 'max',
      }),
      pauses: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 13, maxLength: 13 }),
    }),
  );

function pieces(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
  const out: Buffer[] = [];
  for (let i = 1; i < points.length; i++) out.push(bytes.subarray(points[i - 1], points[i]));
  return out.filter((p) => p.length > 0);
}

for (const mode of [Mode.iterative, Mode.concurrent]) {
  describe(`echo in ${mode} mode`, () => {
    let echo: Awaited<ReturnType<typeof startEcho>>;
    beforeAll(async () => {
      echo = await startEcho({ mode });
    });
    afterAll(async () => {
      await echo.server.close();
    });

    it('returns arbitrary bytes in arbitrary chunks exactly, one read at most recvSize', async () => {
      await fc.assert(
        fc.asyncProperty(chunkedBytes, async ({ bytes, cuts, pauses }) => {
          const before = reduceAll(initialState(), echo.events).totals;
          const client = await RawClient.connect(echo.port);
          const localPort = client.localPort;
          try {
            const parts = pieces(bytes, cuts);
            for (const [i, part] of parts.entries()) {
              client.send(part);
              const ms = pauses[i] ?? 0;
              if (ms > 0) await pause(ms);
            }
            const back = await client.receive(bytes.length, 5_000);
            expect(back.equals(bytes)).toBe(true);
            // FIN: the server must finish the session and close its side too.
            client.socket.end();
            await client.waitEnded();
            const id = idOf(echo.events, localPort);
            const closed = await echo.waitFor(
              (e) => e.type === 'client.closed' && e.id === id,
              5_000,
            );
            expect(closed).toMatchObject({ by: 'client', reason: 'fin' });
            // Byte counts stay exact whether reads were reported one by one or summed up.
            const totals = reduceAll(initialState(), echo.events).totals;
            expect(totals.bytesIn - before.bytesIn).toBe(bytes.length);
            expect(totals.bytesOut - before.bytesOut).toBe(bytes.length);
            expect(totals.reads - before.reads).toBeGreaterThanOrEqual(
              Math.ceil(bytes.length / DEFAULTS.recvSize),
            );
            for (const e of echo.events) {
              if (e.type === 'data.read' && e.id === id) {
                expect(e.bytes).toBeLessThanOrEqual(DEFAULTS.recvSize);
              }
            }
            // Nothing more than was sent was ever echoed back.
            expect(client.received.length).toBe(bytes.length);
          } finally {
            client.socket.destroy();
          }
        }),
        { numRuns: 25 },
      );
    }, 20_000);
  });
}
