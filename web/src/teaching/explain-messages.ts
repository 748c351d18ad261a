// What each event is (a few words) and why it happens (one line), in both languages.
// Socket calls and TCP flags stay as the code spells them: accept(), recv(), SYN, FIN, RST.

import type { Messages } from '../i18n/lang.ts';

type Key =
  | 'w.started'
  | 'w.stopped'
  | 'w.config'
  | 'w.paused'
  | 'w.pausedFor'
  | 'w.stepResumed'
  | 'w.cleared'
  | 'w.named'
  | 'w.connected'
  | 'w.retrying'
  | 'w.queued'
  | 'w.accepted'
  | 'w.read'
  | 'w.word'
  | 'w.echoed'
  | 'w.burst'
  | 'w.blocked'
  | 'w.unsent'
  | 'w.resumed'
  | 'w.fin'
  | 'w.reset'
  | 'w.close'
  | 'w.refused'
  | 'c.stepOn'
  | 'c.stepOff'
  | 'c.delay'
  | 'c.delayOff'
  | 'c.iterative'
  | 'c.concurrent'
  | 'c.backlog'
  | 'c.recv'
  | 'y.started'
  | 'y.stopped'
  | 'y.stepOn'
  | 'y.stepOff'
  | 'y.delay'
  | 'y.delayOff'
  | 'y.iterative'
  | 'y.concurrent'
  | 'y.backlog'
  | 'y.recv'
  | 'y.paused.accept'
  | 'y.paused.recv'
  | 'y.paused.send'
  | 'y.paused.close'
  | 'y.stepResumed'
  | 'y.cleared'
  | 'y.named'
  | 'y.connected'
  | 'y.beyondBacklog'
  | 'y.connectedConcurrent'
  | 'y.retrying'
  | 'y.queued'
  | 'y.accepted'
  | 'y.read'
  | 'y.readFull'
  | 'y.readLast'
  | 'y.word'
  | 'y.echoed'
  | 'y.burst'
  | 'y.blocked'
  | 'y.blockedNoKernel'
  | 'y.unsent'
  | 'y.resumed'
  | 'y.fin'
  | 'y.reset'
  | 'y.word.close'
  | 'y.kicked'
  | 'y.shutdown'
  | 'y.limit'
  | 'y.limit.idle'
  | 'y.limit.idleSend'
  | 'y.limit.send'
  | 'y.refused'
  | 'w.refusedBlocked'
  | 'y.refusedBlocked'
  | 'w.hidden'
  | 'w.shown'
  | 'y.hidden'
  | 'y.shown'
  | 'w.nameHidden'
  | 'w.nameShown'
  | 'y.nameHidden'
  | 'w.addressBlocked'
  | 'w.addressUnblocked'
  | 'y.addressBlocked'
  | 'y.addressUnblocked'
  | 'hiddenMessage';

export const explainMessages: Messages<Key> = {
  en: {
    'w.started': 'socket() · bind() · listen({backlog}) on {address}',
    'w.stopped': 'server stopped',
    'w.config': 'settings: {changes}',
    'w.paused': 'step mode · next: {call}',
    'w.pausedFor': 'step mode · next: {call} · {client}',
    'w.stepResumed': 'next step: {call} runs',
    'w.cleared': 'diagram cleared',
    'w.named': '{client} is {program}',
    'w.connected': '{client}: connect() · in the accept queue',
    'w.retrying': '{client}: SYN ignored · retrying',
    'w.queued': '{client}: SYN retried · joins the queue',
    'w.accepted': 'accept() → {client}',
    'w.read': 'recv() → {bytes} B from {client} · {preview}',
    'w.word': 'recv() → {preview} from {client}',
    'w.echoed': 'sendall() → {bytes} B to {client}',
    'w.burst': '{client}: ×{reads} reads · ×{echoes} echoes · {bytes} B',
    'w.blocked': 'sendall() blocked · {client} is not reading · {bytes} unsent',
    'w.unsent': 'sendall() still blocked · {bytes} unsent to {client}',
    'w.resumed': 'sendall() goes on · {client} reads again',
    'w.fin': '{client}: FIN',
    'w.reset': '{client}: RST',
    'w.close': 'close() · {client}',
    'w.refused': '{address} refused',
    'c.stepOn': 'step mode on',
    'c.stepOff': 'step mode off',
    'c.delay': 'slow motion {ms} ms',
    'c.delayOff': 'slow motion off',
    'c.iterative': 'iterative',
    'c.concurrent': 'concurrent',
    'c.backlog': 'listen({n})',
    'c.recv': 'recv({n})',
    'y.started':
      'The server made a TCP socket, bound it to {address} and called listen({backlog}): it now blocks in accept() until a client connects.',
    'y.stopped': 'The listening socket is closed: new connections are refused.',
    'y.stepOn':
      'Before each accept(), recv(), sendall() and close() the real server now waits for "Next step"; its clients really wait too.',
    'y.stepOff': 'The server runs freely again and takes any action it was holding.',
    'y.delay': 'The server sleeps {ms} ms before each action, so every arrow can be followed.',
    'y.delayOff': 'The server acts at full speed again.',
    'y.iterative':
      'One client at a time, as in the homework: the others wait in the accept queue until it leaves.',
    'y.concurrent':
      'From its next accept() on, the server gives each client its own thread, like a threaded server: nobody waits for anybody.',
    'y.backlog':
      'At most {n} connections may now wait to be accepted. Clients beyond that are not refused: their SYN is ignored and they retry.',
    'y.recv': 'Each recv() now returns at most {n} bytes, so a longer message takes several reads.',
    'y.paused.accept':
      'The server is about to call accept(): it will take the oldest connection out of the queue. It waits for "Next step".',
    'y.paused.recv':
      'The server is about to call recv({size}): bytes from {client} wait in the kernel\'s buffer. It waits for "Next step".',
    'y.paused.send':
      'The server is about to call sendall(): the bytes it just read go back to {client}. It waits for "Next step".',
    'y.paused.close':
      'The server is about to call close() for {client}, then go back to accept(). It waits for "Next step".',
    'y.stepResumed':
      'The server held this call until the teacher let it go (Next step, or step mode off); it makes it now.',
    'y.cleared': 'The teacher cleared the diagram; the server and its clients carry on.',
    'y.named': "Echo Lab looked in /proc for the program that owns this connection's port.",
    'y.connected':
      "The kernel finished the handshake, so connect() returned, and put {client} in the accept queue. Until the server calls accept() and recv() for it, what it sends waits unread in the kernel's buffer: no echo yet.",
    'y.beyondBacklog':
      'listen({backlog}) does not cap the clients: it bounds only the queue of connections not yet accepted. The one being served has left that queue, so {open} are connected now.',
    'y.connectedConcurrent':
      'The kernel finished the handshake; in concurrent mode the server accepts at once and gives the client its own thread.',
    'y.retrying':
      "The accept queue is full (listen({backlog})): the kernel ignores this SYN. The client's TCP sends it again after a timeout, so connect() just takes longer; nothing is refused.",
    'y.queued':
      'A place in the queue freed up: the retried SYN completes the handshake and {client} joins the queue, last in line.',
    'y.accepted':
      'accept() took the oldest connection out of the queue and returned a new socket for {client}; the listening socket keeps listening.',
    'y.read':
      'recv({size}) returned what was waiting in the kernel, {bytes} bytes (never more than {size}). The server echoes them next.',
    'y.readFull':
      "recv({size}) returns at most {size} bytes: the rest stays in the kernel's buffer for the next recv(). TCP is a byte stream; it keeps no message boundaries.",
    'y.readLast':
      'The last piece: {reads} reads in a row, {total} bytes in all. What the client sent at once arrives in pieces of at most {size} bytes: TCP carries bytes, not messages.',
    'y.word':
      'These bytes are the word "{word}": no echo. The server leaves its inner loop and closes the connection.',
    'y.echoed':
      'sendall() handed all {bytes} bytes to the kernel (a plain send() may take only part); the client gets them when it calls recv().',
    'y.burst':
      'So much traffic that Echo Lab sums {reads} reads and {echoes} echoes into one line; the byte counts are exact.',
    'y.blocked':
      "{client} does not call recv(), so its receive buffer and the server's send buffer are full: sendall() waits for room, {bytes} still unsent. An iterative server serves nobody else meanwhile, as the homework's would.",
    'y.blockedNoKernel':
      "{client} does not call recv(), so the buffers between them are full: sendall() waits for room, {bytes} unsent in Echo Lab's write queue (the kernel's own buffer, not visible here, holds more). An iterative server serves nobody else meanwhile.",
    'y.unsent': '{client} still reads nothing: sendall() is still waiting, {bytes} unsent.',
    'y.resumed':
      "{client} read some of its echo, so the kernel's buffer has room again: sendall() hands over the rest and the loop goes on.",
    'y.fin':
      "The client closed its side (FIN): recv() returned b'', zero bytes. The server closes too and calls accept() again; a loop that ignored b'' would spin here forever.",
    'y.reset':
      "The connection was reset (RST): the client's program ended abruptly or closed with data unread. recv() fails with ConnectionResetError; the server closes and moves on.",
    'y.word.close':
      'close() sends a FIN to {client}. The session is over and the server calls accept() for the next client in the queue.',
    'y.kicked':
      'The teacher disconnected {client} from the page; the server calls accept() for the next one.',
    'y.shutdown': 'Echo Lab is shutting down and closes every connection.',
    'y.limit': 'An Echo Lab safety limit (such as idling too long) closed {client}.',
    'y.limit.idle':
      'recv() waited{for} with nothing from {client}: the server closed the connection (--idle-timeout).',
    'y.limit.idleSend':
      'Nothing moved{for}: sendall() was blocked, {client} not reading. The server closed the connection (--idle-timeout).',
    'y.limit.send':
      'sendall() was blocked{for}: the server closed the connection (--send-timeout). {client} was not reading its echo.',
    'y.refused':
      'More than {limit} clients at once: Echo Lab says so in one line and closes the connection. This limit is Echo Lab’s, not TCP’s nor listen()’s.',
    'w.refusedBlocked': '{address} refused{times}: blocked',
    'y.refusedBlocked':
      'The teacher blocked this address for the session: Echo Lab says so in one line and closes the connection. A client retrying in a loop is summed up once a second.',
    'w.hidden': 'the teacher hid a message from {client}',
    'w.shown': 'the teacher showed a message from {client} again',
    'y.hidden': 'Its bytes still count; only the words are off the projection.',
    'y.shown': 'The message is on the projection again.',
    'w.nameHidden': 'the teacher hid the name of {client}',
    'w.nameShown': 'the teacher showed the name of {client} again',
    'y.nameHidden': 'The page calls the client by its number instead.',
    'w.addressBlocked': 'the teacher blocked {address}',
    'w.addressUnblocked': 'the teacher unblocked {address}',
    'y.addressBlocked':
      'Its open clients are disconnected and new connections from it are refused for the rest of the session.',
    'y.addressUnblocked': 'Clients from this address may connect again.',
    hiddenMessage: '(message hidden by the teacher)',
  },
  es: {
    'w.started': 'socket() · bind() · listen({backlog}) en {address}',
    'w.stopped': 'servidor detenido',
    'w.config': 'ajustes: {changes}',
    'w.paused': 'paso a paso · siguiente: {call}',
    'w.pausedFor': 'paso a paso · siguiente: {call} · {client}',
    'w.stepResumed': 'siguiente paso: se ejecuta {call}',
    'w.cleared': 'diagrama limpiado',
    'w.named': '{client} es {program}',
    'w.connected': '{client}: connect() · en la cola de espera',
    'w.retrying': '{client}: SYN ignorado · reintenta',
    'w.queued': '{client}: SYN reintentado · entra en la cola',
    'w.accepted': 'accept() → {client}',
    'w.read': 'recv() → {bytes} B de {client} · {preview}',
    'w.word': 'recv() → {preview} de {client}',
    'w.echoed': 'sendall() → {bytes} B a {client}',
    'w.burst': '{client}: ×{reads} lecturas · ×{echoes} ecos · {bytes} B',
    'w.blocked': 'sendall() bloqueado · {client} no lee · {bytes} sin enviar',
    'w.unsent': 'sendall() sigue bloqueado · {bytes} sin enviar a {client}',
    'w.resumed': 'sendall() sigue · {client} vuelve a leer',
    'w.fin': '{client}: FIN',
    'w.reset': '{client}: RST',
    'w.close': 'close() · {client}',
    'w.refused': '{address} rechazado',
    'c.stepOn': 'paso a paso activado',
    'c.stepOff': 'paso a paso desactivado',
    'c.delay': 'cámara lenta {ms} ms',
    'c.delayOff': 'sin cámara lenta',
    'c.iterative': 'iterativo',
    'c.concurrent': 'concurrente',
    'c.backlog': 'listen({n})',
    'c.recv': 'recv({n})',
    'y.started':
      'El servidor creó un socket TCP, lo asoció a {address} y llamó a listen({backlog}): ahora se bloquea en accept() hasta que llegue un cliente.',
    'y.stopped': 'El socket que escucha está cerrado: se rechazan las conexiones nuevas.',
    'y.stepOn':
      'Antes de cada accept(), recv(), sendall() y close() el servidor real espera a "Siguiente paso"; sus clientes también esperan de verdad.',
    'y.stepOff': 'El servidor vuelve a correr libre y hace lo que tenía retenido.',
    'y.delay': 'El servidor espera {ms} ms antes de cada acción, para poder seguir cada flecha.',
    'y.delayOff': 'El servidor vuelve a actuar a toda velocidad.',
    'y.iterative':
      'Un cliente a la vez, como en la tarea: los demás esperan en la cola hasta que el atendido se va.',
    'y.concurrent':
      'Desde su próximo accept(), el servidor da a cada cliente su propio hilo, como un servidor con hilos: nadie espera a nadie.',
    'y.backlog':
      'Ahora pueden esperar como mucho {n} conexiones sin aceptar. Las que sobran no se rechazan: su SYN se ignora y reintentan.',
    'y.recv':
      'Cada recv() devuelve ahora como mucho {n} bytes, así que un mensaje más largo necesita varias lecturas.',
    'y.paused.accept':
      'El servidor va a llamar a accept(): sacará de la cola la conexión más antigua. Espera a "Siguiente paso".',
    'y.paused.recv':
      'El servidor va a llamar a recv({size}): los bytes de {client} esperan en el búfer del kernel. Espera a "Siguiente paso".',
    'y.paused.send':
      'El servidor va a llamar a sendall(): los bytes que acaba de leer vuelven a {client}. Espera a "Siguiente paso".',
    'y.paused.close':
      'El servidor va a llamar a close() para {client} y luego volverá a accept(). Espera a "Siguiente paso".',
    'y.stepResumed':
      'El servidor retuvo esta llamada hasta que el docente la dejó seguir (Siguiente paso, o paso a paso desactivado); ahora la hace.',
    'y.cleared': 'El docente limpió el diagrama; el servidor y sus clientes siguen igual.',
    'y.named': 'Echo Lab buscó en /proc el programa dueño del puerto de esta conexión.',
    'y.connected':
      'El kernel completó el saludo de tres vías, así que connect() volvió, y puso a {client} en la cola. Hasta que el servidor llame a accept() y recv() para él, lo que envíe espera sin leer en el búfer del kernel: aún no hay eco.',
    'y.beyondBacklog':
      'listen({backlog}) no limita los clientes: solo acota la cola de conexiones aún no aceptadas. El atendido ya salió de esa cola, así que ahora hay {open} conectados.',
    'y.connectedConcurrent':
      'El kernel completó el saludo; en modo concurrente el servidor lo acepta enseguida y le da su propio hilo.',
    'y.retrying':
      'La cola está llena (listen({backlog})): el kernel ignora este SYN. El TCP del cliente lo reenvía tras un tiempo, así que connect() solo tarda más; nadie es rechazado.',
    'y.queued':
      'Se liberó un puesto en la cola: el SYN reintentado completa el saludo y {client} entra en la cola, al final.',
    'y.accepted':
      'accept() sacó de la cola la conexión más antigua y devolvió un socket nuevo para {client}; el socket que escucha sigue escuchando.',
    'y.read':
      'recv({size}) devolvió lo que esperaba en el kernel, {bytes} bytes (nunca más de {size}). Luego el servidor devuelve el eco.',
    'y.readFull':
      'recv({size}) devuelve como mucho {size} bytes: el resto queda en el búfer del kernel para el próximo recv(). TCP es un flujo de bytes; no guarda límites de mensaje.',
    'y.readLast':
      'El último trozo: {reads} lecturas seguidas, {total} bytes en total. Lo que el cliente envió de una vez llega en trozos de como mucho {size} bytes: TCP lleva bytes, no mensajes.',
    'y.word':
      'Estos bytes son la palabra "{word}": sin eco. El servidor sale de su ciclo interno y cierra la conexión.',
    'y.echoed':
      'sendall() entregó los {bytes} bytes al kernel (un send() simple podría enviar solo una parte); el cliente los recibe al llamar a recv().',
    'y.burst':
      'Hay tanto tráfico que Echo Lab suma {reads} lecturas y {echoes} ecos en una línea; los bytes son exactos.',
    'y.blocked':
      '{client} no llama a recv(), así que su búfer de recepción y el de envío del servidor están llenos: sendall() espera a que haya sitio, con {bytes} sin enviar. Un servidor iterativo no atiende a nadie más mientras tanto, como el de la tarea.',
    'y.blockedNoKernel':
      '{client} no llama a recv(), así que los búferes entre ambos están llenos: sendall() espera a que haya sitio, con {bytes} sin enviar en la cola de escritura de Echo Lab (el búfer del propio kernel, que aquí no se ve, guarda más). Un servidor iterativo no atiende a nadie más mientras tanto.',
    'y.unsent': '{client} sigue sin leer nada: sendall() sigue esperando, con {bytes} sin enviar.',
    'y.resumed':
      '{client} leyó parte de su eco, así que el búfer del kernel vuelve a tener sitio: sendall() entrega el resto y el ciclo sigue.',
    'y.fin':
      "El cliente cerró su lado (FIN): recv() devolvió b'', cero bytes. El servidor cierra también y vuelve a accept(); un ciclo que ignorara b'' giraría aquí para siempre.",
    'y.reset':
      'La conexión se reinició (RST): el programa del cliente terminó de golpe o cerró con datos sin leer. recv() falla con ConnectionResetError; el servidor cierra y sigue.',
    'y.word.close':
      'close() envía un FIN a {client}. La sesión terminó y el servidor llama a accept() para el siguiente de la cola.',
    'y.kicked':
      'El docente desconectó a {client} desde la página; el servidor llama a accept() para el siguiente.',
    'y.shutdown': 'Echo Lab se está apagando y cierra todas las conexiones.',
    'y.limit':
      'Un límite de seguridad de Echo Lab (como estar inactivo demasiado) cerró a {client}.',
    'y.limit.idle':
      'recv() esperó{for} sin datos de {client}: el servidor cerró la conexión (--idle-timeout).',
    'y.limit.idleSend':
      'Nada se movió{for}: sendall() estaba bloqueado, {client} no leía. El servidor cerró la conexión (--idle-timeout).',
    'y.limit.send':
      'sendall() estuvo bloqueado{for}: el servidor cerró la conexión (--send-timeout). {client} no leía su eco.',
    'y.refused':
      'Más de {limit} clientes a la vez: Echo Lab se lo dice en una línea y cierra la conexión. Es un límite de Echo Lab, no de TCP ni de listen().',
    'w.refusedBlocked': '{address} rechazado{times}: bloqueado',
    'y.refusedBlocked':
      'El docente bloqueó esta dirección durante la sesión: Echo Lab se lo dice en una línea y cierra la conexión. Un cliente que reintenta en bucle se resume una vez por segundo.',
    'w.hidden': 'el docente ocultó un mensaje de {client}',
    'w.shown': 'el docente volvió a mostrar un mensaje de {client}',
    'y.hidden': 'Sus bytes siguen contando; solo las palabras salen de la proyección.',
    'y.shown': 'El mensaje vuelve a verse en la proyección.',
    'w.nameHidden': 'el docente ocultó el nombre de {client}',
    'w.nameShown': 'el docente volvió a mostrar el nombre de {client}',
    'y.nameHidden': 'La página llama al cliente por su número.',
    'w.addressBlocked': 'el docente bloqueó {address}',
    'w.addressUnblocked': 'el docente desbloqueó {address}',
    'y.addressBlocked':
      'Sus clientes abiertos se desconectan y las conexiones nuevas desde ella se rechazan durante el resto de la sesión.',
    'y.addressUnblocked': 'Los clientes de esta dirección pueden volver a conectarse.',
    hiddenMessage: '(mensaje oculto por el docente)',
  },
};

export type ExplainMessages = (typeof explainMessages)['en'];
