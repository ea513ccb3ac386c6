# User guide, scaling out: the CDNOW summary split into partitions. The map / merge / finish
# functions by hand, then the same fit with csat.dask on a local in-process cluster.
import dask.dataframe as dd
import distributed
import numpy as np
import pandas as pd

import csat
import csat.dask as cd

d = pd.read_csv("tests/data/cdnow_customers_summary_with_transactions.csv", index_col="ID")
x, t_x, T = d["x"].to_numpy(float), d["t_x"].to_numpy(float), d["T"].to_numpy(float)
single = csat.BGNBD().fit(x, t_x, T)

# Map: each partition's log-likelihood and gradient at the same parameters; merge: add them.
parts = np.array_split(np.arange(len(d)), 4)
chunks = [csat.chunk_log_likelihood(csat.BGNBD, single.params_, x[i], t_x[i], T[i]) for i in parts]
print("sum over 4 partitions:", round(sum(ll for ll, grad in chunks), 6))
print("whole data:           ", round(single.log_likelihood_, 6))

# csat.dask does the same on a cluster: one Newton step per round trip.
with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                        dashboard_address=None) as client:
    ddf = dd.from_pandas(d.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"}),
                         npartitions=4)
    bg = cd.fit(csat.BGNBD(), ddf, client=client)
    print("round trips:", bg.fit_report_["round_trips"])
    print("largest relative difference from the single-machine fit:",
          f"{max(abs(bg.params_[k] / single.params_[k] - 1) for k in single.params_):.1e}")
    alive = cd.p_alive(bg, ddf).compute()
    print(alive.head(3).round(4).to_dict())
