import type { EchoConfig, LabEvent } from '../../shared/protocol.ts';
import type { LocalClient } from '../echo/client-names.ts';
import type { ClientBuffers, ConfigPatch, EchoOptions } from '../echo/server.ts';
import type { PageNote } from '../shown/shown-server.ts';

/** What the main thread may ask of the echo server's thread, and what each call answers. */
export interface EchoCalls {
  listen(): { port: number };
  reconfigure(patch: ConfigPatch): void;
  step(): boolean;
  disconnect(id: number): boolean;
  buffers(): ClientBuffers[];
  close(): void;
  /** Emits what the web side tells the pages (already checked and escaped), in sequence. */
  announce(note: PageNote): void;
  block(address: string): boolean;
  unblock(address: string): boolean;
}
export type CallName = keyof EchoCalls;

/** How the thread starts: settings and limits only, since functions cannot cross threads. */
export interface ThreadData {
  config: EchoConfig;
  options: Omit<EchoOptions, 'askDialler'>;
}

export type ToThread =
  | {
      [K in CallName]: { type: 'call'; call: number; name: K; args: Parameters<EchoCalls[K]> };
    }[CallName]
  /** The answer to an `ask`: the in-process client behind that port, or null for a raw one. */
  | { type: 'dialler'; ask: number; local: LocalClient | null };

export type FromThread =
  /** Events in the order they were stamped; under load, gathered for a few ms (RELAY_MS). */
  | { type: 'events'; events: LabEvent[] }
  /**
   * A loopback connection came in from `port`: did the main thread dial it? It is already
   * in the queue as raw; the answer relabels it (client.identified), so it never waits.
   */
  | { type: 'ask'; ask: number; port: number; id: number }
  | { type: 'answer'; call: number; value?: unknown; error?: { message: string; code?: string } };
