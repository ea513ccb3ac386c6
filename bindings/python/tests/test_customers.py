"""csat.Customers: the CDNOW summary of lifetimes reproduced, dates, errors."""
import datetime
import math
import os
import unittest

import csat
from _util import assert_close

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "data")


def load_cdnow():
    """CDNOW_sample.txt: master id, sample id, YYYYMMDD, CDs, dollars."""
    ids, dates, amounts = [], [], []
    with open(os.path.join(DATA, "CDNOW_sample.txt")) as f:
        for line in f:
            p = line.split()
            ids.append(int(p[1]))
            dates.append(datetime.date(int(p[2][:4]), int(p[2][4:6]), int(p[2][6:])))
            amounts.append(float(p[4]))
    return ids, dates, amounts


def summary(store, **options):
    """store.summary(**options) as a csat.Result of columns (id included) and n_excluded,
    whichever it returned: a DataFrame indexed by id (with pandas) or that Result."""
    s = store.summary(**options)
    if isinstance(s, csat.Result):
        return s
    r = csat.Result(id=s.index.to_numpy())
    r.update({name: s[name].to_numpy() for name in s.columns})
    r["n_excluded"] = s.attrs["n_excluded"]
    return r


def read_csv(name):
    with open(os.path.join(DATA, name)) as f:
        next(f)
        return [[float(v) for v in line.strip().split(",")] for line in f if line.strip()]


class TestCdnow(unittest.TestCase):
    """lifetimes' cdnow_customers_summary.csv (weeks, 2 decimals) from the raw sample."""

    def check(self, s):
        ref = read_csv("cdnow_customers_summary.csv")
        self.assertEqual(len(s.id), 2357)
        self.assertEqual([int(v) for v in s.id], [int(r[0]) for r in ref])
        for col, k in (("frequency", 1), ("recency", 2), ("T", 3)):
            assert_close([round(v, 2) for v in s[col]], [r[k] for r in ref], 0, 1e-9)
        self.assertEqual(sum(s.frequency), 2457)
        self.assertEqual(sum(1 for v in s.frequency if v == 0), 1411)
        zbar = read_csv("cdnow_customers_summary_with_transactions.csv")
        assert_close(s.monetary_value, [r[4] for r in zbar], 0, 0.005 + 1e-9)

    def test_dates(self):
        ids, dates, amounts = load_cdnow()
        with csat.Customers() as c:
            c.add(ids, dates, amounts)
            self.assertEqual(len(c), 2357)
            self.assertEqual(c.n_transactions, 6919)
            s = summary(c, observation_end=datetime.date(1997, 9, 30), time_scale=7)
            self.assertEqual(s.n_excluded, 0)
            self.assertNotIn("frequency_holdout", s)
            self.check(s)
            h = summary(c, observation_end=datetime.date(1998, 6, 30),
                          calibration_end=datetime.date(1997, 9, 30), time_scale=7)
            self.check(h)
            # tests/reference/cdnow_holdout.py
            self.assertEqual(sum(h.frequency_holdout), 1882)
            assert_close(math.fsum(h.monetary_value_holdout), 25495.9402818370, 1e-12)
            assert_close(h.duration_holdout, [39.0] * 2357)
            one = c.lookup(6)
            self.assertEqual(one.frequency_holdout, 8)
            assert_close(one.monetary_value_holdout, 69.3575, 1e-12)

    @unittest.skipUnless(csat.HAVE_NUMPY, "numpy not available")
    def test_datetime64(self):
        import numpy as np
        ids, dates, amounts = load_cdnow()
        d64 = np.array(dates, dtype="datetime64[D]").astype("datetime64[s]")
        with csat.Customers() as c:
            c.add(np.array(ids, dtype=np.int64), d64, np.array(amounts))
            s = summary(c, observation_end=np.datetime64("1997-09-30"), time_scale=7)
            self.assertEqual(s.id.dtype, np.uint64)
            self.check(s)

    @unittest.skipUnless(csat.HAVE_NUMPY, "numpy not available")
    def test_calendar_days(self):
        """With datetime64 times and period 1, a period is a calendar day (UTC)."""
        import numpy as np
        t = np.array(["2020-03-01T01:00", "2020-03-01T23:00", "2020-03-02T00:30", "2020-03-09T12:00"],
                     dtype="datetime64[m]")
        with csat.Customers() as c:
            c.add([1, 1, 1, 2], t, [1.0, 2.0, 4.0, 8.0])
            s = summary(c, observation_end=np.datetime64("2020-03-08"))
            self.assertEqual(list(s.id), [1])
            self.assertEqual(s.n_excluded, 1)  # customer 2 first bought after the end
            assert_close(s.frequency, [1])
            assert_close(s.recency, [1])
            assert_close(s.T, [7])
            assert_close(s.monetary_value, [4])
            assert_close(s.total_amount, [7])
            if s.first_time.dtype.kind == "M":  # a DataFrame (pandas): dates stay dates
                self.assertEqual(list(s.first_time), [np.datetime64("2020-03-01T01:00")])
            else:
                assert_close(s.first_time, [csat.to_days(np.datetime64("2020-03-01T01:00"))])


def have_pandas():
    if not csat.HAVE_NUMPY:
        return False
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


class TestSummaryFrame(unittest.TestCase):
    """summary() is a DataFrame indexed by id with pandas; a Result of columns without."""

    def test_frame(self):
        ids, dates, amounts = load_cdnow()
        with csat.Customers() as c:
            c.add(ids, dates, amounts)
            s = c.summary(observation_end=datetime.date(1997, 9, 30), time_scale=7)
            if not have_pandas():
                self.assertIsInstance(s, csat.Result)
                self.assertEqual(s.first_time[0], csat.to_days(datetime.date(1997, 1, 1)))
                return
            import numpy as np
            import pandas as pd
            self.assertIsInstance(s, pd.DataFrame)
            self.assertEqual(s.index.name, "id")
            self.assertEqual(s.index.dtype, np.uint64)
            self.assertEqual(list(s.index[:3]), [1, 2, 3])
            self.assertEqual(list(s.columns), ["first_time", "frequency", "recency", "T",
                                               "monetary_value", "total_amount", "n_transactions"])
            self.assertEqual(s.attrs["n_excluded"], 0)
            # dates are dates: the end date was one, so first_time is datetime64
            self.assertEqual(str(s["first_time"].dtype), "datetime64[ns]")
            self.assertEqual(s["first_time"].iloc[0], pd.Timestamp("1997-01-01"))
            self.assertEqual(s.loc[1, "frequency"], 2)
            assert_close(s.loc[1, "recency"], 30.428571428571427)
            h = c.summary(observation_end=np.datetime64("1998-06-30"),
                          calibration_end=np.datetime64("1997-09-30"), time_scale=7)
            self.assertEqual(list(h.columns[-3:]), ["frequency_holdout", "monetary_value_holdout",
                                                    "duration_holdout"])
            self.assertEqual(h["frequency_holdout"].sum(), 1882)
            # numbers in, numbers out: no end date, no dates
            n = c.summary(observation_end=csat.to_days(datetime.date(1997, 9, 30)), time_scale=7)
            self.assertEqual(n["first_time"].dtype, np.float64)
            self.assertEqual(n["first_time"].iloc[0], csat.to_days(datetime.date(1997, 1, 1)))
            self.assertTrue(n.drop(columns="first_time").equals(s.drop(columns="first_time")))


class TestCustomers(unittest.TestCase):
    def store(self):
        c = csat.Customers()
        c.add([7, 99, 3, 7, 7, 5, 7, 7, 7], [8.2, 12.0, 4.0, 2.5, 11.0, 10.7, 5.0, 2.0, 5.9],
              [6, 2, 9, 5, 100, 1, 3, 10, 4])
        return c

    def test_hand(self):
        # Same cases as tests/customers/test_customers.c (test_hand_summary).
        with self.store() as c:
            s = summary(c, observation_end=10)
            self.assertEqual(list(s.id), [3, 5, 7])
            self.assertEqual(s.n_excluded, 1)
            assert_close(s.frequency, [0, 0, 2])
            assert_close(s.recency, [0, 0, 6])
            assert_close(s.T, [6, 0, 8])
            assert_close(s.monetary_value, [0, 0, 6.5])
            assert_close(s.total_amount, [9, 1, 28])
            assert_close(s.n_transactions, [1, 1, 5])
            assert_close(s.first_time, [4, 10.7, 2])
            r = c.lookup(7)
            self.assertEqual(r.frequency, 2)
            self.assertNotIn("duration_holdout", r)
            h = summary(c, observation_end=11.5, calibration_end=6, time_scale=2)
            assert_close(h.frequency_holdout, [0, 2])
            assert_close(h.monetary_value_holdout, [0, 53])
            assert_close(h.duration_holdout, [2.5, 2.5])
            self.assertEqual(list(c.ids()), [3, 5, 7, 99])
            self.assertGreaterEqual(c.memory_bytes, 9 * 24)
            tx = c.transactions(7)
            assert_close(tx.times, [2.0, 2.5, 5.0, 5.9, 8.2, 11.0])
            assert_close(tx.amounts, [10, 5, 3, 4, 6, 100])

    def test_add_after_summary(self):
        with self.store() as c:
            c.summary(observation_end=10)
            c.add([8], [1.0])
            with self.assertRaises(csat.Misuse):
                c.lookup(7)
            s = summary(c, observation_end=10)
            self.assertEqual(list(s.id), [3, 5, 7, 8])
            self.assertEqual(c.lookup(8).monetary_value, 0)

    def test_errors(self):
        with self.store() as c:
            with self.assertRaises(csat.InvalidArgument) as e:
                c.add([1, 2], [1.0, float("nan")])
            self.assertIn("times[1]", str(e.exception))
            with self.assertRaises(ValueError):
                c.add([1], [-1.0])
            with self.assertRaises(ValueError):
                c.add([1], [1.0], [-5.0])
            with self.assertRaises(ValueError):
                c.add([-1], [1.0])
            with self.assertRaises(ValueError):
                c.add([1, 2], [1.0])
            self.assertEqual(c.n_transactions, 9)
            with self.assertRaises(csat.InvalidArgument):
                c.summary()
            with self.assertRaises(csat.InvalidArgument):
                c.summary(observation_end=10, period=0)
            with self.assertRaises(csat.InvalidArgument):
                c.summary(observation_end=10, calibration_end=10)
            with self.assertRaises(csat.EmptyInput):
                c.summary(observation_end=0.5)
            with self.assertRaises(csat.Misuse):
                c.lookup(7)
            c.summary(observation_end=10)
            with self.assertRaises(csat.InvalidArgument):
                c.lookup(99)  # excluded
            with self.assertRaises(csat.InvalidArgument):
                c.transactions(12345)
            with self.assertRaises(csat.InvalidArgument):
                c.lookup(-3)
            self.assertEqual(c.lookup(s_id := c.ids()[0]).id, s_id)
        with csat.Customers() as empty:
            self.assertEqual(len(empty), 0)
            self.assertEqual(list(empty.ids()), [])
            with self.assertRaises(csat.EmptyInput):
                empty.summary(observation_end=1)

    def test_to_days(self):
        self.assertEqual(csat.to_days(datetime.date(1970, 1, 2)), 1.0)
        self.assertEqual(csat.to_days(datetime.datetime(1970, 1, 1, 12)), 0.5)
        utc = datetime.timezone.utc
        self.assertEqual(csat.to_days(datetime.datetime(1970, 1, 2, tzinfo=utc)), 1.0)
        self.assertEqual(csat.to_days([datetime.date(1970, 1, 11)]), [10.0])
        self.assertEqual(csat.to_days([1.5, 2]), [1.5, 2])


if __name__ == "__main__":
    unittest.main()


def _cols(table):
    """{name: list} of a DataFrame or a Result of columns."""
    if isinstance(table, csat.Result):
        return {k: [v for v in col] for k, col in table.items()}
    out = {k: table[k].tolist() for k in table.columns}
    if table.index.name is not None:
        out[table.index.name] = table.index.tolist()
    return out


class TestRicherRecords(unittest.TestCase):
    """Issue 17 section 1: detail columns, attributes and complaints, hand-computed."""

    def make(self):
        c = csat.Customers()
        c.add([7, 3], [5, 2], [10, 20])
        c.add([3, 7, 3], [1, 4, 3], [5, 6, 7], costs=[1.5, 2.5, 3.5], categories=[4, 0, 9])
        c.add([7], [6], [1], channels=[2])
        c.set_groups([3, 7, 3], [1, 2, 5])  # the last entry for 3 wins
        c.set_acquisition_costs([7, 11], [40, 5])
        c.add_complaints([7, 3, 7], [2.0, 1.0, 0.5], first_response=[2.5, float("nan"), 0.5],
                         resolved=[4.0, float("nan"), 1.0], first_contact=[False, False, True],
                         causes=[3, -1, 3], recovery_satisfaction=[4, float("nan"), 5])
        return c

    def test_rows_and_columns(self):
        c = self.make()
        self.assertEqual(c.columns, {"costs", "categories", "channels", "groups",
                                     "acquisition_costs", "complaints"})
        r = _cols(c.rows())
        # sorted by (id, time): 3@1 (5, 1.5, 4), 3@2 (20, plain), 3@3 (7, 3.5, 9),
        # 7@4 (6, 2.5, 0), 7@5 (10, plain), 7@6 (1, channel 2)
        self.assertEqual([int(v) for v in r["id"]], [3, 3, 3, 7, 7, 7])
        self.assertEqual([float(v) for v in r["time"]], [1, 2, 3, 4, 5, 6])
        self.assertEqual([float(v) for v in r["cost"]], [1.5, 0, 3.5, 2.5, 0, 0])
        self.assertEqual([int(v) for v in r["category"]], [4, -1, 9, 0, -1, -1])
        self.assertEqual([int(v) for v in r["channel"]], [-1, -1, -1, -1, -1, 2])
        t = c.transactions(7)
        self.assertEqual([float(v) for v in t["costs"]], [2.5, 0, 0])
        self.assertEqual([int(v) for v in t["channels"]], [-1, -1, 2])

    def test_attributes(self):
        c = self.make()
        a = _cols(c.attributes())
        self.assertEqual([int(v) for v in a["id"]], [3, 7, 11])
        self.assertEqual([int(v) for v in a["group"]], [5, 2, -1])
        self.assertEqual([float(v) for v in a["acquisition_cost"]], [0, 40, 5])
        b = _cols(c.attributes([11, 12]))
        self.assertEqual([int(v) for v in b["group"]], [-1, -1])
        with self.assertRaises(csat.InvalidArgument):
            c.set_groups([1], [-1])

    def test_complaints(self):
        c = self.make()
        k = _cols(c.complaints())
        self.assertEqual([int(v) for v in k["id"]], [3, 7, 7])
        self.assertEqual([float(v) for v in k["opened"]], [1.0, 0.5, 2.0])
        self.assertEqual([int(v) for v in k["first_contact"]], [0, 1, 0])
        self.assertEqual([int(v) for v in k["cause"]], [-1, 3, 3])
        self.assertTrue(math.isnan(k["resolved"][0]) and k["resolved"][2] == 4.0)
        with self.assertRaises(csat.InvalidArgument):  # first contact without a resolution
            c.add_complaints([1], [1.0], first_contact=[1])

    def test_copies(self):
        import copy
        import pickle
        c = self.make()
        for d in (copy.copy(c), copy.deepcopy(c), pickle.loads(pickle.dumps(c))):
            self.assertEqual(d.columns, c.columns)
            for f in ("rows", "complaints", "attributes"):
                x, y = _cols(getattr(c, f)()), _cols(getattr(d, f)())
                self.assertEqual(sorted(x), sorted(y))
                for key in x:
                    self.assertEqual([repr(float(v)) for v in x[key]], [repr(float(v)) for v in y[key]])
