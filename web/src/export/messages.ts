// The export menu's and the session opener's words in both languages.

import type { Messages } from '../i18n/lang.ts';
import type { SessionProblem } from './session-format.ts';

export const exportMessages: Messages<
  | 'export'
  | 'mermaid'
  | 'svg'
  | 'png'
  | 'json'
  | 'html'
  | 'working'
  | 'failed'
  | 'open'
  | 'leave'
  | 'dismiss'
  | 'exportedAt'
  | 'includeHidden'
  | `problem.${SessionProblem}`
> = {
  en: {
    export: 'Export',
    mermaid: 'Mermaid (sequenceDiagram text)',
    svg: 'SVG image of the diagram',
    png: 'PNG image of the diagram',
    json: 'Session (JSON)',
    html: 'HTML (replay)',
    working: 'Exporting…',
    failed: 'The export failed: {error}',
    open: 'Open session',
    leave: 'Back to live',
    dismiss: 'Dismiss',
    exportedAt: 'Echo Lab session, exported {date}',
    includeHidden: 'Include what the teacher hid',
    'problem.json': 'That file is not JSON, so it is not an Echo Lab session.',
    'problem.format': 'That file is not an Echo Lab session.',
    'problem.version': 'That session was saved by a newer Echo Lab (format version {at}).',
    'problem.size': 'That file is too big to be an Echo Lab session.',
    'problem.field': 'That session file is damaged: {at} is not valid.',
  },
  es: {
    export: 'Exportar',
    mermaid: 'Mermaid (texto sequenceDiagram)',
    svg: 'Imagen SVG del diagrama',
    png: 'Imagen PNG del diagrama',
    json: 'Sesión (JSON)',
    html: 'HTML (reproducción)',
    working: 'Exportando…',
    failed: 'No se pudo exportar: {error}',
    open: 'Abrir sesión',
    leave: 'Ver en vivo',
    dismiss: 'Cerrar aviso',
    exportedAt: 'Sesión de Echo Lab, exportada el {date}',
    includeHidden: 'Incluir lo oculto por el docente',
    'problem.json': 'Ese archivo no es JSON, así que no es una sesión de Echo Lab.',
    'problem.format': 'Ese archivo no es una sesión de Echo Lab.',
    'problem.version': 'Esa sesión la guardó un Echo Lab más nuevo (versión de formato {at}).',
    'problem.size': 'Ese archivo es demasiado grande para ser una sesión de Echo Lab.',
    'problem.field': 'Ese archivo de sesión está dañado: {at} no es válido.',
  },
};
