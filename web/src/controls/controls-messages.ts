import type { Messages } from '../i18n/lang.ts';

export const controlsMessages: Messages<
  | 'bar'
  | 'stepMode'
  | 'next'
  | 'slow'
  | 'slowOff'
  | 'ms'
  | 'viewer'
  | 'refused'
  | 'language'
  | 'title'
  | 'server'
  | 'mode'
  | 'iterative'
  | 'concurrent'
  | 'modeHint'
  | 'backlog'
  | 'recvSize'
  | 'diagram'
  | 'clear'
  | 'clearHint'
  | 'bots'
  | 'botCount'
  | 'botMessages'
  | 'botPace'
  | 'addBots'
  | 'stopBots'
  | 'botsRunning'
  | 'botsHint'
  | 'clients'
  | 'noClients'
  | 'disconnect'
  | 'more'
  | 'phase.served'
  | 'phase.waiting'
  | 'phase.retrying'
> = {
  en: {
    bar: 'Step through the server',
    stepMode: 'Step mode',
    next: 'Next step',
    slow: 'Slow motion',
    slowOff: 'off',
    ms: '{ms} ms',
    viewer: 'The teacher controls the server from their page.',
    refused: 'The server refused: {error}',
    language: 'Language',
    title: 'Teacher controls',
    server: 'Server',
    mode: 'Mode',
    iterative: 'Iterative',
    concurrent: 'Concurrent',
    modeHint: 'A new mode applies from the next accept().',
    backlog: 'Backlog, listen(n)',
    recvSize: 'recv() size',
    diagram: 'Diagram',
    clear: 'Clear diagram',
    clearHint: 'Every page starts a fresh drawing; clients stay connected.',
    bots: 'Bot clients',
    botCount: 'Clients',
    botMessages: 'Messages each',
    botPace: 'Pace (ms between messages)',
    addBots: 'Add clients',
    stopBots: 'Stop bots',
    botsRunning: '{n:bot connected|bots connected}',
    botsHint: 'Real TCP clients inside Echo Lab: each sends its messages, then the word.',
    clients: 'Connected clients',
    noClients: 'No client is connected.',
    disconnect: 'Disconnect {label}',
    more: '+ {n} more',
    'phase.served': 'served',
    'phase.waiting': 'waiting',
    'phase.retrying': 'retrying',
  },
  es: {
    bar: 'Paso a paso por el servidor',
    stepMode: 'Paso a paso',
    next: 'Siguiente paso',
    slow: 'Cámara lenta',
    slowOff: 'desactivada',
    ms: '{ms} ms',
    viewer: 'El docente controla el servidor desde su página.',
    refused: 'El servidor lo rechazó: {error}',
    language: 'Idioma',
    title: 'Controles del docente',
    server: 'Servidor',
    mode: 'Modo',
    iterative: 'Iterativo',
    concurrent: 'Concurrente',
    modeHint: 'El modo nuevo rige desde el próximo accept().',
    backlog: 'Backlog, listen(n)',
    recvSize: 'Tamaño de recv()',
    diagram: 'Diagrama',
    clear: 'Limpiar diagrama',
    clearHint: 'Cada página empieza un dibujo nuevo; los clientes siguen conectados.',
    bots: 'Clientes bot',
    botCount: 'Clientes',
    botMessages: 'Mensajes por cliente',
    botPace: 'Ritmo (ms entre mensajes)',
    addBots: 'Agregar clientes',
    stopBots: 'Detener bots',
    botsRunning: '{n:bot conectado|bots conectados}',
    botsHint:
      'Clientes TCP reales dentro de Echo Lab: cada uno envía sus mensajes y luego la palabra.',
    clients: 'Clientes conectados',
    noClients: 'No hay clientes conectados.',
    disconnect: 'Desconectar {label}',
    more: '+ {n} más',
    'phase.served': 'atendido',
    'phase.waiting': 'en espera',
    'phase.retrying': 'reintentando',
  },
};
