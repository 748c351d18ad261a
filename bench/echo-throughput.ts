// Echo throughput and round-trip latency, 1 KiB ping-pong, Echo Lab against a bare
// node:net echo server. All servers stay up for the whole section and runs alternate
// (bare, lab, bare, lab...) in short rounds; the median round is reported, so a burst of
// noise from the shared machine hurts one round, not one server. Servers run pinned to
// one core and the load generator and viewers to the other (see cpus.ts).

import type { PingPongResult } from './ipc.ts';
import { ServerKind } from './ipc.ts';
import {
  pageUrl,
  sample,
  startServer,
  stopAll,
  type Context,
  type Row,
  type Section,
  type ServerChild,
} from './fleet.ts';
import { HARNESS_CPUS, lowestPriority, pin, SERVER_CPUS, unpin } from './cpus.ts';
import { median, ms, num } from './stats.ts';

const SIZE = 1024;
const CONNECTIONS = [1, 10, 50] as const;
const VIEWERS = 10;
const RATIO_TARGET = 0.95;

const Config = {
  bare: 'bare node:net',
  lab: `Echo Lab concurrent + ${VIEWERS} viewers`,
  iterative: `Echo Lab iterative + ${VIEWERS} viewers`,
  /** Diagnostic only: how much of the cost is the fan-out to viewers. */
  blind: 'Echo Lab concurrent, no viewers',
} as const;
type Config = keyof typeof Config;

interface Round extends PingPongResult {
  /** Server CPU per round trip, microseconds. */
  cpuUs: number;
  /** The kernel's part of cpuUs. */
  sysUs: number;
  /** Bytes each viewer received per round trip (0 without viewers). */
  viewerBytes: number;
}

export interface Cell {
  config: Config;
  conns: number;
  rounds: Round[];
  perSecond: number;
  p50: number;
  p99: number;
  cpuUsPerMessage: number;
  sysUsPerMessage: number;
  viewerBytesPerMessage: number;
}

const rate = (r: PingPongResult): number => (r.roundTrips * 1000) / r.elapsedMs;

/**
 * The median over rounds of each round's ratio to the bare server's run in the same round:
 * the two ran seconds apart, so a noisy spell on the shared machine hits both, and the
 * ratio survives it better than a ratio of medians would.
 */
function vsBare(cell: Cell, bare: Cell): number {
  return median(
    cell.rounds.map((r, i) => {
      const b = bare.rounds[i];
      return b ? rate(r) / rate(b) : Number.NaN;
    }),
  );
}

function summarize(config: Config, conns: number, rounds: Round[]): Cell {
  return {
    config,
    conns,
    rounds,
    perSecond: median(rounds.map(rate)),
    p50: median(rounds.map((r) => r.latency.p50)),
    p99: median(rounds.map((r) => r.latency.p99)),
    cpuUsPerMessage: median(rounds.map((r) => r.cpuUs)),
    sysUsPerMessage: median(rounds.map((r) => r.sysUs)),
    viewerBytesPerMessage: median(rounds.map((r) => r.viewerBytes)),
  };
}

export async function measureThroughput(ctx: Context): Promise<Section> {
  // Many short rounds beat a few long ones here: the median shrugs off a noisy spell, and
  // the more pairs, the less a ratio moves from one run of the bench to the next. On this
  // shared machine bare's own rate can move by a fifth from one round to the next, and 18
  // pairs left medians 3% apart from run to run. 30 is a whole number of orderOfRound's
  // cycles for three servers (6), and nearly for two (4).
  const rounds = ctx.quick ? 1 : 30;
  const seconds = ctx.quick ? 1.5 : 1;
  const harness = [ctx.load.pid, ctx.viewers.pid];
  let servers: Partial<Record<Config, ServerChild>> = {};
  try {
    const started = await Promise.allSettled([
      startServer(ServerKind.bare),
      startServer(ServerKind.lab, 'concurrent'),
      startServer(ServerKind.lab, 'iterative'),
      startServer(ServerKind.lab, 'concurrent'),
    ]);
    const ok = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    const [bare, lab, iterative, blind] = ok;
    // Whatever started is stopped in `finally`, even if a sibling failed.
    servers = { bare, lab, iterative, blind };
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    if (!bare || !lab || !iterative || !blind) throw new Error('a server did not start');
    await ctx.viewers.request({
      type: 'attach',
      group: 'tp-lab',
      url: pageUrl(lab),
      count: VIEWERS,
    });
    await ctx.viewers.request({
      type: 'attach',
      group: 'tp-iterative',
      url: pageUrl(iterative),
      count: VIEWERS,
    });

    const pinned = (
      await Promise.all([
        ...[bare, lab, iterative, blind].map((server) => pin(server.pid, SERVER_CPUS)),
        ...harness.map((pid) => pin(pid, HARNESS_CPUS)),
      ])
    ).every(Boolean);
    const viewersNiced = lowestPriority(ctx.viewers.pid);

    const groups = new Map<ServerChild, string>([
      [lab, 'tp-lab'],
      [iterative, 'tp-iterative'],
    ]);
    const viewerBytes = async (server: ServerChild): Promise<number> => {
      const group = groups.get(server);
      return group ? (await ctx.viewers.request({ type: 'report', group })).bytes : 0;
    };
    const run = async (server: ServerChild, conns: number, secs: number): Promise<Round> => {
      const [before, bytesBefore] = await Promise.all([sample(server), viewerBytes(server)]);
      const result = await ctx.load.request({
        type: 'pingpong',
        port: server.ready.echoPort,
        conns,
        size: SIZE,
        seconds: secs,
      });
      const [after, bytesAfter] = await Promise.all([sample(server), viewerBytes(server)]);
      const messages = Math.max(1, result.roundTrips);
      return {
        ...result,
        cpuUs: (after.cpuUs - before.cpuUs) / messages,
        sysUs: (after.sysUs - before.sysUs) / messages,
        viewerBytes: (bytesAfter - bytesBefore) / messages / VIEWERS,
      };
    };

    const cells: Cell[] = [];
    for (const conns of CONNECTIONS) {
      const configs: Config[] = ['bare', 'lab'];
      if (conns === 1) configs.push('iterative');
      if (conns === 10) configs.push('blind');
      // Warm-up at this load: V8 optimizes the paths it takes before anything counts.
      for (const config of configs) {
        const server = servers[config];
        if (server) await run(server, conns, ctx.quick ? 0.25 : 0.5);
      }
      const got = new Map<Config, Round[]>(configs.map((c) => [c, []]));
      for (let r = 0; r < rounds; r++) {
        const order = orderOfRound(configs, r);
        for (const config of order) {
          const server = servers[config];
          if (server) got.get(config)?.push(await run(server, conns, seconds));
        }
      }
      for (const [config, list] of got) cells.push(summarize(config, conns, list));
    }

    const [labViewers, iterativeViewers] = await Promise.all([
      ctx.viewers.request({ type: 'report', group: 'tp-lab' }),
      ctx.viewers.request({ type: 'report', group: 'tp-iterative' }),
    ]);
    return {
      name: 'Echo throughput, 1 KiB ping-pong',
      rows: rows(cells, labViewers.gaps + iterativeViewers.gaps, labViewers.events),
      data: {
        sizeBytes: SIZE,
        rounds,
        seconds,
        pinned,
        viewersNiced,
        cells,
        viewers: { labViewers, iterativeViewers },
      },
      detail: `${pinned ? PINNED : UNPINNED}${viewersNiced ? NICED : ''}\n\n${detail(cells)}`,
    };
  } finally {
    await Promise.all(harness.map(unpin));
    await Promise.allSettled([
      ctx.viewers.request({ type: 'detach', group: 'tp-lab' }),
      ctx.viewers.request({ type: 'detach', group: 'tp-iterative' }),
    ]);
    await stopAll(Object.values(servers));
  }
}

/**
 * The order of the servers in round `r`: rotated a place each round and reversed every
 * other cycle, so each runs first, in the middle and last, before and after each other,
 * equally often. With three servers a plain alternation kept Echo Lab always in the middle.
 */
function orderOfRound<T>(configs: readonly T[], r: number): T[] {
  const shift = r % configs.length;
  const rotated = [...configs.slice(shift), ...configs.slice(0, shift)];
  return Math.floor(r / configs.length) % 2 === 0 ? rotated : rotated.reverse();
}

const PINNED =
  `Each server ran pinned to CPU ${SERVER_CPUS}, the load generator and the viewers to ` +
  `CPU ${HARNESS_CPUS}; runs take turns in rounds, in an order rotated each round, and each ` +
  "ratio is the median of the rounds' ratios.";
const NICED =
  ' The viewers ran at the lowest CPU priority, so decoding events never slowed the load ' +
  "generator beside them (they stand for students' browsers on other machines).";
const UNPINNED =
  'Not pinned (taskset missing or a single CPU): the scheduler placed the processes, so ' +
  'ratios are noisier; runs take turns in rounds and each ratio is the median of the rounds.';

/** Two decimals, rounded down: 0.947 must not read as 0.95 beside a FAIL. */
const ratioText = (ratio: number): string => `${num(Math.floor(ratio * 100 + 1e-9) / 100, 2)}×`;

const find = (cells: Cell[], config: Config, conns: number): Cell | undefined =>
  cells.find((c) => c.config === config && c.conns === conns);

function rows(cells: Cell[], viewerGaps: number, viewerEvents: number): Row[] {
  const out: Row[] = [];
  for (const conns of CONNECTIONS) {
    const bare = find(cells, 'bare', conns);
    const lab = find(cells, 'lab', conns);
    if (!bare || !lab) continue;
    const ratio = vsBare(lab, bare);
    out.push({
      figure: `Throughput, ${conns} conn${conns > 1 ? 's' : ''}: Echo Lab (${VIEWERS} viewers) / bare`,
      measured: `${ratioText(ratio)} (${num(lab.perSecond)} vs ${num(bare.perSecond)} msg/s)`,
      target: `≥ ${RATIO_TARGET}×`,
      pass: ratio >= RATIO_TARGET,
    });
  }
  const bare1 = find(cells, 'bare', 1);
  const iterative = find(cells, 'iterative', 1);
  if (bare1 && iterative) {
    out.push({
      figure: 'Throughput, 1 conn: Echo Lab iterative / bare',
      measured: `${ratioText(vsBare(iterative, bare1))} (${num(iterative.perSecond)} msg/s)`,
      target: '— (no target)',
      pass: null,
    });
  }
  const blind = find(cells, 'blind', 10);
  const bare10 = find(cells, 'bare', 10);
  if (blind && bare10) {
    out.push({
      figure: 'Throughput, 10 conns: Echo Lab without viewers / bare (diagnostic)',
      measured: `${ratioText(vsBare(blind, bare10))} (${num(blind.perSecond)} msg/s)`,
      target: '— (no target)',
      pass: null,
    });
  }
  out.push({
    figure: `The ${VIEWERS} viewers during the throughput runs: gaps`,
    measured: `${num(viewerGaps)} gaps in ${num(viewerEvents)} events received`,
    target: '0',
    pass: viewerGaps === 0,
  });
  return out;
}

function detail(cells: Cell[]): string {
  const lines = [
    '| conns | server | msg/s | p50 RTT | p99 RTT | server CPU/msg (of it kernel) | bytes/msg to each viewer | vs bare (paired median) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const cell of cells) {
    const bare = find(cells, 'bare', cell.conns);
    const ratio = bare ? vsBare(cell, bare) : Number.NaN;
    lines.push(
      `| ${cell.conns} | ${Config[cell.config]} | ${num(cell.perSecond)} | ${ms(cell.p50)} | ` +
        `${ms(cell.p99)} | ${num(cell.cpuUsPerMessage, 1)} µs (${num(cell.sysUsPerMessage, 1)}) | ${num(cell.viewerBytesPerMessage)} | ` +
        `${ratioText(ratio)} |`,
    );
  }
  return lines.join('\n');
}
