import { readFile, readdir, readlink } from 'node:fs/promises';

/** Lookups waiting their turn; past this, clients keep their address:port label. */
const MAX_QUEUED = 16;

/** The inode of the ESTABLISHED local TCP socket whose local port is `port`, from /proc/net. */
async function socketInode(port: number): Promise<string | null> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // fields: sl, local_address, rem_address, st, ..., inode at index 9; st 01 = ESTABLISHED.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '01' && fields[9] !== '0') {
        return fields[9] ?? null;
      }
    }
  }
  return null;
}

/** The program (its /proc/PID/comm) holding the socket with this inode, if we may see it. */
async function ownerOf(inode: string): Promise<string | null> {
  const target = `socket:[${inode}]`;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (link === target) return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim() || null;
    }
  }
  return null;
}

/**
 * Finds which program on this machine is behind a loopback client (nc, python3, telnet…),
 * so the page can say so. Linux only; one lookup at a time, a short queue, and any
 * failure just means no name: it must never slow the echo server down.
 */
export class ProgramNames {
  private chain: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly enabled = process.platform === 'linux';

  lookup(port: number): Promise<string | null> {
    if (!this.enabled || this.queued >= MAX_QUEUED) return Promise.resolve(null);
    this.queued++;
    const result = this.chain.then(async () => {
      try {
        const inode = await socketInode(port);
        return inode ? await ownerOf(inode) : null;
      } catch {
        return null;
      } finally {
        this.queued--;
      }
    });
    this.chain = result;
    return result;
  }
}
