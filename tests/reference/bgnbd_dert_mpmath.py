#!/usr/bin/env python3
"""High-precision references for the BG/NBD and MBG/NBD DERT (continuous
discount rate delta); writes tests/btyd/bgnbd_dert_reference.h.
Run: python3 tests/reference/bgnbd_dert_mpmath.py (mpmath 1.3.0, 50 digits).

Model: alive, purchases are Poisson(lambda) and after each one the customer
drops out with probability p, so the discounted future purchases of an alive
customer are lambda/(delta + p lambda). Given the history and alive,
lambda ~ Gamma(r+x, alpha+T) and p ~ Beta(a, B), B = b+x (MBG/NBD b+x+1),
independently; DERT = P(alive) E[lambda/(delta + p lambda)].

The reference integrates p analytically (Euler's integral:
E_p[1/(c+p)] = 2F1(1, a; a+B; -1/c)/c, c = delta/lambda) and lambda by
quadrature. The library does the opposite (lambda analytically through
Gamma(-R, y), p by quadrature); that formula is checked against the
reference here too (at 20 digits), and the reference against
the plain 2-D integral over (lambda, p) at a few points. P(alive): Fader, Hardie & Lee (2005), "Counting
your customers the easy way", and Batislam et al. (2007) for MBG/NBD
(btyd_mpmath.bg_palive).
"""
import os
import sys

from mpmath import mp, mpf, beta, exp, hyp2f1, hyperu, inf, log, loggamma, quad, rf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from btyd_mpmath import bg_palive  # noqa: E402
from mp_common import fmt  # noqa: E402

mp.dps = 50
M = mpf


def close(a, b, tol):
    assert abs(a - b) <= tol * abs(b), (a, b, (a - b) / b)


def squad(f, pts):
    """quad scaled to an integrand of about 1 (mpmath's test is absolute)."""
    grid = [pts[i] + (pts[i + 1] - pts[i]) * j / 8 for i in range(len(pts) - 1) for j in range(9)
            if abs(pts[i]) != inf and abs(pts[i + 1]) != inf]
    sc = max(abs(f(u)) for u in grid if u > 0 or pts[0] == -inf) or M(1)
    return sc * quad(lambda u: f(u) / sc, pts)


def lam_points(R, A, delta):
    m, sd = R / A, R ** M("0.5") / A
    pts = {M(0)}
    for k in (M("1e-6"), M("1e-3"), M("0.03"), M("0.3"), 1, 3, 10, 30, 100):
        pts.add(m * k)
    for k in range(-8, 9):
        if m + k * sd > 0:
            pts.add(m + k * sd)
    for k in (M("0.01"), M("0.1"), 1, 10, 100):
        if delta * k < 1000 * m + 100 * sd:
            pts.add(delta * k)
    return sorted(pts) + [inf]


def gamma_pdf(lam, R, A):
    return exp(R * log(A) + (R - 1) * log(lam) - A * lam - loggamma(R))


def dert(p, x, tx, T, delta, mod):
    r, al, a, b = map(M, p)
    x, tx, T, delta = M(x), M(tx), M(T), M(delta)
    R, A, B = r + x, al + T, b + x + (1 if mod else 0)
    f = lambda lam: gamma_pdf(lam, R, A) * lam / delta * hyp2f1(1, a, a + B, -lam / delta)
    return bg_palive(r, al, a, b, x, tx, T, mod) * squad(f, lam_points(R, A, delta))


def dert_library_formula(p, x, tx, T, delta, mod):
    """P(alive) R/(A delta) E_p[g(A delta/p)], g(y) = y e^y E_(R+1)(y)
    = y^(R+1) U(R+1, R+1, y)."""
    r, al, a, b = map(M, p)
    x, tx, T, delta = M(x), M(tx), M(T), M(delta)
    R, A, B = r + x, al + T, b + x + (1 if mod else 0)

    def f(w):  # p = e^w: the mass of Beta(1e-3, B) reaches p = e^-40000
        q = exp(w)
        y = A * delta / q
        if y < 10 ** 6 * (R + 10):
            g = y ** (R + 1) * hyperu(R + 1, R + 1, y)  # expint loses digits at y ~ 200, R ~ 45
        else:  # asymptotic series (DLMF 8.20.2), terms shrinking by 1e-6
            g = sum(rf(R + 1, k) * (-1 / y) ** k for k in range(12))
        return exp(a * w) * (1 - q) ** (B - 1) / beta(a, B) * g

    lm = log(a / (a + B))
    lg = log(A * delta / (R + 1))  # where g turns from y/(R+1) to 1
    pts = {M(-10) ** k for k in range(2, 7)} | {lm + k for k in (-10, -3, -1, -0.3, -0.1, 0, 0.1, 0.3, 1)}
    pts |= {lg + k for k in (-3, -1, 0, 1, 3)}
    pts = [-inf] + sorted(u for u in pts if u < 0) + [M(0)]
    return bg_palive(r, al, a, b, x, tx, T, mod) * R / (A * delta) * squad(f, pts)


def dert_2d(p, x, tx, T, delta, mod):
    r, al, a, b = map(M, p)
    R, A, B = r + x, al + T, b + x + (1 if mod else 0)
    pdfp = lambda q: q ** (a - 1) * (1 - q) ** (B - 1) / beta(a, B)
    inner = lambda lam: gamma_pdf(lam, R, A) * quad(lambda q: pdfp(q) * lam / (delta + q * lam), [0, 0.5, 1])
    return bg_palive(r, al, a, b, x, tx, T, mod) * quad(inner, lam_points(R, A, M(delta)))


def main():
    pc = (0.243, 4.414, 0.793, 2.426)  # CDNOW BG/NBD (Fader, Hardie & Lee 2005)
    d15 = float(log(M("1.15")) / 52)   # 15% a year, weekly data
    cases = [(pc, 2, 30.43, 38.86, d15), (pc, 0, 0, 38.86, d15), (pc, 7, 35, 38, d15),
             (pc, 1, 1.71, 38.86, 0.1), (pc, 50, 38, 39, d15), (pc, 3, 20, 39, 1e-4),
             ((1.0, 2.0, 1.0, 0.1), 3, 1, 50, 0.01), ((0.7, 0.05, 2.5, 30.0), 5, 2, 40, 0.5),
             ((2.0, 5.0, 0.001, 5.0), 1, 4, 8, 1e-3), ((2.0, 5.0, 1000.0, 5.0), 4, 4, 8, 0.01),
             ((0.01, 100.0, 30.0, 1000.0), 0, 0, 3, 2.0), ((5.0, 1.0, 0.4, 2.0), 40, 9000, 10000, 1e-3),
             ((0.5, 1.0, 0.001, 0.001), 10, 9, 10, 0.05), ((0.2, 3.0, 0.5, 1000.0), 20, 30, 39, 1e-6),
             ((3.0, 0.001, 2.0, 0.5), 30, 9999, 10000, 7.0)]
    # r + x in the hundreds or more: mpmath's hyp2f1 and hyperu take minutes per node (not covered)
    rows = []
    for mod in (0, 1):
        for p, x, tx, T, delta in cases:
            v = dert(p, x, tx, T, delta, mod)
            with mp.workdps(20):  # hyperu at every node: slow at 50 digits
                close(dert_library_formula(p, x, tx, T, delta, mod), v, mpf("1e-14"))
            rows.append(tuple(p) + (x, tx, T, delta, mod, v))
            print(mod, p, x, tx, T, delta, mp.nstr(v, 20), file=sys.stderr)
    with mp.workdps(20):  # nested quadrature: slow at 50 digits
        for p, x, tx, T, delta in (cases[0], cases[6]):
            for mod in (0, 1):
                close(dert_2d(p, x, tx, T, delta, mod), dert(p, x, tx, T, delta, mod), mpf("1e-12"))
    out = ["/* Generated by tests/reference/bgnbd_dert_mpmath.py (mpmath 1.3.0, 50 digits). Do not edit. */",
           "/* BG/NBD (modified 0) and MBG/NBD (1) DERT, continuous rate delta:",
           " * {r, alpha, a, b, x, t_x, T, delta, modified, DERT} */",
           "static const double btyd_ref_bgnbd_dert[][10] = {"]
    out += ["    {" + ", ".join(fmt(v) for v in row) + "}," for row in rows]
    out.append("};")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "btyd", "bgnbd_dert_reference.h"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
