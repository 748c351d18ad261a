import type net from 'node:net';
import { ClientKind, type ClientInfo } from '../../shared/protocol.ts';
import type { EventSource } from './event-source.ts';
import { LocalDials, type Dialled } from './local-dials.ts';
import { ProgramNames } from './program-names.ts';

export const plainAddress = (address: string | undefined): string =>
  (address ?? '?').replace(/^::ffff:/, '');

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/**
 * Gives each accepted connection its id and the name the page shows: the in-process
 * client that dialled it ("web 2", "bot 3"), else address:port, later the program behind
 * it ("nc :51234") when this machine lets us see it.
 */
export class ClientNames {
  private nextId = 1;
  private readonly dials = new LocalDials();
  private readonly programs: ProgramNames | null;

  constructor(
    private readonly events: EventSource,
    namePrograms: boolean,
  ) {
    this.programs = namePrograms ? new ProgramNames() : null;
  }

  dial(host: string, port: number, kind: ClientKind, label: string): Dialled {
    return this.dials.dial(host, port, kind, label);
  }

  identify(socket: net.Socket): ClientInfo {
    const id = this.nextId++;
    const address = plainAddress(socket.remoteAddress);
    const port = socket.remotePort ?? 0;
    const local = isLoopback(address) ? this.dials.claim(port, id) : null;
    if (local) return { id, address, port, ...local };
    return { id, kind: ClientKind.raw, address, port, label: `${address}:${port}` };
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
