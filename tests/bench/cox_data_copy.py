#!/usr/bin/python3
"""What the fit's data cost a csat.CoxPH copy, pickle and model file (issue 15, coxdata).

1,000,000 rows x 10 covariates (normal covariates, exponential lifetimes in whole days,
censored at a year). Fits with keep_data=True (the default) and keep_data=False, then, each
the best of --reps runs, interleaved: copy.deepcopy, pickle.dumps + loads (and the pickle's
size), save(path) and save(path, include_data=True) (and the files' sizes), and load of
the file with the data; and checks that proportional_hazard_test on the copy equals the
original's. A development tool, not a test; needs numpy. Run from the source tree:

    CSAT_LIBRARY=$PWD/build/src/libcsat.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 tests/bench/cox_data_copy.py [--rows 1000000] [--reps 3]

or `meson test -C build --benchmark cox_data_copy -v`.
"""
import argparse
import copy
import os
import pickle
import tempfile
import time

import numpy as np

import csat


def best(fn, reps):
    out, t = None, float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        t = min(t, time.perf_counter() - t0)
    return t, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(5)
    n, k = a.rows, 10
    X = rng.normal(size=(n, k))
    t = np.ceil(rng.exponential(size=n) / (0.003 * np.exp(X @ np.linspace(-0.3, 0.3, k))))
    e = (t <= 365).astype(float)
    t = np.minimum(t, 365.0)
    d = tempfile.mkdtemp()
    models = {"keep_data=True": csat.CoxPH().fit(X, t, e),
              "keep_data=False": csat.CoxPH(keep_data=False).fit(X, t, e)}
    print(f"CoxPH copies, {n:,} rows x {k} covariates (best of {a.reps}, wall seconds)")
    for name, m in models.items():
        tc, c = best(lambda: copy.deepcopy(m), a.reps)
        tp, blob = best(lambda: pickle.dumps(m), a.reps)
        tl, _ = best(lambda: pickle.loads(blob), a.reps)
        path = os.path.join(d, "m.json")
        ts, _ = best(lambda: m.save(path), a.reps)
        size = os.path.getsize(path)
        line = (f"  {name:16s} deepcopy {tc:.3f}  pickle dumps {tp:.3f} loads {tl:.3f} "
                f"({len(blob) / 1e6:.1f} MB)  save {ts:.3f} ({size / 1e3:.1f} kB)")
        if m.keep_data:
            full = os.path.join(d, "m-data.json")
            tf, _ = best(lambda: m.save(full, include_data=True), 1)
            tlf, loaded = best(lambda: csat.load(full), 1)
            same = all(x.proportional_hazard_test().equals(m.proportional_hazard_test())
                       for x in (c, loaded))
            line += (f"\n  {'':16s} save(include_data=True) {tf:.3f} ({os.path.getsize(full) / 1e6:.1f}"
                     f" MB), load {tlf:.3f}; cox.zph of the copy and the loaded model equal the "
                     f"fit's: {same}")
        print(line)


if __name__ == "__main__":
    main()
