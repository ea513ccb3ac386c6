"""Errors of the C functions without a handle (issue 11): the library's
csat_error names the argument and the row, and the bindings add the Python
function, the customer id or the pandas index label of that row."""
import unittest

import csat
from csat import _lib

np = pd = None
if csat.HAVE_NUMPY:
    import numpy as np
    try:
        import pandas as pd
    except ImportError:
        pass


class TestDetails(unittest.TestCase):
    def test_nps_answer_off_the_scale(self):
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.nps([10, 9, 0, 11, 5])
        msg = str(cm.exception)
        self.assertTrue(msg.startswith("nps: scores[3] = 11"), msg)  # the Python name of answers
        self.assertIn("off the scale", msg)
        self.assertEqual(cm.exception.row, 3)
        self.assertEqual(cm.exception.code, -1)

    def test_rfm_scores_row_without_pandas(self):
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.rfm_scores([1, 2, 3, 4], [1, 2, 3, 4], [1, 2, -3, 4])
        self.assertEqual(str(cm.exception), "rfm_scores: monetary[2] = -3 is negative")
        self.assertEqual(cm.exception.row, 2)

    def test_options_are_named_as_keywords(self):
        # "opts->..." of the C message is the keyword of the Python function
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.jones_sasser([3, 4], [3, 4], high=4, apostle=3)
        self.assertNotIn("opts->", str(cm.exception))
        self.assertIn("apostle", str(cm.exception))

    def test_c_names_become_python_names(self):
        m = csat.SBG()
        m.params_ = {"alpha": 0.5, "beta": 2.0}
        with self.assertRaises(csat.DomainError) as cm:
            m.expected_lifetime()
        self.assertTrue(str(cm.exception).startswith("SBG.expected_lifetime: alpha = 0.5"),
                        str(cm.exception))
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.clv_berger_nasr(float("inf"), 1.0, 0.8, 0.1)
        self.assertEqual(str(cm.exception),
                         "clv_berger_nasr: gross_contribution = inf is not finite")

    def test_customer_id_of_the_row(self):
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.kpis([7, 8, 7], [0.0, 1.0, 2.0], [5.0, float("nan"), 5.0], 1, 2, 1)
        self.assertIn("amounts[1]", str(cm.exception))
        self.assertIn("customer 8", str(cm.exception))
        self.assertEqual(cm.exception.row, 1)

    def test_domain_and_empty_errors(self):
        with self.assertRaises(csat.DomainError) as cm:
            csat.abc([0.0, 0.0, 0.0])
        self.assertIn("value sums to 0", str(cm.exception))
        with self.assertRaises(csat.EmptyInput) as cm:
            csat.ces([float("nan")], nan_policy="skip")
        self.assertIn("answers", str(cm.exception))

    def test_scalar_arguments(self):
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.margin_multiple(1.5, 0.1)
        self.assertEqual(str(cm.exception), "margin_multiple: retention = 1.5 is not in [0, 1]")
        self.assertFalse(hasattr(cm.exception, "row"))

    def test_no_c_names_and_pickles(self):
        import pickle
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.roc_auc([0.1, 0.2, 0.3], [0, 1, 3])
        self.assertNotIn("csat_", str(cm.exception))
        again = pickle.loads(pickle.dumps(cm.exception))
        self.assertEqual(str(again), str(cm.exception))
        self.assertIs(type(again.code), int)

    def test_status_carries_the_details(self):
        # a failed call's status carries its csat_error; a success is a plain int
        from csat import satisfaction
        status = satisfaction._nps(None, 0, None, None)
        self.assertEqual(status, -1)
        self.assertEqual(status.err.argument, b"answers")
        self.assertEqual(status.err.row, _lib.NO_ROW)
        self.assertEqual(status.err.message, b"answers is NULL")


@unittest.skipIf(pd is None, "pandas not available")
class TestPandasIndex(unittest.TestCase):
    def test_rfm_scores_nan_names_row_and_label(self):
        idx = ["ann", "bob", "cy", "dee", "eve"]
        r = pd.Series([1.0, 2.0, 3.0, np.nan, 5.0], index=idx)
        ok = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=idx)
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.rfm_scores(r, ok, ok)
        msg = str(cm.exception)
        self.assertIn("rfm_scores", msg)
        self.assertIn("recency[3]", msg)
        self.assertIn("'dee'", msg)
        self.assertEqual(cm.exception.row, 3)

    def test_nps_series_label(self):
        s = pd.Series([10.0, 9.0, 0.0, 11.0], index=["w", "x", "y", "z"])
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.nps(s)
        self.assertIn("scores[3]", str(cm.exception))
        self.assertIn("'z'", str(cm.exception))

    def test_churn_label(self):
        idx = ["a", "b", "c"]
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.roc_auc(pd.Series([0.1, 0.2, 0.3], index=idx), pd.Series([0.0, 1.0, 3.0], index=idx))
        self.assertIn("'c'", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
