// The load generator, in its own process so its CPU is never taken from a server's event
// loop. Every connection goes to 127.0.0.1 and every job is bounded in time or count.

import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { serveRequests, type LoadJob, type LoadResults, type PingPongResult } from './ipc.ts';
import { sleep, spread } from './stats.ts';

/** Pause between connecting and starting the clock of a timed run. */
const SETTLE_MS = 250;

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * Sends FIN on every socket and waits for the server's close, so the next job starts on a
 * server with no connection left over (an iterative server would serve the old one first).
 */
async function closeAll(sockets: net.Socket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => socket.destroy(), 3_000);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.on('error', () => undefined);
          socket.end();
        }),
    ),
  );
}

/** Ping-pong on `conns` connections until `seconds` pass or `count` round trips are done. */
async function pingPong(
  port: number,
  conns: number,
  size: number,
  until: { seconds: number } | { count: number },
): Promise<PingPongResult> {
  const sockets = await Promise.all(Array.from({ length: conns }, () => connect(port)));
  // A timed run measures echoes, not arrivals: what a server does once per connection
  // (Echo Lab names the program behind it and reports it) settles before the clock starts,
  // as a class's clients connect once and then talk.
  if ('seconds' in until) await sleep(SETTLE_MS);
  const payload = Buffer.alloc(size, 'x');
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = 'seconds' in until ? start + until.seconds * 1000 : Infinity;
  const target = 'count' in until ? until.count : Infinity;
  let started = 0;
  let end = start;

  // A connection an iterative server has not accepted yet never gets its echo: the clock,
  // not the last echo, ends a timed run.
  const stops: (() => void)[] = [];
  const timer =
    deadline === Infinity
      ? undefined
      : setTimeout(() => stops.forEach((stop) => stop()), deadline - start + 100);
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          stops.push(() => {
            end = Math.max(end, deadline);
            resolve();
          });
          let received = 0;
          let sentAt = 0;
          const send = (): void => {
            const now = performance.now();
            // Count-bounded runs reserve their round trips, so the total is exact.
            if (now >= deadline || started >= target) {
              end = Math.max(end, now);
              resolve();
              return;
            }
            started++;
            sentAt = now;
            socket.write(payload);
          };
          socket.on('data', (chunk) => {
            received += chunk.length;
            if (received < size) return;
            received -= size;
            latencies.push(performance.now() - sentAt);
            send();
          });
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          send();
        }),
    ),
  );
  clearTimeout(timer);
  await closeAll(sockets);
  return { roundTrips: latencies.length, elapsedMs: end - start, latency: spread(latencies) };
}

/** `rate` writes a second, each stamped with its write time, round robin over `conns`. */
async function paced(port: number, conns: number, rate: number, seconds: number, fill = 0) {
  const sockets = await Promise.all(Array.from({ length: conns }, () => connect(port)));
  for (const socket of sockets) socket.on('data', () => undefined);
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < seconds * 1000) {
    const owed = Math.floor(((performance.now() - start) * rate) / 1000) - sent;
    for (let i = 0; i < owed; i++) {
      const socket = sockets[sent % sockets.length];
      socket?.write(fill > 0 ? Buffer.alloc(fill) : `bench:${Date.now()}:${sent}\n`);
      sent++;
    }
    // A millisecond tick: at 1,000 writes/s over 10 connections a connection rarely gets
    // two writes in one tick, so reads and writes stay one to one.
    await sleep(1);
  }
  const elapsedMs = performance.now() - start;
  await closeAll(sockets);
  return { sent, elapsedMs };
}

/** Writes `lat:<Date.now()>:<n>` tokens at a steady pace, round robin over `conns`. */
async function tokens(port: number, conns: number, count: number, intervalMs: number) {
  const sockets = await Promise.all(Array.from({ length: conns }, () => connect(port)));
  for (const socket of sockets) socket.on('data', () => undefined);
  for (let n = 0; n < count; n++) {
    sockets[n % conns]?.write(`lat:${Date.now()}:${n}`);
    await sleep(intervalMs);
  }
  await closeAll(sockets);
  return { sent: count };
}

async function handle(job: LoadJob): Promise<LoadResults[LoadJob['type']]> {
  switch (job.type) {
    case 'pingpong':
      return pingPong(job.port, job.conns, job.size, { seconds: job.seconds });
    case 'count':
      return pingPong(job.port, job.conns, job.size, { count: job.count });
    case 'paced':
      return paced(job.port, job.conns, job.rate, job.seconds, job.fill);
    case 'tokens':
      return tokens(job.port, job.conns, job.count, job.intervalMs);
  }
}

serveRequests<LoadJob>({}, handle);
