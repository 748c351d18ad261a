import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/**
 * Which requests may talk to Echo Lab. A Host check stops DNS rebinding (a hostile site
 * whose name resolves to 127.0.0.1); an Origin check stops cross-site WebSocket
 * hijacking (another site's page opening our sockets with the visitor's browser).
 */
export interface OriginPolicy {
  /** Why the request is refused, or null if it may go on. */
  refuse(req: IncomingMessage): string | null;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The host part of a Host header or URL host, without port or IPv6 brackets. */
function hostOnly(host: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return (bracketed[1] ?? '').toLowerCase();
  return host.replace(/:\d+$/, '').toLowerCase();
}

/**
 * `classroom` is true when other machines can reach us (--lan, or a --host that is not
 * loopback); `host` is the address we listen on, which pages may then name too.
 */
export function createOriginPolicy(classroom: boolean, host = ''): OriginPolicy {
  const names = new Set(LOOPBACK_NAMES);
  if (host) names.add(isIP(host) ? host.toLowerCase() : hostOnly(host));
  if (classroom) {
    const me = hostname().toLowerCase();
    names.add(me).add(`${me}.local`);
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(info.address.toLowerCase());
    }
  }
  // On a classroom network students may reach us by any of our IP addresses; a name we
  // do not know could be a rebinding attack. On loopback only loopback names will do.
  const allowedHost = (host: string): boolean => {
    const name = hostOnly(host);
    return names.has(name) || (classroom && isIP(name) !== 0) || name.endsWith('.localhost');
  };

  return {
    refuse(req) {
      const host = req.headers.host;
      if (!host || !allowedHost(host)) return `unknown Host "${host ?? ''}"`;
      const origin = req.headers.origin;
      // Programs (nc-like tools, tests, curl) send no Origin; browsers always do.
      if (origin === undefined) return null;
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        return `malformed Origin "${origin}"`;
      }
      return originHost.toLowerCase() === host.toLowerCase() ? null : `foreign Origin "${origin}"`;
    },
  };
}
