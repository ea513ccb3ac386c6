#!/usr/bin/python3
"""The convergence reports of large fits, stage by stage (issue 18 §3).

Fits 1,000,000 simulated BG/NBD customers (every history distinct: T uniform
on [27, 39) weeks) and a 1,000,000 x 10 logistic regression, and prints each
fit's report (iterations and evaluations on all rows), its stages
(fit_report_["stages"]: the strided-subsample warm-up, then all rows) and
repr's line, with the fit's CPU time. Before issue 18 the BG/NBD report said
"0 iterations, 1 evaluation" and the logistic one "2 iterations", the
warm-up not counted.

Usage: CSAT_LIBRARY=build/src/libcsat.so PYTHONPATH=bindings/python \\
       /usr/bin/python3 tests/bench/fit_stages_report.py      (needs numpy)
"""
import time

import numpy as np

import csat


def show(name, model, seconds):
    rep = model.fit_report_
    print(f"{name}: report {rep['iterations']} iterations, {rep['evaluations']} evaluations "
          f"on all rows; fit {seconds:.2f} s CPU")
    for i, st in enumerate(rep["stages"]):
        print(f"  stage {i}: {st['rows']:,} rows, {st['iterations']} iterations, "
              f"{st['evaluations']} evaluations, LL {st['log_likelihood']:.6f}, "
              f"max|g| {st['grad_norm']:.3g}, converged {st['converged']}")
    print("  repr: ..." + repr(model)[-75:])


def main():
    rng = np.random.default_rng(1)
    n = 1000000
    gen = csat.BGNBD()
    gen.params_ = {"r": 0.243, "alpha": 4.41, "a": 0.793, "b": 2.43}
    d = gen.generate_data(n, 27 + 12 * rng.random(n), seed=3)
    t = time.process_time()
    m = csat.BGNBD().fit(d["frequency"], d["recency"], d["T"])
    show("BG/NBD, 1,000,000 customers", m, time.process_time() - t)
    X = rng.normal(size=(n, 10))
    y = (rng.random(n) < 1 / (1 + np.exp(-(X @ np.linspace(-1, 1, 10))))).astype(float)
    t = time.process_time()
    lr = csat.LogisticChurn().fit(X, y)
    show("logistic, 1,000,000 x 10", lr, time.process_time() - t)


if __name__ == "__main__":
    main()
