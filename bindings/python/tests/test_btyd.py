"""BTYD bindings: CDNOW fits (Fader, Hardie & Lee 2005), donations BG/BB
(Fader, Hardie & Shang 2010), predictions, CLV and errors."""
import math
import unittest

import csat
from _util import assert_close, cdnow_sample, load_csv, model


class TestBTYD(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.id, cls.x, cls.tx, cls.T, cls.z = load_csv("cdnow_customers_summary_with_transactions.csv")

    def test_bgnbd_cdnow(self):
        m = csat.BGNBD().fit(self.x, self.tx, self.T)
        p = m.params_
        assert_close([p["r"], p["alpha"], p["a"], p["b"]],
                     [0.242593, 4.413532, 0.792886, 2.425752], rtol=1e-5)
        assert_close(m.log_likelihood_, -9582.4256, atol=5e-5)
        self.assertTrue(m.fit_report_.converged)
        self.assertEqual(set(m.standard_errors_), {"r", "alpha", "a", "b"})
        assert_close(m.expected_purchases(39, self.x[:1], self.tx[:1], self.T[:1])[0], 1.226, atol=5e-4)
        assert_close(list(m.expected_purchases_new([1, 3, 78])), [0.05318, 0.15063, 1.85797], atol=5e-6)
        pa = m.p_alive(self.x, self.tx, self.T)
        self.assertTrue(all(0 <= v <= 1 for v in pa))
        probs = m.prob_purchases(list(range(60)), 39)
        assert_close(sum(probs), 1.0, atol=1e-3)

    def test_set_params_and_errors(self):
        m = model(csat.BGNBD, r=0.24, alpha=4.4, a=0.79, b=2.4)
        assert_close(m.params_["alpha"], 4.4)
        with self.assertRaises(csat.InvalidArgument):
            m.params_ = dict(r=0, alpha=1, a=1, b=1)
        with self.assertRaises(csat.InvalidArgument):
            m.p_alive([1], [5], [4])  # recency > T
        with self.assertRaises(csat.Misuse):
            csat.BGNBD().p_alive([1], [1], [4])

    def test_gamma_gamma_and_clv(self):
        gg = csat.GammaGamma().fit(self.x, self.z)
        p = gg.params_
        assert_close([p["p"], p["q"]], [6.25, 3.74], atol=5e-3)
        assert_close(p["gamma"], 15.44, atol=1e-2)
        m = csat.BGNBD().fit(self.x, self.tx, self.T)
        r = csat.clv(m, gg, self.x, self.tx, self.T, self.z, n_steps=12, step=4.345, discount_rate=0.01)
        self.assertEqual(len(r.clv), len(self.x))
        assert_close(r.equity, sum(r.clv), rtol=1e-12)
        e = gg.expected_spend(self.x[:1], self.z[:1])[0]
        assert_close(e, (p["gamma"] + 2 * 22.35) * p["p"] / (2 * p["p"] + p["q"] - 1), rtol=1e-12)

    def test_other_models(self):
        pn = csat.ParetoNBD().fit(self.x, self.tx, self.T)
        assert_close([pn.params_[k] for k in ("r", "alpha", "s", "beta")], [0.55, 10.58, 0.61, 11.67], atol=5e-3)
        mb = csat.ModifiedBGNBD().fit(self.x, self.tx, self.T)
        self.assertTrue(mb.fit_report_.converged)
        f, r, n, w = load_csv("donations.csv")
        bb = csat.BGBB().fit(f, r, n, weights=w)
        assert_close([bb.params_[k] for k in ("alpha", "beta", "gamma", "delta")],
                     [1.204, 0.750, 0.657, 2.783], atol=5e-4)
        assert_close(bb.log_likelihood_, -33225.6, atol=0.05)
        with self.assertRaises(csat.InvalidArgument):
            bb.p_alive([1.5], [2], [6])

    def test_fit_customers(self):
        ids, times, _ = cdnow_sample()
        store = csat.Customers()
        store.add(ids, times)
        store.summary(observation_end=272, time_scale=7)
        m = csat.BGNBD().fit_customers(store)
        assert_close(m.params_["r"], 0.242593, rtol=2e-3)

    def test_chunks(self):
        p = {"r": 0.242593, "alpha": 4.413532, "a": 0.792886, "b": 2.425752}
        ll, g = csat.chunk_log_likelihood(csat.BGNBD, p, self.x, self.tx, self.T)
        ll1, _ = csat.chunk_log_likelihood(csat.BGNBD, p, self.x[:1000], self.tx[:1000], self.T[:1000])
        ll2, _ = csat.chunk_log_likelihood(csat.BGNBD, p, self.x[1000:], self.tx[1000:], self.T[1000:])
        assert_close(ll1 + ll2, ll, rtol=1e-13)
        assert_close(ll, -9582.4256, atol=1e-3)

    def test_dert_and_pnbd_prob(self):
        # references: tests/btyd/btyd_dert_reference.h (mpmath, tests/reference/btyd_dert_mpmath.py)
        pn = model(csat.ParetoNBD, r=0.5533, alpha=10.5781, s=0.6061, beta=11.6696)
        delta = math.log(1.15) / 52  # 15% a year, weekly data (Fader, Hardie & Lee 2005)
        d = pn.dert(delta, [2, 0], [30.43, 0], [38.86, 38.86])
        assert_close(list(d), [6.5014760726066827, 0.47848424984488047], rtol=1e-10)
        probs = pn.prob_purchases(list(range(300)), 39)
        assert_close(probs[0], 0.59349090755099365, rtol=1e-10)
        assert_close(sum(probs), 1.0, atol=1e-12)
        bb = model(csat.BGBB, alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        assert_close(bb.dert(0.1, [3], [5], [6])[0], 2.8415363222372623, rtol=1e-10)
        # BG/NBD, MBG/NBD: tests/btyd/bgnbd_dert_reference.h (tests/reference/bgnbd_dert_mpmath.py)
        bg = model(csat.BGNBD, r=0.243, alpha=4.414, a=0.793, b=2.426)
        assert_close(list(bg.dert(delta, [2, 0], [30.43, 0], [38.86, 38.86])),
                     [5.1695539284375218, 1.0187461946469323], rtol=1e-10)
        mbg = model(csat.ModifiedBGNBD, r=0.243, alpha=4.414, a=0.793, b=2.426)
        assert_close(mbg.dert(0.1, [1], [1.71], [38.86])[0], 0.073894179007578301, rtol=1e-10)
        with self.assertRaises(csat.InvalidArgument):
            bg.dert(1e-10, [1], [2], [5])
        with self.assertRaises(csat.InvalidArgument):
            pn.dert(0.0, [1], [2], [5])



# tests/btyd/ggom_pmf_reference.h (tests/reference/ggom_pmf_mpmath.py, 30 digits): P(X(10) = 2) at
# r, alpha, b, s, beta = 0.8, 5, 0.05, 1.5, 3
REF_PMF_10_2 = 0.12159700892995574


class TestGGomNBD(unittest.TestCase):
    """csat.GGomNBD through the bindings (the C values are checked against mpmath
    in tests/btyd/test_ggom.c): issue 11 section 4's copy, pickle and save/load
    with parameters set by hand, P(X(t) = k) and the chunk functions."""
    P = dict(r=0.8, alpha=5.0, b=0.05, s=1.5, beta=3.0)

    def test_round_trips(self):
        import copy
        import os
        import pickle
        import tempfile
        m = model(csat.GGomNBD, **self.P)
        self.assertEqual(repr(m), "<csat.GGomNBD: parameters set by hand; r=0.8, alpha=5, b=0.05, s=1.5, beta=3>")
        pa = list(m.p_alive([2, 0], [30.43, 0.0], [38.86, 38.86]))
        self.assertTrue(0 < pa[0] < 1 and 0 < pa[1] < 1)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "g.json")
            m.save(path)
            loaded = csat.load(path)
        for other in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m)), loaded):
            self.assertIsInstance(other, csat.GGomNBD)
            self.assertEqual(other.params_, m.params_)
            self.assertEqual(list(other.p_alive([2, 0], [30.43, 0.0], [38.86, 38.86])), pa)

    def test_pmf_and_chunks(self):
        m = model(csat.GGomNBD, **self.P)
        assert_close(float(m.prob_purchases([2.0], 10.0)[0]), REF_PMF_10_2, 1e-10)
        pk = m.prob_purchases(list(map(float, range(300))), 39.0)
        assert_close(sum(pk), 1.0, 1e-12)
        assert_close(sum(k * v for k, v in enumerate(pk)), float(m.expected_purchases_new([39.0])[0]), 1e-10)
        pc = [float(m.prob_purchases_cond(k, 39.0, [2], [30.43], [38.86])[0]) for k in range(300)]
        assert_close(sum(pc), 1.0, 1e-12)
        assert_close(sum(k * v for k, v in enumerate(pc)),
                     float(m.expected_purchases(39.0, [2], [30.43], [38.86])[0]), 1e-10)
        ll, g = csat.chunk_log_likelihood(csat.GGomNBD, self.P, [2, 0], [30.43, 0.0], [38.86, 38.86])
        self.assertEqual(sorted(g), sorted(self.P))
        ll2, g2, h = csat.chunk_hessian(csat.GGomNBD, self.P, [2, 0], [30.43, 0.0], [38.86, 38.86])
        self.assertEqual((len(g2), len(h), len(h[0])), (5, 5, 5))
        assert_close(ll2, ll, 1e-15)
        d = m.generate_data(50, 39.0, seed=1)
        self.assertEqual(len(d["eta"]), 50)


if __name__ == "__main__":
    unittest.main()
