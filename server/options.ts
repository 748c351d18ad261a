import { parseArgs } from 'node:util';
import { DEFAULTS, Mode, type EchoConfig } from '../shared/protocol.ts';

export interface Options extends EchoConfig {
  webPort: number;
  /** Serve the page through Vite with hot reload instead of the built files. */
  dev: boolean;
  help: boolean;
}

/** A flag with a value we cannot use; main prints `message` alone and exits with code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: npm start -- [options]

  --host <address>         address of the echo server and the page (default ${DEFAULTS.host})
  --port <n>               TCP port of the echo server (default ${DEFAULTS.port})
  --web-port <n>           HTTP port of the page (default ${DEFAULTS.webPort})
  --mode <m>               iterative (one client at a time) or concurrent (default ${DEFAULTS.mode})
  --backlog <n>            places in the accept queue, as in listen(n) (default ${DEFAULTS.backlog})
  --recv-size <n>          most bytes one recv() returns (default ${DEFAULTS.recvSize})
  --disconnect-word <w>    the word that ends a session (default "${DEFAULTS.disconnectWord}")
  --max-message <n>        the client's limit on one message, in characters (default ${DEFAULTS.maxMessage})
  --dev                    serve the page with Vite and hot reload
  --help                   show this help
`;

function integer(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
  fallback: number,
) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

/** Parses command-line flags; throws UsageError with a one-line message on any bad input. */
export function parseOptions(argv: readonly string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'web-port': { type: 'string' },
        mode: { type: 'string' },
        backlog: { type: 'string' },
        'recv-size': { type: 'string' },
        'disconnect-word': { type: 'string' },
        'max-message': { type: 'string' },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    // parseArgs explains itself well; keep its first sentence and point at --help.
    const first = (err as Error).message.split('\n')[0] ?? 'bad arguments';
    throw new UsageError(`${first.replace(/\. To specify.*$/, '')} (see --help)`);
  }
  const mode = values.mode ?? DEFAULTS.mode;
  if (mode !== Mode.iterative && mode !== Mode.concurrent) {
    throw new UsageError(`--mode takes "iterative" or "concurrent", not "${mode}"`);
  }
  const host = values.host ?? DEFAULTS.host;
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  const word = values['disconnect-word'] ?? DEFAULTS.disconnectWord;
  if (word === '' || /[\r\n]/.test(word)) {
    throw new UsageError('--disconnect-word needs a word without line breaks');
  }
  return {
    host,
    port: integer('port', values.port, 0, 65535, DEFAULTS.port),
    webPort: integer('web-port', values['web-port'], 0, 65535, DEFAULTS.webPort),
    mode,
    backlog: integer('backlog', values.backlog, 1, 128, DEFAULTS.backlog),
    recvSize: integer('recv-size', values['recv-size'], 1, 65536, DEFAULTS.recvSize),
    disconnectWord: word,
    maxMessage: integer('max-message', values['max-message'], 1, 100_000, DEFAULTS.maxMessage),
    dev: values.dev,
    help: values.help,
  };
}
