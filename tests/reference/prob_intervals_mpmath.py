#!/usr/bin/env python3
"""Delta-method intervals of P(X(T, T+t) = k | x, t_x, T) (new customers: x =
t_x = T = 0, the unconditional P(X(t) = k)), computed independently of
libcsat with mpmath, for tests/btyd/test_prob_intervals.c (issue 15 §4;
csat_btyd_prob_intervals).

For each model kind and parameter point:
 - the data that fix the covariance: CDNOW's 2,357 customers (BG/NBD,
   MBG/NBD, Pareto/NBD), the donations data of Fader, Hardie & Shang (2010)
   (BG/BB, 11,104 donors in 22 rows), the 4,000 simulated GGom/NBD customers
   of ggom_intervals_mpmath.py (GGom/NBD);
 - Cov(theta), theta = log(parameters): the inverse of minus the Hessian of
   the data's log-likelihood in theta, each second derivative a central
   difference (step 1e-7 in theta, 40 digits: truncation ~1e-14 relative,
   rounding ~1e-26) of the log-likelihood written from its published form:
   BG/NBD and MBG/NBD FHL 2005 eq. 6 / Batislam et al. 2007
   (btyd_mpmath.bg_ll); Pareto/NBD through FHL's 2F1 form of P(alive) (FHL
   2005, "A note on deriving the Pareto/NBD model", eqs. 18-22;
   intervals_grad.pn_alive): LL = log(G(r+x)/G(r) alpha^r beta^s (alpha+T)^-(r+x)
   (beta+T)^-s / P(alive)); BG/BB FHS 2010 eq. 5 (btyd_mpmath.bgbb_L).
   GGom/NBD: the covariance ggom_intervals_mpmath.py wrote
   (tests/btyd/ggom_intervals_reference.h, 20-digit differences of a
   quadrature likelihood, ~1e-9 relative), read back from that header;
 - P(X = k): btyd_pmf_mpmath.py's published forms (BG/NBD FHL 2005 eq. 8
   with mpmath's incomplete beta, MBG/NBD Batislam et al. 2007, Pareto/NBD
   a quadrature over the lifetime (Fader & Hardie 2006's integral), BG/BB FHS
   2010 eq. 7) and ggom_pmf_mpmath.py's quadratures (GGom/NBD); the
   conditional one as P(alive) P(X(t) = k | posterior) + [k = 0] (1 -
   P(alive)), the decomposition btyd_pmf_mpmath.py checks against the
   definition (Pareto/NBD P(alive) here by the 2F1 form, not that script's
   quadrature: 30x faster);
 - the gradient of P(X = k) in theta by central differences (step 1e-10 at
   40 digits, 1e-8 at 30 digits for GGom/NBD's quadratures: truncation
   ~1e-20 / 1e-16, rounding ~1e-28 / 1e-20), se = sqrt(g' Cov g), and the
   95% bounds on the logit scale (rows) or the log scale (the weighted
   total over the data), z = sqrt(2) erfinv(0.95): the transforms csat.h
   documents for csat_btyd_prob_intervals.
The rows asked about carry weight 0 in the C test: they add nothing to the
information or to the total.
Writes tests/btyd/prob_intervals_reference.h.

Run: python3 tests/reference/prob_intervals_mpmath.py   (mpmath 1.3.0; ~4 min of CPU, on JOBS=2
processes)
"""
import csv
import multiprocessing
import os
import re
import sys
from collections import Counter

import mpmath
from mpmath import exp, log, loggamma, mp, mpf, sqrt

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from mp_common import table, write_header  # noqa: E402
import btyd_mpmath as B  # noqa: E402
import btyd_pmf_mpmath as PMF  # noqa: E402
import ggom_pmf_mpmath as GP  # noqa: E402
import ggom_mpmath as G  # noqa: E402
import intervals_grad as IG  # noqa: E402
import ggom_intervals_mpmath as GI  # noqa: E402

M = mpf
DPS = 40
Z95 = None  # set in run_point at its working precision

# kind codes: csat_btyd_kind
BGNBD, PNBD, MBGNBD, BGBB, GGOM = 0, 1, 2, 3, 4

# the points: CDNOW estimates (as tests/reference/intervals_*.py) and one more each
POINTS = [
    (BGNBD, [0.2425, 4.4135, 0.7929, 2.4258]),   # CDNOW BG/NBD (FHL 2005: .243 4.414 .793 2.426)
    (BGNBD, [0.3, 5.5, 0.6, 2.0]),
    (MBGNBD, [0.525, 6.183, 0.891, 1.614]),      # CDNOW MBG/NBD
    (MBGNBD, [0.45, 5.0, 1.1, 2.2]),
    (PNBD, [0.5534, 10.5802, 0.6061, 11.6562]),  # CDNOW Pareto/NBD (FHL 2005: .55 10.58 .61 11.67)
    (PNBD, [0.7, 12.0, 0.45, 8.0]),
    (BGBB, [1.204, 0.750, 0.657, 2.783]),        # donations BG/BB (FHS 2010)
    (BGBB, [1.5, 0.9, 0.5, 2.2]),
    (GGOM, list(GI.PARAMS)),                     # ggom_intervals_mpmath.py's fit
]
CONT_ROWS = [(0, 0, 0), (0, 0, 38.86), (2, 30.43, 38.86), (7, 29.43, 32.71), (25, 36, 39)]
BGBB_ROWS = [(0, 0, 6), (3, 5, 6), (6, 6, 6), (1, 1, 6)]  # no new customers: BG/BB rows need n >= 1
GGOM_ROWS = [(0, 0, 0), (0, 0, 104), (3, 96, 104), (10, 48, 104)]
TIMES = {BGNBD: (10, 39), MBGNBD: (10, 39), PNBD: (10, 39), BGBB: (5, 10), GGOM: (10,)}
KS = (0, 1, 2, 5)
TOTALS = (BGNBD, MBGNBD, BGBB)  # the others' totals: a quadrature per customer and step (too slow)


def read_cdnow():
    with open(os.path.join(HERE, "..", "data", "cdnow_customers_summary_with_transactions.csv")) as f:
        return Counter((float(r["x"]), float(r["t_x"]), float(r["T"])) for r in csv.DictReader(f))


def read_donations():
    with open(os.path.join(HERE, "..", "data", "donations.csv")) as f:
        return Counter({(float(r["frequency"]), float(r["recency"]), float(r["periods"])): int(r["weights"])
                        for r in csv.DictReader(f)})


def ggom_data_and_cov():
    """The GGom/NBD data and covariance from the headers ggom_intervals_mpmath.py wrote."""
    def read(name, path):
        text = open(os.path.join(HERE, "..", "btyd", path)).read()
        body = re.search(r"%s\[\]\[\d+\] = \{(.*?)\n\};" % name, text, re.S).group(1)
        return [[M(v) for v in row.split(",")] for row in re.findall(r"\{([^{}]*)\}", body)]
    data = Counter({(float(x), float(tx), float(T)): int(w)
                    for x, tx, T, w in read("ggom_iv_data", "ggom_intervals_data.h")})
    return data, mpmath.matrix(read("ggom_iv_cov", "ggom_intervals_reference.h"))


def pn_ll(p, x, tx, T):
    r, al, s, be = p
    x, tx, T = M(x), M(tx), M(T)
    alive = (loggamma(r + x) - loggamma(r) + r * log(al) + s * log(be) - (r + x) * log(al + T)
             - s * log(be + T))
    return alive - log(IG.pn_alive(p, x, tx, T))


def loglik_row(kind, p, x, tx, T):
    if kind in (BGNBD, MBGNBD):
        return B.bg_ll(p, x, tx, T, kind == MBGNBD)
    if kind == PNBD:
        return pn_ll(p, x, tx, T)
    return log(B.bgbb_L(p, x, int(tx), int(T)))


def prob(kind, p, t, k, x, tx, T):
    """P(X(T, T+t) = k | x, t_x, T); the new-customer forms when T = 0."""
    t = M(t)
    if kind == GGOM:
        return GP.prob_new(p, t, k) if T == 0 else GP.prob_cond(p, t, k, M(x), M(tx), M(T))
    if T == 0:
        if kind in (BGNBD, MBGNBD):
            return PMF.bg_prob(*p, t, k, kind == MBGNBD)
        if kind == PNBD:
            return PMF.pnbd_prob(p, t, k)
        return PMF.bgbb_prob(p, int(t), k)
    if kind == PNBD:
        r, al, s, be = p
        pa = IG.pn_alive(p, x, tx, T)
        return pa * PMF.pnbd_prob((r + x, al + T, s, be + T), t, k) + (1 - pa if k == 0 else 0)
    return PMF.cond_decomp(kind, p, x, tx, T, int(t) if kind == BGBB else t, k)


def theta_point(th, j, h):
    return [exp(v + (h if i == j else 0)) for i, v in enumerate(th)]


def hessian(kind, th, data, h):
    """Central differences of the data's log-likelihood in theta."""
    k = len(th)

    def ll(d):
        p = [exp(v + dv) for v, dv in zip(th, d)]
        return mpmath.fsum(w * loglik_row(kind, p, *row) for row, w in data.items())

    def e(*pairs):
        d = [M(0)] * k
        for i, v in pairs:
            d[i] += v
        return d

    f0 = ll(e())
    H = mpmath.matrix(k, k)
    for i in range(k):
        H[i, i] = (ll(e((i, h))) - 2 * f0 + ll(e((i, -h)))) / h ** 2
        for j in range(i):
            H[i, j] = H[j, i] = (ll(e((i, h), (j, h))) - ll(e((i, h), (j, -h))) - ll(e((i, -h), (j, h)))
                                 + ll(e((i, -h), (j, -h)))) / (4 * h * h)
    print("  log-likelihood", mpmath.nstr(f0, 15), file=sys.stderr)
    return H


def value_grad(kind, th, h, t, k, row):
    f = lambda j, s: prob(kind, theta_point(th, j, s), t, k, *row)
    v = f(0, 0)
    return v, [(f(j, h) - f(j, -h)) / (2 * h) for j in range(len(th))]


def quad_form(g, cov):
    n = len(g)
    return sqrt(mpmath.fsum(g[a] * cov[a, b] * g[b] for a in range(n) for b in range(n)))


def logit_bounds(f, se):
    l, sl = log(f / (1 - f)), se / (f * (1 - f))
    return 1 / (1 + exp(-(l - Z95 * sl))), 1 / (1 + exp(-(l + Z95 * sl)))


def log_bounds(f, se):
    return f * exp(-Z95 * se / f), f * exp(Z95 * se / f)


def run_point(ip):
    """The header rows of point ip (run in a worker process)."""
    global Z95
    kind, params = POINTS[ip]
    mp.dps = 30 if kind == GGOM else DPS
    Z95 = sqrt(2) * mpmath.erfinv(M("0.95"))
    print("point", ip, kind, params, file=sys.stderr)
    th = [log(M(v)) for v in params]
    if kind == GGOM:
        data, cov = ggom_data_and_cov()
        rows, hg = GGOM_ROWS, M("1e-8")
    else:
        data = read_donations() if kind == BGBB else read_cdnow()
        rows = BGBB_ROWS if kind == BGBB else CONT_ROWS
        H = hessian(kind, th, data, M("1e-7"))
        ev = mpmath.eig(-H)[0]
        assert min(mpmath.re(v) for v in ev) > 0, "the information is not positive definite"
        cov = mpmath.inverse(-H)
        hg = M("1e-10")
    point = [ip, kind] + params + [0] * (5 - len(params))
    preds = [[ip, j] + list(row) for j, row in enumerate(rows)]
    refs, tots = [], []
    for t in TIMES[kind]:
        for k in KS:
            for j, row in enumerate(rows):
                v, g = value_grad(kind, th, hg, t, k, row)
                se = quad_form(g, cov)
                refs.append([ip, t, k, j, v] + g + [0] * (5 - len(g)) + [se, *logit_bounds(v, se)])
            if kind in TOTALS:
                v, g = M(0), [M(0)] * len(th)
                for row, w in data.items():
                    vi, gi = value_grad(kind, th, hg, t, k, row)
                    v += w * vi
                    g = [a + w * b for a, b in zip(g, gi)]
                se = quad_form(g, cov)
                tots.append([ip, t, k, v, se, *log_bounds(v, se)])
            print("  point", ip, "t", t, "k", k, file=sys.stderr)
    as_float = lambda rs: [[float(v) for v in r] for r in rs]
    return as_float([point]), as_float(preds), as_float(refs), as_float(tots)


def main():
    jobs = int(os.environ.get("JOBS", "2"))
    with multiprocessing.Pool(jobs) as pool:
        parts = pool.map(run_point, range(len(POINTS)), chunksize=1)
    out = ["/* Generated by tests/reference/prob_intervals_mpmath.py (mpmath %s; %d digits, GGom/NBD 30)."
           % (mpmath.__version__, DPS), " * Do not edit. */"]
    for i, (name, comment) in enumerate([
            ("piv_points", "{point, kind (csat_btyd_kind), parameters (5; 0 past the kind's own)}"),
            ("piv_rows", "{point, row j, x, t_x, T}: the rows asked about (weight 0)"),
            ("piv_ref", "{point, t, k, row j, P(X = k), its gradient in log(parameters) (5; 0 past the kind's "
                        "own), delta se, lower, upper (95%, logit scale)}"),
            ("piv_total", "{point, t, k, weighted total over the data, delta se, lower, upper (log scale)}")]):
        table(out, name, comment, [r for part in parts for r in part[i]])
    write_header(out, "btyd/prob_intervals_reference.h")


if __name__ == "__main__":
    main()
