#!/usr/bin/python3
"""What the Python layer adds to libcsat's C time: C vs numpy in vs pandas in.

Issue 11's target: for 1,000,000-row calls the Python layer adds at most 10%
to the C time, and pandas conversion copies nothing it need not. Measured for
BG/NBD p_alive and expected_purchases (1,000,000 customers) and for the
transaction summary (1,000,000 customers, 3,000,000 transactions over two
years, lifetimes' summary_data_from_transaction_data with freq "D" and amounts):

  C       the C functions called directly through ctypes on ready float64
          columns: csat_btyd_p_alive / csat_btyd_expected_purchases into a
          new column (np.empty: the result has to be new memory in any
          language, and writing it costs page faults); for the summary csat_customers_add (ids as
          uint64, times as float days) + csat_customers_summarize + export of
          the ids and the four columns lifetimes returns;
  numpy   the package's functions on numpy arrays (for the summary a dict of
          numpy columns: int64 ids, datetime64[ns] dates, float64 amounts);
  pandas  the same on DataFrame columns / a DataFrame (Series / DataFrame out).

Each figure is the best of --reps runs in CPU time of the process, the three
variants interleaved (see best()). "extra MiB" is the peak of memory
allocated during the call beyond its result (tracemalloc, which sees numpy's
allocations; not the C store's own rows): what the layer copies or builds
on the way. A development tool, not a test; needs numpy and pandas. Run from
the source tree:

    CSAT_LIBRARY=$PWD/build/src/libcsat.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 tests/bench/python_overhead.py [--customers 1000000] [--reps 7]

or `meson test -C build --benchmark python_overhead -v`.
"""
import argparse
import ctypes
import gc
import time
import tracemalloc

import numpy as np
import pandas as pd

import csat
from csat import btyd as _btyd
from csat import customers as _cust

PD = ctypes.POINTER(ctypes.c_double)
PU64 = ctypes.POINTER(ctypes.c_uint64)
PARAMS = dict(r=0.242593, alpha=4.413532, a=0.792886, b=2.425752)  # BG/NBD, CDNOW (FHL 2005)


def ptr(a, kind=PD):
    return a.ctypes.data_as(kind)


def best(fns, reps):
    """[(best CPU seconds, result of the last run)] of each function, run in
    turn reps times (interleaved, so that load from other jobs on a shared
    machine falls on all of them alike). CPU time of this process: the calls
    are single-threaded, so it is their run time, and it is what other jobs
    disturb least."""
    times, outs = [[] for _ in fns], [None] * len(fns)
    for _ in range(reps):
        for i, fn in enumerate(fns):
            outs[i] = None
            gc.collect()
            t0 = time.process_time()
            outs[i] = fn()
            times[i].append(time.process_time() - t0)
    return [(min(t), out) for t, out in zip(times, outs)]


def extra_mib(fn):
    """Peak MiB allocated during fn() beyond what its result keeps."""
    gc.collect()
    tracemalloc.start()
    out = fn()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del out
    return (peak - kept) / 2 ** 20


def customers_data(n, seed):
    """frequency, recency, T of n customers (weeks), as a BG/NBD population would look."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(1.0, 78.0, n)
    recency = T * rng.uniform(0.0, 1.0, n)
    frequency = np.floor(rng.gamma(0.5, 4.0, n))
    recency[frequency == 0] = 0.0
    return frequency, recency, T


def transactions_data(n_customers, per_customer, seed):
    """ids (int64, shuffled), dates (datetime64[ns], whole days over two years), amounts."""
    rng = np.random.default_rng(seed)
    n = n_customers * per_customer
    ids = rng.integers(0, n_customers, n).astype(np.int64)
    ids[:n_customers] = np.arange(n_customers)  # every customer buys at least once
    days = rng.integers(0, 730, n)
    dates = (np.datetime64("2020-01-01", "D") + days).astype("datetime64[ns]")
    amounts = np.round(rng.gamma(2.0, 20.0, n), 2)
    return ids, dates, amounts


def report(name, t_c, t_np, t_pd, mib_np, mib_pd, out_mib):
    print(f"{name:26s} C {t_c * 1e3:8.1f} ms | numpy {t_np * 1e3:8.1f} ms "
          f"({(t_np / t_c - 1) * 100:+5.1f}%) | pandas {t_pd * 1e3:8.1f} ms "
          f"({(t_pd / t_c - 1) * 100:+5.1f}%)"
          f" | extra MiB numpy {mib_np:5.1f}, pandas {mib_pd:5.1f} (result {out_mib:.1f})")


def bench_predictions(n, reps):
    f, r, T = customers_data(n, 20261123)
    df = pd.DataFrame({"frequency": f, "recency": r, "T": T},
                      index=pd.RangeIndex(1_000_000_000, 1_000_000_000 + n, name="customer"))
    m = csat.BGNBD()
    m.params_ = PARAMS

    def c_p_alive():
        out = np.empty(n)  # a new result column, as the bindings return one
        assert _btyd._p_alive(m._ptr, ptr(f), ptr(r), ptr(T), n, ptr(out)) == 0
        return out

    def c_expected():
        out = np.empty(n)
        assert _btyd._expected(m._ptr, 10.0, ptr(f), ptr(r), ptr(T), n, ptr(out)) == 0
        return out

    calls = {
        "p_alive": (c_p_alive, lambda: m.p_alive(f, r, T),
                    lambda: m.p_alive(df["frequency"], df["recency"], df["T"])),
        "expected_purchases(10)": (
            c_expected, lambda: m.expected_purchases(10, f, r, T),
            lambda: m.expected_purchases(10, df["frequency"], df["recency"], df["T"])),
    }
    for name, (c, with_np, with_pd) in calls.items():
        (t_c, out), (t_np, a), (t_pd, s) = best((c, with_np, with_pd), reps)
        assert np.array_equal(a, s.to_numpy()) and s.index is df.index
        assert np.array_equal(out, a)
        report(name, t_c, t_np, t_pd, extra_mib(with_np), extra_mib(with_pd), n * 8 / 2 ** 20)


def summary_c(ids_u64, days, amounts, end_day):
    """The C calls a C program would make: add, summarize, export ids + 4 columns."""
    store = ctypes.c_void_p()
    assert _cust._new(ctypes.byref(store), None) == 0
    try:
        assert _cust._add(store, ptr(ids_u64, PU64), ptr(days), ptr(amounts), len(days)) == 0
        o = _cust._Options()
        _cust._options_init(ctypes.byref(o), 1)
        o.observation_end = end_day
        n, n_exc = ctypes.c_size_t(), ctypes.c_size_t()
        assert _cust._summarize(store, ctypes.byref(o), ctypes.byref(n), ctypes.byref(n_exc)) == 0
        n = n.value
        ids = np.empty(n, dtype=np.uint64)
        _cust._summary_ids(store, ptr(ids, PU64), n)
        cols = {}
        for field, name in ((1, "frequency"), (2, "recency"), (3, "T"), (4, "monetary_value")):
            cols[name] = np.empty(n)
            assert _cust._summary_column(store, field, ptr(cols[name]), n) == 0
        return ids, cols
    finally:
        _cust._free(store)


def bench_summary(n_customers, reps):
    ids, dates, amounts = transactions_data(n_customers, 3, 20261124)
    days = (dates - np.datetime64(0, "D")) / np.timedelta64(1, "D")  # what a C caller has
    ids_u64 = ids.view(np.uint64)
    end = dates.max()
    end_day = float((end - np.datetime64(0, "D")) / np.timedelta64(1, "D"))
    cols = {"customer_id": ids, "date": dates, "amount": amounts}
    df = pd.DataFrame(cols)
    kw = dict(customer_id_col="customer_id", datetime_col="date", monetary_value_col="amount")
    (t_c, (c_ids, c_cols)), (t_np, d), (t_pd, s) = best(
        (lambda: summary_c(ids_u64, days, amounts, end_day),
         lambda: csat.summary_data_from_transaction_data(cols, **kw),
         lambda: csat.summary_data_from_transaction_data(df, **kw)), reps)
    assert np.array_equal(c_ids.view(np.int64), s.index.to_numpy())
    for name, col in c_cols.items():
        assert np.array_equal(col, s[name].to_numpy()) and np.array_equal(col, d[name])
    out_mib = len(c_ids) * 8 * 5 / 2 ** 20
    report(f"summary ({len(ids) / 1e6:.0f}M transactions)", t_c, t_np, t_pd,
           extra_mib(lambda: csat.summary_data_from_transaction_data(cols, **kw)),
           extra_mib(lambda: csat.summary_data_from_transaction_data(df, **kw)), out_mib)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()
    print(f"libcsat {csat.__version__} ({csat.library_path}), numpy {np.__version__}, "
          f"pandas {pd.__version__}; {args.customers:,} customers, best of {args.reps}")
    bench_predictions(args.customers, args.reps)
    bench_summary(args.customers, args.reps)


if __name__ == "__main__":
    main()
