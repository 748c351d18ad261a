// Server memory against echoes served: Echo Lab (concurrent, one viewer watching) is
// sampled after a full GC at 1 k, 10 k, 100 k and 1 M small echoes. A bounded server levels
// off after its history ring fills; a leak grows with every step.

import { ServerKind } from './ipc.ts';
import {
  pageUrl,
  sample,
  startServer,
  stopAll,
  type Context,
  type Section,
  type ServerChild,
} from './fleet.ts';
import { MiB, num } from './stats.ts';

const RSS_TARGET_MIB = 50;
const CONNECTIONS = 8;
const SIZE = 16;

export async function measureMemory(ctx: Context): Promise<Section> {
  const checkpoints = ctx.quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000];
  let lab: ServerChild | undefined;
  try {
    lab = await startServer(ServerKind.lab, 'concurrent', ['--expose-gc']);
    await ctx.viewers.request({ type: 'attach', group: 'mem', url: pageUrl(lab), count: 1 });
    const start = await sample(lab, true);
    const samples = [];
    let done = 0;
    for (const checkpoint of checkpoints) {
      const started = Date.now();
      const run = await ctx.load.request(
        {
          type: 'count',
          port: lab.ready.echoPort,
          conns: CONNECTIONS,
          size: SIZE,
          count: checkpoint - done,
        },
        // Generous: at the slowest plausible 5,000 echoes/s, 1 M takes 200 s.
        300_000,
      );
      done += run.roundTrips;
      const s = await sample(lab, true);
      samples.push({
        // The client's count: exact at once, where the server's bursts arrive a window late.
        echoes: done,
        serverEchoes: s.echoes,
        rss: s.rss,
        heapUsed: s.heapUsed,
        echoesPerSecond: (run.roundTrips * 1000) / (Date.now() - started),
      });
    }
    const viewer = await ctx.viewers.request({ type: 'report', group: 'mem' });
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (!first || !last) throw new Error('no samples');
    const growth = (last.rss - first.rss) / MiB;
    const label = (n: number): string => (n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`);
    const lastLabel = label(checkpoints[checkpoints.length - 1] ?? 0);
    return {
      name: 'Server memory',
      rows: [
        {
          figure: `Server RSS after 1 k → ${lastLabel} echoes (GC'd first)`,
          measured:
            `${num(first.rss / MiB, 1)} → ${num(last.rss / MiB, 1)} MiB ` +
            `(${growth >= 0 ? '+' : ''}${num(growth, 1)} MiB; heap ${num(first.heapUsed / MiB, 1)} → ` +
            `${num(last.heapUsed / MiB, 1)} MiB)`,
          target: `≤ +${RSS_TARGET_MIB} MiB` + (ctx.quick ? ' (at 1 M)' : ''),
          pass: growth <= RSS_TARGET_MIB,
        },
        {
          figure: 'The watching viewer: gaps / fresh snapshots',
          measured: `${num(viewer.gaps)} / ${num(viewer.resnapshots)} in ${num(viewer.events)} events`,
          target: '0 gaps',
          pass: viewer.gaps === 0 && viewer.duplicates === 0,
        },
      ],
      data: { connections: CONNECTIONS, sizeBytes: SIZE, start, samples, viewer },
      detail: detail(samples),
    };
  } finally {
    await Promise.allSettled([ctx.viewers.request({ type: 'detach', group: 'mem' })]);
    await stopAll([lab]);
  }
}

function detail(
  samples: { echoes: number; rss: number; heapUsed: number; echoesPerSecond: number }[],
) {
  const lines = ['| echoes | RSS | heap used | echoes/s in the step |', '|---:|---:|---:|---:|'];
  for (const s of samples) {
    lines.push(
      `| ${num(s.echoes)} | ${num(s.rss / MiB, 1)} MiB | ${num(s.heapUsed / MiB, 1)} MiB | ${num(s.echoesPerSecond)} |`,
    );
  }
  return lines.join('\n');
}
