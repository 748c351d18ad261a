"""Keeps the tracer out of the tracebacks a traced program prints when it dies.

An exception raised inside a wrapped socket call passes through the wrapper's frame, and
Python records every frame it passes through: without this, a student's "Address already in
use" would show a line of echo_lab_trace.py that their program never had. Only the printing
hooks change: the exception, its type, message and effect on the program are untouched.
A traceback the program prints itself (traceback.print_exc) still shows the wrapper's frame.
"""

import sys
import threading


def hide_frames_of(code):
    """Prints uncaught exceptions, in any thread, without the frames running `code`."""
    previous = sys.excepthook

    def excepthook(kind, value, tb):
        return previous(kind, value, _strip_all(value, tb, code))

    sys.excepthook = excepthook
    if hasattr(threading, "excepthook"):
        previous_thread = threading.excepthook

        def thread_excepthook(args):
            _strip_all(args.exc_value, args.exc_traceback, code)
            return previous_thread(args)

        threading.excepthook = thread_excepthook


def _strip_all(value, tb, code):
    try:
        seen = set()
        while value is not None and id(value) not in seen:
            seen.add(id(value))
            value.__traceback__ = _strip(value.__traceback__, code)
            # A chained exception (during handling of..., direct cause of...) prints too.
            if value.__cause__ is not None:
                _strip_all(value.__cause__, None, code)
            value = value.__context__
        return _strip(tb, code)
    except Exception:
        return tb


def _strip(tb, code):
    while tb is not None and tb.tb_frame.f_code is code:
        tb = tb.tb_next
    node = tb
    while node is not None:
        following = node.tb_next
        while following is not None and following.tb_frame.f_code is code:
            following = following.tb_next
        node.tb_next = following
        node = following
    return tb
