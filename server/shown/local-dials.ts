import net from 'node:net';
import type { LocalClient, OwnKind } from '../echo/client-names.ts';

/** A connection an in-process client opened; `id` resolves once the server has seen it. */
export interface Dialled {
  socket: net.Socket;
  id: Promise<number>;
}

interface Dial {
  socket: net.Socket;
  kind: OwnKind;
  label: string;
  from: string | undefined;
  named: (id: number) => void;
}

/**
 * In-process clients (web forms through the byte bridge, bots) connect over real TCP like
 * anyone else; this is how the server tells them apart from raw clients: by matching the
 * accepted socket's remote port with a dial's local port.
 */
export class LocalDials {
  private readonly pending = new Set<Dial>();

  dial(host: string, port: number, kind: OwnKind, label: string, from?: string): Dialled {
    const connectHost = { '0.0.0.0': '127.0.0.1', '::': '::1' }[host] ?? host;
    const socket = net.connect({ host: connectHost, port, noDelay: true });
    let named: (id: number) => void = () => {};
    const id = new Promise<number>((resolve) => (named = resolve));
    const dial: Dial = { socket, kind, label, from, named };
    this.pending.add(dial);
    socket.once('close', () => this.pending.delete(dial));
    return { socket, id };
  }

  /**
   * The dial behind an accepted loopback connection, if any. By the time the server sees
   * the connection, the dialling socket has made its connect() call, so its local port is
   * known (reading it earlier would cache an unbound port).
   */
  claim(remotePort: number, id: number): LocalClient | null {
    for (const dial of this.pending) {
      if (dial.socket.localPort !== remotePort) continue;
      this.pending.delete(dial);
      dial.named(id);
      return { kind: dial.kind, label: dial.label, ...(dial.from ? { from: dial.from } : {}) };
    }
    return null;
  }
}
