import type { EchoConfig, LabEvent } from '../../shared/protocol.ts';
import type { LocalClient } from '../echo/local-dials.ts';
import type { ClientBuffers, ConfigPatch, EchoOptions } from '../echo/server.ts';

/** What the main thread may ask of the echo server's thread, and what each call answers. */
export interface EchoCalls {
  listen(): { port: number };
  reconfigure(patch: ConfigPatch): void;
  step(): boolean;
  disconnect(id: number): boolean;
  clear(): void;
  buffers(): ClientBuffers[];
  close(): void;
  /** Emits the teacher's hiding (or showing) of a message or a name, in sequence. */
  hideMessage(target: number, id: number, hidden: boolean): void;
  hideName(id: number, hidden: boolean): void;
  /** Emits the name a page chose for a client (already checked and escaped). */
  rename(id: number, label: string, program: string): void;
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
