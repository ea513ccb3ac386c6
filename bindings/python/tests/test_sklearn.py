"""scikit-learn interoperation: clone, pipelines, cross-validation.

scikit-learn's clone() rebuilds an estimator from get_params() and checks that
the constructor kept each value as given; pipelines call fit(X, y) on every
step. Skipped without scikit-learn (Debian: python3-sklearn; CI installs it).
"""
import inspect
import unittest

import csat

try:
    import numpy as np
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    HAVE_SKLEARN = True
except ImportError:
    HAVE_SKLEARN = False


def estimator_classes():
    return [getattr(csat, n) for n in csat.__all__
            if inspect.isclass(getattr(csat, n)) and hasattr(getattr(csat, n), "get_params")]


def make(cls):
    if cls is csat.KMeans:
        return cls(3)
    if cls is csat.PLSPathModel:
        return cls({"X": ["x1", "x2"], "Y": ["y1", "y2"]}, [("X", "Y")])
    return cls()


@unittest.skipUnless(HAVE_SKLEARN, "needs scikit-learn and numpy")
class SklearnTest(unittest.TestCase):
    def test_clone_every_model(self):
        classes = estimator_classes()
        self.assertGreaterEqual(len(classes), 8)
        for cls in classes:
            with self.subTest(cls=cls.__name__):
                m = make(cls)
                c = clone(m)
                self.assertIsNot(c, m)
                self.assertEqual(c.get_params(), m.get_params())

    def test_clone_keeps_values_as_given(self):
        m = csat.BGNBD(l2_penalty=np.float64(0.5), max_iter=np.int64(50))
        c = clone(m)
        self.assertIs(type(c.get_params()["max_iter"]), np.int64)
        self.assertEqual(c.get_params()["l2_penalty"], 0.5)

    def test_clone_of_fitted_model_is_unfitted(self):
        rng = np.random.default_rng(1)
        X = rng.normal(size=(300, 2))
        k = csat.KMeans(3, seed=1).fit(X)
        c = clone(k)
        with self.assertRaises(csat.NotFittedError):
            c.predict(X)
        self.assertTrue(np.array_equal(c.fit(X).labels_, k.labels_))

    def test_pipeline_and_cross_validation(self):
        rng = np.random.default_rng(0)
        X = rng.normal(size=(400, 3))
        y = (X[:, 0] + rng.normal(size=400) > 0).astype(float)
        scores = cross_val_score(make_pipeline(StandardScaler(), csat.LogisticChurn()), X, y,
                                 cv=3, scoring="roc_auc")
        self.assertEqual(len(scores), 3)
        self.assertTrue(all(0.7 < s <= 1.0 for s in scores), scores)
        labels = make_pipeline(StandardScaler(), csat.KMeans(3, seed=2)).fit(X).predict(X)
        self.assertEqual(sorted(set(labels.tolist())), [0, 1, 2])


if __name__ == "__main__":
    unittest.main()
