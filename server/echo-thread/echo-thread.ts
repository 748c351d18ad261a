import { Worker } from 'node:worker_threads';
import type { EchoConfig, LabEvent } from '../../shared/protocol.ts';
import { EventSource, type EventFeed } from '../echo/event-source.ts';
import type { Dialled } from '../shown/local-dials.ts';
import type { OwnKind } from '../echo/client-names.ts';
import { echoConfig, type ClientBuffers, type ConfigPatch } from '../echo/server.ts';
import { OwnClients } from '../shown/own-clients.ts';
import type { PageNote, ShownServer } from '../shown/shown-server.ts';
import type { CallName, EchoCalls, FromThread, ThreadData, ToThread } from './messages.ts';

/**
 * `npm start` runs the server prebuilt, bundled into dist/server with worker.js beside it;
 * `npm run dev`, the tests and the bench run this file as TypeScript, through tsx.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

/**
 * Every read allocates, so the thread's young generation fills fast; left alone V8 grew
 * it to 16 MiB semi-spaces, which churn through memory far beyond the CPU's caches. A
 * bare server's stays near 1 MiB. Capped alike, it matched bare in paired runs.
 */
const YOUNG_GENERATION_MB = 3;

/**
 * From source, the thread registers tsx itself before it loads its TypeScript entry:
 * `node --import tsx` does not carry its hooks into workers on Node 20. That costs the
 * thread about a third of a second of start-up, which the prebuilt bundle saves.
 */
function startWorker(data: ThreadData): Worker {
  const options = {
    workerData: data,
    name: 'echo server',
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  };
  if (!FROM_SOURCE) return new Worker(ENTRY, options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(ENTRY.href);
  const boot = `import(${tsx}).then(({ register }) => { register(); return import(${entry}); });`;
  return new Worker(boot, { ...options, eval: true });
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The echo server, run in a thread of its own and driven from the main thread. Events
 * arrive already stamped, in order; settings are mirrored here so the web side can read
 * them at once; in-process clients (the byte bridge, bots) dial from this thread and the
 * echo thread asks here which connection is whose, without waiting for the answer.
 */
export class EchoThread implements ShownServer {
  private readonly source = new EventSource();
  readonly events: EventFeed = this.source;
  private readonly own: OwnClients;
  private readonly worker: Worker;
  private calls = 0;
  private readonly waiting = new Map<number, Waiting>();
  private ended: Error | null = null;
  private readonly crashListeners = new Set<(error: Error) => void>();

  constructor(config: EchoConfig, options: ThreadData['options'] = {}) {
    this.own = new OwnClients(echoConfig(config));
    this.worker = startWorker({ config: this.own.config, options });
    this.worker.on('message', (message: FromThread) => this.receive(message));
    this.worker.on('error', (err) => this.end(err, true));
    this.worker.on('exit', (code) => this.end(new Error(`the echo thread exited (${code})`), true));
  }

  /**
   * Told if the thread dies on its own (a bug, or out of memory). Nothing echoes after
   * that, so `npm start` exits rather than leave a page that looks alive.
   */
  onCrash(listener: (error: Error) => void): void {
    this.crashListeners.add(listener);
  }

  get settings(): EchoConfig {
    return { ...this.own.config };
  }

  /** Binds and starts accepting; resolves with the real port (useful with port 0). */
  async listen(): Promise<{ port: number }> {
    const bound = await this.call('listen');
    this.own.config.port = bound.port;
    return bound;
  }

  /**
   * Opens a real TCP connection to the server on behalf of an in-process client; `from` is
   * the address of the page behind a web form, which its events then carry.
   */
  dial(kind: OwnKind, label: string, from?: string): Dialled {
    return this.own.dial(kind, label, from);
  }

  reconfigure(patch: ConfigPatch): Promise<void> {
    // The thread applies the same patch, and its config.changed event follows.
    this.own.config = { ...this.own.config, ...patch };
    return this.call('reconfigure', patch);
  }

  step(): Promise<boolean> {
    return this.call('step');
  }

  disconnect(id: number): Promise<boolean> {
    return this.call('disconnect', id);
  }

  buffers(): Promise<ClientBuffers[]> {
    return this.call('buffers');
  }

  announce(note: PageNote): Promise<void> {
    return this.call('announce', note);
  }

  /** Keeps an address out for the rest of the run; false when the list is full. */
  block(address: string): Promise<boolean> {
    return this.call('block', address);
  }

  unblock(address: string): Promise<boolean> {
    return this.call('unblock', address);
  }

  /** Whether the teacher blocked this address, as of the last event that crossed over. */
  isBlocked(address: string): boolean {
    return this.own.isBlocked(address);
  }

  /** Closes every client and the listener, reports it, then ends the thread. */
  async close(): Promise<void> {
    if (this.ended) return;
    try {
      await this.call('close');
    } finally {
      this.end(new Error('the echo server is closed'), false);
      await this.worker.terminate();
    }
  }

  private call<K extends CallName>(
    name: K,
    ...args: Parameters<EchoCalls[K]>
  ): Promise<ReturnType<EchoCalls[K]>> {
    if (this.ended) return Promise.reject(this.ended);
    const call = ++this.calls;
    return new Promise((resolve, reject) => {
      this.waiting.set(call, { resolve, reject });
      this.worker.postMessage({ type: 'call', call, name, args });
    });
  }

  private receive(message: FromThread): void {
    switch (message.type) {
      case 'events':
        for (const event of message.events) this.follow(event);
        return;
      case 'ask': {
        const local = this.own.claim(message.port, message.id);
        this.worker.postMessage({ type: 'dialler', ask: message.ask, local } satisfies ToThread);
        return;
      }
      case 'answer': {
        const waiting = this.waiting.get(message.call);
        this.waiting.delete(message.call);
        if (!message.error) waiting?.resolve(message.value);
        else waiting?.reject(Object.assign(new Error(message.error.message), message.error));
        return;
      }
    }
  }

  private follow(event: LabEvent): void {
    this.own.follow(event);
    this.source.relay(event);
  }

  /** Unexpected (a crash) goes to the crash listeners; either way, no call waits on. */
  private end(error: Error, unexpected: boolean): void {
    if (this.ended) return;
    this.ended = error;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
    if (!unexpected) return;
    if (this.crashListeners.size === 0)
      console.error('echo-lab: the echo server stopped:', error.message);
    for (const listener of this.crashListeners) listener(error);
  }
}
