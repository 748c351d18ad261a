// The page's Spanish vocabulary, one word per idea, so the diagram, the queue, the cards,
// the log and the exports call each thing the same. The class hears es-CL; socket calls and
// TCP flags (accept(), recv(), SYN, FIN, RST) stay as the homework's code spells them.
// Every Spanish message is read against `avoid` by tests/words.test.ts.

interface Term {
  en: string;
  es: string;
  /** How the word is used, where a choice was made. */
  use?: string;
  /** Words or phrases that must not appear in Spanish messages, with the reason. */
  avoid?: readonly (readonly [RegExp, string])[];
}

const GLOSSARY = {
  serve: {
    en: 'serve, served',
    es: 'atender, atendido',
    use: 'The server atiende; a client is atendido. A badge about a client never says "Atendiendo".',
    avoid: [[/^Atendiendo$/, 'a client does not serve: "Atendido"']],
  },
  queue: {
    en: 'accept queue, waiting, place',
    es: 'cola de espera, en espera, puesto',
    use: '"la cola" once the panel has named it; a client waits in a "puesto" of listen(n).',
  },
  client: {
    en: 'client',
    es: 'cliente',
    use: 'Masculine: "cerrado", "conectado", "atendido".',
    avoid: [[/\busuarios?\b/i, 'a TCP peer is a "cliente"']],
  },
  connection: {
    en: 'connection',
    es: 'conexión',
    use: 'Feminine; a badge names the client, so it is "Cerrado por el servidor".',
    avoid: [[/^Cerrada por/, 'the badge is about the client: "Cerrado por…"']],
  },
  read: { en: 'read (a recv() call)', es: 'lectura', use: '"1 lectura", "3 lecturas".' },
  echo: {
    en: 'echo',
    es: 'eco',
    use: 'Bytes echoed are "devueltos"; "el eco" is what comes back.',
  },
  retrying: {
    en: 'retrying (past the backlog)',
    es: 'reintentando',
    use: 'The kernel ignores the SYN; nobody is "rechazado" for the backlog.',
  },
  refused: { en: 'refused (a limit, a blocked address)', es: 'rechazado' },
  reset: {
    en: 'reset (RST)',
    es: 'conexión reiniciada (RST)',
    avoid: [[/\breset\b/i, 'Spanish says "reiniciada (RST)"']],
  },
  teacher: {
    en: 'teacher',
    es: 'docente',
    avoid: [[/\bprofesora?\b/i, 'one word for the teacher: "docente"']],
  },
  computer: {
    en: 'computer',
    es: 'computador',
    avoid: [[/\bordenador\b/i, 'es-CL says "computador"']],
  },
  live: {
    en: 'live',
    es: 'en vivo',
    use: '"Seguir en vivo", "Ver en vivo"; never "a en vivo".',
    avoid: [[/\ba en vivo\b/i, '"Volver a en vivo" is not Spanish']],
  },
  replay: {
    en: 'replay (a saved session played back)',
    es: 'reproducción',
    avoid: [[/repetici[oó]n/i, 'a replay is a "reproducción"']],
  },
  stepMode: { en: 'step mode, next step', es: 'paso a paso, siguiente paso' },
  slowMotion: {
    en: 'slow motion, off',
    es: 'cámara lenta, desactivada',
    avoid: [[/^no$/, 'an option says what it means: "desactivada"']],
  },
  bytes: {
    en: 'B, KiB, MiB (1024-based)',
    es: 'B, KiB, MiB',
    use: 'One unit system everywhere; numbers through Intl: "4.336.281 B (4,1 MiB)".',
    avoid: [
      [/\d\s?[KMG]B\b/, 'sizes are 1024-based: KiB, MiB'],
      [/\{\w+\}\s?[KMG]B\b/, 'sizes are 1024-based: KiB, MiB'],
    ],
  },
  unread: { en: 'unread, unsent', es: 'sin leer, sin enviar' },
  buffer: { en: 'buffer', es: 'búfer' },
} as const satisfies Record<string, Term>;

/** Every rule to read Spanish messages against, with the term it comes from. */
export const SPANISH_RULES: readonly { term: string; pattern: RegExp; why: string }[] =
  Object.entries(GLOSSARY as Record<string, Term>).flatMap(([term, entry]) =>
    (entry.avoid ?? []).map(([pattern, why]) => ({ term, pattern, why })),
  );
