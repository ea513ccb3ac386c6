#!/usr/bin/env python3
"""Customer segmentation of a transaction log with pandas.

    python3 examples/python/segments.py [FILE] [--date DATE] [--out segments.csv]

The same analysis as the C example examples/segments.c: per-customer
recency (days), frequency (transactions) and spend computed with pandas ->
RFM scores and the R rfm v0.3 segments, value tiers, the customer pyramid,
an ABC curve with its Gini, lifecycle stages, and k-means (k = 5) on
standardised recency, log frequency and log(1 + spend), with its elbow and
silhouette.

FILE holds one transaction per line, 4 fields separated by blanks:
customer_id date count amount (dates YYYYMMDD or YYYY-MM-DD; one header line
allowed). Default: the bundled tests/data/CDNOW_master.txt (23,570
customers). --date is the analysis date (default: the day after the last
date). --out writes every customer's features, scores, segment, tier, stage
and cluster as CSV. Exit status 1 with a message on any error.
"""
import os
import sys

from example_util import fail, numpy_pandas, parser, read_transactions

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "tests", "data", "CDNOW_master.txt")


def main(argv=None):
    ap = parser("segments.py", __doc__)
    ap.add_argument("file", nargs="?", default=BUNDLED, help="transaction log (default: the bundled CDNOW_master.txt)")
    ap.add_argument("--date", help="analysis date (default: the day after the last date in FILE)")
    ap.add_argument("--out", help="write every customer's features and segments to this CSV file")
    args = ap.parse_args(argv)
    np, pd = numpy_pandas()
    import csat

    tx = read_transactions(args.file, pd)
    last = tx["date"].max()
    try:
        now = pd.Timestamp(args.date) if args.date else last + pd.Timedelta(days=1)
    except ValueError:
        fail(f"--date: '{args.date}' is not a date")
    if now <= last:
        fail(f"--date must be after the last date in {args.file}")
    # recency: days from the last purchase to the analysis date; frequency:
    # transactions; monetary: total spend (as the C example's store columns)
    g = tx.groupby("customer_id")
    c = pd.DataFrame({"recency": (now - g["date"].max()).dt.days.astype(float),
                      "frequency": g.size().astype(float), "monetary": g["amount"].sum()})
    revenue = c["monetary"].sum()
    pd.set_option("display.width", 120)
    try:
        rfm = csat.rfm_scores(c["recency"], c["frequency"], c["monetary"])
        c["R"], c["F"], c["M"] = rfm.r, rfm.f, rfm.m
        check = csat.rfm_table_validate("r_v03")
        seg = csat.rfm_segments(rfm.r, rfm.f, rfm.m, "r_v03")
        c["segment"] = seg.names
        tiers = csat.value_tiers(c["frequency"], c["monetary"])
        c["tier"] = tiers.names
        pyr_rank = csat.pyramid(c["monetary"], rule="rank")
        pyr_share = csat.pyramid(c["monetary"], rule="share")
        c["pyramid"] = pyr_rank.names
        a = csat.abc(c["monetary"])
        c["abc"] = a.names
        store = csat.Customers()
        epoch = pd.Timestamp("1970-01-01")
        store.add(tx["customer_id"].to_numpy(np.uint64), (tx["date"] - epoch).dt.days.to_numpy(float),
                  tx["amount"].to_numpy(float))
        life = csat.lifecycle_from_store(store, float((now - epoch).days))
        c["stage"] = pd.Series(life.names, index=pd.Index(np.asarray(life.ids).astype(np.int64))).reindex(c.index)
        X = np.column_stack([c["recency"], np.log(c["frequency"]), np.log1p(c["monetary"])])
        sd = X.std(axis=0)
        X = (X - X.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
        km = csat.KMeans(k=5, seed=2024, n_init=5)
        elbow = km.elbow(X, 2, 8)
        km.fit(X)
        c["cluster"] = np.asarray(km.labels_)
        sil = csat.silhouette(X, c["cluster"], k=5, sample=3000, seed=7)
    except csat.CsatError as e:
        fail(str(e))

    def profile(by, order):
        t = c.groupby(by).agg(count=("monetary", "size"), revenue=("monetary", "sum"), med_rec=("recency", "median"),
                              med_freq=("frequency", "median"), med_spend=("monetary", "median"))
        t = t.reindex(order).fillna({"count": 0, "revenue": 0})
        t["revenue"] = 100 * t["revenue"] / revenue
        return t.to_string(formatters={"count": "{:.0f}".format, "revenue": "{:.1f}%".format,
                                       "med_rec": "{:.0f}".format, "med_freq": "{:.0f}".format,
                                       "med_spend": "{:.2f}".format})

    b = rfm.breaks
    print(f"{args.file}: {len(tx)} transactions, {len(c)} customers, revenue ${revenue:.2f}, "
          f"analysis date {now.date()}\n")
    print("RFM scores (5 bins, rank rule, ties kept together). Break points:")
    print("  recency   (days): " + " ".join(f"{v:g}" for v in b["recency"]))
    print("  frequency:        " + " ".join(f"{v:g}" for v in b["frequency"]))
    print("  monetary:         " + " ".join(f"{v:g}" for v in b["monetary"]))
    print(f"Segment table R rfm v0.3: {check.n_cells} cells, {check.uncovered} fall to \"Others\", "
          f"{check.overlap_cells} overlap, {len(check.unreachable)} rules never assigned\n")
    print(profile("segment", list(seg.counts)))
    print(f"\nValue tiers (high = above the median: frequency > {tiers.cuts[0]:g}, spend > ${tiers.cuts[1]:.2f}):")
    print("  " + ", ".join(f"{k} {v}" for k, v in tiers.counts.items()))
    print("Pyramid by rank (20/50%, spend as profit): " + " ".join(f"{k} {v}" for k, v in pyr_rank.counts.items()))
    print("Pyramid by spend share (20/50%):            " + " ".join(f"{k} {v}" for k, v in pyr_share.counts.items()))
    print("\nABC (80/95): " + ", ".join(f"{k} {a.counts[k]} customers ({100 * a.shares[k]:.1f}% of revenue)"
                                        for k in a.counts))
    curve = np.asarray(a.curve)
    print(f"Gini {a.gini:.3f}; top 20% of customers hold {100 * a.top_share:.1f}% of revenue")
    print("Concentration curve: " + " ".join(f"{10 * d}%:{curve[int(len(c) * d / 10.0)]:.2f}" for d in range(1, 11)))
    print("\nLifecycle (purchases in the last 90 days vs the 90 before, +-25%, tenure >= 180 d):")
    print("  " + ", ".join(f"{k} {v}" for k, v in c["stage"].value_counts().reindex(
        ["acquisition", "growth", "maturity", "decline"], fill_value=0).items()))
    print("\nk-means elbow (standardised units, k = 2..8): " + " ".join(f"{v:.0f}" for v in elbow.values()))
    print(f"k = 5 (5 restarts, seed 2024): inertia {km.inertia_:.1f}, {km.n_iter_} iterations, "
          f"silhouette (3000-row sample) {sil:.3f}")
    print(profile("cluster", list(range(5))))
    if args.out:
        c.to_csv(args.out)
        print(f"\nwrote {len(c)} customers to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
