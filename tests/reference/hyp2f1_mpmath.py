#!/usr/bin/env python3
"""Reference values of the Gauss hypergeometric function 2F1(a, b; c; z) on
the parameter ranges the models use; writes tests/numerics/hyp2f1_reference.h.
Run: python3 tests/reference/hyp2f1_mpmath.py (mpmath 1.3.0); with
--dump FILE --n 400 --seed S it writes a larger sample as text instead (how
the old and new routines were compared).

Each value is mpmath.hyp2f1 at 40 digits, checked against a second
evaluation at 60 digits (the script stops if they differ beyond 1e-30), and
stored as log|F| and its sign: BG/NBD with thousands of purchases reaches
F ~ 1e40000. The arguments are the doubles the library passes (z = 1/(1+d)
and c = a + b - 1 rounded as in C), converted to mpf exactly.

Ranges (a, b, c, z of the call; random draws log-uniform, fixed seeds):
 - sbg_del:   DEL, 2F1(1, beta; alpha+beta; 1/(1+d)) (retention/sbg.c),
              alpha, beta in [1e-3, 1e3], d in [1e-7, 1e2].
 - sbg_derl:  DERL, 2F1(1, beta+n+1; alpha+beta+n+1; 1/(1+d)), n to 2000.
 - bgbb_dert: BG/BB DERT, 2F1(1, de+n+1; ga+de+n+1; 1/(1+d)) (btyd/btyd_dert.c),
              ga, de in [1e-3, 1e3], n to 2000, d in [1e-9, 1e2].
 - bgnbd_*:   BG/NBD and MBG/NBD E[X(t)] and E[X(t) | x, t_x, T] through
              2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t)) (btyd/btyd_bgnbd.c, used
              for z > 0.9999 or a + b < r; the first argument is r+x):
   near1:     r, a, b in [0.05, 20], x to 200, 1 - z in [1e-8, 1e-4];
   ab_lt_r:   a + b < r (terms of the other series alternate), any z;
   c_neg:     a + b < 1 and x = 0, so c < 0; r in [1e-3, 1e3];
   a_near1:   a = 1 +- 2e-6 (the removable singularity is averaged there);
   m_int:     c - a - b = a - 1 - r within 1e-3 of an integer (the 1 - z
              connection formula is singular there), z in [0.9, 1);
   large_x:   x in [100, 1e4] (parameters in the thousands).
 - general:   the cases of tests/btyd (z < 0 through Pfaff, c < 0, ...) and
              edges: c - a - b exactly an integer (where the 1 - z connection
              formula has its poles), a, b or c - a a non-positive integer
              (polynomials), tiny z, z -> -inf, c < 0, 2F1(1, b; c; z) at
              its extremes (d = 1e-9 with b = 2000, b = 1e-3 with c = 1e3).
"""
import argparse
import math
import os
import random
import sys

import mpmath
from mpmath import mp, mpf, digamma, hyp2f1, log, loggamma

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mp_common import fmt, table, write_header  # noqa: E402


def ref(a, b, c, z):
    """(log|F|, sign) at 40 digits, checked at 60."""
    out = []
    for dps in (40, 60):
        mp.dps = dps
        v = hyp2f1(mpf(a), mpf(b), mpf(c), mpf(z), maxterms=10**7, maxprec=50000)
        out.append(v)
    v, w = out
    if v == 0 or abs(v / w - 1) > mpf(10) ** -30:
        raise SystemExit("no agreement at %r: %s %s" % ((a, b, c, z), v, w))
    mp.dps = 40
    return float(log(abs(v))), (1 if v > 0 else -1)


def logu(rng, lo, hi):
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def count(rng, hi):
    """An integer in [0, hi], about log-uniform."""
    return int(logu(rng, 1.0, hi + 1.0)) - 1


def z_of_d(d):
    return 1.0 / (1.0 + d)


def sbg_del(rng):
    al, be, d = logu(rng, 1e-3, 1e3), logu(rng, 1e-3, 1e3), logu(rng, 1e-7, 1e2)
    return 1.0, be, al + be, z_of_d(d)


def sbg_derl(rng):
    al, be, d, n = logu(rng, 1e-3, 1e3), logu(rng, 1e-3, 1e3), logu(rng, 1e-7, 1e2), count(rng, 2000)
    b = be + n
    c = al + b
    return 1.0, b + 1.0, c + 1.0, z_of_d(d)


def bgbb_dert(rng):
    ga, de, d, n = logu(rng, 1e-3, 1e3), logu(rng, 1e-3, 1e3), logu(rng, 1e-9, 1e2), count(rng, 2000)
    h = de + n + 1.0
    return 1.0, h, ga + h, z_of_d(d)


def bg_args(r, a, b, x, z, modified):
    """The 2F1 arguments of csat__btyd_bg_expect for a customer with x purchases."""
    rr, bb = r + x, b + x + (1.0 if modified else 0.0)
    return rr, bb, a + bb - 1.0, z


def z_near1(rng, lo, hi):
    return 1.0 - logu(rng, lo, hi)


def bgnbd_near1(rng):
    r, a, b = logu(rng, 0.05, 20), logu(rng, 0.05, 20), logu(rng, 0.05, 20)
    return bg_args(r, a, b, count(rng, 200), z_near1(rng, 1e-8, 1e-4), rng.random() < 0.3)


def bgnbd_ab_lt_r(rng):
    r = logu(rng, 0.1, 50)
    a = logu(rng, 0.01, r)
    b = rng.uniform(0.0, r - a) + 1e-3
    z = rng.uniform(0.01, 0.9) if rng.random() < 0.5 else z_near1(rng, 1e-7, 0.1)
    return bg_args(r, a, b, count(rng, 100), z, rng.random() < 0.3)


def bgnbd_c_neg(rng):
    r, a = logu(rng, 1e-3, 1e3), rng.uniform(0.001, 0.999)
    b = rng.uniform(0.0, 1.0 - a) * 0.999 + 1e-4
    z = rng.uniform(0.0, 0.9) if rng.random() < 0.4 else z_near1(rng, 1e-7, 0.1)
    return bg_args(r, a, b, 0, z, False)


def bgnbd_a_near1(rng):
    r, b = logu(rng, 0.05, 20), logu(rng, 0.05, 20)
    a = 1.0 + (2e-6 if rng.random() < 0.5 else -2e-6)
    z = z_near1(rng, 1e-7, 1e-4) if rng.random() < 0.7 else rng.uniform(0.01, 0.9999)
    return bg_args(r, a, b, count(rng, 50), z, rng.random() < 0.3)


def bgnbd_m_int(rng):
    while True:
        r, b, k = logu(rng, 0.05, 10), logu(rng, 0.05, 20), rng.randint(-3, 5)
        eps = rng.choice([0.0, 1e-13, 1e-10, 1e-8, 1e-6, 1e-5, 1e-4, 3e-4, 1e-3]) * rng.choice([-1, 1])
        a = r + 1.0 + k + eps
        if a > 0.01:
            break
    return bg_args(r, a, b, count(rng, 30), z_near1(rng, 1e-7, 0.1), False)


def bgnbd_large_x(rng):
    r, a, b = logu(rng, 0.05, 5), logu(rng, 0.05, 5), logu(rng, 0.05, 5)
    x = int(logu(rng, 100, 1e4))
    z = rng.uniform(0.01, 0.9) if rng.random() < 0.3 else z_near1(rng, 1e-7, 0.1)
    return bg_args(r, a, b, x, z, rng.random() < 0.3)


GENERAL = [(0.5, 1.5, 2.5, 0.3), (1.2, 3.4, -0.4, 0.5), (1.2, 3.4, -0.4, 0.95), (2.0, 3.0, 5.0, 0.99),
           (2.0, 3.0, 6.0, 0.97), (0.3, 0.7, 1.9, -5.0), (300.0, 2.5, 301.0, 0.8), (1.5, 2.5, 3.3, 0.9999),
           (0.3, 0.7, 1.9, -0.5), (2.5, 1.5, 3.5, -50.0), (1.0, 2.5, 4.0, -3.0), (0.7, 1.3, -0.5, -2.0),
           (1.0, 2.0, 2.5, 0.0), (1.0, 1.0, 2.0, 0.5), (1.0, 3.5, 3.5, 0.9),
           # c - a - b = 0, 0, 1, 3, -1, -2, -2 exactly
           (1.0, 1.0, 2.0, 0.9999999999), (0.5, 0.5, 1.0, 0.99999999), (1.5, 2.5, 5.0, 0.95),
           (2.0, 3.0, 8.0, 0.97), (1.0, 2.5, 2.5, 0.99), (3.0, 1.0, 2.0, 0.999), (2.5, 1.5, 2.0, 0.95),
           # polynomials: a = -2, b = -3, c - a = -2
           (-2.0, 3.5, 1.5, 0.97), (3.5, -3.0, 1.5, 0.999), (4.5, 1.3, 2.5, 0.98),
           # tiny z, z -> -inf, c < 0
           (1.5, 2.5, 3.5, 1e-300), (2.0, 3.0, 4.0, 1e-10), (0.3, 0.7, 1.9, -1e6), (2.5, 1.5, 3.5, -1e3),
           (1.5, 2.5, -0.5, 0.97), (1.2, 3.4, -2.6, 0.5), (0.5, 0.25, -1.5, 0.999),
           # 2F1(1, b; c; z) at the extremes of sBG and BG/BB
           (1.0, 2000.0, 2000.001, z_of_d(1e-9)), (1.0, 1e-3, 1e3, 0.5), (1.0, 0.5, 0.5000001, 0.9999),
           (1.0, 1e-3, 1.001, z_of_d(1e-7)), (1.0, 1000.0, 2000.0, z_of_d(1e-3))]

# (log Gamma(x + d) - log Gamma(x)) / d (csat__lgamma_dd, which the connection
# formula uses near integer c - a - b); psi(x) at d = 0
LGAMMA_DD = [(1.0, 0.0), (1.0, -0.3), (1.0, 1e-9), (0.5, 1e-12), (3.7, -0.25), (7.9, 0.2), (8.0, -1e-7),
             (1e-3, 0.5), (0.1, -0.09), (25.5, 1e-3), (1e4, 0.4), (1e8, -0.5)]

RANGES = [("sbg_del", sbg_del), ("sbg_derl", sbg_derl), ("bgbb_dert", bgbb_dert),
          ("bgnbd_near1", bgnbd_near1), ("bgnbd_ab_lt_r", bgnbd_ab_lt_r), ("bgnbd_c_neg", bgnbd_c_neg),
          ("bgnbd_a_near1", bgnbd_a_near1), ("bgnbd_m_int", bgnbd_m_int), ("bgnbd_large_x", bgnbd_large_x)]
TITLES = {"sbg_del": "sBG DEL", "sbg_derl": "sBG DERL", "bgbb_dert": "BG/BB DERT",
          "bgnbd_near1": "BG/NBD, 1 - z in [1e-8, 1e-4]", "bgnbd_ab_lt_r": "BG/NBD, a + b < r",
          "bgnbd_c_neg": "BG/NBD, c < 0", "bgnbd_a_near1": "BG/NBD, a = 1 +- 2e-6",
          "bgnbd_m_int": "BG/NBD, c - a - b near an integer", "bgnbd_large_x": "BG/NBD, x in [100, 1e4]",
          "general": "tests/btyd's cases and edges"}


def cases(name, gen, n, seed):
    rng = random.Random("%s/%d" % (name, seed))
    return [gen(rng) for _ in range(n)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=24, help="cases per range in the header")
    ap.add_argument("--dump", help="write 'range a b c z log|F| sign' lines here instead of the header")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sets = [(name, cases(name, gen, args.n, args.seed)) for name, gen in RANGES] + [("general", GENERAL)]
    rows = [(name, [c + ref(*c) for c in cs]) for name, cs in sets]
    mp.dps = 40
    dd = [(x, d, digamma(mpf(x)) if d == 0 else (loggamma(mpf(x) + mpf(d)) - loggamma(mpf(x))) / mpf(d))
          for x, d in LGAMMA_DD]
    if args.dump:
        with open(args.dump, "w") as f:
            for name, rs in rows:
                for row in rs:
                    f.write(name + " " + " ".join(fmt(v) for v in row) + "\n")
        return
    out = ["/* Generated by tests/reference/hyp2f1_mpmath.py (mpmath %s, 40 digits, checked at 60);"
           % mpmath.__version__,
           "   do not edit. Ranges as in the script; rows {a, b, c, z, log|2F1(a, b; c; z)|, sign}. */",
           "typedef struct {",
           "    const char *name;",
           "    const double (*rows)[6];",
           "    size_t n;",
           "} hyp2f1_ref_range;", ""]
    for name, rs in rows:
        table(out, "hyp2f1_ref_" + name, TITLES[name], rs)
    out.append("")
    out.append("#define HYP2F1_REF(name) \\")
    out.append("    {#name, hyp2f1_ref_##name, sizeof hyp2f1_ref_##name / sizeof *hyp2f1_ref_##name}")
    out.append("")
    table(out, "lgamma_dd_ref", "(log Gamma(x + d) - log Gamma(x)) / d, psi(x) at d = 0: {x, d, value}", dd)
    write_header(out, os.path.join("numerics", "hyp2f1_reference.h"))


if __name__ == "__main__":
    main()
