import type { Addresses } from './app.ts';

const forUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** The start-up text: where everything is and how to try it in ten seconds. */
export function banner({ host, echoPort, webPort }: Addresses): string {
  return [
    '',
    '  Echo Lab',
    `  Page              http://${forUrl(host)}:${webPort}/`,
    `  TCP echo server   ${forUrl(host)}:${echoPort}`,
    '',
    `  Try it:  nc ${host} ${echoPort}      or   npm run client -- ${host} ${echoPort}`,
    '  Stop with Ctrl-C.',
    '',
    '',
  ].join('\n');
}
