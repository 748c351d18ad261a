import { readFileSync } from 'node:fs';
import path from 'node:path';
import { banner } from './banner.ts';
import { yieldToEchoThread } from './echo-thread/priority.ts';
import { ensurePageBuilt, ROOT } from './http/page-build.ts';
import { parseOptions, UsageError, USAGE } from './options.ts';
import { startShownServer } from './shown/start.ts';
import { checkHost, listenFailure } from './startup-errors.ts';

function canImport(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}

function fail(message: string, code: number): never {
  process.stderr.write(`echo-lab: ${message}\n`);
  process.exit(code);
}

let options;
try {
  options = parseOptions(process.argv.slice(2));
  await checkHost(options.host);
} catch (err) {
  if (err instanceof UsageError) fail(err.message, 2);
  throw err;
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (options.version) {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`echo-lab ${version}\n`);
  process.exit(0);
}
if (options.dev && !canImport('vite')) {
  fail('--dev serves the page through Vite, a tool of the repository: npm run dev in a clone', 2);
}
/** Started as the package's command (echo-lab), not by npm start in a clone. */
const fromBin = /echo-lab(\.cjs)?$/.test(process.argv[1] ?? '');

// The echo thread boots on one core while this one loads the web side, which is most of
// the start-up time.
const echo = startShownServer(options);
yieldToEchoThread();
echo.onCrash((err) => fail(`the echo server stopped (${err.message}); start Echo Lab again`, 1));
const { createApplication } = await import('./app.ts');
if (!options.dev) await ensurePageBuilt((line) => process.stdout.write(`${line}\n`));
const app = await createApplication(options, echo).catch((err: unknown) => {
  const why = listenFailure(err, options.host);
  if (why) fail(why, 1);
  throw err;
});
process.stdout.write(
  banner(app.addresses, {
    client: fromBin ? 'echo-lab client' : 'npm run client --',
    qr: process.stdout.isTTY && !process.env.NO_COLOR ? 'color' : 'plain',
  }),
);

let stopping = false;
const stop = (): void => {
  if (stopping) process.exit(1);
  stopping = true;
  process.stdout.write('\nStopping: closing every client...\n');
  void app.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
