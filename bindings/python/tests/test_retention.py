"""Retention bindings: the same references as the C tests (sBG: Fader & Hardie
2007 + mpmath; Kaplan-Meier: R survival 3.5.3 on aml; logistic: the Telco
glm fit of R 4.2.2)."""
import csv
import os
import unittest

import csat
from _util import assert_close, regular_cohort_payments, model

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "tests", "data")

AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
AML_G = [0] * 11 + [1] * 12


class TestSBG(unittest.TestCase):
    def test_regular_cohort(self):
        m = csat.SBG().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        assert_close(m.params_.alpha, 0.70407729847351620802, 1e-7)
        assert_close(m.params_.beta, 1.1820430262094756755, 1e-7)
        assert_close(m.log_likelihood_, -1680.2651884632869933, 1e-12)
        assert_close(m.survival([8, 12]), [0.22008496653381901226, 0.17003745281151089336], 1e-7)
        p = model(csat.SBG, alpha=0.704, beta=1.182)
        assert_close(p.derl(0.1, 4), 5.8944228598441600446, 1e-13)
        assert_close(p.clv(100, 0.1), 369.51474055745741042, 1e-13)

    def test_bad_input(self):
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.SBG().fit([100, 80, 90])
        self.assertIn("increase", str(cm.exception))
        with self.assertRaises(csat.EmptyInput):
            csat.SBG().fit([0, 0])
        with self.assertRaises(csat.InvalidArgument):
            csat.SBG().fit_durations([1, 2], [1, 2])
        with self.assertRaises(csat.Misuse):
            csat.SBG().params_


class TestKaplanMeier(unittest.TestCase):
    def test_aml_matches_survfit(self):
        km = csat.kaplan_meier(AML_T, AML_E)
        self.assertEqual(list(km.time_)[:4], [5, 8, 9, 12])
        assert_close(km.survival_[:3], [0.91304347826086951, 0.82608695652173914,
                                       0.78260869565217384], 1e-12)
        assert_close(km.std_err_[0], 0.058753384755841409, 1e-10)
        assert_close(km.lower_[0], 0.80485479778295776, 1e-10)
        self.assertEqual(km.median_, 27)
        self.assertEqual(km.median_ci_, (18, 45))
        rm, se = km.restricted_mean(161)
        assert_close(rm, 36.364389233954448, 1e-10)
        assert_close(se, 9.8541010566645593, 1e-10)
        ll = csat.kaplan_meier(AML_T, AML_E, conf_type="log-log")
        assert_close(ll.lower_[0], csat.kaplan_meier(AML_T, AML_E, conf_type="log-log").lower_[0])

    def test_logrank(self):
        r = csat.logrank_test(AML_T, AML_E, AML_G)
        assert_close(r.chisq, 3.3963886989776011, 1e-10)
        assert_close(r.p_value, 0.065339322040505132, 1e-9)
        self.assertEqual(r.df, 1)

    def test_bad_input(self):
        with self.assertRaises(csat.InvalidArgument):
            csat.kaplan_meier([1, -2], [1, 0])
        with self.assertRaises(csat.InvalidArgument):
            csat.kaplan_meier([1, 2], [1, 3])
        with self.assertRaises(csat.EmptyInput):
            csat.kaplan_meier([], [])


def _telco():
    X, y = [], []
    with open(os.path.join(DATA, "telco_churn.csv"), newline="") as f:
        for row in csv.DictReader(f):
            c = row["contract"]
            X.append([float(row["tenure"]), float(row["monthly_charges"]),
                      float(row["senior_citizen"]), float(row["paperless_billing"]),
                      float(c == "One year"), float(c == "Two year")])
            y.append(float(row["churn"] == "Yes"))
    return X, y


class TestLogistic(unittest.TestCase):
    def test_telco_matches_glm(self):
        X, y = _telco()
        m = csat.LogisticChurn().fit(X, y)
        assert_close(m.coef_, [-1.7493415023615, -0.0371749660655, 0.0250896457783,
                              0.4304576487275, 0.4672769818566, -0.9528884762414,
                              -1.8440064548015], 1e-8)
        assert_close(m.log_likelihood_, -3034.874952579, 1e-12)
        assert_close(m.standard_errors_[0], 0.09371275253415981, 1e-8)
        p = m.predict_proba(X)[:, 1] if csat.HAVE_NUMPY else [r[1] for r in m.predict_proba(X)]
        auc = csat.roc_auc(p, y)
        self.assertTrue(0.8 < auc < 0.9)
        lift = csat.lift_table(p, y, 10)
        self.assertGreater(lift.lift[0], 2.0)
        camp = csat.campaign_profit(p, y, 500, 5, 50, 0.3)
        self.assertEqual(len(camp.profit), 10)

    def test_separation(self):
        with self.assertRaises(csat.DomainError):
            csat.LogisticChurn().fit([[-2], [-1], [1], [2]], [0, 0, 1, 1])
        m = csat.LogisticChurn(l2=1.0).fit([[-2], [-1], [1], [2]], [0, 0, 1, 1])
        self.assertGreater(m.coef_[1], 0)


class TestEconomics(unittest.TestCase):
    def test_published_examples(self):
        assert_close(csat.margin_multiple(0.8, 0.1), 2.67, 0, 0.005)
        assert_close(csat.clv_gupta_lehmann(100, 0.8, 0.1, acquisition_cost=200), 66.667, 0, 5e-4)
        assert_close(csat.clv_berger_nasr(260, 50, 0.75, 0.2, 10), 568.78, 0, 0.005)
        assert_close(csat.clv_retention([30, 42, 44, 49, 55], 0.8, 0.1, 51), 56.3219, 0, 5e-5)
        self.assertEqual(csat.payback_period(100, 0.8, 0.1, 150), 2)
        self.assertIsNone(csat.payback_period(100, 0.8, 0.1, 400))
        e = csat.retention_effect(100, 0.9, 0.95, 0.1)
        assert_close(e.lifetime_after, 20, 1e-12)
        k = csat.kpi_rates(200, 40, 220)
        assert_close(k.churn_rate, 0.1, 1e-14)
        with self.assertRaises(csat.DomainError):
            csat.margin_multiple(1.0, -0.05)

    def test_berger_nasr_case1(self):
        # docs/theory/clv.rst, 10.2 (Berger & Nasr 1998 case 1 as transcribed there, [P*]); the
        # identity with the survival-weighted form of 10.3 as in tests/retention/test_econ.c
        gc, m, r, d, n = 260.0, 50.0, 0.75, 0.2, 10
        via_survival = (csat.clv_retention([gc] * (n + 1), r, d, timing="start")
                        - (1 + d) ** 0.5 * csat.clv_retention([m] * n, r, d))
        assert_close(csat.clv_berger_nasr(gc, m, r, d, n), via_survival, 1e-13)
        assert_close(via_survival, 568.783067433596989, 1e-14)
        assert_close(csat.clv_berger_nasr(gc, m, r, d), 571.617, 0, 5e-4)
        for bad in ((float("nan"), m, r, d, n), (gc, float("inf"), r, d, n),
                    (gc, m, 1.5, d, n), (gc, m, r, -1.0, n), (gc, m, r, d, -1),
                    (gc, m, r, d, 2.5), (gc, m, r, d, 10 ** 8)):
            with self.assertRaises(csat.InvalidArgument):
                csat.clv_berger_nasr(*bad)
        with self.assertRaises(csat.DomainError):
            csat.clv_berger_nasr(gc, m, 1.0, 0.0, 0)


class TestCohorts(unittest.TestCase):
    IDS = [3, 1, 2, 4, 1, 3, 2, 1]
    T = [1.1, 0, 0.5, 2.0, 1.5, 1.2, 2.9, 2.2]
    A = [7, 10, 5, 100, 20, 3, 5, 30]

    def test_cohort_table(self):
        c = csat.cohort_table(self.IDS, self.T, self.A)
        self.assertEqual(list(c.cohort_size), [2, 1, 1])
        self.assertEqual(list(c.active[0]), [2, 1, 2])
        assert_close(c.revenue_retention[0][1], 20 / 15)

    def test_from_store(self):
        c = csat.Customers()
        c.add(self.IDS, self.T, self.A)
        t = csat.cohort_table_customers(c)
        self.assertEqual(list(t.active[0]), [2, 1, 2])
        k = csat.kpis_customers(c, 1.5, 2.5, 1.0, tier_bounds=[15, 25])
        self.assertEqual(k.upgraded, 1)
        # the Regular cohort as yearly payments; observation ends at 7.5
        d = csat.Customers()
        d.add(*regular_cohort_payments())
        m = csat.SBG().fit_customers(d, 1.0, 0.0, 1.0, 7.5)
        assert_close(m.params_.alpha, 0.70407729847351620802, 1e-7)

    def test_kpis(self):
        k = csat.kpis(self.IDS, self.T, self.A, 1.5, 2.5, 1.0, tier_bounds=[15, 25])
        self.assertEqual(k.retained, 1)
        self.assertEqual(k.upgraded, 1)
        assert_close(k.average_profitability, 65)
        self.assertEqual(list(k.ladder), [0, 0, 2])
        with self.assertRaises(csat.InvalidArgument):
            csat.kpis(self.IDS, self.T, self.A, 2.5, 1.5, 1.0)


if __name__ == "__main__":
    unittest.main()
