"""Satisfaction over time (issue 16): two-sample tests, sample sizes, tracking and
relative scores from Python. Reference values: Newcombe (1998), Stat Med 17:873, Table
II example (a) (printed to 4 decimals), and tests/reference/sat_compare_reference.py
(scipy's ttest_ind_from_stats and chi2_contingency, mpmath for t quantiles; output in
tests/reference/sat_compare_reference.txt) for the rest; hand computations are worked
in tests/survey/test_sat_compare.c."""
import copy
import math
import unittest

import csat

try:
    import pandas as pd
except ImportError:
    pd = None


class TwoSample(unittest.TestCase):
    def test_proportions_newcombe_1998(self):
        r = csat.proportions_compare(56, 70, 48, 80)
        self.assertAlmostEqual(r.lower / 100, 0.0524, places=4)
        self.assertAlmostEqual(r.upper / 100, 0.3339, places=4)
        w = csat.proportions_compare(56, 70, 48, 80, method="wald")
        self.assertAlmostEqual(w.lower / 100, 0.0575, places=4)
        self.assertAlmostEqual(w.upper / 100, 0.3425, places=4)
        # scipy chi2_contingency(correction=False) = 7.023411371237456 = z^2
        self.assertAlmostEqual(r.statistic ** 2, 7.023411371237456, places=10)
        self.assertEqual(set(r), {"difference", "se", "statistic", "p_value", "lower", "upper",
                                  "estimate1", "estimate2", "df", "level"})
        a = csat.proportions_compare(56, 70, 48, 80, method="agresti_caffo")
        self.assertAlmostEqual(a.lower, 5.245292663805371, places=9)

    def test_welch_scipy(self):
        r = csat.means_compare(4.2, 0.9, 50, 3.9, 1.1, 60)
        # scipy.stats.ttest_ind_from_stats(..., equal_var=False)
        self.assertAlmostEqual(r.statistic, 1.5731477257988429, places=12)
        self.assertAlmostEqual(r.p_value, 0.11861046793302926, places=11)
        self.assertAlmostEqual(r.df, 107.9704167662746, places=10)
        self.assertAlmostEqual(r.upper, 0.6780025747442436, places=11)
        with self.assertRaises(csat.DomainError):
            csat.means_compare(1, 0, 5, 2, 0, 5)
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.means_compare(1, 1, 1, 2, 1, 5)
        self.assertIn("n1", str(cm.exception))

    def test_csi_bootstrap_seeded(self):
        a = [[8, 9, 7], [7, 9, 8], [10, 8, 9], [6, 7, 7], [9, 9, 10], [8, 6, 7]]
        b = [[6, 7, 5], [8, 6, 6], [7, 7, 8], [5, 6, 4], [7, 8, 6]]
        r1 = csat.csi_compare(a, b, n_boot=500, seed=7)
        r2 = csat.csi_compare(a, b, n_boot=500, seed=7)
        r3 = csat.csi_compare(a, b, n_boot=500, seed=8)
        self.assertEqual(r1.se, r2.se)
        self.assertEqual(list(r1.draws), list(r2.draws))
        self.assertNotEqual(r1.se, r3.se)
        self.assertAlmostEqual(r1.estimate1, csat.csi(a).index, places=12)
        self.assertAlmostEqual(r1.estimate2, csat.csi(b).index, places=12)
        self.assertTrue(r1.lower < r1.difference < r1.upper)
        d = list(r1.draws)
        self.assertEqual(d, sorted(d))
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.csi_compare(a, [[6, 7, 11]], n_boot=10)
        self.assertIn("answers2", str(cm.exception))
        with self.assertRaises(csat.InvalidArgument):
            csat.csi_compare(a, [[6, 7]], n_boot=10)


class SampleSizes(unittest.TestCase):
    def test_cochran(self):
        self.assertEqual(csat.proportion_sample_size(50, 5), 385)
        self.assertEqual(csat.proportion_sample_size(50, 5, population=2000), 323)
        self.assertEqual(csat.mean_sample_size(1.2, 0.1), 554)
        self.assertEqual(csat.nps_sample_size_population(0.5, 5, population=10000), 714)
        self.assertEqual(csat.nps_sample_size_population(0.5, 5), csat.nps_sample_size(0.5, 5))
        with self.assertRaises(csat.InvalidArgument):
            csat.proportion_sample_size(50, 5, population=0.5)


class Tracking(unittest.TestCase):
    def test_p_chart_by_hand(self):
        t = csat.track_shares([40, 45, 30, 60], [100, 100, 100, 100])
        self.assertEqual([int(f) for f in t["flag"]], [0, 0, 0, 1])
        self.assertAlmostEqual(float(t["center"][0]), 43.75, places=12)
        self.assertAlmostEqual(float(t["ucl"][0]), 58.63235112, places=7)
        self.assertAlmostEqual(float(t["lower"][1]), 35.61453797951198, places=10)
        self.assertEqual(float(t["change"][0]), 0.0)
        c = csat.proportions_compare(60, 100, 30, 100)
        self.assertEqual(float(t["change"][3]), c.difference)
        self.assertEqual(float(t["change_p"][3]), c.p_value)
        t2 = csat.track_shares([40, 45, 30, 60], [100] * 4, limit_sigmas=2)
        self.assertEqual([int(f) for f in t2["flag"]], [0, 0, -1, 1])

    def test_x_bar_by_hand(self):
        t = csat.track_means([7.1, 7.3, 6.8], [1.5, 1.4, 1.6], [50, 60, 40])
        sp = math.sqrt((49 * 2.25 + 59 * 1.96 + 39 * 2.56) / 147)
        self.assertAlmostEqual(float(t["ucl"][2]), 7.1 + 3 * sp / math.sqrt(40), places=12)
        self.assertAlmostEqual(float(t["change_statistic"][1]), 0.7176499559168584, places=11)
        t = csat.track_means([7.1, 7.3, 6.8], [1.5, 1.4, 1.6], [50, 60, 40], sigma=0.5)
        self.assertEqual([int(f) for f in t["flag"]], [0, 1, -1])
        with self.assertRaises(csat.InvalidArgument):
            csat.track_means([7.1], [1.5], [50], sigma=float("nan"))
        with self.assertRaises(csat.EmptyInput):
            csat.track_means([], [], [])

    def test_run_rules(self):
        """Western Electric rules 2-4, worked by hand in tests/survey/test_sat_compare.c
        (test_run_rules; docs/theory/tracking.rst, 23.8): sigma 1, n 4, centre 10."""
        za = [0.5, 2.5, -0.5, 2.2, -4.7]
        t = csat.track_means([10 + 0.5 * z for z in za], [1] * 5, [4] * 5, sigma=1)
        self.assertEqual([int(r) for r in t["rules"]], [0, 0, 0, 2, 1])
        zb = [1.5, 1.2, 0.3, 1.1, 1.8, 0.4, 0.2, 0.5, -7]
        t = csat.track_means([10 + 0.5 * z for z in zb], [1] * 9, [4] * 9, sigma=1)
        self.assertEqual([int(r) for r in t["rules"]], [0, 0, 0, 0, 4, 0, 0, 8, 1])
        t = csat.track_shares([50, 62, 61, 27], [100] * 4)
        self.assertEqual([int(r) for r in t["rules"]], [0, 0, 2, 1])

    @unittest.skipUnless(pd is not None, "pandas not available")
    def test_pandas_in_and_out(self):
        waves = pd.Index(["2025Q1", "2025Q2", "2025Q3"], name="wave")
        k = pd.Series([40.0, 45, 30], index=waves)
        n = pd.Series([100.0, 100, 100], index=waves)
        t = csat.track_shares(k, n)
        self.assertIsInstance(t, pd.DataFrame)
        self.assertEqual(list(t.index), list(waves))
        self.assertEqual(tuple(t.columns), csat.TRACKING_COLUMNS)
        with self.assertRaises(csat.InvalidArgument):
            csat.track_shares(k, n.reset_index(drop=True))


class Relative(unittest.TestCase):
    def test_by_hand(self):
        r = csat.relative_score(80, 2, [70, 75], [1.5, 2.5])
        self.assertAlmostEqual(r.benchmark_se, math.sqrt(8.5) / 2, places=14)
        self.assertAlmostEqual(r.ratio_lower, 1.0361995253125458, places=12)
        self.assertTrue(r.valid_ratio)
        r = csat.relative_score(-12, 3, [10, 5], [2, 2])
        self.assertFalse(r.valid_ratio)
        self.assertAlmostEqual(r.difference, -19.5, places=12)
        self.assertEqual(copy.deepcopy(r), r)


if __name__ == "__main__":
    unittest.main()
