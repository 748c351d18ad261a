// How many viewers one Echo Lab process serves: steps of 100 to 1,000 bare-WebSocket
// viewers (raw-viewers-child.ts) while paced TCP traffic makes about 2,000 events a second.
// Per step, first the delivery: events each viewer got per second, client write → viewer
// p50 / p99, gaps, switches to a fresh snapshot, the server's CPU and the viewers' own (so
// a step where the load generator ran out of CPU says so). Then, with all the steps'
// deliveries measured and the viewers niced (they stand for browsers on other machines),
// going back down the steps, the echo throughput under the same paced traffic: 1 KiB
// ping-pong over 10 connections, paired rounds against a bare server carrying the same
// paced traffic. Servers run on CPU 0, the harness on CPU 1 (see cpus.ts).

import os from 'node:os';
import { HARNESS_CPUS, lowestPriority, pin, SERVER_CPUS, unpin } from './cpus.ts';
import {
  pageUrl,
  sample,
  startLoad,
  startRawViewers,
  startServer,
  stopAll,
  type Context,
  type LoadChild,
  type Row,
  type Section,
  type ServerChild,
  type ViewersChild,
} from './fleet.ts';
import { ALL_VIEWERS, ServerKind, type ViewerReport } from './ipc.ts';
import { median, ms, num, sleep } from './stats.ts';

const DELIVERY_P99_MS = 100;
const RATIO_TARGET = 0.95;
/** Paced as in the fan-out section: each write is a read and an echo, 2,000 events/s. */
const WRITES_PER_SECOND = 1_000;
const PACED_CONNECTIONS = 10;
const PING_CONNECTIONS = 10;
const SIZE = 1024;

interface Step {
  viewers: number;
  eventsPerSecond: number;
  /** Events each viewer received per second, on average. */
  deliveredPerSecond: number;
  report: ViewerReport;
  serverCpuShare: number;
  viewersCpuShare: number;
  /** The machine's 1-minute load average as the step ended: this machine is shared. */
  loadAverage: number;
  ratio: number;
  labPerSecond: number;
  barePerSecond: number;
  /** What the viewers went through during the throughput rounds. */
  duringThroughput: { gaps: number; resnapshots: number; p99: number };
}

export async function measureViewersScale(ctx: Context): Promise<Section> {
  const steps = ctx.quick ? [50, 200] : [100, 250, 500, 1_000];
  const most = steps[steps.length - 1] ?? 0;
  const seconds = ctx.quick ? 2 : 5;
  const rounds = ctx.quick ? 2 : 5;
  // The defaults cap viewers at 500, 10 per address; every bench viewer is on loopback.
  const flags = ['--max-viewers', String(most * 2), '--max-viewers-per-address', String(most * 2)];
  let lab: ServerChild | undefined;
  let bare: ServerChild | undefined;
  let viewers: ViewersChild | undefined;
  let pacer: LoadChild | undefined;
  try {
    [lab, bare, viewers, pacer] = await Promise.all([
      startServer(ServerKind.lab, 'concurrent', [], flags),
      startServer(ServerKind.bare),
      startRawViewers(),
      startLoad(),
    ]);
    const harness = [ctx.load.pid, viewers.pid, pacer.pid];
    const pinned = (
      await Promise.all([
        pin(lab.pid, SERVER_CPUS),
        pin(bare.pid, SERVER_CPUS),
        ...harness.map((pid) => pin(pid, HARNESS_CPUS)),
      ])
    ).every(Boolean);
    const url = pageUrl(lab);
    const paced = (server: ServerChild, secs: number) =>
      (pacer as LoadChild).request({
        type: 'paced',
        port: server.ready.echoPort,
        conns: PACED_CONNECTIONS,
        rate: WRITES_PER_SECOND,
        seconds: secs,
      });
    const group = (i: number): string => `scale-${i}`;
    const reportAll = (): Promise<ViewerReport> =>
      (viewers as ViewersChild).request({ type: 'report', group: ALL_VIEWERS });

    const measured: Omit<Step, 'ratio' | 'labPerSecond' | 'barePerSecond' | 'duringThroughput'>[] =
      [];
    let attached = 0;
    for (const [i, n] of steps.entries()) {
      await viewers.request({ type: 'attach', group: group(i), url, count: n - attached }, 180_000);
      attached = n;
      await paced(lab, 1);
      await reportAll();
      const before = await sample(lab);
      const startReport = await reportAll();
      const load = await paced(lab, seconds);
      const after = await sample(lab);
      await sleep(300);
      const end = await reportAll();
      const events = after.events - before.events;
      measured.push({
        viewers: n,
        eventsPerSecond: (events * 1000) / load.elapsedMs,
        deliveredPerSecond: ((end.events - startReport.events) * 1000) / load.elapsedMs / n,
        report: { ...end, events: end.events - startReport.events },
        serverCpuShare: (after.cpuUs - before.cpuUs) / 1000 / load.elapsedMs,
        viewersCpuShare: ((end.cpuUs ?? 0) - (startReport.cpuUs ?? 0)) / 1000 / load.elapsedMs,
        loadAverage: os.loadavg()[0] ?? Number.NaN,
      });
    }

    // Throughput, from the most viewers down: the viewers are niced from here on.
    const viewersNiced = lowestPriority(viewers.pid);
    const results: Step[] = [];
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = measured[i];
      if (!step) continue;
      const background = Promise.all([paced(lab, rounds * 2.5 + 3), paced(bare, rounds * 2.5 + 3)]);
      background.catch(() => undefined);
      await sleep(1_000);
      const before = await reportAll();
      const pairs: { lab: number; bare: number }[] = [];
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [lab, bare] : [bare, lab];
        const rate: Record<string, number> = {};
        for (const server of order) {
          const res = await ctx.load.request({
            type: 'pingpong',
            port: server.ready.echoPort,
            conns: PING_CONNECTIONS,
            size: SIZE,
            seconds: 1,
          });
          rate[server === lab ? 'lab' : 'bare'] = (res.roundTrips * 1000) / res.elapsedMs;
        }
        pairs.push({ lab: rate.lab ?? 0, bare: rate.bare ?? 0 });
      }
      const after = await reportAll();
      await background;
      results.unshift({
        ...step,
        ratio: median(pairs.map((p) => p.lab / Math.max(1, p.bare))),
        labPerSecond: median(pairs.map((p) => p.lab)),
        barePerSecond: median(pairs.map((p) => p.bare)),
        duringThroughput: {
          gaps: after.gaps - before.gaps,
          resnapshots: after.resnapshots - before.resnapshots,
          p99: after.delivery.p99,
        },
      });
      await viewers.request({ type: 'detach', group: group(i) });
    }
    await Promise.all(harness.map(unpin));
    // The most viewers before the first step that misses (a noisy pass above it is not it).
    const missed = results.findIndex((s) => !passes(s));
    const best = results[(missed < 0 ? results.length : missed) - 1];
    return {
      name: 'Viewers one process serves',
      rows: rows(results, best),
      data: { pinned, viewersNiced, seconds, rounds, steps: results },
      detail: detail(results),
    };
  } finally {
    await stopAll([lab, bare, viewers, pacer]);
  }
}

const passes = (s: Step): boolean =>
  s.report.delivery.p99 <= DELIVERY_P99_MS &&
  s.report.gaps === 0 &&
  s.report.viewers === s.viewers &&
  s.ratio >= RATIO_TARGET;

function detail(steps: Step[]): string {
  const head =
    '| viewers | events/s made | delivered per viewer/s | delivery p50 / p99 | gaps | fresh snapshots | server CPU | viewers CPU | load avg | echo vs bare |\n' +
    '|---|---|---|---|---|---|---|---|---|---|\n';
  return (
    head +
    steps
      .map(
        (s) =>
          `| ${num(s.viewers)} | ${num(s.eventsPerSecond)} | ${num(s.deliveredPerSecond)} | ` +
          `${ms(s.report.delivery.p50)} / ${ms(s.report.delivery.p99)} | ${num(s.report.gaps)} | ` +
          `${num(s.report.resnapshots)} | ${num(s.serverCpuShare * 100)}% | ` +
          `${num(s.viewersCpuShare * 100)}% | ${num(s.loadAverage, 1)} | ${num(s.ratio, 2)}× (${num(s.labPerSecond)} vs ${num(s.barePerSecond)}/s) |`,
      )
      .join('\n')
  );
}

function rows(steps: Step[], best: Step | undefined): Row[] {
  const perStep: Row[] = steps.map((s) => ({
    figure: `${num(s.viewers)} viewers at 2,000 events/s: delivery p50 / p99; echo vs bare`,
    measured:
      `${ms(s.report.delivery.p50)} / ${ms(s.report.delivery.p99)}, ` +
      `${num(s.deliveredPerSecond)} events/s each, ${num(s.report.gaps)} gaps, ` +
      `${num(s.report.resnapshots)} fresh snapshots, server CPU ${num(s.serverCpuShare * 100)}% ` +
      `(viewers' ${num(s.viewersCpuShare * 100)}%); echo ${num(s.ratio, 2)}× bare`,
    target: `p99 ≤ ${DELIVERY_P99_MS} ms, 0 gaps, ≥ ${RATIO_TARGET}×`,
    pass: passes(s),
  }));
  return [
    {
      figure: 'Most viewers served at 2,000 events/s (p99 ≤ 100 ms, echo ≥ 0.95× bare)',
      measured: best
        ? `${num(best.viewers)} (of ${steps.map((s) => s.viewers).join(' / ')})`
        : 'none',
      target: '— (measured up to 1,000)',
      pass: null,
    },
    ...perStep,
  ];
}
