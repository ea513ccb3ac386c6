# User guide, customer records: the CDNOW sample transactions to per-customer summaries.
import pandas as pd

import csat

# Whitespace-separated: master id, sample id, date YYYYMMDD, number of CDs, dollars.
tx = pd.read_csv("tests/data/CDNOW_sample.txt", sep=r"\s+", header=None,
                 names=["id", "sample_id", "date", "cds", "dollars"], dtype={"date": str})
print(len(tx), "transactions of", tx["id"].nunique(), "customers")

# lifetimes' summary (daily periods, times in weeks), computed in C.
summary = csat.summary_data_from_transaction_data(
    tx, "id", "date", monetary_value_col="dollars", datetime_format="%Y%m%d",
    observation_period_end="1997-09-30", freq="D", freq_multiplier=7)
print(summary.head(3).round(2).to_string())
print("customers with repeat purchases:", int((summary["frequency"] > 0).sum()))

# The same store, by hand: ids, times in days since 1970-01-01, amounts.
store = csat.Customers()
days = csat.to_days(pd.to_datetime(tx["date"], format="%Y%m%d"))
store.add(ids=tx["id"], times=days, amounts=tx["dollars"])
end = csat.to_days(pd.Timestamp("1997-09-30"))
s = store.summary(observation_end=end, time_scale=7)
print(len(s), "customers; memory", store.memory_bytes, "bytes")

# Calibration to 1997-09-30, holdout to 1998-06-30.
cal = csat.calibration_and_holdout_data(
    tx, "id", "date", calibration_period_end="1997-09-30",
    observation_period_end="1998-06-30", datetime_format="%Y%m%d", freq="W")
print(cal.head(3).to_string())
