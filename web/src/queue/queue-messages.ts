import type { Messages } from '../i18n/lang.ts';

export const queueMessages: Messages<
  | 'title'
  | 'served'
  | 'servedNobody'
  | 'waiting'
  | 'waitingHint'
  | 'free'
  | 'freeMore'
  | 'more'
  | 'retrying'
  | 'retryingHint'
  | 'retryingNobody'
  | 'stepAccept'
  | 'stepRecv'
  | 'stepSend'
  | 'stepClose'
  | 'stepStopped'
  | 'stepConcurrent'
  | 'totals'
> = {
  en: {
    title: 'Accept queue',
    served: 'Being served',
    servedNobody: 'Nobody: the server is blocked in accept().',
    waiting: 'Waiting · listen({backlog})',
    waitingHint: 'Connected, not yet accepted: their bytes wait unread, in order.',
    free: 'free',
    freeMore: '+ {n:free place|free places}',
    more: '+ {n} more',
    retrying: 'Retrying',
    retryingHint:
      'Past the backlog the kernel ignores their SYN; they retry until a place frees up.',
    retryingNobody: 'Nobody',
    stepAccept: 'The server waits in accept() for the next client.',
    stepRecv: 'The server waits in recv() for {client}.',
    stepSend: 'The server echoes to {client} with sendall().',
    stepClose: 'The server closes {client}.',
    stepStopped: 'The server is stopped.',
    stepConcurrent: 'Concurrent: the server serves every accepted client at once.',
    totals: '{connections:connection|connections} · {reads:read|reads}',
  },
  es: {
    title: 'Cola de espera',
    served: 'Atendido',
    servedNobody: 'Nadie: el servidor está bloqueado en accept().',
    waiting: 'Esperando · listen({backlog})',
    waitingHint: 'Conectados, aún no aceptados: sus bytes esperan sin leer, en orden.',
    free: 'libre',
    freeMore: '+ {n:puesto libre|puestos libres}',
    more: '+ {n} más',
    retrying: 'Reintentando',
    retryingHint:
      'Pasado el backlog, el kernel ignora su SYN; reintentan hasta que se libere un puesto.',
    retryingNobody: 'Nadie',
    stepAccept: 'El servidor espera en accept() al próximo cliente.',
    stepRecv: 'El servidor espera en recv() los datos de {client}.',
    stepSend: 'El servidor devuelve el eco a {client} con sendall().',
    stepClose: 'El servidor cierra {client}.',
    stepStopped: 'El servidor está detenido.',
    stepConcurrent: 'Concurrente: el servidor atiende a la vez a todos los clientes aceptados.',
    totals: '{connections:conexión|conexiones} · {reads:lectura|lecturas}',
  },
};
