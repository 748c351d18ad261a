// Reads the output of `strace -f -yy -xx` (see STRACE_ARGS) into calls: one per finished
// call, plus an entry for a call that has begun and not yet returned, which is how a
// program blocked in accept() or recv() shows.

/** The socket calls Echo Lab asks strace for; read and write because C servers use them. */
const TRACED_CALLS = [
  'socket',
  'bind',
  'listen',
  'accept',
  'accept4',
  'recvfrom',
  'recvmsg',
  'read',
  'sendto',
  'sendmsg',
  'write',
  'close',
  'shutdown',
] as const;

/** Bytes of each read or write strace shows; the count stays exact. */
const STRACE_PREVIEW_BYTES = 64;

/**
 * --seccomp-bpf stops the program only at the calls traced, not at every call: a threaded
 * server's futex() calls cost it nothing then (npm run bench -- --only traced: 10 threaded
 * clients 85× slower without it, 6.4× with it).
 */
export const STRACE_ARGS = [
  '-f',
  '--seccomp-bpf',
  '-qq',
  '-yy',
  '-xx',
  '-s',
  String(STRACE_PREVIEW_BYTES),
  '-e',
  `trace=${TRACED_CALLS.join(',')}`,
  '-e',
  'signal=none',
];

export interface Call {
  pid: number;
  name: string;
  /** The first argument, when it is a file descriptor. */
  fd: number | null;
  /** What -yy says the fd is: "127.0.0.1:8000->127.0.0.1:51234" for a TCP connection. */
  socket: string | null;
  args: string;
  /** What it returned, as strace prints it; null while it has not returned. */
  result: string | null;
}

/** A fd and its -yy decoration, whose brackets (IPv6 ones nested) may hold a "->". */
const FD = /^(\d+)(?:<((?:[^>[]|\[(?:[^[\]]|\[[^\]]*\])*\])*)>)?/;
const TCP = /^TCPv?6?:\[(.*)\]$/;

function call(pid: number, name: string, args: string, result: string | null): Call {
  const m = FD.exec(args);
  const tcp = m?.[2] ? TCP.exec(m[2]) : null;
  return { pid, name, fd: m ? Number(m[1]) : null, socket: tcp?.[1] ?? null, args, result };
}

const LINE = /^(\d+) +(.*)$/;
const FINISHED = /^(\w+)\((.*)\) += (.*)$/;
const UNFINISHED = /^(\w+)\((.*) <unfinished \.\.\.>$/;
const RESUMED = /^<\.\.\. (\w+) resumed>(.*)\) += (.*)$/;
const ENTRY = /^(\w+)\((.*)$/;

/**
 * Splits strace's stream into calls. A line of one process may be interrupted by another's
 * (`<unfinished ...>`, then `<... resumed>`), so each process's unfinished call is kept.
 */
export class StraceLines {
  private rest = '';
  private readonly open = new Map<number, { name: string; args: string }>();

  constructor(private readonly onCall: (call: Call) => void) {}

  feed(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.line(line);
    // strace writes a call's first half as it begins: a call that blocks shows here.
    const m = LINE.exec(this.rest);
    const entry = m ? ENTRY.exec(m[2] ?? '') : null;
    if (m && entry && TRACED_CALLS.includes(entry[1] as (typeof TRACED_CALLS)[number])) {
      this.onCall(call(Number(m[1]), entry[1] ?? '', entry[2] ?? '', null));
    }
  }

  private line(line: string): void {
    const m = LINE.exec(line);
    if (!m) return;
    const pid = Number(m[1]);
    const body = m[2] ?? '';
    let f = FINISHED.exec(body);
    if (f) return this.onCall(call(pid, f[1] ?? '', f[2] ?? '', f[3] ?? ''));
    f = UNFINISHED.exec(body);
    if (f) {
      this.open.set(pid, { name: f[1] ?? '', args: f[2] ?? '' });
      return this.onCall(call(pid, f[1] ?? '', f[2] ?? '', null));
    }
    f = RESUMED.exec(body);
    if (f) {
      const begun = this.open.get(pid);
      this.open.delete(pid);
      const args = (begun && begun.name === f[1] ? begun.args : '') + (f[2] ?? '');
      this.onCall(call(pid, f[1] ?? '', args, f[3] ?? ''));
    }
  }
}

/** The bytes of the first quoted string argument (-xx: every byte as \xNN), and whether strace cut it. */
export function quotedBytes(args: string): { bytes: Buffer; cut: boolean } | null {
  const m = /"((?:\\x[0-9a-f]{2})*)"(\.\.\.)?/.exec(args);
  if (!m) return null;
  const hex = (m[1] ?? '').replace(/\\x/g, '');
  return { bytes: Buffer.from(hex, 'hex'), cut: m[2] !== undefined };
}

/** A call's return value as a number (a fd, a byte count), or null for an error. */
export function returned(result: string | null): number | null {
  const m = result === null ? null : /^(-?\d+)/.exec(result);
  const n = m ? Number(m[1]) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** "a:p->b:q" into its two ends; IPv6 addresses come in brackets. */
export function socketEnds(text: string | null): { local: Endpoint; peer: Endpoint | null } | null {
  if (!text) return null;
  const [local, peer] = text.split('->').map(endpoint);
  return local ? { local, peer: peer ?? null } : null;
}

export interface Endpoint {
  address: string;
  port: number;
}

function endpoint(text: string): Endpoint | null {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(text);
  return m ? { address: m[1] ?? '', port: Number(m[2]) } : null;
}
