"""csat.profitability (issue 17 §2): the hand-computed case of tests/retention/test_profit.c.

customer 1: t 0 (100, cost 60), t 2 (50, 20), t 5 (80, 50), acquisition cost 10;
customer 2: t 1 (30, cost 40), acquisition cost 5; customer 3: t 3 (200, cost 100).
"""
import math
import unittest

import csat

IDS, T = [1, 2, 1, 3, 1], [0, 1, 2, 3, 5]
AM, CO = [100, 30, 50, 200, 80], [60, 40, 20, 100, 50]


def col(table, name):
    return [float(v) for v in table[name]]


class TestProfit(unittest.TestCase):
    def store(self):
        c = csat.Customers()
        c.add(IDS, T, AM, costs=CO)
        c.set_acquisition_costs([1, 2], [10, 5])
        c.set_groups([1, 2], [1, 0])
        return c

    def test_customer_profit(self):
        p = csat.customer_profit(IDS, T, AM, costs=CO, acquisition_ids=[1, 2], acquisition_costs=[10, 5],
                                 t1=1, t2=5, discount=0.1)
        self.assertEqual(col(p, "revenue"), [130, 0, 200])
        self.assertEqual(col(p, "profit"), [60, 0, 100])
        h = col(p, "historical_clv")
        self.assertAlmostEqual(h[0], 40 + 30 / 1.1 ** 2 + 30 / 1.1 ** 5 - 10, places=12)
        self.assertEqual(h[1:], [-15.0, 100.0])
        q = csat.customer_profit_customers(self.store(), t1=1, t2=5, discount=0.1)
        self.assertEqual(col(q, "historical_clv"), h)

    def test_tiers(self):
        t = csat.profit_tiers([230, 30, 200], [100, -10, 100], [0, 1, 0])
        self.assertEqual(col(t, "customers"), [2, 1])
        self.assertEqual(col(t, "mean_profit"), [100, -10])
        self.assertAlmostEqual(col(t, "share_profit")[0], 200 / 190, places=14)
        s = csat.profit_tiers_customers(self.store())  # groups: 2 -> 0, 1 -> 1; 3 left out
        self.assertEqual(col(s, "profit"), [-10, 100])
        with self.assertRaises(csat.InvalidArgument):
            csat.profit_tiers_customers(self.store(), tiers=[0, 1])

    def test_whale(self):
        w = csat.whale_curve([100, -10, 100])
        self.assertEqual([int(i) for i in w.order], [0, 2, 1])
        self.assertEqual(w.n_profitable, 2)
        self.assertAlmostEqual(w.peak, 200 / 190, places=14)
        self.assertEqual(float(w.curve[-1]), 1.0)
        self.assertEqual(list(csat.whale_curve_customers(self.store()).curve), list(w.curve))
        with self.assertRaises(csat.DomainError):
            csat.whale_curve([-1, 0.5])

    def test_tenure(self):
        r = csat.profit_by_tenure(IDS, T, AM, costs=CO)
        pooled = [float(v) for v in r.pooled]
        self.assertAlmostEqual(pooled[0], 130 / 3, places=13)
        self.assertEqual(pooled[1:], [0, 10, 0, 0, 30])
        s = csat.profit_by_tenure_customers(self.store())
        self.assertEqual([float(v) for v in s.pooled], pooled)
        self.assertTrue(math.isclose(float(r.profit[0][5]), 30))


class TestComplaints(unittest.TestCase):
    """The hand-computed store of tests/retention/test_complaints.c (every figure derived there)."""

    def store(self):
        c = csat.Customers()
        c.add([1, 1, 1, 2, 2, 3, 3, 4, 5, 5], [0, 10, 100, 5, 50, 0, 200, 0, 20, 40])
        n = math.nan
        c.add_complaints([1, 1, 2, 3, 6], [5, 20, 10, 1, 3], [5.5, 21, 13, n, 3.25], [8, 21, n, n, 4],
                         [0, 1, 0, 0, 1], [2, 2, 1, -1, 1], [4, n, n, 2, 5])
        return c

    def test_report(self):
        r = csat.complaint_report(self.store())
        self.assertEqual((r.complaints, r.per_customer, r.per_1000_transactions), (5, 1, 500))
        self.assertAlmostEqual(r.response_median, 0.75, places=14)
        self.assertAlmostEqual(r.response_p90, 2.4, places=14)
        self.assertAlmostEqual(r.resolution_p90, 2.6, places=14)
        self.assertAlmostEqual(r.first_contact_rate, 2 / 3, places=14)
        self.assertAlmostEqual(r.reopen_rate, 1 / 3, places=14)
        self.assertAlmostEqual(r.recovery_satisfaction, 11 / 3, places=14)
        self.assertEqual((r.retention_resolved, r.retention_unresolved, r.retention_non_complainers),
                         (0.5, 0.5, 0.5))
        r = csat.complaint_report(self.store(), observation_end=95)
        self.assertEqual((r.judged_unresolved, r.retention_unresolved), (1, 0))

    def test_pareto(self):
        p = csat.complaint_pareto([2, 2, 1, -1, 1])
        self.assertEqual([int(v) for v in p["cause"]], [1, 2, 0])
        self.assertEqual([str(v) for v in p["abc"]], ["A", "C", "C"])
        self.assertEqual([float(v) for v in p["cumulative_share"]], [0.5, 1.0, 1.0])
        with self.assertRaises(csat.EmptyInput):
            csat.complaint_pareto([-1, -1])


class TestClvMargin(unittest.TestCase):
    """csat.clv(margin=...) is csat.clv times the margin (CLV is linear in the spend; derived)."""

    def test_margin(self):
        pm = csat.BGNBD()
        pm.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        sm = csat.GammaGamma()
        sm.params_ = dict(p=6.25, q=3.74, gamma=15.44)
        cols = ([2, 5], [30.43, 35], [38.86, 38.86], [20, 25])
        base = csat.clv(pm, sm, *cols)
        half = csat.clv(pm, sm, *cols, margin=0.5)
        per = csat.clv(pm, sm, *cols, margin=[0.2, 0.4])
        for i, (m1, m2) in enumerate(zip(half.clv, per.clv)):
            self.assertAlmostEqual(m1, 0.5 * base.clv[i], places=12)
            self.assertAlmostEqual(m2, [0.2, 0.4][i] * base.clv[i], places=12)
        with self.assertRaises(csat.InvalidArgument):
            csat.clv(pm, sm, *cols, margin=-1)
