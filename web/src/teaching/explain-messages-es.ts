// The log's words in Spanish; the keys are declared in explain-messages.ts.

import type { ExplainKey } from './explain-messages.ts';

export const explainSpanish: Record<ExplainKey, string> = {
  'w.started': 'socket() · bind() · listen({backlog}) en {address}',
  'w.stopped': 'servidor detenido',
  'w.config': 'ajustes: {changes}',
  'w.paused': 'paso a paso · siguiente: {call}',
  'w.pausedFor': 'paso a paso · siguiente: {call} · {client}',
  'w.stepResumed': 'siguiente paso: se ejecuta {call}',
  'w.cleared': 'diagrama limpiado',
  'w.named': '{client} es {program}',
  'w.chosen': '{client} ahora se llama {name}',
  'w.identified.web': '{client} es {label}: un formulario web',
  'w.identified.bot': '{client} es {label}: un bot',
  'w.connected': '{client}: connect() · en la cola de espera',
  'w.retrying': '{client}: SYN ignorado · reintenta',
  'w.queued': '{client}: SYN reintentado · entra en la cola',
  'w.accepted': 'accept() → {client}',
  'w.read': 'recv() → {bytes} de {client} · {preview}',
  'w.waiting': '{client} espera en la cola · {bytes} sin leer · {preview}',
  'w.held': '{client} está siendo atendido · {bytes} sin leer · {preview}',
  'w.word': 'recv() → {preview} de {client}',
  'w.echoed': 'sendall() → {bytes} a {client}',
  'w.burst': '{client}: {reads} · {echoes} · {bytes}',
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
  'c.delayOff': 'cámara lenta desactivada',
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
    'Ahora pueden esperar como mucho {n} sin aceptar. Las que sobran no se rechazan: su SYN se ignora y reintentan.',
  'y.recv':
    'Cada recv() devuelve ahora como mucho {n}, así que un mensaje más largo necesita varias lecturas.',
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
  'y.chosen':
    'Su dueño le puso nombre desde su página (una página en la misma dirección que el cliente).',
  'y.identified.web':
    'Esta conexión de la propia máquina es de Echo Lab: su puente la abrió para el formulario web de una página. El servidor deja entrar primero cada conexión y después sabe de quién es, así nunca espera al lado de la página.',
  'y.identified.bot':
    'Esta conexión de la propia máquina es de Echo Lab: un bot que lanzó. El servidor deja entrar primero cada conexión y después sabe de quién es, así nunca espera al lado de la página.',
  'y.connected':
    'El kernel completó el saludo de tres vías, así que connect() volvió, y puso a {client} en la cola. Hasta que el servidor llame a accept() y recv() para él, lo que envíe espera sin leer en el búfer del kernel: aún no hay eco.',
  'y.beyondBacklog':
    'listen({backlog}) no limita los clientes: solo acota la cola de conexiones aún no aceptadas. El atendido ya salió de esa cola, así que ahora hay {open}.',
  'y.connectedConcurrent':
    'El kernel completó el saludo; en modo concurrente el servidor lo acepta enseguida y le da su propio hilo.',
  'y.retrying':
    'La cola está llena (listen({backlog})): el kernel ignora este SYN. El TCP del cliente lo reenvía tras un tiempo, así que connect() solo tarda más; nadie es rechazado.',
  'y.queued':
    'Se liberó un puesto en la cola: el SYN reintentado completa el saludo y {client} entra en la cola, al final.',
  'y.accepted':
    'accept() sacó de la cola la conexión más antigua y devolvió un socket nuevo para {client}; el socket que escucha sigue escuchando.',
  'y.read':
    'recv({size}) devolvió lo que esperaba en el kernel: {bytes} (nunca más de {max}). Luego el servidor devuelve el eco.',
  'y.waiting':
    'Nadie llama a recv() para {client} todavía: primero accept() debe sacarlo de la cola. Sus bytes esperan sin leer y no hay eco.',
  'y.held':
    'El servidor está detenido antes de su próxima llamada (paso a paso o cámara lenta): lo que envía {client} espera sin leer en el kernel hasta que recv() lo tome.',
  'y.readFull':
    'recv({size}) devuelve como mucho {max}: el resto queda en el búfer del kernel para el próximo recv(). TCP es un flujo de bytes; no guarda límites de mensaje.',
  'y.readLast':
    'El último trozo: {reads} seguidas, {total} en total. Lo que el cliente envió de una vez llega en trozos de como mucho {max}: TCP lleva bytes, no mensajes.',
  'y.word':
    'Estos bytes son la palabra "{word}": sin eco. El servidor sale de su ciclo interno y cierra la conexión.',
  'y.echoed':
    'sendall() entregó {bytes} al kernel, todo lo leído (un send() simple podría enviar solo una parte); el cliente lo recibe al llamar a recv().',
  'y.burst':
    'Hay tanto tráfico que Echo Lab suma {reads} y {echoes} en una línea; los bytes son exactos.',
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
  'y.program':
    'El programa cerró a {client}: lo decidió su propio código, como el de la tarea tras la palabra de desconexión.',
  'y.limit': 'Un límite de seguridad de Echo Lab (como estar inactivo demasiado) cerró a {client}.',
  'y.limit.idle':
    'recv() esperó{for} sin datos de {client}: el servidor cerró la conexión (--idle-timeout).',
  'y.limit.idleSend':
    'Nada se movió{for}: sendall() estaba bloqueado, {client} no leía. El servidor cerró la conexión (--idle-timeout).',
  'y.limit.send':
    'sendall() estuvo bloqueado{for}: el servidor cerró la conexión (--send-timeout). {client} no leía su eco.',
  'y.refused':
    'Más de {limit} a la vez: Echo Lab se lo dice en una línea y cierra la conexión. Es un límite de Echo Lab, no de TCP ni de listen().',
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
  'n.bytes': '{n} byte|{n} bytes',
  'n.reads': '{n} lectura|{n} lecturas',
  'n.echoes': '{n} eco|{n} ecos',
  'n.connections': '{n} conexión|{n} conexiones',
  'n.clients': '{n} cliente|{n} clientes',
  'n.connected': '{n} conectado|{n} conectados',
  'c.change': '{from} → {to}',
  'c.delayChange': 'cámara lenta {from} → {to}',
  'c.off': 'desactivada',
  'c.ms': '{ms} ms',
  'w.configNow': 'ajustes ahora: {changes}',
  'y.configNow':
    'Los ajustes anteriores a este evento ya no están en el registro: se muestran todos los de ahora.',
  'w.delayed': 'cámara lenta · {call} en {ms} ms',
  'w.delayedFor': 'cámara lenta · {call} · {client} en {ms} ms',
  'y.delayed':
    'En cámara lenta el servidor espera {ms} ms antes de cada acción; la barra de paso a paso muestra la cuenta regresiva.',
};
