import { ClientKind, type EchoConfig, type LabEvent } from '../../shared/protocol.ts';
import { plainAddress, type LocalClient, type OwnKind } from '../echo/client-names.ts';
import { LocalDials, type Dialled } from './local-dials.ts';

/**
 * What the web side of any shown server keeps from its events: the settings, the blocked
 * addresses, and which connections are our own dials (web forms and bots). A dial's id is
 * handed out only once the event naming it has crossed over, so a web card's hello always
 * matches what its page has seen.
 */
export class OwnClients {
  private readonly dials = new LocalDials();
  /** Dialled clients whose id is known here, until the event that names them arrives. */
  private readonly arriving = new Map<number, () => void>();
  /** The teacher's blocked addresses, mirrored from events (bounded there by MAX_BLOCKED). */
  private readonly blocked = new Set<string>();

  constructor(public config: EchoConfig) {}

  dial(kind: OwnKind, label: string, from?: string): Dialled {
    const { host, port } = this.config;
    const page = from === undefined ? undefined : plainAddress(from);
    const { socket, id } = this.dials.dial(host, port, kind, label, page);
    const known = id.then(
      (n) =>
        new Promise<number>((resolve) => {
          this.arriving.set(n, () => resolve(n));
          socket.once('close', () => this.arriving.delete(n));
        }),
    );
    return { socket, id: known };
  }

  /** The dial behind a connection from this local port, if it is one of ours. */
  claim(remotePort: number, id: number): LocalClient | null {
    return this.dials.claim(remotePort, id);
  }

  isBlocked(address: string): boolean {
    return this.blocked.size > 0 && this.blocked.has(plainAddress(address));
  }

  /** Called with every event, in order, before it is handed on. */
  follow(event: LabEvent): void {
    if (event.type === 'server.started' || event.type === 'config.changed') {
      this.config = { ...event.config };
      if (event.type === 'server.started') this.blocked.clear();
    } else if (event.type === 'client.identified') {
      this.arrived(event.id);
    } else if (event.type === 'client.connected' && event.client.kind !== ClientKind.raw) {
      // Held until known (its address was blocked): it came in already named.
      this.arrived(event.client.id);
    } else if (event.type === 'address.blocked') {
      if (event.blocked) this.blocked.add(event.address);
      else this.blocked.delete(event.address);
    }
  }

  private arrived(id: number): void {
    this.arriving.get(id)?.();
    this.arriving.delete(id);
  }
}
