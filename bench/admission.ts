// A new client's first echo while the page side is busy. Echo Lab (iterative, as npm start
// runs it) gets one page flooding its main thread with commands, from a process of its own;
// meanwhile this process, idle otherwise, opens one new raw TCP client after another from
// loopback and times each from connect() to its first echo. The echo thread must not wait
// for the busy thread to let a client in.

import net from 'node:net';
import { DEFAULTS } from '../shared/protocol.ts';
import { ServerKind } from './ipc.ts';
import {
  pageUrl,
  startBusy,
  startServer,
  stopAll,
  type BusyChild,
  type Context,
  type Section,
  type ServerChild,
} from './fleet.ts';
import { ms, num, sleep, spread } from './stats.ts';

const FIRST_ECHO_P99_TARGET_MS = 10;
/** Past this, a client counts as never echoed; the figure then says so. */
const GIVE_UP_MS = 5_000;
/** The page side needs a moment under the flood before it is really behind. */
const WARM_UP_MS = 1_000;

/** Connect, send 4 bytes, time their echo, then say the word and wait for the close. */
function firstEcho(port: number): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true }, () =>
      socket.write('ping'),
    );
    let got = 0;
    let took: number | null = null;
    const timer = setTimeout(() => socket.destroy(), GIVE_UP_MS);
    socket.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got < 4 || took !== null) return;
      took = performance.now() - t0;
      socket.end(DEFAULTS.disconnectWord);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(took ?? GIVE_UP_MS);
    });
  });
}

async function sampleWhile(port: number, running: () => boolean, max: number): Promise<number[]> {
  const samples: number[] = [];
  while (running() && samples.length < max) {
    samples.push(await firstEcho(port));
    await sleep(20);
  }
  return samples;
}

export async function measureAdmission(ctx: Context): Promise<Section> {
  const seconds = ctx.quick ? 4 : 10;
  const max = ctx.quick ? 40 : 200;
  let lab: ServerChild | undefined;
  let busy: BusyChild | undefined;
  try {
    [lab, busy] = await Promise.all([startServer(ServerKind.lab, 'iterative'), startBusy()]);
    const port = lab.ready.echoPort;
    const idle = await sampleWhile(port, () => true, 30);

    let flooding = true;
    const flood = busy.request({ type: 'flood', url: pageUrl(lab), seconds }, 120_000);
    void flood.finally(() => (flooding = false)).catch(() => undefined);
    await sleep(WARM_UP_MS);
    const busySamples = await sampleWhile(port, () => flooding, max);
    const page = await flood;

    const quiet = spread(idle);
    const loaded = spread(busySamples);
    const lost = busySamples.filter((t) => t >= GIVE_UP_MS).length;
    return {
      name: 'Admission while the page side is busy',
      rows: [
        {
          figure: "A new raw client's first echo, page side flooded (p50 / p99)",
          measured:
            `${ms(loaded.p50)} / ${ms(loaded.p99)} (max ${ms(loaded.max)}; ${num(loaded.n)} clients` +
            `${lost > 0 ? `, ${num(lost)} never echoed in ${GIVE_UP_MS / 1000} s` : ''}; ` +
            `idle ${ms(quiet.p50)} / ${ms(quiet.p99)})`,
          target: `≤ ${FIRST_ECHO_P99_TARGET_MS} ms p99`,
          pass: lost === 0 && loaded.p99 <= FIRST_ECHO_P99_TARGET_MS,
        },
        {
          figure: 'How busy the page side was: /healthz during the flood (p50 / p99)',
          measured:
            `${ms(page.healthz.p50)} / ${ms(page.healthz.p99)} (${num(page.commands)} commands ` +
            `in ${seconds} s; worked off ${ms(page.drainMs)} after)`,
          target: '— (the load)',
          pass: null,
        },
      ],
      data: { seconds, idle: quiet, busy: loaded, lost, page },
    };
  } finally {
    await stopAll([lab, busy]);
  }
}
