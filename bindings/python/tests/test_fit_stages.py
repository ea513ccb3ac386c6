"""Fit stages in the convergence reports (issue 18 §3): a large fit starts on a
strided subsample, and fit_report_["stages"] lists every stage (subsamples
first, all rows last), repr says how the iterations split, summary.attrs and
model files keep them.

No published reference splits an optimiser's work into stages; the checks
are internal (stage counts by the documented thresholds, the last stage equal
to the report) and one independent computation: the logistic warm-up's
log-likelihood equals that of a separate fit of the same strided rows (their
maximum), to 1e-7.
"""
import copy
import json
import os
import pickle
import tempfile
import unittest

import csat
from _util import assert_close, load_csv

_, X, TX, T, _Z = load_csv("cdnow_customers_summary_with_transactions.csv")
SURV = [1000, 631, 468, 382, 326, 289, 262, 241]
STAGE_KEYS = {"rows", "iterations", "evaluations", "log_likelihood", "grad_norm", "converged"}


def lcg(n, seed):
    """n uniforms in [0, 1) from a fixed 64-bit linear congruential generator."""
    s, out = seed, []
    for _ in range(n):
        s = (s * 6364136223846793005 + 1442695040888963407) % 2 ** 64
        out.append((s >> 11) / 2.0 ** 53)
    return out


def logistic_rows(n):
    """n rows of a logistic model: intercept 0.3, slopes 0.8 and -0.5, x uniform on [-2, 2]."""
    u = lcg(3 * n, 20261205)
    rows, y = [], []
    for i in range(n):
        a, b = 4.0 * u[3 * i] - 2.0, 4.0 * u[3 * i + 1] - 2.0
        rows.append([a, b])
        eta = 0.3 + 0.8 * a - 0.5 * b
        y.append(1.0 if u[3 * i + 2] < 1.0 / (1.0 + 2.718281828459045 ** -eta) else 0.0)
    return rows, y


class StagesMixin:
    def check_report(self, m, n_stages):
        """fit_report_'s stages: n_stages of them, the last equal to the report; returns them."""
        rep = m.fit_report_
        stages = rep["stages"]
        self.assertEqual(len(stages), n_stages)
        for st in stages:
            self.assertEqual(set(st), STAGE_KEYS)
            self.assertGreater(st["rows"], 0)
            self.assertGreater(st["evaluations"], 0)
        last = stages[-1]
        for k in ("iterations", "evaluations", "log_likelihood", "grad_norm", "converged"):
            self.assertEqual(last[k], rep[k], k)
        self.assertEqual(m.summary.attrs["stages"], stages)
        total = sum(st["iterations"] for st in stages)
        if n_stages > 1:
            self.assertIn(f"; {total} iterations (", repr(m))
            for st in stages[:-1]:
                self.assertIn(f"{st['iterations']} on a subsample of {st['rows']:,} rows", repr(m))
            self.assertIn(f"{last['iterations']} on all rows)>", repr(m))
        else:
            self.assertNotIn("subsample", repr(m))
        return stages


class TestBTYDStages(StagesMixin, unittest.TestCase):
    def test_large_bgnbd_has_a_warm_up_stage(self):
        n = 250000  # > 200,000 distinct histories: the 50,000-row warm-up
        gen = csat.BGNBD()
        gen.params_ = {"r": 0.243, "alpha": 4.41, "a": 0.793, "b": 2.43}
        ages = [27.0 + 12.0 * u for u in lcg(n, 7)]  # continuous: every history distinct
        d = gen.generate_data(n, ages, seed=3)
        m = csat.BGNBD().fit(d["frequency"], d["recency"], d["T"])
        warm, full = self.check_report(m, 2)
        self.assertEqual(warm["rows"], 50000)
        self.assertGreater(warm["iterations"], 0)
        self.assertTrue(warm["converged"])
        self.assertEqual(full["rows"], n)
        # the warm-up's log-likelihood is of its 50,000 rows: about a fifth of the whole
        assert_close(warm["log_likelihood"] / warm["rows"], full["log_likelihood"] / full["rows"], 0.05)
        # copies, pickles and model files keep the stages
        self.assertEqual(copy.deepcopy(m).fit_report_, m.fit_report_)
        self.assertEqual(pickle.loads(pickle.dumps(m)).fit_report_, m.fit_report_)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m.json")
            m.save(path)
            loaded = csat.load(path)
            self.assertEqual(loaded.fit_report_, m.fit_report_)
            self.assertEqual(repr(loaded), repr(m))

    def test_small_fits_have_one_stage(self):
        m = csat.BGNBD().fit(X, TX, T)
        (st,) = self.check_report(m, 1)
        self.assertEqual(st["rows"], len({(a, b, c) for a, b, c in zip(X, TX, T)}))
        gg = csat.GammaGamma().fit([x for x in X if x > 0], [z for x, z in zip(X, _Z) if x > 0])
        (st,) = self.check_report(gg, 1)
        self.assertEqual(st["rows"], sum(1 for x in X if x > 0))

    def test_files_without_stages_and_bad_stages(self):
        m = csat.BGNBD().fit(X, TX, T)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m.json")
            m.save(path)
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            del doc["fit"]["stages"]  # a file written before issue 18
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            self.assertIsNone(csat.load(path).fit_report_["stages"])
            doc["fit"]["stages"] = [{"rows": -1}]
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            with self.assertRaisesRegex(csat.InvalidArgument, r"fit\.stages\[0\]"):
                csat.load(path)


class TestRetentionStages(StagesMixin, unittest.TestCase):
    def test_logistic_warm_up_is_the_strided_rows_fit(self):
        n = 200000  # the smallest n with the subsample stage: every 4th row
        rows, y = logistic_rows(n)
        m = csat.LogisticChurn().fit(rows, y)
        warm, full = self.check_report(m, 2)
        self.assertEqual(warm["rows"], 50000)
        self.assertGreater(warm["iterations"], 0)
        self.assertEqual(full["rows"], n)
        sub = csat.LogisticChurn().fit(rows[::4], y[::4])
        assert_close(warm["log_likelihood"], sub.log_likelihood_, 1e-7)
        self.check_report(sub, 1)
        self.assertEqual(copy.deepcopy(m).fit_report_, m.fit_report_)

    def test_sbg_and_cox_have_one_stage(self):
        s = csat.SBG().fit(SURV)
        (st,) = self.check_report(s, 1)
        self.assertEqual(st["rows"], len(SURV) - 1)
        cox = csat.CoxPH().fit([[0], [1], [0], [1], [1], [0], [1], [0]], [5, 3, 9, 2, 4, 8, 6, 7],
                               [1, 1, 0, 1, 1, 1, 0, 1])
        (st,) = self.check_report(cox, 1)
        self.assertEqual(st["rows"], 8)


class TestPLSStage(unittest.TestCase):
    def test_pls_one_stage_is_its_report(self):
        from test_pls import ITEMS, survey
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(survey())
        rep = m.fit_report_
        (st,) = rep["stages"]
        self.assertEqual(st["rows"], rep["n_used"])
        self.assertEqual(st["iterations"], rep["iterations"])
        self.assertEqual(st["grad_norm"], rep["last_change"])
        self.assertNotEqual(st["log_likelihood"], st["log_likelihood"])  # NaN: not a likelihood fit
        self.assertEqual(m.summary.attrs["stages"], rep["stages"])
        (cst,) = copy.deepcopy(m).fit_report_["stages"]  # a copy refits: the same stage
        self.assertEqual({k: v for k, v in cst.items() if k != "log_likelihood"},
                         {k: v for k, v in st.items() if k != "log_likelihood"})


if __name__ == "__main__":
    unittest.main()
