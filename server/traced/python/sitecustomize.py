"""Loads Echo Lab's tracer, then the sitecustomize this one hides, if the program has one.

Python imports the first sitecustomize on sys.path at start-up; Echo Lab puts this folder
first on PYTHONPATH, so without the hand-over below a sitecustomize of the user's own (a
virtualenv's, a distribution's) would silently stop running.
"""

import os
import sys


def _start_tracer():
    if not os.environ.get("ECHO_LAB_TRACE"):
        return
    try:
        import echo_lab_trace

        echo_lab_trace.install()
    except Exception:
        pass


def _hand_over():
    """Runs the next sitecustomize on sys.path under its own name, as Python would have."""
    import importlib.machinery
    import importlib.util

    here = os.path.normcase(os.path.dirname(os.path.abspath(__file__)))
    rest = None
    for index, entry in enumerate(sys.path):
        try:
            if os.path.normcase(os.path.abspath(entry or os.curdir)) == here:
                rest = sys.path[index + 1 :]
                break
        except Exception:
            continue
    if rest is None:
        return
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    # Their module takes the name: `import sitecustomize` later finds theirs, not this one,
    # and an error in it is reported by site.py exactly as it would be without us.
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


_start_tracer()
_hand_over()
