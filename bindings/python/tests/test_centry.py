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


class TestLogisticCopies(unittest.TestCase):
    def test_fitted_copies_predict_alike(self):
        LX = [[-2.0], [-1.0], [1.0], [2.0], [0.5], [-0.5], [1.5], [-1.5]]
        LY = [0, 1, 1, 1, 0, 0, 1, 0]
        m = csat.LogisticChurn(l2=0.1).fit(LX, LY)
        want = list(m.predict(LX))
        for other in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
            self.assertEqual(list(other.predict(LX)), want)
            self.assertEqual(list(other.coef), list(m.coef))
            other.fit(LX, LY[::-1])  # refitting the copy leaves the original alone
        self.assertEqual(list(m.predict(LX)), want)


def _col(data, name):
    return list(data[name])


class TestGenerateData(unittest.TestCase):
    MODELS = {
        "BGNBD": (csat.BGNBD, dict(r=0.243, alpha=4.41, a=0.793, b=2.43), ("lambda", "p"), "T"),
        "ParetoNBD": (csat.ParetoNBD, dict(r=0.55, alpha=10.58, s=0.61, beta=11.67),
                      ("lambda", "mu"), "T"),
        "ModifiedBGNBD": (csat.ModifiedBGNBD, dict(r=0.243, alpha=4.41, a=0.793, b=2.43),
                          ("lambda", "p"), "T"),
        "BGBB": (csat.BGBB, dict(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783),
                 ("p", "theta"), "n_periods"),
    }

    def test_columns_and_determinism(self):
        for name, (cls, params, latent, age) in self.MODELS.items():
            with self.subTest(model=name):
                m = cls(**params)
                T = 6 if name == "BGBB" else 39.5
                d = m.generate_data(300, T, seed=11)
                for col in ("frequency", "recency", age, *latent, "alive"):
                    self.assertEqual(len(_col(d, col)), 300)
                self.assertEqual(set(_col(d, "alive")) <= {0.0, 1.0}, True)
                self.assertTrue(all(0 <= r <= T for r in _col(d, "recency")))
                again = m.generate_data(300, T, seed=11)
                self.assertEqual(_col(d, "recency"), _col(again, "recency"))
                head = m.generate_data(5, T, seed=11)  # customer i does not depend on n
                self.assertEqual(_col(head, "frequency"), _col(d, "frequency")[:5])
                other = m.generate_data(300, T, seed=12)
                self.assertNotEqual(_col(d, "recency"), _col(other, "recency"))

    def test_recovery(self):
        # the fit on simulated customers gives back the truth (the C tests do this at
        # 20,000 and 1,000,000 customers within 3 SE; here 4 SE at 20,000)
        for name, (cls, params, _latent, age) in self.MODELS.items():
            with self.subTest(model=name):
                T = 6 if name == "BGBB" else 39
                d = cls(**params).generate_data(20000, T, seed=2026)
                fitted = cls().fit(_col(d, "frequency"), _col(d, "recency"), _col(d, age))
                se = fitted.standard_errors
                for k, v in params.items():
                    self.assertLess(abs(fitted.params[k] - v), 4 * se[k], (k, fitted.params, se))

    def test_spend(self):
        g = csat.GammaGamma(p=6.25, q=3.74, gamma=15.44)
        freq = [i % 6 for i in range(20000)]
        d = g.generate_data(20000, freq, seed=4)
        z = _col(d, "monetary_value")
        self.assertTrue(all((v == 0) == (f == 0) for v, f in zip(z, freq)))
        fitted = csat.GammaGamma().fit(freq, z)
        for k, v in dict(p=6.25, q=3.74, gamma=15.44).items():
            self.assertLess(abs(fitted.params[k] - v), 4 * fitted.standard_errors[k])
        self.assertEqual(len(_col(g.generate_data(3, 2, seed=1), "nu")), 3)

    def test_errors(self):
        with self.assertRaises(csat.Misuse):
            csat.BGNBD().generate_data(3, 10)
        m = csat.BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43)
        with self.assertRaises(csat.InvalidArgument):
            m.generate_data(3, [10, 20])
        with self.assertRaises(csat.InvalidArgument):
            m.generate_data(0, 10)
        with self.assertRaises(csat.InvalidArgument):
            m.generate_data(2, [10, -1])
        with self.assertRaises(csat.InvalidArgument):
            csat.BGBB(alpha=1, beta=1, gamma=1, delta=1).generate_data(2, 6.5)
        with self.assertRaises(csat.InvalidArgument):
            csat.GammaGamma(p=1, q=2, gamma=3).generate_data(2, [1, 1.5])

    @unittest.skipIf(np is None, "needs numpy")
    def test_dataframe(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("needs pandas")
        d = csat.BGNBD(r=0.243, alpha=4.41, a=0.793, b=2.43).generate_data(4, 39, seed=1)
        self.assertIsInstance(d, pd.DataFrame)
        self.assertEqual(d.index.name, "customer_id")
        self.assertEqual(list(d.columns), ["frequency", "recency", "T", "lambda", "p", "alive"])


if __name__ == "__main__":
    unittest.main()
