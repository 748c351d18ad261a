// What is shown is what was sent, for every string a client chooses: a read that only looks
// like the disconnect word is echoed like any other and never looks like the word on the
// page; names from the byte bridge and from /proc, and strings in a loaded session file,
// reach the page with bidi and zero-width characters escaped.

import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '../server/app.ts';
import { EchoServer } from '../server/echo/server.ts';
import { initialState } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { clipPreview } from '../web/src/diagram/text.ts';
import { parseSession, SESSION_FORMAT, SESSION_VERSION } from '../web/src/export/session-format.ts';
import { bridgeClient, eventually, startApp } from './support/app.ts';
import { ofType, RawClient, startEcho } from './support/tcp.ts';

const WORD = DEFAULTS.disconnectWord;

/**
 * What a reader would take the drawn text for: invisible characters gone, look-alike
 * letters read as the Latin ones, composed as a font would draw it.
 */
const asRead = (shown: string): string =>
  shown
    .replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, '')
    .replace(/[аоеср]/g, (ch) => 'aoecp'['аоеср'.indexOf(ch)] ?? ch)
    .replace(/[αο]/g, (ch) => ({ α: 'a', ο: 'o' })[ch] ?? ch)
    .normalize('NFC');

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

describe('reads that look like the disconnect word', () => {
  const lookAlikes: [sent: string, preview: string][] = [
    ['desco\u200Bnectar', 'desco\\u{200B}nectar'],
    ['desco\u200Bnectar\n', 'desco\\u{200B}nectar\\n'],
    ['desc\u043Enectar', 'desc\\u{43E}nectar'],
    ['desconect\u0430r\r\n', 'desconect\\u{430}r\\r\\n'],
    ['desconectar ', 'desconectar '],
    ['desconectar \n', 'desconectar \\n'],
    ['desconectar\u00A0', 'desconectar\\u{A0}'],
    ['\uFEFFdesconectar\n', '\\u{FEFF}desconectar\\n'],
    ['desconectar\u202C', 'desconectar\\u{202C}'],
    ['desconecta\u0072\u0301', 'desconecta\u0072\\u{301}'],
  ];

  it.each(lookAlikes)(
    '%j is echoed, and its preview is visibly not the word',
    async (sent, shown) => {
      const echo = await startEcho();
      cleanup.push(() => echo.server.close());
      const client = await RawClient.connect(echo.port);
      cleanup.push(() => client.socket.destroy());
      const bytes = Buffer.from(sent);
      client.send(bytes);
      expect(await client.receive(bytes.length)).toEqual(bytes);
      const read = await echo.waitFor(ofType('data.read'));
      expect(read.preview).toBe(shown);
      expect(asRead(clipPreview(read.preview, read.truncated))).not.toBe(clipPreview(WORD, false));
      expect(echo.events.some((e) => e.type === 'client.word' || e.type === 'client.closed')).toBe(
        false,
      );
      expect(client.ended).toBe(false);
    },
  );

  it('while the word itself, with its newline, still ends the session', async () => {
    const echo = await startEcho();
    cleanup.push(() => echo.server.close());
    const client = await RawClient.connect(echo.port);
    cleanup.push(() => client.socket.destroy());
    client.send(`${WORD}\r\n`);
    await client.waitEnded();
    const word = await echo.waitFor(ofType('client.word'));
    expect(word.preview).toBe(`${WORD}\\r\\n`);
    expect(client.received.length).toBe(0);
  });
});

describe('names a client chooses', () => {
  let app: Application;
  afterEach(async () => app?.close());

  it('a web client named with bidi and zero-width characters is labelled with escapes', async () => {
    app = await startApp({ namePrograms: false });
    const name = 'Ana\u202Egnp.exe\u200B';
    const web = await bridgeClient(app, `?name=${encodeURIComponent(name)}`);
    cleanup.push(() => web.ws.close());
    const hello = await web.hello;
    expect(hello.label).toBe('Ana\\u{202E}gnp.exe\\u{200B}');
    await eventually(() => app.hub.lab.clients[hello.id]?.label === hello.label);
  });

  it('a web client whose name holds control characters and a backslash keeps them visible', async () => {
    app = await startApp({ namePrograms: false });
    const web = await bridgeClient(app, `?name=${encodeURIComponent(' a\tb\\c ')}`);
    cleanup.push(() => web.ws.close());
    expect((await web.hello).label).toBe('a\\tb\\\\c');
  });

  it('a program that names itself with a bidi control is labelled with the escape', async () => {
    const server = new EchoServer({ ...DEFAULTS, port: 0 }, { namePrograms: true });
    const events: LabEvent[] = [];
    server.events.subscribe((e) => events.push(e));
    const { port } = await server.listen();
    cleanup.push(() => server.close());
    // PR_SET_NAME (15) sets /proc/PID/comm, as any program may.
    const script = `import ctypes, socket, time
ctypes.CDLL(None).prctl(15, "nc\\u202eexe".encode(), 0, 0, 0)
s = socket.create_connection(("127.0.0.1", ${port}))
time.sleep(3)`;
    const child = spawn('python3', ['-c', script], { stdio: 'ignore' });
    cleanup.push(() => child.kill('SIGKILL'));
    await eventually(() => events.some((e) => e.type === 'client.named'), 5_000);
    const named = events.find((e) => e.type === 'client.named');
    expect(named).toMatchObject({ program: 'nc\\u{202E}exe' });
    expect(named?.type === 'client.named' && named.label).toMatch(/^nc\\u\{202E\}exe :\d+$/);
  });
});

describe('a session file with raw bidi characters', () => {
  it('opens with every string escaped', () => {
    const config = { ...DEFAULTS, port: 8000 };
    const label = 'Ana\u202Egnp.exe';
    const bodies: LabEventBody[] = [
      { type: 'server.started', config, startedAt: 1 },
      {
        type: 'client.connected',
        client: { id: 1, kind: 'web', address: '127.0.0.1', port: 5, label },
        phase: 'waiting',
      },
      { type: 'data.read', id: 1, bytes: 12, preview: 'desco\u200Bnectar\\n', truncated: false },
    ];
    const events = bodies.map((b, i) => ({ ...b, seq: i + 1, t: i }));
    const file = {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      exportedAt: new Date(0).toISOString(),
      config,
      snapshot: { seq: 0, state: initialState() },
      events,
    };
    const parsed = parseSession(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [, connected, read] = parsed.session.events;
    expect(connected).toMatchObject({ client: { label: 'Ana\\u{202E}gnp.exe' } });
    // Its escapes are kept as they are; only the raw character is new.
    expect(read).toMatchObject({ preview: 'desco\\u{200B}nectar\\n' });
    expect(JSON.stringify(parsed.session)).not.toMatch(/[\u200B\u202E]/);
  });
});

describe('a preview cut to fit an arrow', () => {
  it('never splits a \\u{…} escape or an emoji, nor leaves a joiner at the end', () => {
    expect(clipPreview('ab\\u{202E}cd', false, 3)).toBe('"ab\\u{202E}"…');
    expect(clipPreview('a👨‍👩‍👧b', false, 2)).toBe('"a👨‍👩‍👧"…');
    expect(clipPreview('🇪🇸🇲🇽', false, 1)).toBe('"🇪🇸"…');
  });
});
