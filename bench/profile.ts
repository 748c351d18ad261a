// `--profile`: where Echo Lab's time goes under the throughput load (1 KiB ping-pong,
// 10 viewers). The server child profiles each of its threads (Echo Lab's echo server has
// its own); their samples are summed together by function (self time) and by file or
// package, so a missed target points at the code to fix.

import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './children.ts';
import {
  pageUrl,
  sample,
  startServer,
  stopAll,
  type Context,
  type Section,
  type ServerChild,
} from './fleet.ts';
import { ServerKind } from './ipc.ts';
import { num } from './stats.ts';
import { threadFile } from './thread-profiler.ts';

const PROFILE_DIR = path.join(ROOT, 'bench/out/profiles');

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg>, a project file, node: internals, or V8's own buckets. */
function place(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const local = url.indexOf(`${ROOT}/`);
  return local >= 0 ? url.slice(local + ROOT.length + 1) : url;
}

const FAN_OUT =
  /^(socket\.io|socket\.io-parser|socket\.io-adapter|engine\.io|engine\.io-parser|ws)$/;

/** The layer a place belongs to: what a fix would have to touch. */
function layer(where: string): string {
  if (where === '(idle)' || where === '(garbage collector)') return where;
  if (where.startsWith('server/') || where.startsWith('shared/'))
    return 'Echo Lab code (server/, shared/)';
  if (FAN_OUT.test(where)) return 'socket.io fan-out (socket.io, engine.io, ws)';
  if (where === 'node internals' || where === '(native)' || where === '(program)') {
    return 'Node runtime: sockets, streams, syscalls';
  }
  return where;
}

/** Several threads' profiles as one: node ids renumbered apart, samples side by side. */
function merge(profiles: CpuProfile[]): CpuProfile {
  const merged: CpuProfile = { nodes: [], samples: [], timeDeltas: [] };
  let offset = 0;
  for (const p of profiles) {
    merged.nodes.push(...p.nodes.map((n) => ({ ...n, id: n.id + offset })));
    merged.samples.push(...p.samples.map((id) => id + offset));
    merged.timeDeltas.push(...p.timeDeltas);
    offset += Math.max(0, ...p.nodes.map((n) => n.id));
  }
  return merged;
}

export function summarize(profile: CpuProfile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const fns = new Map<string, number>();
  const places = new Map<string, number>();
  const layers = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!frame) return;
    const where = place(frame.url, frame.functionName);
    layers.set(layer(where), (layers.get(layer(where)) ?? 0) + us);
    // Shares are of busy time: idle is how much the load left over, not a cost.
    if (where === '(idle)') return;
    total += us;
    // tsx's output keeps names but not lines, so a function is known by name and file.
    const fn = `${frame.functionName || '(anonymous)'} — ${where}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    places.set(where, (places.get(where) ?? 0) + us);
  });
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / total }));
  return {
    busyMs: total / 1000,
    layers: rank(layers),
    functions: rank(fns),
    places: rank(places),
  };
}

/** Profiles one server through a warmed-up load window; the profile covers only the window. */
async function profileOne(ctx: Context, kind: ServerKind, conns: number, seconds: number) {
  let server: ServerChild | undefined;
  try {
    server = await startServer(kind, 'concurrent');
    if (kind === ServerKind.lab) {
      await ctx.viewers.request({ type: 'attach', group: 'prof', url: pageUrl(server), count: 10 });
    }
    const job = { type: 'pingpong', port: server.ready.echoPort, conns, size: 1024 } as const;
    // Warm up first: the profile is of the steady state, not of compiling and loading.
    await ctx.load.request({ ...job, seconds: 1 });
    const file = path.join(PROFILE_DIR, `${kind}-${conns}.cpuprofile`);
    const before = await sample(server);
    await server.request({ type: 'profile', action: 'start' });
    const run = await ctx.load.request({ ...job, seconds });
    const { threads = 1 } = await server.request({ type: 'profile', action: 'stop', file });
    const after = await sample(server);
    const files = Array.from({ length: threads }, (_, i) => (i === 0 ? file : threadFile(file, i)));
    const profiles = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as CpuProfile),
    );
    const summary = summarize(merge(profiles));
    return {
      file: path.relative(ROOT, file),
      messages: run.roundTrips,
      elapsedMs: run.elapsedMs,
      /** CPU time the OS charged the server per message, profiler included. */
      cpuUsPerMessage: (after.cpuUs - before.cpuUs) / Math.max(1, run.roundTrips),
      sysUsPerMessage: (after.sysUs - before.sysUs) / Math.max(1, run.roundTrips),
      ...summary,
    };
  } finally {
    await Promise.allSettled([ctx.viewers.request({ type: 'detach', group: 'prof' })]);
    await stopAll([server]);
  }
}

type Profiled = Awaited<ReturnType<typeof profileOne>>;

const table = (title: string, list: { name: string; ms: number; share: number }[]) =>
  [`| ${title} | self ms | share of busy |`, '|---|---:|---:|']
    .concat(
      list.map(
        (r) => `| ${r.name.replace(/\|/g, '\\|')} | ${num(r.ms)} | ${num(r.share * 100, 1)}% |`,
      ),
    )
    .join('\n');

/** Each layer's samples per message, Echo Lab against bare, at one connection count. */
function compare(conns: number, lab: Profiled, bare: Profiled): string {
  const perMessage = (p: Profiled, name: string): number =>
    ((p.layers.find((l) => l.name === name)?.ms ?? 0) * 1000) / Math.max(1, p.messages);
  const names = [...new Set([...lab.layers, ...bare.layers].map((l) => l.name))].filter(
    (n) => n !== '(idle)',
  );
  const rate = (p: Profiled): string => num((p.messages * 1000) / p.elapsedMs);
  const cpu = (p: Profiled): string =>
    `${num(p.cpuUsPerMessage - p.sysUsPerMessage, 1)} + ${num(p.sysUsPerMessage, 1)}`;
  const busy = (p: Profiled): string => num((p.busyMs * 1000) / Math.max(1, p.messages), 1);
  return [
    `| ${conns} conn${conns > 1 ? 's' : ''}: layer (µs of samples per message) | Echo Lab | bare |`,
    '|---|---:|---:|',
    ...names.map(
      (n) => `| ${n} | ${num(perMessage(lab, n), 1)} | ${num(perMessage(bare, n), 1)} |`,
    ),
    `| **sampled busy, all layers** | **${busy(lab)}** | **${busy(bare)}** |`,
    `| CPU charged by the OS, user + kernel | ${cpu(lab)} | ${cpu(bare)} |`,
    `| msg/s while profiled | ${rate(lab)} | ${rate(bare)} |`,
  ].join('\n');
}

export async function profileLab(ctx: Context): Promise<Section> {
  await rm(PROFILE_DIR, { recursive: true, force: true });
  await mkdir(PROFILE_DIR, { recursive: true });
  const seconds = ctx.quick ? 3 : 5;
  const parts = [
    `1 KiB ping-pong, ${seconds} s per profile after a 1 s warm-up; Echo Lab concurrent with ` +
      '10 viewers against the bare server. The profiler samples wall time: on a busy 2-core ' +
      'machine, time the server spends preempted is charged to the syscall it was in ' +
      '(writeBuffer), so trust the OS CPU line for totals and the layers for proportions. ' +
      'Profiles in bench/out/profiles/ (open them in Chrome DevTools).',
  ];
  const data: Record<string, { lab: Profiled; bare: Profiled }> = {};
  let last: Profiled | undefined;
  for (const conns of [1, 50]) {
    const lab = await profileOne(ctx, ServerKind.lab, conns, seconds);
    const bare = await profileOne(ctx, ServerKind.bare, conns, seconds);
    data[`${conns}`] = { lab, bare };
    parts.push('', compare(conns, lab, bare));
    last = lab;
  }
  if (last) {
    parts.push('', table('Echo Lab, 50 conns, by file or package', last.places));
    parts.push('', table('Echo Lab, 50 conns, by function', last.functions));
  }
  return {
    name: 'Profile: Echo Lab vs bare under load',
    rows: [],
    data,
    detail: parts.join('\n'),
  };
}
