"""Generate tests/data/acsi_survey.csv: an ACSI-style survey simulated from a
stated structural model (fixed seed), for the PLS path modelling tests
(issue 16). Run with numpy:  python3 tests/reference/make_acsi_data.py

Structure: the ACSI model of Fornell, Johnson, Anderson, Cha and Bryant
(1996), "The American Customer Satisfaction Index: Nature, Purpose, and
Findings", Journal of Marketing 60(4), 7-18 (Figure 1): customer
expectations (CE), perceived quality (PQ), perceived value (PV),
satisfaction (ACSI), complaints (CC), loyalty (CL).

Standardised structural paths used to simulate (TRUE_PATHS below): latent
variables are N(0, 1); every endogenous one is the weighted sum of its
predecessors plus independent normal noise scaled to unit variance. Items:
round(6 + 1.5 * (l * eta + sqrt(1 - l^2) * e)) clipped to the 1-10 scale
(the ACSI's), loadings LOADINGS. 1,000 respondents, numpy
default_rng(20261205).
"""
import numpy as np

SEED = 20261205
N = 1000
LVS = ["CE", "PQ", "PV", "ACSI", "CC", "CL"]
TRUE_PATHS = {("CE", "PQ"): 0.55, ("CE", "PV"): 0.10, ("PQ", "PV"): 0.60,
              ("CE", "ACSI"): 0.10, ("PQ", "ACSI"): 0.50, ("PV", "ACSI"): 0.30,
              ("ACSI", "CC"): -0.45, ("ACSI", "CL"): 0.60, ("CC", "CL"): -0.15}
ITEMS = {"CE": ["ce_overall", "ce_custom", "ce_reliab"],
         "PQ": ["pq_overall", "pq_custom", "pq_reliab"],
         "PV": ["pv_price_q", "pv_q_price"],
         "ACSI": ["sat_overall", "sat_expect", "sat_ideal"],
         "CC": ["complaint"],
         "CL": ["loy_repurchase", "loy_price_tol"]}
LOADINGS = {"CE": [0.80, 0.75, 0.78], "PQ": [0.88, 0.82, 0.85], "PV": [0.90, 0.86],
            "ACSI": [0.92, 0.85, 0.87], "CC": [1.0], "CL": [0.88, 0.70]}


def simulate():
    rng = np.random.default_rng(SEED)
    eta = {}
    for lv in LVS:
        preds = [(a, b) for (a, b) in TRUE_PATHS if b == lv]
        if not preds:
            eta[lv] = rng.standard_normal(N)
            continue
        # population variance of the systematic part, from the implied correlations
        sys_part = sum(TRUE_PATHS[(a, lv)] * eta[a] for a, _ in preds)
        beta = np.array([TRUE_PATHS[(a, lv)] for a, _ in preds])
        corr = np.array([[implied_corr(a, c) for c, _ in preds] for a, _ in preds])
        var_sys = float(beta @ corr @ beta)
        eta[lv] = sys_part + np.sqrt(1.0 - var_sys) * rng.standard_normal(N)
    cols, names = [], []
    for lv in LVS:
        for name, lam in zip(ITEMS[lv], LOADINGS[lv]):
            z = lam * eta[lv] + np.sqrt(1.0 - lam * lam) * rng.standard_normal(N)
            cols.append(np.clip(np.round(6.0 + 1.5 * z), 1, 10))
            names.append(name)
    return names, np.column_stack(cols)


_CORR = {}


def implied_corr(a, b):
    """Population correlation of two latent variables under TRUE_PATHS."""
    if a == b:
        return 1.0
    key = tuple(sorted((a, b), key=LVS.index))
    if key in _CORR:
        return _CORR[key]
    a, b = key  # a comes first in the causal order; cor(a, b) = sum_k beta_kb cor(a, k)
    preds = [k for (k, t) in TRUE_PATHS if t == b]
    v = sum(TRUE_PATHS[(k, b)] * implied_corr(a, k) for k in preds)
    _CORR[key] = v
    return v


if __name__ == "__main__":
    import os
    names, X = simulate()
    out = os.path.join(os.path.dirname(__file__), "..", "data", "acsi_survey.csv")
    with open(out, "w") as f:
        f.write(",".join(names) + "\n")
        for row in X:
            f.write(",".join(str(int(v)) for v in row) + "\n")
    print("wrote", out, X.shape)
