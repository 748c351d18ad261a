// The page's words: numbers and plurals through Intl in the page's language, one unit
// system, one glossary every Spanish message is read against, and changes of settings told
// as what changed, in the log and on the diagram alike.

import { describe, expect, it } from 'vitest';
import { initialState } from '../shared/lab.ts';
import { DEFAULTS, type EchoConfig, type LabEvent, type LabEventBody } from '../shared/protocol.ts';
import { cardMessages } from '../web/src/clients/client-card-messages.ts';
import { controlsMessages } from '../web/src/controls/controls-messages.ts';
import { stallMessages } from '../web/src/controls/stall-messages.ts';
import { buildRows } from '../web/src/diagram/build-rows.ts';
import { messages as diagramMessages } from '../web/src/diagram/messages.ts';
import { rowText, textKit } from '../web/src/diagram/text.ts';
import { exportMessages } from '../web/src/export/messages.ts';
import { toMermaid } from '../web/src/export/mermaid.ts';
import {
  format,
  formatBytes,
  formatBytesExact,
  formatNumber,
  plural,
} from '../web/src/i18n/format.ts';
import { SPANISH_RULES } from '../web/src/i18n/glossary.ts';
import { moderationMessages } from '../web/src/moderation/moderation-messages.ts';
import { queueMessages } from '../web/src/queue/queue-messages.ts';
import { explainMessages } from '../web/src/teaching/explain-messages.ts';
import { configBefore, explainEvents } from '../web/src/teaching/explain.ts';
import { nowMessages } from '../web/src/teaching/now.ts';
import { serverCode } from '../web/src/teaching/server-code.ts';
import { timelineMessages } from '../web/src/timeline/messages.ts';
import { tracedMessages } from '../web/src/traced/traced-messages.ts';

const config: EchoConfig = { ...DEFAULTS, port: 8000 };

function events(...bodies: LabEventBody[]): LabEvent[] {
  return bodies.map((body, i) => ({ ...body, seq: i + 1, t: i * 10 }));
}

describe('numbers and plurals', () => {
  it('writes numbers as each language does', () => {
    expect(formatNumber(4_336_281, 'es')).toBe('4.336.281');
    expect(formatNumber(4_336_281, 'en')).toBe('4,336,281');
    expect(formatNumber(2.94, 'es', 1)).toBe('2,9');
    expect(formatNumber(2.94, 'en', 1)).toBe('2.9');
  });

  it('chooses the plural form by Intl.PluralRules, in both languages', () => {
    const es = '{n} lectura|{n} lecturas';
    expect(plural(es, 1, 'es')).toBe('1 lectura');
    expect(plural(es, 0, 'es')).toBe('0 lecturas');
    expect(plural(es, 2, 'es')).toBe('2 lecturas');
    expect(plural(es, 1_000_000, 'es')).toBe('1.000.000 lecturas');
    expect(plural('{n} read|{n} reads', 1, 'en')).toBe('1 read');
    expect(plural('{n} read|{n} reads', 8912, 'en')).toBe('8,912 reads');
  });

  it('fills a message with counts and their words', () => {
    const totals = queueMessages.es.totals;
    expect(format(totals, { connections: 1, reads: 1 }, 'es')).toBe('1 conexión · 1 lectura');
    expect(format(totals, { connections: 12, reads: 8912 }, 'es')).toBe(
      '12 conexiones · 8912 lecturas',
    );
    expect(format(totals, { connections: 1, reads: 20_480 }, 'es')).toBe(
      '1 conexión · 20.480 lecturas',
    );
    expect(format(queueMessages.en.totals, { connections: 1, reads: 2 }, 'en')).toBe(
      '1 connection · 2 reads',
    );
    expect(format(controlsMessages.es.botsRunning, { n: 1 }, 'es')).toBe('1 bot conectado');
    expect(format(stallMessages.es.waiting, { n: 1 }, 'es')).toBe('1 espera en la cola');
    expect(format(stallMessages.es.waiting, { n: 3 }, 'es')).toBe('3 esperan en la cola');
    expect(format(timelineMessages.es.behind, { n: 1 }, 'es')).toBe('1 más nuevo');
    expect(format(queueMessages.es.freeMore, { n: 1 }, 'es')).toBe('+ 1 puesto libre');
    expect(format(cardMessages.es.tooLong, { count: 201, max: 200 }, 'es')).toContain(
      'Demasiado largo: 201 caracteres. El cliente rechaza mensajes de más de 200 caracteres',
    );
    // An unknown placeholder stays visible rather than vanishing.
    expect(format('{a} {b}', { a: 1 }, 'es')).toBe('1 {b}');
  });

  it('uses one unit system for bytes, 1024-based, in the page language', () => {
    expect(formatBytes(952, 'es')).toBe('952 B');
    expect(formatBytes(2970, 'es')).toBe('2,9 KiB');
    expect(formatBytes(2970, 'en')).toBe('2.9 KiB');
    expect(formatBytes(20_480, 'es')).toBe('20,0 KiB');
    expect(formatBytes(4_336_281, 'es')).toBe('4,1 MiB');
    expect(formatBytesExact(952, 'es')).toBe('952 B');
    expect(formatBytesExact(4_336_281, 'es')).toBe('4.336.281 B (4,1 MiB)');
    expect(formatBytesExact(20_480, 'en')).toBe('20,480 B (20.0 KiB)');
    // The diagram writes the same bytes the same way.
    const kit = textKit('es', diagramMessages.es);
    expect(kit.bytes(20_480)).toBe(formatBytesExact(20_480, 'es'));
    expect(kit.bytes(4_336_281)).toBe(formatBytesExact(4_336_281, 'es'));
  });

  it('groups the digits of big reads in the log', () => {
    const log = explainEvents(
      events(
        { type: 'server.started', config: { ...config, recvSize: 65536 }, startedAt: 0 },
        {
          type: 'data.burst',
          id: 1,
          reads: 1,
          echoes: 8912,
          bytesIn: 4_336_281,
          bytesOut: 4_336_281,
          preview: 'x',
          truncated: true,
        },
      ),
      'es',
      { config: null, labelOf: () => 'nc' },
    );
    expect(log[1]!.what).toBe('nc: 1 lectura · 8912 ecos · 4.336.281 B (4,1 MiB)');
  });
});

describe('the code panel', () => {
  it('writes its comments with the count in the right form', () => {
    const one = serverCode({ ...config, backlog: 1, recvSize: 1 }, 'es').map((l) => l.text);
    expect(one).toContain('# como mucho 1 conexión espera accept()');
    expect(one).toContain('        # hasta 1 byte; el resto espera');
    const many = serverCode(config, 'en').map((l) => l.text);
    expect(many).toContain('# at most 5 connections wait for accept()');
  });
});

describe('the glossary', () => {
  const spanish: Record<string, Record<string, string>> = {
    card: cardMessages.es,
    controls: controlsMessages.es,
    stall: stallMessages.es,
    diagram: diagramMessages.es,
    export: exportMessages.es,
    moderation: moderationMessages.es,
    queue: queueMessages.es,
    explain: explainMessages.es,
    now: nowMessages.es,
    timeline: timelineMessages.es,
    traced: tracedMessages.es,
  };

  it('finds every Spanish message in line with it', () => {
    const broken: string[] = [];
    for (const [part, strings] of Object.entries(spanish)) {
      for (const [key, text] of Object.entries(strings)) {
        for (const rule of SPANISH_RULES) {
          if (rule.pattern.test(text)) broken.push(`${part}.${key} "${text}": ${rule.why}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('catches the words the class saw before it', () => {
    const seen = [
      'Atendiendo',
      'Cerrada por el servidor',
      'reset',
      'Volver a en vivo',
      'no',
      'HTML (repetición)',
      'leídos 2.9 KB',
    ];
    for (const text of seen) expect(SPANISH_RULES.some((r) => r.pattern.test(text))).toBe(true);
  });
});

describe('a change of settings', () => {
  const changed = events(
    { type: 'server.started', config, startedAt: 0 },
    { type: 'config.changed', config: { ...config, backlog: 2 } },
    { type: 'config.changed', config: { ...config, backlog: 2, delayMs: 500 } },
    {
      type: 'config.changed',
      config: { ...config, backlog: 2, delayMs: 1000, mode: 'concurrent' },
    },
    { type: 'config.changed', config: { ...config, backlog: 2, mode: 'concurrent' } },
  );

  it('says in the log what changed, from what to what', () => {
    const log = explainEvents(changed, 'es', { config: null, labelOf: String });
    expect(log.slice(1).map((e) => e.what)).toEqual([
      'ajustes: listen(5) → listen(2)',
      'ajustes: cámara lenta 500 ms',
      'ajustes: cámara lenta 500 ms → 1000 ms · iterativo → concurrente',
      'ajustes: cámara lenta desactivada',
    ]);
    expect(log[1]!.why).toContain('como mucho 2 conexiones sin aceptar');
  });

  it('says it on the diagram and in its exports the same way', () => {
    const kit = textKit('es', diagramMessages.es);
    const notes = buildRows(changed)
      .filter((row) => row.kind === 'config')
      .map((row) => rowText(row, kit));
    expect(notes).toEqual([
      'ajustes: listen(5) → listen(2)',
      'ajustes: cámara lenta 500 ms',
      'ajustes: cámara lenta 500 ms → 1000 ms · iterativo → concurrente',
      'ajustes: cámara lenta desactivada',
    ]);
    const en = textKit('en', diagramMessages.en);
    expect(rowText(buildRows(changed)[1]!, en)).toBe('settings: listen(5) → listen(2)');
  });

  it('in a replay that starts after the server did, knows the settings from the first state', () => {
    // What a saved session or a late page holds: no server.started, a known state at seq 1.
    const later = changed.slice(2);
    const anchor = { seq: 3, state: { config: { ...config, backlog: 2, delayMs: 500 } } };
    expect(configBefore(later, anchor)).toBeNull();
    const tail = changed.slice(3);
    const before = configBefore(tail, { seq: 4, state: { config } });
    expect(before).toBeNull();
    const withRead = events(
      { type: 'client.named', id: 1, label: 'nc', program: 'nc' },
      { type: 'config.changed', config: { ...config, recvSize: 16 } },
    );
    const known = configBefore(withRead, { seq: 1, state: { config } });
    expect(known).toEqual(config);
    const log = explainEvents(withRead, 'es', {
      config: null,
      configBefore: known,
      labelOf: String,
    });
    expect(log[1]!.what).toBe('ajustes: recv(1024) → recv(16)');
  });

  it('says it in the Mermaid export of a session that starts after the server did', () => {
    const later = changed.slice(1, 2);
    const kit = textKit('es', diagramMessages.es);
    const lab = { ...initialState(), config: { ...config, backlog: 2 } };
    expect(toMermaid(later, lab, { kit, settingsBefore: config })).toContain(
      'ajustes: listen(5) → listen(2)',
    );
    expect(toMermaid(later, lab, { kit })).toContain('ajustes ahora:');
  });

  it('never says "—": without the settings before, it says the settings now', () => {
    const alone = events({ type: 'config.changed', config: { ...config, stepping: true } });
    const log = explainEvents(alone, 'es', { config, labelOf: String });
    expect(log[0]!.what).toBe(
      'ajustes ahora: paso a paso activado · cámara lenta desactivada · iterativo · listen(5) · recv(1024)',
    );
    const kit = textKit('es', diagramMessages.es);
    expect(rowText(buildRows(alone)[0]!, kit)).toBe(log[0]!.what);
  });
});
