"""LogisticChurn with case weights, an L2 penalty and Wald inference (issue 15 section 5).

Reference: R 4.2.2 glm(family = binomial) on the Telco churn data, unweighted and with
integer case weights (weights = (i * 7) %% 5, i the 0-based row), summary.glm's
coefficients table, confint.default(level = 0.9), the deviances and the AIC; and an
independent penalised Newton in R for l2 (glm has no penalty). Script:
tests/reference/logistic_glm.R; its values are tests/reference/logistic_glm.txt (read here:
the committed numbers, no R at test time)."""
import copy
import math
import os
import pickle
import tempfile
import unittest

import csat
from _util import assert_close
from test_retention import _telco

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
NAMES = ["tenure", "monthly_charges", "senior_citizen", "paperless_billing", "contract_1yr",
         "contract_2yr"]


def _reference():
    ref = {}
    with open(os.path.join(ROOT, "tests", "reference", "logistic_glm.txt")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            tag, key, *vals = line.split()
            ref.setdefault(tag, {})[key] = [float(v) for v in vals]
    return ref


REF = _reference()


X, Y = _telco()  # test_retention's reader: the columns of NAMES
W = [float((i * 7) % 5) for i in range(len(Y))]


def _col(s, name):
    return list(s[name])


class TestAgainstGlm(unittest.TestCase):
    def check(self, m, ref, aic=True):
        g = REF[ref]
        assert_close(list(m.coef_), g["coef"], 1e-9)
        assert_close(list(m.standard_errors_), g["se_at_mle"], 1e-10)
        assert_close(list(m.standard_errors_), g["se"], 1e-8)
        assert_close(list(m.z_), g["z"], 1e-8)
        for p, pr, z in zip(m.pvalues_, g["p"], m.z_):
            assert_close(p, pr, 1e-8 * max(1.0, z * z))  # d log p / dz ~ -z
        ci = m.conf_int(0.9)
        assert_close(_col(ci, "lower"), g["lower90"], 1e-8)
        assert_close(_col(ci, "upper"), g["upper90"], 1e-8)
        assert_close(m.null_deviance_, g["null_deviance"][0], 1e-12)
        assert_close(m.deviance_, g["deviance"][0], 1e-12)
        self.assertEqual((m.df_null_, m.df_residual_), (g["df_null"][0], g["df_residual"][0]))
        if aic:
            assert_close(m.aic_, g["aic"][0], 1e-12)
        s = m.summary
        assert_close(_col(s, "p"), list(m.pvalues_), 0)
        assert_close(_col(s, "z"), list(m.z_), 0)

    def test_unweighted(self):
        self.check(csat.LogisticChurn().fit(X, Y), "plain")

    def test_integer_weights(self):
        m = csat.LogisticChurn().fit(X, Y, sample_weight=W)
        self.check(m, "wint")
        self.assertEqual(m.n_customers_, 5634.0)  # rows of positive weight, as nobs(glm)
        self.assertEqual(m.sum_weights_, math.fsum(W))

    def test_ridge_against_independent_newton(self):
        m = csat.LogisticChurn(l2=25.0).fit(X, Y, sample_weight=W)
        g = REF["ridge25_wint"]
        assert_close(list(m.coef_), g["coef"], 1e-10)
        assert_close(list(m.standard_errors_), g["se"], 1e-10)
        assert_close(m.log_likelihood_, g["loglik"][0], 1e-12)

    def test_weights_equal_replication(self):
        n = 400
        Xr, Yr, wr = [], [], []
        for i in range(n):
            k = int(W[i]) % 3
            wr.append(float(k))
            Xr += [X[i]] * k
            Yr += [Y[i]] * k
        a = csat.LogisticChurn().fit(X[:n], Y[:n], sample_weight=wr)
        b = csat.LogisticChurn().fit(Xr, Yr)
        assert_close(list(a.coef_), list(b.coef_), 1e-10)
        assert_close(list(a.standard_errors_), list(b.standard_errors_), 1e-10)
        assert_close(a.deviance_, b.deviance_, 1e-12)


@unittest.skipUnless(csat.HAVE_NUMPY, "the DataFrame names need pandas")
class TestNames(unittest.TestCase):
    def test_dataframe_columns_label_the_summary(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas")
        df = pd.DataFrame(X, columns=NAMES)
        m = csat.LogisticChurn().fit(df, Y)
        self.assertEqual(list(m.feature_names_in_), NAMES)
        self.assertEqual(list(m.summary.index), ["intercept"] + NAMES)
        self.assertEqual(list(m.conf_int().index), ["intercept"] + NAMES)
        self.assertIn("tenure=", repr(m))
        # arrays: x0, x1, ...; refitting on an array forgets the names
        m.fit(df.to_numpy(), Y)
        self.assertEqual(list(m.summary.index)[1:3], ["x0", "x1"])
        self.assertFalse(hasattr(m, "feature_names_in_"))


class TestCopiesAndFiles(unittest.TestCase):
    def test_inference_survives_copy_pickle_and_files(self):
        m = csat.LogisticChurn().fit(X[:800], Y[:800], sample_weight=W[:800])
        ci = m.conf_int(0.8)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "lr.json")
            m.save(path)
            loaded = csat.load(path)
        for c in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m)), loaded):
            assert_close(list(c.pvalues_), list(m.pvalues_), 0)
            assert_close(_col(c.conf_int(0.8), "lower"), _col(ci, "lower"), 0)
            self.assertEqual(c.deviance_, m.deviance_)
            self.assertEqual(c.null_deviance_, m.null_deviance_)
            self.assertEqual(list(_col(c.summary, "p")), list(_col(m.summary, "p")))


class TestBadInput(unittest.TestCase):
    def test_weights(self):
        w = [1.0] * 10
        Xs, Ys = X[:10], [0, 1, 0, 1, 1, 0, 1, 0, 0, 1]
        for bad, what in ((-1.0, "negative"), (float("nan"), "NaN"), (float("inf"), "")):
            w[4] = bad
            with self.assertRaisesRegex(csat.InvalidArgument, r"sample_weight\[4\]"):
                csat.LogisticChurn().fit(Xs, Ys, sample_weight=w)
        with self.assertRaises(csat.InvalidArgument):
            csat.LogisticChurn().fit(Xs, Ys, sample_weight=[1.0] * 9)
        with self.assertRaisesRegex(csat.EmptyInput, "every weight is 0"):
            csat.LogisticChurn().fit(Xs, Ys, sample_weight=[0.0] * 10)

    def test_separation_says_so(self):
        with self.assertRaisesRegex(csat.DomainError, "fitted probabilities numerically 0 or 1"):
            csat.LogisticChurn().fit([[-2], [-1], [1], [2], [3]], [0, 0, 1, 1, 1])
        # separable among the rows that weigh: row 1 would break it but weighs 0
        with self.assertRaisesRegex(csat.DomainError, "fitted probabilities numerically 0 or 1"):
            csat.LogisticChurn().fit([[-2], [-1], [1], [2], [3], [-3]], [0, 1, 1, 1, 0, 0],
                                     sample_weight=[1, 0, 1, 1, 0, 1])

    def test_conf_int_level(self):
        m = csat.LogisticChurn().fit(X[:200], Y[:200])
        for bad in (0.0, 1.0, -0.5, 2.0, float("nan")):
            with self.assertRaises(csat.InvalidArgument):
                m.conf_int(bad)
        with self.assertRaises(csat.NotFittedError):
            csat.LogisticChurn().conf_int()


try:
    import dask.dataframe as dd
    import distributed
    import pandas as pd
    import csat.dask as cd
    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False


@unittest.skipUnless(HAVE_DASK, "csat.dask needs dask and distributed")
class TestDaskWeights(unittest.TestCase):
    def test_weighted_partitions_equal_the_weighted_fit(self):
        """csat.dask.logistic(weights_col=...) on uneven partitions (one all-zero in
        weight) equals LogisticChurn.fit(sample_weight=...)."""
        df = pd.DataFrame(X, columns=NAMES).assign(y=Y, w=W)
        df.loc[:99, "w"] = 0.0
        one = csat.LogisticChurn().fit(df[NAMES].to_numpy(), df["y"].to_numpy(),
                                       sample_weight=df["w"].to_numpy())
        parts = [df.iloc[a:b] for a, b in ((0, 100), (100, 3000), (3000, len(df)))]
        ddf = dd.from_delayed([__import__("dask").delayed(p) for p in parts], meta=df.iloc[:0])
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                      dashboard_address=":0") as cluster, \
                distributed.Client(cluster) as client:
            m = cd.logistic(ddf, NAMES, "y", weights_col="w", client=client)
        assert_close(list(m.coef_), list(one.coef_), 1e-10)
        assert_close(list(m.standard_errors_), list(one.standard_errors_), 1e-8)
        assert_close(m.log_likelihood_, one.log_likelihood_, 1e-12)
        self.assertEqual(m.n_customers_, one.n_customers_)

    def test_chunk_score_weights(self):
        b = [0.1, -0.01, 0.01, 0.2, 0.3, -0.5, -1.0]
        ll, s, info = csat.logistic_chunk_score(X[:50], Y[:50], b, sample_weight=W[:50])
        Xr, Yr = [], []
        for i in range(50):
            Xr += [X[i]] * int(W[i])
            Yr += [Y[i]] * int(W[i])
        ll2, s2, info2 = csat.logistic_chunk_score(Xr, Yr, b)
        assert_close(ll, ll2, 1e-13)
        assert_close(s, s2, 1e-12, 1e-12)
        with self.assertRaisesRegex(csat.InvalidArgument, r"sample_weight\[2\]"):
            csat.logistic_chunk_score(X[:5], Y[:5], b, sample_weight=[1, 1, -1, 1, 1])


if __name__ == "__main__":
    unittest.main()
