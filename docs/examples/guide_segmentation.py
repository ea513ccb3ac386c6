# User guide, segmentation: the full CDNOW log (tests/data/CDNOW_master.txt, 23,570 customers).
import numpy as np
import pandas as pd

import csat

tx = pd.read_csv("tests/data/CDNOW_master.txt", sep=r"\s+", dtype={"date": str})
tx["day"] = csat.to_days(pd.to_datetime(tx["date"], format="%Y%m%d"))
now = tx["day"].max() + 1
c = tx.groupby("customer_id").agg(last=("day", "max"), frequency=("day", "size"),
                                  monetary=("dollar_value", "sum"))
c["recency"] = now - c["last"]

# RFM scores (quantile bins by rank, ties together) and the R rfm package's segments.
s = csat.rfm_scores(c["recency"], c["frequency"], c["monetary"])
c["r"], c["f"], c["m"] = s.r, s.f, s.m
c["segment"] = csat.rfm_segments(c["r"], c["f"], c["m"], table="r_v03").names
print(c.groupby("segment").agg(customers=("r", "size"), revenue=("monetary", "sum"))
      .sort_values("revenue", ascending=False).round(0).to_string())

# ABC: how concentrated is revenue?
a = csat.abc(c["monetary"])
print("customers per class A/B/C:", np.bincount(np.asarray(a.klass)).tolist(),
      f"- the top 20% hold {a.top_share:.1%} of revenue")

# k-means on standardised log recency, frequency and spend, k = 4.
X = np.log1p(c[["recency", "frequency", "monetary"]].to_numpy())
km = csat.KMeans(4, seed=1, n_init=4, standardize=True).fit(X)
c["cluster"] = km.labels_
print(c.groupby("cluster")[["recency", "frequency", "monetary"]].median().round(1).to_string())
print("silhouette (2,000-row sample):", round(csat.silhouette(X, km.labels_, sample=2000, seed=1), 3))
