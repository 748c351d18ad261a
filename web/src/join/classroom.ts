// What the server says about itself in each snapshot. Classroom mode: the hosts students
// type to reach this server, as the server found them at start-up (likeliest first). Set from every snapshot, before the page draws it, so
// every place that names the server can name it alike. Outside classroom mode there are
// none, and a server is named as it was bound.

let hosts: readonly string[] = [];

let namesUnavailable = false;

/** Takes what the server said about itself in a snapshot. */
export function setServerFacts(snapshot: {
  studentHosts?: readonly string[];
  programNamesUnavailable?: boolean;
}): void {
  hosts = snapshot.studentHosts ?? [];
  namesUnavailable = snapshot.programNamesUnavailable === true;
}

/** This OS gives no way to name raw clients' programs (nc, python3…): the page says so. */
export const programNamesUnavailable = (): boolean => namesUnavailable;

/** Whether this page is served in classroom mode (--lan, or a --host others can reach). */
export const inClassroom = (): boolean => hosts.length > 0;

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The host to show for a server bound to `host`: bound to every interface, the one students
 * type (or, with no list, the one this page came from); bound to one address, that one.
 */
export function shownHost(host: string): string {
  if (!WILDCARD.has(host)) return host;
  const first = hosts[0];
  if (first) return first;
  const here = (globalThis as { location?: { hostname?: string } }).location?.hostname;
  return here || host;
}

/** "host:port" as students would type it, with an IPv6 host in brackets. */
export function shownAddress(host: string, port: number): string {
  const shown = shownHost(host);
  return `${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
