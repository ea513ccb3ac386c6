#!/usr/bin/env python3
"""Reference BG/NBD fit on the full CDNOW_master.txt, for examples/cdnow_clv.c.

Independent of libcsat: the calibration summary is built here with pandas
(lifetimes semantics: purchase days counted once; calibration 1997-01-01 ..
1997-09-30; x = repeat purchase days, t_x and T in weeks from the first
purchase to the last one and to the end of calibration), and the BG/NBD
log-likelihood of Fader, Hardie & Lee (2005, "Counting your customers the
easy way", eq. 6) is written out with scipy.special and maximised with
scipy.optimize (L-BFGS-B on log-parameters, then Nelder-Mead to polish).

    /usr/bin/python3 tests/reference/cdnow_master_bgnbd.py

prints the summary totals, the parameters and the log-likelihood; the
values are copied into examples/meson.build (test example-cdnow_clv-master).
"""
import os

import numpy as np
import pandas as pd
from scipy import optimize, special

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "CDNOW_master.txt")


def summary(path, cal_end="1997-09-30"):
    tx = pd.read_csv(path, sep=r"\s+", dtype={"date": str})
    tx["day"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    days = tx[["customer_id", "day"]].drop_duplicates()
    end = pd.Timestamp(cal_end)
    days = days[days["day"] <= end]
    g = days.groupby("customer_id")["day"]
    first, last, n = g.min(), g.max(), g.size()
    x = (n - 1).astype(float)
    t_x = (last - first).dt.days / 7.0
    T = (end - first).dt.days / 7.0
    return x.to_numpy(), t_x.to_numpy(), T.to_numpy()


def negll(logp, x, t_x, T):
    r, alpha, a, b = np.exp(logp)
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a1 = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a2 = np.where(x > 0, special.betaln(a + 1, b + np.maximum(x, 1) - 1) - special.betaln(a, b)
                      - (r + x) * np.log(alpha + t_x), -np.inf)
    return -np.sum(common + np.logaddexp(a1, a2))


def main():
    x, t_x, T = summary(DATA)
    print(f"customers {len(x)}, sum x {x.sum():.0f}, x = 0: {(x == 0).sum()}, sum T {T.sum():.6f} weeks")
    start = np.log([0.243, 4.414, 0.793, 2.426])
    res = optimize.minimize(negll, start, args=(x, t_x, T), method="L-BFGS-B")
    res = optimize.minimize(negll, res.x, args=(x, t_x, T), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000})
    r, alpha, a, b = np.exp(res.x)
    print(f"r {r:.6f} alpha {alpha:.6f} a {a:.6f} b {b:.6f} LL {-res.fun:.6f}")


if __name__ == "__main__":
    main()
