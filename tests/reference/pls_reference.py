"""Independent reference for PLS path modelling (issue 16), in numpy.

Written from the published algorithm (Lohmoeller 1989, "Latent Variable Path
Modeling with Partial Least Squares", Physica; as set out in Tenenhaus,
Esposito Vinzi, Chatelin and Lauro 2005, "PLS path modeling", Computational
Statistics & Data Analysis 48, 159-205, sections 2.1-2.4), not from any
package. Unlike libcsat, which works on the item correlation matrix, this
works on the data: scores Y = X_std W, inner estimates Z = Y E, weights by
covariances (mode A) or least squares (mode B, numpy.linalg.lstsq), paths by
least squares on the scores, effects by (I - B)^-1 - I, HTMT and Cronbach's
alpha from their textbook definitions, the IPMA by least squares on the
0-100 rescaled scores.

Same stopping rule as libcsat: stop when the largest change of the scaled
outer weights is below tol (1e-10), at most 300 updates.

The two-sample index test (csat_pls_index_compare, docs/theory/pls.rst, 22.9)
is checked by index_compare below: the bundled survey split into its first
and last 500 respondents, each bootstrap replicate drawn with the generator
of tests/reference/random_xoshiro.py (an independent Python-integer
xoshiro256**; replicate b = stream b of the seed, n1 row draws then n2, row
= floor((1 - u) n)), each resample refitted from the data here (rows
repeated), the replicate differences' SD (n - 1), type-7 percentiles and a
normal p-value.

Run:  /usr/bin/python3 tests/reference/pls_reference.py
Writes tests/reference/pls_reference.json and tests/survey/pls_reference_values.h
(the bundled data and the expected values, for tests/survey/test_pls.c).
"""
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "acsi_survey.csv")

LVS = ["CE", "PQ", "PV", "ACSI", "CC", "CL"]
BLOCK_OF = [0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5]
PATHS = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3), (3, 4), (3, 5), (4, 5)]
SCALE = (1.0, 10.0)


def load():
    with open(DATA) as f:
        names = f.readline().strip().split(",")
        X = np.array([[float(v) for v in line.split(",")] for line in f if line.strip()])
    return names, X


def sd1(v):
    return np.std(v, ddof=1)


def pls(Xraw, block_of, paths, modes, scheme, tol=1e-10, max_iter=300):
    n, p = Xraw.shape
    q = max(block_of) + 1
    blocks = [[i for i in range(p) if block_of[i] == j] for j in range(q)]
    adj = np.zeros((q, q), dtype=int)
    for a, b in paths:
        adj[a, b] = 1
    mean = Xraw.mean(axis=0)
    sd = Xraw.std(axis=0, ddof=1)
    X = (Xraw - mean) / sd
    W = np.zeros((p, q))
    for j, b in enumerate(blocks):
        W[b, j] = 1.0
        W[:, j] /= sd1(X @ W[:, j])
    it, change = 0, np.inf
    while it < max_iter:
        Y = X @ W
        cor = np.corrcoef(Y, rowvar=False)
        E = np.zeros((q, q))
        for j in range(q):
            preds = [l for l in range(q) if adj[l, j]]
            beta = np.linalg.lstsq(Y[:, preds], Y[:, j], rcond=None)[0] if preds else []
            for l in range(q):
                if not (adj[l, j] or adj[j, l]):
                    continue
                if scheme == "centroid":
                    E[l, j] = np.sign(cor[j, l])
                elif scheme == "factorial" or adj[j, l]:
                    E[l, j] = cor[j, l]
                else:
                    E[l, j] = beta[preds.index(l)]
        Z = Y @ E
        Wn = np.zeros_like(W)
        for j, b in enumerate(blocks):
            Xb = X[:, b]
            if modes[j] == "B":
                w = np.linalg.lstsq(Xb, Z[:, j], rcond=None)[0]
            else:
                w = Xb.T @ (Z[:, j] - Z[:, j].mean()) / (n - 1)
            Wn[b, j] = w / sd1(Xb @ w)
        change = np.max(np.abs(Wn - W))
        W = Wn
        it += 1
        if change < tol:
            break
    Y = X @ W
    B = np.zeros((q, q))
    r2 = np.zeros(q)
    for j in range(q):
        preds = [l for l in range(q) if adj[l, j]]
        if preds:
            coef, *_ = np.linalg.lstsq(Y[:, preds], Y[:, j], rcond=None)
            B[preds, j] = coef
            resid = Y[:, j] - Y[:, preds] @ coef
            r2[j] = 1.0 - resid.var() / Y[:, j].var()
    w = W.sum(axis=1)
    cross = np.array([[np.corrcoef(X[:, i], Y[:, j])[0, 1] for j in range(q)] for i in range(p)])
    load = np.array([cross[i, block_of[i]] for i in range(p)])
    total = np.linalg.inv(np.eye(q) - B) - np.eye(q)
    # reliability
    qual = []
    R = np.corrcoef(X, rowvar=False)
    for j, b in enumerate(blocks):
        l = load[b]
        k = len(b)
        com = np.mean(l ** 2)
        if k > 1:
            alpha = k / (k - 1) * (1 - X[:, b].var(axis=0, ddof=1).sum() / sd1(X[:, b].sum(axis=1)) ** 2)
        else:
            alpha = 1.0
        qual.append(dict(r2=r2[j], communality=com, redundancy=com * r2[j],
                         ave=np.sum(l ** 2) / (np.sum(l ** 2) + np.sum(1 - l ** 2)),
                         rho_dg=np.sum(l) ** 2 / (np.sum(l) ** 2 + np.sum(1 - l ** 2)), alpha=alpha))
    multi = [i for i in range(p) if len(blocks[block_of[i]]) > 1]
    endo = [j for j in range(q) if adj[:, j].any()]
    gof = np.sqrt(np.mean(load[multi] ** 2) * np.mean(r2[endo]))
    htmt = np.eye(q)
    A = np.abs(R)
    mono = []
    for b in blocks:
        if len(b) == 1:
            mono.append(1.0)
        else:
            sub = A[np.ix_(b, b)]
            mono.append((sub.sum() - len(b)) / (len(b) * (len(b) - 1)))
    for j in range(q):
        for k in range(q):
            if j != k:
                htmt[j, k] = A[np.ix_(blocks[j], blocks[k])].mean() / np.sqrt(mono[j] * mono[k])
    # scores on the items' scale and the 0-100 index
    scaled = np.zeros((n, q))
    for j, b in enumerate(blocks):
        wu = W[b, j] / sd[b]
        scaled[:, j] = Xraw[:, b] @ (wu / wu.sum())
    lo, hi = SCALE
    resc = 100 * (scaled - lo) / (hi - lo)
    index = resc.mean(axis=0)
    # IPMA for target ACSI (3): unstandardised total effects on rescaled scores
    Bu = np.zeros((q, q))
    for j in range(q):
        preds = [l for l in range(q) if adj[l, j]]
        if preds:
            D = np.column_stack([np.ones(n), resc[:, preds]])
            Bu[preds, j] = np.linalg.lstsq(D, resc[:, j], rcond=None)[0][1:]
    Tu = np.linalg.inv(np.eye(q) - Bu) - np.eye(q)
    return dict(n_used=n, n_iter=it, weights=w, loadings=load, cross=cross, paths=B, r2=r2, total=total,
                indirect=total - B, quality=qual, gof=gof, htmt=htmt, lvcor=np.corrcoef(Y, rowvar=False),
                scores_std=Y[:5], scores_scaled=scaled[:5], index=index, ipma_target=3,
                ipma_importance=Tu[:, 3])


def with_missing(X):
    """Every 37th answer (row-major, from element 5) missing."""
    Xm = X.copy()
    flat = Xm.reshape(-1)
    flat[5::37] = np.nan
    return Xm


CONFIGS = [
    ("path_a", dict(modes="AAAAAA", scheme="path"), "complete"),
    ("centroid_b", dict(modes="ABAAAA", scheme="centroid"), "complete"),
    ("factorial_b", dict(modes="AABAAB", scheme="factorial"), "complete"),
    ("mean_replace", dict(modes="AAAAAA", scheme="path"), "mean"),
    ("listwise", dict(modes="AAAAAA", scheme="path"), "listwise"),
]


def run_all():
    names, X = load()
    out = {}
    Xm = with_missing(X)
    for name, cfg, missing in CONFIGS:
        if missing == "complete":
            D = X
        elif missing == "mean":
            D = np.where(np.isnan(Xm), np.nanmean(Xm, axis=0), Xm)
        else:
            D = Xm[~np.isnan(Xm).any(axis=1)]
        out[name] = pls(D, BLOCK_OF, PATHS, cfg["modes"], cfg["scheme"])
    return names, X, out


sys.path.insert(0, HERE)
import random_xoshiro as rx  # noqa: E402

# the index test: first 500 vs last 500 respondents, LV 3 (ACSI) and LV 0 (CE)
CMP = dict(split=500, lvs=[3, 0], n_boot=40, seed=20261205, level=0.9, modes="AAAAAA", scheme="path")


def resample_rows(state, n):
    """n row indices drawn with replacement as libcsat draws them."""
    rows = np.empty(n, dtype=int)
    for t in range(n):
        u = ((rx.nxt(state) >> 11) + 1) / 2.0 ** 53
        rows[t] = min(int((1.0 - u) * n), n - 1)
    return rows


def index_compare(X1, X2, n_boot, seed, level, modes, scheme):
    """For every LV: (estimate1, estimate2, difference, se, statistic, p, lower, upper)."""
    fit = lambda D: pls(D, BLOCK_OF, PATHS, modes, scheme)["index"]  # noqa: E731
    e1, e2 = fit(X1), fit(X2)
    diffs = []
    for b in range(n_boot):
        st = rx.seeded(seed, b)
        r1 = resample_rows(st, len(X1))
        r2 = resample_rows(st, len(X2))
        diffs.append(fit(X1[r1]) - fit(X2[r2]))
    diffs = np.array(diffs)
    out = []
    for j in range(len(e1)):
        d = np.sort(diffs[:, j])
        se = np.std(d, ddof=1)
        z = (e1[j] - e2[j]) / se
        out.append([e1[j], e2[j], e1[j] - e2[j], se, z, min(1.0, math.erfc(abs(z) / math.sqrt(2))),
                    np.quantile(d, (1 - level) / 2), np.quantile(d, (1 + level) / 2)])
    return np.array(out)


def c_array(name, v, fmt="%.17g"):
    v = np.asarray(v, dtype=float).reshape(-1)
    return "static const double %s[%d] = {%s};\n" % (name, v.size, ", ".join(fmt % x for x in v))


def main():
    names, X, out = run_all()
    hdr = ["/* Generated by tests/reference/pls_reference.py (independent numpy PLS-PM); do not edit. */\n",
           "#define PLS_REF_N %d\n#define PLS_REF_P %d\n#define PLS_REF_Q %d\n" % (X.shape[0], X.shape[1], 6),
           "static const unsigned char pls_ref_data[%d] = {%s};\n" % (X.size, ", ".join(str(int(v)) for v in X.reshape(-1)))]
    js = {}
    for name, cfg, missing in CONFIGS:
        r = out[name]
        qual = np.array([[d[k] for k in ("r2", "communality", "redundancy", "ave", "rho_dg", "alpha")]
                         for d in r["quality"]])
        for key in ("weights", "loadings", "cross", "paths", "r2", "total", "indirect", "htmt", "lvcor",
                    "scores_std", "scores_scaled", "index", "ipma_importance"):
            hdr.append(c_array("ref_%s_%s" % (name, key), r[key]))
        hdr.append(c_array("ref_%s_quality" % name, qual))
        hdr.append("static const double ref_%s_gof = %.17g;\n" % (name, r["gof"]))
        hdr.append("#define REF_%s_N_USED %d\n#define REF_%s_N_ITER %d\n" % (name.upper(), r["n_used"],
                                                                            name.upper(), r["n_iter"]))
        js[name] = {k: (np.asarray(v).tolist() if not isinstance(v, list) else v) for k, v in r.items()}
        js[name]["config"] = dict(cfg, missing=missing)
    c = CMP
    cmp = index_compare(X[:c["split"]], X[c["split"]:], c["n_boot"], c["seed"], c["level"], c["modes"],
                        c["scheme"])
    hdr.append("/* index test (CMP in the script): split %d, n_boot %d, seed %d, level %g; per LV: estimate1,\n"
               " * estimate2, difference, se, statistic, p_value, lower, upper */\n"
               % (c["split"], c["n_boot"], c["seed"], c["level"]))
    hdr.append("#define REF_CMP_SPLIT %d\n#define REF_CMP_N_BOOT %d\n#define REF_CMP_SEED %dULL\n"
               "#define REF_CMP_LEVEL %.17g\n" % (c["split"], c["n_boot"], c["seed"], c["level"]))
    hdr.append(c_array("ref_index_compare", cmp))
    js["index_compare"] = dict(CMP, fields=["estimate1", "estimate2", "difference", "se", "statistic",
                                            "p_value", "lower", "upper"], values=cmp.tolist())
    with open(os.path.join(HERE, "..", "survey", "pls_reference_values.h"), "w") as f:
        f.write("".join(hdr))
    with open(os.path.join(HERE, "pls_reference.json"), "w") as f:
        json.dump(dict(source="tests/reference/pls_reference.py", items=names, lvs=LVS, paths=PATHS,
                       block_of=BLOCK_OF, scale=SCALE, results=js), f, indent=1, default=float)
    for name in out:
        r = out[name]
        print(name, "iter", r["n_iter"], "n", r["n_used"], "paths", np.round(r["paths"][r["paths"] != 0], 3),
              "gof %.4f" % r["gof"])


if __name__ == "__main__":
    main()
