import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { eventually, startApp } from './support/app.ts';
import { closeOpenedAfterEach } from './support/opened.ts';
import { connectViewer, httpGet, pageUrl, pause, tryUpgrade } from './support/probes.ts';

const EVIL = 'http://evil.example';

const { track } = closeOpenedAfterEach();

const sioPath = '/socket.io/?EIO=4&transport=websocket';
const pollPath = '/socket.io/?EIO=4&transport=polling';

describe('Origin and Host checks', () => {
  let app: Application;
  let port: number;
  let self: string;
  beforeAll(async () => {
    app = await startApp();
    port = app.addresses.webPort;
    self = `127.0.0.1:${port}`;
  });
  afterAll(() => app.close());

  /**
   * A refused socket.io WebSocket opens only to say why (a browser shows nothing of a refused
   * handshake): it gets the reason, never a snapshot, and is closed. Resolves with what it got.
   */
  async function refusedUpgrade(headers: Record<string, string>): Promise<string> {
    const ws = new WebSocket(`ws://${self}${sioPath}`, { headers, handshakeTimeout: 5_000 });
    const texts: string[] = [];
    ws.on('message', (data: Buffer) => texts.push(data.toString()));
    ws.on('open', () => ws.send('40'));
    ws.on('unexpected-response', (_req, res) => {
      res.on('data', (chunk: Buffer) => texts.push(chunk.toString()));
      res.on('end', () => ws.terminate());
    });
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('close', resolve));
    expect(texts.filter((t) => t.startsWith('42'))).toEqual([]);
    return texts.join('\n');
  }

  it('refuses a foreign Origin on socket.io, with either transport', async () => {
    for (const transports of [['websocket'], ['polling']] as const) {
      const { socket, error, snapshot } = await connectViewer(pageUrl(app), {
        extraHeaders: { Origin: EVIL },
        transports: [...transports],
      });
      track(socket);
      expect(snapshot).toBeNull();
      expect(error).not.toBeNull();
      expect(socket.connected).toBe(false);
      // The page can say why over a WebSocket; long-polling gets it as the HTTP body, below.
      if (transports[0] === 'websocket') expect(error?.message).toMatch(/foreign Origin/);
    }
    // What the server answers, seen without a client library in between.
    expect(await refusedUpgrade({ Origin: EVIL })).toContain('foreign Origin');
    const poll = await httpGet(port, pollPath, { Host: self, Origin: EVIL });
    expect(poll.status).toBe(403);
    expect(poll.body).toContain('foreign Origin');
  });

  it('refuses a foreign Origin on the byte bridge with 403, before any TCP connection', async () => {
    const before = app.hub.lab.totals.connections;
    const result = await tryUpgrade(`ws://${self}/tcp`, { Origin: EVIL });
    expect(result).toMatchObject({ opened: false, status: 403 });
    await pause(100);
    expect(app.hub.lab.totals.connections).toBe(before);
  });

  it('refuses a foreign Origin on /api/state with 403', async () => {
    const answer = await httpGet(port, '/api/state', { Host: self, Origin: EVIL });
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('"state"');
  });

  it('refuses the Origin "null" that sandboxed frames and file: pages send', async () => {
    expect((await httpGet(port, '/api/state', { Host: self, Origin: 'null' })).status).toBe(403);
    expect(await tryUpgrade(`ws://${self}/tcp`, { Origin: 'null' })).toMatchObject({
      opened: false,
      status: 403,
    });
  });

  it('refuses an Origin that only starts like ours', async () => {
    for (const origin of [
      `http://127.0.0.1:${port}.evil.example`,
      `http://127.0.0.1:${port + 1}`,
    ]) {
      expect((await httpGet(port, '/api/state', { Host: self, Origin: origin })).status).toBe(403);
    }
  });

  it('accepts our own Origin on all three endpoints', async () => {
    for (const host of [self, `localhost:${port}`]) {
      const origin = `http://${host}`;
      expect((await httpGet(port, '/api/state', { Host: host, Origin: origin })).status).toBe(200);
      const bridge = await tryUpgrade(`ws://${host}/tcp`, { Origin: origin });
      expect(bridge.opened).toBe(true);
      if (bridge.opened) bridge.ws.close();
      const page = await connectViewer(`http://${host}`, { extraHeaders: { Origin: origin } });
      track(page.socket);
      expect(page.error).toBeNull();
      expect(page.snapshot?.state.config?.port).toBe(app.addresses.echoPort);
    }
    await eventually(() => app.hub.lab.served.length === 0 && app.hub.lab.queue.length === 0);
  });

  it('refuses a Host that is not ours (DNS rebinding) on HTTP and both WebSocket paths', async () => {
    // Any call to the echo thread is answered after the events it emitted before it, so the
    // connection the test before this one opened is counted by now.
    await app.echo.buffers();
    const before = app.hub.lab.totals.connections;
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.nip.example:${port}`]) {
      for (const path of ['/', '/api/state', '/healthz', pollPath]) {
        const answer = await httpGet(port, path, { Host: host });
        expect(answer.status, `${host}${path}`).toBe(403);
        expect(answer.body).not.toContain(String(app.addresses.echoPort));
      }
      // The attacker's page has its own Origin, and it matches the (rebound) Host.
      const variants: Record<string, string>[] = [
        { Host: host },
        { Host: host, Origin: `http://${host}` },
      ];
      for (const headers of variants) {
        const bridge = await tryUpgrade(`ws://${self}/tcp`, headers);
        expect(bridge).toMatchObject({ opened: false, status: 403 });
        expect(await refusedUpgrade(headers)).toContain('unknown Host');
      }
    }
    await app.echo.buffers();
    expect(app.hub.lab.totals.connections).toBe(before);
  });

  it('sends security headers and no X-Powered-By', async () => {
    for (const [path, headers] of [
      ['/', { Host: self }],
      ['/api/state', { Host: self }],
      ['/api/nope', { Host: self }],
      ['/api/state', { Host: 'evil.example' }],
    ] as const) {
      const answer = await httpGet(port, path, headers);
      expect(answer.headers['x-powered-by'], path).toBeUndefined();
      const csp = answer.headers['content-security-policy'] ?? '';
      expect(csp, path).toContain("connect-src 'self'");
      // The page is served over plain HTTP on a classroom network: upgrading would break it.
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
