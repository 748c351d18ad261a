// Exports leave what the teacher hid out of the file's data unless asked to include it:
// the session JSON, the HTML replay and the drawings. Counts stay exact either way.

import { describe, expect, it } from 'vitest';
import { DEFAULTS, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { messages } from '../web/src/diagram/messages.ts';
import { textKit } from '../web/src/diagram/text.ts';
import { buildReplayHtml } from '../web/src/export/html-replay.ts';
import { toMermaid } from '../web/src/export/mermaid.ts';
import { exportedRecording } from '../web/src/export/redact.ts';
import { parseSession, toSession } from '../web/src/export/session-format.ts';
import { explainEvents } from '../web/src/teaching/explain.ts';
import { moderateEvents } from '../web/src/moderation/moderate.ts';
import { neutralName } from '../web/src/moderation/moderation-messages.ts';
import { anchorOf, appendEvents, emptyFrames } from '../web/src/store/frames.ts';
import type { Recording } from '../web/src/store/view-store.ts';

const INSULT = 'eres un tonto';
const NAME = 'Idiota';

const stamp = (bodies: LabEventBody[]): LabEvent[] =>
  bodies.map((body, i) => ({ ...body, seq: i + 1, t: (i + 1) * 10 }));

const EVENTS = stamp([
  { type: 'server.started', config: { ...DEFAULTS, port: 8000 }, startedAt: 1 },
  {
    type: 'client.connected',
    client: { id: 1, kind: 'web', address: '10.0.0.7', port: 51000, label: NAME },
    phase: 'waiting',
  },
  { type: 'client.accepted', id: 1 },
  { type: 'data.read', id: 1, bytes: 4, preview: 'hola', truncated: false },
  { type: 'data.echoed', id: 1, bytes: 4 },
  { type: 'data.read', id: 1, bytes: 13, preview: INSULT, truncated: false },
  { type: 'data.echoed', id: 1, bytes: 13 },
  { type: 'message.hidden', target: 6, id: 1, hidden: true },
  { type: 'name.hidden', id: 1, hidden: true },
]);

function recording(): Recording {
  const frames = appendEvents(emptyFrames(), EVENTS, true, 100).frames;
  return { events: frames.events, anchor: anchorOf(frames), present: frames.present };
}

const kit = textKit('es', messages.es);
const replay = (json: ReturnType<typeof toSession>): string =>
  buildReplayHtml({ js: '', css: [], session: json, lang: 'es', title: 't' });

describe('exports and hidden content', () => {
  it('leaves hidden previews and names out of the data by default', () => {
    const { recording: out, drawn } = exportedRecording(recording(), 'es', false);
    const json = JSON.stringify(toSession(out));
    for (const text of [json, replay(toSession(out))]) {
      expect(text).not.toContain(INSULT);
      expect(text).not.toContain(NAME);
      expect(text).toContain('cliente 1');
      expect(text).toContain('hola');
    }
    // Still marked hidden, so a replay shows the placeholder; every count is exact.
    expect(out.present.moderation).toEqual({ messages: [6], names: [1], blocked: [] });
    expect(out.present.clients[1]).toMatchObject({ bytesIn: 17, bytesOut: 17, reads: 2 });
    expect(out.events[5]).toMatchObject({ bytes: 13, preview: '' });
    expect(parseSession(json).ok).toBe(true);

    const mermaid = toMermaid(drawn, out.present, { kit });
    expect(mermaid).not.toContain(INSULT);
    expect(mermaid).not.toContain(NAME);
    expect(mermaid).toContain('13 B · (mensaje oculto por el docente)');
    expect(mermaid).toContain('participant C1 as cliente 1 #35;1');
  });

  it('carries everything when asked to include it', () => {
    const { recording: out, drawn } = exportedRecording(recording(), 'en', true);
    const json = JSON.stringify(toSession(out));
    expect(json).toContain(INSULT);
    expect(json).toContain(NAME);
    expect(out.present.moderation.messages).toEqual([6]);
    expect(json).toContain('"type":"message.hidden"');
    expect(toMermaid(drawn, out.present, { kit })).toContain(INSULT);
  });

  it('shows the placeholders in the log, and a name by its number', () => {
    const shown = moderateEvents(EVENTS, recording().present.moderation, neutralName('en'));
    const lines = explainEvents(shown, 'en', { config: null, labelOf: (id) => `#${id}` });
    const text = lines.map((l) => l.what).join('\n');
    expect(text).not.toContain(INSULT);
    expect(text).not.toContain(NAME);
    expect(text).toContain('recv() → 13 B from client 1 · (message hidden by the teacher)');
    expect(text).toContain('the teacher hid the name of client 1');
  });

  it('checks the new events in a session file, and opens one saved before them', () => {
    const good = toSession(recording());
    const bad = structuredClone(good);
    (bad.events[7] as { hidden: unknown }).hidden = 'yes';
    expect(parseSession(JSON.stringify(bad))).toEqual({
      ok: false,
      problem: 'field',
      at: 'events[7].hidden',
    });
    const old = structuredClone(good);
    old.events = old.events.slice(0, 7);
    const state = old.snapshot.state as unknown as Record<string, unknown>;
    delete state.moderation;
    const parsed = parseSession(JSON.stringify(old));
    expect(parsed.ok && parsed.session.snapshot.state.moderation).toEqual({
      messages: [],
      names: [],
      blocked: [],
    });
  });
});
