"""Threads for the C handles (issue 18): scikit-learn's n_jobs mapped onto
csat_x_set_parallel.

n_jobs follows scikit-learn: None or 1 = one thread (libcsat's default),
-1 = every core this process may use, -k = all but k - 1 of them, k > 1 =
k threads. The C calls already release the GIL (ctypes does), so a threaded
call runs its threads while other Python threads go on.
"""
import numbers
from ctypes import POINTER, Structure, byref, c_size_t, c_uint, c_void_p

from ._lib import InvalidArgument, InvalidType, check, proto


class _ParallelOptions(Structure):
    _fields_ = [("version", c_uint), ("n_threads", c_size_t), ("executor", c_void_p)]


_init = proto("csat_parallel_options_init", [POINTER(_ParallelOptions), c_uint])
_cpu_count = proto("csat_parallel_cpu_count", [], c_size_t)

MAX_THREADS = 256  # CSAT_MAX_THREADS

_SETTERS = {
    "customers": proto("csat_customers_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "value_model": proto("csat_value_model_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "pls": proto("csat_pls_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "btyd": proto("csat_btyd_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "spend": proto("csat_spend_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "sbg": proto("csat_sbg_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "km": proto("csat_km_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "cox": proto("csat_cox_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "logistic": proto("csat_logistic_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
    "kmeans": proto("csat_kmeans_set_parallel", [c_void_p, POINTER(_ParallelOptions)]),
}


# The n_jobs parameter in the numpydoc Parameters section of every class that
# takes it (documented() puts it in place of "{n_jobs}").
N_JOBS_DOC = """n_jobs : int or None, default None
        Threads for the heavy C loops, as scikit-learn's n_jobs: None or 1 = one thread
        (no thread is started), -1 = every core this process may use, -k = all but k - 1,
        k > 1 = k threads. Results are bit-identical whatever the value."""


def documented(obj):
    """Class or function decorator: N_JOBS_DOC in place of {n_jobs} in its docstring."""
    obj.__doc__ = obj.__doc__.replace("{n_jobs}", N_JOBS_DOC)
    return obj


def cpu_count():
    """Cores this process may run on (what n_jobs=-1 uses)."""
    return int(_cpu_count())


def threads(n_jobs, name="n_jobs"):
    """The C thread count (>= 1) for scikit-learn's n_jobs; InvalidArgument names `name`."""
    if n_jobs is None:
        return 1
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise InvalidType(f"{name} = {n_jobs!r}: give None, -1 (all cores) or a non-zero integer")
    n = int(n_jobs)
    if n == 0:
        raise InvalidArgument(f"{name} = 0: give None or 1 (one thread), -1 (all cores) or k > 1")
    if n < 0:
        n = max(1, cpu_count() + 1 + n)
    if n > MAX_THREADS:
        raise InvalidArgument(f"{name} = {n_jobs}: at most {MAX_THREADS} threads")
    return n


def apply(kind, handle, n_jobs, name="n_jobs"):
    """Set a C handle's threads from n_jobs. kind: "btyd", "kmeans", ... (csat_<kind>_set_parallel)."""
    opts = _ParallelOptions()
    check(_init(byref(opts), 1), "parallel options")
    opts.n_threads = threads(n_jobs, name)
    check(_SETTERS[kind](handle, byref(opts)), f"{name}")
