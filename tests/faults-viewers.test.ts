import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { reduceAll } from '../shared/lab.ts';
import type { LabEvent, Snapshot } from '../shared/protocol.ts';
import { eventually } from './support/app.ts';
import { closeLaunchedAfterEach } from './support/launched.ts';
import { connectViewer, isGapless, pageUrl, pause } from './support/probes.ts';
import { overJson } from './support/wire.ts';

// The echo server in its own thread, as `npm start` runs it: traffic must flow while pages churn.
const { cleanup, launch, raw } = closeLaunchedAfterEach({ inProcess: false });

describe('viewers that come and go', () => {
  it('keeps streaming while 20 pages connect and disconnect for 3 s', async () => {
    // Room for the 20 churning pages, the steady one and one more: a leak shows as a refusal.
    const app = await launch({
      mode: 'concurrent',
      limits: { maxViewers: 22, maxViewersPerAddress: 22 },
    });
    // The page that stays: every snapshot starts a segment of live events. It joins once
    // the start-up batch is out; joining mid-batch is the next test's subject.
    await pause(50);
    const steady = io(pageUrl(app), { transports: ['websocket'], forceNew: true });
    cleanup.push(() => steady.close());
    const segments: { snapshot: Snapshot; events: LabEvent[] }[] = [];
    steady.on('snapshot', (snapshot) => segments.push({ snapshot, events: [] }));
    steady.on('events', (batch) => segments.at(-1)?.events.push(...batch));
    await eventually(() => segments.length === 1);
    const deadline = Date.now() + 3_000;

    const traffic = async (n: number): Promise<number> => {
      const client = await raw(app.addresses.echoPort);
      let sent = 0;
      while (Date.now() < deadline) {
        const text = `t${n}.${sent++};`;
        const want = client.received.length + text.length;
        client.send(text);
        await client.receive(want, 3_000);
        await pause(15);
      }
      client.socket.end();
      await client.waitEnded();
      return sent;
    };
    let visits = 0;
    const churn = async (): Promise<void> => {
      while (Date.now() < deadline) {
        const page = io(pageUrl(app), {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        // Some leave mid-handshake, some after their snapshot, some after a few batches.
        await Promise.race([
          new Promise((resolve) => page.once('snapshot', resolve)),
          pause(Math.random() * 60),
        ]);
        await pause(Math.random() * 80);
        page.close();
        visits++;
      }
    };
    const [sent] = await Promise.all([
      Promise.all([traffic(1), traffic(2), traffic(3)]),
      Promise.all(Array.from({ length: 20 }, churn)),
    ]);
    // Traffic kept flowing (the pages' snapshots share this process's CPU with them).
    expect(Math.min(...sent), `round trips per client: ${sent.join(', ')}`).toBeGreaterThanOrEqual(
      5,
    );
    expect(visits).toBeGreaterThan(100);
    await eventually(() => app.hub.lab.served.length === 0);
    await pause(100);

    const fresh = await connectViewer(pageUrl(app));
    cleanup.push(() => fresh.socket.close());
    expect(fresh.error).toBeNull();
    expect(overJson(fresh.snapshot!.state)).toEqual(overJson(app.hub.lab));
    // The page that stayed saw every event once, in order, and agrees with the server. (A
    // page too slow to keep up may be switched to a fresh snapshot; each one starts over.)
    await eventually(() => segments.at(-1)!.events.at(-1)?.seq === app.hub.lab.seq);
    expect(steady.connected).toBe(true);
    for (const { snapshot, events } of segments) {
      const seqs = events.map((e) => e.seq);
      expect(isGapless(seqs, snapshot.seq + 1), `after ${snapshot.seq}: ${seqs.join(',')}`).toBe(
        true,
      );
    }
    const last = segments.at(-1)!;
    expect(overJson(reduceAll(last.snapshot.state, last.events))).toEqual(overJson(app.hub.lab));
  }, 20_000);

  it('gives a page that joins mid-batch no event twice', async () => {
    const app = await launch({ mode: 'concurrent', namePrograms: false });
    const client = await raw(app.addresses.echoPort);
    let running = true;
    // A steady trickle of events, so the hub nearly always holds a batch not yet sent.
    const trickle = (async () => {
      for (let i = 0; running; i++) {
        const want = client.received.length + 2;
        client.send(`${i % 10};`);
        await client.receive(want);
        await pause(2);
      }
    })();
    const overlaps: string[] = [];
    for (let i = 0; i < 10; i++) {
      const page = io(pageUrl(app), {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      let snapshotSeq: number | null = null;
      const early: number[] = [];
      page.on('snapshot', (s) => (snapshotSeq ??= s.seq));
      page.on('events', (batch) => {
        for (const e of batch) if (snapshotSeq !== null && e.seq <= snapshotSeq) early.push(e.seq);
      });
      await eventually(() => snapshotSeq !== null);
      await pause(60);
      page.close();
      if (early.length > 0) overlaps.push(`snapshot ${snapshotSeq} then ${early.join(',')}`);
    }
    running = false;
    await trickle;
    // The snapshot already holds the events of the batch being gathered; sending that batch
    // to the newcomer too hands it those events twice.
    expect(overlaps).toEqual([]);
  });
});
