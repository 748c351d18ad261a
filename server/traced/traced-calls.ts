import { CHILD_CALLS_SHOWN } from '../../shared/traced.ts';
import type { EventSource } from '../echo/event-source.ts';
import { callName, type AtTracker } from './at-tracker.ts';
import { StraceLines, quotedBytes, returned, socketEnds, type Call } from './strace-lines.ts';
import type { TracedClients } from './traced-clients.ts';

interface TracerMessage {
  k: 'hello' | 'at' | 'done';
  call?: string;
  fd?: number;
  file?: string;
  line?: number;
  n?: number;
}

export interface CallsDeps {
  events: EventSource;
  clients: TracedClients;
  at: AtTracker;
  listened(host: string, port: number, backlog: number): void;
}

const READS = new Set(['recvfrom', 'recvmsg', 'read']);
const WRITES = new Set(['sendto', 'sendmsg', 'write']);

/**
 * Turns what strace and the Python tracer report into events: reads and writes on a
 * client's socket are arrows, accept() takes a client from the queue, the first listen()
 * is the server starting; other socket calls are told as `child.call`.
 */
export class TracedCalls {
  private readonly lines = new StraceLines((call) => this.call(call));
  private tracerRest = '';
  /** With the Python tracer on, it says where the program is, with the line; strace need not. */
  private python = false;
  /** The line of the Python tracer's last call on each fd, for the calls strace then reports. */
  private readonly lineOf = new Map<number, number>();
  private listenPort: number | null = null;
  private told = 0;

  constructor(private readonly deps: CallsDeps) {}

  trace(text: string): void {
    this.lines.feed(text);
  }

  tracer(text: string): void {
    const parts = (this.tracerRest + text).split('\n');
    this.tracerRest = parts.pop() ?? '';
    for (const part of parts) {
      let m: TracerMessage;
      try {
        m = JSON.parse(part) as TracerMessage;
      } catch {
        continue;
      }
      if (m.k === 'hello') this.python = true;
      else if (m.k === 'at' && m.call) {
        if (typeof m.fd === 'number' && typeof m.line === 'number') this.lineOf.set(m.fd, m.line);
        this.deps.at.enter(m.call, m.fd ?? null, m.file ?? null, m.line ?? null);
      } else if (m.k === 'done' && m.call) this.deps.at.leave(m.call, m.fd ?? null);
    }
  }

  private call(c: Call): void {
    const { clients, at } = this.deps;
    const tcpSocket = c.name === 'socket' && /<TCP/.test(c.result ?? '');
    if (!c.socket && !tcpSocket && !(c.name === 'socket' && c.result === null)) return;
    if (c.result === null) {
      if (!this.python) at.enter(c.name, c.fd, null, null);
      return;
    }
    if (!this.python) at.leave(c.name, c.fd);
    const n = returned(c.result);
    const tracked = clients.onFd(c.fd);
    if (tracked && READS.has(c.name)) {
      if (n !== null) clients.read(tracked, quotedBytes(c.args)?.bytes ?? Buffer.alloc(0), n);
      else this.other(c, tracked.id);
    } else if (tracked && WRITES.has(c.name)) {
      if (n !== null) clients.echoed(tracked, n);
      else this.other(c, tracked.id);
    } else if (c.name === 'accept' || c.name === 'accept4') {
      const ends = socketEnds(/^\d+<TCPv?6?:\[(.*)\]>/.exec(c.result)?.[1] ?? null);
      if (n !== null && ends?.peer) clients.acceptedFd(n, ends.peer);
      else this.other(c, null);
    } else if (c.name === 'close' && c.fd !== null && clients.closedFd(c.fd)) {
      return;
    } else if (c.name === 'listen' && this.listenPort === null && n === 0) {
      const ends = socketEnds(c.socket);
      const backlog = Number(/^\d+<[^>]*>, (\d+)/.exec(c.args)?.[1] ?? NaN);
      if (!ends) return this.other(c, null);
      this.listenPort = ends.local.port;
      this.other(c, null);
      this.deps.listened(
        ends.local.address,
        ends.local.port,
        Number.isFinite(backlog) ? backlog : 0,
      );
    } else {
      this.other(c, tracked?.id ?? null);
    }
  }

  /** A call with no arrow of its own; only the first few hundred, so a loop cannot flood. */
  private other(c: Call, id: number | null): void {
    if (this.told >= CHILD_CALLS_SHOWN) return;
    this.told++;
    const fd = c.fd ?? returned(c.result) ?? -1;
    this.deps.events.emit({
      type: 'child.call',
      call: callName(c.name),
      fd,
      id,
      result: (c.result ?? '').replace(/<[^>]*>/g, ''),
      count: 1,
      line: this.lineOf.get(fd) ?? null,
    });
  }
}
