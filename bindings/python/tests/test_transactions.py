"""csat.summary_data_from_transaction_data and csat.calibration_and_holdout_data:
lifetimes' frames, bit for bit.

Where the expected values come from:

* tests/reference/lifetimes_summary.json, written by
  tests/reference/lifetimes_summary.py: lifetimes 0.11.3's semantics re-stated
  in plain pandas (lifetimes itself cannot be installed here; the script
  says which lines of lifetimes/utils.py each rule comes from) and run on
  CDNOW_master.txt (69,659 transactions, 23,570 customers) for freq "D" and
  "W" and four more argument sets. For each frame it holds the SHA-256 of
  every column's bytes, the dtypes, fsums and some rows in full. The script
  first checks itself against the genuine lifetimes output below.
* tests/data/cdnow_customers_summary.csv: the output of the real lifetimes
  summary_data_from_transaction_data(freq='D', freq_multiplier=7) on
  CDNOW_sample.txt to 1997-09-30 (tests/data/README.md), 2 decimals: compared
  as text.
* The small cases below are worked by hand from the definitions in the
  module docstring of csat/transactions.py.
"""
import array
import datetime
import hashlib
import json
import math
import os
import sys
import unittest

import csat

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
DATA = os.path.join(ROOT, "tests", "data")

np = pd = None
if csat.HAVE_NUMPY:
    import numpy as np
    try:
        import pandas as pd
    except ImportError:
        pass


def reference():
    with open(os.path.join(ROOT, "tests", "reference", "lifetimes_summary.json")) as f:
        return json.load(f)


def master_columns():
    """CDNOW_master.txt as a dict of lists: customer_id (int), date (int YYYYMMDD),
    number_of_cds, dollar_value -- what pandas.read_csv(sep=r'\\s+') makes of it."""
    cols = {"customer_id": [], "date": [], "number_of_cds": [], "dollar_value": []}
    with open(os.path.join(DATA, "CDNOW_master.txt")) as f:
        next(f)
        for line in f:
            p = line.split()
            cols["customer_id"].append(int(p[0]))
            cols["date"].append(int(p[1]))
            cols["number_of_cds"].append(int(p[2]))
            cols["dollar_value"].append(float(p[3]))
    return cols


def le_bytes(values, kind="d"):
    """Little-endian bytes of a column ("d": float64, "q": int64), with or without numpy."""
    if np is not None and isinstance(values, np.ndarray):
        return np.ascontiguousarray(values, dtype="<f8" if kind == "d" else "<i8").tobytes()
    a = array.array(kind, values)
    if sys.byteorder == "big":
        a.byteswap()
    return a.tobytes()


def sha(values, kind="d"):
    return hashlib.sha256(le_bytes(values, kind)).hexdigest()


FUNCTIONS = {"summary": csat.summary_data_from_transaction_data,
             "holdout": csat.calibration_and_holdout_data}


class TestCdnowMaster(unittest.TestCase):
    """Every case of lifetimes_summary.json, through the C store."""

    @classmethod
    def setUpClass(cls):
        cls.ref = reference()
        cls.cols = master_columns()

    def check_columns(self, case, ids, columns, check_ids=True):
        frame = case["frame"]
        self.assertEqual(list(columns), list(frame["columns"]), case["name"])
        if check_ids:
            self.assertEqual(len(ids), frame["n"])
            self.assertEqual(sha(ids, "q"), frame["index_sha256"], case["name"])
        for name, want in frame["columns"].items():
            kind = "q" if want["dtype"] == "int64" else "d"
            self.assertEqual(sha(columns[name], kind), want["sha256"], f"{case['name']}: {name}")
            self.assertEqual(repr(math.fsum(columns[name])), want["fsum"],
                             f"{case['name']}: {name}")

    def test_dict_of_columns(self):
        """A dict in, a dict of columns out (numpy arrays, or array('d') without numpy)."""
        for case in self.ref["cases"]:
            with self.subTest(case["name"]):
                out = FUNCTIONS[case["function"]](self.cols, **case["kwargs"])
                ids = out.pop("customer_id")
                self.check_columns(case, ids, out)
                if np is None:
                    first = "frequency" if "frequency" in out else "frequency_cal"
                    self.assertIsInstance(out[first], array.array)

    @unittest.skipIf(pd is None, "pandas not available")
    def test_dataframe(self):
        """A DataFrame in: lifetimes' DataFrame, index, dtypes and values, bit for bit."""
        df = pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+")
        for case in self.ref["cases"]:
            with self.subTest(case["name"]):
                frame = case["frame"]
                out = FUNCTIONS[case["function"]](df, **case["kwargs"])
                self.assertIsInstance(out, pd.DataFrame)
                self.assertEqual(out.index.name, frame["index_name"])
                self.assertEqual(str(out.index.dtype), frame["index_dtype"])
                self.assertTrue(out.index.is_monotonic_increasing)
                self.assertEqual({c: str(t) for c, t in out.dtypes.items()},
                                 {c: v["dtype"] for c, v in frame["columns"].items()})
                self.check_columns(case, out.index.to_numpy(), {c: out[c].to_numpy() for c in out})
                for cid, row in frame["rows"].items():
                    self.assertEqual([repr(float(v)) for v in out.loc[int(cid)]], row, f"id {cid}")

    @unittest.skipIf(pd is None, "pandas not available")
    def test_string_ids_and_dates(self):
        """Zero-padded string ids and ISO date strings: the same values; the index
        holds the strings."""
        df = pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+",
                         dtype={"customer_id": str, "date": str})
        df["date"] = df["date"].str[:4] + "-" + df["date"].str[4:6] + "-" + df["date"].str[6:]
        case = self.ref["cases"][1]  # summary_W
        kwargs = dict(case["kwargs"], datetime_format=None)
        out = csat.summary_data_from_transaction_data(df, **kwargs)
        self.assertEqual(out.index.dtype, object)
        self.assertEqual(out.index[0], "00001")
        self.check_columns(case, None, {c: out[c].to_numpy() for c in out}, check_ids=False)
        self.assertEqual(sha([int(v) for v in out.index], "q"), case["frame"]["index_sha256"])

    @unittest.skipIf(pd is None, "pandas not available")
    def test_datetime_column(self):
        """A datetime64 column (no format) gives the same frame as the integer dates."""
        df = pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+")
        df["date"] = pd.to_datetime(df["date"], format="%Y%m%d")
        for case in self.ref["cases"][:2]:
            kwargs = dict(case["kwargs"], datetime_format=None)
            out = csat.summary_data_from_transaction_data(df, **kwargs)
            self.check_columns(case, out.index.to_numpy(), {c: out[c].to_numpy() for c in out})


class TestBundledLifetimesOutput(unittest.TestCase):
    """tests/data/cdnow_customers_summary.csv is what lifetimes itself printed:
    summary_data_from_transaction_data(freq='D', freq_multiplier=7) of
    CDNOW_sample.txt to 1997-09-30, rounded to 2 decimals. Compared as text."""

    def sample(self):
        cols = {"ID": [], "date": [], "dollars": []}
        with open(os.path.join(DATA, "CDNOW_sample.txt")) as f:
            for line in f:
                p = line.split()
                cols["ID"].append(int(p[1]))
                cols["date"].append(p[2])
                cols["dollars"].append(float(p[4]))
        return cols

    def expected(self):
        with open(os.path.join(DATA, "cdnow_customers_summary.csv")) as f:
            return f.read().split()[1:]

    @staticmethod
    def lines(ids, s):
        return [f"{i},{int(f)},{round(r, 2)!r},{round(t, 2)!r}"
                for i, f, r, t in zip(ids, s["frequency"], s["recency"], s["T"])]

    def test_dict(self):
        s = csat.summary_data_from_transaction_data(
            self.sample(), "ID", "date", datetime_format="%Y%m%d",
            observation_period_end="19970930", freq="D", freq_multiplier=7)
        self.assertEqual(self.lines(s["ID"], s), self.expected())

    @unittest.skipIf(pd is None, "pandas not available")
    def test_dataframe(self):
        df = pd.DataFrame(self.sample())
        s = csat.summary_data_from_transaction_data(
            df, "ID", "date", datetime_format="%Y%m%d", observation_period_end="19970930",
            freq="D", freq_multiplier=7)
        self.assertEqual(list(s.columns), ["frequency", "recency", "T"])
        self.assertEqual(self.lines(s.index, s), self.expected())
        # the end date as a date object, and as a Timestamp, mean the same
        for end in (datetime.date(1997, 9, 30), pd.Timestamp("1997-09-30 17:00")):
            t = csat.summary_data_from_transaction_data(
                df, "ID", "date", datetime_format="%Y%m%d", observation_period_end=end,
                freq_multiplier=7)
            self.assertTrue(t.equals(s))


def run(fn, rows, *args, **kwargs):
    """fn over rows (id, date, amount) given as a dict of lists; returns {id: row dict}."""
    cols = {"id": [r[0] for r in rows], "date": [r[1] for r in rows],
            "amount": [r[2] for r in rows]}
    out = fn(cols, "id", "date", *args, **kwargs)
    ids = list(out.pop("id"))
    return {i: {k: v[j] for k, v in out.items()} for j, i in enumerate(ids)}


class TestSemantics(unittest.TestCase):
    """Small cases worked by hand (see csat/transactions.py for the rules)."""

    # 2020-03-02 is a Monday; weeks (freq "W") run Monday..Sunday.
    ROWS = [("b", "2020-03-02", 5.0), ("a", "2020-03-03", 1.0), ("a", "2020-03-03", 2.0),
            ("a", "2020-03-08", 4.0), ("a", "2020-03-09", 8.0), ("a", "2020-03-20", 16.0),
            ("c", "2020-03-25", 1.0)]

    def test_days(self):
        s = run(csat.summary_data_from_transaction_data, self.ROWS, "amount",
                observation_period_end="2020-03-20")
        self.assertEqual(sorted(s), ["a", "b"])  # c bought after the end
        # a: days 3, 8, 9, 20 (two rows on the 3rd are one purchase of 3)
        self.assertEqual(s["a"], {"frequency": 3, "recency": 17, "T": 17,
                                  "monetary_value": (4 + 8 + 16) / 3})
        self.assertEqual(s["b"], {"frequency": 0, "recency": 0, "T": 18, "monetary_value": 0})

    def test_weeks_and_first(self):
        s = run(csat.summary_data_from_transaction_data, self.ROWS, "amount",
                observation_period_end="2020-03-18", freq="W", freq_multiplier=2,
                include_first_transaction=True)
        # the end's week is 03-16..03-22. a: weeks of 03-02 (1 + 2 + 4: the 8th is a
        # Sunday), 03-09 (8) and 03-16 (16, the 20th); c (03-25) is after the end.
        self.assertEqual(s["a"], {"frequency": 3, "recency": 1.0, "T": 1.0,
                                  "monetary_value": (7 + 8 + 16) / 3})
        self.assertEqual(s["b"]["frequency"], 1)
        self.assertEqual(s["b"]["monetary_value"], 5)

    def test_default_end_and_numbers(self):
        rows = [(10, 0.5, 1.0), (10, 2.25, 3.0), (-4, 1.0, 2.0), (-4, 7.9, 2.0)]
        s = run(csat.summary_data_from_transaction_data, rows, "amount")
        # numbers are days since 1970-01-01; the end is the largest, 7.9 (day 7)
        self.assertEqual(list(s), [-4, 10])
        self.assertEqual(s[-4], {"frequency": 1, "recency": 6, "T": 6, "monetary_value": 2})
        self.assertEqual(s[10], {"frequency": 1, "recency": 2, "T": 7, "monetary_value": 3})

    def test_holdout(self):
        h = run(csat.calibration_and_holdout_data, self.ROWS, "2020-03-08",
                observation_period_end="2020-03-20", monetary_value_col="amount")
        self.assertEqual(list(h), ["a", "b"])
        self.assertEqual(h["a"], {"frequency_cal": 1, "recency_cal": 5, "T_cal": 5,
                                  "monetary_value_cal": 4, "frequency_holdout": 2,
                                  "monetary_value_holdout": 12, "duration_holdout": 12})
        self.assertEqual(h["b"]["frequency_holdout"], 0)
        self.assertEqual(h["b"]["monetary_value_holdout"], 0)
        with self.assertRaises(csat.EmptyInput):
            run(csat.calibration_and_holdout_data, self.ROWS, "2020-03-25")
        with self.assertRaises(ValueError):  # lifetimes raises ValueError here too
            run(csat.calibration_and_holdout_data, self.ROWS, "2020-03-25")

    def test_holdout_raw_cut(self):
        """lifetimes cuts the calibration at the raw timestamp: a purchase later in
        calibration_period_end's own period is a holdout purchase in that period."""
        rows = [(1, "2020-03-02T09:00", 1.0), (1, "2020-03-04T09:00", 2.0),
                (1, "2020-03-04T18:00", 4.0), (1, "2020-03-10T10:00", 8.0)]
        h = run(csat.calibration_and_holdout_data, rows, "2020-03-04T12:00",
                observation_period_end="2020-03-10T09:00", monetary_value_col="amount", freq="W")
        self.assertEqual(h[1], {"frequency_cal": 0, "recency_cal": 0, "T_cal": 0,
                                "monetary_value_cal": 0, "frequency_holdout": 1,
                                "monetary_value_holdout": 4, "duration_holdout": 1})
        d = run(csat.calibration_and_holdout_data, rows, "2020-03-04T12:00",
                observation_period_end="2020-03-10T09:00", monetary_value_col="amount")
        self.assertEqual(d[1]["frequency_cal"], 1)  # days 2 and 4 (09:00)
        self.assertEqual(d[1]["monetary_value_cal"], 2)
        self.assertEqual(d[1]["frequency_holdout"], 1)  # the 4th, 18:00; the 10th is after 09:00
        self.assertEqual(d[1]["duration_holdout"], 6)

    def test_lifetimes_sums(self):
        """The rows of test_lifetimes_sums in tests/customers/test_customers.c; values from
        "hand_case" of lifetimes_summary.json (pandas' sums, not one compensated pass)."""
        t = [3.9, 0.5, 1.0, 0.0, 2.0, 0.2, 1.5, 3.0, 2.5, 3.5]
        a = [42.11, 80.09, 87.89, 39.5, 49.49, 44.46, 9.75, 77.9, 25.8, 85.52]
        want = reference()["hand_case"]
        s = run(csat.summary_data_from_transaction_data, [(7, ti, ai) for ti, ai in zip(t, a)],
                "amount", observation_period_end=3)
        self.assertEqual(repr(s[7]["monetary_value"]), want["monetary_value"])
        s = run(csat.summary_data_from_transaction_data, [(7, ti, ai) for ti, ai in zip(t, a)],
                "amount", observation_period_end=3, include_first_transaction=True)
        self.assertEqual(repr(s[7]["monetary_value"] * 4), want["total_amount"])

    def test_datetimes(self):
        rows = [(1, datetime.datetime(2020, 1, 1, 23), 1.0),
                (1, datetime.date(2020, 1, 3), 1.0), (2, datetime.datetime(2020, 1, 2, 12), 1.0)]
        s = run(csat.summary_data_from_transaction_data, rows, None,
                observation_period_end=datetime.datetime(2020, 1, 4, 1))
        self.assertEqual(s[1], {"frequency": 1, "recency": 2, "T": 3})
        self.assertEqual(s[2], {"frequency": 0, "recency": 0, "T": 2})
        h = run(csat.summary_data_from_transaction_data, rows, None, freq="h",
                observation_period_end=datetime.datetime(2020, 1, 4, 1))
        self.assertEqual(h[1], {"frequency": 1, "recency": 25, "T": 50})

    def test_empty_window(self):
        s = run(csat.summary_data_from_transaction_data, self.ROWS, "amount",
                observation_period_end="2020-01-01")
        self.assertEqual(s, {})

    def test_errors(self):
        rows = [(1, "2020-01-01", 1.0)]
        cols = {"id": [1], "date": ["2020-01-01"], "amount": [1.0]}
        f = csat.summary_data_from_transaction_data
        with self.assertRaises(csat.InvalidArgument):
            f(cols, "customer", "date")
        with self.assertRaises(csat.InvalidArgument):
            f(cols, "id", "date", freq="M")
        with self.assertRaises(csat.InvalidArgument):
            f(cols, "id", "date", freq_multiplier=0)
        with self.assertRaises(csat.InvalidArgument):
            f([rows], "id", "date")
        with self.assertRaises(csat.InvalidArgument) as e:
            f({"id": [1, 2], "date": ["2020-01-01", "2020-13-01"]}, "id", "date")
        self.assertIn("row 1", str(e.exception))
        with self.assertRaises(csat.InvalidArgument) as e:
            f({"id": [1, None], "date": ["2020-01-01", "2020-01-02"]}, "id", "date")
        self.assertIn("row 1", str(e.exception))
        with self.assertRaises(csat.InvalidArgument):
            f({"id": [1, 2], "date": ["2020-01-01"]}, "id", "date")
        with self.assertRaises(csat.InvalidArgument) as e:
            f({"id": [1, 2], "date": ["2020-01-01"] * 2, "amount": [1.0, -1.0]}, "id", "date",
              "amount")
        self.assertIn("row 1", str(e.exception))
        with self.assertRaises(csat.InvalidArgument) as e:  # row 2 of the table, 1 of the holdout
            csat.calibration_and_holdout_data(
                {"id": [1, 1, 1], "date": ["2020-01-01", "2020-01-05", "2020-01-06"],
                 "amount": [1.0, 2.0, math.inf]}, "id", "date", "2020-01-02",
                monetary_value_col="amount")
        self.assertIn("row 2", str(e.exception))
        with self.assertRaises(ValueError):
            f({"id": [1], "date": ["2020-01-01"], "amount": [float("nan")]}, "id", "date", "amount")
        with self.assertRaises(csat.InvalidArgument):
            f({"id": [1], "date": ["2020-01-01"], "amount": ["3.5"]}, "id", "date", "amount")

    def test_bad_inputs(self):
        """Every argument and every column replaced by odd values: a result or a csat error,
        never a raw TypeError/KeyError/numpy error (some values, e.g. 3 as an id, are fine)."""
        good = {"id": [1, 2, 1], "date": ["2020-01-01", "2020-01-02", "2020-01-05"],
                "amount": [1.0, 2.0, 3.0]}
        bads = [None, "x", 3, 2.5, [[1, 2], [3]], [], {}, float("nan"), True, object(), [None],
                ["a", 1]]
        if np is not None:
            bads += [np.array([1.0, 2.0], dtype=np.float32), np.array(["a"], dtype=object),
                     np.zeros((2, 2)), np.array([True, False, True])]
        calls = [(csat.summary_data_from_transaction_data, {}),
                 (csat.calibration_and_holdout_data, {"calibration_period_end": "2020-01-02"})]
        for fn, more in calls:
            base = dict(transactions=good, customer_id_col="id", datetime_col="date",
                        monetary_value_col="amount", **more)
            for param in list(base) + ["datetime_format", "observation_period_end", "freq",
                                       "freq_multiplier", "include_first_transaction"]:
                for bad in bads:
                    with self.subTest(fn=fn.__name__, param=param, bad=repr(bad)[:30]):
                        try:
                            fn(**dict(base, **{param: bad}))
                        except csat.CsatError:
                            pass
            for col in good:
                for bad in bads:
                    column = bad if isinstance(bad, list) else [bad] * 3
                    with self.subTest(fn=fn.__name__, column=col, bad=repr(bad)[:30]):
                        try:
                            fn(**dict(base, transactions=dict(good, **{col: column})))
                        except csat.CsatError:
                            pass

    @unittest.skipIf(pd is None, "pandas not available")
    def test_pandas_inputs(self):
        df = pd.DataFrame({"id": ["b", "a", "a", "a"],
                           "date": pd.to_datetime(["2020-03-02", "2020-03-03", "2020-03-09",
                                                   "2020-03-20"]).tz_localize("US/Eastern"),
                           "amount": [5, 1, 2, 4]})
        s = csat.summary_data_from_transaction_data(df, "id", "date", "amount")
        self.assertEqual(list(s.index), ["a", "b"])
        self.assertEqual(s.index.name, "id")
        self.assertEqual(list(s.loc["a"]), [2.0, 17.0, 17.0, 3.0])
        with self.assertRaises(csat.InvalidArgument) as e:
            csat.summary_data_from_transaction_data(
                pd.DataFrame({"id": [1, 2], "date": [pd.Timestamp("2020-01-01"), pd.NaT]},
                             index=["x", "y"]), "id", "date")
        self.assertIn("'y'", str(e.exception))
        # frequency_holdout stays int64 when every customer bought in the holdout (as lifetimes)
        h = csat.calibration_and_holdout_data(df, "id", "date", "2020-03-05")
        self.assertEqual(str(h["frequency_holdout"].dtype), "float64")
        h = csat.calibration_and_holdout_data(df[df.id == "a"], "id", "date", "2020-03-05")
        self.assertEqual(str(h["frequency_holdout"].dtype), "int64")
        self.assertEqual(list(h.columns), ["frequency_cal", "recency_cal", "T_cal",
                                           "frequency_holdout", "duration_holdout"])


if __name__ == "__main__":
    unittest.main()
