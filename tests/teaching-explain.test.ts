// The event log's sentences: each event explained in both languages, with what came before
// (a run of full reads, the backlog, the settings) taken into account.

import { describe, expect, it } from 'vitest';
import { DEFAULTS, type EchoConfig, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { explainEvents } from '../web/src/teaching/explain.ts';
import { createExplanationCache, logLines } from '../web/src/teaching/explanations.ts';
import { nextStepText, nowText } from '../web/src/teaching/now.ts';
import { initialState, reduceAll } from '../shared/lab.ts';

const config: EchoConfig = { ...DEFAULTS, port: 8000 };

function events(...bodies: LabEventBody[]): LabEvent[] {
  return bodies.map((body, i) => ({ ...body, seq: i + 1, t: i * 10 }));
}

const client = (id: number, port = 50000 + id) => ({
  id,
  kind: 'raw' as const,
  address: '127.0.0.1',
  port,
  label: `127.0.0.1:${port}`,
});

const read = (id: number, bytes: number): LabEventBody => ({
  type: 'data.read',
  id,
  bytes,
  preview: 'x'.repeat(48),
  truncated: bytes > 48,
});

const ctx = { config: null, labelOf: (id: number) => `#${id}` };

describe('explainEvents', () => {
  it('tells bytes held unread in the queue apart from those held by step mode', () => {
    const held = (served: boolean): LabEventBody => ({
      type: 'data.waiting',
      id: 1,
      bytes: 4,
      preview: 'hola',
      truncated: false,
      ...(served ? { served: true as const } : {}),
    });
    const log = explainEvents(
      events(
        { type: 'server.started', config, startedAt: 0 },
        { type: 'client.connected', client: client(1), phase: 'waiting' },
        held(false),
        { type: 'client.accepted', id: 1 },
        held(true),
      ),
      'es',
      ctx,
    );
    const [queued, served] = log.filter((e) => e.type === 'data.waiting');
    expect(queued?.what).toBe('127.0.0.1:50001 espera en la cola · 4 B sin leer · "hola"');
    expect(queued?.why).toContain('primero accept() debe sacarlo de la cola');
    expect(served?.what).toBe('127.0.0.1:50001 está siendo atendido · 4 B sin leer · "hola"');
    expect(served?.why).toContain('paso a paso o cámara lenta');
  });

  it('tells one 3000-byte message read as three pieces by recv(1024)', () => {
    const log = explainEvents(
      events(
        { type: 'server.started', config, startedAt: 0 },
        { type: 'client.connected', client: client(1), phase: 'waiting' },
        { type: 'client.accepted', id: 1 },
        read(1, 1024),
        { type: 'data.echoed', id: 1, bytes: 1024 },
        read(1, 1024),
        { type: 'data.echoed', id: 1, bytes: 1024 },
        read(1, 952),
      ),
      'en',
      ctx,
    );
    const reads = log.filter((e) => e.type === 'data.read');
    expect(reads.map((e) => e.what)).toEqual([
      expect.stringContaining('recv() → 1,024 B from 127.0.0.1:50001'),
      expect.stringContaining('recv() → 1,024 B'),
      expect.stringContaining('recv() → 952 B'),
    ]);
    expect(reads[0]!.why).toContain('recv(1024) returns at most 1,024 bytes');
    expect(reads[0]!.why).toContain('byte stream');
    expect(reads[2]!.why).toContain('3 reads in a row, 3,000 bytes in all');
    // The preview is clipped for the log, and says so.
    expect(reads[0]!.what).toMatch(/"x{24}"…$/);
  });

  it('tells a small read on its own, without a run', () => {
    const log = explainEvents(
      events({ type: 'server.started', config, startedAt: 0 }, read(1, 5)),
      'en',
      ctx,
    );
    expect(log[1]!.why).toContain('5 bytes (never more than 1,024 bytes)');
  });

  it('explains why a waiting client gets no echo, and when listen(5) is not a cap', () => {
    const bodies: LabEventBody[] = [{ type: 'server.started', config, startedAt: 0 }];
    for (let id = 1; id <= 6; id++) {
      bodies.push({ type: 'client.connected', client: client(id), phase: 'waiting' });
      if (id === 1) bodies.push({ type: 'client.accepted', id: 1 });
    }
    const log = explainEvents(events(...bodies), 'en', ctx);
    const connects = log.filter((e) => e.type === 'client.connected');
    expect(connects[1]!.why).toContain('no echo yet');
    expect(connects[1]!.why).not.toContain('does not cap');
    // One served and five waiting: six connected with listen(5).
    expect(connects[5]!.why).toContain('listen(5) does not cap the clients');
    expect(connects[5]!.why).toContain('so 6 are connected now');
  });

  it('explains a client past the backlog retrying, in both languages', () => {
    const body = events(
      { type: 'server.started', config, startedAt: 0 },
      { type: 'client.connected', client: client(7), phase: 'retrying' },
      { type: 'client.queued', id: 7 },
    );
    const [, en, queued] = explainEvents(body, 'en', ctx);
    expect(en).toMatchObject({ tone: 'retry', what: '127.0.0.1:50007: SYN ignored · retrying' });
    expect(en!.why).toContain('the kernel ignores this SYN');
    expect(queued!.why).toContain('joins the queue');
    const [, es] = explainEvents(body, 'es', ctx);
    expect(es!.what).toBe('127.0.0.1:50007: SYN ignorado · reintenta');
    expect(es!.why).toContain('el kernel ignora este SYN');
  });

  it("tells a loopback client known to be Echo Lab's own, by its new name after", () => {
    const body = events(
      { type: 'server.started', config, startedAt: 0 },
      { type: 'client.connected', client: client(3), phase: 'waiting' },
      { type: 'client.identified', id: 3, kind: 'web', label: 'Ana', address: '10.0.0.9' },
      { type: 'client.accepted', id: 3 },
    );
    const [, , en, accepted] = explainEvents(body, 'en', ctx);
    expect(en).toMatchObject({ client: 3, what: '127.0.0.1:50003 is Ana: a web form' });
    expect(en!.why).toContain('learns whose it is after');
    expect(accepted!.what).toBe('accept() → Ana');
    const [, , es] = explainEvents(body, 'es', ctx);
    expect(es!.what).toBe('127.0.0.1:50003 es Ana: un formulario web');
  });

  it('tells FIN from RST and the word from a teacher', () => {
    const log = explainEvents(
      events(
        { type: 'server.started', config, startedAt: 0 },
        { type: 'client.closed', id: 1, by: 'client', reason: 'fin' },
        { type: 'client.closed', id: 2, by: 'client', reason: 'reset', detail: 'ECONNRESET' },
        { type: 'client.word', id: 3, bytes: 12, preview: 'desconectar\\n', truncated: false },
        { type: 'client.closed', id: 3, by: 'server', reason: 'word' },
        { type: 'client.closed', id: 4, by: 'server', reason: 'kicked' },
      ),
      'en',
      { config: null, labelOf: (id) => `c${id}` },
    );
    expect(log[1]).toMatchObject({ what: 'c1: FIN' });
    expect(log[1]!.why).toContain("recv() returned b''");
    expect(log[2]).toMatchObject({ what: 'c2: RST' });
    expect(log[3]!.why).toContain('the word "desconectar": no echo');
    expect(log[4]!.why).toContain('close() sends a FIN to c3');
    expect(log[5]!.why).toContain('The teacher disconnected c4');
  });

  it('says what changed in the settings, and uses the new recv size afterwards', () => {
    const log = explainEvents(
      events(
        { type: 'server.started', config, startedAt: 0 },
        { type: 'config.changed', config: { ...config, stepping: true, recvSize: 16 } },
        { type: 'server.paused', step: 'accept', id: 1 },
        read(1, 16),
      ),
      'en',
      ctx,
    );
    expect(log[1]!.what).toBe('settings: step mode on · recv(1024) → recv(16)');
    expect(log[1]!.why).toContain('waits for "Next step"');
    expect(log[2]!.what).toBe('step mode · next: accept() · #1');
    expect(log[3]!.why).toContain('recv(16) returns at most 16 bytes');
  });

  it('falls back on the given settings when the events do not start the server', () => {
    const log = explainEvents(events(read(1, 1024)), 'es', { ...ctx, config });
    expect(log[0]!.why).toContain('recv(1024) devuelve como mucho 1024 bytes');
  });
});

describe('the server in words', () => {
  const lab = reduceAll(
    initialState(),
    events(
      { type: 'server.started', config: { ...config, stepping: true }, startedAt: 0 },
      { type: 'client.connected', client: client(1), phase: 'waiting' },
      { type: 'client.connected', client: client(2), phase: 'waiting' },
      { type: 'client.accepted', id: 1 },
    ),
  );

  it('says what the server waits for, and why the queue gets no echo', () => {
    expect(nextStepText(lab, 'en')).toBe('Blocked in recv(): waiting for 127.0.0.1:50001 to send');
    expect(nowText(lab, 'en')).toContain('1 more waits in the queue');
    expect(nowText(lab, 'en')).toContain('no echo yet');
  });

  it('says what "Next step" will do when the server is held', () => {
    const held = reduceAll(lab, [{ type: 'server.paused', step: 'recv', id: 1, seq: 5, t: 50 }]);
    expect(nextStepText(held, 'en')).toBe('Next: recv() reads what 127.0.0.1:50001 sent');
    expect(nextStepText(held, 'es')).toBe('Siguiente: recv() lee lo que envió 127.0.0.1:50001');
    expect(nowText(held, 'en')).toContain('About to call recv(1024)');
  });
});

describe('logLines', () => {
  it('shows the newest lines but slow motion waits, as many as asked, each sentence once', () => {
    const bodies: LabEventBody[] = [
      { type: 'server.started', config, startedAt: 0 },
      { type: 'client.connected', client: client(1), phase: 'waiting' },
      { type: 'client.accepted', id: 1 },
    ];
    // Slow motion: a wait before every read and every echo.
    for (let i = 0; i < 60; i++) {
      bodies.push({ type: 'server.delayed', step: 'recv', id: 1, ms: 500 });
      bodies.push(read(1, 4));
      bodies.push({ type: 'server.delayed', step: 'send', id: 1, ms: 500 });
      bodies.push({ type: 'data.echoed', id: 1, bytes: 4 });
    }
    const explained = createExplanationCache().sync({
      events: events(...bodies),
      lang: 'en',
      config: null,
      labelOf: (id) => `#${id}`,
    });
    const lines = logLines(explained, 80);
    expect(lines).toHaveLength(80);
    expect(lines.some((l) => l.type === 'server.delayed')).toBe(false);
    expect(lines[0]?.type).toBe('data.echoed');
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => b - a));
    const told = lines.filter((l) => l.why !== '').map((l) => l.why);
    expect(new Set(told).size).toBe(told.length);
  });
});
