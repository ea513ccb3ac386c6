"""The C entry points of issue 11 section 4 from Python: KMeans.predict, copies of a
fitted LogisticChurn, simulation (generate_data) and tracking."""
import copy
import pickle
import unittest

import csat
from _util import model

np = None
if csat.HAVE_NUMPY:
    import numpy as np

KX = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5]]


class TestKMeansPredict(unittest.TestCase):
    def test_training_rows_get_fit_labels(self):
        km = csat.KMeans(2, seed=3).fit(KX)
        self.assertEqual(list(km.predict(KX)), list(km.labels_))
        self.assertEqual(list(km.predict([[9, 9], [1, -1]])), [km.labels_[2], km.labels_[0]])

    def test_standardised_like_the_fit(self):
        # column 2 in units 100 times larger and unclustered: standardised, the split
        # follows column 1; unstandardised rows would go by column 2
        X = [[0, 0], [0.1, 1000], [10, 500], [10.1, 0], [0.2, 500], [9.9, 1000]]
        km = csat.KMeans(2, seed=1, standardize=True).fit(X)
        self.assertEqual(len(set(km.labels_[i] for i in (0, 1, 4))), 1)
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
        self.assertEqual(list(out), [km.labels_[0], km.labels_[2]])


class TestLogisticCopies(unittest.TestCase):
    def test_fitted_copies_predict_alike(self):
        LX = [[-2.0], [-1.0], [1.0], [2.0], [0.5], [-0.5], [1.5], [-1.5]]
        LY = [0, 1, 1, 1, 0, 0, 1, 0]
        m = csat.LogisticChurn(l2=0.1).fit(LX, LY)
        want = [float(r[1]) for r in m.predict_proba(LX)]
        for other in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
            self.assertEqual([float(r[1]) for r in other.predict_proba(LX)], want)
            self.assertEqual(list(other.coef_), list(m.coef_))
            other.fit(LX, LY[::-1])  # refitting the copy leaves the original alone
        self.assertEqual([float(r[1]) for r in m.predict_proba(LX)], want)


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
                m = model(cls, **params)
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
                d = model(cls, **params).generate_data(20000, T, seed=2026)
                fitted = cls().fit(_col(d, "frequency"), _col(d, "recency"), _col(d, age))
                se = fitted.standard_errors_
                for k, v in params.items():
                    self.assertLess(abs(fitted.params_[k] - v), 4 * se[k], (k, fitted.params_, se))

    def test_spend(self):
        g = model(csat.GammaGamma, p=6.25, q=3.74, gamma=15.44)
        freq = [i % 6 for i in range(20000)]
        d = g.generate_data(20000, freq, seed=4)
        z = _col(d, "monetary_value")
        self.assertTrue(all((v == 0) == (f == 0) for v, f in zip(z, freq)))
        fitted = csat.GammaGamma().fit(freq, z)
        for k, v in dict(p=6.25, q=3.74, gamma=15.44).items():
            self.assertLess(abs(fitted.params_[k] - v), 4 * fitted.standard_errors_[k])
        self.assertEqual(len(_col(g.generate_data(3, 2, seed=1), "nu")), 3)

    def test_errors(self):
        with self.assertRaises(csat.Misuse):
            csat.BGNBD().generate_data(3, 10)
        m = model(csat.BGNBD, r=0.243, alpha=4.41, a=0.793, b=2.43)
        with self.assertRaises(csat.InvalidArgument):
            m.generate_data(3, [10, 20])
        with self.assertRaises(csat.InvalidArgument):
            m.generate_data(0, 10)
        with self.assertRaises(csat.InvalidArgument):
            m.generate_data(2, [10, -1])
        with self.assertRaises(csat.InvalidArgument):
            model(csat.BGBB, alpha=1, beta=1, gamma=1, delta=1).generate_data(2, 6.5)
        with self.assertRaises(csat.InvalidArgument):
            model(csat.GammaGamma, p=1, q=2, gamma=3).generate_data(2, [1, 1.5])

    @unittest.skipIf(np is None, "needs numpy")
    def test_dataframe(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("needs pandas")
        d = model(csat.BGNBD, r=0.243, alpha=4.41, a=0.793, b=2.43).generate_data(4, 39, seed=1)
        self.assertIsInstance(d, pd.DataFrame)
        self.assertEqual(d.index.name, "customer_id")
        self.assertEqual(list(d.columns), ["frequency", "recency", "T", "lambda", "p", "alive"])


def _pandas():
    if np is None:
        return None
    try:
        import pandas as pd
    except ImportError:
        return None
    return pd


def _lifetimes_cumulative(model, transactions, datetime_col, customer_id_col, t, datetime_format,
                          freq, freq_multiplier):
    """lifetimes 0.11.3 utils.expected_cumulative_transactions, the same steps in
    pandas (with _find_first_transactions: one row per customer and period up to
    start + t; the first is each customer's first period)."""
    pd = _pandas()
    dates = pd.to_datetime(transactions[datetime_col], format=datetime_format)
    start_period = dates.min().to_period(freq)
    end = start_period + t
    tx = pd.DataFrame({"id": transactions[customer_id_col].to_numpy(),
                       "p": dates.dt.to_period(freq).to_numpy()})
    tx = tx[tx["p"] <= end].drop_duplicates(["p", "id"])
    first = tx.groupby("id")["p"].transform("min") == tx["p"]
    first_trans_size = tx[first].groupby("p").size()
    repeated = tx[~first]
    date_periods = pd.period_range(start_period, periods=t + 1, freq=freq)
    pred = []
    for i, period in enumerate(date_periods):
        if i % freq_multiplier == 0 and i > 0:
            times = np.array([(period - b).n for b in first_trans_size.index])
            keep = times > 0
            times = times[keep].astype(float) / freq_multiplier
            expected = model.expected_purchases_new(times)
            pred.append(float(np.sum(np.asarray(expected) * first_trans_size.to_numpy()[keep])))
    act = repeated.groupby("p").size().reindex(date_periods, fill_value=0)
    act_cum = [float(act.iloc[: j * freq_multiplier].sum()) for j in range(1, t // freq_multiplier + 1)]
    return act_cum, pred


class TestTracking(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        pd = _pandas()
        if pd is None:
            raise unittest.SkipTest("needs pandas")
        import os
        path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "data",
                            "CDNOW_master.txt")
        cls.tx = pd.read_csv(path, sep=r"\s+", header=0, names=["id", "date", "n", "amt"],
                             dtype={"date": str})
        cls.model = model(csat.BGNBD, r=0.243, alpha=4.414, a=0.793, b=2.426)  # weeks

    def test_cumulative_matches_lifetimes_steps(self):
        for freq, t, fm in (("D", 78 * 7, 7), ("W", 78, 1), ("D", 40, 1)):
            with self.subTest(freq=freq, t=t, fm=fm):
                got = csat.expected_cumulative_transactions(self.model, self.tx, "date", "id", t,
                                                            datetime_format="%Y%m%d", freq=freq,
                                                            freq_multiplier=fm)
                act, pred = _lifetimes_cumulative(self.model, self.tx, "date", "id", t, "%Y%m%d",
                                                  freq, fm)
                self.assertEqual(list(got["actual"]), act)
                self.assertEqual(len(got), t // fm)
                for a, b in zip(got["predicted"], pred):
                    self.assertAlmostEqual(a, b, delta=1e-12 * max(1.0, abs(b)))
                inc = csat.expected_incremental_transactions(
                    self.model, self.tx, "date", "id", t, datetime_format="%Y%m%d", freq=freq,
                    freq_multiplier=fm)
                self.assertAlmostEqual(float(inc["predicted"].sum()), float(got["predicted"].iloc[-1]),
                                       delta=1e-9 * float(got["predicted"].iloc[-1]))
                self.assertEqual(float(inc["actual"].sum()), act[-1])

    def test_index_dates(self):
        got = csat.expected_cumulative_transactions(self.model, self.tx, "date", "id", 21,
                                                    datetime_format="%Y%m%d", freq_multiplier=7,
                                                    set_index_date=True)
        self.assertEqual([str(p) for p in got.index], ["1997-01-07", "1997-01-14", "1997-01-21"])

    def test_alive_path_matches_lifetimes_steps(self):
        # lifetimes 0.11.3 calculate_alive_path: purchases resampled per period, T = 0..,
        # frequency = periods with a purchase so far - 1, recency = the last such T
        pd = _pandas()
        for cid in (1035, 4, 18, 100):
            one = self.tx[self.tx["id"] == cid]
            path = csat.calculate_alive_path(self.model, one, "date", 40, freq="W",
                                             datetime_format="%Y%m%d")
            hist = pd.Series(1, index=pd.to_datetime(one["date"], format="%Y%m%d"))
            per = hist.groupby(hist.index.to_period("W")).sum()
            per = per.reindex(pd.period_range(per.index.min(), per.index.max(), freq="W"), fill_value=0)
            flags = list((per > 0).astype(int)) + [0] * max(0, 41 - len(per))
            want, x, rec = [], -1, 0
            for T, f in enumerate(flags):
                if f:
                    x, rec = x + 1, T
                want.append(float(self.model.p_alive([x], [rec], [T])[0]))
            self.assertEqual(len(path), len(want))
            for a, b in zip(path, want):
                self.assertAlmostEqual(a, b, delta=1e-15)

    def test_low_level_and_errors(self):
        m = self.model
        out = csat.expected_cumulative(m, [0, 10], [100, 50], [10, 20])
        e10, e20 = m.expected_purchases_new([10.0, 20.0])
        self.assertAlmostEqual(out[0], 100 * e10, delta=1e-12)
        self.assertAlmostEqual(out[1], 100 * e20 + 50 * e10, delta=1e-12)
        self.assertEqual(list(csat.alive_path(m, [0, 2, 5], [0]))[0], 1.0)
        with self.assertRaises(csat.InvalidArgument):
            csat.alive_path(m, [3, 1], [5])
        with self.assertRaises(csat.InvalidArgument):
            csat.expected_cumulative(m, [0, 1], [1], [3])
        with self.assertRaises(csat.InvalidArgument):
            csat.expected_cumulative_transactions(model(csat.GammaGamma, p=1, q=2, gamma=3), self.tx,
                                                  "date", "id", 10, datetime_format="%Y%m%d")
        with self.assertRaises(csat.Misuse):
            csat.expected_cumulative(csat.BGNBD(), [0], [1], [3])


if __name__ == "__main__":
    unittest.main()
