"""Simulated customers of the BTYD and spend models (wraps csat_btyd_simulate and
csat_spend_simulate), behind BGNBD.generate_data, ..., GammaGamma.generate_data.

The draws are made in C from a seeded generator with no global state: the same
seed gives the same customers on every platform, and customer i is the same
whatever n is.
"""
from array import array
from ctypes import c_size_t, c_uint64, c_void_p

from . import _frames
from ._lib import (PD, InvalidArgument, Out, Result, as_doubles, integer, np, proto,
                   scalar_or_column)

__all__ = []  # reached through the model classes' generate_data methods

_btyd_simulate = proto("csat_btyd_simulate", [c_void_p, c_uint64, PD, c_size_t, PD, PD, PD, PD])
_spend_simulate = proto("csat_spend_simulate", [c_void_p, c_uint64, PD, c_size_t, PD, PD])

# the latent columns per kind, as csat_btyd_simulate orders them
_LATENT = {0: ("lambda", "p"), 1: ("lambda", "mu"), 2: ("lambda", "p"), 3: ("p", "theta"),
           4: ("lambda", "eta")}


def _column(values, n, name, **checks):
    """A column of n values from one number (the same for every customer) or n values."""
    col, scalar = scalar_or_column(values, name, **checks)
    if scalar:
        col = as_doubles([col.values()[0]] * n, name, **checks)
    elif col.n != n:
        raise InvalidArgument(f"{name} must be one number or {n} values (one per customer), "
                              f"not {col.n}")
    return col


def _copy(col):
    """An input column as an output column of its own (numpy when available)."""
    if np is not None:
        return np.array(col.keep, dtype=np.float64).reshape(-1)[: col.n]
    return array("d", col.values())


def btyd_data(model, n, T, seed):
    """Simulated customers of a BTYD model: see _BTYD.generate_data."""
    n = integer(n, "n", ctype=c_size_t, lo=1)
    seed = integer(seed, "seed", ctype=c_uint64)
    kind = type(model)._kind
    age = type(model)._age
    t = _column(T, n, "T", finite=True)
    x, tx, latent, alive = Out(n), Out(n), Out(2 * n), Out(n)
    with model._use() as p:
        model._check(_btyd_simulate(p, seed, t.ptr, n, x.ptr, tx.ptr, latent.ptr, alive.ptr),
                     f"{type(model).__name__}.generate_data")
    lat = latent.value()
    first, second = _LATENT[kind]
    cols = {"customer_id": list(range(n)) if _frames.pandas() is None else range(n),
            "frequency": x.value(), "recency": tx.value(), age: _copy(t),
            first: lat[0::2], second: lat[1::2], "alive": alive.value()}
    return _frames.result_frame(Result(cols), "customer_id")


def spend_data(model, n, frequency, seed):
    """Simulated mean spends of a Gamma-Gamma model: see GammaGamma.generate_data."""
    n = integer(n, "n", ctype=c_size_t, lo=1)
    seed = integer(seed, "seed", ctype=c_uint64)
    f = _column(frequency, n, "frequency", finite=True, nonneg=True, whole=True)
    z, nu = Out(n), Out(n)
    with model._use() as p:
        model._check(_spend_simulate(p, seed, f.ptr, n, z.ptr, nu.ptr), "GammaGamma.generate_data")
    cols = {"customer_id": list(range(n)) if _frames.pandas() is None else range(n),
            "frequency": _copy(f), "monetary_value": z.value(), "nu": nu.value()}
    return _frames.result_frame(Result(cols), "customer_id")
