// Viewer fan-out: 100 socket.io viewers while paced TCP traffic makes about 2,000 events a
// second (each write is one read and one echo). Every viewer checks its sequence numbers;
// delivery is timed from the client's write to the viewer's receipt of the matching read.
// Then one viewer stops reading under the heaviest event stream the load can make: it must
// be switched to a fresh snapshot once it catches up, and the server must not queue for it
// without bound.

import { ServerKind } from './ipc.ts';
import {
  notMeasured,
  pageUrl,
  sample,
  startServer,
  stopAll,
  type Context,
  type Row,
  type Section,
  type ServerChild,
} from './fleet.ts';
import { MiB, ms, num, sleep } from './stats.ts';

const VIEWERS = 100;
/** Writes a second; each becomes data.read + data.echoed, so about 2,000 events a second. */
const WRITES_PER_SECOND = 1_000;
const CONNECTIONS = 10;
/**
 * At the paced rate a stalled viewer is sent about 230 KB a second, and on this machine its
 * socket buffers took 4.5 MiB before the server had to queue: half as much again for margin.
 */
const STALL_SECONDS = 30;
/** Bytes per write while a viewer is stalled: a preview's worth, all to be escaped. */
const STALL_FILL = 48;

export async function measureFanout(ctx: Context): Promise<Section> {
  const seconds = ctx.quick ? 3 : 10;
  let lab: ServerChild | undefined;
  try {
    lab = await startServer(ServerKind.lab, 'concurrent');
    const url = pageUrl(lab);
    const port = lab.ready.echoPort;
    await ctx.viewers.request({ type: 'attach', group: 'fan', url, count: VIEWERS });
    const paced = (secs: number) =>
      ctx.load.request({
        type: 'paced',
        port,
        conns: CONNECTIONS,
        rate: WRITES_PER_SECOND,
        seconds: secs,
      });

    // Warm-up, then forget its latencies.
    await paced(ctx.quick ? 0.5 : 1);
    await ctx.viewers.request({ type: 'report', group: 'fan' });

    const before = await sample(lab);
    const load = await paced(seconds);
    const after = await sample(lab);
    // Let the last batch arrive before the viewers count.
    await sleep(200);
    const viewers = await ctx.viewers.request({ type: 'report', group: 'fan' });
    await ctx.viewers.request({ type: 'detach', group: 'fan' });

    const events = after.events - before.events;
    const cpuUs = after.cpuUs - before.cpuUs;
    const fanout = {
      viewers: VIEWERS,
      writesPerSecond: (load.sent * 1000) / load.elapsedMs,
      eventsPerSecond: (events * 1000) / load.elapsedMs,
      cpuUsPerEvent: cpuUs / Math.max(1, events),
      cpuUsPerWrite: cpuUs / Math.max(1, load.sent),
      serverCpuShare: cpuUs / 1000 / load.elapsedMs,
      report: viewers,
    };
    const stalled = await stallOneViewer(ctx, lab, url);
    return { name: 'Viewer fan-out', rows: rows(fanout, stalled), data: { fanout, stalled } };
  } finally {
    await Promise.allSettled([
      ctx.viewers.request({ type: 'detach', group: 'fan' }),
      ctx.viewers.request({ type: 'detach', group: 'stalled' }),
    ]);
    await stopAll([lab]);
  }
}

/**
 * One viewer stops reading while the load makes as many bytes of events as it can: every
 * read shown one by one (a flood would be summed up into a few events), each with a preview
 * of escaped bytes. The kernel's socket buffers take the first megabytes; only then does
 * the server start to queue batches, and past its backlog it must drop the viewer from the
 * live room and send it a snapshot once it drains.
 */
async function stallOneViewer(ctx: Context, lab: ServerChild, url: string) {
  await ctx.viewers.request({ type: 'attach', group: 'stalled', url, count: 1 });
  await ctx.viewers.request({ type: 'pause', group: 'stalled', paused: true });
  const attached = await ctx.viewers.request({ type: 'report', group: 'stalled' });
  const before = await sample(lab, true);
  await ctx.load.request({
    type: 'paced',
    port: lab.ready.echoPort,
    conns: CONNECTIONS,
    rate: WRITES_PER_SECOND,
    seconds: ctx.quick ? 8 : STALL_SECONDS,
    fill: STALL_FILL,
  });
  const during = await sample(lab, true);
  await ctx.viewers.request({ type: 'pause', group: 'stalled', paused: false });
  let report = await ctx.viewers.request({ type: 'report', group: 'stalled' });
  for (let i = 0; i < 50 && report.resnapshots === 0; i++) {
    await sleep(100);
    report = await ctx.viewers.request({ type: 'report', group: 'stalled' });
  }
  const gapsBefore = report.gaps;
  // Live again: a second of traffic must arrive gaplessly after the fresh snapshot.
  const port = lab.ready.echoPort;
  await ctx.load.request({ type: 'paced', port, conns: 2, rate: 200, seconds: 1 });
  await sleep(200);
  const final = await ctx.viewers.request({ type: 'report', group: 'stalled' });
  return {
    resnapshots: final.resnapshots,
    gapsAfterResync: final.gaps - gapsBefore,
    duplicates: final.duplicates,
    connected: final.viewers === 1,
    /** What the kernel had buffered for the viewer, read once it resumed. */
    bytesHeldForIt: report.bytes - attached.bytes,
    rssGrowth: during.rss - before.rss,
    heapGrowth: during.heapUsed - before.heapUsed,
    eventsWhileStalled: during.events - before.events,
  };
}

interface Fanout {
  eventsPerSecond: number;
  writesPerSecond: number;
  cpuUsPerEvent: number;
  cpuUsPerWrite: number;
  serverCpuShare: number;
  report: {
    viewers: number;
    events: number;
    gaps: number;
    duplicates: number;
    resnapshots: number;
    delivery: { p50: number; p99: number; n: number };
  };
}

function rows(f: Fanout, s: Awaited<ReturnType<typeof stallOneViewer>>): Row[] {
  const r = f.report;
  const clean = r.gaps === 0 && r.duplicates === 0 && r.viewers === VIEWERS;
  const resynced = s.connected && s.resnapshots >= 1 && s.gapsAfterResync === 0;
  return [
    {
      figure: `${VIEWERS} viewers: events produced`,
      // Two writes that meet in one read make one pair of events: a starved machine shows
      // it here, as fewer events than writes × 2.
      measured: `${num(f.eventsPerSecond)} events/s from ${num(f.writesPerSecond)} writes/s`,
      target: '≈ 2,000 events/s (load)',
      pass: null,
    },
    {
      figure: `${VIEWERS} viewers: gaps / duplicates`,
      measured:
        `${num(r.gaps)} / ${num(r.duplicates)} in ${num(r.events)} deliveries` +
        (r.viewers === VIEWERS ? '' : ` (${r.viewers} still connected)`),
      target: '0 / 0',
      pass: clean,
    },
    {
      figure: `${VIEWERS} viewers: switched to a fresh snapshot (too slow)`,
      measured: num(r.resnapshots),
      target: '— (allowed, never a gap)',
      pass: null,
    },
    {
      figure: `${VIEWERS} viewers: delivery, client write → viewer (p50 / p99)`,
      measured: `${ms(r.delivery.p50)} / ${ms(r.delivery.p99)} (${num(r.delivery.n)} samples)`,
      target: '— (at most one batch per 16 ms; none waits when idle)',
      pass: null,
    },
    {
      figure: `${VIEWERS} viewers: server CPU per event`,
      measured:
        `${num(f.cpuUsPerEvent, 1)} µs (${num(f.cpuUsPerWrite, 1)} µs per client write; ` +
        `${num(f.serverCpuShare * 100)}% of a core)`,
      target: '—',
      pass: null,
    },
    s.resnapshots === 0 && s.gapsAfterResync === 0 && s.connected
      ? notMeasured(
          'Stalled viewer: fresh snapshot once it reads again, then no gaps',
          '≥ 1 snapshot, 0 gaps',
          `the socket buffers never filled (${num(s.bytesHeldForIt / MiB, 1)} MiB held for it)`,
        )
      : {
          figure: 'Stalled viewer: fresh snapshot once it reads again, then no gaps',
          measured:
            `${s.resnapshots} snapshot(s), ${s.gapsAfterResync} gaps after ` +
            `(${num(s.bytesHeldForIt / MiB, 1)} MiB were buffered for it)`,
          target: '≥ 1 snapshot, 0 gaps',
          pass: resynced,
        },
    {
      figure: 'Stalled viewer: server memory while it was stalled',
      measured:
        `RSS ${s.rssGrowth >= 0 ? '+' : ''}${num(s.rssGrowth / MiB, 1)} MiB, heap ` +
        `${s.heapGrowth >= 0 ? '+' : ''}${num(s.heapGrowth / MiB, 1)} MiB over ` +
        `${num(s.eventsWhileStalled)} events`,
      target: 'bounded',
      pass: null,
    },
  ];
}
