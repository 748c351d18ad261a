// The export formats without a browser: Mermaid text that Mermaid reads as intended, a
// session file that round-trips and turns bad files away with a reason, and a replay page
// whose inlined script and session cannot end their elements early.

import { describe, expect, it } from 'vitest';
import { initialState, reduceAll } from '../shared/lab.ts';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { messages } from '../web/src/diagram/messages.ts';
import { textKit } from '../web/src/diagram/text.ts';
import { buildReplayHtml, inlineScript } from '../web/src/export/html-replay.ts';
import { mermaidText, toMermaid } from '../web/src/export/mermaid.ts';
import {
  EMBEDDED_SESSION_ID,
  parseSession,
  toSession,
  type SessionFile,
} from '../web/src/export/session-format.ts';
import { appendEvents, anchorOf, emptyFrames } from '../web/src/store/frames.ts';

// DEFAULTS without the page's port: a session keeps only the echo server's settings.
const { webPort: _webPort, ...config } = { ...DEFAULTS, port: 8000 };
const stamp = (bodies: LabEventBody[]): LabEvent[] =>
  bodies.map((body, i) => ({ ...body, seq: i + 1, t: (i + 1) * 10 }));

const EVENTS = stamp([
  { type: 'server.started', config, startedAt: 1 },
  {
    type: 'client.connected',
    client: { id: 1, kind: 'raw', address: '127.0.0.1', port: 51000, label: '127.0.0.1:51000' },
    phase: 'waiting',
  },
  { type: 'client.accepted', id: 1 },
  { type: 'data.read', id: 1, bytes: 27, preview: 'a;b #1 <br> "q" %% {x}\\n', truncated: false },
  { type: 'data.echoed', id: 1, bytes: 27 },
  { type: 'client.word', id: 1, bytes: 11, preview: 'desconectar', truncated: false },
  { type: 'client.closed', id: 1, by: 'server', reason: 'word' },
]);
const LAB = reduceAll(initialState(), EVENTS);
const kit = textKit('en', messages.en);

function session(): SessionFile {
  const frames = appendEvents(emptyFrames(), EVENTS, true, 100).frames;
  return toSession({ events: frames.events, anchor: anchorOf(frames), present: frames.present });
}

describe('Mermaid export', () => {
  it('writes syntax characters as entity codes and keeps the rest', () => {
    expect(mermaidText('a;b #1 <br> "q" %% {x}: ok')).toBe(
      'a#59;b #35;1 #60;br#62; #34;q#34; #37;#37; #123;x#125;: ok',
    );
    expect(mermaidText('two\nlines')).toBe('two lines');
    expect(mermaidText('host:port', false)).toBe('host#58;port');
  });

  it('is a sequenceDiagram with the server, the clients and exact byte counts', () => {
    const text = toMermaid(EVENTS, LAB, { kit, comment: 'exported; now' });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('%% exported; now');
    expect(lines[1]).toBe('sequenceDiagram');
    expect(lines).toContain('    participant S as server 127.0.0.1#58;8000');
    expect(lines).toContain('    participant C1 as 127.0.0.1#58;51000 #35;1');
    expect(lines).toContain('    C1->>S: connect() · SYN');
    expect(lines).toContain('    S-->>C1: accept()');
    expect(lines).toContain(
      '    C1->>S: recv → 27 B · #34;a#59;b #35;1 #60;br#62; #34;q#34; #37;#37; #123;x#125;\\n#34;',
    );
    expect(lines).toContain('    S-->>C1: sendall 27 B');
    expect(lines.some((l) => l.startsWith('    S-xC1: close()'))).toBe(true);
    // No statement other than the comment may carry a raw ";" or "#" that is not a code.
    for (const line of lines.slice(1)) expect(line.replace(/#\w+;/g, '')).not.toMatch(/[;#]/);
  });
});

describe('the session file', () => {
  it('round-trips', () => {
    const saved = session();
    const parsed = parseSession(JSON.stringify(saved));
    expect(parsed).toEqual({ ok: true, session: saved });
    expect(saved).toMatchObject({ format: 'echo-lab-session', version: 1, config });
    expect(saved.snapshot.seq).toBe(1);
  });

  const broken = (change: (file: Record<string, unknown>) => void): string => {
    const file = JSON.parse(JSON.stringify(session())) as Record<string, unknown>;
    change(file);
    return JSON.stringify(file);
  };

  it.each([
    ['not JSON', 'hola', 'json', ''],
    ['JSON of another kind', '{"hello":1}', 'format', ''],
    ['an array', '[1,2]', 'format', ''],
    ['a newer version', broken((f) => (f.version = 7)), 'version', '7'],
    ['a missing field', broken((f) => delete f.events), 'field', 'events'],
    [
      'a read without its byte count',
      broken((f) => delete (f.events as Record<string, unknown>[])[3]!.bytes),
      'field',
      'events[3].bytes',
    ],
    [
      'an unknown event type',
      broken((f) => ((f.events as Record<string, unknown>[])[2]!.type = 'client.teleported')),
      'field',
      'events[2].type',
    ],
    [
      'events out of order',
      broken((f) => ((f.events as Record<string, unknown>[])[4]!.seq = 2)),
      'field',
      'events[4].seq',
    ],
    [
      'a queue naming an unknown client',
      broken((f) => ((f.snapshot as { state: { queue: number[] } }).state.queue = [42])),
      'field',
      'snapshot.state.queue[0]',
    ],
    [
      'a snapshot of no event in the file',
      broken((f) => {
        const snap = f.snapshot as { seq: number; state: { seq: number } };
        snap.seq = 40;
        snap.state.seq = 40;
      }),
      'field',
      'snapshot.seq',
    ],
  ])('turns away %s with a reason', (_, text, problem, at) => {
    expect(parseSession(text)).toEqual({ ok: false, problem, at });
  });

  it('keeps a client known for a web form, and turns away one known as raw', () => {
    const known = { type: 'client.identified', id: 1, kind: 'web', label: 'Ana', address: '::1' };
    const saved = { ...session(), events: [...session().events, { ...known, seq: 8, t: 80 }] };
    expect(parseSession(JSON.stringify(saved))).toEqual({ ok: true, session: saved });
    const forged = JSON.stringify(saved).replace('"kind":"web"', '"kind":"raw"');
    expect(parseSession(forged)).toEqual({ ok: false, problem: 'field', at: 'events[7].kind' });
  });

  it('refuses a file far bigger than any session', () => {
    const events = Array.from({ length: 10_001 }, () => ({}));
    expect(parseSession(JSON.stringify({ ...session(), events }))).toMatchObject({
      ok: false,
      problem: 'size',
    });
  });
});

describe('the replay page', () => {
  it('inlines script and session so that nothing ends their elements early', () => {
    const evil = stamp([{ type: 'client.refused', address: '</script><!--', port: 1, limit: 1 }]);
    const saved = { ...session(), events: evil, snapshot: { seq: 0, state: initialState() } };
    const js = 'const a = "</script>"; const b = /<!--/u; // </SCRIPT>';
    const html = buildReplayHtml({ js, css: ['body{}'], session: saved, lang: 'es', title: 'x' });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(html).toContain(`<script type="application/json" id="${EMBEDDED_SESSION_ID}">`);
    expect(html).toContain('<html lang="es">');
    // The escapes change nothing for JavaScript or JSON.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- run as a browser would run it
    expect(new Function(`${inlineScript(js)}\nreturn [a, b.test('<!--')];`)()).toEqual([
      '</script>',
      true,
    ]);
    const json = html.split(`id="${EMBEDDED_SESSION_ID}">`)[1]!.split('</script>')[0]!;
    expect(parseSession(json)).toEqual({ ok: true, session: saved });
  });
});
