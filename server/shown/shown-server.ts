// The seam between the web side and a server Echo Lab shows. The web side (viewers, byte
// bridge, bots, controls, HTTP) talks to this interface only, never to a concrete server:
// Echo Lab's own echo server in its thread, the same code on the main thread (in-process,
// for tests where a thread adds nothing), or a student's program it runs and traces.

import type { EchoConfig, LabEventBody } from '../../shared/protocol.ts';
import type { EventFeed } from '../echo/event-source.ts';
import type { Dialled } from './local-dials.ts';
import type { OwnKind } from '../echo/client-names.ts';
import type { ClientBuffers, ConfigPatch } from '../echo/server.ts';

/**
 * What the web side tells every page through the server's own stream, so that it takes
 * its place in the one sequence: the teacher clears the diagram or hides a message or a
 * name, a page names a client. The server stamps it; it changes nothing in the server.
 */
export type PageNote = Extract<
  LabEventBody,
  { type: 'diagram.cleared' | 'message.hidden' | 'name.hidden' | 'client.named' }
>;

/** A command a server cannot carry out, with why, for the teacher's page. */
export class Unsupported extends Error {}

export interface ShownServer {
  /** Every event, stamped and in order. */
  readonly events: EventFeed;
  /** The settings as of the last event that crossed over; port is the real one once listening. */
  readonly settings: EchoConfig;
  /** Starts serving; resolves with the TCP port clients connect to. */
  listen(): Promise<{ port: number }>;
  /**
   * Opens a real TCP connection to the server for an in-process client (a web form, a bot);
   * `from` is the address of the page behind a web form, which its events then carry.
   */
  dial(kind: OwnKind, label: string, from?: string): Dialled;
  /** Throws Unsupported where the server decides its settings itself. */
  reconfigure(patch: ConfigPatch): Promise<void>;
  /** Step mode: lets the held action go; false when nothing is held. */
  step(): Promise<boolean>;
  /** False when there is no such open client; Unsupported when it cannot be done. */
  disconnect(id: number): Promise<boolean>;
  /** Bytes each open connection holds in user space, where the server can tell. */
  buffers(): Promise<ClientBuffers[]>;
  /** Stamps `note` in sequence with the server's own events. */
  announce(note: PageNote): Promise<void>;
  /** Keeps an address out for the rest of the run; false when the list is full. */
  block(address: string): Promise<boolean>;
  unblock(address: string): Promise<boolean>;
  /** Whether the teacher blocked this address, as of the last event that crossed over. */
  isBlocked(address: string): boolean;
  /** Starts a traced program again; absent where there is none to restart. */
  restart?(): Promise<void>;
  /** Told when the server dies on its own, so `npm start` can say so and exit. */
  onCrash(listener: (error: Error) => void): void;
  close(): Promise<void>;
}
