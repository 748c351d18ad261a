// CPU profiles of every thread of this process, for `--profile`: Echo Lab's echo server
// runs in a worker thread, which the main thread's inspector session reaches through the
// NodeWorker domain. Profiles cover only the window between start() and stop().

import { Session } from 'node:inspector/promises';

interface Reply {
  id?: number;
  result?: { profile?: object };
}

export class ThreadProfiler {
  private readonly session = new Session();
  private readonly workers: string[] = [];
  private nextId = 0;
  private readonly replies = new Map<number, (reply: Reply) => void>();

  async start(): Promise<void> {
    this.session.connect();
    this.session.on('NodeWorker.attachedToWorker', ({ params }) => {
      // Module loader threads (tsx's hooks) only wait; profiling them would only add cost.
      if (params.workerInfo.url.startsWith('node:internal/')) return;
      this.workers.push(params.sessionId);
    });
    this.session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
      const reply = JSON.parse(params.message) as Reply;
      if (reply.id === undefined) return;
      this.replies.get(reply.id)?.(reply);
      this.replies.delete(reply.id);
    });
    // Workers already running are attached before this resolves.
    await this.session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
    for (const worker of this.workers) {
      await this.inWorker(worker, 'Profiler.enable');
      await this.inWorker(worker, 'Profiler.start');
    }
  }

  /** The main thread's profile first, then one per worker. */
  async stop(): Promise<object[]> {
    const { profile } = await this.session.post('Profiler.stop');
    const profiles: object[] = [profile];
    for (const worker of this.workers) {
      const reply = await this.inWorker(worker, 'Profiler.stop');
      if (reply.result?.profile) profiles.push(reply.result.profile);
    }
    await this.session.post('NodeWorker.disable');
    this.session.disconnect();
    return profiles;
  }

  private inWorker(sessionId: string, method: string): Promise<Reply> {
    const id = ++this.nextId;
    const reply = new Promise<Reply>((resolve) => this.replies.set(id, resolve));
    const message = JSON.stringify({ id, method });
    void this.session.post('NodeWorker.sendMessageToWorker', { sessionId, message });
    return reply;
  }
}

/** Where the profile of the n-th worker thread goes, beside the main thread's `file`. */
export const threadFile = (file: string, n: number): string =>
  file.replace(/\.cpuprofile$/, `.thread-${n}.cpuprofile`);
