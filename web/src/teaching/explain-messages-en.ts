// The log's words in English; the keys are declared in explain-messages.ts.

import type { ExplainKey } from './explain-messages.ts';

export const explainEnglish: Record<ExplainKey, string> = {
  'w.started': 'socket() · bind() · listen({backlog}) on {address}',
  'w.stopped': 'server stopped',
  'w.config': 'settings: {changes}',
  'w.paused': 'step mode · next: {call}',
  'w.pausedFor': 'step mode · next: {call} · {client}',
  'w.stepResumed': 'next step: {call} runs',
  'w.cleared': 'diagram cleared',
  'w.named': '{client} is {program}',
  'w.chosen': '{client} is now called {name}',
  'w.identified.web': '{client} is {label}: a web form',
  'w.identified.bot': '{client} is {label}: a bot',
  'w.connected': '{client}: connect() · in the accept queue',
  'w.retrying': '{client}: SYN ignored · retrying',
  'w.queued': '{client}: SYN retried · joins the queue',
  'w.accepted': 'accept() → {client}',
  'w.read': 'recv() → {bytes} from {client} · {preview}',
  'w.waiting': '{client} waits in the queue · {bytes} unread · {preview}',
  'w.held': '{client} is served · {bytes} unread · {preview}',
  'w.word': 'recv() → {preview} from {client}',
  'w.echoed': 'sendall() → {bytes} to {client}',
  'w.burst': '{client}: {reads} · {echoes} · {bytes}',
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
    'At most {n} may now wait to be accepted. Clients beyond that are not refused: their SYN is ignored and they retry.',
  'y.recv': 'Each recv() now returns at most {n}, so a longer message takes several reads.',
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
  'y.chosen': 'Its owner named it from their page (a page at the same address as the client).',
  'y.identified.web':
    "This machine's connection is Echo Lab's own: its bridge opened it for a page's web form. The server lets every connection in first and learns whose it is after, so it never waits for the page's side.",
  'y.identified.bot':
    "This machine's connection is Echo Lab's own: a bot it started. The server lets every connection in first and learns whose it is after, so it never waits for the page's side.",
  'y.connected':
    "The kernel finished the handshake, so connect() returned, and put {client} in the accept queue. Until the server calls accept() and recv() for it, what it sends waits unread in the kernel's buffer: no echo yet.",
  'y.beyondBacklog':
    'listen({backlog}) does not cap the clients: it bounds only the queue of connections not yet accepted. The one being served has left that queue, so {open} now.',
  'y.connectedConcurrent':
    'The kernel finished the handshake; in concurrent mode the server accepts at once and gives the client its own thread.',
  'y.retrying':
    "The accept queue is full (listen({backlog})): the kernel ignores this SYN. The client's TCP sends it again after a timeout, so connect() just takes longer; nothing is refused.",
  'y.queued':
    'A place in the queue freed up: the retried SYN completes the handshake and {client} joins the queue, last in line.',
  'y.accepted':
    'accept() took the oldest connection out of the queue and returned a new socket for {client}; the listening socket keeps listening.',
  'y.read':
    'recv({size}) returned what was waiting in the kernel: {bytes} (never more than {max}). The server echoes them next.',
  'y.waiting':
    'Nobody calls recv() for {client} yet: accept() must take it from the queue first. Its bytes wait unread and get no echo.',
  'y.held':
    'The server is held before its next call (step mode or slow motion): what {client} sends waits unread in the kernel until recv() takes it.',
  'y.readFull':
    "recv({size}) returns at most {max}: the rest stays in the kernel's buffer for the next recv(). TCP is a byte stream; it keeps no message boundaries.",
  'y.readLast':
    'The last piece: {reads} in a row, {total} in all. What the client sent at once arrives in pieces of at most {max}: TCP carries bytes, not messages.',
  'y.word':
    'These bytes are the word "{word}": no echo. The server leaves its inner loop and closes the connection.',
  'y.echoed':
    'sendall() handed {bytes} to the kernel, all that was read (a plain send() may take only part); the client gets it when it calls recv().',
  'y.burst':
    'So much traffic that Echo Lab sums {reads} and {echoes} into one line; the byte counts are exact.',
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
  'y.program':
    "The program closed {client}: its own code decided, as the homework's does after the disconnect word.",
  'y.limit': 'An Echo Lab safety limit (such as idling too long) closed {client}.',
  'y.limit.idle':
    'recv() waited{for} with nothing from {client}: the server closed the connection (--idle-timeout).',
  'y.limit.idleSend':
    'Nothing moved{for}: sendall() was blocked, {client} not reading. The server closed the connection (--idle-timeout).',
  'y.limit.send':
    'sendall() was blocked{for}: the server closed the connection (--send-timeout). {client} was not reading its echo.',
  'y.refused':
    'More than {limit} at once: Echo Lab says so in one line and closes the connection. This limit is Echo Lab’s, not TCP’s nor listen()’s.',
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
  'n.bytes': '{n} byte|{n} bytes',
  'n.reads': '{n} read|{n} reads',
  'n.echoes': '{n} echo|{n} echoes',
  'n.connections': '{n} connection|{n} connections',
  'n.clients': '{n} client|{n} clients',
  'n.connected': '{n} is connected|{n} are connected',
  'c.change': '{from} → {to}',
  'c.delayChange': 'slow motion {from} → {to}',
  'c.off': 'off',
  'c.ms': '{ms} ms',
  'w.configNow': 'settings now: {changes}',
  'y.configNow':
    'The settings before this event are no longer in the log: all of the current ones are shown.',
  'w.delayed': 'slow motion · {call} in {ms} ms',
  'w.delayedFor': 'slow motion · {call} · {client} in {ms} ms',
  'y.delayed':
    'In slow motion the server waits {ms} ms before each action; the step bar counts down.',
};
