import { spawnSync } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';

/** TCP states as /proc/net/tcp spells them (include/net/tcp_states.h). */
export const TcpState = {
  established: 0x01,
  synSent: 0x02,
  synRecv: 0x03,
  closeWait: 0x08,
  listen: 0x0a,
} as const;

/** One row of /proc/net/tcp or tcp6, the fields Echo Lab reads. */
export interface TcpRow {
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  state: number;
  /** Listener: the accept queue's length now. Connection: bytes received, not yet read. */
  rxQueue: number;
  /** Listener: the most it may hold (listen's backlog). Connection: bytes unacknowledged. */
  txQueue: number;
  /** 0 for a connection no process owns yet: waiting in an accept queue. */
  inode: number;
}

const ROW =
  /^ *\d+: ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]{2}) ([0-9A-F]{8}):([0-9A-F]{8}) \S+ \S+ +\d+ +\d+ +(\d+)/gm;

/** /proc writes each 32-bit word of an address in the machine's byte order (little-endian here). */
function address(hex: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 8) {
    const word = hex.slice(i, i + 8);
    for (let j = 6; j >= 0; j -= 2) bytes.push(parseInt(word.slice(j, j + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is how a dual-stack socket sees an IPv4 peer.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups
    .join(':')
    .replace(/(^|:)0(:0)+(:|$)/, '::')
    .replace(/:{3,}/, '::');
}

export function parseTcpTable(text: string): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const m of text.matchAll(ROW)) {
    const [, la = '', lp = '', ra = '', rp = '', st = '', tx = '', rx = '', inode = '0'] = m;
    rows.push({
      localAddress: address(la),
      localPort: parseInt(lp, 16),
      remoteAddress: address(ra),
      remotePort: parseInt(rp, 16),
      state: parseInt(st, 16),
      txQueue: parseInt(tx, 16),
      rxQueue: parseInt(rx, 16),
      inode: Number(inode),
    });
  }
  return rows;
}

/** Every TCP socket on this machine, IPv4 and IPv6; empty where there is no /proc. */
export async function readTcpTables(): Promise<TcpRow[]> {
  const texts = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFile(f, 'latin1').catch(() => '')),
  );
  return texts.flatMap(parseTcpTable);
}

/** The kernel's counters of SYNs dropped because an accept queue was full (all listeners). */
export async function listenOverflows(): Promise<{ overflows: number; drops: number } | null> {
  const text = await readFile('/proc/net/netstat', 'latin1').catch(() => '');
  const lines = text.split('\n').filter((l) => l.startsWith('TcpExt:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  if (!names || !values) return null;
  const value = (name: string): number => Number(values[names.indexOf(name)] ?? 0);
  return { overflows: value('ListenOverflows'), drops: value('ListenDrops') };
}

/** The socket inodes a process holds open, from /proc/<pid>/fd (empty where unreadable). */
export async function socketInodes(pid: number): Promise<Set<number>> {
  const inodes = new Set<number>();
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
  await Promise.all(
    fds.map(async (fd) => {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m) inodes.add(Number(m[1]));
    }),
  );
  return inodes;
}

/**
 * The backlog a listener asked for, as `ss -ltn` shows it (Send-Q): /proc/net/tcp does not
 * carry it. Null where ss is missing.
 */
export function listenBacklog(port: number): number | null {
  const run = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  const m = run.status === 0 ? /^\S+\s+\d+\s+(\d+)/m.exec(run.stdout) : null;
  return m ? Number(m[1]) : null;
}
