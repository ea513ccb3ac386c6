#!/usr/bin/python3
"""scikit-learn's KMeans on exactly the rows bench_kmeans clusters, next to libcsat.

A development tool (needs numpy and scikit-learn, e.g. Debian's python3-sklearn
1.2.1 for /usr/bin/python3); never a test dependency.

    CSAT_BENCH_DUMP=/tmp/km build/tests/bench/bench_segmentation_kmeans 1e6 1e7
    CSAT_LIBRARY=$PWD/build/src/libcsat.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 tests/bench/kmeans_sklearn.py /tmp/km 1000000 10000000

For each size and seed it prints, best wall time of --reps runs, on --threads
threads (default 1; scikit-learn's OpenMP pool through threadpoolctl, libcsat's
handle through csat_kmeans_set_parallel, see kmeans_grid.py):
  sklearn++    KMeans(8, init='k-means++', n_init=1, algorithm='lloyd', random_state=seed)
  csat++       csat.KMeans(8, seed=seed) (libcsat's own greedy k-means++)
  sklearn@C    sklearn Lloyd from C = sklearn.cluster.kmeans_plusplus(X, 8, random_state=seed)
  csat@C       libcsat Lloyd from the same C
Both use tol = 1e-4 with the same rule: stop when the summed squared centre
shift is <= tol times the mean feature variance, or when no label changes;
from identical centres (the @C rows) both report the same iteration count and
inertia. Inertia is the sum of squared distances to the final centres in both.
The two k-means++ implementations draw different random numbers, so the ++
rows reach different local optima: compare them over several seeds.
Timings of the csat rows include the ctypes wrapper (argument conversion).
"""
import argparse
import os
import sys
import time


import numpy as np  # noqa: E402
from sklearn.cluster import KMeans, kmeans_plusplus  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

try:
    import csat
    from kmeans_grid import csat_kmeans
except ImportError:  # libcsat columns are then skipped
    csat = None


def best_of(reps, fit):
    best, res = float("inf"), None
    for _ in range(reps):
        t0 = time.perf_counter()
        res = fit()
        best = min(best, time.perf_counter() - t0)
    return best, res


def report(label, n, seed, secs, n_iter, inertia):
    print(f"{label:10s} n = {n:8d} seed {seed}: {secs:7.3f} s  {n_iter:3d} iterations  "
          f"inertia {inertia:.10g}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("prefix", help="CSAT_BENCH_DUMP prefix used with bench_kmeans")
    ap.add_argument("sizes", nargs="+", type=int)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", choices=["sklearn", "csat"], default=None)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    print(f"scikit-learn {__import__('sklearn').__version__}, numpy {np.__version__}, "
          f"libcsat {'loaded' if csat else 'not found (set CSAT_LIBRARY and PYTHONPATH)'}")
    print(f"threads: {a.threads}")
    with threadpool_limits(limits=a.threads):
        for n in a.sizes:
            X = np.fromfile(f"{a.prefix}{n}.f64", dtype=np.float64).reshape(-1, 3)
            assert X.shape[0] == n, "data file does not match the size"
            for seed in a.seeds:
                if a.only != "csat":
                    t, km = best_of(a.reps, lambda: KMeans(
                        8, init="k-means++", n_init=1, algorithm="lloyd", tol=1e-4,
                        random_state=seed).fit(X))
                    report("sklearn++", n, seed, t, km.n_iter_, km.inertia_)
                if csat and a.only != "sklearn":
                    t, km = best_of(a.reps, lambda: csat_kmeans(a.threads, k=8, seed=seed, tol=1e-4).fit(X))
                    report("csat++", n, seed, t, km.n_iter_, km.inertia_)
                C, _ = kmeans_plusplus(X, 8, random_state=seed)
                if a.only != "csat":
                    t, km = best_of(a.reps, lambda: KMeans(
                        8, init=C, n_init=1, algorithm="lloyd", tol=1e-4).fit(X))
                    report("sklearn@C", n, seed, t, km.n_iter_, km.inertia_)
                if csat and a.only != "sklearn":
                    t, km = best_of(a.reps, lambda: csat_kmeans(a.threads, k=8, init=C, tol=1e-4).fit(X))
                    report("csat@C", n, seed, t, km.n_iter_, km.inertia_)
    return 0


if __name__ == "__main__":
    sys.exit(main())
