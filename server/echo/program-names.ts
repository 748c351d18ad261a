import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { visibleText } from '../../shared/bytes.ts';
import { readTcpTables, TcpState } from '../kernel/tcp-table.ts';
import { lsofPrograms } from './program-names-lsof.ts';

/** Least time between two scans of /proc: a scan reads every process's open files. */
export const SCAN_INTERVAL_MS = 1_000;

/**
 * A scan also waits this many times as long as the last one worked. Reading /proc/net/tcp
 * costs the kernel time for every socket, TIME_WAIT ones too, so after heavy connection
 * churn a scan can take tens of milliseconds; this keeps scans under 2% of the time.
 */
const SCAN_COST_FACTOR = 50;

/** Between two lsof calls, this many times as long as the last one took (it runs ≤ 20%). */
const LSOF_SPACING = 4;

/**
 * How long a scan waits after the first lookup that asks for it, so clients that arrive
 * together (a class, a script opening ten connections) are named by one scan, not two.
 */
const GATHER_MS = 50;

/** Lookups waiting for the next scan; past this, clients keep their address:port label. */
const MAX_PENDING = 64;

/** Local port → socket inode, for the ports asked about. */
async function socketInodes(ports: ReadonlySet<number>): Promise<Map<number, string>> {
  const inodes = new Map<number, string>();
  for (const row of await readTcpTables(TcpState.established)) {
    if (ports.has(row.localPort) && row.inode !== 0 && !inodes.has(row.localPort)) {
      inodes.set(row.localPort, String(row.inode));
    }
  }
  return inodes;
}

/**
 * readlink() calls made in one go before the scan yields to the event loop. Each call on
 * /proc costs a few to tens of microseconds, so a slice holds echoing back for at most a
 * millisecond or two.
 */
const LINKS_PER_SLICE = 64;

/**
 * The time a scan spends at work, which is what SCAN_COST_FACTOR weighs: the turns it
 * gives the event loop between slices are the echo server's time, not the scan's.
 */
class Busy {
  private ms = 0;
  private since = performance.now();

  async yieldTurn(): Promise<void> {
    this.ms += performance.now() - this.since;
    await new Promise((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }

  total(): number {
    return this.ms + performance.now() - this.since;
  }
}

/** A /proc read that may fail at any time: the process exited, or it is not ours to see. */
function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/**
 * A /proc/PID/comm as the page may show it. Any program can name itself anything (prctl),
 * bidi controls and invalid UTF-8 included, so the name is escaped like a client's bytes.
 */
function programName(comm: Buffer | null): string {
  if (!comm) return '';
  const end = comm.at(-1) === 0x0a ? comm.length - 1 : comm.length;
  return visibleText(comm.subarray(0, end)).trim();
}

/**
 * Socket inode → program (its /proc/PID/comm), for the inodes asked about. The calls are
 * synchronous, in short slices: a scan makes hundreds of them, and as promises each would
 * cost a trip through libuv's thread pool, several times the call itself.
 */
async function owners(wanted: Set<string>, busy: Busy): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // Newest first: a client was most likely started just now. Our own process holds only
  // the server's ends of these connections, and in-process clients are named already.
  const pids = attempt(() => readdirSync('/proc'), [])
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .sort((a, b) => Number(b) - Number(a));
  let links = 0;
  for (const pid of pids) {
    if (found.size === wanted.size) break;
    for (const fd of attempt(() => readdirSync(`/proc/${pid}/fd`), [])) {
      if (++links % LINKS_PER_SLICE === 0) await busy.yieldTurn();
      const link = attempt(() => readlinkSync(`/proc/${pid}/fd/${fd}`), '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (!inode || !wanted.has(inode) || found.has(inode)) continue;
      const comm = programName(attempt(() => readFileSync(`/proc/${pid}/comm`), null));
      if (comm) found.set(inode, comm);
    }
  }
  return found;
}

/**
 * Finds which program on this machine is behind a loopback client (nc, python3, telnet…),
 * so the page can say so: from /proc on Linux, through lsof where there is no /proc and
 * lsof is installed (macOS has it), not at all otherwise. Lookups wait for the next scan,
 * one scan answers all of them, scans are at least a second apart and far apart enough to
 * stay under 2% of the time, and any failure just means no name: it must never cost the
 * echo server more than a sliver of time, however many clients arrive.
 */
export class ProgramNames {
  private pending = new Map<number, ((name: string | null) => void)[]>();
  private timer: NodeJS.Timeout | null = null;
  private nextScan = 0;
  /** Off on Windows, and once lsof turned out to be missing. */
  private enabled = process.platform !== 'win32';
  private readonly fromProc = process.platform === 'linux';

  lookup(port: number): Promise<string | null> {
    if (!this.enabled || this.pending.size >= MAX_PENDING) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.pending.set(port, [...(this.pending.get(port) ?? []), resolve]);
      this.schedule();
    });
  }

  private schedule(): void {
    this.timer ??= setTimeout(
      () => void this.scan(),
      Math.max(GATHER_MS, this.nextScan - Date.now()),
    );
  }

  private async scan(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const busy = new Busy();
    let names: Map<number, string>;
    let wait = 0;
    try {
      if (!this.fromProc) {
        // lsof's time is another process's, not this thread's: it only has to stay rare.
        const started = performance.now();
        const found = await lsofPrograms(new Set(batch.keys()));
        wait = (performance.now() - started) * LSOF_SPACING;
        if (found === null) this.enabled = false;
        names = found ?? new Map<number, string>();
      } else {
        names = await this.fromProcScan(batch, busy);
      }
    } catch {
      names = new Map();
    }
    for (const [port, resolvers] of batch)
      for (const resolve of resolvers) resolve(names.get(port) ?? null);
    const took = this.fromProc ? busy.total() : 0;
    this.nextScan = Date.now() + Math.max(SCAN_INTERVAL_MS - took, took * SCAN_COST_FACTOR, wait);
    this.timer = null;
    if (this.pending.size > 0) this.schedule();
  }

  /** Local port → program, from /proc/net/tcp{,6} and every process's open files. */
  private async fromProcScan(
    batch: ReadonlyMap<number, unknown>,
    busy: Busy,
  ): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    const inodes = await socketInodes(new Set(batch.keys()));
    const wanted = new Set([...batch.keys()].flatMap((p) => inodes.get(p) ?? []));
    const programs = await owners(wanted, busy);
    for (const port of batch.keys()) {
      const program = programs.get(inodes.get(port) ?? '');
      if (program) names.set(port, program);
    }
    return names;
  }
}
