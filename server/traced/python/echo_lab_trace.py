"""Echo Lab's tracer for a student's Python server.

Loaded by the sitecustomize.py beside it when ECHO_LAB_TRACE names a channel (a FIFO on
POSIX, a named pipe on Windows, or a plain file). It wraps the methods of socket.socket and
writes one JSON line per reported call, with the file and line of the student's own code the
call came from. It must never change what the program does: every wrapped call returns or
raises exactly as before and every failure of the tracer itself is swallowed.
"""

import os
import select
import socket
import sys
import threading
import time
import weakref

from echo_lab_channel import channel, is_open, open_channel, send
from echo_lab_source import cwd, main_path, roots, where
from echo_lab_tracebacks import hide_frames_of

ENV = "ECHO_LAB_TRACE"
# The homework's loop spins on recv() == b'' and sendall(b'') ~100k times a second once its
# client leaves: a thread repeats the report of a (call, fd, line) only after this long, unless
# the call is about to wait; a call that took long is always reported.
REPEAT_AFTER = 0.1
KEYS_KEPT = 64
LONG_CALL = 0.02
MAX_TEXT = 300
WRAPPED = ("bind", "listen", "accept", "connect", "recv", "recv_into", "recvfrom",
           "send", "sendall", "sendto", "close", "shutdown")
# Each success of these is news (a connection, a close), never a spin: always reported.
ONE_OFF = ("accept", "bind", "listen", "connect", "close", "shutdown")
WAITS_FOR_INPUT = ("accept", "recv", "recv_into", "recvfrom")
BYTE_COUNTS = ("recv", "recv_into", "recvfrom", "send", "sendto", "sendall")

_local = threading.local()
# Stream sockets whose receive returned nothing (id -> weak reference): at their end for good.
_at_end = {}
_monotonic = time.monotonic
_getframe = sys._getframe
_poll = getattr(select, "poll", None)
_thread_id = getattr(threading, "get_native_id", threading.get_ident)


def _text(value):
    text = "%s: %s" % (type(value).__name__, value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "\u2026"


def _address(addr):
    if isinstance(addr, tuple) and len(addr) >= 2:
        host = addr[0]
        return [host if isinstance(host, str) else repr(host), addr[1]]
    if isinstance(addr, bytes):
        return addr.decode("utf-8", "backslashreplace")
    return addr if isinstance(addr, (str, int)) else repr(addr)


def _thread_state():
    state = getattr(_local, "s", None)
    if state is None:
        state = _local.s = {"sent": {}, "skipped": 0, "tid": _thread_id()}
    return state


def _fileno(sock):
    try:
        return sock.fileno()
    except Exception:
        return -1


def _enter(call, sock, args):
    """Reports the start of a call unless the rate limit holds it; returns what _leave needs.

    Kept lean: in a spinning loop this runs ~100k times a second and reports almost nothing.
    """
    now = _monotonic()
    state = _thread_state()
    path, line = where(_getframe(2))
    key = (call, _fileno(sock), path, line)
    last = state["sent"].get(key)
    sent = last is None or now - last >= REPEAT_AFTER or _will_wait(call, sock)
    if sent:
        _emit(state, _at(state, key, now, args))
        _remember(state, key, now)
    return state, key, now, sent


def _at(state, key, now, args):
    call, fd, path, line = key
    message = {"k": "at", "call": call, "fd": fd, "file": path, "line": line,
               "tid": state["tid"], "t": round(now, 6)}
    if call == "listen":
        message["backlog"] = args[0] if args else None
    elif call in ("bind", "connect") and args:
        message["addr"] = _address(args[0])
    return message


def _remember(state, key, now):
    sent = state["sent"]
    sent[key] = now
    if len(sent) > KEYS_KEPT:
        for old in [k for k, t in sent.items() if now - t >= REPEAT_AFTER]:
            del sent[old]
        if len(sent) > KEYS_KEPT:
            sent.clear()
            sent[key] = now


def _will_wait(call, sock):
    """True if a receive or accept would block now: the line it blocks on must show at once.

    A zero-timeout poll reads nothing and changes nothing; unknown means "report it". A
    stream that has reached its end never blocks again, and the homework spins on one.
    """
    if call not in WAITS_FOR_INPUT:
        return False
    ended = _at_end.get(id(sock))
    if ended is not None and ended() is sock:
        return False
    try:
        if sock.gettimeout() == 0.0:
            return False
        if _poll is not None:
            poller = _poll()
            poller.register(sock, select.POLLIN)
            return not poller.poll(0)
        return not select.select([sock], [], [], 0)[0]
    except Exception:
        return True


def _note_end(call, sock, args, got):
    """Remembers a stream socket whose receive returned nothing: it is at its end for good."""
    if got != 0:
        return
    ended = _at_end.get(id(sock))
    if (ended is not None and ended() is sock) or sock.type != socket.SOCK_STREAM:
        return
    if call == "recv_into":
        asked = args[1] if len(args) > 1 and args[1] else memoryview(args[0]).nbytes
    else:
        asked = args[0] if args else 0
    if asked > 0:
        if len(_at_end) >= 4096:
            _at_end.clear()  # bounded; forgetting only costs a zero-timeout poll
        _at_end[id(sock)] = weakref.ref(sock)


def _emit(state, message):
    if state["skipped"]:
        message["skipped"] = state["skipped"]
        state["skipped"] = 0
    send(message)


def _count(call, args, result):
    """Bytes moved, or for accept the new descriptor: the `n` of a `done`."""
    if call == "sendall":
        return memoryview(args[0]).nbytes
    if call == "recvfrom":
        return len(result[0])
    if call == "recv":
        return len(result)
    if call == "accept":
        return _fileno(result[0])
    return result if call in BYTE_COUNTS else None


def _leave(entered, sock, args, result, error):
    state, key, began, sent = entered
    call, fd = key[0], key[1]
    now = _monotonic()
    n = None if error is not None else _count(call, args, result)
    if n is not None and call in WAITS_FOR_INPUT and call != "accept":
        _note_end(call, sock, args, n)
    if not sent:
        news = error is None and call in ONE_OFF and fd >= 0
        if not news and now - began < LONG_CALL:
            state["skipped"] += 1
            return
        # Held back, but it blocked or did something new after all: its start comes first.
        at = _at(state, key, began, args)
        at["late"] = True
        _emit(state, at)
        _remember(state, key, now)
    message = {"k": "done", "call": call, "fd": fd, "tid": state["tid"], "t": round(now, 6)}
    if error is not None:
        message["error"] = _text(error)
    elif n is not None:
        message["n"] = n
        if call == "accept":
            message["peer"] = _address(result[1])
    _emit(state, message)


def _wrap(name, original):
    def traced(self, *args, **kwargs):
        if channel["fd"] is None:
            return original(self, *args, **kwargs)
        try:
            entered = _enter(name, self, args)
        except Exception:
            return original(self, *args, **kwargs)
        try:
            result = original(self, *args, **kwargs)
        except BaseException as error:
            try:
                _leave(entered, self, args, None, error)
            except Exception:
                pass
            raise
        try:
            _leave(entered, self, args, result, None)
        except Exception:
            pass
        return result

    traced.__name__ = getattr(original, "__name__", name)
    traced.__qualname__ = getattr(original, "__qualname__", name)
    traced.__doc__ = getattr(original, "__doc__", None)
    traced.__wrapped__ = original
    return traced


def _hello(**extra):
    message = {"k": "hello", "pid": os.getpid(), "python": sys.version.split()[0],
               "main": main_path(), "cwd": cwd(), "tid": _thread_id()}
    message.update(extra)
    send(message)


def _after_fork_in_child():
    # A forked server's children share our channel: say who they are, keep their own counts.
    try:
        _local.s = None
        _hello(ppid=os.getppid())
    except Exception:
        pass


def install():
    """Starts tracing if ECHO_LAB_TRACE is set and its channel opens; otherwise does nothing."""
    path = os.environ.get(ENV)
    if not path or is_open() or getattr(socket.socket, "_echo_lab_traced", False):
        return
    if not open_channel(path):
        return
    for name in WRAPPED:
        original = getattr(socket.socket, name, None)
        if original is not None:
            setattr(socket.socket, name, _wrap(name, original))
    socket.socket._echo_lab_traced = True
    hide_frames_of(socket.socket.recv.__code__)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
    roots()  # once now, not inside the student's first call
    _hello()
