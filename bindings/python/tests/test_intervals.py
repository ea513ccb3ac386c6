"""Prediction intervals (issue 15 §4) from Python: csat.btyd_intervals,
csat.clv_intervals and the interval= argument of the prediction methods.

The delta-method values are checked against an independent mpmath
computation (tests/reference/intervals_delta.py: BG/NBD on CDNOW at r, alpha,
a, b = 0.2425, 4.4135, 0.7929, 2.4258; the same values are checked in C by
tests/btyd/test_intervals.c)."""
import unittest

import csat
from _util import assert_close, load_csv

_, X, TX, T, Z = load_csv("cdnow_customers_summary_with_transactions.csv")
REF = dict(r=0.2425, alpha=4.4135, a=0.7929, b=2.4258)
# tests/btyd/intervals_reference.h (mpmath): row 0 P(alive) and the totals
REF_P0 = (0.72661230147903622, 0.69369656897309295, 0.75722876239215742)
REF_TOTAL_P = (1917.2876082112343, 1886.576352127978, 1948.4988076172974)
REF_TOTAL_E39 = (1653.2829311525243, 1513.8022521712687, 1805.6152621782708)


def ref_model():
    m = csat.BGNBD()
    m.params_ = REF
    return m


class TestIntervals(unittest.TestCase):
    def test_delta_against_mpmath(self):
        m = ref_model()
        r = m.p_alive(X, TX, T, interval="delta")
        for got, want in zip((r.estimate[0], r.lower[0], r.upper[0]), REF_P0):
            assert_close(got, want, rtol=1e-8)
        for key, want in zip(("estimate", "lower", "upper"), REF_TOTAL_P):
            assert_close(r.total[key], want, rtol=1e-8)
        r = m.expected_purchases(39, X, TX, T, interval="delta")
        for key, want in zip(("estimate", "lower", "upper"), REF_TOTAL_E39):
            assert_close(r.total[key], want, rtol=1e-8)
        self.assertEqual((r.method, r.level), ("delta", 0.95))
        self.assertEqual(list(r.estimate), list(m.expected_purchases(39, X, TX, T)))

    def test_bootstrap_seeded(self):
        m = csat.BGNBD().fit(X, TX, T)
        for method, n in (("parametric", 200), ("bootstrap", 20)):
            a = m.p_alive(X, TX, T, interval=method, n_draws=n, seed=5)
            b = m.p_alive(X, TX, T, interval=method, n_draws=n, seed=5)
            c = m.p_alive(X, TX, T, interval=method, n_draws=n, seed=6)
            self.assertEqual(list(a.lower), list(b.lower))
            self.assertEqual(a.total, b.total)
            self.assertNotEqual(a.total, c.total)
            self.assertTrue(a.total.lower < a.total.estimate < a.total.upper)

    def test_clv_and_dert(self):
        m = csat.BGNBD().fit(X, TX, T)
        s = csat.GammaGamma().fit(X, Z)
        r = csat.clv_intervals(m, s, X, TX, T, Z)
        eq = csat.clv(m, s, X, TX, T, Z).equity
        assert_close(r.total.estimate, eq, rtol=1e-12)
        self.assertTrue(r.total.lower < eq < r.total.upper)
        m200 = csat.BGNBD().fit(X[:200], TX[:200], T[:200])  # the rows are the fit's data
        d = m200.dert(0.0027, X[:200], TX[:200], T[:200], interval="delta")
        self.assertTrue(all(lo <= e <= hi for lo, e, hi in zip(d.lower, d.estimate, d.upper)))

    def test_pandas_in_pandas_out(self):
        if not csat.HAVE_NUMPY:  # CSAT_PYTHON_NO_NUMPY hides pandas too
            self.skipTest("no numpy/pandas")
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("no pandas")
        df = pd.DataFrame(dict(x=X, tx=TX, T=T), index=[f"c{i}" for i in range(len(X))])
        r = ref_model().p_alive(df.x, df.tx, df["T"], interval="delta")
        self.assertIsInstance(r.lower, pd.Series)
        self.assertEqual(list(r.lower.index[:2]), ["c0", "c1"])
        frame = pd.DataFrame({k: r[k] for k in ("estimate", "lower", "upper")})
        self.assertEqual(list(frame.columns), ["estimate", "lower", "upper"])

    def test_errors(self):
        m = ref_model()
        with self.assertRaises(csat.InvalidArgument):
            csat.btyd_intervals(m, "expected_purchases", X, TX, T)  # no t
        with self.assertRaises(csat.InvalidArgument):
            m.p_alive(X, TX, T, interval="jackknife")
        with self.assertRaises(csat.InvalidArgument):
            m.p_alive(X, TX, T, interval="delta", level=1.5)
        with self.assertRaises(csat.InvalidArgument):
            m.p_alive(X, TX, T, interval="bootstrap", n_draws=1)
        with self.assertRaises(csat.Misuse):
            csat.BGNBD().p_alive(X, TX, T, interval="delta")


class TestMoreIntervals(unittest.TestCase):
    """P(X(t) = k) and Gamma-Gamma expected-spend intervals (intervals2). The spend delta
    values: tests/reference/spend_delta.py (mpmath Hessian of the Gamma-Gamma likelihood on
    CDNOW at p, q, gamma = 6.25, 3.74, 15.44), also checked in C by
    tests/btyd/test_intervals_grad.c."""

    def test_spend_delta_against_mpmath(self):
        g = csat.GammaGamma()
        g.params_ = dict(p=6.25, q=3.74, gamma=15.44)
        r = g.expected_spend(X, Z, interval="delta")
        for got, want in zip((r.estimate[1], r.lower[1], r.upper[1]),
                             (18.916852057842046, 16.475644241514079, 21.719775356438348)):
            assert_close(got, want, rtol=3e-9)
        for key, want in zip(("estimate", "lower", "upper"),
                             (83168.134153974897, 80312.972995414137, 86124.797534870508)):
            assert_close(r.total[key], want, rtol=3e-9)
        self.assertEqual(list(r.estimate), list(g.expected_spend(X, Z)))
        b = csat.intervals.spend_intervals(g, X, Z, interval="parametric", n_draws=100, seed=4)
        self.assertEqual(b.total, csat.intervals.spend_intervals(g, X, Z, interval="parametric",
                                                                 n_draws=100, seed=4).total)

    def test_ggom(self):
        # GGom/NBD (5 parameters) through csat.btyd_intervals and the interval keywords, as
        # BGNBD's; the data and point of tests/btyd/ggom_intervals_data.h (the delta
        # standard errors are checked against mpmath in C: tests/btyd/test_ggom_intervals.c,
        # tests/reference/ggom_intervals_mpmath.py)
        import os
        import re
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests",
                            "btyd", "ggom_intervals_data.h")
        with open(path) as f:
            text = f.read()
        params = [float(v) for v in re.search(r"ggom_iv_params\[5\] = \{([^}]*)\}", text).group(1).split(",")]
        body = re.search(r"ggom_iv_data\[\]\[4\] = \{(.*?)\n\};", text, re.S).group(1)
        data = [[float(v) for v in row.split(",")] for row in re.findall(r"\{([^}]*)\}", body)]
        x, tx, t, w = (list(c) for c in zip(*data))
        m = csat.GGomNBD()
        m.params_ = dict(zip(("r", "alpha", "b", "s", "beta"), params))
        r = csat.btyd_intervals(m, "p_alive", x, tx, t, weights=w)
        self.assertEqual(list(r.estimate), list(m.p_alive(x, tx, t)))
        self.assertTrue(all(lo <= e <= hi for lo, e, hi in zip(r.lower, r.estimate, r.upper)))
        e = csat.btyd_intervals(m, "expected_purchases", x, tx, t, weights=w, t=10,
                                interval="parametric", n_draws=50, seed=2)
        self.assertTrue(e.total["lower"] < e.total["estimate"] < e.total["upper"])
        d = csat.btyd_intervals(m, "dert", x, tx, t, weights=w, discount=0.05)
        self.assertTrue(d.total["lower"] < d.total["estimate"] < d.total["upper"])

    def test_prob_intervals(self):
        m = ref_model()
        r = m.prob_purchases_cond(1, 39, X, TX, T, interval="delta")
        self.assertEqual(list(r.estimate), list(m.prob_purchases_cond(1, 39, X, TX, T)))
        self.assertTrue(all(lo <= e <= hi for lo, e, hi in zip(r.lower, r.estimate, r.upper)))
        self.assertTrue(r.total.lower < r.total.estimate < r.total.upper)
        with self.assertRaises(csat.InvalidArgument):
            csat.intervals.prob_intervals(m, 0.5, 39, X, TX, T)

    def test_prob_delta_against_mpmath(self):
        # P(X = k) delta intervals against tests/reference/prob_intervals_mpmath.py (mpmath:
        # the covariance from the CDNOW log-likelihood's Hessian, P(X = k) from FHL 2005 eq. 8
        # and its gradient by differences at 40 digits; all points and kinds are checked in C
        # by tests/btyd/test_prob_intervals.c): BG/NBD and MBG/NBD at the CDNOW estimates,
        # through prob_purchases_cond(interval="delta") (the total) and
        # csat.intervals.prob_intervals with weight-0 rows (new and conditional customers)
        import os
        import re
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests",
                            "btyd", "prob_intervals_reference.h")
        with open(path) as f:
            text = f.read()

        def table(name):
            body = re.search(r"%s\[\]\[\d+\] = \{(.*?)\n\};" % name, text, re.S).group(1)
            return [[float(v) for v in row.split(",")] for row in re.findall(r"\{([^}]*)\}", body)]

        points, rows, refs, tots = (table(n) for n in ("piv_points", "piv_rows", "piv_ref", "piv_total"))
        for point in points[:1] + [p for p in points if p[1] == 2][:1]:
            ip = point[0]
            m = csat.BGNBD() if point[1] == 0 else csat.ModifiedBGNBD()
            m.params_ = dict(zip(("r", "alpha", "a", "b"), point[2:6]))
            extra = [r[2:] for r in rows if r[0] == ip]
            x = list(X) + [r[0] for r in extra]
            tx = list(TX) + [r[1] for r in extra]
            tt = list(T) + [r[2] for r in extra]
            w = [1.0] * len(X) + [0.0] * len(extra)
            for tot in (q for q in tots if q[0] == ip and q[2] in (0, 2)):
                t, k = tot[1], int(tot[2])
                r = m.prob_purchases_cond(k, t, X, TX, T, interval="delta")
                for key, want in zip(("estimate", "lower", "upper"), (tot[3], tot[5], tot[6])):
                    assert_close(r.total[key], want, rtol=1e-8)
                r = csat.intervals.prob_intervals(m, k, t, x, tx, tt, weights=w)
                for q in (q for q in refs if q[0] == ip and q[1] == t and q[2] == k):
                    i = len(X) + int(q[3])
                    assert_close(r.estimate[i], q[4], rtol=1e-11)
                    assert_close(r.lower[i], q[11], rtol=1e-8)
                    assert_close(r.upper[i], q[12], rtol=1e-8)


class TestSBGIntervals(unittest.TestCase):
    """sBG intervals against tests/reference/sbg_intervals.py (mpmath: Fader & Hardie 2007's
    regular cohort at alpha, beta = 0.704, 1.182, discount 0.1), also checked in C by
    tests/retention/test_sbg_intervals.c."""
    SURV = [1000, 631, 468, 382, 326, 289, 262, 241]
    ROWS = dict(durations=[1, 2, 3, 4, 5, 6, 7, 7], churned=[1, 1, 1, 1, 1, 1, 1, 0],
                counts=[369, 163, 86, 56, 37, 27, 21, 241])

    def test_delta_against_mpmath(self):
        m = csat.SBG()
        m.params_ = dict(alpha=0.704, beta=1.182)
        r = csat.intervals.sbg_intervals(m, "survival", [5, 12], **self.ROWS)
        assert_close(list(r.lower), [0.26692369905840635, 0.14563805780961836], rtol=1e-10)
        assert_close(list(r.upper), [0.31919510172905635, 0.197635711306306], rtol=1e-10)
        r = csat.intervals.sbg_intervals(m, "derl", [4], **self.ROWS, discount=0.1)
        assert_close([r.estimate[0], r.lower[0], r.upper[0]],
                     [5.8944228598441599, 5.4434857465781095, 6.382715500356432], rtol=1e-10)

    def test_methods_use_the_fit_data(self):
        m = csat.SBG().fit(self.SURV)
        r = m.retention([2, 5], interval="delta")
        same = csat.intervals.sbg_intervals(m, "retention", [2, 5], **self.ROWS)
        self.assertEqual(list(r.lower), list(same.lower))
        self.assertEqual(list(r.estimate), list(m.retention([2, 5])))
        d = m.del_(0.1, interval="parametric", n_draws=200, seed=3)
        self.assertTrue(d.lower < d.estimate < d.upper)
        self.assertEqual(d.estimate, m.del_(0.1))
        b = m.derl(0.1, 4, interval="bootstrap", n_draws=100)
        self.assertTrue(b.lower < b.estimate < b.upper)
        u = csat.SBG()
        u.params_ = dict(alpha=0.7, beta=1.2)
        with self.assertRaises(csat.Misuse):
            u.survival([1], interval="delta")


if __name__ == "__main__":
    unittest.main()
