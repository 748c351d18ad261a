import { readTcpTables, TcpState } from '../kernel/tcp-table.ts';
import { plainAddress } from './client-names.ts';

/** One TCP connection as the server sees it: its own port, and the client's address and port. */
export interface Ends {
  localPort: number;
  remoteAddress: string;
  remotePort: number;
}

const key = (localPort: number, remoteAddress: string, remotePort: number): string =>
  `${localPort} ${plainAddress(remoteAddress)}:${remotePort}`;

/**
 * Bytes the kernel holds in each connection's send queue (written by the server, not yet
 * acknowledged by the client), from Linux's /proc/net/tcp and tcp6; null for a connection
 * whose row is not there, and for all of them on a system without those files.
 */
export async function kernelSendQueues(conns: readonly Ends[]): Promise<(number | null)[]> {
  const wanted = new Map<string, number>();
  conns.forEach((c, i) => wanted.set(key(c.localPort, c.remoteAddress, c.remotePort), i));
  const found: (number | null)[] = conns.map(() => null);
  for (const row of await readTcpTables(TcpState.established)) {
    const i = wanted.get(key(row.localPort, row.remoteAddress, row.remotePort));
    if (i !== undefined) found[i] = row.txQueue;
  }
  return found;
}
