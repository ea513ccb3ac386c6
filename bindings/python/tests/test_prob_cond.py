"""BTYD prob_purchases_cond: P(X(T, T+t) = k | x, t_x, T) per customer (issue 11 section 4).

Checked here through two identities that hold for every kind: over k the
probabilities sum to 1, and their mean is expected_purchases. The values
themselves are tested against mpmath in C (tests/btyd/test_btyd.c,
tests/reference/btyd_pmf_mpmath.py)."""
import unittest

import csat
from _util import assert_close

MODELS = [
    (csat.BGNBD, dict(r=0.243, alpha=4.414, a=0.793, b=2.426), ([2, 0, 5], [30.43, 0.0, 35.0], [38.86] * 3), 39),
    (csat.ModifiedBGNBD, dict(r=0.525, alpha=6.183, a=0.891, b=1.614), ([2, 0], [30.43, 0.0], [38.86] * 2), 39),
    (csat.ParetoNBD, dict(r=0.553, alpha=10.58, s=0.606, beta=11.67), ([2, 0], [30.43, 0.0], [38.86] * 2), 39),
    (csat.BGBB, dict(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783), ([3, 0, 6], [5, 0, 6], [6] * 3), 5),
]


class TestProbPurchasesCond(unittest.TestCase):
    def test_sums_to_one_with_the_expected_mean(self):
        for cls, params, (x, tx, T), t in MODELS:
            m = cls()
            m.params_ = params
            probs = [list(m.prob_purchases_cond(k, t, x, tx, T)) for k in range(250)]
            for i in range(len(x)):
                col = [p[i] for p in probs]
                self.assertTrue(all(0.0 <= v <= 1.0 for v in col))
                assert_close(sum(col), 1.0, atol=1e-12)
                assert_close(sum(k * v for k, v in enumerate(col)),
                             m.expected_purchases(t, x, tx, T)[i], rtol=1e-11)

    def test_zero_horizon_and_errors(self):
        m = csat.BGNBD()
        m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        self.assertEqual(list(m.prob_purchases_cond(0, 0.0, [2], [30.43], [38.86])), [1.0])
        self.assertEqual(list(m.prob_purchases_cond(3, 0.0, [2], [30.43], [38.86])), [0.0])
        for k in (-1, 1.5, float("nan")):
            with self.assertRaises(csat.InvalidArgument):
                m.prob_purchases_cond(k, 39, [2], [30.43], [38.86])
        with self.assertRaises(csat.InvalidArgument):
            bb = csat.BGBB()
            bb.params_ = dict(alpha=1, beta=1, gamma=1, delta=1)
            bb.prob_purchases_cond(1, 2.5, [1], [1], [3])
        with self.assertRaises(csat.Misuse):
            csat.BGNBD().prob_purchases_cond(1, 39, [2], [30.43], [38.86])


if __name__ == "__main__":
    unittest.main()
