#!/usr/bin/env python3
"""Delta-method standard errors of GGom/NBD predictions, computed independently
of libcsat with mpmath (20 digits), for tests/btyd/test_ggom_intervals.c
(issue 15 §4; the model: docs/theory/btyd.rst and Bemmaor & Glady 2012).

The data: 4,000 customers simulated here (Python's random, seed 15) from
GGom/NBD with r, alpha, b, s, beta = 0.8, 5, 0.05, 1.5, 3 over T = 104,
recency rounded up to whole multiples of 8 (capped at T) and grouped into
272 distinct rows with weights -- an arbitrary but fixed data set, written
to the header with everything else. The point: PARAMS below, libcsat's
maximum-likelihood fit to these rows (csat.GGomNBD().fit(..., weights);
the coarse recency moves it from the generating values). The delta method
needs only a point where the information is positive definite (asserted
here); the fit is the point a user would take.

At PARAMS:
 - Cov(theta), theta = log(r, alpha, b, s, beta): the inverse of minus the
   Hessian of the weighted log-likelihood in theta, each second derivative
   a central difference of the log-likelihood (step 1e-4 in theta; the
   truncation error ~1e-9 relative, rounding ~1e-19 |LL| / 1e-8);
 - the log-likelihood of a row: L = G(r+x)/G(r) alpha^r [(alpha+T)^-(r+x)
   S(T) + int_{t_x}^T (alpha+tau)^-(r+x) f(tau) dtau], S(t) = (beta / (beta
   + e^{bt} - 1))^s and f = -S', mpmath's quad in the original variable
   (not the library's substituted Gauss-Legendre panels), both terms over
   (alpha + t_x)^-(r+x) and the integrand scaled to about 1, since
   mpmath's stopping test is absolute (checked against ggom_mpmath.py's
   geometrically split quadrature at 30 digits: ~1e-18 on the rows tried);
 - the predictions, by their defining integrals: P(alive) = the first term
   over the bracket; E[X(T, T+t) | x, t_x, T] = P(alive) (r+x)/(alpha+T)
   int_0^t ((beta+e^{bT}-1)/(beta+e^{b(T+u)}-1))^s du; DERT(delta) the same
   with e^{-delta u} up to infinity;
 - the gradient of each prediction in theta by central differences (step
   1e-8), se = sqrt(g' Cov g), for a few rows and for the weighted total
   (P(alive) and the residual-lifetime integral, which depends on T only,
   are cached per parameter vector).
Writes tests/btyd/ggom_intervals_reference.h (the standard errors) and,
with --data-only, tests/btyd/ggom_intervals_data.h (the data and the point).

Run: python3 tests/reference/ggom_intervals_mpmath.py --data-only   (seconds)
     python3 tests/reference/ggom_intervals_mpmath.py   (~20 min of CPU)
"""
import functools
import math
import os
import random
import sys
from collections import Counter

import mpmath
from mpmath import exp, inf, log, loggamma, matrix, mp, mpf, quad

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mp_common import table, write_header  # noqa: E402

mp.dps = 20
M = mpf
TRUE = (0.8, 5.0, 0.05, 1.5, 3.0)
PARAMS = (0.60600159494126726, 5.215292432788897, 0.37061629346084995, 0.14363756730653449, 219.93893399354039)
T_OBS = 104.0
N = 4000
BW = 8.0
T_PRED = 10.0  # E[X(T, T+t)] horizon
DELTA = 0.05   # DERT discount rate
ROWS_CHECKED = 6


def simulate():
    g = random.Random(15)
    r, al, b, s, be = TRUE
    rows = []
    for _ in range(N):
        lam = g.gammavariate(r, 1.0 / al)
        eta = g.gammavariate(s, 1.0 / be)
        tau = math.log1p(g.expovariate(1.0) / eta) / b  # P(tau > t | eta) = exp(-eta (e^{bt} - 1))
        end = min(tau, T_OBS)
        t, x, tx = 0.0, 0, 0.0
        while True:
            t += g.expovariate(lam)
            if t > end:
                break
            x, tx = x + 1, t
        if x > 0:
            tx = min(BW * math.ceil(tx / BW), T_OBS)
        rows.append((float(x), tx, T_OBS))
    return sorted(Counter(rows).items())


def surv(b, s, be, t):
    return (be / (be + exp(b * t) - 1)) ** s


def terms(p, x, tx, T):
    # both terms over (alpha + t_x)^-(r+x), and the integrand scaled to about 1
    # (rquad): mpmath's stopping test is absolute
    r, al, b, s, be = p
    A = ((al + tx) / (al + T)) ** (r + x) * surv(b, s, be, T)
    dens = lambda tau: ((al + tx) / (al + tau)) ** (r + x) * s * b * exp(b * tau) * be ** s * (be + exp(b * tau) - 1) ** -(s + 1)
    d = T - tx
    I = M(0)
    if T > tx:
        pts = [tx, tx + d / 16, tx + d / 4, T]
        sc = max(abs(dens(u)) for u in pts)
        I = sc * quad(lambda u: dens(u) / sc, pts)
    return loggamma(r + x) - loggamma(r) + r * log(al) - (r + x) * log(al + tx), A, I


def loglik_row(p, x, tx, T):
    k, A, I = terms(p, x, tx, T)
    return k + log(A + I)


@functools.lru_cache(maxsize=None)
def p_alive(p, x, tx, T):
    _, A, I = terms(p, x, tx, T)
    return A / (A + I)


@functools.lru_cache(maxsize=None)
def residual(p, T, t, delta):
    r, al, b, s, be = p
    f = lambda u: exp(-delta * u) * ((be + exp(b * T) - 1) / (be + exp(b * (T + u)) - 1)) ** s
    if t == inf:
        return quad(f, [0, 1, 10, 100, inf])
    return quad(f, [0, t])


def predict(q, p, x, tx, T):
    r, al = p[0], p[1]
    pa = p_alive(p, x, tx, T)
    if q == 0:
        return pa
    if q == 1:
        return pa * (r + x) / (al + T) * residual(p, T, M(T_PRED), M(0))
    return pa * (r + x) / (al + T) * residual(p, T, inf, M(DELTA))


def main():
    data = simulate()
    print("distinct rows", len(data), file=sys.stderr)
    th0 = [log(M(v)) for v in PARAMS]
    pts = [(M(x), M(tx), M(T), M(w)) for (x, tx, T), w in data]
    head = ["/* Generated by tests/reference/ggom_intervals_mpmath.py (mpmath %s, %d digits). Do not edit. */"
            % (mpmath.__version__, mp.dps),
            "/* GGom/NBD r, alpha, b, s, beta; E[X] horizon t; DERT discount */",
            "static const double ggom_iv_params[5] = {%s};" % ", ".join("%.17g" % v for v in PARAMS),
            "static const double ggom_iv_t = %.17g, ggom_iv_delta = %.17g;" % (T_PRED, DELTA)]
    table(head, "ggom_iv_data", "{x, t_x, T, customers}", [[x, tx, T, w] for x, tx, T, w in pts])
    if "--data-only" in sys.argv:  # the data and the point alone (seconds)
        write_header(head, "btyd/ggom_intervals_data.h")
        return

    def ll(th):
        p = [exp(t) for t in th]
        return mpmath.fsum(w * loglik_row(p, x, tx, T) for x, tx, T, w in pts)

    def shifted(d):
        return ll([t + dt for t, dt in zip(th0, d)])

    h = M(10) ** -4
    f0 = shifted([0] * 5)
    H = matrix(5, 5)
    e = lambda i, v: [v if k == i else 0 for k in range(5)]
    fp = [shifted(e(i, h)) for i in range(5)]
    fm = [shifted(e(i, -h)) for i in range(5)]
    for i in range(5):
        H[i, i] = (fp[i] - 2 * f0 + fm[i]) / h ** 2
        for j in range(i):
            d = lambda a, b: [a if k == i else b if k == j else 0 for k in range(5)]
            v = (shifted(d(h, h)) - shifted(d(h, -h)) - shifted(d(-h, h)) + shifted(d(-h, -h))) / (4 * h * h)
            H[i, j] = H[j, i] = v
        print("hessian row", i, file=sys.stderr)
    cov = mpmath.inverse(-H)
    ev = mpmath.eig(-H)[0]
    assert min(mpmath.re(v) for v in ev) > 0, "the information is not positive definite"

    def se_of(g):
        return mpmath.sqrt(sum(g[a] * cov[a, b] * g[b] for a in range(5) for b in range(5)))

    hg = M(10) ** -5
    rows, tots = [], []
    for q in range(3):
        gtot = [M(0)] * 5
        ftot = M(0)
        for k, (x, tx, T, w) in enumerate(pts):
            p0 = tuple(M(v) for v in PARAMS)
            f = predict(q, p0, x, tx, T)
            g = []
            for j in range(5):
                pa = tuple(exp(t + (hg if i == j else 0)) for i, t in enumerate(th0))
                pb = tuple(exp(t - (hg if i == j else 0)) for i, t in enumerate(th0))
                g.append((predict(q, pa, x, tx, T) - predict(q, pb, x, tx, T)) / (2 * hg))
            ftot += w * f
            gtot = [a + w * b for a, b in zip(gtot, g)]
            if k % max(1, len(pts) // ROWS_CHECKED) == 0:
                rows.append([M(q), M(k), f, se_of(g)])
        tots.append([M(q), ftot, se_of(gtot)])
        print("quantity", q, float(ftot), float(se_of(gtot)), file=sys.stderr)

    out = ["/* Generated by tests/reference/ggom_intervals_mpmath.py (mpmath %s, %d digits). Do not edit. */"
           % (mpmath.__version__, mp.dps), "/* the data and the point: ggom_intervals_data.h (--data-only) */"]
    table(out, "ggom_iv_se", "{quantity (0 P(alive), 1 E[X(T,T+t)], 2 DERT), row, estimate, delta se}",
          rows)
    table(out, "ggom_iv_total_se", "{quantity, weighted total, delta se}", tots)
    table(out, "ggom_iv_cov", "{Cov(log r, log alpha, log b, log s, log beta)}",
          [[cov[i, j] for j in range(5)] for i in range(5)])
    write_header(out, "btyd/ggom_intervals_reference.h")


if __name__ == "__main__":
    main()
