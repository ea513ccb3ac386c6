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
