"""The channel Echo Lab reads the tracer's messages from: open, keep out of the way, write.

Separate from the tracer so each file says one thing; nothing here knows about sockets.
"""

import errno
import json
import os
import time

OPEN_WAIT = 3.0
HIGH_FD = 900
# How often a write first checks that our descriptor is still ours: each check is a system
# call, and under strace every system call of the program costs two stops.
CHECK_EVERY = 1.0
FINAL_OPEN_ERRORS = (errno.ENOENT, errno.EACCES, errno.EISDIR, errno.ENOTDIR, errno.EROFS)

# Public so the wrappers can test "fd is None" without a call on every socket call.
channel = {"fd": None, "ident": None, "checked": 0.0}


def is_open():
    return channel["fd"] is not None


def open_channel(path):
    """Opens the channel for writing; False, and the tracer stays off, if it cannot."""
    fd = _open(path)
    if fd is None:
        return False
    try:
        st = os.fstat(fd)
        channel["ident"] = (st.st_dev, st.st_ino) if st.st_ino else None
    except OSError:
        channel["ident"] = None
    channel["fd"] = fd
    return True


def _open(path):
    """Opens the channel without ever blocking the program for long; None if it cannot."""
    flags = os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    if os.name == "posix":
        # Several processes (a forking server) may share a plain file; Windows' C runtime
        # would seek before every write to a named pipe instead.
        flags |= os.O_APPEND
    nonblock = getattr(os, "O_NONBLOCK", 0)
    deadline = time.monotonic() + OPEN_WAIT
    while True:
        try:
            # O_NONBLOCK: a FIFO with no reader yet fails (ENXIO) instead of hanging here.
            fd = os.open(path, flags | nonblock)
            break
        except OSError as error:
            # No such path is final; a FIFO not yet read or a busy pipe may open soon.
            if error.errno in FINAL_OPEN_ERRORS or time.monotonic() >= deadline:
                return None
            time.sleep(0.01)
    try:
        if nonblock:
            # Messages must not be lost when the reader is slow: writes block like print().
            os.set_blocking(fd, True)
        return _move_high(fd)
    except Exception:
        os.close(fd)
        return None


def _move_high(fd):
    """The student's first socket must still get fd 3, as it would without us."""
    try:
        import fcntl
    except ImportError:
        return fd  # Windows: descriptors are not numbered like this, nothing to protect.
    floor = HIGH_FD
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if 0 < soft <= HIGH_FD:
            floor = max(10, soft - 16)
    except Exception:
        pass
    high = fcntl.fcntl(fd, getattr(fcntl, "F_DUPFD_CLOEXEC", fcntl.F_DUPFD), floor)
    os.close(fd)
    return high


def send(message):
    """Writes one message as one JSON line in one write, so lines of threads never mix."""
    fd = channel["fd"]
    if fd is None:
        return
    try:
        now = time.monotonic()
        if channel["ident"] is not None and now - channel["checked"] >= CHECK_EVERY:
            channel["checked"] = now
            st = os.fstat(fd)
            if (st.st_dev, st.st_ino) != channel["ident"]:
                # The program closed our descriptor and the number was reused: stop rather
                # than write into a file of theirs (a closed one fails the write, and stops).
                channel["fd"] = None
                return
        os.write(fd, (json.dumps(message, separators=(",", ":")) + "\n").encode())
    except Exception:
        channel["fd"] = None
