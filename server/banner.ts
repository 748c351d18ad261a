import { networkInterfaces } from 'node:os';
import type { Addresses } from './app.ts';
import { studentUrl } from './join/join-route.ts';
import { terminalQr } from './join/qr.ts';
import { isWildcardHost } from './security/loopback.ts';

const forUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** Addresses students may reach, in the OS's order, when the caller found none better. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal && info.family === 'IPv4')
    .map((info) => info.address);
}

export interface BannerOptions {
  /** How the command-line client is started from where Echo Lab was started. */
  client?: string;
  /** Print a QR code of the students' address; `color` paints it for any terminal. */
  qr?: false | 'plain' | 'color';
}

const indent = (text: string, by: string): string =>
  text
    .split('\n')
    .map((line) => by + line)
    .join('\n');

/** The start-up text: where everything is and how to try it in ten seconds. */
export function banner(
  { host, echoPort, webPort, teacherToken, studentHosts }: Addresses,
  { client = 'npm run client --', qr = false }: BannerOptions = {},
): string {
  const lines = ['', '  Echo Lab'];
  if (teacherToken) {
    // Listening on one address, that is the one to give out; on all of them, each.
    const hosts = studentHosts ?? (isWildcardHost(host) ? lanAddresses() : [host]);
    const shown = hosts.length > 0 ? hosts : ['127.0.0.1'];
    const first = shown[0] ?? '127.0.0.1';
    for (const ip of shown) lines.push(`  Students          ${studentUrl(ip, webPort)}`);
    if (qr) {
      lines.push('', `  Students can scan this to open ${studentUrl(first, webPort)}`);
      lines.push(indent(terminalQr(studentUrl(first, webPort), qr === 'color'), '  '), '');
    }
    lines.push(`  Teacher (keep it) http://${forUrl(first)}:${webPort}/?token=${teacherToken}`);
    for (const ip of shown) lines.push(`  TCP echo server   ${forUrl(ip)}:${echoPort}`);
    lines.push('', `  Try it:  nc ${first} ${echoPort}      or   ${client} ${first} ${echoPort}`);
  } else {
    lines.push(`  Page              http://${forUrl(host)}:${webPort}/`);
    lines.push(`  TCP echo server   ${forUrl(host)}:${echoPort}`);
    lines.push('', `  Try it:  nc ${host} ${echoPort}      or   ${client} ${host} ${echoPort}`);
  }
  lines.push('  Stop with Ctrl-C.', '', '');
  return lines.join('\n');
}
