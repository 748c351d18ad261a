// --run: the homework's own server, unmodified, under Echo Lab. Real strace, python3, gcc.

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { messages } from '../web/src/diagram/messages.ts';
import { rowText, textKit } from '../web/src/diagram/text.ts';
import { eventually } from './support/app.ts';
import { canTrace, freePort, tracedAfterEach } from './support/traced-app.ts';
import { FIXTURES, lineOf } from './support/traced-python.ts';

const { run, client } = tracedAfterEach();
const SERVER = path.join(FIXTURES, 'servidor.py');

describe.skipIf(!canTrace)('a student server run with --run', () => {
  it('shows the kernel queue, every call in order, the lines, and the crash', async () => {
    const port = await freePort();
    const { app, events } = await run(['python3', 'servidor.py', String(port)]);
    expect(app.addresses.echoPort).toBe(port);
    expect(app.hub.lab.config?.backlog).toBe(5);
    expect(app.hub.lab.child?.info.source?.file).toBe(SERVER);

    const first = client(port);
    await first.connected;
    await eventually(() => app.hub.lab.served.length === 1);
    // Blocked in recv() at the line of its own code, as the tracer says.
    const recvLine = lineOf(SERVER, '.recv(1024)');
    await eventually(() => app.hub.lab.child?.at?.line === recvLine);
    expect(app.hub.lab.child?.at).toMatchObject({ call: 'recv', inside: true });

    const second = client(port);
    await second.connected;
    second.socket.write('soy el segundo');
    await eventually(() => app.hub.lab.queue.length === 1);
    const waiting = app.hub.lab.clients[app.hub.lab.queue[0] ?? -1];
    expect(waiting?.phase).toBe('waiting');
    // Its bytes wait in the kernel, counted there (Recv-Q): the queue shows how many.
    await eventually(() => app.hub.lab.clients[waiting?.id ?? -1]?.unread?.bytes === 14);
    expect(second.received().length).toBe(0);

    first.socket.write('hola');
    await eventually(() => first.received().toString() === 'hola');
    first.socket.write('desconectar');
    await eventually(() => second.received().toString() === 'soy el segundo');
    const one = app.hub.lab.clients[1];
    expect(one).toMatchObject({ phase: 'closed', reason: 'word', bytesIn: 15, bytesOut: 4 });

    // Every client: connected, then accepted, then read; never a read before its accept.
    for (const id of [1, 2]) {
      const at = (type: string) =>
        events.findIndex((e) => e.type === type && 'id' in e && e.id === id);
      const connected = events.findIndex(
        (e) => e.type === 'client.connected' && e.client.id === id,
      );
      expect(connected).toBeGreaterThanOrEqual(0);
      expect(at('client.accepted')).toBeGreaterThan(connected);
      expect(at('data.read')).toBeGreaterThan(at('client.accepted'));
    }

    // Bytes that are not UTF-8: the homework's decode() raises and the program dies.
    second.socket.write(Buffer.from([0xff, 0xfe]));
    await eventually(() => app.hub.lab.child?.exit !== null, 10_000);
    expect(app.hub.lab.child?.exit?.code).toBe(1);
    const err = app.hub.lab.child?.output.filter((l) => l.stream === 'stderr').map((l) => l.text);
    expect(err?.join('\n')).toMatch(/UnicodeDecodeError/);
    expect(app.hub.lab.clients[2]?.phase).toBe('closed');
  });

  it("draws the homework's loop on a closed client as one counted row, not thousands", async () => {
    const port = await freePort();
    const { events } = await run(['python3', 'servidor.py', String(port)]);
    const c = client(port);
    c.socket.write('hola');
    await eventually(() => c.received().toString() === 'hola');
    c.socket.end();
    // recv() returns 0 and the loop sends nothing back, again and again: counted each second.
    const spins = () => events.filter((e) => e.type === 'child.call' && e.count > 1);
    await eventually(() => spins().length >= 2, 8_000);
    const rows = buildRows(events);
    const calls = rows.filter((r) => r.kind === 'call');
    expect(calls.length).toBeLessThan(10);
    const text = calls.map((r) => rowText(r, textKit('es', messages.es))).join('\n');
    expect(text).toMatch(/recv\(\) = 0 ×[\d.]+ · el cliente cerró; el bucle sigue/);
  });

  it('fills a listen(2) queue to what Linux allows, then shows the rest retrying', async () => {
    const port = await freePort();
    const { app } = await run(['python3', 'listen2_never_accepts.py', String(port)]);
    expect(app.hub.lab.config?.backlog).toBe(2);
    const clients = Array.from({ length: 5 }, () => client(port));
    // Linux completes backlog + 1 handshakes; the others sit in SYN-SENT and retry.
    await eventually(() => app.hub.lab.queue.length === 3 && app.hub.lab.retrying.length === 2);
    expect(app.hub.lab.served).toEqual([]);
    for (const c of clients) c.socket.destroy();
    // The retrying ones never got in: gone. The queued ones sent a FIN, but their
    // connections stay in the kernel's queue until the program accepts them, as Linux does.
    await eventually(() => app.hub.lab.retrying.length === 0);
    expect(app.hub.lab.queue.length).toBe(3);
  });

  it('serves several at once in a threaded server', async () => {
    const port = await freePort();
    const { app } = await run(['python3', 'servidor_hilos.py', String(port)]);
    const a = client(port);
    const b = client(port);
    a.socket.write('uno');
    b.socket.write('dos');
    await eventually(() => a.received().toString() === 'uno' && b.received().toString() === 'dos');
    await eventually(() => app.hub.lab.served.length === 2);
    expect(app.hub.lab.totals.bytesIn).toBe(6);
  });

  it("shows a C server's calls and says lines are for Python only", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'echo-lab-c-'));
    const binary = path.join(dir, 'servidor');
    execFileSync('gcc', ['-O1', '-o', binary, path.join(FIXTURES, 'servidor.c')]);
    const port = await freePort();
    const { app } = await run([binary, String(port)], dir);
    expect(app.hub.lab.child?.info.blind.map((b) => b.what)).toEqual(['lines']);
    const c = client(port);
    c.socket.write('hola C');
    await eventually(() => c.received().toString() === 'hola C');
    expect(app.hub.lab.totals).toMatchObject({ reads: 1, echoes: 1, bytesIn: 6, bytesOut: 6 });
  });

  it('still shows the queue and who is served where strace cannot trace', async () => {
    const port = await freePort();
    const { app } = await run(['python3', 'servidor.py', String(port)], FIXTURES, false);
    expect(app.hub.lab.child?.info.blind.map((b) => b.what)).toEqual(['calls']);
    expect(app.hub.lab.config).toMatchObject({ port, backlog: 5 });
    const first = client(port);
    const second = client(port);
    await Promise.all([first.connected, second.connected]);
    await eventually(() => app.hub.lab.served.length === 1 && app.hub.lab.queue.length === 1);
    // Both connected at once: which one the program took first is the kernel's choice.
    const served = app.hub.lab.served[0] ?? -1;
    const servedPort = app.hub.lab.clients[served]?.port;
    const [one, other] = servedPort === first.socket.localPort ? [first, second] : [second, first];
    one.socket.write('desconectar');
    await eventually(() => app.hub.lab.clients[served]?.phase === 'closed');
    await eventually(() => app.hub.lab.served.length === 1 && app.hub.lab.queue.length === 0);
    other.socket.write('hola');
    await eventually(() => other.received().toString() === 'hola');
    // No calls are seen, so no bytes are counted: none are claimed either.
    expect(app.hub.lab.totals.reads).toBe(0);
  });

  it('shows a killed program as ended, and starts it again on restart', async () => {
    const port = await freePort();
    // No client, so no connection lingers in TIME_WAIT to keep the port from a new bind().
    const { app, events } = await run(['python3', 'listen2_never_accepts.py', String(port)]);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    process.kill(app.hub.lab.child?.info.pid ?? 0, 'SIGKILL');
    await eventually(() => app.hub.lab.child?.exit?.signal === 'SIGKILL');
    expect(app.hub.lab.step).toBe('stopped');
    expect(count('server.stopped')).toBe(1);
    await app.echo.restart?.();
    await eventually(() => count('server.started') === 1 && app.hub.lab.child?.exit === null);
    expect(count('child.started')).toBe(1);
    const again = client(port);
    await again.connected;
    await eventually(() => app.hub.lab.queue.length === 1);
  });
});
