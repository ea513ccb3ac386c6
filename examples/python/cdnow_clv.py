#!/usr/bin/env python3
"""CDNOW-style customer-base analysis with pandas: BG/NBD, Gamma-Gamma and CLV.

    python3 examples/python/cdnow_clv.py [FILE] [--calibration-end DATE] [--top N]
                                         [--months N] [--discount R] [--out clv.csv]

The same analysis as the C example examples/cdnow_clv.c: transactions ->
calibration and holdout summaries (lifetimes' calibration_and_holdout_data,
days as periods, weeks as the time unit, purchases on the same day counted
once) -> BG/NBD and Gamma-Gamma fits with standard errors -> the most valuable
customers by discounted CLV, how many are probably lost, and predicted
against actual repeat purchases in the holdout period.

FILE holds one transaction per line, fields separated by blanks, either
"customer_id date count amount" (CDNOW_master.txt) or "other_id customer_id
date count amount" (CDNOW_sample.txt); dates YYYYMMDD or YYYY-MM-DD; one
header line allowed. Default: the bundled tests/data/CDNOW_sample.txt.
--out writes every customer's summary, P(alive), expected purchases and CLV
as CSV. Exit status 1 with a message on any error.
"""
import os
import sys

from example_util import fail, numpy_pandas, parser, read_transactions

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "tests", "data", "CDNOW_sample.txt")


def main(argv=None):
    ap = parser("cdnow_clv.py", __doc__)
    ap.add_argument("file", nargs="?", default=BUNDLED, help="transaction log (default: the bundled sample)")
    ap.add_argument("--calibration-end", help="last day of calibration (default: halfway between the "
                    "first and last date, 1997-09-30 for CDNOW)")
    ap.add_argument("--top", type=int, default=10, help="customers to list (default %(default)s)")
    ap.add_argument("--months", type=int, default=12, help="CLV horizon in months (default %(default)s)")
    ap.add_argument("--discount", type=float, default=0.01, help="discount rate per month (default %(default)s)")
    ap.add_argument("--out", help="write every customer's summary, P(alive) and CLV to this CSV file")
    args = ap.parse_args(argv)
    np, pd = numpy_pandas()
    import csat

    tx = read_transactions(args.file, pd, widths=(4, 5))
    first, last = tx["date"].min(), tx["date"].max()
    if args.calibration_end:
        try:
            cal_end = pd.Timestamp(args.calibration_end)
        except ValueError:
            fail(f"--calibration-end: '{args.calibration_end}' is not a date")
    else:
        cal_end = first + pd.Timedelta(days=(last - first).days // 2)
    if cal_end >= last:
        fail("the calibration end must be before the last date (no holdout otherwise)")
    try:
        s = csat.calibration_and_holdout_data(tx, "customer_id", "date", cal_end, last, freq="D",
                                              freq_multiplier=7, monetary_value_col="amount")
        x, t_x, T = s["frequency_cal"], s["recency_cal"], s["T_cal"]
        z, x_hold = s["monetary_value_cal"], s["frequency_holdout"]
        bg = csat.BGNBD().fit(x, t_x, T)
        # Gamma-Gamma needs a positive spend: repeat buyers whose repeat
        # purchases cost $0 are left out of its fit and get CLV 0.
        usable = ~((x > 0) & (z <= 0))
        gg = csat.GammaGamma().fit(x[usable], z[usable])
        p_alive = pd.Series(np.asarray(bg.p_alive(x, t_x, T)), index=s.index)
        e52 = pd.Series(np.asarray(bg.expected_purchases(52, x, t_x, T)), index=s.index)
        value = pd.Series(0.0, index=s.index)
        value[usable] = np.asarray(csat.clv(bg, gg, x[usable], t_x[usable], T[usable], z[usable],
                                            n_steps=args.months, discount_rate=args.discount).clv)
        horizon = float(s["duration_holdout"].iloc[0])
        e_hold = pd.Series(np.asarray(bg.expected_purchases(horizon, x, t_x, T)), index=s.index)
    except csat.CsatError as e:
        fail(str(e))

    print(f"{args.file}: {len(tx)} transactions, {first.date()} .. {last.date()}")
    print(f"Calibration to {cal_end.date()}: {len(s)} customers, {x.sum():.0f} repeat purchase days")
    print(f"Holdout {(last - cal_end).days} days to {last.date()}\n")
    p, se = bg.params_, bg.standard_errors_
    print(f"BG/NBD on {len(s)} customers (LL {bg.log_likelihood_:.4f}):")
    print("  " + "  ".join(f"{k} {p[k]:.4f} ({se[k]:.4f})" for k in ("r", "alpha", "a", "b")))
    if len(s) == 2357 and x.sum() == 2457 and cal_end == pd.Timestamp("1997-09-30"):
        print("  reference for the CDNOW sample: r 0.2426  alpha 4.4135  a 0.7929  b 2.4258, LL -9582.43\n"
              "  (Fader, Hardie & Lee 2005 and lifetimes' BetaGeoFitter on the published summary)")
    if len(s) == 23570 and x.sum() == 24337 and cal_end == pd.Timestamp("1997-09-30"):
        print("  reference for CDNOW_master.txt: r 0.2516  alpha 4.7889  a 0.7234  b 2.1611, LL -95368.44\n"
              "  (tests/reference/cdnow_master_bgnbd.py: pandas summary, scipy fit)")
    gp, gse = gg.params_, gg.standard_errors_
    left_out = int((~usable).sum())
    print("Gamma-Gamma on the repeat buyers" + (f" ({left_out} with repeat spend $0 left out)" if left_out else "")
          + ":\n  " + "  ".join(f"{k} {gp[k]:.3f} ({gse[k]:.3f})" for k in ("p", "q", "gamma")) + "\n")

    table = pd.DataFrame({"x": x, "t_x": t_x, "T": T, "p_alive": p_alive, "expected_52": e52, "clv": value})
    top = table.sort_values("clv", ascending=False, kind="stable").head(args.top)
    print(f"The {len(top)} most valuable customers ({args.months}-month CLV, {100 * args.discount:g}%/month discount):")
    print(top.to_string(formatters={"x": "{:.0f}".format, "t_x": "{:.2f}".format, "T": "{:.2f}".format,
                                    "p_alive": "{:.3f}".format, "expected_52": "{:.2f}".format,
                                    "clv": "{:.2f}".format}))
    print(f"\nCustomer equity over {args.months} months: ${value.sum():.2f}")
    print(f"Probably lost (P(alive) < 0.5): {(p_alive < 0.5).sum()} of {len(s)} customers")

    print(f"\nCalibration vs holdout ({horizon:.1f} weeks): predicted vs actual repeat purchases per customer")
    group = x.clip(upper=7).astype(int).map(lambda b: f"{b}+" if b == 7 else str(b))
    cmp = pd.DataFrame({"x (cal)": group, "predicted": e_hold, "actual": x_hold.astype(float)})
    by = cmp.groupby("x (cal)").agg(n=("actual", "size"), predicted=("predicted", "mean"), actual=("actual", "mean"))
    print(by.to_string(float_format=lambda v: f"{v:.3f}"))
    print(f"  overall: predicted {e_hold.sum():.1f}, actual {x_hold.sum():.0f} repeat purchases")
    if args.out:
        table.to_csv(args.out)
        print(f"\nwrote {len(table)} customers to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
