import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { isWildcardHost } from '../security/loopback.ts';

/** One address of one interface, as os.networkInterfaces() lists it. */
export interface Nic {
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
}

/**
 * Interfaces a student's laptop cannot be on: container and VM bridges, and the virtual
 * ends of container links. They are listed, but last.
 */
const VIRTUAL = /^(docker\d*|br-|veth|virbr|vmnet|vboxnet|cni|flannel|podman|lxcbr|lxdbr|zt)/;

/**
 * The interface of the default route in Linux's /proc/net/route: the row whose destination
 * and mask are 0 (with the lowest metric if there are several).
 */
export function defaultRouteFromProc(table: string): string | null {
  let best: { name: string; metric: number } | null = null;
  for (const row of table.split('\n').slice(1)) {
    const [name, destination, , , , , metric, mask] = row.trim().split(/\s+/);
    if (!name || destination !== '00000000' || mask !== '00000000') continue;
    const value = Number(metric ?? 0);
    if (!best || value < best.metric) best = { name, metric: value };
  }
  return best?.name ?? null;
}

/** `route -n get default` on macOS and the BSDs prints "interface: en0". */
export const defaultRouteFromBsd = (output: string): string | null =>
  /^\s*interface:\s*(\S+)/m.exec(output)?.[1] ?? null;

/** The interface the machine reaches other networks through, or null if this OS hides it. */
async function defaultRouteInterface(): Promise<string | null> {
  const proc = await readFile('/proc/net/route', 'utf8').catch(() => null);
  if (proc !== null) return defaultRouteFromProc(proc);
  if (process.platform === 'win32') return null;
  return new Promise((resolve) => {
    execFile('route', ['-n', 'get', 'default'], { timeout: 1_000 }, (err, stdout) =>
      resolve(err ? null : defaultRouteFromBsd(stdout)),
    );
  });
}

const isLinkLocal = (nic: Nic): boolean =>
  nic.family === 'IPv4' ? nic.address.startsWith('169.254.') : /^fe80:/i.test(nic.address);

/**
 * Lower is more likely the address students can type and reach. IPv4 before IPv6: both
 * reach the page, and "192.168.1.23" is the one a class can copy from a projector.
 */
function rank(nic: Nic, defaultRoute: string | null): number {
  if (nic.internal) return 6;
  if (isLinkLocal(nic)) return 5;
  if (VIRTUAL.test(nic.name)) return 4;
  const route = nic.name === defaultRoute ? 0 : 1;
  return nic.family === 'IPv4' ? route : 2 + route;
}

/**
 * Every address a server bound to every interface answers on, the likeliest for students
 * first: the default route's interface, then other real ones, then container bridges,
 * link-local and loopback. IPv6 only when the server listens on "::". The sort is stable,
 * so the OS's own order decides between equals.
 */
export function orderAddresses(
  nics: readonly Nic[],
  defaultRoute: string | null,
  ipv6: boolean,
): string[] {
  return nics
    .filter((nic) => ipv6 || nic.family === 'IPv4')
    .map((nic) => ({ nic, rank: rank(nic, defaultRoute) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ nic }) => nic.address)
    .filter((address, i, all) => all.indexOf(address) === i);
}

function systemNics(): Nic[] {
  return Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).map((info: NetworkInterfaceInfo) => ({
      name,
      address: info.address,
      family: info.family,
      internal: info.internal,
    })),
  );
}

/**
 * The hosts students type to reach a server listening on `host`, best first: a server
 * bound to one address is reached there; one bound to every interface, at each of them.
 */
export async function studentHosts(host: string): Promise<string[]> {
  if (!isWildcardHost(host)) return [host];
  const ordered = orderAddresses(systemNics(), await defaultRouteInterface(), host.includes(':'));
  return ordered.length > 0 ? ordered : ['127.0.0.1'];
}
