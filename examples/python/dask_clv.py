#!/usr/bin/env python3
"""Customer lifetime value on a Dask cluster, from partitioned transaction files.

    python3 examples/python/dask_clv.py [--transactions 'DIR/*.txt'] [--out top.csv]
                                        [--top 20] [--workers 2] [--weeks 52]

Steps: partitioned transaction files (customer id, date YYYYMMDD, units,
amount; whitespace-separated, one header line) -> lifetimes-style summaries
per customer (weekly periods; shuffled by customer id on the cluster) ->
BG/NBD and Gamma-Gamma fits on the cluster -> discounted CLV over --weeks for
every customer -> the --top customers written to --out (CSV).

Without --transactions it splits the bundled CDNOW_master.txt into six files
in a temporary folder and uses those. It starts a LocalCluster of --workers
processes on 127.0.0.1 (or give --scheduler ADDRESS to use a running one).
Needs dask and distributed (Debian: apt-get install python3-dask
python3-distributed); exits 77 (skipped) without them.
"""
import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "tests", "data", "CDNOW_master.txt")


def split_bundled(folder, parts=6):
    """CDNOW_master.txt as `parts` files of consecutive lines (a customer may span two)."""
    with open(BUNDLED) as f:
        header, lines = f.readline(), f.readlines()
    step = -(-len(lines) // parts)
    paths = []
    for i in range(parts):
        path = os.path.join(folder, f"transactions-{i}.txt")
        with open(path, "w") as out:
            out.write(header)
            out.writelines(lines[i * step:(i + 1) * step])
        paths.append(path)
    return os.path.join(folder, "transactions-*.txt")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--transactions", help="glob of transaction files (default: the bundled CDNOW data, split)")
    ap.add_argument("--out", default="top_customers.csv", help="CSV of the top customers (default %(default)s)")
    ap.add_argument("--top", type=int, default=20, help="customers to write (default %(default)s)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default %(default)s)")
    ap.add_argument("--scheduler", help="address of a running scheduler instead of a LocalCluster")
    ap.add_argument("--weeks", type=float, default=52.0, help="CLV horizon in weeks (default %(default)s)")
    args = ap.parse_args(argv)
    try:
        import dask.dataframe as dd
        import distributed
        import csat
        import csat.dask as cd
    except ImportError as e:
        print(f"dask_clv: skipped: {e}", file=sys.stderr)
        return 77
    if args.top < 1 or args.workers < 1 or not args.weeks > 0:
        ap.error("--top and --workers must be >= 1 and --weeks > 0")
    with tempfile.TemporaryDirectory() as tmp:
        pattern = args.transactions or split_bundled(tmp)
        if args.scheduler:
            cluster, client = None, distributed.Client(args.scheduler)
        else:
            cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                               host="127.0.0.1", dashboard_address=None)
            client = distributed.Client(cluster)
        try:
            t0 = time.perf_counter()
            tx = dd.read_csv(pattern, sep=r"\s+", header=0,
                             names=["customer_id", "date", "units", "amount"],
                             dtype={"customer_id": "int64", "date": "str", "units": "float64",
                                    "amount": "float64"})
            summary = cd.summary_data_from_transaction_data(
                tx, "customer_id", "date", "amount", datetime_format="%Y%m%d", freq="W").persist()
            t1 = time.perf_counter()
            bgnbd = cd.fit(csat.BGNBD(), summary, client=client)
            # Gamma-Gamma: repeat buyers with a positive mean spend (CDNOW has $0 orders)
            buyers = summary[(summary.frequency > 0) & (summary.monetary_value > 0)]
            spend = cd.fit(csat.GammaGamma(), buyers, client=client)
            t2 = time.perf_counter()
            # repeat buyers whose orders were all $0 have no mean spend to model
            valued = summary[(summary.frequency == 0) | (summary.monetary_value > 0)]
            value = cd.clv(bgnbd, spend, valued, n_steps=int(round(args.weeks / 4.345)), step=4.345,
                           discount_rate=0.01)
            top = value.nlargest(args.top).compute()
            t3 = time.perf_counter()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    top.to_frame("clv").to_csv(args.out, index_label="customer_id")
    print(f"{bgnbd!r}\n  {bgnbd.fit_report_.round_trips} round trips")
    print(f"{spend!r}\n  {spend.fit_report_.round_trips} round trips")
    print(f"summaries {t1 - t0:.2f} s, fits {t2 - t1:.2f} s, CLV {t3 - t2:.2f} s")
    print(f"top {len(top)} customers by CLV -> {args.out}")
    print(top.head(5).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
