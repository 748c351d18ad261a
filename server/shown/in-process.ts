import type { EchoConfig } from '../../shared/protocol.ts';
import type { EventFeed } from '../echo/event-source.ts';
import type { Dialled } from './local-dials.ts';
import type { OwnKind } from '../echo/client-names.ts';
import {
  EchoServer,
  type ClientBuffers,
  type ConfigPatch,
  type EchoOptions,
} from '../echo/server.ts';
import { OwnClients } from './own-clients.ts';
import type { PageNote, ShownServer } from './shown-server.ts';

/**
 * Echo Lab's own echo server run on the main thread: the same code as the thread runs,
 * without the thread. For tests where a thread adds nothing but start-up time.
 */
export class InProcessEcho implements ShownServer {
  private readonly server: EchoServer;
  private readonly own: OwnClients;
  readonly events: EventFeed;

  constructor(config: EchoConfig, options: Omit<EchoOptions, 'askDialler'> = {}) {
    this.server = new EchoServer(config, {
      ...options,
      // Our dials are on this thread, so whose a connection is can be answered at once.
      askDialler: (port, id) => Promise.resolve(this.own.claim(port, id)),
    });
    this.own = new OwnClients(this.server.settings);
    this.events = this.server.events;
    // Subscribed first, so the mirror is up to date before anyone else hears an event.
    this.server.events.subscribe((event) => this.own.follow(event));
  }

  get settings(): EchoConfig {
    return this.server.settings;
  }

  async listen(): Promise<{ port: number }> {
    const { port } = await this.server.listen();
    this.own.config.port = port;
    return { port };
  }

  dial(kind: OwnKind, label: string, from?: string): Dialled {
    return this.own.dial(kind, label, from);
  }

  reconfigure(patch: ConfigPatch): Promise<void> {
    this.server.reconfigure(patch);
    return Promise.resolve();
  }

  step(): Promise<boolean> {
    return Promise.resolve(this.server.step());
  }

  disconnect(id: number): Promise<boolean> {
    return Promise.resolve(this.server.disconnect(id));
  }

  buffers(): Promise<ClientBuffers[]> {
    return Promise.resolve(this.server.buffers());
  }

  announce(note: PageNote): Promise<void> {
    this.server.events.emit(note);
    return Promise.resolve();
  }

  block(address: string): Promise<boolean> {
    return Promise.resolve(this.server.block(address));
  }

  unblock(address: string): Promise<boolean> {
    return Promise.resolve(this.server.unblock(address));
  }

  isBlocked(address: string): boolean {
    return this.own.isBlocked(address);
  }

  /** It runs on the caller's own thread: if it dies, so does everything else. */
  onCrash(): void {}

  close(): Promise<void> {
    return this.server.close();
  }
}
