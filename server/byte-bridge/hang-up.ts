import type { Socket } from 'node:net';

/** How long a TCP side we hung up on may take to close before it is reset. */
const HANG_UP_LINGER_MS = 2_000;

/**
 * Bytes could still be moving: ours not yet handed to the kernel, or reading paused, in
 * which case the echo server may be blocked in sendall() toward us and will never read a
 * FIN queued behind what it is trying to send.
 */
const inFlight = (tcp: Socket): boolean => tcp.writableLength > 0 || tcp.isPaused();

const hungUp = new WeakSet<Socket>();

/**
 * The one way Echo Lab ends a TCP connection it opened itself (web-form clients, bots)
 * once whoever it spoke for is gone: a clean FIN when nothing is in flight, a reset at
 * once otherwise, and a reset anyway if it has not closed within the linger. A connection
 * we opened is never left paused with bytes in flight, holding the echo server.
 */
export function hangUp(tcp: Socket, lingerMs = HANG_UP_LINGER_MS): void {
  if (tcp.destroyed || hungUp.has(tcp)) return;
  hungUp.add(tcp);
  if (inFlight(tcp)) {
    tcp.resetAndDestroy();
    return;
  }
  // Nobody reads for us any more: echoes still on their way are read and dropped, so the
  // server's sendall() finishes and it reads our FIN.
  tcp.removeAllListeners('data');
  tcp.resume();
  tcp.end();
  const linger = setTimeout(() => {
    if (!tcp.destroyed) tcp.resetAndDestroy();
  }, lingerMs);
  linger.unref();
  tcp.once('close', () => clearTimeout(linger));
}
