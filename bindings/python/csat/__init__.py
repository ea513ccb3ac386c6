"""Python bindings for libcsat (ctypes).

Everything the C header offers, with numpy arrays in and out when numpy is
installed and plain sequences otherwise. Errors raise CsatError subclasses,
which also derive from ValueError, MemoryError or RuntimeError as apt.
"""
from ._lib import (HAVE_NUMPY, BufferTooSmall, CsatError, DomainError, EmptyInput,
                   InternalError, InvalidArgument, Misuse, NoConvergence, OutOfMemory,
                   Result, VersionError, lib as _clib, library_origin, library_path,
                   strerror)
from .customers import *  # noqa: F401,F403
from .transactions import *  # noqa: F401,F403
from .value import *  # noqa: F401,F403
from .satisfaction import *  # noqa: F401,F403
from .btyd import *  # noqa: F401,F403
from .retention import *  # noqa: F401,F403
from .segmentation import *  # noqa: F401,F403

__version__ = _clib.csat_version_string().decode()
