import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { reduceAll } from '../shared/lab.ts';
import type {
  ClientToServerEvents,
  LabEvent,
  ServerToClientEvents,
  Snapshot,
} from '../shared/protocol.ts';
import { createLabStore, type LabStore } from '../web/src/store/lab-store.ts';
import { VIEW_NICE } from '../server/echo-thread/priority.ts';
import { eventually } from './support/app.ts';
import { closeLaunchedAfterEach, exitOf } from './support/launched.ts';
import { connectViewer, isGapless } from './support/probes.ts';
import { bundled } from './support/server-bundle.ts';
import { RawClient } from './support/tcp.ts';
import { overJson } from './support/wire.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { apps, cleanup, launch, raw, echoOnce } = closeLaunchedAfterEach();

describe('server restart', () => {
  it('pages reconnect by themselves and resync with no gap and no duplicate', async () => {
    const a = await launch({ namePrograms: false });
    const { webPort, echoPort } = a.addresses;
    const url = `http://127.0.0.1:${webPort}`;

    const store: LabStore = createLabStore(url, undefined);
    cleanup.push(() => store.close());
    // A plain socket.io page, reconnecting with the library's defaults.
    const plain: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { forceNew: true });
    cleanup.push(() => plain.close());
    const snapshots: Snapshot[] = [];
    const live: LabEvent[][] = [];
    plain.on('snapshot', (s) => {
      snapshots.push(s);
      live.push([]);
    });
    plain.on('events', (batch) => live.at(-1)?.push(...batch));

    await eventually(() => store.getState().link === 'live' && snapshots.length === 1);
    await echoOnce(echoPort, 'before the restart');
    await eventually(() => store.getState().lab.totals.echoes === 1);
    const before = store.getState();

    await a.close();
    apps.splice(apps.indexOf(a), 1);
    await eventually(() => store.getState().link === 'offline' && !plain.connected);

    // The same ports, as when the teacher restarts Echo Lab.
    const b = await launch({ port: echoPort, webPort, namePrograms: false });
    expect(b.addresses).toMatchObject({ echoPort, webPort });
    await eventually(() => store.getState().link === 'live' && snapshots.length === 2, 10_000);
    const after = store.getState();
    expect(after.run).toBe(before.run + 1);
    expect(after.lab.startedAt).not.toBe(before.lab.startedAt);
    expect(after.lab.totals.echoes).toBe(0);
    expect(snapshots[1]!.state.startedAt).toBe(b.hub.lab.startedAt);

    for (let i = 0; i < 3; i++) await echoOnce(echoPort, `after the restart ${i}`);
    await eventually(() => store.getState().lab.totals.echoes === 3);
    await eventually(() => live[1]!.some((e) => e.type === 'client.closed' && e.id === 3));

    const view = store.getState();
    const seqs = view.events.map((e) => e.seq);
    expect(isGapless(seqs, seqs[0]!), `seqs: ${seqs.join(',')}`).toBe(true);
    expect(seqs.at(-1)).toBe(view.lab.seq);
    expect(overJson(view.lab)).toEqual(overJson(b.hub.lab));
    expect(view.run).toBe(after.run);

    const [, second] = snapshots;
    const events = live[1]!;
    expect(
      isGapless(
        events.map((e) => e.seq),
        second!.seq + 1,
      ),
    ).toBe(true);
    expect(overJson(reduceAll(second!.state, events))).toEqual(overJson(b.hub.lab));
  });
});

/** Runs the real command line, as a teacher does, and reads its ports from the banner. */
async function startCli(): Promise<{ child: ChildProcess; webPort: number; echoPort: number }> {
  const child = spawn(process.execPath, [bundled('main'), '--port', '0', '--web-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanup.push(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await eventually(() => /TCP echo server\s+\S+:\d+/.test(out) || child.exitCode !== null, 15_000);
  const web = /Page\s+http:\/\/[^:]+:(\d+)\//.exec(out);
  const echo = /TCP echo server\s+\S+:(\d+)/.exec(out);
  if (!web || !echo) throw new Error(`no ports in the banner:\n${out}`);
  return { child, webPort: Number(web[1]), echoPort: Number(echo[1]) };
}

describe('signals', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} closes every client and exits 0`, async () => {
      const { child, echoPort, webPort } = await startCli();
      const served = await raw(echoPort);
      const waiting = await raw(echoPort);
      served.send('hola');
      expect((await served.receive(4)).toString()).toBe('hola');
      const page = await connectViewer(`http://127.0.0.1:${webPort}`);
      cleanup.push(() => page.socket.close());
      expect(page.snapshot).not.toBeNull();

      const exited = exitOf(child);
      child.kill(signal);
      await Promise.all([served.waitEnded(5_000), waiting.waitEnded(5_000)]);
      expect(await exited).toBe(0);
      // Nothing left listening.
      await expect(RawClient.connect(echoPort)).rejects.toThrow();
    }, 25_000);
  }
});

/** Nice value and CPU ticks of every thread of a process, from /proc (Linux). */
function threadsOf(pid: number): Map<number, { nice: number; ticks: number }> {
  const threads = new Map<number, { nice: number; ticks: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces: utime is the 12th, nice the 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    threads.set(Number(tid), { nice: Number(fields[16]), ticks });
  }
  return threads;
}

describe('CPU priority', () => {
  it.runIf(process.platform === 'linux')(
    'the web side yields to the echo thread, which keeps the priority Echo Lab started with',
    async () => {
      const { child, echoPort } = await startCli();
      const pid = child.pid!;
      const before = threadsOf(pid);
      const socket = net.connect({ host: '127.0.0.1', port: echoPort });
      cleanup.push(() => socket.destroy());
      const total = 16 * 1024 * 1024;
      await new Promise<void>((resolve, reject) => {
        let echoed = 0;
        socket.on('data', (chunk: Buffer) => {
          echoed += chunk.length;
          if (echoed >= total) resolve();
        });
        socket.on('error', reject);
        socket.write(Buffer.alloc(total, 'e'));
      });
      const after = threadsOf(pid);
      expect(after.get(pid)?.nice).toBe(VIEW_NICE);
      // The echo thread is the one that did the echoing: the busiest since `before`.
      const [busiest] = [...after]
        .map(([tid, t]) => ({ tid, nice: t.nice, used: t.ticks - (before.get(tid)?.ticks ?? 0) }))
        .sort((a, b) => b.used - a.used);
      expect(busiest?.tid).not.toBe(pid);
      expect(busiest?.nice).toBe(0);
    },
    25_000,
  );
});
