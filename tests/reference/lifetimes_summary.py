"""Reference frames for csat.summary_data_from_transaction_data and
csat.calibration_and_holdout_data (bindings/python/tests/test_transactions.py).

THIS IS NOT LIFETIMES. lifetimes cannot be installed here, so this script
re-states, in a few lines of plain pandas written for this project, what
lifetimes 0.11.3's functions of the same names compute
(CamDavidsonPilon/lifetimes, lifetimes/utils.py: summary_data_from_transaction_data,
_find_first_transactions, calibration_and_holdout_data). The semantics, read
from that source:

* Dates: pd.to_datetime(column, format=datetime_format); end dates given as
  strings are parsed with the same format. When observation_period_end is
  None it is the largest *raw* value of the column (string order for
  strings), parsed afterwards.
* Periods: Timestamp.to_period(freq). 'D' is a calendar day, 'W' (= 'W-SUN')
  a week Monday..Sunday. Every transaction is moved to the start of its
  period; transactions whose period starts after the start of the end date's
  period are dropped (so the end date includes its whole period).
* All of a customer's transactions in one period are one purchase; its amount
  is their sum (groupby sum, rows sorted by customer, raw date, amount).
* frequency = number of purchase periods - 1 (- 0 with
  include_first_transaction=True); recency = (start of the last purchase
  period - start of the first) / np.timedelta64(1, freq) / freq_multiplier;
  T = (start of the end date's period - start of the first purchase period),
  divided the same way.
* monetary_value = mean of the per-period amounts of the repeat periods (all
  periods with include_first_transaction=True); 0 when there are none.
* Columns frequency, recency, T[, monetary_value], all float64; index = the
  customer ids, sorted, named customer_id_col.
* calibration_and_holdout_data: observation_period_end defaults to the raw
  maximum; the calibration rows are those with timestamp <= calibration_period_end
  (the raw timestamp, not its period) and are summarized as above with
  observation_period_end = calibration_period_end, columns suffixed "_cal".
  Holdout rows: calibration_period_end < timestamp <= observation_period_end
  (raw timestamps; none at all is a ValueError). frequency_holdout = number of
  distinct holdout periods; monetary_value_holdout = mean of the raw holdout
  amounts (not per period). Left join on the calibration customers, missing
  values 0 (frequency_holdout stays int64 when no calibration customer lacks
  holdout rows); duration_holdout = (period of observation_period_end - period
  of calibration_period_end).n / freq_multiplier.

Sums and means are pandas' groupby sum/mean (compensated summation), in the
row orders lifetimes uses, so the floating-point results are the same bits.

Before anything else the script checks itself against the one genuine
lifetimes output in the repository, tests/data/cdnow_customers_summary.csv
(see bundled_lifetimes_csv), and stops if it does not reproduce it.

Output: per case, the frame's shape, index and column dtypes, a SHA-256 of
each column's little-endian bytes (index as int64, columns float64 or int64),
the math.fsum of each column and some rows in full (repr), as JSON. The full
frames (about 1 MB each as CSV) are not committed; rerun this script to see
them (--csv DIR writes them).

Run (Debian's python3 with pandas 1.5.3):
  /usr/bin/python3 tests/reference/lifetimes_summary.py > tests/reference/lifetimes_summary.json
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
import pandas as pd

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")


def load_master():
    """CDNOW_master.txt: customer_id, date (YYYYMMDD as an integer), number_of_cds, dollar_value."""
    return pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+")


def _when(value, fmt):
    return pd.to_datetime(value, format=fmt)


def summary(tx, customer_id_col, datetime_col, monetary_value_col=None, datetime_format=None,
            observation_period_end=None, freq="D", freq_multiplier=1,
            include_first_transaction=False):
    raw_end = tx[datetime_col].max() if observation_period_end is None else observation_period_end
    end_start = _when(raw_end, datetime_format).to_period(freq).to_timestamp()
    keys = [customer_id_col, datetime_col] + ([monetary_value_col] if monetary_value_col else [])
    rows = tx[keys].sort_values(keys)
    start = pd.to_datetime(rows[datetime_col], format=datetime_format)
    start = start.dt.to_period(freq).dt.to_timestamp()
    keep = (start <= end_start).to_numpy()
    per = pd.DataFrame({"id": rows[customer_id_col].to_numpy()[keep],
                        "start": start.to_numpy()[keep]})
    if monetary_value_col:
        per["amount"] = rows[monetary_value_col].to_numpy()[keep]
    # one row per (customer, period); the amount is the period's sum
    periods = per.groupby(["id", "start"], sort=True)
    periods = (periods["amount"].sum() if monetary_value_col else periods.size()).reset_index()
    by_id = periods.groupby("id", sort=True)["start"]
    first, last, count = by_id.min(), by_id.max(), by_id.size()
    unit = np.timedelta64(1, freq)
    out = pd.DataFrame(index=first.index)
    out["frequency"] = count if include_first_transaction else count - 1
    out["recency"] = (last - first) / unit / freq_multiplier
    out["T"] = (end_start - first) / unit / freq_multiplier
    if monetary_value_col:
        if not include_first_transaction:
            periods = periods[periods["start"] != first.reindex(periods["id"]).to_numpy()]
        out["monetary_value"] = periods.groupby("id")["amount"].mean()
        out["monetary_value"] = out["monetary_value"].fillna(0)
    out.index.name = customer_id_col
    return out.astype(float)


def calibration_and_holdout(tx, customer_id_col, datetime_col, calibration_period_end,
                            observation_period_end=None, freq="D", freq_multiplier=1,
                            datetime_format=None, monetary_value_col=None,
                            include_first_transaction=False):
    raw_end = tx[datetime_col].max() if observation_period_end is None else observation_period_end
    keys = [customer_id_col, datetime_col] + ([monetary_value_col] if monetary_value_col else [])
    tx = tx[keys].copy()
    tx[datetime_col] = pd.to_datetime(tx[datetime_col], format=datetime_format)
    obs, cal = _when(raw_end, datetime_format), _when(calibration_period_end, datetime_format)
    t = tx[datetime_col]
    out = summary(tx[t <= cal], customer_id_col, datetime_col, monetary_value_col, datetime_format,
                  cal, freq, freq_multiplier, include_first_transaction)
    out.columns = [c + "_cal" for c in out.columns]
    hold = tx[(t > cal) & (t <= obs)]
    if len(hold) == 0:
        raise ValueError("no holdout transactions")
    hold_periods = hold[datetime_col].dt.to_period(freq)
    by_id = hold.groupby(customer_id_col)
    parts = {"frequency_holdout": hold_periods.groupby(hold[customer_id_col]).nunique()}
    if monetary_value_col:
        parts["monetary_value_holdout"] = by_id[monetary_value_col].mean()
    out = out.join(pd.DataFrame(parts), how="left").fillna(0)
    out["duration_holdout"] = (obs.to_period(freq) - cal.to_period(freq)).n / freq_multiplier
    return out


# The cases checked by bindings/python/tests/test_transactions.py (same arguments there).
CASES = [
    ("summary_D", "summary", dict(customer_id_col="customer_id", datetime_col="date",
                                  monetary_value_col="dollar_value", datetime_format="%Y%m%d")),
    ("summary_W", "summary", dict(customer_id_col="customer_id", datetime_col="date",
                                  monetary_value_col="dollar_value", datetime_format="%Y%m%d",
                                  freq="W")),
    ("summary_D_x7_first_end", "summary",
     dict(customer_id_col="customer_id", datetime_col="date", monetary_value_col="dollar_value",
          datetime_format="%Y%m%d", observation_period_end="19971231", freq_multiplier=7,
          include_first_transaction=True)),
    ("summary_W_midweek_nomoney", "summary",
     dict(customer_id_col="customer_id", datetime_col="date", datetime_format="%Y%m%d",
          observation_period_end="19970917", freq="W")),
    ("holdout_D", "holdout", dict(customer_id_col="customer_id", datetime_col="date",
                                  calibration_period_end="19970930",
                                  monetary_value_col="dollar_value", datetime_format="%Y%m%d")),
    ("holdout_W_midweek", "holdout",
     dict(customer_id_col="customer_id", datetime_col="date", calibration_period_end="19971001",
          observation_period_end="19980527", monetary_value_col="dollar_value",
          datetime_format="%Y%m%d", freq="W", freq_multiplier=2)),
]

FUNCTIONS = {"summary": summary, "holdout": calibration_and_holdout}


def _le_bytes(values, dtype):
    return np.ascontiguousarray(values, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()


def describe(frame, spot_ids):
    """The JSON description of a frame (see the module docstring)."""
    columns = {}
    for name in frame.columns:
        col = frame[name].to_numpy()
        kind = "int64" if col.dtype.kind == "i" else "float64"
        columns[name] = {"dtype": str(frame[name].dtype),
                         "sha256": hashlib.sha256(_le_bytes(col, kind)).hexdigest(),
                         "fsum": repr(math.fsum(float(v) for v in col))}
    rows = {}
    for cid in spot_ids:
        if cid in frame.index:
            rows[str(cid)] = [repr(float(v)) for v in frame.loc[cid]]
    return {"n": len(frame), "index_name": frame.index.name, "index_dtype": str(frame.index.dtype),
            "index_sha256": hashlib.sha256(_le_bytes(frame.index.to_numpy(), "int64")).hexdigest(),
            "columns": columns, "rows": rows}


def bundled_lifetimes_csv():
    """Check this re-statement against the one genuine lifetimes output we have:
    tests/data/cdnow_customers_summary.csv, which lifetimes'
    summary_data_from_transaction_data(freq='D', freq_multiplier=7) made from
    CDNOW_sample.txt to 1997-09-30 (weeks, rounded to 2 decimals)."""
    sample = pd.read_csv(os.path.join(DATA, "CDNOW_sample.txt"), sep=r"\s+", header=None,
                         names=["master_id", "ID", "date", "cds", "dollars"])
    s = summary(sample, "ID", "date", datetime_format="%Y%m%d", observation_period_end="19970930",
                freq="D", freq_multiplier=7)
    mine = [f"{i},{int(r['frequency'])},{round(r['recency'], 2)!r},{round(r['T'], 2)!r}"
            for i, r in s.iterrows()]
    with open(os.path.join(DATA, "cdnow_customers_summary.csv")) as f:
        theirs = f.read().split()[1:]
    return mine == theirs


def hand_case():
    """The rows of test_lifetimes_sums in tests/customers/test_customers.c:
    customer 7 buying at day t (from 1970-01-01) the amounts a, freq 'D', to day 3.
    monetary_value with include_first_transaction=True is total_amount / 4."""
    t = [3.9, 0.5, 1.0, 0.0, 2.0, 0.2, 1.5, 3.0, 2.5, 3.5]
    a = [42.11, 80.09, 87.89, 39.5, 49.49, 44.46, 9.75, 77.9, 25.8, 85.52]
    rows = pd.DataFrame({"id": 7, "date": pd.Timestamp("1970-01-01") + pd.to_timedelta(t, unit="D"),
                         "amount": a})
    repeat = summary(rows, "id", "date", "amount", observation_period_end="1970-01-04")
    every = summary(rows, "id", "date", "amount", observation_period_end="1970-01-04",
                    include_first_transaction=True)
    return {"monetary_value": repr(repeat["monetary_value"].iloc[0]),
            "total_amount": repr(every["monetary_value"].iloc[0] * 4)}


def main(argv):
    if not bundled_lifetimes_csv():
        raise SystemExit("this re-statement does not reproduce "
                         "tests/data/cdnow_customers_summary.csv")
    tx = load_master()
    # spot rows: the first and last ids, the busiest customers, and a few in between
    busiest = tx["customer_id"].value_counts().sort_index(kind="stable")
    busiest = busiest.sort_values(ascending=False, kind="stable").index[:4].tolist()
    spot = sorted(set([1, 2, 3, 4, 5, 6, 1000, 12345, 23569, 23570] + [int(v) for v in busiest]))
    csv_dir = argv[argv.index("--csv") + 1] if "--csv" in argv else None
    out = {"source": "tests/reference/lifetimes_summary.py (a re-statement of lifetimes 0.11.3 "
                     "semantics in plain pandas, not lifetimes itself)",
           "pandas": pd.__version__, "numpy": np.__version__,
           "bundled_lifetimes_csv_reproduced": True, "hand_case": hand_case(),
           "data": "tests/data/CDNOW_master.txt", "cases": []}
    for name, fn, kwargs in CASES:
        frame = FUNCTIONS[fn](tx, **kwargs)
        if csv_dir:
            frame.to_csv(os.path.join(csv_dir, name + ".csv"), float_format="%r")
        out["cases"].append({"name": name, "function": fn, "kwargs": kwargs,
                             "frame": describe(frame, spot)})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
