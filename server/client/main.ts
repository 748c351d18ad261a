import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../../shared/protocol.ts';
import { SETTING_BOUNDS, within } from '../../shared/schema/bounds.ts';
import { EchoClient } from './echo-client.ts';

/** Started as `echo-lab client` (the package's command) or by npm run client in a clone. */
const program = /echo-lab(\.cjs)?$/.test(process.argv[1] ?? '')
  ? 'echo-lab client'
  : 'npm run client --';

const USAGE = `Usage: ${program} [host] [port] [--max-message n] [--disconnect-word w]
The homework's client: type a message, get its echo; "${DEFAULTS.disconnectWord}" ends it.
`;

const say = (text: string): void => void process.stdout.write(`${text}\n`);

function usageError(message: string): never {
  process.stderr.write(`echo-client: ${message} (see --help)\n`);
  process.exit(2);
}

function parse() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        'max-message': { type: 'string' },
        'disconnect-word': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (positionals.length > 2) usageError('takes at most a host and a port');
    const [host = DEFAULTS.host, rawPort = String(DEFAULTS.port)] = positionals;
    const port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
      usageError(`the port must be a whole number from 1 to 65535, not "${rawPort}"`);
    }
    const rawMax = values['max-message'] ?? String(DEFAULTS.maxMessage);
    const maxMessage = Number(rawMax);
    const { min, max } = SETTING_BOUNDS.maxMessage;
    if (!/^\d+$/.test(rawMax) || !within(maxMessage, SETTING_BOUNDS.maxMessage)) {
      usageError(`--max-message takes a whole number from ${min} to ${max}, not "${rawMax}"`);
    }
    return { host, port, maxMessage, word: values['disconnect-word'] ?? DEFAULTS.disconnectWord };
  } catch (err) {
    usageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

const { host, port, maxMessage, word } = parse();
say(`Connecting to ${host} port ${port}`);
const client = await EchoClient.connect(host, port).catch((err: Error) => {
  process.stderr.write(`echo-client: ${err.message}\n`);
  process.exit(1);
});
say(`Connected. Type a message (at most ${maxMessage} characters); "${word}" ends.`);

const input = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
input.on('SIGINT', () => input.close());
const prompt = (): void => void process.stdout.write('Message: ');

let code = 0;
prompt();
for await (const line of input) {
  const length = [...line].length;
  if (length > maxMessage) {
    say(`Refused: ${length} characters; a message can have at most ${maxMessage}.`);
    prompt();
    continue;
  }
  if (line === word) {
    await client.sendAndClose(Buffer.from(line));
    break;
  }
  // Warn after a moment without an echo: an iterative server may be busy with someone else.
  const slow = setTimeout(
    () => say('(no echo yet: the server may be serving another client)'),
    1500,
  );
  try {
    say(`Echo: ${(await client.exchange(Buffer.from(line))).toString()}`);
  } catch (err) {
    process.stderr.write(`echo-client: ${(err as Error).message}\n`);
    code = 1;
    break;
  } finally {
    clearTimeout(slow);
  }
  prompt();
}
input.close();
if (!client.closedBecause) await client.close();
say('\nSocket closed.');
process.exit(code);
