import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ListenError } from './app.ts';
import { UsageError } from './options.ts';

/**
 * A --host name that does not resolve is a bad flag value, like a port out of range, so it
 * is found before anything starts. (An IP literal needs no look-up.)
 */
export async function checkHost(host: string): Promise<void> {
  if (isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0) return;
  try {
    await lookup(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'no answer';
    throw new UsageError(
      `--host "${host}" is not an address or a name this machine resolves (${code})`,
    );
  }
}

const WHY: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is in use (is another Echo Lab running? pick another port, or 0 for any free one)',
  EACCES: 'needs privileges to listen on (ports below 1024 do; pick one above)',
  EADDRNOTAVAIL: 'is on an address this machine does not have',
  ENOTFOUND: 'is on a name this machine does not resolve',
};

/** One line naming the flag and the problem for a server that could not listen, or null. */
export function listenFailure(err: unknown, host: string): string | null {
  const { code, flag, wanted } = (err ?? {}) as ListenError;
  if (!flag || !code) return null;
  const why = WHY[code] ?? `cannot be listened on (${code})`;
  const where = host.includes(':') ? `[${host}]` : host;
  return `${flag} ${wanted ?? '?'}: ${where}:${wanted ?? '?'} ${why}`;
}
