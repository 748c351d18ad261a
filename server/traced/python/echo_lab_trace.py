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

from echo_lab_channel import is_open, open_channel, send
from echo_lab_source import cwd, main_path, roots, where

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
    """Reports the start of a call if the rate limit lets it; returns what _leave needs."""
    now = _monotonic()
    state = _thread_state()
    fd = _fileno(sock)
    path, line = where(_getframe(2))
    message = {"k": "at", "call": call, "fd": fd, "file": path, "line": line,
               "tid": state["tid"], "t": round(now, 6)}
    if call == "listen":
        message["backlog"] = args[0] if args else None
    elif call in ("bind", "connect") and args:
        message["addr"] = _address(args[0])
    key = (call, fd, path, line)
    last = state["sent"].get(key)
    if last is None or now - last >= REPEAT_AFTER or _will_wait(call, sock):
        _emit(state, message)
        _remember(state, key, now)
        return state, message, True
    return state, message, False


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

    A zero-timeout poll reads nothing and changes nothing; unknown means "report it".
    """
    if call not in WAITS_FOR_INPUT:
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


def _emit(state, message):
    if state["skipped"]:
        message["skipped"] = state["skipped"]
        state["skipped"] = 0
    send(message)


def _leave(entered, args, result, error):
    state, at, sent = entered
    now = _monotonic()
    if not sent:
        news = error is None and at["call"] in ONE_OFF and at["fd"] >= 0
        if not news and now - at["t"] < LONG_CALL:
            state["skipped"] += 1
            return
        # A call we stayed quiet about blocked or succeeded at something new: report it after all.
        at["late"] = True
        _emit(state, at)
        _remember(state, (at["call"], at["fd"], at["file"], at["line"]), now)
    call = at["call"]
    message = {"k": "done", "call": call, "fd": at["fd"], "tid": state["tid"], "t": round(now, 6)}
    if error is not None:
        message["error"] = _text(error)
    elif call in BYTE_COUNTS:
        if call == "sendall":
            message["n"] = memoryview(args[0]).nbytes
        elif call == "recvfrom":
            message["n"] = len(result[0])
        else:
            message["n"] = len(result) if call == "recv" else result
    elif call == "accept":
        message["n"] = _fileno(result[0])
        message["peer"] = _address(result[1])
    _emit(state, message)


def _wrap(name, original):
    def traced(self, *args, **kwargs):
        if not is_open():
            return original(self, *args, **kwargs)
        try:
            entered = _enter(name, self, args)
        except Exception:
            return original(self, *args, **kwargs)
        try:
            result = original(self, *args, **kwargs)
        except BaseException as error:
            try:
                _leave(entered, args, None, error)
            except Exception:
                pass
            raise
        try:
            _leave(entered, args, result, None)
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
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
    roots()  # once now, not inside the student's first call
    _hello()
