import { isIP } from 'node:net';

/**
 * True only for an address no other machine can reach: 127.0.0.0/8, ::1 (also written as an
 * IPv4-mapped address) and the names that always mean them. Anything else, a name that
 * might resolve elsewhere included, is treated as reachable from the network, so that a
 * page can never drive the lab without the teacher token where students can reach it.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  if (family === 4) return name.startsWith('127.');
  if (family === 6) {
    if (/^(0{0,4}:){2,7}0{0,3}1$/.test(name) || name === '::1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name);
    return mapped !== null && (mapped[1] ?? '').startsWith('127.');
  }
  return false;
}

/** An address that means "every interface" rather than one of them. */
export const isWildcardHost = (host: string): boolean =>
  ['0.0.0.0', '::', '[::]'].includes(host.trim());
