"""Satisfaction and loyalty bindings; vectors from the theory pages (docs/theory/) with their sources."""
import math
import unittest

import csat
from _util import assert_close

# stp25kano README (stp4/stp25kano, commit 13ebf743): counts M, O, A, I, R, Q.
STP = [((95, 123, 45, 33, 0, 0), "O", "O", 0.5676, -0.7365),
       ((101, 54, 54, 81, 3, 3), "M", "M", 0.3724, -0.5345),
       ((15, 24, 121, 124, 6, 6), "I", "A", 0.5106, -0.1373),
       ((65, 87, 93, 51, 0, 0), "A", "O", 0.6081, -0.5135),
       ((9, 18, 83, 177, 6, 3), "I", "I", 0.3519, -0.0941)]


def _answers_for(counts):
    """Answer pairs reproducing Kano counts (A, O, M, I, R, Q)."""
    pair = {"A": (1, 3), "O": (1, 5), "M": (2, 5), "I": (3, 3), "R": (5, 1), "Q": (1, 1)}
    f, d = [], []
    for cat, c in zip("AOMIRQ", counts):
        f += [pair[cat][0]] * c
        d += [pair[cat][1]] * c
    return f, d


class TestKano(unittest.TestCase):
    def test_classify(self):
        self.assertEqual(csat.kano_classify(1, 1), "Q")
        self.assertEqual(csat.kano_classify(1, 5), "O")
        self.assertEqual(csat.kano_classify(2, 5), "M")
        with self.assertRaises(csat.InvalidArgument):
            csat.kano_classify(0, 3)

    def test_stp25kano_from_counts(self):
        for (m, o, a, i, r, q), mode, near, better, worse in STP:
            res = csat.kano_from_counts(dict(M=m, O=o, A=a, I=i, R=r, Q=q))
            self.assertEqual(res.category, mode)
            assert_close(res.better, better, atol=5e-5)
            assert_close(res.worse, worse, atol=5e-5)
            self.assertEqual(csat.kano_from_counts([a, o, m, i, r, q], rule="near_tie").category,
                             near)

    def test_matrix_from_answers(self):
        # two attributes: stp25kano "Hotline" and "Loan machine" as answer columns
        cols = [_answers_for((121, 24, 15, 124, 6, 6)), _answers_for((93, 87, 65, 51, 0, 0))]
        f = [[cols[0][0][j], cols[1][0][j]] for j in range(296)]
        d = [[cols[0][1][j], cols[1][1][j]] for j in range(296)]
        r = csat.kano(f, d, rule="near_tie")
        self.assertEqual(list(r.category), ["A", "O"])
        self.assertEqual(list(r.mode), ["I", "A"])
        assert_close(r.better, [0.5106, 0.6081], atol=5e-5)
        assert_close(r.chisq, [150.06, 15.41], atol=5e-3)

    def test_brand_rese_rule(self):
        # Brand & Rese (2026) Table 1, free in-store WiFi: 304 vs 303 -> A
        r = csat.kano_from_counts(dict(A=187, O=71, M=46, I=258, R=19, Q=26), rule="oam_vs_irq")
        self.assertEqual(r.category, "A")
        self.assertEqual(r.mode, "I")

    def test_filters(self):
        r = csat.kano([[1, 1], [3, 1], [3, 3]], [[1, 1], [3, 5], [3, 3]], max_questionable=1)
        self.assertEqual(list(r.n_filtered), [1, 1])
        self.assertEqual(r.counts[0][5], 0)  # Q of attribute 1

    def test_micro_and_continuous(self):
        r = csat.kano([1, 1, 2, 3], [5, 3, 5, 3])
        self.assertEqual(r.category, "M")
        assert_close(r.functional_score, 2.5)
        assert_close(r.dysfunctional_score, 2.0)
        with self.assertRaises(csat.InvalidArgument):
            csat.kano([1, 6], [5, 3])
        with self.assertRaises(csat.EmptyInput):
            csat.kano([float("nan")], [3], nan_policy="skip")


class TestServqual(unittest.TestCase):
    GAPS = [-0.65, -1.10, -0.83, -0.70, -1.01]  # 12manage forum example

    def test_published(self):
        assert_close(csat.servqual_combine(self.GAPS), -0.858)
        assert_close(csat.servqual_combine(self.GAPS, [11, 32, 22, 19, 16]), -0.9007)
        dim = [0] * 4 + [1] * 5 + [2] * 4 + [3] * 4 + [4] * 5
        P = [[5 + self.GAPS[dim[i]] + s for i in range(22)] for s in (0.1, -0.1)]
        E = [[5.0] * 22, [5.0] * 22]
        r = csat.servqual(P, E, weights=[[11, 32, 22, 19, 16]] * 2)
        assert_close(r.overall, -0.858, rtol=1e-12)
        assert_close(r.weighted, -0.9007, rtol=1e-12)
        assert_close(r.dimensions, self.GAPS, rtol=1e-12)
        assert_close(r.overall_se, 0.1, rtol=1e-9)
        self.assertEqual(len(r.items), 22)
        with self.assertRaises(csat.InvalidArgument):
            csat.servqual([[8] * 22], [[5] * 22])

    def test_zot(self):
        # docs/theory/servqual.rst, 4.4 [D]: A 5, D 7.5; P 6.2 / 4.6 / 7.9
        r = csat.zot([[5], [5], [5]], [[7.5], [7.5], [7.5]], [[6.2], [4.6], [7.9]])
        item = r.items
        self.assertEqual(item.position, ["within"])
        self.assertEqual((item.n_below, item.n_within, item.n_above), ([1], [1], [1]))
        single = csat.zot([[5]], [[7.5]], [[4.6]]).items
        assert_close(single.msa, [-0.4], rtol=1e-12)
        assert_close(single.mss, [-2.9], rtol=1e-12)
        with self.assertRaises(csat.InvalidArgument):
            csat.zot([[7]], [[5]], [[6]])

    def test_zot_item_and_weights(self):
        r = csat.zot_item(5.0, 7.5, 7.9)
        self.assertEqual(r.position, "above")
        assert_close([r.msa, r.mss, r.width], [2.9, 0.4, 2.5], rtol=1e-12)
        self.assertEqual(list(csat.servqual_pzb_weights()), [11, 32, 22, 19, 16])
        self.assertEqual(csat.servqual_standard_map()[9], 2)
        r1988 = csat.servqual([[6] * 22], [[4] * 22], reversed_items="1988")
        assert_close([r1988.items[0], r1988.items[9]], [2, -2])

    def test_gaps(self):
        g = csat.service_gaps(expected=[6, 5], perceived=[4, 4])
        assert_close(g.customer, -1.5)
        self.assertIsNone(g.listening)


class TestNps(unittest.TestCase):
    def test_points(self):
        self.assertEqual(csat.nps([0, 7, 9]).score, 0)  # npspy docs
        self.assertEqual(csat.nps([7, 9]).score, 50)
        self.assertEqual(csat.nps([0, 7]).score, -50)
        assert_close(csat.nps([1, 7, 7, 8, 9, 10]).score, 100 / 6, rtol=1e-14)  # Dart example

    def test_intervals(self):
        # jdmaturen gist counts, deterministic values of docs/theory/satisfaction.rst, 6.5 [D]
        r = csat.nps_from_counts(250, 675, 75)
        w = r.interval("wald")
        assert_close([w.lower, w.upper], [14.1372, 20.8628], atol=5e-5)
        a = r.interval("adjusted_wald")
        assert_close([a.lower, a.upper], [14.0859, 20.8094], atol=5e-5)
        s = r.interval("score")
        assert_close([s.lower, s.upper], [14.1398, 20.8781], atol=5e-5)
        self.assertEqual(csat.nps_from_counts(9, 0, 2).interval("wald", clip=True).upper, 100)
        with self.assertRaises(csat.InvalidArgument):
            r.interval("bogus")

    def test_compare(self):
        # sivadivel/nps_stats nps.test(20,10,30, 12,18,30)
        c = csat.nps_compare((20, 0, 10), (12, 0, 18))
        assert_close(c.se, 24.825, atol=5e-3)
        assert_close(c.p_value, 0.03169, atol=5e-5)
        self.assertEqual(csat.nps_sample_size(2 / 3, 5), 1025)  # Cybaea


class TestIndices(unittest.TestCase):
    def test_csat_delighted(self):
        x = [5] * 42 + [4] * 32 + [3] * 10 + [2] * 9 + [1] * 14
        assert_close(csat.csat_score(x).percent, 7400 / 107, rtol=1e-14)

    def test_acsi_and_tlf(self):
        r = csat.csi([[8, 7, 7], [8, 7, 8]], weights=[.35, .33, .32])
        assert_close(r.index, 72.3333333333333, rtol=1e-12)
        t = csat.csi([[8, 4, 8, 3, 4]], weights=[7, 5, 9, 3, 6], method="max")
        assert_close(t.index, 181 / 3, rtol=1e-12)
        assert_close(csat.ces([1, 2, 2], scale=(1, 5)).mean, 5 / 3, rtol=1e-14)

    def test_disconfirm(self):
        r = csat.disconfirm([5, 4, 3.6, 3], [4, 4, 4, 4], scale=(1, 5), tau=0.5)
        self.assertEqual(r.states, ["delighted", "satisfied", "satisfied", "dissatisfied"])
        m = csat.disconfirm([5, float("nan")], [4, 4], scale=(1, 5), nan_policy="skip")
        self.assertEqual(m.states, ["delighted", None])
        self.assertEqual(m.n_skipped, 1)
        s = csat.seven_factor(6, 4, 5, dict(a_dc=.6, a_ec=.4, b_dc=.2, b_ec=.8, c_as=.7, c_is=.3))
        assert_close(s.attribute_satisfaction, -0.2, rtol=1e-14)


class TestIpaLoyalty(unittest.TestCase):
    def test_ipa(self):
        r = csat.ipa([4.5, 4.2, 3.1, 2.9, 3.8], [3.2, 4.4, 2.8, 4.1, 3.9])
        self.assertEqual(r.quadrant, ["concentrate here", "keep up the good work", "low priority",
                                      "possible overkill", "keep up the good work"])
        self.assertEqual(r.diagonal_priority, [True, False, True, False, False])
        imp = csat.derived_importance([[1, 2], [2, 4], [3, 5], [4, 4], [5, 5]], [2, 4, 5, 4, 5])
        assert_close(imp, [math.sqrt(0.6), 1.0], rtol=1e-12)

    def test_types(self):
        self.assertEqual(csat.jones_sasser([5, 4, 5, 2, 3, 1], [5, 4, 2, 5, 3, 1]),
                         ["apostle", "loyalist", "mercenary", "hostage", "defector", "terrorist"])
        self.assertEqual(csat.jones_sasser([5, float("nan")], [5, 3], nan_policy="skip"),
                         ["apostle", None])
        self.assertEqual(csat.dick_basu(1, 0.2, 0, 0.5), "latent")
        self.assertEqual(csat.oliver_phase([4, 4, 5, 4], [3, 3, 4, 4]), "action")
        self.assertEqual(csat.bond_score([5, 5, 5, 5]).strongest, "structural")
        idx = csat.loyalty_index([[12, 5, 0, 1, 1, 5]],
                                 [(0, 12), (1, 5), (0, 60), (1, 7), (1, 5), (1, 5)])
        assert_close(idx, [100.0], rtol=1e-14)

    def test_retention_and_iceberg(self):
        r = csat.retention_forecast({1: 10, 2: 20, 3: 30, 4: 25, 5: 15}, revenue_per_customer=2)
        assert_close(r.retained_mid, 57.3, rtol=1e-14)
        self.assertEqual(csat.retention_table()[5.0], (0.92, 0.97))
        i = csat.iceberg(10)  # TARP defaults: docs/theory/loyalty.rst, 8.1
        assert_close([i.dissatisfied, i.silent, i.lost, i.word_of_mouth], [250, 240, 216, 2250],
                     rtol=1e-14)
        assert_close(csat.iceberg(10, complain_share=1 / 27).dissatisfied, 270, rtol=1e-14)
        with self.assertRaises(csat.InvalidArgument):
            csat.iceberg(-1)


if __name__ == "__main__":
    unittest.main()
