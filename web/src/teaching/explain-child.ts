// The log's lines for a traced program's own events (--run), in both languages.

import type { EventOf } from '../../../shared/protocol.ts';
import { fill } from '../i18n/format.ts';
import type { Lang } from '../i18n/lang.ts';

type ChildEvent = EventOf<
  'child.started' | 'child.output' | 'child.exited' | 'child.at' | 'child.call' | 'queue.overflowed'
>;

const words = {
  en: {
    started: 'program started: {command}',
    startedWhy:
      'Echo Lab runs this program and watches its socket calls; it does not run its own echo server.',
    output: '{stream}: {text}',
    outputWhy: 'What the program printed.',
    exited: 'the program ended: {how}',
    exitedWhy: 'Its clients are gone with it. The teacher can start it again.',
    code: 'exit code {code}',
    signal: 'signal {signal}',
    inside: 'line {line}: in {call}()',
    insideWhy: 'The program is inside this call and has not returned from it yet.',
    left: 'line {line}: {call}() returned',
    leftWhy: 'The program is running its own code between socket calls.',
    call: '{call}() = {result}{times}{line}',
    callWhy: 'A socket call with no arrow of its own.',
    eofWhy:
      'recv() returning 0 means the client closed its side; a loop that keeps reading gets 0 again and again.',
    overflowed: 'the kernel dropped SYNs: {overflows} queue overflows',
    overflowedWhy:
      'The accept queue was full, so the kernel ignored those handshakes; the clients will retry.',
  },
  es: {
    started: 'programa iniciado: {command}',
    startedWhy:
      'Echo Lab ejecuta este programa y observa sus llamadas de sockets; no ejecuta su propio servidor de eco.',
    output: '{stream}: {text}',
    outputWhy: 'Lo que imprimió el programa.',
    exited: 'el programa terminó: {how}',
    exitedWhy: 'Sus clientes se fueron con él. El docente puede iniciarlo de nuevo.',
    code: 'código de salida {code}',
    signal: 'señal {signal}',
    inside: 'línea {line}: dentro de {call}()',
    insideWhy: 'El programa está dentro de esta llamada y aún no ha vuelto de ella.',
    left: 'línea {line}: {call}() volvió',
    leftWhy: 'El programa ejecuta su propio código entre llamadas de sockets.',
    call: '{call}() = {result}{times}{line}',
    callWhy: 'Una llamada de sockets sin flecha propia.',
    eofWhy:
      'recv() que devuelve 0 significa que el cliente cerró su lado; un bucle que sigue leyendo recibe 0 una y otra vez.',
    overflowed: 'el kernel descartó SYN: {overflows} desbordes de la cola',
    overflowedWhy:
      'La cola de accept estaba llena, así que el kernel ignoró esos saludos; los clientes reintentarán.',
  },
} as const;

export function tellChild(
  lang: Lang,
  e: ChildEvent,
): { what: string; why: string; client: number | null } {
  const m = words[lang];
  switch (e.type) {
    case 'child.started':
      return {
        what: fill(m.started, { command: e.child.command.join(' ') }),
        why: m.startedWhy,
        client: null,
      };
    case 'child.output':
      return {
        what: fill(m.output, { stream: e.stream, text: e.text.trimEnd() }),
        why: m.outputWhy,
        client: null,
      };
    case 'child.exited': {
      const how = e.signal
        ? fill(m.signal, { signal: e.signal })
        : fill(m.code, { code: e.code ?? '?' });
      return { what: fill(m.exited, { how }), why: m.exitedWhy, client: null };
    }
    case 'child.at': {
      const values = { line: e.line ?? '', call: e.call ?? '?' };
      // Without the Python tracer the line is not known: the sentence starts at the call.
      const cut = (text: string): string => (e.line === null ? text.replace(/^[^:]*: /, '') : text);
      return e.inside
        ? { what: cut(fill(m.inside, values)), why: m.insideWhy, client: null }
        : { what: cut(fill(m.left, values)), why: m.leftWhy, client: null };
    }
    case 'child.call': {
      const times = e.count > 1 ? ` ×${e.count}` : '';
      const line = e.line === null ? '' : ` · L${e.line}`;
      const eof = (e.call === 'recv' || e.call === 'read') && e.result === '0';
      return {
        what: fill(m.call, { call: e.call, result: e.result, times, line }),
        why: eof ? m.eofWhy : m.callWhy,
        client: e.id,
      };
    }
    case 'queue.overflowed':
      return {
        what: fill(m.overflowed, { overflows: e.overflows }),
        why: m.overflowedWhy,
        client: null,
      };
  }
}
