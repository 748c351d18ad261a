import type { CloseReason } from '../../../shared/protocol.ts';
import type { Lang, Messages } from '../i18n/lang.ts';

export const cardMessages: Messages<
  | 'connecting'
  | 'connected'
  | 'retrying'
  | 'retryingHint'
  | 'waiting'
  | 'waitingHint'
  | 'served'
  | 'closedByServer'
  | 'closedByClient'
  | 'lost'
  | 'refused'
  | 'stalled'
  | 'ending'
  | 'message'
  | 'send'
  | 'disconnect'
  | 'remove'
  | 'tooLong'
  | 'exchanges'
  | 'noEcho'
  | 'wordNoEcho'
  | 'partial'
  | 'unnamed'
> = {
  en: {
    connecting: 'Connecting…',
    connected: 'Connected',
    retrying: 'Retrying: queue full',
    retryingHint: 'The kernel ignores its SYN; it retries.',
    waiting: 'Waiting: place {place} of {backlog}',
    waitingHint: 'No accept() yet: your bytes wait, unread.',
    served: 'Being served',
    closedByServer: 'Closed by the server',
    closedByClient: 'Closed by this client',
    lost: 'Connection lost',
    refused: 'The server said: {reason}',
    stalled:
      'This page stopped reading what the server sent back, so Echo Lab closed the client to free the server for the others.',
    ending: 'Sent "{word}": the server closes when it reads it.',
    message: 'Message',
    send: 'Send',
    disconnect: 'Disconnect',
    remove: 'Remove',
    tooLong:
      'Too long: {count} characters. The client refuses messages over {max} characters; nothing was sent.',
    exchanges: 'Messages and echoes',
    noEcho: 'no echo yet',
    wordNoEcho: 'the word gets no echo',
    partial: '{got} of {bytes} B so far',
    unnamed: 'Web client {n}',
  },
  es: {
    connecting: 'Conectando…',
    connected: 'Conectado',
    retrying: 'Reintentando: cola llena',
    retryingHint: 'El kernel ignora su SYN; reintenta.',
    waiting: 'En espera: puesto {place} de {backlog}',
    waitingHint: 'Aún sin accept(): tus bytes esperan sin leer.',
    served: 'Atendiendo',
    closedByServer: 'Cerrada por el servidor',
    closedByClient: 'Cerrada por este cliente',
    lost: 'Conexión perdida',
    refused: 'El servidor dijo: {reason}',
    stalled:
      'Esta página dejó de leer lo que el servidor le devolvía; Echo Lab cerró el cliente para liberar el servidor para los demás.',
    ending: 'Enviaste "{word}": el servidor cierra cuando lo lee.',
    message: 'Mensaje',
    send: 'Enviar',
    disconnect: 'Desconectar',
    remove: 'Quitar',
    tooLong:
      'Demasiado largo: {count} caracteres. El cliente rechaza mensajes de más de {max} caracteres; no se envió nada.',
    exchanges: 'Mensajes y ecos',
    noEcho: 'sin eco todavía',
    wordNoEcho: 'la palabra no tiene eco',
    partial: '{got} de {bytes} B hasta ahora',
    unnamed: 'Cliente web {n}',
  },
};

const REASONS: Record<Lang, Record<CloseReason, string>> = {
  en: {
    word: 'disconnect word',
    fin: 'FIN',
    reset: 'reset',
    kicked: 'disconnected by the teacher',
    shutdown: 'Echo Lab stopped',
    limit: 'a limit was reached',
    program: 'closed by the program',
  },
  es: {
    word: 'palabra de desconexión',
    fin: 'FIN',
    reset: 'reset',
    kicked: 'desconectado por el docente',
    shutdown: 'Echo Lab se detuvo',
    limit: 'se alcanzó un límite',
    program: 'cerrado por el programa',
  },
};

export const reasonText = (lang: Lang, reason: CloseReason): string => REASONS[lang][reason];
