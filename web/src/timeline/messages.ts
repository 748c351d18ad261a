// The timeline's words in both languages.

import type { Messages } from '../i18n/lang.ts';

export const timelineMessages: Messages<
  | 'timeline'
  | 'pause'
  | 'play'
  | 'back'
  | 'forward'
  | 'oldest'
  | 'live'
  | 'last'
  | 'speed'
  | 'position'
  | 'of'
  | 'noEvents'
  | 'behind'
  | 'frozen'
  | 'replay'
> = {
  en: {
    timeline: 'Timeline',
    pause: 'Pause',
    play: 'Play',
    back: 'Step back',
    forward: 'Step forward',
    oldest: 'Oldest event',
    live: 'Live',
    last: 'Last event',
    speed: 'Speed',
    position: 'Event shown',
    of: 'event {n} of {count}, at {t}',
    noEvents: 'no events yet',
    behind: '{n} newer',
    frozen: 'paused: newer events load with Live',
    replay: 'Saved session',
  },
  es: {
    timeline: 'Línea de tiempo',
    pause: 'Pausar',
    play: 'Reproducir',
    back: 'Paso atrás',
    forward: 'Paso adelante',
    oldest: 'Primer evento',
    live: 'En vivo',
    last: 'Último evento',
    speed: 'Velocidad',
    position: 'Evento mostrado',
    of: 'evento {n} de {count}, a los {t}',
    noEvents: 'aún no hay eventos',
    behind: '{n:más nuevo|más nuevos}',
    frozen: 'en pausa: los eventos nuevos se cargan con En vivo',
    replay: 'Sesión guardada',
  },
};
