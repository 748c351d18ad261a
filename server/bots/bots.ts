import type { Socket } from 'node:net';
import { ClientKind } from '../../shared/protocol.ts';
import { hangUp } from '../byte-bridge/hang-up.ts';
import type { ShownServer } from '../shown/shown-server.ts';

/** Bots alive at once, whatever teachers ask for: each is a real socket. */
const MAX_BOTS = 200;

const PHRASES = ['hola', '¿qué tal?', 'ping', 'eco… eco…', 'hello', 'TCP ❤', '1 2 3', 'adiós'];

/** How a bot waits between messages: a timer, or a clock a test steps. */
export type Pause = (ms: number) => Promise<void>;

const timer: Pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BotPlan {
  count: number;
  /** Messages each bot sends before the disconnect word. */
  messages: number;
  intervalMs: number;
}

/**
 * Real TCP clients run from inside Echo Lab so a teacher can fill the queue without
 * opening terminals. Each behaves like the homework's client: send, wait for the whole
 * echo, pause, repeat, then send the word.
 */
export class Bots {
  private readonly alive = new Set<Socket>();
  private made = 0;

  constructor(
    private readonly echo: ShownServer,
    private readonly pause: Pause = timer,
  ) {}

  /** Starts up to `plan.count` bots (fewer if MAX_BOTS would be passed); returns how many. */
  start(plan: BotPlan): number {
    const room = Math.max(0, Math.min(plan.count, MAX_BOTS - this.alive.size));
    for (let i = 0; i < room; i++) void this.run(plan);
    return room;
  }

  /** Hangs every bot up the way the byte bridge hangs up on a page that left. */
  stop(): void {
    for (const socket of this.alive) hangUp(socket);
    this.alive.clear();
  }

  private async run({ messages, intervalMs }: BotPlan): Promise<void> {
    const n = ++this.made;
    const { socket } = this.echo.dial(ClientKind.bot, `bot ${n}`);
    this.alive.add(socket);
    socket.on('error', () => socket.destroy());
    let received = 0;
    let wake: (() => void) | null = null;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      wake?.();
    });
    socket.on('close', () => {
      this.alive.delete(socket);
      wake?.();
    });
    let expected = 0;
    // Not writable once hung up or closed: then it sends nothing more.
    for (let i = 0; i < messages && socket.writable; i++) {
      const text = `${PHRASES[(n + i) % PHRASES.length]} (bot ${n}, ${i + 1}/${messages})`;
      const bytes = Buffer.from(text);
      expected += bytes.length;
      socket.write(bytes);
      while (received < expected && !socket.destroyed) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      await this.pause(intervalMs);
    }
    if (socket.writable) socket.end(this.echo.settings.disconnectWord);
  }
}
