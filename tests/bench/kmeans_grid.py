#!/usr/bin/python3
"""k-means time per iteration, libcsat against scikit-learn, over d x k (issue 18).

A development tool (needs numpy, scikit-learn and threadpoolctl, e.g. Debian's
python3-sklearn for /usr/bin/python3); never a test dependency. One command:

    CSAT_LIBRARY=$PWD/build/src/libcsat.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 tests/bench/kmeans_grid.py [--threads 1] [--n 200000]

For each d in 3, 16, 64 and k in 8, 64, 256: uniform rows on [0, 1)^d
(numpy's default_rng(d * 1000 + k)), the same k starting centres (rows drawn
from the data) for everyone, a fixed number of iterations (tol = 0,
max_iter = --iters; scikit-learn may stop earlier when no label changes,
libcsat too, so each time is divided by that run's own n_iter_). Columns:
seconds per iteration for scikit-learn's Lloyd, libcsat's Lloyd, Hamerly and
"auto" (what it picked), and scikit-learn / libcsat auto. Best of --reps,
runs of the competitors interleaved. Every libcsat algorithm must report the
same inertia (checked: they give the same bits). --threads sets scikit-learn's
thread pool (threadpoolctl) and libcsat's handle threads (n_jobs, when the
Python class has it).
"""
import argparse
import inspect
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_limits

import csat


def timed(fit):
    t0 = time.perf_counter()
    m = fit()
    return time.perf_counter() - t0, m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200_000, help="rows (default 200,000)")
    ap.add_argument("--iters", type=int, default=8, help="iterations per fit (default 8)")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--d", type=int, nargs="+", default=[3, 16, 64])
    ap.add_argument("--k", type=int, nargs="+", default=[8, 64, 256])
    a = ap.parse_args()
    jobs = {"n_jobs": a.threads} if "n_jobs" in inspect.signature(csat.KMeans).parameters else {}
    if a.threads != 1 and not jobs:
        print("note: csat.KMeans has no n_jobs yet: libcsat runs on one thread")
    print(f"scikit-learn {__import__('sklearn').__version__}, numpy {np.__version__}, "
          f"n = {a.n}, {a.iters} iterations, threads {a.threads}; seconds per iteration")
    print(f"{'d':>3} {'k':>4} {'sklearn':>9} {'lloyd':>9} {'hamerly':>9} {'auto':>9} {'picked':>8} "
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
                    for alg in ("lloyd", "hamerly", "auto"):
                        t, m = timed(lambda: csat.KMeans(k, init=C, max_iter=a.iters, tol=0.0,
                                                         algorithm=alg, **jobs).fit(X))
                        best[alg] = min(best.get(alg, 1e300), t / m.n_iter_)
                        inert[alg] = (m.inertia_, m.n_iter_)
                if len(set(inert.values())) != 1:
                    print(f"  MISMATCH between algorithms: {inert}")
                picked = "hamerly" if abs(best["auto"] - best["hamerly"]) < abs(best["auto"] - best["lloyd"]) else "lloyd"
                print(f"{d:3d} {k:4d} {best['sk']:9.4f} {best['lloyd']:9.4f} {best['hamerly']:9.4f} "
                      f"{best['auto']:9.4f} {picked:>8} {best['sk'] / best['auto']:8.2f} "
                      f"{inert['auto'][1]:3d}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
