#!/usr/bin/env python3
"""Benchmark: the CLV pipeline on a Dask LocalCluster against one process.

    python3 tests/bench/dask_scale.py [--customers 5000000] [--transactions 50000000]
                                      [--partitions 16] [--workers 2] [--dir DIR] [--single]

The issue's size is --customers 5000000 --transactions 50000000 (run by hand);
the Meson benchmark (meson test -C build --benchmark dask_scale) runs 100,000
customers and 1,000,000 transactions.

1. Generates --customers synthetic customers from the CDNOW fits (BG/NBD
   r 0.243, alpha 4.414, a 0.793, b 2.426; Gamma-Gamma p 6.25, q 3.74,
   gamma 15.44; seed 20261204) with csat's seeded simulation: births over 12
   weeks, observation to week 78, a trial purchase and the repeats (the last
   at t_x, the others uniform before it, as a Poisson process given its count
   and last time), repeat amounts at the customer's simulated mean spend.
   CDNOW's customers make 2.8 transactions each in 78 weeks; to put
   --transactions / --customers of them (10 at the issue's size) in the same
   window, the purchase rate is k times CDNOW's (alpha = 4.414 / k, k solved
   from BG/NBD's E[X(t)]; r, a, b and the spend model unchanged); --rate 1
   keeps CDNOW's rate (then 50 M transactions need 18 M customers). Times
   are whole days since 1970-01-01. Written as --partitions .npz files, each
   customer in one file (customer id modulo the number of files).
2. On a LocalCluster of --workers processes (one thread each), reading the
   files on the workers: transaction summaries (daily periods counted in
   weeks, partitioned_by_customer), BG/NBD, Pareto/NBD and Gamma-Gamma fits,
   and the 12-month CLV of every customer (kept on the workers; summed:
   customer equity).
3. With --single, the same in one process with numpy, pandas and csat, for
   the ratio.

Reports each step's time; each fit's round trips and the bytes it moved
between the client and the workers (the pickled parameters sent with the
tasks and the pickled partial sums gathered, counted by csat.dask); and each
worker's peak memory per step: the worker process's peak resident set
(VmHWM of /proc/self/status, reset between steps by writing 5 to
/proc/self/clear_refs, Linux >= 4.0), read inside each worker with
client.run. The one-process run reports its own peak the same way.
"""
import argparse
import math
import os
import sys
import tempfile
import time

import numpy as np
import pandas as pd

import csat

BG = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
GG = dict(p=6.25, q=3.74, gamma=15.44)
SEED = 20261204
DAY0 = 9862.0            # 1997-01-01, in days since 1970-01-01
END = DAY0 + 78 * 7 - 1  # the last observed day (week 78)
COLS = ("customer_id", "day", "amount")


def rate_factor(customers, transactions):
    """k such that the expected transactions per customer (1 + E[X(T)], T uniform over
    the 66..78-week windows) is transactions / customers at alpha = 4.414 / k."""
    want = transactions / customers - 1.0
    bg = csat.BGNBD()
    bg.params_ = BG
    grid = 78.0 - (np.arange(48) + 0.5) / 4.0  # midpoints of the 12-week birth window

    def mean_repeats(k):  # BG/NBD: E[X(t)] at alpha / k is E[X(k t)] at alpha
        return float(np.mean([bg.expected_purchases_new(k * t) for t in grid]))
    lo, hi = 1e-3, 1e6
    for _ in range(100):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if mean_repeats(mid) < want else (lo, mid)
    return math.sqrt(lo * hi)


def generate(n, k, parts, folder):
    """Write the transactions; return (files, number of transactions)."""
    rng = np.random.default_rng(SEED)
    birth = rng.uniform(0, 12, n)                      # weeks
    T = 78.0 - birth
    bg = csat.BGNBD()
    bg.params_ = dict(BG, alpha=BG["alpha"] / k)
    sim = bg.generate_data(n, T, seed=SEED)
    x, tx = sim["frequency"].to_numpy(), sim["recency"].to_numpy()
    del sim
    gg = csat.GammaGamma()
    gg.params_ = GG
    spend = gg.generate_data(n, x, seed=SEED + 1)
    zbar = np.asarray(spend["monetary_value"] if "monetary_value" in spend else spend[spend.columns[0]])
    del spend
    reps = x.astype(np.int64)
    cust = np.repeat(np.arange(n), reps)               # one row per repeat purchase
    last = np.zeros(len(cust), dtype=bool)
    ends = np.cumsum(reps)
    last[ends[reps > 0] - 1] = True
    when = rng.uniform(0, 1, len(cust))
    when *= tx[cust]
    when[last] = tx[cust[last]]
    when += birth[cust]
    day = np.concatenate([birth, when])
    del when, last
    day *= 7.0
    np.floor(day, out=day)
    day += DAY0
    ids = np.concatenate([np.arange(n), cust])
    amount = np.concatenate([rng.gamma(GG["p"], GG["gamma"] / (GG["q"] - 1) / GG["p"], n), zbar[cust]])
    del cust
    np.round(amount, 2, out=amount)
    order = np.argsort(ids % parts, kind="stable")
    bounds = np.searchsorted((ids % parts)[order], np.arange(parts + 1))
    files = []
    for p in range(parts):
        rows = order[bounds[p]:bounds[p + 1]]
        path = os.path.join(folder, f"tx-{p:03d}.npz")
        np.savez(path, customer_id=ids[rows], day=day[rows], amount=amount[rows])
        files.append(path)
    return files, len(ids)


def load(path):
    """One file as a pandas DataFrame (run on the workers)."""
    with np.load(path) as z:
        return pd.DataFrame({c: z[c] for c in COLS})


def peak_and_reset():
    """This process's peak resident set since the last reset, in bytes; then reset it."""
    with open("/proc/self/status") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # no reset: the peaks are cumulative
    return kib * 1024


def timed(label, fn, log, peaks):
    t = time.perf_counter()
    out = fn()
    log.append((label, time.perf_counter() - t, peaks()))
    return out


SUMMARY = dict(freq="D", freq_multiplier=7, observation_period_end=END)


def cluster_run(files, workers):
    import dask
    import dask.dataframe as dd
    import distributed
    import csat.dask as cd
    log = []
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cl, distributed.Client(cl) as client:
        def peaks():
            return client.run(peak_and_reset)
        peaks()
        meta = pd.DataFrame({"customer_id": pd.Series(dtype="int64"), "day": pd.Series(dtype=float),
                             "amount": pd.Series(dtype=float)})
        tx = dd.from_delayed([dask.delayed(load)(f) for f in files], meta=meta)
        summary = cd.summary_data_from_transaction_data(tx, "customer_id", "day", "amount",
                                                        partitioned_by_customer=True, **SUMMARY)

        def persisted(frame):
            frame = frame.persist()
            distributed.wait(frame)
            return frame
        summary = timed("read + summaries", lambda: persisted(summary), log, peaks)
        fits = {}
        for cls in (csat.BGNBD, csat.ParetoNBD):
            fits[cls.__name__] = timed(f"fit {cls.__name__}", lambda: cd.fit(cls(), summary, client=client),
                                       log, peaks)
        buyers = summary[(summary.frequency > 0) & (summary.monetary_value > 0)]
        fits["GammaGamma"] = timed("fit GammaGamma", lambda: cd.fit(csat.GammaGamma(), buyers, client=client),
                                   log, peaks)
        valued = summary[(summary.frequency == 0) | (summary.monetary_value > 0)]

        def clv():
            v = persisted(cd.clv(fits["BGNBD"], fits["GammaGamma"], valued, n_steps=12, step=4.345))
            return v.sum().compute(), len(v)
        (equity, n_clv) = timed("CLV 12 months, every customer", clv, log, peaks)
        n_customers = len(summary)
    return log, fits, equity, n_clv, n_customers


def single_run(files):
    log = []

    def peaks():
        return {"this process": peak_and_reset()}
    peaks()
    tx = timed("read", lambda: pd.concat([load(f) for f in files], ignore_index=True), log, peaks)
    s = timed("summaries", lambda: csat.summary_data_from_transaction_data(
        tx, "customer_id", "day", "amount", **SUMMARY), log, peaks)
    del tx
    fits = {}
    for cls in (csat.BGNBD, csat.ParetoNBD):
        fits[cls.__name__] = timed(f"fit {cls.__name__}",
                                   lambda: cls().fit(s["frequency"], s["recency"], s["T"]), log, peaks)
    b = s[(s.frequency > 0) & (s.monetary_value > 0)]
    fits["GammaGamma"] = timed("fit GammaGamma", lambda: csat.GammaGamma().fit(b.frequency, b.monetary_value),
                               log, peaks)
    v = s[(s.frequency == 0) | (s.monetary_value > 0)]
    equity = timed("CLV 12 months, every customer", lambda: float(np.sum(csat.clv(
        fits["BGNBD"], fits["GammaGamma"], v.frequency, v.recency, v["T"], v.monetary_value,
        n_steps=12, step=4.345).clv)), log, peaks)
    return log, fits, equity


def mib(b):
    return f"{b / 2**20:,.0f} MiB"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=100000)
    ap.add_argument("--transactions", type=int, default=None,
                    help="target number of transactions (default: 10 per customer)")
    ap.add_argument("--rate", type=float, default=None,
                    help="purchase rate as a multiple of CDNOW's (default: from --transactions)")
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dir", help="folder for the files (default: a temporary one)")
    ap.add_argument("--single", action="store_true", help="also run in one process")
    args = ap.parse_args(argv)
    try:
        import distributed  # noqa: F401
    except ImportError as e:
        print(f"dask_scale: skipped: {e}")
        return 77
    want = args.transactions or 10 * args.customers
    k = args.rate if args.rate is not None else rate_factor(args.customers, want)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        t = time.perf_counter()
        files, n_tx = generate(args.customers, k, args.partitions, folder)
        print(f"generated {n_tx:,} transactions of {args.customers:,} customers (purchase rate "
              f"{k:.3f} x CDNOW's, alpha {BG['alpha'] / k:.4f}) in {args.partitions} files "
              f"({sum(os.path.getsize(f) for f in files) / 1e6:,.0f} MB) in {time.perf_counter() - t:.1f} s",
              flush=True)
        log, fits, equity, n_clv, n_customers = cluster_run(files, args.workers)
        print(f"LocalCluster, {args.workers} workers (1 thread each), {args.partitions} partitions:")
        for label, sec, peaks in log:
            print(f"  {label:30s} {sec:8.2f} s   peak RSS per worker: "
                  + ", ".join(mib(v) for v in peaks.values()))
        total_c = sum(sec for _, sec, _ in log)
        print(f"  {'total':30s} {total_c:8.2f} s   peak RSS per worker over the run: "
              + ", ".join(mib(max(p[w] for _, _, p in log)) for w in log[0][2]))
        for name, m in fits.items():
            r = m.fit_report_
            print(f"  {name:11s} {r.round_trips:2d} round trips, {r.bytes_out:,} bytes out, "
                  f"{r.bytes_in:,} bytes in; {m!r}")
            print(f"  {'':11s} trips (load, start, Newton...): "
                  + ", ".join(f"{sec:.3f}" for sec in r.trip_seconds) + " s")
        print(f"  {n_customers:,} customers; CLV of {n_clv:,}; customer equity (12 months) {equity:,.0f}",
              flush=True)
        if args.single:
            slog, sfits, sequity = single_run(files)
            total_s = sum(sec for _, sec, _ in slog)
            print("one process:")
            for label, sec, peaks in slog:
                print(f"  {label:30s} {sec:8.2f} s   peak RSS {mib(peaks['this process'])}")
            print(f"  {'total':30s} {total_s:8.2f} s; equity {sequity:,.0f}")
            print(f"cluster / one process: {total_c / total_s:.2f} x the time")
            for name in fits:
                a, b = fits[name].params_, sfits[name].params_
                worst = max(abs(a[p] - b[p]) / abs(b[p]) for p in a)
                print(f"  {name}: estimates agree to {worst:.1e} relative")
    return 0


if __name__ == "__main__":
    sys.exit(main())
