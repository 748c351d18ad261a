// The homework's two programs, written the way a student would in Python, with the real
// server's settings filled in. Pure, so tests can check every step has exactly one line.
// Each language gets its own names and comments: a Spanish class reads `conexion, direccion`
// as its homework did; an English one reads `conn, addr`.

import type { LabState } from '../../../shared/lab.ts';
import type { EchoConfig, Step } from '../../../shared/protocol.ts';
import { format } from '../i18n/format.ts';
import type { Lang } from '../i18n/lang.ts';

/** A line the real server can be on. `eof` and `word` are the two ways out of the loop. */
export const CodeStep = {
  accept: 'accept',
  recv: 'recv',
  eof: 'eof',
  word: 'word',
  send: 'send',
  close: 'close',
} as const;
export type CodeStep = (typeof CodeStep)[keyof typeof CodeStep];

/** What the homework's code calls at each step of its loop, as the diagram and log name it. */
export const STEP_CALLS: Readonly<Record<Step, string>> = {
  accept: 'accept()',
  recv: 'recv()',
  send: 'sendall()',
  close: 'close()',
  stopped: '—',
};

export interface CodeLine {
  text: string;
  step?: CodeStep;
}

/** The settings the code shows; the rest of EchoConfig does not appear in it. */
export type CodeConfig = Pick<
  EchoConfig,
  'host' | 'port' | 'mode' | 'backlog' | 'recvSize' | 'disconnectWord' | 'maxMessage'
>;

/** A Python string literal: quotes and backslashes escaped, nothing else changed. */
export const pyString = (text: string): string =>
  `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const WORDS = {
  en: {
    address: 'ADDRESS',
    server: 'server',
    conn: 'conn',
    addr: 'addr',
    data: 'data',
    serve: 'serve',
    thread: 'thread',
    client: 'client',
    text: 'text',
    echo: 'echo',
    listening: 'Listening on',
    serving: 'Serving',
    closed: 'Closed',
    prompt: 'Message: ',
    tooLong: 'At most {max:character|characters}.',
    echoed: 'Echo:',
    cBacklog: '# at most {backlog:connection waits|connections wait} for accept()',
    cAccept: '# blocks until a client is in the queue',
    cRecv: '# at most {size:byte|bytes}; the rest waits',
    cEof: "# b'': the client closed (FIN)",
    cSend: '# the same bytes back, all of them',
    cThread: '# one thread per client: nobody waits',
    cConnect: "# returns once the server's kernel queues us",
    cEchoPart: '# a long echo may come back in pieces',
  },
  es: {
    address: 'DIRECCION',
    server: 'servidor',
    conn: 'cliente',
    addr: 'direccion',
    data: 'datos',
    serve: 'atender',
    thread: 'hilo',
    client: 'cliente',
    text: 'texto',
    echo: 'eco',
    listening: 'Escuchando en',
    serving: 'Atendiendo a',
    closed: 'Cerrada',
    prompt: 'Mensaje: ',
    tooLong: 'Como mucho {max:carácter|caracteres}.',
    echoed: 'Eco:',
    cBacklog: '# como mucho {backlog:conexión espera|conexiones esperan} accept()',
    cAccept: '# espera a que haya un cliente en la cola',
    cRecv: '# hasta {size:byte|bytes}; el resto espera',
    cEof: "# b'': el cliente cerró (FIN)",
    cSend: '# los mismos bytes de vuelta, todos',
    cThread: '# un hilo por cliente: nadie espera',
    cConnect: '# vuelve cuando el kernel nos pone en la cola',
    cEchoPart: '# un eco largo puede llegar en partes',
  },
} as const;

const line = (text: string, step?: CodeStep): CodeLine => (step ? { text, step } : { text });

/** The lines shared by both servers and the client: import, address, socket(). */
function opening(c: CodeConfig, name: string, address: string, extra: string[]): CodeLine[] {
  const call = `${name} = socket.socket(`;
  return [
    line('import socket'),
    ...extra.map((text) => line(text)),
    line(''),
    line(`${address} = (${pyString(c.host)}, ${c.port})`),
    line(''),
    line(`${call}socket.AF_INET,`),
    line(`${' '.repeat(call.length)}socket.SOCK_STREAM)`),
  ];
}

/** recv, the two ways out, sendall and close, indented under a `while True:`. */
function innerLoop(c: CodeConfig, lang: Lang, pad: string): CodeLine[] {
  const w = WORDS[lang];
  return [
    line(`${pad}while True:`),
    line(`${pad}    ${format(w.cRecv, { size: c.recvSize }, lang)}`),
    line(`${pad}    ${w.data} = ${w.conn}.recv(${c.recvSize})`, CodeStep.recv),
    line(`${pad}    ${w.cEof}`),
    line(`${pad}    if not ${w.data}:`, CodeStep.eof),
    line(`${pad}        break`),
    // Only line endings are stripped, as the real server tolerates just \n or \r\n after the word.
    line(
      `${pad}    if ${w.data}.rstrip(b'\\r\\n') == b${pyString(c.disconnectWord)}:`,
      CodeStep.word,
    ),
    line(`${pad}        break`),
    line(`${pad}    ${w.cSend}`),
    line(`${pad}    ${w.conn}.sendall(${w.data})`, CodeStep.send),
    line(`${pad}${w.conn}.close()`, CodeStep.close),
  ];
}

/** The server: iterative as the homework wrote it, or threaded for concurrent mode. */
export function serverCode(c: CodeConfig, lang: Lang): CodeLine[] {
  const w = WORDS[lang];
  const listen = [
    line(`${w.server}.bind(${w.address})`),
    line(format(w.cBacklog, { backlog: c.backlog }, lang)),
    line(`${w.server}.listen(${c.backlog})`),
  ];
  if (c.mode === 'iterative') {
    return [
      ...opening(c, w.server, w.address, []),
      ...listen,
      line(`print(${pyString(w.listening)}, ${w.address})`),
      line(''),
      line('while True:'),
      line(`    ${w.cAccept}`),
      line(`    ${w.conn}, ${w.addr} = ${w.server}.accept()`, CodeStep.accept),
      line(`    print(${pyString(w.serving)}, ${w.addr})`),
      ...innerLoop(c, lang, '    '),
      line(`    print(${pyString(w.closed)}, ${w.addr})`),
    ];
  }
  return [
    ...opening(c, w.server, w.address, ['import threading']),
    line(''),
    line(`def ${w.serve}(${w.conn}, ${w.addr}):`),
    ...innerLoop(c, lang, '    '),
    line(''),
    ...listen,
    line('while True:'),
    line(`    ${w.conn}, ${w.addr} = ${w.server}.accept()`, CodeStep.accept),
    line(`    ${w.cThread}`),
    line(`    ${w.thread} = threading.Thread(`),
    line(`        target=${w.serve}, args=(${w.conn}, ${w.addr}))`),
    line(`    ${w.thread}.start()`),
  ];
}

/** The homework's client: read a line, refuse it past the limit, send, wait for the echo. */
export function clientCode(c: CodeConfig, lang: Lang): CodeLine[] {
  const w = WORDS[lang];
  return [
    ...opening(c, w.client, w.address, []),
    line(w.cConnect),
    line(`${w.client}.connect(${w.address})`),
    line(''),
    line('while True:'),
    line(`    ${w.text} = input(${pyString(w.prompt)})`),
    line(`    if len(${w.text}) > ${c.maxMessage}:`),
    line(`        print(${pyString(format(w.tooLong, { max: c.maxMessage }, lang))})`),
    line('        continue'),
    line(`    ${w.client}.sendall(${w.text}.encode())`),
    line(`    if ${w.text} == ${pyString(c.disconnectWord)}:`),
    line('        break'),
    line(`    ${w.cEchoPart}`),
    line(`    ${w.echo} = ${w.client}.recv(1024)`),
    line(`    print(${pyString(w.echoed)}, ${w.echo}.decode())`),
    line(`${w.client}.close()`),
  ];
}

/** Where the server is: the line, and whether it waits for the teacher or for the world. */
export interface CodeSpot {
  step: CodeStep;
  /** Step mode holds the server before this line until "Next step". */
  held: boolean;
  client: number | null;
}

export function codeSpot(lab: Pick<LabState, 'step' | 'stepClient' | 'paused'>): CodeSpot | null {
  const held = lab.paused;
  const client = lab.stepClient;
  switch (lab.step) {
    case 'stopped':
      return null;
    case 'accept':
      return { step: CodeStep.accept, held, client };
    case 'recv':
      return { step: CodeStep.recv, held, client };
    case 'send':
      return { step: CodeStep.send, held, client };
    case 'close':
      return { step: CodeStep.close, held, client };
  }
}
