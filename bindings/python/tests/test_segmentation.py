import unittest

import csat
from _util import assert_close

# R rfm README ten customers (rsquaredacademy/rfm) with the roxygen thresholds [P].
REC = [205, 140, 194, 132, 90, 84, 281, 246, 349, 619]
FREQ = [6, 3, 4, 5, 9, 9, 8, 4, 3, 4]
MON = [472, 340, 405, 448, 843, 763, 699, 157, 363, 196]
R = [3, 4, 3, 4, 5, 5, 3, 3, 2, 1]
F = [4, 1, 2, 3, 5, 5, 5, 2, 1, 2]
M = [3, 2, 3, 3, 5, 5, 5, 1, 2, 1]
BREAKS = ([115, 181, 297, 482], [4, 5, 6, 8], [256, 382, 506, 666])


class TestRfm(unittest.TestCase):
    def test_n_jobs_same_scores(self):
        # issue 18: threads give the very same scores and breaks (150,000
        # customers: several blocks of the selection and the scoring)
        import random
        rng = random.Random(18)
        n = 150000
        rec = [float(rng.randrange(365)) for _ in range(n)]
        freq = [float(rng.randrange(30)) for _ in range(n)]
        mon = [rng.random() * 1000.0 for _ in range(n)]
        for binning in ("rank", "r"):
            ref = csat.rfm_scores(rec, freq, mon, binning=binning)
            for jobs in (1, 2, 3, -1):
                got = csat.rfm_scores(rec, freq, mon, binning=binning, n_jobs=jobs)
                for k in ("r", "f", "m", "code", "total"):
                    self.assertEqual(list(getattr(got, k)), list(getattr(ref, k)), (binning, jobs, k))
                for k in ("recency", "frequency", "monetary"):
                    self.assertEqual(list(getattr(got.breaks, k)), list(getattr(ref.breaks, k)))
        with self.assertRaises(csat.InvalidArgument):
            csat.rfm_scores(rec[:10], freq[:10], mon[:10], n_jobs=0)

    def test_readme_scores(self):
        s = csat.rfm_scores(REC, FREQ, MON, binning="breaks", breaks=BREAKS)
        self.assertEqual(list(s.r), R)
        self.assertEqual(list(s.f), F)
        self.assertEqual(list(s.m), M)
        self.assertEqual(list(s.code), [100 * a + 10 * b + c for a, b, c in zip(R, F, M)])
        self.assertEqual(list(s.breaks.frequency), [4, 5, 6, 8])

    def test_quantile_rules(self):
        rec = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
        freq = [1, 1, 1, 1, 1, 1, 2, 2, 3, 5]
        s = csat.rfm_scores(rec, freq, rec, binning="r")
        self.assertEqual(list(s.r), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
        self.assertEqual(list(s.f), [1, 1, 1, 1, 1, 1, 3, 3, 4, 5])
        assert_close(s.breaks.frequency, [2, 2, 2.4, 3.2], rtol=1e-15)
        s = csat.rfm_scores(rec, freq, rec)
        self.assertEqual(list(s.f), [1, 1, 1, 1, 1, 1, 4, 4, 5, 5])

    def test_bad_input(self):
        with self.assertRaises(csat.InvalidArgument):
            csat.rfm_scores([1, 2, float("nan")], [1, 2, 3], [1, 2, 3], bins=2)
        with self.assertRaises(csat.InvalidArgument):
            csat.rfm_scores([1, 2], [1, 2], [1, 2])  # fewer customers than bins
        with self.assertRaises(csat.DomainError):
            csat.rfm_scores([1, 2, 3], [2, 2, 2], [1, 2, 3], bins=2)
        with self.assertRaises(csat.InvalidArgument):
            csat.rfm_scores([1, 2, 3], [1, 2, 3], [1, -2, 3], bins=2)

    def test_segments(self):
        s = csat.rfm_segments(R, F, M, table="r_v03")
        self.assertEqual(s.names[0], "Potential Loyalist")
        self.assertEqual(s.names[9], "Lost")
        self.assertEqual(s.counts["Champions"], 2)
        s = csat.rfm_segments(R, F, M, table="rf_grid")
        self.assertEqual(s.names[1], "promising")

    def test_validator(self):
        v = csat.rfm_table_validate("r_v02")
        self.assertEqual(v.uncovered, 36)
        self.assertEqual(sorted(v.unreachable), ["Can't Lose Them", "New Customers", "Promising"])
        v = csat.rfm_table_validate("eleven")
        self.assertEqual(len(v.unreachable), 4)
        self.assertEqual(csat.rfm_table_validate("r_v03").uncovered, 10)

    def test_custom_table(self):
        rules = [("top", 4, 5, 1, 5, 1, 5), ("mid", 3, 4, 1, 5, 1, 5)]
        v = csat.rfm_table_validate(rules)
        self.assertEqual(v.uncovered, 50)
        self.assertEqual(v.overlap_pairs, 1)
        with self.assertRaises(csat.DomainError):
            csat.rfm_segments([5, 1], [1, 1], [1, 1], table=rules)
        s = csat.rfm_segments([5, 1], [1, 1], [1, 1], table=rules, allow_unassigned=True)
        self.assertEqual(s.n_unassigned, 1)
        self.assertIsNone(s.names[1])
        s = csat.rfm_segments([5, 1], [1, 1], [1, 1], table=rules, others="Others")
        self.assertEqual(s.names, ["top", "Others"])


class TestTiers(unittest.TestCase):
    def test_value_tiers(self):
        t = csat.value_tiers([1, 1, 2, 3, 5, 1], [10, 50, 20, 60, 5, 100])
        self.assertEqual(t.names, ["low_value", "potential", "general", "high_value", "general",
                                   "potential"])
        self.assertEqual(t.cuts, (1.5, 35.0))

    def test_pyramid(self):
        p = [100, 50, 50, 20, 10, 5, 0, -5, -10, 30]
        r = csat.pyramid(p)
        self.assertEqual(r.counts, {"platinum": 3, "gold": 1, "iron": 4, "lead": 2})
        r = csat.pyramid(p, rule="share")
        self.assertEqual(r.names[:3], ["platinum", "gold", "gold"])

    def test_abc(self):
        a = csat.abc([4, 50, 1, 20, 8, 10, 5, 2])
        self.assertEqual(a.names, ["C", "A", "C", "A", "B", "A", "B", "C"])
        assert_close(a.gini, 454 / 800, rtol=1e-14)
        assert_close(a.curve[3], 0.8, rtol=1e-15)
        self.assertEqual(a.counts, {"A": 3, "B": 2, "C": 3})
        with self.assertRaises(csat.DomainError):
            csat.abc([0, 0])


class TestLifecycleBenefit(unittest.TestCase):
    def test_stages(self):
        s = csat.lifecycle_stages([30, 400, 400, 400], [2, 4, 3, 2], [0, 2, 3, 4])
        self.assertEqual(s.names, ["acquisition", "growth", "maturity", "decline"])
        h = csat.lifecycle_from_history([0, 200, 250, 300, 320, 340, 360], 365)
        self.assertEqual(h.stage, "growth")
        assert_close(h.trend, 0.5)

    def test_from_store(self):
        c = csat.Customers()
        c.add([7] * 7 + [3, 5], [0, 200, 250, 300, 320, 340, 360, 360, 10],
              [10, 50, 50, 10, 10, 10, 10, 5, 5])
        r = csat.lifecycle_from_store(c, 365, measure="spend")
        self.assertEqual(list(r.ids), [3, 5, 7])
        self.assertEqual(r.names, ["acquisition", "decline", "decline"])
        assert_close(r.trend[2], -0.6, rtol=1e-15)
        with self.assertRaises(csat.InvalidArgument):
            csat.lifecycle_from_store(c, 300)

    def test_benefits(self):
        t = csat.benefit_theory_shares()
        assert_close(t.sum, 0.97, rtol=1e-15)
        self.assertEqual(t.shares["quality"], 0.52)
        b = csat.benefit_segments([[9, 5, 3, 2, 1], [5, 5, 1, 1, 1]])
        self.assertEqual(b.names, ["quality", None])
        assert_close(b.shares["tie"], 0.5)


class TestKMeans(unittest.TestCase):
    X = [[0, 0], [0, 1], [10, 10], [10, 11]]

    def test_fit(self):
        km = csat.KMeans(2, seed=3).fit(self.X)
        labels = list(km.labels_)
        self.assertEqual(labels[0], labels[1])
        self.assertNotEqual(labels[0], labels[2])
        assert_close(km.inertia_, 1.0, rtol=1e-14)
        self.assertTrue(km.converged_)
        km2 = csat.KMeans(2, seed=3, algorithm="hamerly").fit(self.X)
        self.assertEqual(list(km2.labels_), labels)
        for alg in ("lloyd", "hamerly", "auto"):  # every algorithm: the same bits
            km3 = csat.KMeans(2, seed=3, algorithm=alg).fit(self.X)
            self.assertEqual(list(km3.labels_), labels)
            self.assertEqual(km3.inertia_, km.inertia_)
            self.assertEqual(km3.n_iter_, km.n_iter_)
            self.assertEqual([list(c) for c in km3.cluster_centers_],
                             [list(c) for c in km.cluster_centers_])
        centers = sorted(tuple(c) for c in km.cluster_centers_)
        assert_close(centers[1], (10, 10.5), rtol=1e-14)
        km.close()

    def test_silhouette_elbow(self):
        s = csat.silhouette(self.X, [0, 0, 1, 1])
        self.assertTrue(0.9 < s < 1.0)
        e = csat.elbow(self.X, 1, 3)
        self.assertTrue(e[1] > e[2] > e[3])

    def test_errors(self):
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.KMeans(0)  # checked when made, not when fitted
        self.assertIn("k = 0 must be >= 1", str(cm.exception))
        with self.assertRaises(csat.InvalidArgument):
            csat.KMeans(5).fit(self.X)
        with self.assertRaises(csat.DomainError):
            csat.KMeans(2).fit([[1, 1]] * 4)


if __name__ == "__main__":
    unittest.main()
