import type { Addresses } from './app.ts';

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** The start-up text: where everything is and how to try it in ten seconds. */
export function banner({ host, echoPort }: Addresses): string {
  return [
    '',
    '  Echo Lab',
    `  TCP echo server   ${hostForUrl(host)}:${echoPort}`,
    '',
    `  Try it:  nc ${host} ${echoPort}      or   npm run client -- ${host} ${echoPort}`,
    '  Stop with Ctrl-C.',
    '',
  ].join('\n');
}
