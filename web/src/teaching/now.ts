// What the real server is doing right now, in words: a short line for the step bar and a
// longer one under the code. Pure: both come from the lab state alone.

import type { LabState } from '../../../shared/lab.ts';
import { fill, format, formatNumber } from '../i18n/format.ts';
import type { Lang, Messages } from '../i18n/lang.ts';

type Key =
  | 'off'
  | 'stopped'
  | 'next.accept'
  | 'next.recv'
  | 'next.send'
  | 'next.close'
  | 'block.accept'
  | 'block.recv'
  | 'block.send'
  | 'running'
  | 'held.accept'
  | 'held.recv'
  | 'held.send'
  | 'held.close'
  | 'now.acceptIdle'
  | 'now.acceptTaking'
  | 'now.recv'
  | 'now.waiting'
  | 'now.send'
  | 'now.sendBlocked'
  | 'now.close'
  | 'now.concurrent'
  | 'someone'
  | 'slow'
  | 'slowMore';

export const nowMessages: Messages<Key> = {
  en: {
    off: 'Step mode is off: the server runs on its own.',
    stopped: 'The server is stopped.',
    'next.accept': 'Next: accept() takes {client} from the queue',
    'next.recv': 'Next: recv() reads what {client} sent',
    'next.send': 'Next: sendall() echoes it to {client}',
    'next.close': 'Next: close() ends {client}',
    'block.accept': 'Blocked in accept(): nobody in the queue',
    'block.recv': 'Blocked in recv(): waiting for {client} to send',
    'block.send': 'Blocked in sendall(): {client} is not reading',
    running: 'Running…',
    'held.accept': 'About to call accept(): it takes {client}, the oldest in the queue.',
    'held.recv': "About to call recv({size}): {client}'s bytes wait in the kernel's buffer.",
    'held.send': 'About to call sendall(): the bytes just read go back to {client}.',
    'held.close': 'About to call close() for {client}, then accept() for the next one.',
    'now.acceptIdle': 'Blocked in accept(): no client waits in the queue.',
    'now.acceptTaking': 'accept() is taking the next client out of the queue.',
    'now.recv': 'Blocked in recv(): the server waits for {client} to send something.',
    'now.waiting':
      '{n:more waits|more wait} in the queue: their bytes sit unread in the kernel until accept() and recv() reach them, so no echo yet.',
    'now.send': 'sendall(): the same bytes go back to {client}.',
    'now.sendBlocked':
      "Blocked in sendall(): {client} is not reading, so the kernel's buffer for it is full and takes no more bytes.",
    'now.close': 'close(): the session with {client} ends.',
    'now.concurrent':
      'Concurrent: one thread per client, so several can be on these lines at once; the mark follows the latest action.',
    someone: 'the client',
    slow: '{next} · slow motion: in {left}',
    slowMore: '(+{n:more|more})',
  },
  es: {
    off: 'Paso a paso desactivado: el servidor corre solo.',
    stopped: 'El servidor está detenido.',
    'next.accept': 'Siguiente: accept() saca a {client} de la cola',
    'next.recv': 'Siguiente: recv() lee lo que envió {client}',
    'next.send': 'Siguiente: sendall() devuelve el eco a {client}',
    'next.close': 'Siguiente: close() termina con {client}',
    'block.accept': 'Bloqueado en accept(): no hay nadie en la cola',
    'block.recv': 'Bloqueado en recv(): espera a que {client} envíe',
    'block.send': 'Bloqueado en sendall(): {client} no lee',
    running: 'Trabajando…',
    'held.accept': 'Va a llamar a accept(): saca a {client}, el más antiguo de la cola.',
    'held.recv':
      'Va a llamar a recv({size}): los bytes de {client} esperan en el búfer del kernel.',
    'held.send': 'Va a llamar a sendall(): los bytes recién leídos vuelven a {client}.',
    'held.close': 'Va a llamar a close() para {client} y luego a accept() para el siguiente.',
    'now.acceptIdle': 'Bloqueado en accept(): ningún cliente espera en la cola.',
    'now.acceptTaking': 'accept() está sacando de la cola al siguiente cliente.',
    'now.recv': 'Bloqueado en recv(): el servidor espera a que {client} envíe algo.',
    'now.waiting':
      '{n:más espera|más esperan} en la cola: sus bytes quedan sin leer en el kernel hasta que accept() y recv() lleguen a ellos, así que aún no hay eco.',
    'now.send': 'sendall(): los mismos bytes vuelven a {client}.',
    'now.sendBlocked':
      'Bloqueado en sendall(): {client} no lee, así que su búfer en el kernel está lleno y no admite más bytes.',
    'now.close': 'close(): termina la sesión con {client}.',
    'now.concurrent':
      'Concurrente: un hilo por cliente, así que varios pueden estar en estas líneas a la vez; la marca sigue la última acción.',
    someone: 'el cliente',
    slow: '{next} · cámara lenta: en {left}',
    slowMore: '(+{n:más|más})',
  },
};

type Lab = Pick<LabState, 'step' | 'stepClient' | 'paused' | 'queue' | 'clients' | 'config'>;

const clientName = (lab: Lab, lang: Lang): string =>
  (lab.stepClient !== null && lab.clients[lab.stepClient]?.label) || nowMessages[lang].someone;

/** The server sits in sendall() to a client that does not read. */
const sendBlocked = (lab: Lab): boolean =>
  lab.step === 'send' && lab.stepClient !== null && !!lab.clients[lab.stepClient]?.sendBlocked;

/** The step bar's line: what "Next step" will do, or what the server waits for. */
export function nextStepText(lab: Lab, lang: Lang): string {
  const m = nowMessages[lang];
  if (lab.step === 'stopped') return m.stopped;
  if (!lab.config?.stepping) return m.off;
  const client = clientName(lab, lang);
  if (lab.paused) return fill(m[`next.${lab.step}`], { client });
  if (lab.step === 'accept') return m['block.accept'];
  if (lab.step === 'recv') return fill(m['block.recv'], { client });
  if (sendBlocked(lab)) return fill(m['block.send'], { client });
  return m.running;
}

/**
 * Slow motion: the action the server waits to take (the first, when concurrent sessions
 * each wait for one) and the time left, counted by the caller; null when none waits.
 */
export function slowText(
  lab: Pick<LabState, 'delayed' | 'clients'>,
  leftMs: number,
  lang: Lang,
): string | null {
  const m = nowMessages[lang];
  const first = lab.delayed[0];
  if (!first || first.step === 'stopped') return null;
  const client = (first.id !== null && lab.clients[first.id]?.label) || m.someone;
  const left = `${formatNumber(Math.max(0, leftMs) / 1000, lang, 1)} s`;
  const text = format(m.slow, { next: fill(m[`next.${first.step}`], { client }), left }, lang);
  const more = lab.delayed.length - 1;
  return more > 0 ? `${text} ${format(m.slowMore, { n: more }, lang)}` : text;
}

/** The code panel's line: where the server is and what that means for those waiting. */
export function nowText(lab: Lab, lang: Lang): string {
  const m = nowMessages[lang];
  if (lab.step === 'stopped') return m.stopped;
  const client = clientName(lab, lang);
  const concurrent = lab.config?.mode === 'concurrent';
  let text: string;
  if (lab.paused) {
    text = fill(m[`held.${lab.step}`], { client, size: lab.config?.recvSize ?? 0 });
  } else if (lab.step === 'accept') {
    text = lab.queue.length === 0 ? m['now.acceptIdle'] : m['now.acceptTaking'];
  } else {
    const key = sendBlocked(lab) ? 'now.sendBlocked' : (`now.${lab.step}` as const);
    text = fill(m[key], { client });
  }
  if (concurrent) return `${m['now.concurrent']} ${text}`;
  // In accept() the queue is about to move; past it, those waiting are the lesson.
  if (lab.step !== 'accept' && lab.queue.length > 0) {
    text += ` ${format(m['now.waiting'], { n: lab.queue.length }, lang)}`;
  }
  return text;
}
