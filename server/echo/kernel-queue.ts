import { isIPv4 } from 'node:net';
import { readFile } from 'node:fs/promises';

/** One TCP connection as the server sees it: its own port, and the client's address and port. */
export interface Ends {
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

/**
 * An ESTABLISHED row of /proc/net/tcp{,6}: the local port, the remote address and port,
 * and the tx_queue field (hex). Other rows (TIME_WAIT can be thousands) fail at the state.
 */
const ESTABLISHED_ROW =
  /^ *\d+: [0-9A-F]+:([0-9A-F]{4}) ([0-9A-F]+):([0-9A-F]{4}) 01 ([0-9A-F]{8}):/gm;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** /proc writes each 32-bit word of an address in the machine's byte order (little-endian here). */
function wordsLE(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    for (let j = 3; j >= 0; j--) out += (bytes[i + j] ?? 0).toString(16).padStart(2, '0');
  }
  return out.toUpperCase();
}

function ipv6Bytes(address: string): number[] | null {
  const [head = '', tail, extra] = address.split('::');
  if (extra !== undefined) return null;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const all = [...left, ...Array<string>(missing).fill('0'), ...right];
  const bytes: number[] = [];
  for (const g of all) {
    const n = parseInt(g, 16);
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}

/** The ways a client's address may be spelt in /proc: IPv4 rows, or IPv4-mapped IPv6 ones. */
function spellings(address: string): string[] {
  if (isIPv4(address)) {
    const v4 = address.split('.').map(Number);
    return [wordsLE(v4), wordsLE([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4])];
  }
  const v6 = ipv6Bytes(address);
  return v6 ? [wordsLE(v6)] : [];
}

const key = (localPort: string, remote: string, remotePort: string): string =>
  `${localPort} ${remote}:${remotePort}`;

/**
 * Bytes the kernel holds in each connection's send queue (written by the server, not yet
 * acknowledged by the client), from Linux's /proc/net/tcp and tcp6; null for a connection
 * whose row is not there, and for all of them on a system without those files.
 */
export async function kernelSendQueues(conns: readonly Ends[]): Promise<(number | null)[]> {
  const wanted = new Map<string, number>();
  conns.forEach((c, i) => {
    for (const spelt of spellings(c.remoteAddress)) {
      wanted.set(key(hex4(c.localPort), spelt, hex4(c.remotePort)), i);
    }
  });
  const found: (number | null)[] = conns.map(() => null);
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'latin1').catch(() => '');
    for (const [, local = '', remote = '', port = '', tx = '0'] of text.matchAll(ESTABLISHED_ROW)) {
      const i = wanted.get(key(local, remote, port));
      if (i !== undefined) found[i] = parseInt(tx, 16);
    }
  }
  return found;
}
