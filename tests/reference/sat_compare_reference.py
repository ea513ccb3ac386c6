"""Reference values for tests/survey/test_sat_compare.c (issue 16).

Independent of libcsat: the formulas written out here with numpy and scipy
(/usr/bin/python3; scipy.stats.ttest_ind_from_stats for Welch's test,
scipy.stats.t / norm for quantiles and tails), from the published sources:
 - Newcombe R.G. (1998) Two-sided confidence intervals for the single
   proportion / difference between independent proportions, Stat Med
   17:873-890, Table II example (a) 56/70 - 48/80: method 1 (Wald)
   0.0575, 0.3425; method 10 (hybrid score) 0.0524, 0.3339;
 - Agresti A., Caffo B. (2000) Am Stat 54:280-288 (add 1 success, 1 failure);
 - Cochran W.G. (1977) Sampling Techniques, 3rd ed., (4.1)-(4.2) for the
   finite-population correction of n;
 - Montgomery D.C., Introduction to Statistical Quality Control: p-chart
   with variable n, X-bar chart with limits at 3 sigma / sqrt(n).
Student t quantiles come from mpmath (student_t_mpmath.quantile, 50 digits):
scipy.stats.t.ppf(0.975, 39) = 2.022690911734728 is off by 4e-9 relative
(mpmath: 2.0226909200367607), so scipy's ppf is printed only beside it.
Run: /usr/bin/python3 tests/reference/sat_compare_reference.py
"""
import math

import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from student_t_mpmath import quantile as t_quantile  # noqa: E402


def tq_of(p, df):
    return float(t_quantile(p, df))


def wilson(k, n, z):
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z / den * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return mid - half, mid + half


def proportions(k1, n1, k2, n2, level=0.95):
    z = stats.norm.ppf(0.5 + level / 2)
    p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    pool = (k1 + k2) / (n1 + n2)
    zstat = d / math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2))
    l1, u1 = wilson(k1, n1, z)
    l2, u2 = wilson(k2, n2, z)
    newc = (d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2))
    a1, a2 = (k1 + 1) / (n1 + 2), (k2 + 1) / (n2 + 2)
    sac = math.sqrt(a1 * (1 - a1) / (n1 + 2) + a2 * (1 - a2) / (n2 + 2))
    print(f"proportions {k1}/{n1} - {k2}/{n2}: d {100*d!r} se {100*se!r} z {zstat!r} "
          f"p {2*stats.norm.sf(abs(zstat))!r}")
    print(f"  wald {100*(d - z*se)!r} {100*(d + z*se)!r}")
    print(f"  newcombe {100*newc[0]!r} {100*newc[1]!r}")
    print(f"  agresti-caffo {100*(a1-a2-z*sac)!r} {100*(a1-a2+z*sac)!r}")
    # chi-square without continuity correction = z^2
    tab = np.array([[k1, n1 - k1], [k2, n2 - k2]])
    chi2 = stats.chi2_contingency(tab, correction=False)[0]
    print(f"  chi2 {chi2!r} z^2 {zstat*zstat!r}")


def welch(m1, s1, n1, m2, s2, n2, level=0.95):
    r = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    tq = tq_of(0.5 + level / 2, df)
    print(f"  (scipy t.ppf {stats.t.ppf(0.5 + level / 2, df)!r}, mpmath {tq!r})")
    print(f"welch {m1},{s1},{n1} - {m2},{s2},{n2}: t {r.statistic!r} p {r.pvalue!r} df {df!r} "
          f"se {se!r} ci {m1-m2-tq*se!r} {m1-m2+tq*se!r}")


def sample_size(S, h, level, N=0):
    z = stats.norm.ppf(0.5 + level / 2)
    n0 = (z * S / h) ** 2
    n = n0 / (1 + (n0 - 1) / N) if N else n0
    print(f"sample size S {S} h {h} level {level} N {N}: n0 {n0!r} n {n!r} -> {math.ceil(n)}")


def main():
    proportions(56, 70, 48, 80)
    proportions(120, 200, 95, 180)
    welch(4.2, 0.9, 50, 3.9, 1.1, 60)
    welch(7.3, 1.4, 60, 7.1, 1.5, 50)
    welch(6.8, 1.6, 40, 7.3, 1.4, 60)
    sample_size(50.0, 5.0, 0.95)
    sample_size(50.0, 5.0, 0.95, 2000)
    sample_size(1.2, 0.1, 0.95)
    sample_size(100 * math.sqrt(0.5), 5.0, 0.95, 10000)
    # tracking: p-chart of 40, 45, 30, 60 of 100 each
    k = np.array([40, 45, 30, 60.0])
    n = np.array([100, 100, 100, 100.0])
    p = k.sum() / n.sum()
    half = 3 * 100 * np.sqrt(p * (1 - p) / n)
    print("p-chart center", 100 * p, "lcl", 100 * p - half, "ucl", 100 * p + half)
    for w in range(4):
        lo, hi = wilson(k[w], n[w], stats.norm.ppf(0.975))
        print(f"  wave {w} wilson {100*lo!r} {100*hi!r}")
    # X-bar chart of means 7.1, 7.3, 6.8 (sd 1.5, 1.4, 1.6; n 50, 60, 40)
    m = np.array([7.1, 7.3, 6.8])
    s = np.array([1.5, 1.4, 1.6])
    n = np.array([50, 60, 40.0])
    c = (n * m).sum() / n.sum()
    sp = math.sqrt(((n - 1) * s * s).sum() / (n - 1).sum())
    print("xbar center", c, "pooled sd", sp, "half", 3 * sp / np.sqrt(n))
    for w in range(3):
        tq = tq_of(0.975, n[w] - 1)
        print(f"  wave {w} t interval {m[w] - tq*s[w]/math.sqrt(n[w])!r} {m[w] + tq*s[w]/math.sqrt(n[w])!r}")
    # relative score: own 80 (SE 2) against 70 (1.5) and 75 (2.5)
    z = stats.norm.ppf(0.975)
    b, bse = 72.5, math.sqrt(1.5**2 + 2.5**2) / 2
    dse = math.hypot(2, bse)
    ls = math.hypot(2 / 80, bse / b)
    print("relative: benchmark_se", bse, "diff", 80 - b, "diff_se", dse,
          "ci", 80 - b - z * dse, 80 - b + z * dse,
          "ratio", 80 / b, "ci", 80 / b * math.exp(-z * ls), 80 / b * math.exp(z * ls))


if __name__ == "__main__":
    main()
