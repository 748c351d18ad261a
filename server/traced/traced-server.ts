import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULTS, Mode, type EchoConfig } from '../../shared/protocol.ts';
import { Sight, type Blind, type ChildSource } from '../../shared/traced.ts';
import { EventSource } from '../echo/event-source.ts';
import type { Dialled } from '../shown/local-dials.ts';
import type { OwnKind } from '../echo/client-names.ts';
import type { ClientBuffers } from '../echo/server.ts';
import { Traffic } from '../echo/traffic.ts';
import { OwnClients } from '../shown/own-clients.ts';
import { Unsupported, type PageNote, type ShownServer } from '../shown/shown-server.ts';
import { AtTracker } from './at-tracker.ts';
import { listenBacklog, listenOverflows } from '../kernel/listeners.ts';
import { readTcpTables, socketInodes, TcpState } from '../kernel/tcp-table.ts';
import { ChildOutput } from './child-output.ts';
import { TracedCalls } from './traced-calls.ts';
import { TracedChild, straceProblem } from './traced-child.ts';
import { TracedClients } from './traced-clients.ts';

/** How often the kernel's tables are read for the accept queue. */
const LOOK_MS = 50;
/** How long start-up waits for the program's listen() before the page comes up anyway. */
const LISTEN_WAIT_MS = 15_000;
const SOURCE_BYTES = 256 * 1024;
/**
 * The rows a look reads: the listener's, its connections (queued, served, or closed by the
 * client), and a loopback client's own side, sending its SYN. Not TIME_WAIT, of which a busy
 * machine has thousands.
 */
const LOOKED_AT = [
  TcpState.listen,
  TcpState.established,
  TcpState.closeWait,
  TcpState.synSent,
] as const;

export interface TracedOptions {
  command: string[];
  cwd: string;
  strace?: boolean;
  host: string;
  maxMessage: number;
}

/** The student's Python script, if the command runs one: shown in the code panel. */
async function sourceOf(command: readonly string[], cwd: string): Promise<ChildSource | null> {
  const script = command.slice(1).find((w) => w.endsWith('.py'));
  if (!script) return null;
  const file = path.resolve(cwd, script);
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) return null;
  return {
    file,
    text: bytes.subarray(0, SOURCE_BYTES).toString('utf8'),
    truncated: bytes.length > SOURCE_BYTES,
  };
}

const isPython = (command: readonly string[]): boolean =>
  /^python[0-9.]*$|^py$/.test(path.basename(command[0] ?? '').replace(/\.exe$/, '')) ||
  command.some((w) => w.endsWith('.py'));

/**
 * A student's program, run and watched: the third kind of server behind the seam. Its
 * accept queue comes from the kernel's tables, its calls from strace, the line of its code
 * from the Python tracer; whatever cannot be seen is said in `child.started`.
 */
export class TracedServer implements ShownServer {
  private readonly source = new EventSource();
  readonly events = this.source;
  private readonly own: OwnClients;
  private readonly traffic = new Traffic(this.source);
  private child: TracedChild | null = null;
  private clients: TracedClients | null = null;
  private look: NodeJS.Timeout | null = null;
  private listening: ((port: number) => void) | null = null;
  private closing = false;

  constructor(private readonly options: TracedOptions) {
    this.own = new OwnClients({
      ...DEFAULTS,
      host: options.host,
      port: 0,
      mode: Mode.iterative,
      maxMessage: options.maxMessage,
    });
    this.source.subscribe((event) => this.own.follow(event));
  }

  get settings(): EchoConfig {
    return { ...this.own.config };
  }

  async listen(): Promise<{ port: number }> {
    const port = new Promise<number>((resolve) => (this.listening = resolve));
    await this.start();
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(0), LISTEN_WAIT_MS));
    return { port: await Promise.race([port, timeout]) };
  }

  async restart(): Promise<void> {
    await this.stopChild();
    await this.start();
  }

  private async start(): Promise<void> {
    const { command, cwd } = this.options;
    const blind: Blind[] = [];
    const strace =
      this.options.strace === false ? 'strace was turned off for this run' : straceProblem();
    if (strace) blind.push({ what: Sight.calls, why: strace });
    if (!isPython(command)) {
      blind.push({ what: Sight.lines, why: 'lines are shown for Python programs only' });
    }
    if (process.platform !== 'linux') {
      blind.push({
        what: Sight.queue,
        why: `the kernel's queue is read from /proc, on Linux only`,
      });
    }
    const clients = new TracedClients(
      this.source,
      this.traffic,
      (port, id) => this.own.claim(port, id),
      () => this.own.config.disconnectWord,
    );
    const at = new AtTracker((where) => this.source.emit({ type: 'child.at', ...where }));
    const output = new ChildOutput(this.source);
    const calls = new TracedCalls({
      events: this.source,
      clients,
      at,
      listened: (host, port, backlog) => this.listened(host, port, backlog),
    });
    this.clients = clients;
    const child = new TracedChild(command, cwd, strace === null, {
      trace: (text) => calls.trace(text),
      tracer: (text) => calls.tracer(text),
      output: (stream, text) => output.add(stream, text),
      exit: (code, signal) => {
        if (this.child !== child) return;
        this.stopLooking();
        at.stop();
        output.flush();
        clients.closeAll();
        clients.stop();
        this.source.emit({ type: 'server.stopped' });
        this.source.emit({ type: 'child.exited', code, signal });
        this.child = null;
      },
    });
    this.child = child;
    if (isPython(command) && !child.tracerChannel) {
      blind.push({ what: Sight.lines, why: 'no FIFO for the Python tracer on this system' });
    }
    const [pid, source] = await Promise.all([child.programPid(), sourceOf(command, cwd)]);
    this.source.emit({
      type: 'child.started',
      child: { command: [...command], cwd, pid, blind, source },
    });
    if (!child.tracing) this.findListener(child, pid);
  }

  /**
   * Without strace, no listen() call is seen: the listener is the listening socket among
   * the program's open files, and its backlog is what ss says it asked for.
   */
  private findListener(child: TracedChild, pid: number): void {
    const look = async (): Promise<void> => {
      if (this.child !== child) return;
      const [inodes, rows] = await Promise.all([socketInodes(pid), readTcpTables(TcpState.listen)]);
      const row = rows.find((r) => r.state === TcpState.listen && inodes.has(r.inode));
      if (!row) {
        setTimeout(() => void look(), LOOK_MS);
        return;
      }
      this.listened(row.localAddress, row.localPort, listenBacklog(row.localPort) ?? 0);
    };
    void look();
  }

  private listened(host: string, port: number, backlog: number): void {
    const config = { ...this.own.config, host, port, backlog };
    const program = this.options.command.join(' ');
    this.source.emit({ type: 'server.started', config, startedAt: Date.now(), program });
    this.listening?.(port);
    this.listening = null;
    this.startLooking(port);
  }

  private startLooking(port: number): void {
    this.stopLooking();
    let overflows: { overflows: number; drops: number } | null = null;
    const tick = async (): Promise<void> => {
      const [rows, counters] = await Promise.all([readTcpTables(...LOOKED_AT), listenOverflows()]);
      if (!this.look) return;
      this.clients?.look(rows, port, this.child?.tracing ?? false);
      if (counters) {
        overflows ??= counters;
        const grown = {
          overflows: counters.overflows - overflows.overflows,
          drops: counters.drops - overflows.drops,
        };
        if (grown.overflows > 0 || grown.drops > 0) {
          overflows = counters;
          this.source.emit({ type: 'queue.overflowed', ...grown });
        }
      }
      if (this.look) this.look = setTimeout(() => void tick(), LOOK_MS);
    };
    this.look = setTimeout(() => void tick(), 0);
  }

  private stopLooking(): void {
    if (this.look) clearTimeout(this.look);
    this.look = null;
  }

  dial(kind: OwnKind, label: string, from?: string): Dialled {
    return this.own.dial(kind, label, from);
  }

  reconfigure(): Promise<void> {
    return Promise.reject(new Unsupported('the program decides its own settings'));
  }

  step(): Promise<boolean> {
    return Promise.reject(new Unsupported('step mode is not available for a traced program'));
  }

  disconnect(): Promise<boolean> {
    return Promise.reject(
      new Unsupported('Echo Lab cannot disconnect the clients of a program it does not serve'),
    );
  }

  buffers(): Promise<ClientBuffers[]> {
    return Promise.resolve([]);
  }

  announce(note: PageNote): Promise<void> {
    this.source.emit(note);
    return Promise.resolve();
  }

  block(): Promise<boolean> {
    return Promise.reject(new Unsupported('the program, not Echo Lab, accepts its clients'));
  }

  unblock(): Promise<boolean> {
    return Promise.reject(new Unsupported('the program, not Echo Lab, accepts its clients'));
  }

  isBlocked(): boolean {
    return false;
  }

  /** The program ending is shown on the page, not a crash of Echo Lab: it may be restarted. */
  onCrash(): void {}

  private async stopChild(): Promise<void> {
    this.stopLooking();
    await this.child?.stop();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.stopChild();
  }
}
