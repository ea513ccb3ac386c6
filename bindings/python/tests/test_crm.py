"""csat.crm (issue 17): KPIs by group, the scorecard, repeat buying, inter-purchase
times, share of wallet, referral value and the retention-profit chain.

Hand-computed cases (derived in tests/retention/test_crm.c, the same data) and
the printed worked example of the chain: the Sun-Sentinel "zero defections"
column of 1994-07-11 (credit-card customer: $60 to acquire, $30, $42, $44, $50,
$56 profit in years 1-5, "$222 from the customer" after five years, about two
years to break even; docs/theory/loyalty_economics.rst, 25.5).
"""
import math
import unittest

import csat

IDS = [3, 1, 2, 4, 1, 3, 2, 1]
TIMES = [1.1, 0, 0.5, 2.0, 1.5, 1.2, 2.9, 2.2]
AMTS = [7, 10, 5, 100, 20, 3, 5, 30]
GROUPS = [1, 0, 1, 1, 0, 0, 0, 1]


def col(table, name):
    """A column of a DataFrame or of a Result of columns, as a list."""
    return [float(x) for x in table[name]]


class TestKpisByGroup(unittest.TestCase):
    def test_hand_computed(self):
        t = csat.kpis_by_group(IDS, TIMES, AMTS, GROUPS, 1.5, 2.5, 1.0, tier_bounds=[15, 25])
        self.assertEqual(col(t, "start_customers"), [1, 1])
        self.assertEqual(col(t, "end_customers"), [0, 2])
        self.assertEqual(col(t, "churn_rate"), [1, 0])
        self.assertEqual(col(t, "revenue"), [0, 130])
        self.assertEqual(col(t, "average_profitability"), [0, 65])
        self.assertEqual(col(t, "upgraded"), [0, 1])
        overall = t.attrs["overall"] if hasattr(t, "attrs") else t["overall"]
        ref = csat.kpis(IDS, TIMES, AMTS, 1.5, 2.5, 1.0, tier_bounds=[15, 25])
        for k, v in overall.items():
            self.assertEqual(v, ref[k], k)

    def test_scorecard(self):
        # retention 1, revenue 1, churn -0.5: group 0 -0.5, group 1 2 (test_crm.c)
        t = csat.kpis_by_group(IDS, TIMES, AMTS, GROUPS, 1.5, 2.5, 1.0)
        s = csat.kpi_scorecard(t, {"retention_rate": 1, "revenue": 1, "churn_rate": -0.5})
        self.assertAlmostEqual(float(s[0]), -0.5, places=15)
        self.assertAlmostEqual(float(s[1]), 2.0, places=15)
        with self.assertRaises(csat.InvalidArgument):
            csat.kpi_scorecard(t, {"no_such_kpi": 1})

    def test_bad_group(self):
        with self.assertRaises(csat.InvalidArgument):
            csat.kpis_by_group(IDS, TIMES, AMTS, GROUPS, 1.5, 2.5, 1.0, n_groups=1)


class TestRepeatBuying(unittest.TestCase):
    def test_repeat_rate(self):
        r = csat.repeat_purchase_rate(IDS, 1.5, 3.0, times=TIMES, groups=GROUPS)
        self.assertEqual((r.eligible, r.repeaters), (3, 1))
        self.assertAlmostEqual(r.rate, 1 / 3, places=15)
        self.assertEqual(col(r.by_cohort, "rate"), [0.5, 0, 0])
        self.assertEqual(col(r.by_group, "rate"), [1, 0])

    def test_from_a_store(self):
        s = csat.Customers()
        s.add(IDS, TIMES, AMTS)
        r = csat.repeat_purchase_rate(s, 1.5, 3.0)
        self.assertAlmostEqual(r.rate, 1 / 3, places=15)
        ipt = csat.inter_purchase_times(s, period=0.5)
        self.assertEqual([float(x) for x in ipt.gaps], [3, 1, 4])
        self.assertAlmostEqual(ipt.mean, 8 / 3, places=14)
        self.assertEqual(ipt.median, 3)
        self.assertAlmostEqual(ipt.mean_customer_cv, math.sqrt(2) / 2, places=15)
        self.assertEqual(col(ipt.by_customer, "n_gaps"), [2, 1, 0, 0])

    def test_store_forms(self):
        # groups from the store's customers: 1 -> 1, 2 -> 0, 3 -> 0, 4 none (overall only)
        s = csat.Customers()
        s.add(IDS, TIMES, AMTS, categories=[0, 0, 1, 2, 1, 1, 1, 0])
        s.set_groups([1, 2, 3], [1, 0, 0])
        t = csat.kpis_by_group_customers(s, 1.5, 2.5, 1.0)
        ref = csat.kpis_by_group(IDS, TIMES, AMTS, [0, 1, 0, -1, 1, 0, 0, 1], 1.5, 2.5, 1.0,
                                 n_groups=2)
        for k in ("start_customers", "end_customers", "revenue", "churn_rate"):
            self.assertEqual(col(t, k), col(ref, k), k)
        r = csat.repeat_purchase_rate(s, 1.5, 3.0)
        self.assertEqual(col(r.by_group, "eligible"), [2, 1])
        self.assertEqual(col(r.by_group, "repeaters"), [0, 1])
        x = csat.cross_sell_customers(s)
        y = csat.cross_sell(IDS, TIMES, [0, 0, 1, 2, 1, 1, 1, 0])
        self.assertEqual(x.multi_category, y.multi_category)
        self.assertEqual([[float(v) for v in row] for row in x.next],
                         [[float(v) for v in row] for row in y.next])

    def test_inter_purchase_times(self):
        ipt = csat.inter_purchase_times(IDS, times=TIMES)
        self.assertEqual([float(x) for x in ipt.gaps], [1, 1, 2])
        self.assertAlmostEqual(ipt.sd, math.sqrt(1 / 3), places=15)
        self.assertAlmostEqual(ipt.cv, math.sqrt(1 / 3) / (4 / 3), places=15)

    def test_cross_sell(self):
        # tests/retention/test_crm.c: together [[3, 1], [1, 4]], next [[0, 1], [1, 1]]
        x = csat.cross_sell(IDS, TIMES, [0, 0, 1, -1, 1, 1, 1, 0])
        self.assertEqual((x.customers, x.buyers, x.multi_category), (4, 3, 2))
        self.assertAlmostEqual(x.mean_categories, 5 / 3, places=15)
        self.assertEqual([[float(v) for v in row] for row in x.together], [[3, 1], [1, 4]])
        self.assertEqual([[float(v) for v in row] for row in x.next], [[0, 1], [1, 1]])

    def test_loyalty_behaviour(self):
        # tests/retention/test_crm.c: repeats 2, 0, 0, 0; intensity 1, 1/3, 1/2, 1;
        # variety 2, 1, 2, 0; the index is 100 x intensity
        b = csat.loyalty_behaviour(IDS, 2.5, times=TIMES, categories=[0, 0, 1, -1, 1, 1, 1, 0])
        self.assertEqual(col(b, "repeat"), [2, 0, 0, 0])
        self.assertEqual(col(b, "variety"), [2, 1, 2, 0])
        for got, want in zip(col(b, "loyalty_index"), [100, 100 / 3, 50, 100]):
            self.assertAlmostEqual(got, want, places=12)
        s = csat.Customers()
        s.add(IDS, TIMES, AMTS, categories=[0, 0, 1, 2, 1, 1, 1, 0])
        self.assertEqual(col(csat.loyalty_behaviour(s, 2.5), "repeat"), [2, 0, 0, 0])

    def test_share_of_wallet(self):
        self.assertEqual([float(x) for x in csat.share_of_wallet([1, 2, 0], [2, 8, 0])],
                         [0.5, 0.25, 0.0])
        with self.assertRaises(csat.InvalidArgument):
            csat.share_of_wallet([3], [2])
        with self.assertRaises(csat.EmptyInput):  # csat_share_of_wallet: n = 0
            csat.share_of_wallet([], [])


class TestChainDrivers(unittest.TestCase):
    """chain_drivers on a hand-computed store (docs/theory/loyalty_economics.rst, 25.6).

    Yearly periods from origin 0. Customer 1 (cohort 0) earns 10 - 4, 20 - 6, 30 - 10 =
    6, 14, 20 in tenure years 1-3; customer 2 (cohort 0) 10 - 6 = 4 in year 1 only;
    customer 3 (cohort 1) 12 - 2, 16 - 4 = 10, 12 in years 1-2 (its year 3 is after the
    data). Profit per active customer: year 1 (6 + 4 + 10) / 3 = 20/3, year 2
    (14 + 12) / 2 = 13, year 3 20 / 1 = 20. Per acquired customer (the pooled curve):
    20/3, 26/3 and 20/2 = 10 (cohort 1 not observed in year 3)."""

    def store(self):
        s = csat.Customers()
        s.add([1, 1, 1, 2, 3, 3], [0.5, 1.5, 2.5, 0.2, 1.1, 2.3], [10, 20, 30, 10, 12, 16],
              costs=[4, 6, 10, 6, 2, 4])
        return s

    def test_per_active(self):
        d = csat.chain_drivers(self.store(), origin=0)
        b = 20 / 3
        self.assertEqual(len(col(d, "base")), 3)
        for got, want in zip(col(d, "base"), [b, b, b]):
            self.assertAlmostEqual(got, want, places=12)
        for got, want in zip(col(d, "growth"), [0, 13 - b, 20 - b]):
            self.assertAlmostEqual(got, want, places=12)
        for name in ("cost_savings", "referrals", "price_premium"):
            self.assertEqual(col(d, name), [0, 0, 0])
        # into the chain: r = 0.5, no discount, 3 years: 20/3 + 0.5 * 13 + 0.25 * 20
        v = csat.retention_profit(d, 5, 0.5, horizon=3)
        self.assertAlmostEqual(v.profit, 20 / 3 + 6.5 + 5, places=12)
        self.assertAlmostEqual(v.value, 20 / 3 + 6.5 + 5 - 5, places=12)

    def test_per_acquired_and_given_drivers(self):
        d = csat.chain_drivers(self.store(), origin=0, per="acquired", referrals=[1, 2, 3, 4],
                               price_premium=0.5, cost_savings=[0.25])
        b = 20 / 3
        # four years (the referrals given); the estimated curve repeats its last year
        for got, want in zip(col(d, "growth"), [0, 26 / 3 - b, 10 - b, 10 - b]):
            self.assertAlmostEqual(got, want, places=12)
        self.assertEqual(col(d, "referrals"), [1, 2, 3, 4])
        self.assertEqual(col(d, "price_premium"), [0.5] * 4)
        self.assertEqual(col(d, "cost_savings"), [0.25] * 4)
        # n_years caps the estimate; a profit_by_tenure Result gives the same drivers
        tab = csat.profit_by_tenure_customers(self.store(), origin=0)
        self.assertEqual(col(csat.chain_drivers(tab), "growth"),
                         col(csat.chain_drivers(self.store(), origin=0), "growth"))
        self.assertEqual(len(col(csat.chain_drivers(self.store(), origin=0, n_years=2), "base")), 2)

    def test_bad(self):
        with self.assertRaises(csat.InvalidArgument):
            csat.chain_drivers(self.store(), per="survivors")
        with self.assertRaises(csat.InvalidType):
            csat.chain_drivers([1, 2, 3])
        with self.assertRaises(csat.InvalidArgument):
            csat.chain_drivers(self.store(), referrals=[])
        with self.assertRaises(csat.InvalidArgument):
            csat.chain_drivers(csat.profit_by_tenure_customers(self.store()), period=2.0)
        with self.assertRaises(csat.EmptyInput):
            csat.chain_drivers(csat.Customers())


class TestReferralAndChain(unittest.TestCase):
    def test_referral_defaults(self):
        # 100 satisfied x 8 leads, 1 in 8 closes, 500 each; 10 dissatisfied tell 9
        r = csat.referral_value(100, 500, 10)
        self.assertEqual((r.leads, r.referred, r.value), (800, 100, 50000))
        self.assertEqual((r.negative_exposures, r.net_word_of_mouth), (90, 710))
        self.assertEqual(r.satisfied_to_offset, 1.125)

    def test_sun_sentinel_1994(self):
        v = csat.retention_profit([30, 42, 44, 50, 56], 60, 1.0, horizon=5)
        self.assertEqual(v.profit, 222)       # "$222 from the customer"
        self.assertEqual(v.breakeven_year, 2)  # "about two years"
        split = csat.retention_profit({"base": [30] * 5, "growth": [0, 12, 14, 20, 26]}, 60, 1.0,
                                      horizon=5)
        self.assertEqual(split.drivers["base"], 150)
        self.assertEqual(split.drivers["growth"], 72)
        self.assertEqual(split.value, 162)

    def test_closed_form_table(self):
        # constant profit 100: value 100 / (1 + d - r): 333.3, 400, 500 at d = 0.1
        t = csat.retention_profit_table([100], 0, [0.8, 0.85, 0.9], discount=0.1)
        self.assertAlmostEqual(col(t, "value")[2], 500, places=9)
        self.assertAlmostEqual(col(t, "gain")[1], 0.2, places=12)
        g = csat.retention_profit_gain([100], 0, 0.8, 0.05, discount=0.1)
        self.assertAlmostEqual(g, 0.2, places=12)
        # relative: defections fall by half, 0.2 -> 0.1: 100 / 0.2 = 500, +50%
        g = csat.retention_profit_gain([100], 0, 0.8, 0.5, relative=True, discount=0.1)
        self.assertAlmostEqual(g, 0.5, places=12)
        # expected tenure 1 / (1 - r): 10 years at 90%, 20 at 95%
        self.assertAlmostEqual(csat.retention_profit([1], 0, 0.9).expected_years, 10, places=9)
        self.assertAlmostEqual(csat.retention_profit([1], 0, 0.95).expected_years, 20, places=9)
        with self.assertRaises(csat.DomainError):
            csat.retention_profit_table([100], 1e6, [0.9], horizon=3)


if __name__ == "__main__":
    unittest.main()
