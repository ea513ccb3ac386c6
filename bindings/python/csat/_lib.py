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
import ctypes
import ctypes.util
import os
import sys
from array import array
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


def proto(name, argtypes, restype=c_int):
    """Declare a C function's prototype; a missing symbol is an ImportError."""
    try:
        fn = getattr(lib, name)
    except AttributeError:
        raise ImportError(f"{library_path} lacks {name}: library and bindings do not match")
    fn.argtypes = argtypes
    fn.restype = restype
    return fn


proto("csat_strerror", [c_int], c_char_p)

# ---- errors ------------------------------------------------------------------


class CsatError(Exception):
    """Base class of every libcsat error; .code is the csat_status value."""
    code = None


class InvalidArgument(CsatError, ValueError):
    code = -1


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


class InternalError(CsatError, RuntimeError):
    code = -7


class VersionError(CsatError, RuntimeError):
    code = -8


class BufferTooSmall(CsatError, ValueError):
    code = -9


_BY_CODE = {c.code: c for c in (InvalidArgument, OutOfMemory, DomainError, EmptyInput,
                                NoConvergence, Misuse, InternalError, VersionError,
                                BufferTooSmall)}


def strerror(status):
    return lib.csat_strerror(status).decode()


def check(status, what="", message=""):
    """Raise the CsatError subclass for a negative status; return it otherwise."""
    if status < 0:
        text = message or strerror(status)
        cls = _BY_CODE.get(status, CsatError)
        err = cls(f"{what}: {text}" if what else text)
        err.code = status
        raise err
    return status


class Result(dict):
    """A dict whose keys are also attributes: r.score == r['score']."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    __setattr__ = dict.__setitem__

    def __dir__(self):
        return list(self.keys())


# ---- handles -------------------------------------------------------------------


class Handle:
    """An owned C handle: freed by close(), the context manager, or the GC.

    Subclasses set _free (the csat_x_free function) and _last_error (the
    csat_x_last_error function) and create self._ptr with the _new function.
    """
    _free = None
    _last_error = None

    def _adopt(self, ptr):
        import weakref
        self._ptr = ptr
        self._as_parameter_ = ptr
        self._finalizer = weakref.finalize(self, type(self)._free, ptr)

    def close(self):
        fin = getattr(self, "_finalizer", None)
        if fin is not None:
            fin()
        self._ptr = c_void_p()
        self._as_parameter_ = self._ptr

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _check(self, status, what=""):
        if status < 0:
            msg = ""
            if self._last_error is not None and self._ptr:
                raw = type(self)._last_error(self._ptr)
                msg = raw.decode() if raw else ""
            check(status, what, msg)
        return status


def new_handle(fn, *args, what=""):
    """Call a csat_x_new(&out, ...) function and return the new pointer."""
    out = c_void_p()
    check(fn(byref(out), *args), what)
    return out


# ---- arrays --------------------------------------------------------------------

PD = POINTER(c_double)
PU64 = POINTER(c_uint64)
PSZ = POINTER(c_size_t)
PI = POINTER(c_int)


class _In:
    """A read-only input column: .ptr, .n and a reference that keeps it alive."""
    __slots__ = ("ptr", "n", "keep")

    def __init__(self, ptr, n, keep):
        self.ptr, self.n, self.keep = ptr, n, keep


def _is_numpy(x):
    return np is not None and isinstance(x, np.ndarray)


def as_doubles(x, name="x"):
    """A column of doubles, passed without copying when it already is one."""
    if x is None:
        return _In(None, 0, None)
    if _is_numpy(x) or (np is not None and not isinstance(x, array)):
        arr = np.ascontiguousarray(x, dtype=np.float64)
        if arr.ndim != 1:
            raise InvalidArgument(f"{name} must be one-dimensional")
        return _In(arr.ctypes.data_as(PD), arr.shape[0], arr)
    if isinstance(x, array) and x.typecode == "d":
        n = len(x)
        buf = (c_double * n).from_buffer(x) if n else (c_double * 1)()
        return _In(ctypes.cast(buf, PD), n, (x, buf))
    try:
        vals = [float(v) for v in x]
    except TypeError:
        raise InvalidArgument(f"{name} must be a sequence of numbers") from None
    buf = (c_double * max(len(vals), 1))(*vals)
    return _In(ctypes.cast(buf, PD), len(vals), buf)


def as_uint64(x, name="ids"):
    """A column of uint64 (customer ids). Negative ids are an error."""
    if _is_numpy(x) or (np is not None and not isinstance(x, array)):
        arr = np.asarray(x)
        if arr.ndim != 1:
            raise InvalidArgument(f"{name} must be one-dimensional")
        if arr.dtype.kind == "i" and arr.size and arr.min() < 0:
            raise InvalidArgument(f"{name} must not be negative")
        if arr.dtype.kind not in "iu":
            raise InvalidArgument(f"{name} must be integers")
        arr = np.ascontiguousarray(arr, dtype=np.uint64)
        return _In(arr.ctypes.data_as(PU64), arr.shape[0], arr)
    vals = []
    for v in x:
        if isinstance(v, float) or int(v) != v or v < 0:
            raise InvalidArgument(f"{name} must be non-negative integers")
        vals.append(int(v))
    buf = (c_uint64 * max(len(vals), 1))(*vals)
    return _In(ctypes.cast(buf, PU64), len(vals), buf)


def as_matrix(x, name="X"):
    """A row-major matrix of doubles: returns (_In, n_rows, n_cols)."""
    if np is not None:
        arr = np.ascontiguousarray(x, dtype=np.float64)
        if arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        if arr.ndim != 2:
            raise InvalidArgument(f"{name} must be two-dimensional")
        return _In(arr.ctypes.data_as(PD), arr.size, arr), arr.shape[0], arr.shape[1]
    rows = [list(r) if hasattr(r, "__iter__") else [r] for r in x]
    ncol = len(rows[0]) if rows else 0
    if any(len(r) != ncol for r in rows):
        raise InvalidArgument(f"{name}: rows of unequal length")
    flat = as_doubles([v for r in rows for v in r], name)
    return flat, len(rows), ncol


class Out:
    """A caller-allocated output column handed to C, returned as numpy or array."""

    def __init__(self, n, ctype=c_double):
        self.n = n
        self.ctype = ctype
        if np is not None:
            dtype = {c_double: np.float64, c_int: np.intc, c_uint64: np.uint64,
                     c_size_t: np.uintp}[ctype]
            self.obj = np.zeros(n, dtype=dtype)
            self.ptr = self.obj.ctypes.data_as(POINTER(ctype))
        else:
            self._buf = (ctype * max(n, 1))()
            self.obj = None
            self.ptr = ctypes.cast(self._buf, POINTER(ctype))

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


__all__ = ["CsatError", "InvalidArgument", "OutOfMemory", "DomainError", "EmptyInput",
           "NoConvergence", "Misuse", "InternalError", "VersionError", "BufferTooSmall",
           "Result", "HAVE_NUMPY", "strerror"]
