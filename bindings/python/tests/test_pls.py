"""csat.PLSPathModel (issue 16) against the independent numpy implementation
tests/reference/pls_reference.py (Lohmoeller 1989; Tenenhaus et al. 2005,
CSDA 48), whose values are in tests/reference/pls_reference.json, on the
bundled ACSI-style survey tests/data/acsi_survey.csv: to 1e-10."""
import copy
import json
import math
import os
import pickle
import tempfile
import unittest

import csat
from _util import DATA

REF = os.path.join(DATA, "..", "reference", "pls_reference.json")
ITEMS = {"expectations": ["ce_overall", "ce_custom", "ce_reliab"],
         "quality": ["pq_overall", "pq_custom", "pq_reliab"],
         "value": ["pv_price_q", "pv_q_price"],
         "satisfaction": ["sat_overall", "sat_expect", "sat_ideal"],
         "complaints": ["complaint"],
         "loyalty": ["loy_repurchase", "loy_price_tol"]}
LVS = list(ITEMS)
NAMES = [it for lv in LVS for it in ITEMS[lv]]


def survey():
    with open(os.path.join(DATA, "acsi_survey.csv")) as f:
        head = f.readline().strip().split(",")
        rows = [[float(v) for v in line.split(",")] for line in f if line.strip()]
    return {h: [r[i] for r in rows] for i, h in enumerate(head)}


def with_missing(d):
    """Every 37th answer (row-major over the 14 items, from element 5) NaN, as the reference."""
    out = {k: list(v) for k, v in d.items()}
    n, p = len(out[NAMES[0]]), len(NAMES)
    for e in range(5, n * p, 37):
        out[NAMES[e % p]][e // p] = math.nan
    return out


class TestReference(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(REF) as f:
            cls.ref = json.load(f)["results"]
        cls.data = survey()

    def check(self, m, r):
        q = len(LVS)
        for (a, b), v in m.path_coefficients_.items():
            self.assertAlmostEqual(v, r["paths"][LVS.index(a)][LVS.index(b)], delta=1e-10)
        for j, lv in enumerate(LVS):
            self.assertAlmostEqual(m.r2_[lv], r["r2"][j], delta=1e-10)
            self.assertAlmostEqual(m.index_[lv], r["index"][j], delta=1e-9)
            for k, key in enumerate(("r2", "communality", "redundancy", "ave", "rho_dg", "alpha")):
                self.assertAlmostEqual(m.quality_[lv][key], r["quality"][j][key], delta=1e-10)
        for i, it in enumerate(NAMES):
            self.assertAlmostEqual(m.outer_weights_[it], r["weights"][i], delta=1e-10)
            self.assertAlmostEqual(m.loadings_[it], r["loadings"][i], delta=1e-10)
        for (a, b), e in m.effects_.items():
            self.assertAlmostEqual(e["total"], r["total"][LVS.index(a)][LVS.index(b)], delta=1e-10)
        self.assertAlmostEqual(m.gof_, r["gof"], delta=1e-10)
        self.assertEqual(m.n_respondents_, r["n_used"])
        self.assertEqual(m.fit_report_["iterations"], r["n_iter"])
        ipma = m.ipma("satisfaction")
        for lv, v in ipma.items():
            self.assertAlmostEqual(v["importance"], r["ipma_importance"][LVS.index(lv)], delta=1e-10)
        first = [list(m.scores_[lv])[:5] for lv in LVS]
        for i in range(5):
            for j in range(q):
                self.assertAlmostEqual(first[j][i], r["scores_std"][i][j], delta=1e-10)

    def test_path_scheme(self):
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(self.data)
        self.check(m, self.ref["path_a"])

    def test_centroid_and_factorial_with_mode_b(self):
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10), scheme="centroid",
                                     modes={"quality": "B"}).fit(self.data)
        self.check(m, self.ref["centroid_b"])
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10), scheme="factorial",
                                     modes={"value": "B", "loyalty": "B"}).fit(self.data)
        self.check(m, self.ref["factorial_b"])

    def test_missing_answers(self):
        d = with_missing(self.data)
        with self.assertRaises(csat.InvalidArgument):
            csat.PLSPathModel.preset("acsi", ITEMS).fit(d)
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10), missing="mean").fit(d)
        self.check(m, self.ref["mean_replace"])
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10), missing="listwise").fit(d)
        self.check(m, self.ref["listwise"])

    def test_dataframe_input(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("no pandas")
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(pd.DataFrame(self.data))
        self.check(m, self.ref["path_a"])


class TestIndexCompare(unittest.TestCase):
    """csat.pls_index_compare against pls_reference.py's index_compare (its own
    xoshiro256** draws and refits on the resampled rows; docs/theory/pls.rst, 22.9)."""

    @classmethod
    def setUpClass(cls):
        with open(REF) as f:
            cls.ref = json.load(f)["results"]["index_compare"]
        d = survey()
        k = cls.ref["split"]
        cls.m1 = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit({c: v[:k] for c, v in d.items()})
        cls.m2 = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit({c: v[k:] for c, v in d.items()})

    def test_reference(self):
        c = self.ref
        for j, lv in enumerate(LVS):
            r = csat.pls_index_compare(self.m1, self.m2, lv, n_boot=c["n_boot"], seed=c["seed"], level=c["level"])
            for name, want in zip(c["fields"], c["values"][j]):
                self.assertAlmostEqual(r[name], want, delta=1e-10, msg=f"{lv} {name}")
            self.assertEqual(r.estimate1, self.m1.index_[lv])
            self.assertEqual(len(r.draws), c["n_boot"])
            again = csat.pls_index_compare(self.m1, self.m2, lv, n_boot=c["n_boot"], seed=c["seed"],
                                           level=c["level"])
            self.assertEqual(list(r.draws), list(again.draws))

    def test_equal_samples(self):
        r = csat.pls_index_compare(self.m1, self.m1, "satisfaction", n_boot=30, seed=3)
        self.assertEqual((r.difference, r.statistic, r.p_value), (0.0, 0.0, 1.0))
        self.assertTrue(r.se > 0 and r.lower < 0 < r.upper)

    def test_bad(self):
        other = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10), scheme="centroid").fit(survey())
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.pls_index_compare(self.m1, other, "satisfaction", n_boot=10)
        self.assertIn("model2", str(cm.exception))
        with self.assertRaises(csat.InvalidArgument):
            csat.pls_index_compare(self.m1, self.m2, "nope", n_boot=10)
        with self.assertRaises(csat.NotFittedError):
            csat.pls_index_compare(self.m1, csat.PLSPathModel.preset("acsi", ITEMS), "satisfaction")
        with self.assertRaises(csat.InvalidType):
            csat.pls_index_compare(self.m1, "m2", "satisfaction")


class TestInputPaths(unittest.TestCase):
    """Numeric numpy/pandas columns go to csat_pls_fit_columns without a transpose;
    lists take the row-major path: the same estimates bit for bit, and scores_
    (read from C when first asked for) follow each refit."""

    def test_same_fit(self):
        try:
            import numpy as np
        except ImportError:
            self.skipTest("no numpy")
        d = survey()
        fits = [csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(x)
                for x in (d, {k: np.array(v) for k, v in d.items()},
                          {k: np.array(v, dtype=np.int64) for k, v in d.items()})]
        for m in fits[1:]:
            self.assertEqual(m.path_coefficients_, fits[0].path_coefficients_)
            self.assertEqual(m.outer_weights_, fits[0].outer_weights_)
            self.assertEqual(list(m.scores_["satisfaction"]), list(fits[0].scores_["satisfaction"]))
            self.assertEqual(list(m.scores_scaled_["loyalty"]), list(fits[0].scores_scaled_["loyalty"]))
        self.assertEqual(fits[1]._data_rows(), fits[0]._data_rows())
        # NaN takes the general path inside C and names the respondent and item
        bad = {k: np.array(v) for k, v in d.items()}
        bad["pv_price_q"][3] = np.nan
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.PLSPathModel.preset("acsi", ITEMS).fit(bad)
        self.assertIn("respondent 3", str(cm.exception))

    def test_scores_follow_refit(self):
        d = survey()
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10))
        with self.assertRaises(AttributeError):
            m.scores_
        m.fit(d)
        first = list(m.scores_["satisfaction"])
        half = {k: v[:400] for k, v in d.items()}
        m.fit(half)
        self.assertEqual(len(m.scores_["satisfaction"]), 400)
        self.assertNotEqual(list(m.scores_["satisfaction"])[:5], first[:5])
        self.assertEqual(list(copy.deepcopy(m).scores_["satisfaction"]), list(m.scores_["satisfaction"]))


class TestModel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = survey()
        cls.m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(cls.data).bootstrap(100, seed=5)

    def test_bootstrap_reproducible(self):
        m2 = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(self.data).bootstrap(100, seed=5)
        self.assertEqual(m2.bootstrap_, self.m.bootstrap_)
        m3 = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(self.data).bootstrap(100, seed=6)
        self.assertNotEqual(m3.bootstrap_["paths"], self.m.bootstrap_["paths"])
        for k, b in self.m.bootstrap_["paths"].items():
            self.assertTrue(0 < b.se < 0.1 and b.lower < self.m.path_coefficients_[k] < b.upper)

    def test_summary_and_copies(self):
        s = self.m.summary
        tables = self.m.summary_tables
        self.assertEqual(set(tables), {"outer", "inner", "reliability", "effects", "index"})
        self.assertIn("gof", s.attrs)
        self.assertIsNone(s.attrs["log_likelihood"])
        self.assertIn("fitted on 1,000 customers", repr(self.m))
        for other in (copy.copy(self.m), copy.deepcopy(self.m), pickle.loads(pickle.dumps(self.m))):
            self.assertEqual(other.path_coefficients_, self.m.path_coefficients_)
            self.assertEqual(other.bootstrap_, self.m.bootstrap_)
        path = os.path.join(tempfile.mkdtemp(), "pls.json")
        self.m.save(path)
        back = csat.load(path)
        self.assertEqual(back.path_coefficients_, self.m.path_coefficients_)
        self.assertEqual(back.bootstrap_, self.m.bootstrap_)
        self.assertEqual(back.coef_, self.m.coef_)

    def test_presets(self):
        ecsi = ["image", "expectations", "quality", "value", "satisfaction", "complaints", "loyalty"]
        m = csat.PLSPathModel.preset("ecsi", {lv: [lv] for lv in ecsi})
        self.assertEqual(len(m.paths), 12)
        self.assertIn(("image", "loyalty"), m.paths)
        m = csat.PLSPathModel.preset("ccsi", {lv: [lv] for lv in ecsi if lv != "complaints"})
        self.assertEqual(len(m.blocks), 6)
        with self.assertRaises(csat.InvalidArgument):
            csat.PLSPathModel.preset("acsi", {"quality": ["a"]})

    def test_bad_input(self):
        with self.assertRaisesRegex(csat.InvalidArgument, "two blocks"):
            csat.PLSPathModel({"A": ["x", "y"], "B": ["y"]}, [("A", "B")])
        with self.assertRaisesRegex(csat.InvalidArgument, "empty"):
            csat.PLSPathModel({"A": ["x"], "B": []}, [("A", "B")])
        with self.assertRaisesRegex(csat.InvalidArgument, "cycle: 'A' -> 'B' -> 'C' -> 'A'|cycle: 'B' -> 'C' -> 'A' -> 'B'|cycle: 'C' -> 'A' -> 'B' -> 'C'"):
            csat.PLSPathModel({"A": ["a"], "B": ["b"], "C": ["c"]}, [("A", "B"), ("B", "C"), ("C", "A")])
        d = survey()
        d["pv_q_price"] = [4.0] * len(d["pv_q_price"])
        with self.assertRaisesRegex(csat.DomainError, "zero variance"):
            csat.PLSPathModel.preset("acsi", ITEMS).fit(d)
        with self.assertRaisesRegex(csat.NoConvergence, "last change"):
            csat.PLSPathModel.preset("acsi", ITEMS, max_iter=1).fit(survey())
        small = {k: v[:2] for k, v in survey().items()}
        with self.assertRaisesRegex(csat.DomainError, "mode B"):
            csat.PLSPathModel.preset("acsi", ITEMS, modes={"quality": "B"}).fit(small)
        with self.assertRaises(csat.NotFittedError):
            csat.PLSPathModel.preset("acsi", ITEMS).summary


if __name__ == "__main__":
    unittest.main()
