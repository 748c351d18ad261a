"""Which line of the student's own code a socket call came from.

The student's code is any file under the program's folder (the working directory, or the
main script's folder) that is neither the standard library, nor an installed package, nor
Echo Lab's tracer.
"""

import os
import sys
import sysconfig

_HERE = os.path.normcase(os.path.dirname(os.path.abspath(__file__)))
_CWD = os.getcwd()
_state = {"roots": None}
_kinds = {}


def cwd():
    return _CWD


def main_path():
    """sys.argv[0] made absolute, or None for -c, -m and standard input."""
    argv = getattr(sys, "argv", None)
    first = argv[0] if argv else ""
    if not first or first in ("-c", "-m", "-"):
        return None
    return os.path.abspath(os.path.join(_CWD, first))


def roots():
    """The program's folders and, inside them, the folders that are not the student's."""
    found = _state["roots"]
    if found is None:
        program = [_CWD]
        main = main_path()
        if main:
            program.append(os.path.dirname(main))
        excluded = [_HERE]
        paths = sysconfig.get_paths()
        for key in ("stdlib", "platstdlib", "purelib", "platlib"):
            if paths.get(key):
                excluded.append(paths[key])
        found = (
            [os.path.normcase(os.path.abspath(p)) for p in program],
            [os.path.normcase(os.path.abspath(p)) for p in excluded],
        )
        _state["roots"] = found
    return found


def _under(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _student_file(filename):
    """The absolute path of a code file if it is the student's own, else None (cached)."""
    try:
        return _kinds[filename]
    except KeyError:
        pass
    result = None
    if filename and not filename.startswith("<"):
        absolute = os.path.abspath(os.path.join(_CWD, filename))
        norm = os.path.normcase(absolute)
        program, excluded = roots()
        parts = norm.split(os.sep)
        if (any(_under(norm, r) for r in program)
                and not any(_under(norm, r) for r in excluded)
                and "site-packages" not in parts and "dist-packages" not in parts):
            result = absolute
    if len(_kinds) < 10000:
        _kinds[filename] = result
    return result


def where(frame):
    """The innermost frame of the student's code on this stack: (file, line)."""
    while frame is not None:
        path = _student_file(frame.f_code.co_filename)
        if path is not None:
            return path, frame.f_lineno
        frame = frame.f_back
    return None, None
