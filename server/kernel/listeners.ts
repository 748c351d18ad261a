// What /proc/net/tcp does not carry about listening sockets: the kernel's overflow counters
// and the backlog a listener asked for.

import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** The kernel's counters of SYNs dropped because an accept queue was full (all listeners). */
export async function listenOverflows(): Promise<{ overflows: number; drops: number } | null> {
  const text = await readFile('/proc/net/netstat', 'latin1').catch(() => '');
  const lines = text.split('\n').filter((l) => l.startsWith('TcpExt:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  if (!names || !values) return null;
  const value = (name: string): number => Number(values[names.indexOf(name)] ?? 0);
  return { overflows: value('ListenOverflows'), drops: value('ListenDrops') };
}

/** The backlog a listener asked for, as `ss -ltn` shows it (Send-Q). Null where ss is missing. */
export function listenBacklog(port: number): number | null {
  const run = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
  const m = run.status === 0 ? /^\S+\s+\d+\s+(\d+)/m.exec(run.stdout) : null;
  return m ? Number(m[1]) : null;
}
