"""Independent check of the Telco logistic standard errors (tests/retention/test_logistic.c).

At the MLE printed by telco_glm.R (epsilon 1e-14), the Fisher information
X' diag(p (1 - p)) X is built in 40-digit mpmath arithmetic from the CSV and
inverted; the square roots of its diagonal are the standard errors. Also
prints the gradient X'(y - p) there (should be ~0) and the log-likelihood.
Run from the project root: python3 tests/reference/telco_se_mpmath.py
"""
import csv

import mpmath as mp

mp.mp.dps = 40
COEF = ["-1.7493415023657148", "-0.037174966065610063", "0.025089645778388528",
        "0.43045764872837261", "0.46727698185761568", "-0.95288847623906558",
        "-1.8440064553697191"]

rows, ys = [], []
with open("tests/data/telco_churn.csv", newline="") as f:
    for r in csv.DictReader(f):
        c = r["contract"]
        rows.append([mp.mpf(1), mp.mpf(r["tenure"]), mp.mpf(r["monthly_charges"]),
                     mp.mpf(r["senior_citizen"]), mp.mpf(r["paperless_billing"]),
                     mp.mpf(c == "One year"), mp.mpf(c == "Two year")])
        ys.append(1 if r["churn"] == "Yes" else 0)
b = [mp.mpf(v) for v in COEF]
p = len(b)
info = mp.matrix(p, p)
grad = [mp.mpf(0)] * p
ll = mp.mpf(0)
for x, y in zip(rows, ys):
    eta = mp.fsum(bi * xi for bi, xi in zip(b, x))
    mu = 1 / (1 + mp.exp(-eta))
    w = mu * (1 - mu)
    ll += y * eta - mp.log(1 + mp.exp(eta))
    for i in range(p):
        grad[i] += x[i] * (y - mu)
        for j in range(p):
            info[i, j] += w * x[i] * x[j]
cov = info ** -1
print("se", " ".join(mp.nstr(mp.sqrt(cov[i, i]), 17) for i in range(p)))
print("max|grad|", mp.nstr(max(abs(g) for g in grad), 5))
print("loglik", mp.nstr(ll, 17))
