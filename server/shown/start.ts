import type { AppOptions } from '../app.ts';
import { EchoThread } from '../echo-thread/echo-thread.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import { TracedServer } from '../traced/traced-server.ts';
import { InProcessEcho } from './in-process.ts';
import type { ShownServer } from './shown-server.ts';

/**
 * The server an application with these options shows. Echo Lab's own echo server starts
 * booting its thread at once, so `npm start` can load the web side on the other core
 * meanwhile; `inProcess` runs the same code on this thread instead.
 */
export function startShownServer(options: AppOptions): ShownServer {
  const { maxClients, clientBufferBytes, idleTimeoutSec, sendTimeoutSec } = {
    ...DEFAULT_LIMITS,
    ...options.limits,
  };
  const echoOptions = {
    maxClients,
    clientBufferBytes,
    idleTimeoutSec,
    sendTimeoutSec,
    namePrograms: options.namePrograms ?? true,
  };
  if (options.run) {
    const { host, maxMessage } = options;
    return new TracedServer({ ...options.run, host, maxMessage });
  }
  if (options.inProcess) return new InProcessEcho(options, echoOptions);
  return new EchoThread(options, echoOptions);
}
