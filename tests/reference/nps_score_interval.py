#!/usr/bin/env python3
"""Independent check of the NPS score interval used in tests/survey/test_nps.c.

Inverts the score test of Tango type (as brendan-r/NPS `iterative`): for a
candidate NPS t the restricted MLE q of the detractor share solves
2n q^2 + (-(b + c) + (2n - c + b) t) q - b t (1 - t) = 0, Var = 2q + t(1 - t),
score(t) = (c - b - n t) / sqrt(n Var). The limits are where score = -+z,
found here by 200 bisection steps in mpmath at 50 digits.
Prints the limits for the docs/theory/satisfaction.rst, 6.5 vectors:
  (nD, nPa, nP) = (75, 675, 250) -> (0.141398, 0.208781)
  (nD, nPa, nP) = (2, 0, 9)      -> (0.04604, 0.89726)
"""
from mpmath import mp, mpf, sqrt, erfinv

mp.dps = 50


def score(b, c, n, t):
    pa = 2 * n
    pb = -b - c + (2 * n - c + b) * t
    pc = -b * t * (1 - t)
    q = (sqrt(pb * pb - 4 * pa * pc) - pb) / (2 * pa)
    v = n * (2 * q + t * (1 - t))
    return (c - b - n * t) / sqrt(v)


def limits(nd, npa, npr, level=mpf("0.95")):
    b, c = mpf(nd), mpf(npr)
    n = b + c + npa
    z = sqrt(2) * erfinv(level)
    est = (c - b) / n

    def root(lo, hi, target):
        for _ in range(200):
            m = (lo + hi) / 2
            if score(b, c, n, m) > target:
                lo = m
            else:
                hi = m
        return (lo + hi) / 2

    upper = mpf(1) if npr == n else root(est, mpf(1), -z)
    lower = mpf(-1) if nd == n else root(mpf(-1), est, z)
    return lower, upper


if __name__ == "__main__":
    for counts in ((75, 675, 250), (2, 0, 9)):
        lo, hi = limits(*counts)
        print(counts, mp.nstr(lo, 10), mp.nstr(hi, 10))
