import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS, Mode, type EchoConfig } from '../shared/protocol.ts';
import { SETTING_BOUNDS } from '../shared/schema/bounds.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { findProgram, splitCommand } from './traced/command-line.ts';
import { defaultSessionsDir } from './recording/sessions-dir.ts';
import type { RecordingOptions } from './recording/run-writer.ts';

export interface Options extends EchoConfig {
  webPort: number;
  /** Bind to every interface and ask for the teacher token for controls. */
  lan: boolean;
  /** The teacher token; random when not given. */
  token: string | undefined;
  limits: Limits;
  /** Where and how much of each run is saved; null with --no-record. */
  recording: RecordingOptions | null;
  /** Serve the page through Vite with hot reload instead of the built files. */
  dev: boolean;
  help: boolean;
  /** A student's server to run and show instead of Echo Lab's own (--run). */
  run: RunOptions | null;
  version: boolean;
}

/** A flag with a value we cannot use; main prints `message` alone and exits with code 2. */
export class UsageError extends Error {}

export interface RunOptions {
  /** The command split into words, never run through a shell. */
  command: string[];
  /** Where it runs: where the user typed `npm start` (npm passes it as INIT_CWD). */
  cwd: string;
  /** False runs it without strace, as on a machine that has none (tests). */
  strace?: boolean;
}

type NumberFlag = readonly [flag: string, min: number, max: number, help: string];

/** A setting's flag, in the range the teacher's commands and the page's inputs use too. */
const setting = (flag: string, key: keyof typeof SETTING_BOUNDS, help: string): NumberFlag => [
  flag,
  SETTING_BOUNDS[key].min,
  SETTING_BOUNDS[key].max,
  help,
];

const ECHO_NUMBERS = {
  port: setting('port', 'port', 'TCP port of the echo server'),
  webPort: setting('web-port', 'webPort', 'HTTP port of the page'),
  backlog: setting('backlog', 'backlog', 'places in the accept queue, as in listen(n)'),
  recvSize: setting('recv-size', 'recvSize', 'most bytes one recv() returns'),
  maxMessage: setting(
    'max-message',
    'maxMessage',
    "the client's limit on one message, in characters",
  ),
  delayMs: setting('delay', 'delayMs', 'slow motion: milliseconds before each server action'),
} as const satisfies Record<keyof typeof SETTING_BOUNDS, NumberFlag>;

const LIMIT_NUMBERS = {
  maxClients: ['max-clients', 1, 100_000, 'TCP clients at once; more are refused'],
  maxWebClientsPerAddress: ['max-web-clients', 1, 10_000, 'web-form clients per address'],
  maxWebClientsPerPage: ['max-web-clients-per-page', 1, 1_000, 'web-form clients per page'],
  maxViewers: ['max-viewers', 1, 100_000, 'pages watching at once'],
  maxViewersPerAddress: ['max-viewers-per-address', 1, 100_000, 'pages watching per address'],
  maxFrameBytes: ['max-frame', 16, 16 * 1024 * 1024, 'largest byte-bridge frame, in bytes'],
  maxControlBytes: ['max-control-message', 256, 1024 * 1024, 'largest socket.io message'],
  idleTimeoutSec: ['idle-timeout', 0, 86_400, 'close a served client idle this long (0: never)'],
  sendTimeoutSec: [
    'send-timeout',
    0,
    86_400,
    'close a client blocked in sendall() this long (0: never)',
  ],
  clientBufferBytes: ['client-buffer', 1024, 64 * 1024 * 1024, 'bytes held per TCP client'],
  viewerBacklog: ['viewer-backlog', 1, 10_000, 'batches queued per page before a resync'],
  commandsPerSecond: ['max-commands', 1, 10_000, 'commands one page may send a second'],
  bridgeStallTimeoutSec: ['bridge-stall-timeout', 1, 3_600, 'close a web client unread this long'],
} as const satisfies Record<keyof Limits, NumberFlag>;

const RECORDING_NUMBERS = {
  keepRuns: ['sessions-keep', 1, 10_000, 'saved runs kept; the oldest are deleted'],
  maxRunMb: ['sessions-max-mb', 1, 100_000, 'MiB one run may take on disk'],
} as const satisfies Record<string, NumberFlag>;
const RECORDING_DEFAULTS = { keepRuns: 20, maxRunMb: 50 } as const;

const ALL_NUMBERS: readonly NumberFlag[] = [
  ...Object.values(ECHO_NUMBERS),
  ...Object.values(LIMIT_NUMBERS),
  ...Object.values(RECORDING_NUMBERS),
];

const defaults: Record<string, string | number | boolean> = {
  ...DEFAULTS,
  ...DEFAULT_LIMITS,
  ...RECORDING_DEFAULTS,
};

const line = (left: string, help: string): string => `  ${left.padEnd(32)}${help}`;

export const USAGE = [
  'Usage: echo-lab [options]          (from a clone of the repository: npm start -- [options])',
  '       echo-lab client [host] [port] (the command-line client; client --help)',
  '',
  line('--host <address>', `address to listen on (default ${DEFAULTS.host})`),
  line('--lan', 'listen on every interface, for a classroom network'),
  line('--token <t>', 'the teacher token in --lan mode (default: random)'),
  line('--mode <m>', `${Object.values(Mode).join(' or ')} (default ${DEFAULTS.mode})`),
  line(
    '--disconnect-word <w>',
    `the word that ends a session (default "${DEFAULTS.disconnectWord}")`,
  ),
  line('--sessions-dir <path>', `where each run is saved (default ${defaultSessionsDir()})`),
  line('--no-record', 'save nothing of this run'),
  ...[
    ...Object.entries(ECHO_NUMBERS),
    ...Object.entries(LIMIT_NUMBERS),
    ...Object.entries(RECORDING_NUMBERS),
  ].map(([key, [flag, , , help]]) => line(`--${flag} <n>`, `${help} (default ${defaults[key]})`)),
  line('--run "<command>"', "run and show this server (a student's) instead of Echo Lab's own"),
  line('--dev', 'serve the page with Vite and hot reload (repository only)'),
  line('--version', 'print the version'),
  line('--help', 'show this help'),
  '',
].join('\n');

function integer([flag, min, max]: NumberFlag, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function numbers<K extends string>(
  table: Record<K, NumberFlag>,
  values: Record<string, unknown>,
  fallback: Record<K, number>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(table) as K[]) {
    const spec = table[key];
    out[key] = integer(spec, values[spec[0]] as string | undefined, fallback[key]);
  }
  return out;
}

const NUMBER_FLAGS = new Set(ALL_NUMBERS.map(([flag]) => `--${flag}`));

/**
 * parseArgs takes "-1" after a flag for another flag and calls it ambiguous; joined as
 * "--port=-1" it reaches the range check, which says what the flag takes.
 */
function joinNegativeNumbers(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (NUMBER_FLAGS.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function read(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinNegativeNumbers(argv),
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(ALL_NUMBERS.map(([flag]) => [flag, { type: 'string' as const }])),
        host: { type: 'string' },
        mode: { type: 'string' },
        'disconnect-word': { type: 'string' },
        token: { type: 'string' },
        run: { type: 'string' },
        'sessions-dir': { type: 'string' },
        'no-record': { type: 'boolean', default: false },
        lan: { type: 'boolean', default: false },
        step: { type: 'boolean', default: false },
        dev: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    }).values;
  } catch (err) {
    // parseArgs explains itself well; keep its first sentence and point at --help.
    const first = (err as Error).message.split('\n')[0] ?? 'bad arguments';
    const valueless = /^Option '(--[\w-]+)[^']*' argument (?:missing|is ambiguous)/.exec(first);
    if (valueless) throw new UsageError(`${valueless[1]} needs a value (see --help)`);
    throw new UsageError(`${first.replace(/\.? To specify.*$|\.$/, '')} (see --help)`);
  }
}

function recording(values: ReturnType<typeof read>): RecordingOptions | null {
  const dir = values['sessions-dir'];
  if (values['no-record'] === true) {
    if (dir !== undefined)
      throw new UsageError('--no-record saves nothing; leave out --sessions-dir');
    return null;
  }
  if (dir !== undefined && dir.trim() === '') throw new UsageError('--sessions-dir needs a folder');
  const { keepRuns, maxRunMb } = numbers(RECORDING_NUMBERS, values, RECORDING_DEFAULTS);
  return {
    dir: dir === undefined ? defaultSessionsDir() : path.resolve(dir),
    keepRuns,
    maxRunBytes: maxRunMb * 1024 * 1024,
  };
}

const isMode = (text: string): text is Mode => (Object.values(Mode) as string[]).includes(text);

/** Parses command-line flags; throws UsageError with a one-line message on any bad input. */
export function parseOptions(argv: readonly string[]): Options {
  const values = read(argv);
  const mode = values.mode ?? DEFAULTS.mode;
  if (!isMode(mode)) {
    throw new UsageError(`--mode takes "${Object.values(Mode).join('" or "')}", not "${mode}"`);
  }
  const lan = values.lan === true;
  if (lan && values.host !== undefined) {
    throw new UsageError('--lan listens on every interface; leave out --host');
  }
  const host = lan ? '0.0.0.0' : (values.host ?? DEFAULTS.host);
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  const word = values['disconnect-word'] ?? DEFAULTS.disconnectWord;
  if (word === '' || /[\r\n]/.test(word)) {
    throw new UsageError('--disconnect-word needs a word without line breaks');
  }
  const token = values.token;
  if (token !== undefined && !/^[\w-]{8,128}$/.test(token)) {
    throw new UsageError('--token takes 8 to 128 letters, digits, "-" or "_"');
  }
  return {
    recording: recording(values),
    host,
    mode,
    disconnectWord: word,
    stepping: values.step === true,
    ...numbers<keyof typeof ECHO_NUMBERS>(ECHO_NUMBERS, values, DEFAULTS),
    lan,
    token,
    limits: numbers(LIMIT_NUMBERS, values, DEFAULT_LIMITS),
    dev: values.dev === true,
    help: values.help === true,
    run: values.run === undefined ? null : runCommand(values.run),
    version: values.version === true,
  };
}

/**
 * The words of --run, whose program must exist: run from where the user typed the command
 * (npm passes that folder as INIT_CWD), found on PATH as a shell would.
 */
function runCommand(text: string, cwd = process.env.INIT_CWD ?? process.cwd()): RunOptions {
  let words: string[];
  try {
    words = splitCommand(text);
  } catch (err) {
    throw new UsageError(`--run: ${(err as Error).message} in "${text}"`);
  }
  const [program] = words;
  if (program === undefined)
    throw new UsageError('--run needs a command, e.g. "python3 servidor.py"');
  if (!findProgram(program, cwd)) {
    throw new UsageError(`--run: "${program}" is not a program found in ${cwd} or on PATH`);
  }
  return { command: words, cwd };
}
