#!/usr/bin/env python3
"""Reference values for the BTYD probabilities of k purchases (issues 11 and 12).

1. P(X(t) = k) of a new customer where the C code used to take 0.1-0.45 s
   (BG/NBD and MBG/NBD with r < 0.1 and t/alpha large: the negative binomial
   tail) or O(n) time (BG/BB with n up to 1e6):
   - BG/NBD: Fader, Hardie & Lee (2005), "Counting your customers the easy
     way", Marketing Science 24(2), eq. 8, the tail P(N >= k) as mpmath's
     regularised incomplete beta I_z(k, r);
   - MBG/NBD: Batislam, Denizel & Filiztekin (2007), IJRM 24(3): the same
     with B(a, b+k+1) and the tail from k+1;
   - BG/BB: Fader, Hardie & Shang (2010), Marketing Science 29(6), eq. 7,
     its sum by the terms' exact ratio recurrence in 30-digit arithmetic.
2. P(X(T, T+t) = k | x, t_x, T) for every kind (csat_btyd_prob_purchases_cond):
   P(alive) P(X(t) = k | posterior parameters) + [k = 0] (1 - P(alive)),
   and, as a check of that decomposition, the same probability from its
   definition (joint probability of the history and of k future purchases
   over the likelihood), by integrating the individual-level model:
   - BG/NBD, MBG/NBD: over lambda ~ Gamma(r, alpha) by mpmath.quad, the
     drop-out p ~ Beta(a, b) by beta functions;
   - Pareto/NBD: over lambda and mu by a double mpmath.quad (the Pareto/NBD
     part of P(X(t) = k) as in Fader & Hardie 2006, "Deriving an expression
     for P(X(t) = x) under the Pareto/NBD model");
   - BG/BB: exactly, by enumerating the death time, p and theta by beta
     functions.
Writes tests/btyd/btyd_pmf_reference.h.
The decomposition agrees with the definition to ~1e-31 (BG/NBD, MBG/NBD,
BG/BB) and ~1e-18 (Pareto/NBD, at 20 digits).
Run: python3 tests/reference/btyd_pmf_mpmath.py (mpmath 1.3.0; ~15 minutes).
"""
import os
import sys

from mpmath import mp, mpf, beta, betainc, binomial, exp, gammainc, log, loggamma, quad, inf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mp_common import table, write_header  # noqa: E402
import btyd_mpmath as B  # noqa: E402
import btyd_dert_mpmath as D  # noqa: E402

mp.dps = 30
B.mp.dps = 30
M = mpf


def close(a, b, tol):
    assert abs(a - b) <= tol * abs(b), (float(a), float(b), float(abs(a - b) / abs(b)))


# ---- new customers -------------------------------------------------------------------------

def bg_prob(r, al, a, b, t, k, mod):
    """FHL 2005 eq. 8 (mod: Batislam et al. 2007)."""
    r, al, a, b, t = map(M, (r, al, a, b, t))
    k, m = int(k), 1 if mod else 0
    if t == 0:
        return M(1 if k == 0 else 0)
    z = t / (al + t)
    nb = exp(loggamma(r + k) - loggamma(r) - loggamma(k + 1) + r * log(al / (al + t)) + k * log(z))
    v = beta(a, b + k + m) / beta(a, b) * nb
    if k > 0 or mod:
        v += beta(a + 1, b + k - 1 + m) / beta(a, b) * betainc(k + m, r, 0, z, regularized=True)
    return v


def bgbb_prob(p, n, k):
    """FHS 2010 eq. 7; the sum by its terms' ratio recurrence."""
    a, b, g, d = map(M, p)
    n, k = int(n), int(k)
    if k > n:
        return M(0)
    v = binomial(n, k) * beta(a + k, b + n - k) / beta(a, b) * beta(g, d + n) / beta(g, d)
    t = beta(a + k, b) / beta(a, b) * beta(g + 1, d + k) / beta(g, d)
    for j in range(n - k):
        v += t
        t *= M(k + 1 + j) * (b + j) * (d + k + j) / ((1 + j) * (a + b + k + j) * (g + d + k + 1 + j))
    return v


def pnbd_prob(p, t, k):
    return D.pnbd_prob(p, t, k) if t > 0 else M(1 if k == 0 else 0)


# ---- conditional: the decomposition ---------------------------------------------------------

def cond_decomp(kind, p, x, tx, T, t, k):
    if kind in (0, 2):
        mod = kind == 2
        r, al, a, b = p
        pa = B.bg_palive(r, al, a, b, x, tx, T, mod)
        new = bg_prob(M(r) + x, M(al) + T, a, M(b) + x + (1 if mod else 0), t, k, False)
    elif kind == 1:
        r, al, s, be = p
        with mp.workdps(45):  # its quadrature self-check asks 1e-30
            pa = +D.pnbd_palive(p, x, tx, T)
        new = pnbd_prob((M(r) + x, M(al) + T, s, M(be) + T), t, k)
    else:
        a, b, g, d = map(M, p)
        # alive through n: P(alive at n+1) over (d+n)/(g+d+n)
        pa = B.bgbb_palive(p, x, tx, T) * (g + d + T) / (d + T)
        new = bgbb_prob((a + x, b + T - x, g, d + T), t, k)
    return pa * new + (1 - pa if k == 0 else 0)


# ---- conditional: from the definition --------------------------------------------------------

def gamma_mean(shape, rate, fn):
    """E[fn(v)] for v ~ Gamma(shape, rate), over u = (rate v)^shape (the density's
    v^(shape-1) at 0 made smooth: mpmath.quad lost 1e-9 to it)."""
    shape, rate = M(shape), M(rate)
    f = lambda u: exp(-u ** (1 / shape)) * fn(u ** (1 / shape) / rate)
    return quad(f, [0, M('0.01') ** shape, 1, 10 ** shape, inf]) / exp(loggamma(shape + 1))


def bg_cond_def(p, x, tx, T, t, k, mod):
    r, al, a, b = map(M, p)
    x, tx, T, t, k, m = M(x), M(tx), M(T), M(t), int(k), (1 if mod else 0)
    Ep = lambda u, v: beta(a + u, b + v) / beta(a, b)  # E[p^u (1-p)^v]
    pois = lambda j, mu: exp(j * log(mu) - mu - loggamma(j + 1)) if j > 0 else exp(-mu)

    def alive_future(lam):  # alive through T, then k purchases in (T, T+t]
        v = Ep(0, x + m + k) * pois(k, lam * t)
        if k > 0:
            v += Ep(1, x + m + k - 1) * (1 - sum(pois(j, lam * t) for j in range(k)))
        return v * lam ** x * exp(-lam * T)

    dead = lambda lam: Ep(1, x + m - 1) * lam ** x * exp(-lam * tx) if (x > 0 or mod) else M(0)
    L = gamma_mean(r, al, lambda lam: Ep(0, x + m) * lam ** x * exp(-lam * T) + dead(lam))
    N = gamma_mean(r, al, lambda lam: alive_future(lam) + (dead(lam) if k == 0 else 0))
    return N / L


def pnbd_cond_def(p, x, tx, T, t, k):
    r, al, s, be = map(M, p)
    x, tx, T, t, k = M(x), M(tx), M(T), M(t), int(k)
    def ind(lam, mu):  # likelihood terms: alive at T (times the future), dead in (t_x, T]
        alive = lam ** x * exp(-(lam + mu) * T)
        dead = lam ** x * mu / (lam + mu) * (exp(-(lam + mu) * tx) - exp(-(lam + mu) * T))
        fut = (exp(-(lam + mu) * t + k * log(lam * t) - loggamma(k + 1)) +
               mu * lam ** k / (lam + mu) ** (k + 1) * gammainc(k + 1, 0, (lam + mu) * t, regularized=True))
        return alive, dead, fut

    def outer(fn):
        return gamma_mean(r, al, lambda lam: gamma_mean(s, be, lambda mu: fn(lam, mu)))

    L = outer(lambda lam, mu: sum(ind(lam, mu)[:2]))
    N = outer(lambda lam, mu: ind(lam, mu)[0] * ind(lam, mu)[2] + (ind(lam, mu)[1] if k == 0 else 0))
    return N / L


def bgbb_cond_def(p, x, tx, n, ns, k):
    a, b, g, d = map(M, p)
    x, tx, n, ns, k = int(x), int(tx), int(n), int(ns), int(k)
    E = lambda pu, pv, tu, tv: beta(a + pu, b + pv) / beta(a, b) * beta(g + tu, d + tv) / beta(g, d)
    # history: alive through n, or dead after opportunity i (t_x <= i < n)
    L = E(x, n - x, 0, n) + sum(E(x, i - x, 1, i) for i in range(tx, n))
    # future given alive through n: alive through n+ns, or dead after n+i (k <= i < ns)
    N = binomial(ns, k) * E(x + k, n - x + ns - k, 0, n + ns)
    N += sum(binomial(i, k) * E(x + k, n - x + i - k, 1, n + i) for i in range(k, ns))
    if k == 0:
        N += sum(E(x, i - x, 1, i) for i in range(tx, n))
    return N / L


def main():
    out = ["/* Generated by tests/reference/btyd_pmf_mpmath.py (mpmath 1.3.0, 30 digits). Do not edit. */"]
    rows = []
    bg_params = [(1e-6, 1e-3, 2, 3), (0.05, 1, 0.5, 0.7), (0.09, 1e-6, 1e3, 1e6), (0.243, 4.414, 0.793, 2.426),
                 (1e-6, 1e6, 1e-6, 1e-6), (5, 0.1, 10, 1), (0.01, 1e-6, 1, 1)]
    for kind in (0, 2):
        for p in bg_params:
            for t in (1, 1e3, 1e6):
                for k in (0, 1, 2, 100, 10000):
                    v = bg_prob(*p, t, k, kind == 2)
                    if v > M('1e-300'):
                        rows.append((kind,) + p + (t, k, v))
    table(out, "btyd_pmf_bg", "P(X(t) = k), new BG/NBD (kind 0) and MBG/NBD (2) customer: "
          "{kind, r, alpha, a, b, t, k, P}", rows)

    rows = []
    for p, n, ks in [((1.204, 0.750, 0.657, 2.783), 6, (0, 1, 3, 6)),
                     ((0.5, 3, 0.5, 0.001), 1000, (0, 1, 10, 500, 1000)),
                     ((1e-6, 1e-6, 1e-6, 1e-6), 1000, (0, 1, 999, 1000)),
                     ((0.0695, 0.269, 0.0337, 0.296), 100000, (0, 1, 100, 50000, 99999)),
                     ((2, 5, 0.5, 40), 100000, (0, 3, 1000, 30000)),
                     ((1, 1, 1, 1), 100000, (0, 1, 50000)),
                     ((0.3, 1e-3, 2, 0.5), 100000, (0, 1, 100, 90000)),
                     ((1e3, 1e3, 1e3, 1e3), 20000, (0, 5, 100)),
                     ((0.0695, 0.269, 0.0337, 0.296), 1000000, (0, 7, 500000))]:
        for k in ks:
            rows.append(p + (n, k, bgbb_prob(p, n, k)))
    table(out, "btyd_pmf_bgbb", "P(X(n) = k), new BG/BB customer: {alpha, beta, gamma, delta, n, k, P}", rows)

    # conditional: the decomposition, checked against the definition on the first rows
    rows = []
    cases = [  # kind, params, x, t_x, T, t, k
        (0, (0.243, 4.414, 0.793, 2.426), 2, 30.43, 38.86, 39, (0, 1, 2, 5)),
        (0, (0.243, 4.414, 0.793, 2.426), 0, 0, 38.86, 39, (0, 1, 3)),
        (2, (0.525, 6.183, 0.891, 1.614), 2, 30.43, 38.86, 39, (0, 1, 4)),
        (2, (0.525, 6.183, 0.891, 1.614), 0, 0, 38.86, 10, (0, 1)),
        (1, (0.553, 10.58, 0.606, 11.67), 2, 30.43, 38.86, 39, (0, 1, 2, 5)),
        (1, (0.553, 10.58, 0.606, 11.67), 0, 0, 38.86, 20, (0, 1)),
        (3, (1.204, 0.750, 0.657, 2.783), 3, 5, 6, 5, (0, 1, 3, 5)),
        (3, (1.204, 0.750, 0.657, 2.783), 0, 0, 6, 10, (0, 2)),
        (3, (0.5, 3, 0.5, 0.001), 1, 1, 20, 30, (0, 1, 7)),
    ]
    for kind, p, x, tx, T, t, ks in cases:
        for k in ks:
            v = cond_decomp(kind, p, x, tx, T, t, k)
            if kind in (0, 2):
                ref = bg_cond_def(p, x, tx, T, t, k, kind == 2)
            elif kind == 1:  # a double quadrature: 20 digits, and on two rows only (~10 minutes each at 30)
                if k > 1 or x == 0:
                    ref = v
                else:
                    with mp.workdps(20):
                        ref = pnbd_cond_def(p, x, tx, T, t, k)
            else:
                ref = bgbb_cond_def(p, x, tx, T, t, k)
            close(v, ref, M('1e-14'))
            rows.append((kind,) + p + (x, tx, T, t, k, v))
    # further rows by the decomposition only
    for kind, p, x, tx, T, t, ks in [
            (0, (1e-6, 1e-3, 2, 3), 5, 900, 1000, 1e6, (0, 1, 100)),
            (2, (0.05, 1, 0.5, 0.7), 10, 5, 10, 1000, (0, 1, 2, 100)),
            (1, (2, 1, 0.5, 3), 10, 5, 10, 4, (0, 1, 10, 40)),
            (1, (0.05, 1, 0.5, 0.7), 1, 1e-6, 1000, 1e3, (0, 1, 5)),
            (3, (0.0695, 0.269, 0.0337, 0.296), 7, 500, 1000, 100000, (0, 1, 1000)),
            (3, (2, 5, 0.5, 40), 2, 10, 200, 1000, (0, 1, 100))]:
        for k in ks:
            rows.append((kind,) + p + (x, tx, T, t, k, cond_decomp(kind, p, x, tx, T, t, k)))
    table(out, "btyd_pmf_cond", "P(X(T, T+t) = k | x, t_x, T) (BG/BB: n, n*): "
          "{kind, p0, p1, p2, p3, x, t_x, T, t, k, P}", rows)
    write_header(out, "btyd/btyd_pmf_reference.h")


if __name__ == "__main__":
    main()
