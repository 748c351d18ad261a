// The page's words for a student's program run under Echo Lab (--run).

import type { Messages } from '../i18n/lang.ts';

export const tracedMessages: Messages<
  | 'title'
  | 'code'
  | 'noSource'
  | 'noLines'
  | 'inside'
  | 'after'
  | 'here'
  | 'blocked'
  | 'nowInside'
  | 'nowAfter'
  | 'nowUnknown'
  | 'output'
  | 'noOutput'
  | 'running'
  | 'exitCode'
  | 'exitSignal'
  | 'restart'
  | 'dropped'
  | 'blind.calls'
  | 'blind.lines'
  | 'blind.queue'
  | 'truncated'
  | 'notHere'
  | 'noStep'
  | 'settingsByProgram'
> = {
  en: {
    title: 'Your program',
    code: 'Code of {file}',
    noSource: 'Echo Lab does not have this program’s source (it shows it for a Python script).',
    noLines: 'The line of each call is known for Python programs only.',
    inside: 'blocked here',
    after: 'last call',
    here: 'here',
    blocked: 'in {call}()',
    nowInside: 'Line {line}: the program is inside {call}() and has not returned.',
    nowAfter: 'Line {line}: {call}() returned; the program runs its own code.',
    nowUnknown: 'Inside {call}() (fd {fd}).',
    output: 'What it prints',
    noOutput: 'Nothing printed yet.',
    running: 'running · pid {pid}',
    exitCode: 'ended with exit code {code}',
    exitSignal: 'ended by signal {signal}',
    restart: 'Start again',
    dropped: '{n} bytes of output were not shown (too much, too fast).',
    'blind.calls': 'Calls not shown: {why}',
    'blind.lines': 'Lines not shown: {why}',
    'blind.queue': 'Queue not shown: {why}',
    truncated: 'Only the start of the file is shown.',
    notHere: 'In another file: {file}:{line}',
    noStep:
      'Step mode is not available: the program runs on its own, and Echo Lab only watches it.',
    settingsByProgram:
      'The program decides its own settings (listen(), recv() sizes, one client or many): Echo Lab shows them, it cannot change them. Disconnecting its clients is up to the program too.',
  },
  es: {
    title: 'Tu programa',
    code: 'Código de {file}',
    noSource: 'Echo Lab no tiene el código de este programa (lo muestra para un script de Python).',
    noLines: 'La línea de cada llamada se conoce solo para programas en Python.',
    inside: 'bloqueado aquí',
    after: 'última llamada',
    here: 'aquí',
    blocked: 'en {call}()',
    nowInside: 'Línea {line}: el programa está dentro de {call}() y aún no vuelve.',
    nowAfter: 'Línea {line}: {call}() volvió; el programa ejecuta su propio código.',
    nowUnknown: 'Dentro de {call}() (fd {fd}).',
    output: 'Lo que imprime',
    noOutput: 'Aún no imprime nada.',
    running: 'en ejecución · pid {pid}',
    exitCode: 'terminó con código de salida {code}',
    exitSignal: 'terminó por la señal {signal}',
    restart: 'Iniciar de nuevo',
    dropped: 'No se mostraron {n} bytes de salida (demasiado, demasiado rápido).',
    'blind.calls': 'Llamadas no visibles: {why}',
    'blind.lines': 'Líneas no visibles: {why}',
    'blind.queue': 'Cola no visible: {why}',
    truncated: 'Solo se muestra el comienzo del archivo.',
    notHere: 'En otro archivo: {file}:{line}',
    noStep: 'El paso a paso no está disponible: el programa corre solo y Echo Lab solo lo observa.',
    settingsByProgram:
      'El programa decide sus propios ajustes (listen(), el tamaño de recv(), uno o varios clientes): Echo Lab los muestra, no puede cambiarlos. Desconectar a sus clientes también depende del programa.',
  },
};
