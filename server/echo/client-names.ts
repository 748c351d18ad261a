import type net from 'node:net';
import { ClientKind, type ClientInfo } from '../../shared/protocol.ts';
import type { EventSource } from './event-source.ts';
import { ProgramNames } from './program-names.ts';

export const plainAddress = (address: string | undefined): string =>
  (address ?? '?').replace(/^::ffff:/, '');

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/**
 * This machine as its own browser and in-process clients reach Echo Lab: the teacher's page
 * and the dials of web forms and bots come from here (other 127.x addresses only by choice).
 */
export const isLocal = (address: string): boolean => address === '127.0.0.1' || address === '::1';

/** What an in-process client is: never raw, since Echo Lab dialled it. */
export type OwnKind = Exclude<ClientKind, 'raw'>;

/** Who dialled a loopback connection from inside Echo Lab. */
export interface LocalClient {
  kind: OwnKind;
  label: string;
  /** For a web form: the address of the page that opened it. */
  from?: string;
}

/**
 * Asks the thread that dials in-process clients which of them, if any, opened the
 * connection from this port; it answers null for a raw client.
 */
export type AskDialler = (remotePort: number, id: number) => Promise<LocalClient | null>;

/** How a connection comes in: as a raw client, and whether it may turn out to be ours. */
export interface Arrival {
  info: ClientInfo;
  /**
   * For a loopback connection while another thread dials in-process clients: which of
   * them opened it, or null for a raw client. Null here when it cannot be one of ours.
   */
  ours: Promise<LocalClient | null> | null;
}

/** The client a connection turned out to be, once its dialler said so. */
export const dialledInfo = (info: ClientInfo, local: LocalClient): ClientInfo => ({
  ...info,
  kind: local.kind,
  label: local.label,
  // A web form's dial carries its page's address, which the page shows and the teacher blocks.
  address: local.from ?? info.address,
});

/**
 * Gives each accepted connection its id and the name the page shows: address:port, later
 * the in-process client that dialled it ("web 2", "bot 3"), or for a raw client the
 * program behind it ("nc :51234") when this machine lets us see it.
 */
export class ClientNames {
  private nextId = 1;
  private readonly programs: ProgramNames | null;

  constructor(
    private readonly events: EventSource,
    namePrograms: boolean,
    private readonly askDialler: AskDialler | null = null,
  ) {
    this.programs = namePrograms ? new ProgramNames() : null;
  }

  /**
   * Ids go in accept order. Nothing here waits: whether a loopback connection is one of
   * ours is only known once the dialling thread answers, which may be busy for a while.
   */
  identify(socket: net.Socket): Arrival {
    const id = this.nextId++;
    const address = plainAddress(socket.remoteAddress);
    const port = socket.remotePort ?? 0;
    const info: ClientInfo = {
      id,
      kind: ClientKind.raw,
      address,
      port,
      label: `${address}:${port}`,
    };
    const mayBeOurs = isLoopback(address) && this.askDialler;
    return { info, ours: mayBeOurs ? this.askDialler(port, id) : null };
  }

  /** Looks up the program behind a local raw client; reports it if still open by then. */
  nameProgram(info: ClientInfo, stillOpen: () => boolean): void {
    if (!this.programs || info.kind !== ClientKind.raw || !isLoopback(info.address)) return;
    void this.programs.lookup(info.port).then((program) => {
      if (!program || !stillOpen()) return;
      const label = `${program} :${info.port}`;
      this.events.emit({ type: 'client.named', id: info.id, label, program });
    });
  }
}
