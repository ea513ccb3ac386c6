"""The fitted models as lifetimes and scikit-learn users expect them (issue 11, section 4):
repr, summary, get_params / set_params, params_ by hand, model files (save / csat.load,
format in csat._models and docs/model_files.rst), LogisticChurn's predict / predict_proba,
and per-row errors that name the row (and the pandas index label) although the values
are checked by C first (the "Performance" item)."""
import json
import math
import os
import shutil
import tempfile
import unittest

import csat
from _util import assert_close, load_csv, model

np = pd = None
if csat.HAVE_NUMPY:
    import numpy as np
    try:
        import pandas as pd
    except ImportError:
        pd = None

_, X, TX, T, Z = load_csv("cdnow_customers_summary_with_transactions.csv")
BB_F, BB_R, BB_N, BB_W = load_csv("donations.csv")
GG_X = [x for x, z in zip(X, Z) if x > 0]
GG_Z = [z for x, z in zip(X, Z) if x > 0]
AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
LX = [[-2.0, 1.0], [-1.0, 0.0], [1.0, 1.0], [2.0, 0.0], [0.5, 1.0], [-0.5, 0.0], [1.5, 1.0],
      [-1.5, 0.0], [0.25, 0.0], [-0.25, 1.0]]
LY = [0, 1, 1, 1, 0, 0, 1, 0, 1, 0]
KX = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5], [5, 5.5]]
SURV = [1000, 631, 468, 382, 326, 289, 262, 241]


def bits(values):
    """Values as exact hex strings (a 2-D result row by row): equality is bit equality."""
    if isinstance(values, (int, float)):
        return float(values).hex()
    if isinstance(values, dict):
        return {k: bits(v) for k, v in values.items()}
    out = []
    for v in values:
        out.append(bits(v) if hasattr(v, "__iter__") else float(v).hex())
    return out


def fitted_models():
    """(name, fitted model, predictions(model)) for every model class."""
    x, tx, t = X[:500], TX[:500], T[:500]
    btyd = lambda m: {"p_alive": bits(m.p_alive(x, tx, t)),  # noqa: E731
                      "expected": bits(m.expected_purchases(10, x, tx, t)),
                      "new": bits(m.expected_purchases_new([1.0, 10.0, 52.0]))}
    bgbb = lambda m: {"p_alive": bits(m.p_alive(BB_F, BB_R, BB_N)),  # noqa: E731
                      "expected": bits(m.expected_purchases(5, BB_F, BB_R, BB_N))}
    return [
        ("BGNBD", csat.BGNBD().fit(X, TX, T), btyd),
        ("ParetoNBD", csat.ParetoNBD().fit(X, TX, T), btyd),
        ("ModifiedBGNBD", csat.ModifiedBGNBD(l2_penalty=0.01).fit(X, TX, T), btyd),
        ("BGBB", csat.BGBB().fit(BB_F, BB_R, BB_N, weights=BB_W), bgbb),
        ("GammaGamma", csat.GammaGamma().fit(GG_X, GG_Z),
         lambda m: {"spend": bits(m.expected_spend(GG_X[:300], GG_Z[:300]))}),
        ("SBG", csat.SBG().fit(SURV),
         lambda m: {"s": bits(m.survival(range(20))), "derl": bits(m.derl(0.1, 4))}),
        ("KaplanMeier", csat.KaplanMeier(conf_type="log-log", conf_level=0.9).fit(AML_T, AML_E),
         lambda m: {"at": bits(m.survival_at([0, 5, 8.5, 30, 200])),
                    "lower": bits(m.lower_), "rmean": bits(m.restricted_mean(161))}),
        ("KMeans", csat.KMeans(2, seed=3).fit(KX),
         lambda m: {"labels": [int(v) for v in m.labels_], "centers": bits(m.cluster_centers_),
                    "inertia": bits(m.inertia_)}),
    ]


def observe(m):
    """Everything a model shows about itself (the fitted attributes, repr, summary)."""
    out = {"repr": repr(m), "hyper": m.get_params()}
    for name in ("params_", "standard_errors_", "log_likelihood_", "aic_", "bic_",
                 "n_customers_", "fit_report_", "median_", "median_ci_", "n_iter_",
                 "converged_", "n_features_in_"):
        try:
            v = getattr(m, name)
        except (csat.CsatError, AttributeError) as e:
            v = type(e).__name__
        out[name] = bits(v) if isinstance(v, (float, dict)) and not isinstance(
            v, csat.Result) or isinstance(v, float) else v
    s = m.summary
    out["summary"] = (s.to_dict(), dict(s.attrs)) if pd is not None else (dict(s), s.attrs)
    return out


class TmpDir(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="csat-models-")
        self.addCleanup(shutil.rmtree, self.dir)

    def path(self, name="m.json"):
        return os.path.join(self.dir, name)


class TestRepr(unittest.TestCase):
    def test_bgnbd_cdnow(self):
        m = csat.BGNBD().fit(X, TX, T)
        self.assertEqual(repr(m), "<csat.BGNBD: fitted on 2,357 customers; r=0.243, alpha=4.41, "
                                  "a=0.793, b=2.43; LL=-9582.43>")
        self.assertEqual(str(m), repr(m))
        self.assertEqual(repr(csat.BGNBD()), "<csat.BGNBD: not fitted>")
        m.params_ = m.params_
        self.assertEqual(repr(m), "<csat.BGNBD: parameters set by hand; r=0.243, alpha=4.41, "
                                  "a=0.793, b=2.43>")
        m.close()
        self.assertEqual(repr(m), "<csat.BGNBD: closed>")

    def test_every_class(self):
        weighted = csat.BGBB().fit(BB_F, BB_R, BB_N, weights=BB_W)
        self.assertTrue(repr(weighted).startswith("<csat.BGBB: fitted on 11,104 customers; "
                                                  "alpha=1.2"), repr(weighted))
        self.assertEqual(repr(csat.GammaGamma().fit(GG_X, GG_Z)),
                         "<csat.GammaGamma: fitted on 946 customers; p=6.25, q=3.74, "
                         "gamma=15.4; LL=-4055.92>")
        self.assertEqual(repr(csat.SBG().fit(SURV)),
                         "<csat.SBG: fitted on 1,000 customers; alpha=0.704, beta=1.18; "
                         "LL=-1680.27>")
        self.assertEqual(repr(csat.KaplanMeier().fit(AML_T, AML_E)),
                         "<csat.KaplanMeier: fitted on 23 customers; events=18, median=27>")
        self.assertEqual(repr(csat.KMeans(2, seed=3).fit(KX)),
                         "<csat.KMeans: fitted on 7 customers; k=2, inertia=38.5>")
        lr = csat.LogisticChurn().fit(LX, LY)
        self.assertRegex(repr(lr), r"^<csat.LogisticChurn: fitted on 10 customers; "
                                   r"intercept=[-0-9.e]+, x0=[-0-9.e]+, x1=[-0-9.e]+; LL=-[0-9.]+>$")
        for cls in (csat.ParetoNBD, csat.GammaGamma, csat.SBG, csat.KaplanMeier,
                    csat.LogisticChurn, lambda: csat.KMeans(3)):
            m = cls()
            self.assertRegex(repr(m), r"^<csat\.[A-Za-z]+: not fitted>$")
            m.close()
            self.assertRegex(repr(m), r"^<csat\.[A-Za-z]+: closed>$")


class TestSummary(unittest.TestCase):
    COLUMNS = ["coef", "se(coef)", "lower 95% bound", "upper 95% bound"]

    def columns(self, s):
        if pd is not None:
            self.assertIsInstance(s, pd.DataFrame)
            return {c: list(s[c]) for c in s.columns}, list(s.index), s.index.name
        self.assertIsInstance(s, csat.Summary)
        cols = dict(s)
        first = next(iter(cols))
        return ({k: v for k, v in cols.items() if k != first}, cols[first], first)

    def test_bgnbd_like_lifetimes(self):
        m = csat.BGNBD().fit(X, TX, T)
        s = m.summary
        cols, index, index_name = self.columns(s)
        self.assertEqual(list(cols), self.COLUMNS)
        self.assertEqual(index, ["r", "alpha", "a", "b"])
        self.assertEqual(index_name, "parameter")
        self.assertEqual(cols["coef"], [m.params_[k] for k in index])
        self.assertEqual(cols["se(coef)"], [m.standard_errors_[k] for k in index])
        for c, se, lo, hi in zip(*cols.values()):
            assert_close(lo, c - 1.959963984540054 * se, 1e-15)
            assert_close(hi, c + 1.959963984540054 * se, 1e-15)
        self.assertEqual(s.attrs, {"n_customers": 2357.0, "log_likelihood": m.log_likelihood_,
                                   "aic": m.aic_, "bic": m.bic_, "converged": True,
                                   "iterations": m.fit_report_.iterations,
                                   "stages": m.fit_report_.stages})  # issue 18
        assert_close(m.aic_, 2 * 4 - 2 * m.log_likelihood_, 1e-15)
        assert_close(m.bic_, 4 * math.log(2357) - 2 * m.log_likelihood_, 1e-15)

    def test_by_hand_and_without_standard_errors(self):
        m = model(csat.GammaGamma, p=6.25, q=3.74, gamma=15.44)
        cols, index, _ = self.columns(m.summary)
        self.assertEqual(cols["coef"], [6.25, 3.74, 15.44])
        self.assertTrue(all(math.isnan(v) for c in self.COLUMNS[1:] for v in cols[c]))
        self.assertEqual(m.summary.attrs["log_likelihood"], None)
        m = csat.BGNBD(with_standard_errors=False).fit(X, TX, T)
        cols, _, _ = self.columns(m.summary)
        self.assertTrue(all(math.isnan(v) for v in cols["se(coef)"]))
        with self.assertRaises(csat.Misuse):
            csat.BGNBD().summary

    def test_other_classes(self):
        sbg = csat.SBG().fit(SURV)
        cols, index, _ = self.columns(sbg.summary)
        self.assertEqual(index, ["alpha", "beta"])
        self.assertEqual(sbg.summary.attrs["n_customers"], 1000.0)
        assert_close(sbg.bic_, 2 * math.log(1000) - 2 * sbg.log_likelihood_, 1e-15)
        km = csat.KaplanMeier().fit(AML_T, AML_E)
        cols, index, name = self.columns(km.summary)
        self.assertEqual(name, "time")
        self.assertEqual(index, list(km.time_))
        self.assertEqual(cols["survival"], list(km.survival_))
        self.assertEqual(km.summary.attrs["median"], 27.0)
        k = csat.KMeans(2, seed=3).fit(KX)
        cols, index, name = self.columns(k.summary)
        self.assertEqual((name, index, sorted(cols["size"])), ("cluster", [0, 1], [3, 4]))
        lr = csat.LogisticChurn().fit(LX, LY)
        cols, index, _ = self.columns(lr.summary)
        self.assertEqual(index, ["intercept", "x0", "x1"])
        self.assertEqual(cols["coef"], list(lr.coef_))
        for m in (csat.SBG(), csat.KaplanMeier(), csat.KMeans(2), csat.LogisticChurn()):
            with self.assertRaises(csat.Misuse):
                m.summary


class TestParams(unittest.TestCase):
    def test_get_and_set_hyperparameters(self):
        expect = {
            csat.BGNBD: dict(l2_penalty=0.0, max_iter=500, gtol=1e-10, with_standard_errors=True,
                             n_jobs=None),
            csat.GammaGamma: dict(l2_penalty=0.0, max_iter=500, gtol=1e-10,
                                  with_standard_errors=True, n_jobs=None),
            csat.SBG: dict(n_jobs=None),
            csat.KaplanMeier: dict(conf_type="log", conf_level=0.95, n_jobs=None),
            csat.LogisticChurn: dict(l2=0.0, fit_intercept=True, max_iter=50, tol=1e-12, n_jobs=None),
        }
        for cls, params in expect.items():
            with self.subTest(cls=cls.__name__):
                m = cls()
                self.assertEqual(m.get_params(), params)
                clone = cls(**m.get_params())  # scikit-learn's clone
                self.assertEqual(clone.get_params(), params)
        km = csat.KMeans(3, seed=7, init=None)
        self.assertEqual(km.get_params(), dict(k=3, seed=7, n_init=1, max_iter=300, tol=1e-4,
                                               standardize=False, algorithm="auto", init=None,
                                               n_jobs=None))
        self.assertIs(km.set_params(n_init=4, algorithm="hamerly"), km)
        self.assertEqual((km.n_init, km.algorithm), (4, "hamerly"))

    def test_set_params_checks_and_keeps_old_values(self):
        m = csat.BGNBD(l2_penalty=0.5)
        for bad, exc in (({"l2_penalty": -1.0}, csat.InvalidArgument),
                         ({"max_iter": 2.5}, csat.InvalidArgument),
                         ({"gtol": "1e-8"}, csat.InvalidType),
                         ({"l2_penalty": 0.1, "gtol": math.nan}, csat.InvalidArgument)):
            with self.assertRaises(exc):
                m.set_params(**bad)
            self.assertEqual(m.get_params()["l2_penalty"], 0.5)
        with self.assertRaises(csat.InvalidArgument) as cm:
            m.set_params(r=1.0)
        self.assertIn("params_", str(cm.exception))
        m.set_params(l2_penalty=0.01, max_iter=200)
        fitted = m.fit(X, TX, T)
        self.assertIs(fitted, m)
        self.assertNotEqual(m.params_, csat.BGNBD().fit(X, TX, T).params_)  # the penalty applied

    def test_params_by_hand(self):
        m = csat.BGNBD().fit(X, TX, T)
        m.params_ = {"r": 0.25, "alpha": 4.5, "a": 0.75, "b": 2.5}
        self.assertEqual(m.params_, {"r": 0.25, "alpha": 4.5, "a": 0.75, "b": 2.5})
        with self.assertRaises(csat.Misuse):
            m.standard_errors_  # the fit statistics are cleared
        for bad, exc in (({"r": 0.0, "alpha": 4.5, "a": 0.75, "b": 2.5}, csat.InvalidArgument),
                         ({"r": 0.25, "alpha": 4.5, "a": 0.75}, csat.InvalidArgument),
                         ({"r": "1", "alpha": 4.5, "a": 0.75, "b": 2.5}, csat.InvalidType),
                         ([1.0, 2.0], csat.InvalidArgument)):
            with self.assertRaises(exc):
                m.params_ = bad
            self.assertEqual(m.params_["r"], 0.25)
        s = csat.SBG()
        s.params_ = [0.7, 1.2]
        self.assertEqual(dict(s.params_), {"alpha": 0.7, "beta": 1.2})
        with self.assertRaises(csat.InvalidArgument):
            s.params_ = {"alpha": -1.0, "beta": 1.0}

    def test_not_fitted(self):
        for m in (csat.BGNBD(), csat.GammaGamma(), csat.SBG()):
            for name in ("params_", "standard_errors_", "log_likelihood_", "fit_report_"):
                with self.subTest(model=type(m).__name__, attribute=name):
                    self.assertFalse(hasattr(m, name))
                    with self.assertRaises(csat.NotFittedError) as cm:
                        getattr(m, name)
                    self.assertIsInstance(cm.exception, csat.Misuse)
                    self.assertIn("has not been fitted", str(cm.exception))
        self.assertTrue(hasattr(csat.SBG().fit(SURV), "params_"))
        for m in (csat.KaplanMeier(), csat.KMeans(2), csat.LogisticChurn()):
            self.assertFalse(any(hasattr(m, a) for a in ("survival_", "labels_", "coef_")))

    def test_fitting_happens_in_fit(self):
        for cls in (csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD, csat.BGBB, csat.GammaGamma,
                    csat.SBG, csat.KaplanMeier, csat.LogisticChurn):
            self.assertEqual(repr(cls()), f"<csat.{cls.__name__}: not fitted>")
        with self.assertRaises(csat.InvalidType):
            csat.KaplanMeier(AML_T, AML_E)  # data are for fit
        with self.assertRaises(TypeError):
            csat.BGNBD(r=0.25)  # parameters are set through params_


class TestLogisticPredict(unittest.TestCase):
    def test_labels_and_probabilities(self):
        m = csat.LogisticChurn().fit(LX, LY)
        self.assertEqual(tuple(m.classes_), (0, 1))
        proba = m.predict_proba(LX)
        labels = m.predict(LX)
        self.assertEqual(len(proba), 10)
        for row, label in zip(proba, labels):
            self.assertEqual(len(row), 2)
            assert_close(row[0] + row[1], 1.0, 1e-15)
            self.assertEqual(int(label), 1 if row[1] > 0.5 else 0)
        if np is not None:
            self.assertEqual(proba.shape, (10, 2))
            self.assertEqual(labels.dtype.kind, "i")
        self.assertEqual(m.n_features_in_, 2)
        self.assertEqual(m.n_customers_, 10.0)
        assert_close(m.bic_, 3 * math.log(10) - 2 * m.log_likelihood_, 1e-15)


class TestSaveLoad(TmpDir):
    def test_round_trips_give_identical_predictions(self):
        for name, m, predict in fitted_models():
            with self.subTest(model=name):
                path = self.path(name + ".json")
                m.save(path)
                loaded = csat.load(path)
                self.assertIs(type(loaded), type(m))
                self.assertEqual(predict(loaded), predict(m))
                self.assertEqual(observe(loaded), observe(m))
                loaded.save(self.path("again.json"))  # and a loaded model saves the same file
                with open(path) as a, open(self.path("again.json")) as b:
                    self.assertEqual(a.read(), b.read())

    def test_unfitted_and_by_hand(self):
        for m in (csat.BGNBD(l2_penalty=0.25, max_iter=99), csat.SBG(),
                  csat.KaplanMeier(conf_type="plain"), csat.LogisticChurn(l2=2.0),
                  csat.KMeans(4, seed=9, init=[[0, 0], [1, 1], [2, 2], [3, 3]]),
                  model(csat.BGBB, alpha=1.25, beta=0.75, gamma=0.75, delta=2.75),
                  model(csat.SBG, alpha=0.7, beta=1.2)):
            with self.subTest(model=repr(m)):
                m.save(self.path())
                loaded = csat.load(self.path())
                self.assertEqual(repr(loaded), repr(m))
                self.assertEqual(loaded.get_params(), m.get_params())

    def test_logistic_loads_through_the_coefficient_setter(self):
        m = csat.LogisticChurn().fit(LX, LY)
        m.save(self.path())
        with open(self.path()) as f:
            doc = json.load(f)
        self.assertEqual(doc["fitted"]["coef"], list(m.coef_))
        self.assertEqual(doc["fit"]["n_customers"], 10.0)
        loaded = csat.load(self.path())  # csat_logistic_set_coef
        self.assertEqual(bits(loaded.predict_proba(LX)), bits(m.predict_proba(LX)))
        self.assertEqual(list(loaded.standard_errors_), list(m.standard_errors_))
        self.assertEqual(loaded.log_likelihood_, m.log_likelihood_)
        self.assertEqual(repr(loaded), repr(m))

    def test_kmeans_loads_and_predicts(self):
        X2 = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5], [5, 5]]
        rows = [[1, 2], [9, 9], [5, 6], [4, 4]]
        for standardize in (False, True):
            m = csat.KMeans(2, seed=3, standardize=standardize).fit(X2)
            m.save(self.path())
            loaded = csat.load(self.path())  # csat_kmeans_set_centers
            self.assertEqual(list(loaded.predict(rows)), list(m.predict(rows)))
            self.assertEqual(list(loaded.predict(X2)), list(m.labels_))

    def test_the_file(self):
        m = csat.BGNBD().fit(X, TX, T)
        m.save(self.path())
        with open(self.path(), encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(sorted(doc), sorted(["format", "format_version", "library_version",
                                              "kind", "hyperparameters", "params",
                                              "standard_errors", "fit", "fitted"]))
        self.assertEqual((doc["format"], doc["format_version"], doc["kind"]),
                         ("csat-model", 1, "BGNBD"))
        self.assertEqual(doc["library_version"], csat.__version__)
        self.assertEqual(doc["params"], m.params_)  # JSON numbers, exactly the doubles
        self.assertEqual(doc["standard_errors"], m.standard_errors_)
        self.assertEqual(doc["fit"]["log_likelihood"], m.log_likelihood_)
        self.assertEqual(doc["fit"]["n_customers"], 2357.0)
        self.assertIs(doc["fit"]["converged"], True)
        self.assertIsNone(doc["fitted"])

    def write(self, doc):
        with open(self.path("edited.json"), "w") as f:
            json.dump(doc, f)
        return self.path("edited.json")

    def test_load_checks_the_file(self):
        m = csat.BGNBD().fit(X, TX, T)
        m.save(self.path())
        with open(self.path()) as f:
            good = json.load(f)
        newer = dict(good, format_version=2)
        with self.assertRaises(csat.VersionError) as cm:
            csat.load(self.write(newer))
        self.assertIn("newer libcsat", str(cm.exception))
        cases = [
            (dict(good, format="other"), csat.InvalidArgument, "not a csat model file"),
            (dict(good, kind="NoSuch"), csat.InvalidArgument, "unknown kind"),
            (dict(good, kind=None), csat.InvalidArgument, "unknown kind"),
            (dict(good, params=dict(good["params"], r=-1.0)), csat.InvalidArgument, "params"),
            (dict(good, params=dict(good["params"], r="x")), csat.InvalidArgument, "params['r']"),
            (dict(good, params={"r": 1.0}), csat.InvalidArgument, "exactly r, alpha, a, b"),
            (dict(good, standard_errors=dict(good["standard_errors"], r=-1.0)),
             csat.InvalidArgument, "standard_errors['r']"),
            (dict(good, fit=dict(good["fit"], converged="yes")), csat.InvalidArgument,
             "fit.converged"),
            (dict(good, fit=dict(good["fit"], iterations=-3)), csat.InvalidArgument,
             "fit.iterations"),
            (dict(good, fit=dict(good["fit"], extra=1)), csat.InvalidArgument, "fit must be"),
            (dict(good, params=None), csat.InvalidArgument, "without params"),
            (dict(good, hyperparameters=dict(good["hyperparameters"], zzz=1)),
             csat.InvalidArgument, "unknown hyperparameters"),
            (dict(good, hyperparameters=dict(good["hyperparameters"], max_iter=0)),
             csat.InvalidArgument, "max_iter"),
            ({k: v for k, v in good.items() if k != "hyperparameters"}, csat.InvalidArgument,
             "hyperparameters is missing"),
            (dict(good, kind="KMeans", hyperparameters={}), csat.InvalidArgument,
             "hyperparameters of KMeans"),
            (dict(good, kind="KMeans", hyperparameters={"k": 2}, params=None,
                  standard_errors=None, fit=None, fitted={"labels": [0, 1, 5],
                                                          "cluster_centers": [[0.0], [1.0]],
                                                          "inertia": 1.0, "n_iter": 1,
                                                          "converged": True}),
             csat.InvalidArgument, "fitted.labels"),
            (dict(good, kind="KaplanMeier", hyperparameters={}, params=None,
                  standard_errors=None, fit=None, fitted=[1, 2]), csat.InvalidArgument,
             "fitted must be an object"),
        ]
        for doc, exc, text in cases:
            with self.subTest(text=text):
                with self.assertRaises(exc) as cm:
                    csat.load(self.write(doc))
                self.assertIn(text, str(cm.exception))
        with open(self.path("junk.json"), "w") as f:
            f.write("{not json")
        with self.assertRaises(csat.InvalidArgument):
            csat.load(self.path("junk.json"))
        with self.assertRaises(FileNotFoundError):
            csat.load(self.path("missing.json"))
        with self.assertRaises(csat.InvalidType):
            csat.load(None)

    def test_non_finite_numbers_are_strings(self):
        km = csat.KaplanMeier().fit([1, 2, 3], [1, 1, 0])
        s = csat.GammaGamma()
        s.params_ = dict(p=1.0, q=2.0, gamma=3.0)
        s.save(self.path())
        with open(self.path()) as f:
            text = f.read()
        self.assertNotIn("NaN", text)
        km.save(self.path("km.json"))
        with open(self.path("km.json")) as f:
            doc = json.load(f)
        doc["fit"]["n_customers"] = "inf"
        doc["fitted"]["time"][0] = "nan"
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.load(self.write(doc))
        self.assertIn("fitted.time[0]", str(cm.exception))

    def test_closed_models_do_not_save(self):
        m = csat.BGNBD()
        m.close()
        with self.assertRaises(csat.ClosedError):
            m.save(self.path())
        with self.assertRaises(csat.ClosedError):
            m.get_params()


class TestRowErrors(unittest.TestCase):
    """Per-customer calls pass their columns to C unread; when C refuses, the error
    names the row, its values and (for pandas input) the index label."""

    def setUp(self):
        self.m = model(csat.BGNBD, r=0.243, alpha=4.414, a=0.793, b=2.426)

    def test_rows_are_named(self):
        m = self.m
        cases = [
            (lambda: m.p_alive([1, 2, -1], [1, 1, 1], [2, 2, 2]), "frequency[2] = -1.0 is negative"),
            (lambda: m.p_alive([1, 2, 1], [1, math.nan, 1], [2, 2, 2]), "recency[1] = nan is NaN"),
            (lambda: m.expected_purchases(5, [1, 2, 1], [1, 3, 1], [2, 2, 2]),
             "expected_purchases: row 1: recency exceeds T (frequency[1] = 2.0, "
             "recency[1] = 3.0, T[1] = 2.0)"),
            (lambda: m.dert(0.1, [1, 2.5], [1, 1], [2, 2]), "row 1: frequency must be"),
            (lambda: m.p_alive([0, 1], [1, 1], [2, 2]), "row 0: frequency 0 with recency > 0"),
            (lambda: model(csat.GammaGamma, p=6.25, q=3.74, gamma=15.44).expected_spend(
                [1, 2], [3.0, math.inf]), "monetary_value[1] = inf is infinite"),
        ]
        for call, text in cases:
            with self.subTest(text=text):
                with self.assertRaises(csat.InvalidArgument) as cm:
                    call()
                self.assertIn(text, str(cm.exception))
                self.assertNotIn("csat_", str(cm.exception))
                self.assertIsInstance(cm.exception.row, int)

    @unittest.skipIf(pd is None, "pandas not available")
    def test_pandas_index_label(self):
        idx = pd.Index(["ann", "bob", "cy"], name="customer")
        f, r, t = (pd.Series(v, index=idx) for v in ([1.0, 2.0, 1.0], [1.0, 3.0, 1.0],
                                                    [2.0, 2.0, 2.0]))
        with self.assertRaises(csat.InvalidArgument) as cm:
            self.m.p_alive(f, r, t)
        self.assertIn("row 1", str(cm.exception))
        self.assertIn("(index 'bob')", str(cm.exception))
        with self.assertRaises(csat.InvalidArgument) as cm:
            self.m.p_alive(f, pd.Series([1.0, 1.0, -2.0], index=idx), t)
        self.assertIn("recency[2] = -2.0 is negative (index 'cy')", str(cm.exception))

    def test_valid_input_is_not_copied_or_rechecked(self):
        if np is None:
            self.skipTest("numpy not available")
        f = np.array(X[:100])
        out = self.m.p_alive(f, np.array(TX[:100]), np.array(T[:100]))
        self.assertEqual(out.shape, (100,))


if __name__ == "__main__":
    unittest.main()
