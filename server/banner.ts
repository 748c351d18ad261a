import { networkInterfaces } from 'node:os';
import type { Addresses } from './app.ts';
import { isWildcardHost } from './security/loopback.ts';

const forUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** Addresses students can reach on the classroom network. */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !info.internal && info.family === 'IPv4')
    .map((info) => info.address);
}

/** The start-up text: where everything is and how to try it in ten seconds. */
export function banner({ host, echoPort, webPort, teacherToken, recording }: Addresses): string {
  const lines = ['', '  Echo Lab'];
  if (teacherToken) {
    // Listening on one address, that is the one to give out; on all of them, each.
    const hosts = isWildcardHost(host) ? lanAddresses() : [host];
    const shown = (hosts.length > 0 ? hosts : ['127.0.0.1']).map(forUrl);
    for (const ip of shown) lines.push(`  Students          http://${ip}:${webPort}/`);
    lines.push(`  Teacher (keep it) http://${shown[0]}:${webPort}/?token=${teacherToken}`);
    for (const ip of shown) lines.push(`  TCP echo server   ${ip}:${echoPort}`);
    lines.push('', `  Try it:  nc ${hosts[0] ?? '127.0.0.1'} ${echoPort}`);
  } else {
    lines.push(`  Page              http://${forUrl(host)}:${webPort}/`);
    lines.push(`  TCP echo server   ${forUrl(host)}:${echoPort}`);
    lines.push(
      '',
      `  Try it:  nc ${host} ${echoPort}      or   npm run client -- ${host} ${echoPort}`,
    );
  }
  if (recording) lines.push(`  Saving the lesson in ${recording}`);
  lines.push('  Stop with Ctrl-C.', '', '');
  return lines.join('\n');
}
