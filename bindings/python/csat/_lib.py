"""Loading libcsat, error translation and array plumbing shared by every module.

Which libcsat is loaded, the first found of:

1. the file named by the ``CSAT_LIBRARY`` environment variable (and nothing else);
2. a library shipped inside this package, next to this file (``libcsat.so.0``
   on Linux): what ``pip install .`` or a wheel installs;
3. the library that ``meson install`` installed together with this package,
   whose path it recorded in ``csat/_installed.py``;
4. only when the package is imported from the libcsat source tree
   (``bindings/python/csat``): that tree's development build,
   ``<tree>/build/src/libcsat.so`` (``meson setup build && ninja -C build``);
5. the installed library by its soname, ``libcsat.so.0``, through the
   dynamic loader's search path (``LD_LIBRARY_PATH``, ``ldconfig``), then
   ``ctypes.util.find_library("csat")``.

The library's ABI version (soversion) and major.minor version are checked on
load. numpy is used when importable; ``CSAT_PYTHON_NO_NUMPY=1`` makes the
bindings act as if numpy (and so pandas) were not installed.
"""
import copy
import ctypes
import ctypes.util
import decimal
import math
import numbers
import os
import re
import sys
import threading
import weakref
from array import array
from collections.abc import Mapping
from ctypes import POINTER, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p

SOVERSION = 0
VERSION = (0, 1)  # major, minor the bindings were written for

try:
    if os.environ.get("CSAT_PYTHON_NO_NUMPY"):
        raise ImportError("numpy disabled by CSAT_PYTHON_NO_NUMPY")
    import numpy as np
except ImportError:  # plain sequences and array('d') work without numpy
    np = None

HAVE_NUMPY = np is not None


_HERE = os.path.dirname(os.path.abspath(__file__))

# The shared library's file name as its soname, per platform: the name shipped
# inside the package and the name the dynamic loader is asked for.
if sys.platform == "darwin":
    _SONAMES = [f"libcsat.{SOVERSION}.dylib"]
    _DEV_NAMES = ["libcsat.dylib"]
elif sys.platform in ("win32", "cygwin"):
    _SONAMES = [f"csat-{SOVERSION}.dll", f"libcsat-{SOVERSION}.dll", f"cygcsat-{SOVERSION}.dll"]
    _DEV_NAMES = _SONAMES + ["csat.dll"]
else:
    _SONAMES = [f"libcsat.so.{SOVERSION}"]
    _DEV_NAMES = ["libcsat.so"]


def _source_tree_build():
    """<tree>/build/src when this package is bindings/python/csat of a libcsat tree."""
    python_dir = os.path.dirname(_HERE)
    root = os.path.dirname(os.path.dirname(python_dir))
    if (os.path.basename(_HERE) != "csat" or os.path.basename(python_dir) != "python"
            or os.path.basename(os.path.dirname(python_dir)) != "bindings"
            or not os.path.isfile(os.path.join(root, "include", "csat.h"))
            or not os.path.isfile(os.path.join(root, "meson.build"))):
        return None
    return os.path.join(root, "build", "src")


def _candidates():
    """(path or name, where it came from) in search order; see the module docstring."""
    env = os.environ.get("CSAT_LIBRARY")
    if env:
        yield env, "CSAT_LIBRARY"
        return
    for name in _SONAMES:
        path = os.path.join(_HERE, name)
        if os.path.isfile(path):
            yield path, "inside the package"
    try:
        from . import _installed
    except ImportError:
        pass
    else:
        yield _installed.LIBRARY, "installed with the package"
    build = _source_tree_build()
    if build is not None:
        for name in _DEV_NAMES:
            path = os.path.join(build, name)
            if os.path.isfile(path):
                yield path, "source tree build"
    for name in _SONAMES:
        yield name, "soname"
    found = ctypes.util.find_library("csat")
    if found and found not in _SONAMES:
        yield found, "find_library"


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", c_char_p), ("dli_fbase", c_void_p),
                ("dli_sname", c_char_p), ("dli_saddr", c_void_p)]


def _loaded_file(lib, path):
    """The file the dynamic loader opened for a library loaded by name (dladdr)."""
    if os.path.isabs(path):
        return path
    try:
        dladdr = ctypes.CDLL(None).dladdr
        dladdr.argtypes = [c_void_p, POINTER(_DlInfo)]
        info = _DlInfo()
        if dladdr(ctypes.cast(lib.csat_soversion, c_void_p), byref(info)) and info.dli_fname:
            return os.path.abspath(os.fsdecode(info.dli_fname))
    except (AttributeError, OSError, TypeError):
        pass
    return path


def _load():
    errors = []
    for path, origin in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as exc:
            errors.append(f"{path}: {exc}")
            continue
        lib.csat_soversion.restype = c_uint
        lib.csat_version_number.restype = c_uint
        lib.csat_version_string.restype = c_char_p
        if lib.csat_soversion() != SOVERSION:
            raise ImportError(f"{path} has ABI version {lib.csat_soversion()}, "
                              f"these bindings need {SOVERSION}")
        number = lib.csat_version_number()
        if (number // 10000, number // 100 % 100) != VERSION:
            raise ImportError(f"{path} is libcsat {lib.csat_version_string().decode()}, "
                              f"these bindings are for {VERSION[0]}.{VERSION[1]}")
        return lib, _loaded_file(lib, path), origin
    build = _source_tree_build()
    raise ImportError("libcsat not found: install the package with its library "
                      "(pip install ., or meson install), "
                      + (f"build this source tree's library into {build} "
                         "(meson setup build && ninja -C build), " if build else "")
                      + "or set CSAT_LIBRARY to the library's path"
                      + ("; tried " + "; ".join(errors) if errors else ""))


# library_path: the file loaded; library_origin: which step of the search found it.
lib, library_path, library_origin = _load()


class CError(ctypes.Structure):
    """Mirror of csat_error: the details a function without a handle gives
    of a failure (status, argument name, row or NO_ROW, message)."""
    _fields_ = [("status", c_int), ("argument", c_char_p), ("row", c_size_t),
                ("message", ctypes.c_char * 256)]


NO_ROW = 2 ** (8 * ctypes.sizeof(c_size_t)) - 1  # CSAT_NO_ROW


class Status(int):
    """A negative csat_status returned with its csat_error (.err), which
    check() and recheck() turn into the message."""


class _WithError:
    """A C function whose last argument is a csat_error *: called with the
    other arguments, it passes a fresh csat_error and returns the status,
    a Status carrying the details when the call failed."""

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = fn.__name__

    def __call__(self, *args):
        err = CError()
        status = self.fn(*args, byref(err))
        if status < 0:
            status = Status(status)
            status.err = err
        return status


def proto(name, argtypes, restype=c_int, details=False):
    """Declare a C function's prototype; a missing symbol is an ImportError.

    details=True: the function takes a trailing csat_error * (the functions
    without a handle); the returned callable passes one itself."""
    try:
        fn = getattr(lib, name)
    except AttributeError:
        raise ImportError(f"{library_path} lacks {name}: library and bindings do not match")
    fn.argtypes = list(argtypes) + ([POINTER(CError)] if details else [])
    fn.restype = restype
    return _WithError(fn) if details else fn


proto("csat_strerror", [c_int], c_char_p)

# ---- errors ------------------------------------------------------------------


class CsatError(Exception):
    """Base class of every libcsat error; .code is the csat_status value."""
    code = None


class InvalidArgument(CsatError, ValueError):
    """An argument libcsat cannot use: a bad value (NaN, negative, out of
    range, mismatched lengths) or, as the subclass InvalidType, a wrong type."""
    code = -1


class InvalidType(InvalidArgument, TypeError):
    """An argument of the wrong type: None where data is needed, a string
    where a number is, a ragged list, an array of objects or booleans, an
    object of the wrong class. Both an InvalidArgument and a TypeError."""


class ClosedError(CsatError, ValueError):
    """A method was called on an object after its close() (code: CSAT_EMISUSE)."""
    code = -6


class OutOfMemory(CsatError, MemoryError):
    code = -2


class DomainError(CsatError, ValueError):
    code = -3


class EmptyInput(CsatError, ValueError):
    code = -4


class NoConvergence(CsatError, RuntimeError):
    code = -5


class Misuse(CsatError, RuntimeError):
    code = -6


class NotFittedError(Misuse, AttributeError):
    """A fitted attribute (params_, standard_errors_, ...) read before a fit or a set.

    A Misuse, and an AttributeError as scikit-learn's NotFittedError is, so that
    hasattr(model, "params_") is False for a model that has not been fitted."""


class InternalError(CsatError, RuntimeError):
    code = -7


class VersionError(CsatError, RuntimeError):
    code = -8


class BufferTooSmall(CsatError, ValueError):
    code = -9


for _cls in (CsatError, InvalidArgument, InvalidType, ClosedError, OutOfMemory, DomainError,
             EmptyInput, NoConvergence, Misuse, NotFittedError, InternalError, VersionError, BufferTooSmall):
    _cls.__module__ = "csat"  # raised and documented as csat.InvalidArgument, ...

_BY_CODE = {c.code: c for c in (InvalidArgument, OutOfMemory, DomainError, EmptyInput,
                                NoConvergence, Misuse, InternalError, VersionError,
                                BufferTooSmall)}


def strerror(status):
    """The library's text for a csat_status code (wraps csat_strerror).

    Parameters
    ----------
    status : int
        A csat_status value.

    Returns
    -------
    str
        The message ("unknown status code" for a value the library does not know).

    Raises
    ------
    InvalidType
        status is not an integer.
    """
    return lib.csat_strerror(integer(status, "status")).decode()


# C messages may start with the C function's name ("csat_customers_add: ...");
# the Python caller knows the operation by its Python name, given as `what`.
_C_PREFIX = re.compile(r"\bcsat_[a-z0-9_]+(?:\(\))?:\s*")
_C_NAME = re.compile(r"\bcsat_([a-z0-9_]+)")


def _clean(message):
    return _C_NAME.sub(r"\1", _C_PREFIX.sub("", message))


def _details(status, names=None):
    """(argument, row, message) from the csat_error a Status carries, or None.
    Arguments are named as the Python functions name them: "opts->bins" is
    the keyword bins, and names maps other C names to Python ones
    ({"answers": "scores"})."""
    e = getattr(status, "err", None)
    if e is None or e.status != status or not e.message:
        return None
    arg = e.argument.decode() if e.argument else None
    text = _clean(e.message.decode(errors="replace")).replace("opts->", "")
    if arg:
        arg = arg.replace("opts->", "")
        py = (names or {}).get(arg)
        if py:
            text = re.sub(r"\b%s\b" % re.escape(arg), py, text)
            arg = py
    return arg, None if e.row == NO_ROW else int(e.row), text


def fail(status, what, text, row=None, ids=None, argument=None):
    """Raise the CsatError subclass of status: "<what>: <argument>[row]: text"
    (the argument and row only when text does not start with them), with the
    customer id of that row when ids (an as_uint64 column) were given; .row
    is the row, which _frames turns into the pandas index label."""
    if argument is not None and row is not None and not text.startswith(f"{argument}["):
        text = f"{argument}[{row}]: {text}"
    elif argument is not None and row is None and not text.startswith(argument):
        text = f"{argument}: {text}"
    if row is not None and ids is not None and ids.ptr is not None and row < ids.n:
        text += f" (customer {int(ids.keep[row])})"
    status = int(status)  # not the Status: its csat_error does not pickle
    err = _BY_CODE.get(status, CsatError)(f"{what}: {text}" if what else text)
    err.code = status
    if row is not None:
        err.row = row
    raise err


def check(status, what="", message="", ids=None, names=None):
    """Raise the CsatError subclass for a negative status; return it otherwise.

    The text is, in order: the csat_error details the status carries (a
    function without a handle; names maps its C argument names to the
    caller's), the handle's message, the status's text."""
    if status < 0:
        d = _details(status, names)
        if d is not None:
            fail(status, what, d[2], d[1], ids, d[0])
        fail(status, what, _clean(message) if message else strerror(status))
    return status


class Result(dict):
    """A dict whose keys are also attributes: r.score == r['score'].

    Parameters
    ----------
    *args, **kwargs
        As for dict.
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    __setattr__ = dict.__setitem__

    def __dir__(self):
        return list(self.keys())


# ---- scalar arguments ------------------------------------------------------------
#
# Every Python value that goes into C passes one of these first: a wrong type
# is InvalidType naming the argument, never a ctypes or numpy message; a
# number is never made from a string; an integer is never wrapped to the C
# type nor truncated from a fraction.

_INT_RANGES = {c_int: (-2 ** 31, 2 ** 31 - 1), c_uint: (0, 2 ** (8 * ctypes.sizeof(c_uint)) - 1),
               c_size_t: (0, 2 ** (8 * ctypes.sizeof(c_size_t)) - 1), c_uint64: (0, 2 ** 64 - 1)}


def describe(v):
    """A value for a message: a short repr and its type."""
    if type(v).__repr__ is object.__repr__ or isinstance(v, Handle):
        return f"a {type(v).__name__} object"
    if np is not None and isinstance(v, np.ndarray):
        return (f"a 0-d array ({v[()]!r})" if v.ndim == 0
                else f"an array of shape {v.shape} and dtype {v.dtype}")
    r = repr(v)
    if len(r) > 60:
        r = r[:57] + "..."
    return f"{r} ({type(v).__name__})"


def _is_bool(v):
    return isinstance(v, bool) or (np is not None and isinstance(v, np.bool_))


def _unwrap0d(v):
    if np is not None and isinstance(v, np.ndarray) and v.ndim == 0:
        return v[()]
    return v


def _number_or_none(v):
    """float(v) for a real number (not a bool, not a string); None otherwise."""
    if _is_bool(v) or not isinstance(v, (numbers.Real, decimal.Decimal)):
        return None
    try:
        return float(v)
    except (OverflowError, ValueError, decimal.InvalidOperation):
        return None


def real(v, name, *, finite=False, nonneg=False, positive=False):
    """A C double from a real number; optional checks name the argument."""
    v = _unwrap0d(v)
    if _is_bool(v) or not isinstance(v, (numbers.Real, decimal.Decimal)):
        raise InvalidType(f"{name} must be a number, not {describe(v)}")
    try:
        f = float(v)
    except (OverflowError, ValueError, decimal.InvalidOperation):
        raise InvalidArgument(f"{name} = {v!r} is not representable as a double") from None
    if finite and not math.isfinite(f):
        raise InvalidArgument(f"{name} = {f!r} must be finite")
    if nonneg and not f >= 0.0:
        raise InvalidArgument(f"{name} = {f!r} must be >= 0")
    if positive and not f > 0.0:
        raise InvalidArgument(f"{name} = {f!r} must be > 0")
    return f


def integer(v, name, *, ctype=c_int, lo=None, hi=None):
    """A C integer of type ctype from an integer (or an integral float): a
    fraction, a bool or a value outside [lo, hi] and the C type's range is
    refused, never truncated or wrapped."""
    v = _unwrap0d(v)
    if _is_bool(v):
        raise InvalidType(f"{name} must be an integer, not a bool ({v!r})")
    if isinstance(v, numbers.Integral):
        i = int(v)
    elif isinstance(v, (numbers.Real, decimal.Decimal)):
        f = _number_or_none(v)
        if f is None or not math.isfinite(f) or f != math.floor(f) or v != f:
            raise InvalidArgument(f"{name} = {v!r} is not a whole number")
        i = int(f)
    else:
        raise InvalidType(f"{name} must be an integer, not {describe(v)}")
    tlo, thi = _INT_RANGES[ctype]
    lo = tlo if lo is None else max(lo, tlo)
    hi = thi if hi is None else min(hi, thi)
    if i < lo:
        raise InvalidArgument(f"{name} = {i} must be >= {lo}")
    if i > hi:
        raise InvalidArgument(f"{name} = {i} must be <= {hi}")
    return i


def flag(v, name):
    """A C int 0/1 from a bool (or the integers 0 and 1)."""
    v = _unwrap0d(v)
    if _is_bool(v):
        return 1 if v else 0
    if isinstance(v, numbers.Integral) and int(v) in (0, 1):
        return int(v)
    raise InvalidType(f"{name} must be True or False, not {describe(v)}")


def choice(v, table, name):
    """table[v] for a string v naming one of the table's keys."""
    if not isinstance(v, str):
        raise InvalidType(f"{name} must be one of {', '.join(map(repr, table))}, not {describe(v)}")
    try:
        return table[v]
    except KeyError:
        raise InvalidArgument(f"{name} must be one of {', '.join(map(repr, table))}, "
                              f"not {v!r}") from None


def text(v, name):
    """A str argument (names, labels)."""
    if not isinstance(v, str):
        raise InvalidType(f"{name} must be a string, not {describe(v)}")
    return v


def mapping(v, name):
    """A dict-like argument (parameters by name, counts by category)."""
    if not isinstance(v, Mapping):
        raise InvalidType(f"{name} must be a dict, not {describe(v)}")
    return v


def sequence(v, name, what="a sequence"):
    """A list of a sequence argument (not a string, not None, not a scalar)."""
    if v is None or isinstance(v, (str, bytes, Mapping)) or not hasattr(v, "__iter__"):
        raise InvalidType(f"{name} must be {what}, not {describe(v)}")
    if np is not None and isinstance(v, np.ndarray) and v.ndim == 0:
        raise InvalidType(f"{name} must be {what}, not a 0-d array")
    return list(v)


def params_array(values, names, name):
    """A C array of len(names) doubles from a dict with exactly those keys or
    a sequence of that length (C reads exactly that many)."""
    if isinstance(values, (str, bytes)):
        raise InvalidType(f"{name} must be a dict or a sequence of {len(names)} numbers "
                          f"({', '.join(names)}), not {describe(values)}")
    if isinstance(values, Mapping):
        missing = [k for k in names if k not in values]
        extra = [k for k in values if k not in names]
        if missing or extra:
            raise InvalidArgument(f"{name} needs exactly the parameters {', '.join(names)}"
                                  + (f"; missing {', '.join(map(str, missing))}" if missing else "")
                                  + (f"; unknown {', '.join(map(str, extra))}" if extra else ""))
        vals = [real(values[k], f"{name}[{k!r}]") for k in names]
    else:
        seq = sequence(values, name, f"a dict or a sequence of {len(names)} numbers "
                                     f"({', '.join(names)})")
        vals = [real(v, f"{name}[{i}]") for i, v in enumerate(seq)]  # types first: InvalidType
        if len(seq) != len(names):
            raise InvalidArgument(f"{name} must have {len(names)} values ({', '.join(names)}), "
                                  f"not {len(seq)}")
    return (c_double * len(names))(*vals)


# ---- handles -------------------------------------------------------------------

# Attributes that belong to the C handle, not to the Python object's state.
_HANDLE_ATTRS = frozenset(("_ptr", "_lock", "_finalizer", "_par_threads"))
_STATE_VERSION = 1


class _Using:
    """`with _Using(handles) as ptrs`: each handle's lock held (taken in a
    fixed order, so two calls locking the same handles never deadlock), each
    checked open; ptrs is the pointer (one handle) or a tuple of pointers."""
    __slots__ = ("handles", "held")

    def __init__(self, handles):
        self.handles = handles
        self.held = ()

    def __enter__(self):
        held = []
        try:
            for h in sorted({id(h): h for h in self.handles}.values(), key=id):
                lock = h.__dict__.get("_lock")
                if lock is None:
                    raise ClosedError(f"this csat.{type(h).__name__} has no libcsat object "
                                      "(its construction failed)")
                lock.acquire()
                held.append(lock)
                if not h._ptr:
                    raise ClosedError(f"this csat.{type(h).__name__} is closed (close() was "
                                      "called or its with block ended); create a new one")
        except BaseException:
            for lock in reversed(held):
                lock.release()
            raise
        self.held = held
        try:
            for h in self.handles:
                h._sync_parallel()
        except BaseException:
            self.held = ()
            for lock in reversed(held):
                lock.release()
            raise
        if len(self.handles) == 1:
            return self.handles[0]._ptr
        return tuple(h._ptr for h in self.handles)

    def __exit__(self, *exc):
        for lock in reversed(self.held):
            lock.release()
        self.held = ()
        return False


def use(*handles):
    """Hold the locks of several handles (already type-checked) for one C call."""
    return _Using(handles)


def handle_arg(obj, cls, name):
    """obj if it is an instance of cls (a class or tuple of classes): a handle's
    pointer reaches C only after this check."""
    if not isinstance(obj, cls):
        names = " or ".join(f"csat.{c.__name__}" for c in (cls if isinstance(cls, tuple) else (cls,)))
        raise InvalidType(f"{name} must be a {names}, not {describe(obj)}")
    return obj


class Handle:
    """An owned C handle: freed by close(), the context manager, or the GC.

    Thread safety: each object has a lock (an RLock) held for the whole of
    every C call that uses its handle (ctypes releases the GIL during the
    call), so one object used from several threads runs one call at a time;
    different objects run in parallel. close() takes the lock too, so it
    waits for a running call; a later call raises ClosedError.

    Copies: copy.copy, copy.deepcopy and pickle give an independent object
    with a handle of its own, rebuilt through the C API from _c_state();
    a class that cannot be rebuilt faithfully raises TypeError there.

    Subclasses set _free (the csat_x_free function) and _last_error (the
    csat_x_last_error function), create their handle with self._adopt(...)
    and, for copies, implement _new_ptr (a fresh handle), _c_state (the C
    state as plain Python values, called with the lock held) and _c_restore
    (into a fresh handle, lock held).
    """
    _free = None
    _last_error = None
    # "btyd", "kmeans", ...: the handle's csat_<kind>_set_parallel follows the
    # object's n_jobs attribute, applied (when it changed) before each C call.
    _parallel_kind = None

    def _adopt(self, ptr):
        self._lock = threading.RLock()
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, type(self)._free, ptr)

    def _sync_parallel(self):
        """Bring the handle's threads in line with n_jobs (lock held)."""
        kind = type(self)._parallel_kind
        if kind is None or not self.__dict__.get("_ptr"):
            return
        from . import _parallel
        n = _parallel.threads(self.__dict__.get("n_jobs"))
        if self.__dict__.get("_par_threads", 1) != n:
            _parallel.apply(kind, self._ptr, self.__dict__.get("n_jobs"))
            self._par_threads = n

    def _use(self):
        """with self._use() as p: one C call on the handle p, lock held."""
        return _Using((self,))

    def close(self):
        """Free the C object now (waits for a call running in another thread).
        Closing twice is fine; any later method call raises ClosedError."""
        lock = self.__dict__.get("_lock")
        if lock is None:
            return
        with lock:
            fin = self.__dict__.get("_finalizer")
            if fin is not None:
                fin()
            self._ptr = None

    @property
    def closed(self):
        """True once close() was called."""
        return not self.__dict__.get("_ptr")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check(self, status, what="", cols=None):
        """Raise for a negative status with the handle's message (lock held);
        with cols (columns passed with defer=True), name the bad row (recheck)."""
        if status < 0:
            msg = ""
            if self._last_error is not None and self.__dict__.get("_ptr"):
                raw = type(self)._last_error(self._ptr)
                msg = raw.decode(errors="replace") if raw else ""
            if cols:
                recheck(cols, status, what, msg)
            check(status, what, msg)
        return status

    # ---- copy and pickle -------------------------------------------------------

    def _new_ptr(self):
        raise TypeError(f"csat.{type(self).__name__} objects cannot be copied or pickled")

    def _c_state(self):
        return None

    def _c_restore(self, state):
        pass

    def __getstate__(self):
        with self._use():
            c_state = self._c_state()
        attrs = {k: v for k, v in self.__dict__.items() if k not in _HANDLE_ATTRS}
        return {"csat_state": _STATE_VERSION, "class": type(self).__name__, "attrs": attrs,
                "c": c_state}

    def __setstate__(self, state):
        if (not isinstance(state, dict) or state.get("csat_state") != _STATE_VERSION
                or state.get("class") != type(self).__name__):
            raise InvalidArgument(f"not a saved csat.{type(self).__name__} state "
                                  f"(format {_STATE_VERSION})")
        self.__dict__.update(state["attrs"])
        self._adopt(self._new_ptr())
        with self._use():
            self._c_restore(state["c"])

    def __copy__(self):
        return self.__deepcopy__({})

    def __deepcopy__(self, memo):
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        new.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        return new


def new_handle(fn, *args, what=""):
    """Call a csat_x_new(&out, ...) function and return the new pointer."""
    out = c_void_p()
    check(fn(byref(out), *args), what)
    return out


# ---- arrays --------------------------------------------------------------------
#
# Columns in: as_doubles (double columns), as_uint64 (ids, groups), as_ints
# (scores, labels), as_matrix (row-major double matrices). Each takes numpy
# arrays of any numeric dtype, layout or writability, plain sequences (with
# or without numpy) and array('d'); refuses None (unless optional), strings,
# booleans (except 0/1 flag columns), complex numbers, ragged or nested
# sequences and wrong dimensions with InvalidType; and, on request, checks
# the values (NaN, Inf, negative, whole, 0/1) with a message naming the
# argument, the row and, when ids are given, the customer. Lengths are
# compared by same_length / fixed_length.

PD = POINTER(c_double)
PU64 = POINTER(c_uint64)
PSZ = POINTER(c_size_t)
PI = POINTER(c_int)


class _In:
    """A read-only input column: .ptr (NULL for an omitted optional column),
    .n values, .name, .keep, the object that owns the memory (a numpy
    array, or an array('d') / ctypes array without numpy), and .checks, the
    value checks left for recheck() (as_doubles(..., defer=True))."""
    __slots__ = ("ptr", "n", "keep", "name", "checks")

    def __init__(self, ptr, n, keep, name="", checks=None):
        self.ptr, self.n, self.keep, self.name, self.checks = ptr, n, keep, name, checks

    def __bool__(self):
        return self.ptr is not None

    def values(self):
        """The values as a list (small columns: counts, labels)."""
        return [] if self.keep is None else list(self.keep)[: self.n]


def _is_numpy(x):
    return np is not None and isinstance(x, np.ndarray)


def _not_numbers(x, name, expected="a sequence of numbers"):
    if isinstance(x, (str, bytes)):
        return InvalidType(f"{name} must be {expected}, not a string ({x[:40]!r}); "
                           "strings are never converted to numbers")
    return InvalidType(f"{name} must be {expected}, not {describe(x)}")


def _element_error(name, i, v, allow_bool):
    where = f"{name}[{i}] = {describe(v)}"
    if isinstance(v, (str, bytes)):
        return InvalidType(f"{where} is a string; strings are never converted to numbers")
    if _is_bool(v) and not allow_bool:
        return InvalidType(f"{where} is a bool, not a number")
    if hasattr(v, "__iter__"):
        return InvalidType(f"{where} is a sequence: {name} must be one-dimensional")
    if isinstance(v, complex) or (np is not None and isinstance(v, np.complexfloating)):
        return InvalidType(f"{where} is complex; only real numbers are accepted")
    return InvalidType(f"{where} is not a number")


def _plain_doubles(x, name, allow_bool):
    """array('d') from a sequence, element by element (no numpy, or mixed objects)."""
    if x is None or isinstance(x, (str, bytes, Mapping)) or not hasattr(x, "__iter__"):
        raise _not_numbers(x, name)
    if isinstance(x, array) and x.typecode == "d":
        return x
    out = array("d")
    for i, v in enumerate(x):
        v = _unwrap0d(v)
        if _is_bool(v):
            if not allow_bool:
                raise _element_error(name, i, v, allow_bool)
            out.append(1.0 if v else 0.0)
            continue
        f = _number_or_none(v)
        if f is None:
            if isinstance(v, (numbers.Real, decimal.Decimal)):
                raise InvalidArgument(f"{name}[{i}] = {v!r} is not representable as a double")
            raise _element_error(name, i, v, allow_bool)
        out.append(f)
    return out


def _numpy_doubles(x, name, allow_bool, max_ndim):
    """A C-contiguous float64 numpy array of 1..max_ndim dimensions."""
    if x is None or isinstance(x, (str, bytes, Mapping)):
        raise _not_numbers(x, name)
    from_sequence = not isinstance(x, np.ndarray)
    if from_sequence:
        if not hasattr(x, "__iter__") and not hasattr(x, "__array__"):
            raise _not_numbers(x, name)
        if not hasattr(x, "__len__") and not hasattr(x, "__array__"):
            x = list(x)  # a generator or other iterator
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError, OverflowError):  # ragged nesting, huge ints
            arr = None
    else:
        arr = x
    if arr is None or arr.dtype.kind == "O" or (from_sequence and arr.dtype.kind in "US"):
        # Element by element: names the element that is not a number (and
        # accepts a list of Fractions or Decimals as the plain path does).
        src = x if from_sequence else arr
        if max_ndim == 1:
            return np.array(_plain_doubles(src, name, allow_bool), dtype=np.float64)
        flat, rows, cols = _plain_matrix(src.tolist() if _is_numpy(src) else src, name)
        return np.array(flat, dtype=np.float64).reshape(rows, cols)
    kind = arr.dtype.kind
    if arr.ndim == 0:
        raise _not_numbers(x, name)
    if arr.ndim > max_ndim:
        raise InvalidType(f"{name} must be {'one' if max_ndim == 1 else 'two'}-dimensional, "
                          f"not an array of shape {arr.shape}")
    if kind == "b":
        if not allow_bool:
            raise InvalidType(f"{name} must hold numbers, not booleans (dtype bool)")
    elif kind == "c":
        raise InvalidType(f"{name} holds complex numbers (dtype {arr.dtype}); only real numbers "
                          "are accepted")
    elif kind in "US":
        raise InvalidType(f"{name} holds strings (dtype {arr.dtype}); strings are never "
                          "converted to numbers")
    elif kind in "Mm":
        raise InvalidType(f"{name} holds dates or durations (dtype {arr.dtype}); convert them "
                          "to numbers (csat.to_days)")
    elif kind not in "fiu":
        raise InvalidType(f"{name} must hold numbers, not dtype {arr.dtype}")
    return np.ascontiguousarray(arr, dtype=np.float64)


def _plain_matrix(x, name):
    """(array('d') row-major, rows, cols) from a sequence of rows or of numbers."""
    if x is None or isinstance(x, (str, bytes, Mapping)) or not hasattr(x, "__iter__"):
        raise _not_numbers(x, name, "a matrix (a sequence of rows of numbers)")
    items = list(x)
    is_row = [hasattr(r, "__iter__") and not isinstance(r, (str, bytes)) for r in items]
    if items and not any(is_row):  # one-dimensional: a single column
        return _plain_doubles(items, name, False), len(items), 1
    flat = array("d")
    ncol = None
    for i, r in enumerate(items):
        if not is_row[i]:
            raise InvalidType(f"{name}: row {i} is {describe(r)}, not a sequence of numbers "
                              "(all rows must be sequences)")
        row = _plain_doubles(r, f"{name}[{i}]", False)
        if ncol is None:
            ncol = len(row)
        elif len(row) != ncol:
            raise InvalidType(f"{name} is ragged: row {i} has {len(row)} values, row 0 has {ncol}")
        flat.extend(row)
    return flat, len(items), (ncol or 0)


def _float_values(x, name, allow_bool=False, max_ndim=1):
    if np is not None:
        return _numpy_doubles(x, name, allow_bool, max_ndim)
    if max_ndim == 1:
        return _plain_doubles(x, name, allow_bool)
    raise AssertionError("matrices go through as_matrix")


def row_error(message, row, cls=None):
    """An InvalidArgument (or cls) about one row: .row is its position, which
    _frames.indexed turns into the pandas index label of that row."""
    err = (cls or InvalidArgument)(message)
    err.row = row
    return err


def _bad_value(vals, i, name, ids, reason):
    customer = ""
    if ids is not None and i < ids.n:
        customer = f" (customer {int(ids.keep[i])})"
    raise row_error(f"{name}[{i}] = {float(vals[i])!r}{customer} {reason}", i)


def _check_values(vals, name, *, finite=False, allow_nan=False, nonneg=False, whole=False,
                  binary=False, ids=None):
    """Raise InvalidArgument naming the first offending row (and its customer)."""
    if not (finite or nonneg or whole or binary):
        return
    if _is_numpy(vals):
        flat = vals.reshape(-1)
        if not flat.size:
            return
        if not (whole or binary):  # fast path: two reductions, no temporaries
            lo, hi = flat.min(), flat.max()  # NaN if any is NaN: then the full search
            if (lo == lo and hi == hi and (not finite or (lo > -math.inf and hi < math.inf))
                    and (not nonneg or lo >= 0)):
                return
        tests = []
        if finite:
            if not allow_nan:
                tests.append((np.isnan, "is NaN"))
            tests.append((np.isinf, "is infinite"))
        if nonneg:
            tests.append((lambda a: a < 0, "is negative"))
        if whole:
            tests.append((lambda a: np.isfinite(a) & (a != np.floor(a)), "is not a whole number"))
        if binary:
            tests.append((lambda a: (a != 0) & (a != 1) & ~np.isnan(a), "is not 0 or 1"))
        for test, reason in tests:
            bad = test(flat)
            if bad.any():
                _bad_value(flat, int(bad.argmax()), name, ids, reason)
        return
    for i, v in enumerate(vals):
        reason = None
        if finite and v != v and not allow_nan:
            reason = "is NaN"
        elif finite and v in (math.inf, -math.inf):
            reason = "is infinite"
        elif nonneg and v < 0:
            reason = "is negative"
        elif whole and math.isfinite(v) and v != math.floor(v):
            reason = "is not a whole number"
        elif binary and v == v and v not in (0.0, 1.0):
            reason = "is not 0 or 1"
        if reason:
            _bad_value(vals, i, name, ids, reason)


def _doubles_in(vals, name, checks=None):
    if _is_numpy(vals):
        return _In(vals.ctypes.data_as(PD), vals.shape[0] if vals.ndim == 1 else vals.size, vals,
                   name, checks)
    n = len(vals)
    buf = (c_double * n).from_buffer(vals) if n else (c_double * 1)()
    return _In(ctypes.cast(buf, PD), n, vals, name, checks)


def as_doubles(x, name="x", *, optional=False, finite=False, allow_nan=False, nonneg=False,
               whole=False, binary=False, ids=None, defer=False):
    """A column of doubles, passed without copying when it already is one.

    optional: None gives a NULL column (.ptr None, falsy); otherwise None is
    an InvalidType. Value checks, each naming the first bad row: finite (no
    NaN or Inf; allow_nan lets NaN through), nonneg (>= 0), whole (whole
    numbers), binary (0 or 1; boolean arrays are then accepted too). ids (an
    as_uint64 column) adds the row's customer to messages.

    defer=True leaves the value checks to C, which makes them anyway: the
    column goes to C unread (no pass over a million rows in Python), and only
    when C refuses the call does recheck() run them to name the row. Types,
    shapes and lengths are always checked here."""
    if x is None:
        if optional:
            return _In(None, 0, None, name)
        raise InvalidType(f"{name} is required: give a sequence of numbers, not None")
    vals = _float_values(x, name, allow_bool=binary)
    checks = dict(finite=finite, allow_nan=allow_nan, nonneg=nonneg, whole=whole, binary=binary,
                  ids=ids)
    if defer:
        return _doubles_in(vals, name, checks)
    _check_values(vals, name, **checks)
    return _doubles_in(vals, name)


# "customer 3: recency exceeds T": the row C names in a handle's message.
_C_ROW = re.compile(r"^(?:[a-z_]+: )?(?:customer|row) (\d+): (.*)$", re.S)


def recheck(cols, status, what, message=""):
    """After C refused a call on deferred columns: raise the error naming the
    first bad row. The Python checks run first (they say which value and
    why); when they find nothing, C's own message names the row (recency
    exceeds T, ...), given here with the row's values. Returns only for a
    status >= 0."""
    if status >= 0:
        return status
    for c in cols:
        if c.checks is not None and c.ptr is not None:
            _check_values(c.keep, c.name, **c.checks)
    ids = next((c.checks["ids"] for c in cols if c.checks and c.checks.get("ids") is not None), None)
    d = _details(status)
    if d is not None:
        check(status, what, ids=ids)
    text_ = _clean(message) if message else ""
    m = _C_ROW.match(text_)
    if m:
        i = int(m.group(1))
        given = [c for c in cols if c.ptr is not None and i < c.n]
        values = ", ".join(f"{c.name}[{i}] = {float(c.keep[i])!r}" for c in given)
        fail(status, what, f"row {i}: {m.group(2)}" + (f" ({values})" if values else ""), i, ids)
    check(status, what, message)


def scalar_or_column(x, name, **checks):
    """(column, scalar?): a number becomes a column of one, flagged so the
    caller can return a number."""
    x = _unwrap0d(x)
    if isinstance(x, (numbers.Real, decimal.Decimal)) and not _is_bool(x):
        return as_doubles([x], name, **checks), True
    return as_doubles(x, name, **checks), False


def as_uint64(x, name="ids", *, optional=False):
    """A column of uint64 (customer ids, groups): whole numbers in [0, 2^64)."""
    if x is None:
        if optional:
            return _In(None, 0, None, name)
        raise InvalidType(f"{name} is required: give a sequence of integers, not None")
    if np is not None:
        arr = x if isinstance(x, np.ndarray) else None
        if arr is None:
            if isinstance(x, (str, bytes, Mapping)) or not hasattr(x, "__iter__"):
                raise _not_numbers(x, name, "a sequence of integers")
            try:
                arr = np.asarray(x if hasattr(x, "__len__") else list(x))
            except (ValueError, TypeError, OverflowError):
                arr = np.array(_plain_uint64(x, name), dtype=np.uint64)
        kind = arr.dtype.kind
        if arr.ndim != 1:
            raise InvalidType(f"{name} must be one-dimensional, not an array of shape {arr.shape}")
        if kind == "O" or (kind in "US" and not isinstance(x, np.ndarray)):
            arr = np.array(_plain_uint64(arr.tolist(), name), dtype=np.uint64)
        elif kind == "b":
            raise InvalidType(f"{name} must hold integers, not booleans (dtype bool)")
        elif kind == "i":
            if arr.size and arr.min() < 0:
                i = int(arr.argmin())
                raise InvalidArgument(f"{name}[{i}] = {int(arr[i])} is negative")
        elif kind == "f":
            bad = ~np.isfinite(arr) | (arr != np.floor(arr)) | (arr < 0) | (arr >= 2.0 ** 64)
            if bad.any():
                i = int(bad.argmax())
                raise InvalidArgument(f"{name}[{i}] = {float(arr[i])!r} is not a whole number "
                                      "in [0, 2^64)")
        elif kind != "u":
            raise _not_numbers(arr, name, "a sequence of integers") if kind not in "US" else \
                InvalidType(f"{name} holds strings (dtype {arr.dtype}); ids must be integers")
        arr = np.ascontiguousarray(arr, dtype=np.uint64)
        return _In(arr.ctypes.data_as(PU64), arr.shape[0], arr, name)
    vals = _plain_uint64(x, name)
    buf = (c_uint64 * max(len(vals), 1))(*vals)
    return _In(ctypes.cast(buf, PU64), len(vals), vals, name)


def _plain_uint64(x, name):
    if isinstance(x, (str, bytes, Mapping)) or not hasattr(x, "__iter__"):
        raise _not_numbers(x, name, "a sequence of integers")
    vals = []
    for i, v in enumerate(x):
        vals.append(_element_int(v, name, i, c_uint64))
    return vals


def _element_int(v, name, i, ctype):
    v = _unwrap0d(v)
    if _is_bool(v) or not isinstance(v, (numbers.Real, decimal.Decimal)):
        raise _element_error(name, i, v, False) if not _is_bool(v) else \
            InvalidType(f"{name}[{i}] = {v!r} is a bool, not an integer")
    return integer(v, f"{name}[{i}]", ctype=ctype)


def as_ints(x, name, *, ctype=c_int):
    """A column of C ints (scores, labels): whole numbers within the C type,
    never truncated (0.9 is refused) or wrapped."""
    lo, hi = _INT_RANGES[ctype]
    if x is None:
        raise InvalidType(f"{name} is required: give a sequence of integers, not None")
    if np is not None:
        if isinstance(x, np.ndarray) and x.dtype.kind in "iu":
            arr = x
        else:
            arr = _numpy_doubles(x, name, False, 1)
            bad = ~np.isfinite(arr) | (arr != np.floor(arr))
            if bad.any():
                i = int(bad.argmax())
                raise InvalidArgument(f"{name}[{i}] = {float(arr[i])!r} is not a whole number")
        if arr.ndim != 1:
            raise InvalidType(f"{name} must be one-dimensional, not an array of shape {arr.shape}")
        if arr.size:
            out = (arr < lo) | (arr > hi)
            if out.any():
                i = int(out.argmax())
                raise InvalidArgument(f"{name}[{i}] = {arr[i]} is outside the C int range")
        arr = np.ascontiguousarray(arr, dtype=np.intc)
        return _In(arr.ctypes.data_as(PI), arr.shape[0], arr, name)
    if isinstance(x, (str, bytes, Mapping)) or not hasattr(x, "__iter__"):
        raise _not_numbers(x, name, "a sequence of integers")
    vals = [_element_int(v, name, i, ctype) for i, v in enumerate(x)]
    buf = (c_int * max(len(vals), 1))(*vals)
    return _In(ctypes.cast(buf, PI), len(vals), vals, name)


def as_matrix(x, name="X", *, optional=False, finite=False, allow_nan=False, nonneg=False):
    """A row-major matrix of doubles: returns (_In, n_rows, n_cols). A 1-D
    input is one column; ragged rows, 3-D arrays, strings and objects that
    are not numbers are InvalidType. Value checks as for as_doubles (the
    message names the flat index)."""
    if x is None:
        if optional:
            return _In(None, 0, None, name), 0, 0
        raise InvalidType(f"{name} is required: give a matrix of numbers, not None")
    if np is not None:
        arr = _numpy_doubles(x, name, False, 2)
        if arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        _check_values(arr, name, finite=finite, allow_nan=allow_nan, nonneg=nonneg)
        return _In(arr.ctypes.data_as(PD), arr.size, arr, name), arr.shape[0], arr.shape[1]
    flat, rows, cols = _plain_matrix(x, name)
    _check_values(flat, name, finite=finite, allow_nan=allow_nan, nonneg=nonneg)
    return _doubles_in(flat, name), rows, cols


def same_length(*cols):
    """The common length of the given (non-omitted) columns; InvalidArgument
    naming each length otherwise."""
    given = [c for c in cols if c.ptr is not None]
    lengths = {c.n for c in given}
    if len(lengths) > 1:
        names = [c.name for c in given]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        raise InvalidArgument(f"{listed} must have the same length: "
                              + ", ".join(f"{c.name} has {c.n}" for c in given))
    return lengths.pop() if lengths else 0


def fixed_length(col, n, why=""):
    """col, checked to have exactly n values (C reads exactly n)."""
    if col.ptr is not None and col.n != n:
        raise InvalidArgument(f"{col.name} must have {n} values{(' (' + why + ')') if why else ''}, "
                              f"not {col.n}")
    return col


def count_arg(v, name, *, lo=0, ctype=c_size_t):
    """A count (size_t unless said otherwise): an integer >= lo, not a bool."""
    return integer(v, name, ctype=ctype, lo=lo)


class Out:
    """A caller-allocated output column handed to C, returned as numpy or array."""

    def __init__(self, n, ctype=c_double, zero=True):
        """zero=False: leave the memory as it is (numpy.empty; a quarter millisecond less
        per million doubles) where C writes every element on success."""
        self.n = n
        self.ctype = ctype
        try:
            if np is not None:
                dtype = {c_double: np.float64, c_int: np.intc, c_uint64: np.uint64,
                         c_size_t: np.uintp}[ctype]
                self.obj = (np.zeros if zero else np.empty)(n, dtype=dtype)
                self.ptr = self.obj.ctypes.data_as(POINTER(ctype))
            else:
                self._buf = (ctype * max(n, 1))()
                self.obj = None
                self.ptr = ctypes.cast(self._buf, POINTER(ctype))
        except (MemoryError, ValueError, OverflowError):
            raise OutOfMemory(f"no memory for a result of {n:,} values "
                              f"({n * ctypes.sizeof(ctype) / 2 ** 30:,.1f} GiB)") from None

    def at(self, offset):
        """A pointer to element `offset` (for C calls that fill the column in parts)."""
        base = self.obj.ctypes.data if self.obj is not None else ctypes.addressof(self._buf)
        return ctypes.cast(base + offset * ctypes.sizeof(self.ctype), POINTER(self.ctype))

    def array(self):
        """The values as an array.array (portable state for pickles: no numpy needed)."""
        code = {c_double: "d", c_int: "i", c_uint64: "Q", c_size_t: "Q"}[self.ctype]
        if self.obj is not None:
            out = array(code)
            out.frombytes(self.obj.tobytes())
            return out
        return array(code, self._buf[: self.n])

    def value(self):
        if self.obj is not None:
            return self.obj
        code = {c_double: "d", c_int: "i", c_uint64: "Q", c_size_t: "Q"}[self.ctype]
        return array(code, self._buf[: self.n])


def out_matrix(n_rows, n_cols):
    """A row-major output matrix; .value() gives a 2-D numpy array or a list of arrays."""
    o = Out(n_rows * n_cols)
    base = o.value

    def value():
        v = base()
        if np is not None:
            return v.reshape(n_rows, n_cols)
        return [v[i * n_cols:(i + 1) * n_cols] for i in range(n_rows)]
    o.value = value
    return o


__all__ = ["CsatError", "InvalidArgument", "InvalidType", "ClosedError", "OutOfMemory",
           "DomainError", "EmptyInput", "NoConvergence", "Misuse", "NotFittedError",
           "InternalError",
           "VersionError", "BufferTooSmall", "Result", "HAVE_NUMPY", "strerror"]
