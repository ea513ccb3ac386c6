"""pandas in, pandas out (csat/_frames.py): Series in give Series out with the
same index, numpy in gives numpy out, sequences give array('d'); a float64
Series reaches C without a copy."""
import array
import datetime
import os
import subprocess
import sys
import unittest

import csat
from csat import _frames
from _util import assert_close, model

np = pd = None
if csat.HAVE_NUMPY:
    import numpy as np
    try:
        import pandas as pd
    except ImportError:
        pass

# BG/NBD on CDNOW (Fader, Hardie & Lee 2005); values from csat itself here: this
# file checks the plumbing, test_btyd.py the numbers.
PARAMS = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
X, TX, T = [2.0, 1.0, 0.0, 7.0], [30.43, 1.71, 0.0, 35.0], [38.86, 38.86, 38.86, 38.86]


class TestWithoutPandasObjects(unittest.TestCase):
    def test_sequences_and_numpy_pass_through(self):
        m = model(csat.BGNBD, **PARAMS)
        p = m.p_alive(X, TX, T)
        if np is None:
            self.assertIsInstance(p, array.array)
        else:
            self.assertIsInstance(p, np.ndarray)
            q = m.p_alive(np.array(X), np.array(TX), np.array(T))
            self.assertIsInstance(q, np.ndarray)
            self.assertEqual(list(p), list(q))
        self.assertEqual(m.p_alive.__name__, "p_alive")  # functools.wraps keeps the method's face
        self.assertIsInstance(m.expected_purchases_new(3.0), float)

    def test_is_date(self):
        self.assertTrue(_frames.is_date(datetime.date(2020, 1, 1)))
        self.assertTrue(_frames.is_date(datetime.datetime(2020, 1, 1)))
        self.assertFalse(_frames.is_date(3.0))
        self.assertFalse(_frames.is_date("2020-01-01"))


THREADS = r"""
import threading, csat
errors = []
def work():
    try:
        m = csat.BGNBD()
        m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        for _ in range(20):
            with csat.Customers() as c:
                c.add([1, 1, 2], [0.0, 3.0, 1.0], [1.0, 2.0, 3.0])
                c.summary(observation_end=5.0)  # the first call imports pandas (if any)
            m.p_alive([1.0, 0.0], [3.0, 0.0], [5.0, 4.0])
    except Exception as e:
        errors.append(repr(e))
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print("\n".join(errors))
raise SystemExit(1 if errors else 0)
"""


class TestThreads(unittest.TestCase):
    def test_first_pandas_import_from_threads(self):
        """4 threads whose first calls import pandas lazily: no half-imported pandas is used."""
        proc = subprocess.run([sys.executable, "-c", THREADS], capture_output=True, text=True,
                              env=dict(os.environ), timeout=300)
        self.assertEqual(proc.returncode, 0, proc.stdout[-2000:] + proc.stderr[-2000:])


@unittest.skipIf(pd is None, "pandas not available")
class TestPandas(unittest.TestCase):
    def setUp(self):
        self.df = pd.DataFrame({"frequency": X, "recency": TX, "T": T},
                               index=pd.Index(["ann", "bob", "cy", "dee"], name="customer"))

    def test_float_column_views(self):
        s = self.df["recency"]
        values, index = _frames.float_column(s, "recency")
        self.assertTrue(np.shares_memory(values, s.to_numpy()))  # no copy
        self.assertIs(index, self.df.index)
        ints = pd.Series([1, 2, 3])
        values, _ = _frames.float_column(ints, "x")
        self.assertEqual(values.dtype, np.float64)
        with self.assertRaises(csat.InvalidArgument):
            _frames.float_column(pd.Series(["1.5", "2"]), "x")  # never numbers from strings
        with self.assertRaises(csat.InvalidArgument):
            _frames.float_column(pd.Series([True, False]), "x")
        nullable = pd.Series([1.5, None], dtype="Float64")
        values, _ = _frames.float_column(nullable, "x")
        self.assertTrue(np.isnan(values[1]))

    def test_plain_views(self):
        s = self.df["T"]
        self.assertTrue(np.shares_memory(_frames.plain(s), s.to_numpy()))
        aware = pd.Series(pd.to_datetime(["2020-01-01 01:00"]).tz_localize("Europe/Paris"))
        self.assertEqual(_frames.plain(aware)[0], np.datetime64("2020-01-01T00:00"))  # UTC

    def test_series_and_frame_wrap_without_copy(self):
        out = np.arange(4.0)
        s = _frames.series(out, self.df.index, "x")
        self.assertTrue(np.shares_memory(s.to_numpy(), out))
        self.assertIs(_frames.series(out, None), out)
        f = _frames.frame({"a": out, "b": out * 2}, self.df.index)
        self.assertTrue(np.shares_memory(f["a"].to_numpy(), out))

    def test_predictions_keep_the_index(self):
        m = model(csat.BGNBD, **PARAMS)
        df = self.df
        p = m.p_alive(df["frequency"], df["recency"], df["T"])
        self.assertIsInstance(p, pd.Series)
        self.assertIs(p.index, df.index)
        self.assertEqual(p.name, "p_alive")
        ref = m.p_alive(X, TX, T)
        assert_close(p.to_numpy(), ref, 0, 0)
        e = m.expected_purchases(10, frequency=df["frequency"], recency=df["recency"], T=df["T"])
        self.assertEqual(list(e.index), ["ann", "bob", "cy", "dee"])
        # numpy for some columns, a Series for one: the Series' index
        d = m.dert(0.01, df["frequency"].to_numpy(), df["recency"], df["T"].to_numpy())
        self.assertIs(d.index, df.index)
        t = pd.Series([1.0, 2.0], index=["w1", "w2"])
        self.assertEqual(list(m.expected_purchases_new(t).index), ["w1", "w2"])
        k = pd.Series([0.0, 1.0, 2.0], index=[10, 20, 30])
        self.assertEqual(list(m.prob_purchases(k, 5.0).index), [10, 20, 30])
        gg = model(csat.GammaGamma, p=6.25, q=3.74, gamma=15.44)
        spend = gg.expected_spend(df["frequency"], df["recency"] + 1)
        self.assertIs(spend.index, df.index)
        r = csat.clv(m, gg, df["frequency"], df["recency"], df["T"], df["recency"] + 1)
        self.assertIsInstance(r.clv, pd.Series)
        self.assertIs(r.clv.index, df.index)
        assert_close(r.equity, r.clv.sum(), 1e-12)

    def test_segmentation_keeps_the_index(self):
        idx = pd.Index(["a", "b", "c", "d", "e", "f"], name="cust")
        r = pd.Series([1.0, 5, 3, 8, 2, 9], index=idx)
        f = pd.Series([3.0, 1, 4, 1, 5, 9], index=idx)
        m = pd.Series([10.0, 20, 5, 7, 30, 2], index=idx)
        s = csat.rfm_scores(r, f, m)
        plain = csat.rfm_scores(r.to_numpy(), f.to_numpy(), m.to_numpy())
        for key in ("r", "f", "m", "code", "total"):
            self.assertTrue(s[key].index.equals(idx), key)
            np.testing.assert_array_equal(s[key].to_numpy(), plain[key])
        seg = csat.rfm_segments(s.r, s.f, s.m, allow_unassigned=True)
        self.assertTrue(seg.segment.index.equals(idx) and seg.names.index.equals(idx))
        for res, keys in ((csat.value_tiers(f, m), ("tier", "names")), (csat.pyramid(m), ("tier", "names")),
                          (csat.abc(m), ("klass", "names")),
                          (csat.lifecycle_stages(f * 100, r, m), ("stage", "trend", "names"))):
            for key in keys:
                self.assertTrue(res[key].index.equals(idx), key)
        # the Lorenz curve is sorted, not per customer: it stays an array
        self.assertIsInstance(csat.abc(m).curve, np.ndarray)
        # numpy in, numpy out
        self.assertIsInstance(plain.code, np.ndarray)

    def test_mismatched_indexes_are_refused(self):
        m = model(csat.BGNBD, **PARAMS)
        other = self.df["recency"].reset_index(drop=True)
        with self.assertRaises(csat.InvalidArgument) as e:
            m.p_alive(self.df["frequency"], other, self.df["T"])
        self.assertIn("recency", str(e.exception))
        # equal indexes that are different objects are fine
        copy = self.df["recency"].copy()
        copy.index = self.df.index.copy()
        m.p_alive(self.df["frequency"], copy, self.df["T"])

    def test_customers_add_series(self):
        dates = pd.Series(pd.to_datetime(["2020-01-01", "2020-01-03", "2020-01-02"]))
        with csat.Customers() as c:
            c.add(pd.Series([1, 1, 2]), dates, pd.Series([1.0, 2.0, 3.0]))
            s = c.summary(observation_end=datetime.date(2020, 1, 4))
            self.assertEqual(list(s.index), [1, 2])
            self.assertEqual(list(s["frequency"]), [1.0, 0.0])
            self.assertEqual(s.loc[2, "first_time"], pd.Timestamp("2020-01-02"))

    def test_result_frame(self):
        r = csat.Result(id=np.array([3, 5], dtype=np.uint64), x=np.array([1.0, 2.0]),
                        day=np.array([0.5, 18262.0]), n_excluded=4)
        f = _frames.result_frame(r, "id", ("n_excluded",), ("day",))
        self.assertEqual(list(f.columns), ["x", "day"])
        self.assertEqual(f.attrs["n_excluded"], 4)
        self.assertEqual(list(f["day"]), [pd.Timestamp("1970-01-01 12:00"),
                                          pd.Timestamp("2020-01-01")])
        self.assertTrue(np.shares_memory(f["x"].to_numpy(), r["x"]))


if __name__ == "__main__":
    unittest.main()
