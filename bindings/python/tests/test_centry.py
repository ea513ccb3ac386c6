"""The C entry points of issue 11 section 4 from Python: KMeans.predict, copies of a
fitted LogisticChurn, simulation (generate_data) and tracking."""
import copy
import pickle
import unittest

import csat

np = None
if csat.HAVE_NUMPY:
    import numpy as np

KX = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5]]


class TestKMeansPredict(unittest.TestCase):
    def test_training_rows_get_fit_labels(self):
        km = csat.KMeans(2, seed=3).fit(KX)
        self.assertEqual(list(km.predict(KX)), list(km.labels))
        self.assertEqual(list(km.predict([[9, 9], [1, -1]])), [km.labels[2], km.labels[0]])

    def test_standardised_like_the_fit(self):
        # column 2 in units 100 times larger and unclustered: standardised, the split
        # follows column 1; unstandardised rows would go by column 2
        X = [[0, 0], [0.1, 1000], [10, 500], [10.1, 0], [0.2, 500], [9.9, 1000]]
        km = csat.KMeans(2, seed=1, standardize=True).fit(X)
        self.assertEqual(len(set(km.labels[i] for i in (0, 1, 4))), 1)
        a, b = km.predict([[1, 900], [9, 100]])
        self.assertNotEqual(a, b)
        self.assertEqual(a, km.predict([[0, 0]])[0])

    def test_copies_predict_alike(self):
        km = csat.KMeans(2, seed=3, standardize=True).fit(KX)
        rows = [[1, 2], [8, 9], [5, 5.5]]
        want = list(km.predict(rows))
        for other in (copy.copy(km), copy.deepcopy(km), pickle.loads(pickle.dumps(km))):
            self.assertEqual(list(other.predict(rows)), want)
            other.close()
        self.assertEqual(list(km.predict(rows)), want)

    def test_errors(self):
        with self.assertRaises(csat.Misuse):
            csat.KMeans(2).predict(KX)
        km = csat.KMeans(2, seed=3).fit(KX)
        with self.assertRaises(csat.InvalidArgument):
            km.predict([[1, 2, 3]])
        with self.assertRaises(csat.InvalidArgument):
            km.predict([[1, float("nan")]])

    @unittest.skipIf(np is None, "needs numpy")
    def test_pandas_index(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("needs pandas")
        km = csat.KMeans(2, seed=3).fit(KX)
        X = pd.DataFrame([[0, 0], [10, 10]], index=["u", "v"], columns=["a", "b"])
        out = km.predict(X)
        self.assertIsInstance(out, pd.Series)
        self.assertEqual(list(out.index), ["u", "v"])
        self.assertEqual(list(out), [km.labels[0], km.labels[2]])


if __name__ == "__main__":
    unittest.main()
