"""csat.ValueModel: Kotler's tractor (docs/theory/value.rst, section 1) and hand-computed cases
mirroring tests/value/test_value_model.c."""
import math
import unittest

import csat
from _util import assert_close


def abc():
    # A: CDV 3, ratio 4; B: CDV 2, ratio 2; C: CDV 1, ratio 2 (model weights 1)
    m = csat.ValueModel()
    m.add_offering("A", product=4, monetary=1)
    m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
    m.add_offering("C", image=2, time=1, competitor=True)
    return m


class TestValueModel(unittest.TestCase):
    def test_kotler_tractor(self):
        # Kotler, Marketing Management 10th ed.: 90,000 + 7,000 + 6,000 product,
        # 5,000 + 2,000 service, price 100,000 -> TCV 110,000, CDV 10,000, ratio 1.10
        m = csat.ValueModel()
        m.add_offering("Caterpillar", product=90000 + 7000 + 6000, service=5000 + 2000,
                       monetary=100000)
        r = m.evaluate(scale=1e-3)
        self.assertEqual(list(r.name), ["Caterpillar"])
        assert_close(r.total_value, [110000.0], 0)
        assert_close(r.total_cost, [100000.0], 0)
        assert_close(r.delivered_value, [10000.0], 0)
        assert_close(r.ratio, [1.10], 1e-15)
        self.assertEqual(list(r.rank), [1])
        assert_close(r.share, [1.0], 0)

    def test_input_forms(self):
        m = csat.ValueModel(weights={"monetary": 2})
        self.assertEqual(m.weights["monetary"], 2.0)
        self.assertEqual(m.weights["product"], 1.0)
        m.add_offering("seq", [1, 2, 3, 4, 1, 0, 0, 0])
        m.add_offering("dict", {"product": 10, "psychic": 1, "energy": 2})
        o = m.offering("dict")
        self.assertEqual((o.product, o.mental, o.effort, o.service), (10, 1, 2, 0))
        self.assertEqual(m.offerings, ["seq", "dict"])
        self.assertEqual(len(m), 2)
        with self.assertRaises(csat.InvalidArgument):
            m.add_offering("bad", price=3)
        with self.assertRaises(ValueError):
            m.add_offering("bad", [1, 2, 3])
        with self.assertRaises(csat.InvalidArgument):
            m.add_offering("bad", product=-1)
        with self.assertRaises(csat.InvalidArgument):
            m.add_offering("bad", product=float("nan"))
        with self.assertRaises(csat.InvalidArgument):
            m.add_offering("x" * 64, product=1)
        self.assertEqual(len(m), 2)

    def test_evaluate_shares_ranks(self):
        m = abc()
        r = m.evaluate(scale=math.log(2))
        assert_close(r.delivered_value, [3, 2, 1], 0)
        assert_close(r.ratio, [4, 2, 2], 0)
        self.assertEqual(list(r.rank), [1, 2, 3])
        assert_close(r.share, [4 / 7, 2 / 7, 1 / 7], 1e-14)
        r = m.evaluate(scale=math.inf)
        assert_close(r.share, [1, 0, 0], 0)
        # tie at the top: split evenly
        m.set_offering("B", product=4, service=1, monetary=2)
        r = m.evaluate(scale=math.inf)
        assert_close(r.share, [0.5, 0.5, 0], 0)
        self.assertEqual(list(r.rank), [1, 1, 3])
        # huge scale * CDV must not overflow
        r = m.evaluate(scale=1e300)
        assert_close(r.share, [0.5, 0.5, 0], 0)

    def test_zero_cost_ratio(self):
        m = csat.ValueModel()
        m.add_offering("free", product=1)
        with self.assertRaises(csat.DomainError):
            m.evaluate()
        r = m.evaluate(ratio=False)
        self.assertNotIn("ratio", r)
        assert_close(r.delivered_value, [1.0], 0)

    def test_segments(self):
        m = abc()
        m.add_segment("price", {"monetary": 2}, size=3)
        m.add_segment("service", [1, 3, 1, 1, 1, 1, 1, 1], size=1)
        self.assertEqual(m.segments, ["price", "service"])
        self.assertEqual(m.segment("service").size, 1.0)
        r = m.evaluate("price", scale=math.log(2))
        assert_close(r.delivered_value, [2, 0, 1], 0)
        self.assertEqual(list(r.rank), [1, 3, 2])
        assert_close(r.share, [4 / 7, 1 / 7, 2 / 7], 1e-14)
        r = m.evaluate(1, scale=math.log(2))
        assert_close(r.delivered_value, [3, 4, 1], 0)
        assert_close(m.market_share(math.inf), [0.75, 0.25, 0], 1e-15)
        m.set_segment("service", {"monetary": 2}, size=1)
        assert_close(m.market_share(math.inf), [1, 0, 0], 0)
        with self.assertRaises(csat.InvalidArgument):
            m.evaluate("nobody")
        with self.assertRaises(csat.InvalidArgument):
            m.evaluate(7)

    def test_improvement(self):
        m = abc()
        m.weights = [1, 1, 0, 1, 2, 1, 1, 1]
        r = m.improvement("B", margin=0.5)
        self.assertEqual(r.rival, "A")
        assert_close(r.gap, 2, 0)
        assert_close(r.needed, 2.5, 0)
        assert_close(r.required["product"], 2.5, 0)
        assert_close(r.required["monetary"], 1.25, 0)
        self.assertEqual(r.status["personnel"], "no_effect")
        self.assertEqual(r.status["time"], "infeasible")
        self.assertEqual(r.gain_per_unit["monetary"], -2.0)
        self.assertEqual(r.leads_on, ["service"])
        self.assertEqual(r.trails_on, ["product", "monetary"])
        lead = m.improvement(0)
        self.assertEqual(lead.rival, "C")
        self.assertEqual(set(lead.status.values()), {"leads"})
        with self.assertRaises(csat.InvalidArgument):
            m.improvement(9)
        with self.assertRaises(csat.InvalidArgument):
            m.improvement("A", margin=-1)

    def test_customers(self):
        m = csat.ValueModel()
        r = m.customers(product=[10, 6, 0], service=[0, 2, 0], image=[0, 0, 1],
                        monetary=[8, 4, 4], time=[0, 2, 0])
        assert_close(r.delivered_value, [2, 2, -3], 0)
        assert_close(r.ratio, [1.25, 8 / 6, 0.25], 1e-15)
        # docs/theory/satisfaction.rst, 2.1 vectors: (5,4,0) delighted, (4,4,0) satisfied
        r = m.customers({"product": [5, 4]}, expected=[4, 4], ratio=False)
        self.assertEqual(list(r.state), [1, 0])
        # (3.6,4,0.5) satisfied, (3,4,0.5) dissatisfied
        r = m.customers(product=[3.6, 3], expected=[4, 4], tolerance=0.5, ratio=False)
        self.assertEqual(list(r.state), [0, -1])
        assert_close(r.disconfirmation, [3.6 - 4, -1], 1e-15)
        with self.assertRaises(csat.DomainError):
            m.customers(product=[1, 2], monetary=[1, 0])
        with self.assertRaises(csat.InvalidArgument):
            m.customers(product=[1, 2], monetary=[1])
        with self.assertRaises(csat.InvalidArgument):
            m.customers(product=[1, float("nan")], ratio=False)
        with self.assertRaises(csat.EmptyInput):
            m.customers(product=[], ratio=False)

    def test_closed_handle(self):
        m = abc()
        m.close()
        with self.assertRaises(csat.ClosedError) as cm:
            m.add_offering("D", product=1)
        self.assertIn("closed", str(cm.exception))
        m.close()  # closing twice is fine


if __name__ == "__main__":
    unittest.main()
