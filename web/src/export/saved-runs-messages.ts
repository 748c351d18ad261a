import type { Messages } from '../i18n/lang.ts';

export const savedMessages: Messages<
  | 'saved'
  | 'title'
  | 'where'
  | 'off'
  | 'none'
  | 'loading'
  | 'live'
  | 'recording'
  | 'part'
  | 'events'
  | 'dropped'
  | 'full'
  | 'crashed'
  | 'unreadable'
  | 'failed'
  | 'close'
> = {
  en: {
    saved: 'Saved lessons',
    title: 'Lessons saved on this computer',
    where: 'Every run is saved as it goes, in {dir}. Open a part to replay or export it.',
    off: 'This run is not being saved: {why}',
    none: 'No saved lessons yet.',
    loading: 'Loading…',
    live: 'now',
    recording: 'Being saved now: open it again later for what comes next.',
    part: 'Part {n}: {from}–{to}',
    events: '{count} events',
    dropped: '{count} events not saved: the disk fell behind.',
    full: 'Reached its size limit; what came later was not saved.',
    crashed: 'Ended without closing (Echo Lab was stopped abruptly); everything written is here.',
    unreadable: '{count} unreadable lines skipped.',
    failed: 'Could not read the saved lessons: {error}',
    close: 'Close',
  },
  es: {
    saved: 'Clases guardadas',
    title: 'Clases guardadas en este computador',
    where:
      'Cada ejecución se guarda a medida que avanza, en {dir}. Abre una parte para reproducirla o exportarla.',
    off: 'Esta ejecución no se está guardando: {why}',
    none: 'Aún no hay clases guardadas.',
    loading: 'Cargando…',
    live: 'ahora',
    recording: 'Se está guardando ahora: ábrela de nuevo más tarde para ver lo que siga.',
    part: 'Parte {n}: {from}–{to}',
    events: '{count} eventos',
    dropped: '{count} eventos sin guardar: el disco no alcanzó a escribirlos.',
    full: 'Llegó a su límite de tamaño; lo posterior no se guardó.',
    crashed: 'Terminó sin cerrarse (Echo Lab se detuvo de golpe); todo lo escrito está aquí.',
    unreadable: 'Se omitieron {count} líneas ilegibles.',
    failed: 'No se pudieron leer las clases guardadas: {error}',
    close: 'Cerrar',
  },
};
