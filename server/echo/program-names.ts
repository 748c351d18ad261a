import { readFile, readdir, readlink } from 'node:fs/promises';

/** Least time between two scans of /proc: a scan reads every process's open files. */
const SCAN_INTERVAL_MS = 1_000;

/** Lookups waiting for the next scan; past this, clients keep their address:port label. */
const MAX_PENDING = 64;

/** Local port → socket inode for ESTABLISHED TCP sockets, from /proc/net/tcp{,6}. */
async function socketInodes(): Promise<Map<number, string>> {
  const inodes = new Map<number, string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // fields: sl, local_address, rem_address, st, ..., inode at index 9; st 01 = ESTABLISHED.
      const fields = line.trim().split(/\s+/);
      const port = parseInt(fields[1]?.split(':').at(-1) ?? '', 16);
      const inode = fields[9];
      if (fields[3] === '01' && inode && inode !== '0' && !inodes.has(port))
        inodes.set(port, inode);
    }
  }
  return inodes;
}

/** Socket inode → program (its /proc/PID/comm), for the inodes asked about. */
async function owners(wanted: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const pid of await readdir('/proc')) {
    if (found.size === wanted.size) break;
    if (!/^\d+$/.test(pid)) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (!inode || !wanted.has(inode) || found.has(inode)) continue;
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
      if (comm.trim()) found.set(inode, comm.trim());
    }
  }
  return found;
}

/**
 * Finds which program on this machine is behind a loopback client (nc, python3, telnet…),
 * so the page can say so. Linux only. Lookups wait for the next scan, one scan a second
 * at most answers all of them, and any failure just means no name: it must never cost
 * the echo server more than a sliver of time, however many clients arrive.
 */
export class ProgramNames {
  private pending = new Map<number, ((name: string | null) => void)[]>();
  private timer: NodeJS.Timeout | null = null;
  private lastScan = 0;
  private readonly enabled = process.platform === 'linux';

  lookup(port: number): Promise<string | null> {
    if (!this.enabled || this.pending.size >= MAX_PENDING) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.pending.set(port, [...(this.pending.get(port) ?? []), resolve]);
      const wait = Math.max(0, this.lastScan + SCAN_INTERVAL_MS - Date.now());
      this.timer ??= setTimeout(() => void this.scan(), wait);
    });
  }

  private async scan(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.lastScan = Date.now();
    let names = new Map<number, string>();
    try {
      const inodes = await socketInodes();
      const wanted = new Set([...batch.keys()].flatMap((p) => inodes.get(p) ?? []));
      const programs = await owners(wanted);
      for (const port of batch.keys()) {
        const program = programs.get(inodes.get(port) ?? '');
        if (program) names.set(port, program);
      }
    } catch {
      names = new Map();
    }
    for (const [port, resolvers] of batch)
      for (const resolve of resolvers) resolve(names.get(port) ?? null);
    this.timer = null;
    if (this.pending.size > 0) this.timer = setTimeout(() => void this.scan(), SCAN_INTERVAL_MS);
  }
}
