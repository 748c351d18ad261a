// Linux's own view of every TCP socket on the machine: /proc/net/tcp and tcp6. The echo
// server reads it for send queues and program names, a traced program's view for its real
// accept queue; all of them parse it here. Elsewhere (no /proc) every read is empty.

import { readdir, readFile, readlink } from 'node:fs/promises';

/** TCP states as /proc/net/tcp spells them (include/net/tcp_states.h). */
export const TcpState = {
  established: 0x01,
  synSent: 0x02,
  synRecv: 0x03,
  closeWait: 0x08,
  listen: 0x0a,
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

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

const patterns = new Map<string, RegExp>();

/**
 * Rows in `states` (any, when none are given). Rows in other states fail at the state field
 * before anything is decoded, which matters: a busy machine has thousands in TIME_WAIT.
 */
function rowPattern(states: readonly TcpState[]): RegExp {
  const st =
    states.length === 0
      ? '[0-9A-F]{2}'
      : states.map((s) => s.toString(16).toUpperCase().padStart(2, '0')).join('|');
  let pattern = patterns.get(st);
  if (!pattern) {
    pattern = new RegExp(
      `^ *\\d+: ([0-9A-F]+):([0-9A-F]{4}) ([0-9A-F]+):([0-9A-F]{4}) (${st}) ([0-9A-F]{8}):([0-9A-F]{8}) \\S+ \\S+ +\\d+ +\\d+ +(\\d+)`,
      'gm',
    );
    patterns.set(st, pattern);
  }
  return pattern;
}

/** RFC 5952, as Node's sockets write IPv6: the first longest run of zero groups is "::". */
function ipv6(groups: readonly number[]): string {
  let start = -1;
  let length = 1;
  for (let i = 0; i < groups.length;) {
    let end = i;
    while (groups[end] === 0) end++;
    if (end - i > length) [start, length] = [i, end - i];
    i = Math.max(end, i + 1);
  }
  const hex = groups.map((g) => g.toString(16));
  if (start < 0) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

/**
 * /proc writes each 32-bit word of an address in the machine's byte order (little-endian
 * here). IPv6 comes out in the form Node's sockets report (RFC 5952), so the two compare.
 */
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
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return ipv6(groups);
}

export function parseTcpTable(text: string, ...states: TcpState[]): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const m of text.matchAll(rowPattern(states))) {
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

/** Every TCP socket on this machine in `states` (in any, if none are given), IPv4 and IPv6. */
export async function readTcpTables(...states: TcpState[]): Promise<TcpRow[]> {
  const texts = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFile(f, 'latin1').catch(() => '')),
  );
  return texts.flatMap((text) => parseTcpTable(text, ...states));
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
