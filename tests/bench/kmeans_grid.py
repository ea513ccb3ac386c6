#!/usr/bin/python3
"""k-means time per iteration, libcsat against scikit-learn, over d x k (issue 18).

A development tool (needs numpy, scikit-learn and threadpoolctl, e.g. Debian's
python3-sklearn for /usr/bin/python3); never a test dependency. One command:

    CSAT_LIBRARY=$PWD/build/src/libcsat.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 tests/bench/kmeans_grid.py [--threads 1] [--n 200000]

The issue's 10M x 3, k = 8 comparison (add --threads 2 for thread against thread):

    ... tests/bench/kmeans_grid.py --n 10000000 --d 3 --k 8 --iters 20

For each d in 3, 16, 64 and k in 8, 64, 256: uniform rows on [0, 1)^d
(numpy's default_rng(d * 1000 + k)), the same k starting centres (rows drawn
from the data) for everyone, a fixed number of iterations (tol = 0,
max_iter = --iters; scikit-learn may stop earlier when no label changes,
libcsat too, so each time is divided by that run's own n_iter_). Columns:
seconds per iteration for scikit-learn's Lloyd, libcsat's Lloyd, Hamerly and
"auto" (the default), and scikit-learn / libcsat auto. Best of --reps,
runs of the competitors interleaved. Every libcsat algorithm must report the
same inertia (checked: they give the same bits). --threads sets scikit-learn's
thread pool (threadpoolctl) and libcsat's handle threads (n_jobs when the
Python class has it, else csat_kmeans_set_parallel on its handle).
"""
import argparse
import ctypes
import inspect
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

import csat


class _ParallelOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("n_threads", ctypes.c_size_t),
                ("executor", ctypes.c_void_p)]


def csat_kmeans(threads, **kw):
    """csat.KMeans(**kw) on `threads` threads: through n_jobs when the class has it,
    else csat_kmeans_set_parallel on its handle."""
    if "n_jobs" in inspect.signature(csat.KMeans).parameters:
        return csat.KMeans(n_jobs=threads, **kw)
    km = csat.KMeans(**kw)
    if threads != 1:
        lib = csat._lib.lib
        lib.csat_kmeans_set_parallel.argtypes = [ctypes.c_void_p, ctypes.POINTER(_ParallelOptions)]
        if lib.csat_kmeans_set_parallel(km._ptr, ctypes.byref(_ParallelOptions(1, threads, None))) != 0:
            raise RuntimeError("csat_kmeans_set_parallel failed")
    return km


CLOCK = time.perf_counter


def timed(fit):
    t0 = CLOCK()
    m = fit()
    return CLOCK() - t0, m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200_000, help="rows (default 200,000)")
    ap.add_argument("--iters", type=int, default=8, help="iterations per fit (default 8)")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--d", type=int, nargs="+", default=[3, 16, 64])
    ap.add_argument("--k", type=int, nargs="+", default=[8, 64, 256])
    ap.add_argument("--cpu", action="store_true",
                    help="process CPU time instead of wall time (one thread on a loaded machine)")
    ap.add_argument("--algs", nargs="+", default=["lloyd", "hamerly", "auto"],
                    choices=["lloyd", "hamerly", "auto"], help="libcsat algorithms to time")
    a = ap.parse_args()
    global CLOCK
    CLOCK = time.process_time if a.cpu else time.perf_counter
    print(f"scikit-learn {__import__('sklearn').__version__}, numpy {np.__version__}, "
          f"n = {a.n}, {a.iters} iterations, threads {a.threads}; "
          f"{'CPU' if a.cpu else 'wall'} seconds per iteration")
    print(f"{'d':>3} {'k':>4} {'sklearn':>9} {'lloyd':>9} {'hamerly':>9} {'auto':>9} "
          f"{'sk/auto':>8} {'it':>3}")
    with threadpool_limits(limits=a.threads):
        for d in a.d:
            for k in a.k:
                rng = np.random.default_rng(d * 1000 + k)
                X = rng.random((a.n, d))
                C = X[rng.choice(a.n, k, replace=False)].copy()
                best = {}
                inert = {}
                for _ in range(a.reps):
                    t, m = timed(lambda: KMeans(k, init=C, n_init=1, max_iter=a.iters, tol=0.0,
                                                algorithm="lloyd").fit(X))
                    best["sk"] = min(best.get("sk", 1e300), t / m.n_iter_)
                    for alg in a.algs:
                        t, m = timed(lambda: csat_kmeans(a.threads, k=k, init=C, max_iter=a.iters,
                                                         tol=0.0, algorithm=alg).fit(X))
                        best[alg] = min(best.get(alg, 1e300), t / m.n_iter_)
                        inert[alg] = (m.inertia_, m.n_iter_)
                if len(set(inert.values())) != 1:
                    print(f"  MISMATCH between algorithms: {inert}")
                col = {alg: f"{best[alg]:9.4f}" if alg in best else f"{'-':>9}"
                       for alg in ("lloyd", "hamerly", "auto")}
                ref = "auto" if "auto" in best else a.algs[0]
                print(f"{d:3d} {k:4d} {best['sk']:9.4f} {col['lloyd']} {col['hamerly']} "
                      f"{col['auto']} {best['sk'] / best[ref]:8.2f} "
                      f"{inert[ref][1]:3d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
