"""PLS path modelling speed (issue 16): 100,000 respondents x 30 items, 7 latent
variables (the ECSI structure: image, expectations, quality, value, satisfaction,
complaints, loyalty), the fit and 1,000 bootstrap resamples, libcsat (through
csat.PLSPathModel) beside the independent numpy implementation
tests/reference/pls_reference.py in the same run.

    python3 tests/bench/pls_speed.py [--n 100000] [--boot 1000] [--numpy-boot 10] [--reps 5]

The Python overhead (issue 16: within ~1.3x of C) is measured first: the
fit through csat.PLSPathModel.fit from a dict of numpy columns and from a
pandas DataFrame, against csat_pls_fit called directly (ctypes, on a
prepared row-major matrix, so no conversion), each the best of --reps CPU
times after one warm-up fit (which pays one-time costs such as importing
pandas). --boot 0 skips the bootstrap and the numpy reference.

The numpy reference is timed on the fit and on --numpy-boot resamples (it
refits each from the data), its 1,000-resample time extrapolated linearly
(said so in the output). Needs numpy; exit 77 (skipped) without it.
"""
import argparse
import os
import sys
import time

try:
    import numpy as np
except ImportError:
    print("pls_speed: skipped (needs numpy)", file=sys.stderr)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import pls_reference as ref  # noqa: E402

import csat  # noqa: E402

LVS = ["image", "expectations", "quality", "value", "satisfaction", "complaints", "loyalty"]
N_ITEMS = [5, 4, 6, 4, 4, 3, 4]  # 30 items
PATHS = [("image", "expectations"), ("image", "satisfaction"), ("image", "loyalty"),
         ("expectations", "quality"), ("expectations", "value"), ("expectations", "satisfaction"),
         ("quality", "value"), ("quality", "satisfaction"), ("value", "satisfaction"),
         ("satisfaction", "complaints"), ("satisfaction", "loyalty"), ("complaints", "loyalty")]


def simulate(n, seed=16):
    rng = np.random.default_rng(seed)
    eta = {}
    for lv in LVS:
        preds = [a for a, b in PATHS if b == lv]
        s = sum(0.4 * eta[a] for a in preds) if preds else 0.0
        eta[lv] = s + rng.standard_normal(n)
        eta[lv] = (eta[lv] - eta[lv].mean()) / eta[lv].std()
    cols = []
    for lv, k in zip(LVS, N_ITEMS):
        for _ in range(k):
            cols.append(np.clip(np.round(6 + 1.5 * (0.8 * eta[lv] + 0.6 * rng.standard_normal(n))), 1, 10))
    return np.column_stack(cols)


def best_cpu(fn, reps):
    best = float("inf")
    for _ in range(reps):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def overhead(m, X, data, reps):
    """Python fit vs csat_pls_fit called directly on the same (warm) model."""
    import ctypes
    from csat import pls as cp
    Xc = np.ascontiguousarray(X, dtype=float)
    o = m._options()
    rep = cp._Report()

    def c_fit():
        with m._use() as h:
            st = cp._fit(h, Xc.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), Xc.shape[0], Xc.shape[1],
                         ctypes.byref(o), ctypes.byref(rep))
        assert st == 0, st
    c_fit()
    t_c = best_cpu(c_fit, reps)
    t_dict = best_cpu(lambda: m.fit(data), reps)
    print(f"Python overhead (best of {reps} CPU times, {Xc.shape[0]:,} x {Xc.shape[1]}):")
    print(f"  csat_pls_fit (C, direct)      {t_c:8.4f} s")
    print(f"  PLSPathModel.fit, numpy dict  {t_dict:8.4f} s   ({t_dict / t_c:.2f}x C)")
    try:
        import pandas as pd
    except ImportError:
        return
    df = pd.DataFrame(data)
    t_df = best_cpu(lambda: m.fit(df), reps)
    print(f"  PLSPathModel.fit, DataFrame   {t_df:8.4f} s   ({t_df / t_c:.2f}x C)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--numpy-boot", type=int, default=10)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    X = simulate(a.n)
    names = [f"{lv}_{i}" for lv, k in zip(LVS, N_ITEMS) for i in range(k)]
    data = {nm: X[:, j] for j, nm in enumerate(names)}
    blocks = {lv: [nm for nm in names if nm.rsplit("_", 1)[0] == lv] for lv in LVS}
    block_of = [LVS.index(nm.rsplit("_", 1)[0]) for nm in names]
    pidx = [(LVS.index(x), LVS.index(y)) for x, y in PATHS]

    m = csat.PLSPathModel(blocks, PATHS, scale=(1, 10))
    t0 = time.perf_counter()
    m.fit(data)
    t_fit = time.perf_counter() - t0
    overhead(m, X, data, a.reps)
    if a.boot == 0:
        return 0
    t0 = time.perf_counter()
    m.bootstrap(a.boot, seed=1)
    t_boot = time.perf_counter() - t0

    t0 = time.perf_counter()
    r = ref.pls(X, block_of, pidx, "A" * len(LVS), "path")
    t_np_fit = time.perf_counter() - t0
    rng = np.random.default_rng(2)
    t0 = time.perf_counter()
    for _ in range(a.numpy_boot):
        ref.pls(X[rng.integers(0, a.n, a.n)], block_of, pidx, "A" * len(LVS), "path")
    t_np_boot = (time.perf_counter() - t0) / a.numpy_boot * a.boot
    diff = max(abs(m.path_coefficients_[(x, y)] - r["paths"][LVS.index(x)][LVS.index(y)]) for x, y in PATHS)
    print(f"PLS-PM, {a.n:,} respondents x {X.shape[1]} items, {len(LVS)} LVs "
          f"({m.fit_report_['iterations']} iterations)")
    print(f"  fit:               libcsat {t_fit:8.3f} s   numpy reference {t_np_fit:8.3f} s   "
          f"(paths agree to {diff:.1e})")
    print(f"  {a.boot:,} resamples: libcsat {t_boot:8.3f} s   numpy reference {t_np_boot:8.3f} s "
          f"(extrapolated from {a.numpy_boot})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
