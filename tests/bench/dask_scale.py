#!/usr/bin/env python3
"""Benchmark: the CLV pipeline on a Dask LocalCluster against one process.

    python3 tests/bench/dask_scale.py [--customers 200000] [--partitions 8] [--workers 2]
                                      [--dir DIR] [--single]

1. Generates --customers synthetic customers from the CDNOW fits (BG/NBD
   r 0.243, alpha 4.414, a 0.793, b 2.426; Gamma-Gamma p 6.25, q 3.74,
   gamma 15.44; seed 20261204) with csat's seeded simulation: births over 12
   weeks, observation to week 78, a trial purchase and the repeats (the last
   at t_x, the others uniform before it, as a Poisson process given its count
   and last time), repeat amounts at the customer's simulated mean spend.
   Written as --partitions CSV files, each customer in one file.
2. On a LocalCluster of --workers processes: transaction summaries (weekly,
   partitioned_by_customer), BG/NBD, Pareto/NBD and Gamma-Gamma fits, and the
   12-month CLV of every customer (summed: customer equity).
3. With --single, the same in one process with pandas and csat, for the ratio.

Prints the time of each step, the fits' round trips, the bytes the fits sent
and received (parameters out; log-likelihood, gradient and Hessian back, per
partition and round trip) and the peak memory (RSS) of each worker. The
Meson benchmark runs it at 200,000 customers; the figures in the notes come
from larger runs of the same command.
"""
import argparse
import os
import resource
import sys
import tempfile
import time

import numpy as np
import pandas as pd

import csat

BG = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
GG = dict(p=6.25, q=3.74, gamma=15.44)
SEED = 20261204
START = np.datetime64("1997-01-01")


def generate(n, parts, folder):
    """Write the transactions; return (files, number of transactions)."""
    rng = np.random.default_rng(SEED)
    birth = rng.uniform(0, 12, n)                      # weeks
    T = 78.0 - birth
    bg = csat.BGNBD()
    bg.params_ = BG
    sim = bg.generate_data(n, T, seed=SEED)
    x, tx = sim["frequency"].to_numpy(), sim["recency"].to_numpy()
    gg = csat.GammaGamma()
    gg.params_ = GG
    spend = gg.generate_data(n, x, seed=SEED + 1)
    zbar = np.asarray(spend["monetary_value"] if "monetary_value" in spend else spend[spend.columns[0]])
    reps = x.astype(np.int64)
    cust = np.repeat(np.arange(n), reps)               # one row per repeat purchase
    last = np.zeros(len(cust), dtype=bool)
    ends = np.cumsum(reps)
    last[ends[reps > 0] - 1] = True
    when = np.where(last, tx[cust], rng.uniform(0, 1, len(cust)) * tx[cust])
    days = np.concatenate([birth, birth[cust] + when]) * 7.0
    ids = np.concatenate([np.arange(n), cust])
    amount = np.concatenate([rng.gamma(GG["p"], GG["gamma"] / (GG["q"] - 1) / GG["p"], n), zbar[cust]])
    dates = (START + np.floor(days).astype("timedelta64[D]")).astype("datetime64[D]").astype(str)
    df = pd.DataFrame({"customer_id": ids, "date": dates, "amount": np.round(amount, 2)})
    files = []
    for p in range(parts):
        path = os.path.join(folder, f"tx-{p:03d}.csv")
        df[df.customer_id % parts == p].to_csv(path, index=False)
        files.append(path)
    return files, len(df)


def timed(label, fn, log):
    t = time.perf_counter()
    out = fn()
    log.append((label, time.perf_counter() - t))
    return out


def cluster_run(files, workers, partitions):
    import dask.dataframe as dd
    import distributed
    import csat.dask as cd
    log = []
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cl, distributed.Client(cl) as client:
        tx = dd.read_csv(files, dtype={"customer_id": "int64", "date": "str", "amount": "float64"},
                         blocksize=None)
        summary = timed("summaries", lambda: cd.summary_data_from_transaction_data(
            tx, "customer_id", "date", "amount", freq="W", observation_period_end="1998-07-01",
            partitioned_by_customer=True).persist(), log)
        timed("summaries (computed)", lambda: distributed.wait(summary), log)
        fits = {}
        for cls in (csat.BGNBD, csat.ParetoNBD):
            fits[cls.__name__] = timed(f"fit {cls.__name__}", lambda: cd.fit(cls(), summary, client=client), log)
        buyers = summary[(summary.frequency > 0) & (summary.monetary_value > 0)]
        fits["GammaGamma"] = timed("fit GammaGamma", lambda: cd.fit(csat.GammaGamma(), buyers, client=client), log)
        valued = summary[(summary.frequency == 0) | (summary.monetary_value > 0)]
        equity = timed("CLV 12 months, summed", lambda: cd.clv(fits["BGNBD"], fits["GammaGamma"], valued,
                                                              n_steps=12, step=4.345).sum().compute(), log)
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return log, fits, equity, rss


def single_run(files):
    log = []
    tx = timed("read", lambda: pd.concat([pd.read_csv(f, dtype={"date": "str"}) for f in files]), log)
    s = timed("summaries", lambda: csat.summary_data_from_transaction_data(
        tx, "customer_id", "date", "amount", freq="W", observation_period_end="1998-07-01"), log)
    fits = {}
    for cls in (csat.BGNBD, csat.ParetoNBD):
        fits[cls.__name__] = timed(f"fit {cls.__name__}",
                                   lambda: cls().fit(s["frequency"], s["recency"], s["T"]), log)
    b = s[(s.frequency > 0) & (s.monetary_value > 0)]
    fits["GammaGamma"] = timed("fit GammaGamma", lambda: csat.GammaGamma().fit(b.frequency, b.monetary_value), log)
    v = s[(s.frequency == 0) | (s.monetary_value > 0)]
    equity = timed("CLV 12 months, summed", lambda: float(np.sum(csat.clv(
        fits["BGNBD"], fits["GammaGamma"], v.frequency, v.recency, v["T"], v.monetary_value,
        n_steps=12, step=4.345).clv)), log)
    return log, fits, equity, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=200000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", help="folder for the files (default: a temporary one)")
    ap.add_argument("--single", action="store_true", help="also run in one process")
    args = ap.parse_args(argv)
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        print(f"dask_scale: skipped: {e}")
        return 77
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        t = time.perf_counter()
        files, n_tx = generate(args.customers, args.partitions, folder)
        print(f"generated {n_tx:,} transactions of {args.customers:,} customers in "
              f"{args.partitions} files ({sum(os.path.getsize(f) for f in files) / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t:.1f} s")
        log, fits, equity, rss = cluster_run(files, args.workers, args.partitions)
        print(f"LocalCluster, {args.workers} workers:")
        for label, sec in log:
            print(f"  {label:28s} {sec:8.2f} s")
        for name, m in fits.items():
            k = len(m.params_)
            trips = m.fit_report_.round_trips
            sent = trips * args.partitions * 8 * k
            back = trips * args.partitions * 8 * (1 + k + k * k)
            print(f"  {name:11s} {trips:2d} round trips, ~{sent + back:,} bytes of statistics moved; {m!r}")
        print(f"  customer equity (12 months) {equity:,.0f}")
        print("  peak RSS per worker: " + ", ".join(f"{v / 1024:.0f} MB" for v in rss.values()))
        if args.single:
            slog, sfits, sequity, srss = single_run(files)
            total_c = sum(s for label, s in log if label != "summaries")
            total_s = sum(s for _, s in slog)
            print("one process:")
            for label, sec in slog:
                print(f"  {label:28s} {sec:8.2f} s")
            print(f"  peak RSS {srss / 1024:.0f} MB; equity {sequity:,.0f}")
            print(f"cluster / one process: {total_c / total_s:.2f} x the time")
            for name in fits:
                a, b = fits[name].params_, sfits[name].params_
                worst = max(abs(a[p] - b[p]) / abs(b[p]) for p in a)
                print(f"  {name}: estimates agree to {worst:.1e} relative")
    return 0


if __name__ == "__main__":
    sys.exit(main())
