// The diagram's words in both languages. Socket calls (connect(), accept(), recv, sendall,
// close()) and TCP flags (SYN, FIN, RST) stay as the homework's code spells them.

// Typed here rather than with i18n/lang.ts's `Messages`, which is the same shape: the
// layout tests run under Node and must not pull in browser-only modules.

type Key =
  | 'name'
  | 'jump'
  | 'empty'
  | 'server'
  | 'more'
  | 'moreTitle'
  | 'time'
  | 'latest'
  | 'nothing'
  | 'kind.raw'
  | 'kind.web'
  | 'kind.bot'
  | 'phase.retrying'
  | 'phase.waiting'
  | 'phase.served'
  | 'phase.closed'
  | 'connect'
  | 'retry'
  | 'queued'
  | 'accept'
  | 'read'
  | 'echo'
  | 'word'
  | 'fin'
  | 'rst'
  | 'close'
  | 'reason.word'
  | 'reason.fin'
  | 'reason.reset'
  | 'reason.kicked'
  | 'reason.shutdown'
  | 'reason.limit'
  | 'reason.program'
  | 'burst'
  | 'burstUneven'
  | 'burstSpan'
  | 'burstMax'
  | 'burstByServer'
  | 'burstByPage'
  | 'burstParts'
  | 'burstPartsOne'
  | 'reads'
  | 'oneRead'
  | 'echoes'
  | 'oneEcho'
  | 'started'
  | 'config'
  | 'configNow'
  | 'stopped'
  | 'program'
  | 'exitedCode'
  | 'exitedSignal'
  | 'call'
  | 'refused'
  | 'refusedBlocked'
  | 'hidden'
  | 'paused'
  | 'retries'
  | 'pausedFor'
  | 'blocked'
  | 'blockedApart'
  | 'resumed'
  | 'mode.iterative'
  | 'mode.concurrent'
  | 'arrow'
  | 'at';

export const messages: Record<'en' | 'es', Record<Key, string>> = {
  en: {
    name: 'Sequence diagram',
    jump: 'Jump to live',
    empty: 'No client yet: connect one with nc or the web form, and its arrows appear here.',
    server: 'server',
    more: '+{n} more',
    moreTitle: '{n} more clients share this column',
    time: 'time',
    latest: 'Latest arrows, oldest first: {list}',
    nothing: 'No arrows yet.',
    'kind.raw': 'TCP',
    'kind.web': 'web',
    'kind.bot': 'bot',
    'phase.retrying': 'retrying',
    'phase.waiting': 'waiting',
    'phase.served': 'served',
    'phase.closed': 'closed',
    connect: 'connect() · SYN',
    retry: 'SYN ignored · queue full, retrying',
    queued: 'SYN retried · joins the accept queue',
    accept: 'accept()',
    read: 'recv → {bytes}',
    echo: 'sendall {bytes}',
    word: 'the disconnect word, no echo',
    fin: 'FIN · the client closed',
    rst: 'RST · connection reset',
    close: 'close() · {reason}',
    'reason.word': 'after the disconnect word',
    'reason.fin': 'the client closed',
    'reason.reset': 'connection reset',
    'reason.kicked': 'disconnected by the teacher',
    'reason.shutdown': 'the server is shutting down',
    'reason.limit': 'a limit was reached',
    'reason.program': 'the program closed it',
    burst: '{reads} · {bytes} received and echoed{span}',
    burstUneven: '{reads} · {bytes} received · {echoes} · {out} echoed{span}',
    burstSpan: ' in {ms}',
    burstMax: 'max {max} per recv',
    burstByServer: 'summed up by the server',
    burstByPage: 'summed up on this page',
    burstParts: 'the server sent {arrows} reads and echoes one by one, the rest in {n} summaries',
    burstPartsOne: 'the server sent {arrows} reads and echoes one by one, the rest in one summary',
    reads: '{n} reads',
    oneRead: '1 read',
    echoes: '{n} echoes',
    oneEcho: '1 echo',
    started: 'server listening on {address} · {mode} · listen({backlog}) · recv({recv})',
    config: 'settings: {changes}',
    configNow: 'settings now: {changes}',
    stopped: 'server stopped',
    program: '{program} listening on {address} · listen({backlog})',
    exitedCode: 'the program ended · exit code {code}',
    exitedSignal: 'the program ended · signal {signal}',
    call: '{call}() = {result} ×{n} · the client closed; the loop goes on',
    retries: '×{n} SYN ignored · queue full, clients #{first}–#{last} retry',
    paused: 'step mode · next: {call}',
    pausedFor: 'step mode · next: {call} · {client}',
    refused: '{address} refused: more than {limit} clients at once',
    blocked: '⚠ sendall() blocked: {client} not reading · {bytes} unsent',
    blockedApart: '⚠ sendall() blocked: {client} not reading · {bytes} unsent, kernel not counted',
    resumed: 'sendall() goes on · {client} reads again',
    refusedBlocked: '{address} refused{times}: blocked by the teacher',
    hidden: '(message hidden by the teacher)',
    'mode.iterative': 'iterative',
    'mode.concurrent': 'concurrent',
    arrow: '{from} → {to}: {text}',
    at: 'at {t}',
  },
  es: {
    name: 'Diagrama de secuencia',
    jump: 'Ir al final',
    empty:
      'Aún no hay clientes: conecta uno con nc o con el formulario web y aquí verás sus flechas.',
    server: 'servidor',
    more: '+{n} más',
    moreTitle: '{n} clientes más comparten esta columna',
    time: 'tiempo',
    latest: 'Últimas flechas, de la más antigua a la más reciente: {list}',
    nothing: 'Aún no hay flechas.',
    'kind.raw': 'TCP',
    'kind.web': 'web',
    'kind.bot': 'bot',
    'phase.retrying': 'reintentando',
    'phase.waiting': 'en espera',
    'phase.served': 'atendido',
    'phase.closed': 'cerrado',
    connect: 'connect() · SYN',
    retry: 'SYN ignorado · cola llena, reintenta',
    queued: 'SYN reintentado · entra en la cola de espera',
    accept: 'accept()',
    read: 'recv → {bytes}',
    echo: 'sendall {bytes}',
    word: 'la palabra de desconexión, sin eco',
    fin: 'FIN · el cliente cerró',
    rst: 'RST · conexión reiniciada',
    close: 'close() · {reason}',
    'reason.word': 'tras la palabra de desconexión',
    'reason.fin': 'el cliente cerró',
    'reason.reset': 'conexión reiniciada',
    'reason.kicked': 'desconectado por el docente',
    'reason.shutdown': 'el servidor se está apagando',
    'reason.limit': 'se alcanzó un límite',
    'reason.program': 'el programa lo cerró',
    burst: '{reads} · {bytes} recibidos y devueltos{span}',
    burstUneven: '{reads} · {bytes} recibidos · {echoes} · {out} devueltos{span}',
    burstSpan: ' en {ms}',
    burstMax: 'máx. {max} por recv',
    burstByServer: 'resumido por el servidor',
    burstByPage: 'resumido en esta página',
    burstParts: 'el servidor envió {arrows} lecturas y ecos uno a uno, el resto en {n} resúmenes',
    burstPartsOne: 'el servidor envió {arrows} lecturas y ecos uno a uno, el resto en un resumen',
    reads: '{n} lecturas',
    oneRead: '1 lectura',
    echoes: '{n} ecos',
    oneEcho: '1 eco',
    started: 'servidor escuchando en {address} · {mode} · listen({backlog}) · recv({recv})',
    config: 'ajustes: {changes}',
    configNow: 'ajustes ahora: {changes}',
    stopped: 'servidor detenido',
    program: '{program} escuchando en {address} · listen({backlog})',
    exitedCode: 'el programa terminó · código de salida {code}',
    exitedSignal: 'el programa terminó · señal {signal}',
    call: '{call}() = {result} ×{n} · el cliente cerró; el bucle sigue',
    retries: '×{n} SYN ignorados · cola llena, los clientes #{first}–#{last} reintentan',
    paused: 'paso a paso · siguiente: {call}',
    pausedFor: 'paso a paso · siguiente: {call} · {client}',
    refused: '{address} rechazado: más de {limit} clientes a la vez',
    blocked: '⚠ sendall() bloqueado: {client} no lee · {bytes} sin enviar',
    blockedApart:
      '⚠ sendall() bloqueado: {client} no lee · {bytes} sin enviar, sin contar el kernel',
    resumed: 'sendall() sigue · {client} vuelve a leer',
    refusedBlocked: '{address} rechazado{times}: bloqueado por el docente',
    hidden: '(mensaje oculto por el docente)',
    'mode.iterative': 'iterativo',
    'mode.concurrent': 'concurrente',
    arrow: '{from} → {to}: {text}',
    at: 'a los {t}',
  },
};

export type DiagramMessages = (typeof messages)['en'];
export type DiagramLang = keyof typeof messages;
