#!/usr/bin/env python3
"""Satisfaction and loyalty report of a survey CSV, with pandas.

    python3 examples/python/survey_report.py [FILE] [--complaints N] [--out DIR]

The same report as the C example examples/survey_report.c: Kano categories
with Better/Worse, SERVQUAL gaps by dimension, zone of tolerance,
importance-performance quadrants with derived importance, NPS with three
intervals, CSAT, Jones & Sasser loyalty types, a one-year retention forecast
and the complaint iceberg.

FILE is a CSV file with a header line naming the columns kano_f1..4,
kano_d1..4 (1..5), sq_e1..22, sq_p1..22 (1..7), sq_w1..5 (100-point
weights), zot_a1..5, zot_d1..5, zot_p1..5 (1..9), imp1..5, perf1..5,
overall (1..5), nps (0..10), csat (1..5), repurchase (1..5); other columns
are ignored, an empty cell is a missing answer. Default: the bundled
tests/data/survey.csv (500 synthetic respondents). --out DIR writes each
table as a CSV file into DIR. Exit status 1 with a message on any error.
"""
import os
import sys

from example_util import fail, numpy_pandas, parser, read_csv_rows

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "tests", "data", "survey.csv")
DIMENSIONS = ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"]
FEATURES = ["Mobile app", "Loyalty perks", "Secure payment", "Gift wrapping"]
ATTRIBUTES = ["Delivery speed", "Product range", "Price", "Store layout", "Staff advice"]
TYPES = ["loyalist", "apostle", "mercenary", "hostage", "defector", "terrorist"]


def read_survey(path, pd):
    """The survey as a float frame; exits naming FILE:LINE on a malformed line."""
    header, rows = read_csv_rows(path)
    data, lines = [], []
    for number, row in rows:
        values = []
        for j, cell in enumerate(row):
            try:
                values.append(float(cell) if cell.strip() else float("nan"))
            except ValueError:
                fail(f"{path}:{number}: column {j + 1} ({header[j]}): '{cell}' is not a number")
        data.append(values)
        lines.append(number)
    return pd.DataFrame(data, columns=header, index=pd.Index(lines, name="line"))


def main(argv=None):
    ap = parser("survey_report.py", __doc__)
    ap.add_argument("file", nargs="?", default=BUNDLED, help="survey CSV (default: the bundled survey.csv)")
    ap.add_argument("--complaints", type=float, default=10.0,
                    help="complaints received, for the complaint iceberg (default %(default)s)")
    ap.add_argument("--out", help="write each table as a CSV file into this folder")
    args = ap.parse_args(argv)
    np, pd = numpy_pandas()
    import csat

    d = read_survey(args.file, pd)

    def cols(prefix, k=None):
        names = [prefix] if k is None else [f"{prefix}{i}" for i in range(1, k + 1)]
        for name in names:
            if name not in d.columns:
                fail(f"{args.file}:1: no column '{name}' in the header (try --help)")
        return d[names].to_numpy(float) if k is not None else d[name].to_numpy(float)

    bad = d.index[~d["csat"].isin([1, 2, 3, 4, 5])] if "csat" in d.columns else []
    if len(bad):
        fail(f"{args.file}:{bad[0]}: csat: '{d.loc[bad[0], 'csat']:g}' is not a whole number in 1..5")
    tables = {}
    try:
        f, dys = cols("kano_f", 4), cols("kano_d", 4)
        k, k_near = csat.kano(f, dys), csat.kano(f, dys, rule="near_tie")
        kano = pd.DataFrame(np.asarray(k["counts"]), index=pd.Index(FEATURES, name="feature"),
                            columns=list("AOMIRQ"))
        kano["mode"], kano["near-tie"] = k["category"], k_near["category"]
        kano["Better"], kano["Worse"] = k["better"], k["worse"]
        kano["TS %"], kano["CS %"] = 100 * np.asarray(k["total_strength"]), 100 * np.asarray(k["category_strength"])
        kano["Fong"] = ["sig." if s else "n.s." for s in k["fong_significant"]]
        tables["kano"] = kano

        sq = csat.servqual(cols("sq_p", 22), cols("sq_e", 22), weights=cols("sq_w", 5), nan_policy="skip")
        servqual = pd.DataFrame({"gap": sq["dimensions"], "SE": sq["dimensions_se"]},
                                index=pd.Index(DIMENSIONS, name="dimension"))
        servqual.loc["unweighted"] = [sq["overall"], sq["overall_se"]]
        servqual.loc["weighted"] = [sq["weighted"], sq["weighted_se"]]
        tables["servqual"] = servqual

        z = csat.zot(cols("zot_a", 5), cols("zot_d", 5), cols("zot_p", 5), item_dimension=list(range(5)),
                     n_dimensions=5)["dimensions"]
        zot = pd.DataFrame({"A": z["adequate"], "D": z["desired"], "P": z["perceived"], "MSA": z["msa"],
                            "MSS": z["mss"], "mean": z["position"]}, index=pd.Index(DIMENSIONS, name="dimension"))
        n = np.asarray(z["n"], float)
        for name in ("below", "within", "above"):
            zot[name + " %"] = 100 * np.asarray(z["n_" + name], float) / n
        tables["zot"] = zot

        imp, perf = cols("imp", 5), cols("perf", 5)
        i = csat.ipa(imp.mean(axis=0), perf.mean(axis=0))
        ipa = pd.DataFrame({"I": imp.mean(axis=0), "P": perf.mean(axis=0), "quadrant": i["quadrant"],
                            "I - P": i["gap"], "above diagonal": i["diagonal_priority"],
                            "derived": csat.derived_importance(perf, cols("overall"), method="regression")},
                           index=pd.Index(ATTRIBUTES, name="attribute"))
        tables["ipa"] = ipa

        nps = csat.nps(cols("nps"))
        intervals = {m: nps.interval(method=m) for m in ("wald", "adjusted_wald", "score")}
        share = csat.csat_score(cols("csat"))
        js = pd.Series(csat.jones_sasser(cols("csat"), cols("repurchase")), index=d.index)
        loyalty = js.value_counts().reindex(TYPES, fill_value=0).rename("customers").to_frame()
        loyalty["%"] = 100 * loyalty["customers"] / len(d)
        tables["loyalty"] = loyalty
        counts = d["csat"].astype(int).value_counts().sort_index()
        forecast = csat.retention_forecast({int(r): float(c) for r, c in counts.items()}, 120.0)
        ice = csat.iceberg(args.complaints, 120.0, 60.0)
    except csat.CsatError as e:
        fail(str(e))

    pd.set_option("display.width", 120)
    print(f"Survey report for {args.file} ({len(d)} respondents)\n")
    print("KANO (A attractive, O one-dimensional, M must-be, I indifferent, R reverse, Q questionable)")
    print(kano.to_string(float_format=lambda v: f"{v:.3f}", formatters={c: "{:.0f}".format for c in
                                                                          ["A", "O", "M", "I", "R", "Q", "TS %", "CS %"]}))
    print(f"\nSERVQUAL gaps P - E (1..7; {sq['n_skipped']} missing answers skipped, "
          f"{sq['n_complete']} complete respondents)")
    print(servqual.to_string(float_format=lambda v: f"{v:.3f}"))
    print("\nZONE OF TOLERANCE (1..9: adequate A, desired D, perceived P)")
    print(zot.to_string(float_format=lambda v: f"{v:.2f}", formatters={c: "{:.0f}".format for c in
                                                                         ["below %", "within %", "above %"]}))
    print(f"\nIMPORTANCE-PERFORMANCE (1..5; crosshair at the means I {i['importance_cut']:.2f}, "
          f"P {i['performance_cut']:.2f}; derived = regression on overall)")
    print(ipa.to_string(float_format=lambda v: f"{v:.3f}"))
    print(f"\nNPS {nps.score:.1f} points (promoters {nps.promoters:.0f}, passives {nps.passives:.0f}, "
          f"detractors {nps.detractors:.0f}; SE {nps.se:.2f})")
    for m, ci in intervals.items():
        print(f"  95% {m.replace('_', ' '):<14} [{ci.lower:6.1f}, {ci.upper:6.1f}]")
    print(f"\nCSAT (top-2 box of 1..5) {share.percent:.1f}% (SE {share.se:.1f}, {share.count} of {share.n})")
    print("\nLOYALTY TYPES (Jones & Sasser: satisfaction x repurchase intention, high >= 4)")
    print(loyalty.to_string(float_format=lambda v: f"{v:.1f}"))
    print(f"\nONE-YEAR RETENTION (textbook table) of {forecast.customers:.0f} customers: "
          f"{forecast.retained_mid:.0f} expected ({forecast.retained_low:.0f}-{forecast.retained_high:.0f}), "
          f"revenue {forecast.revenue_mid:.0f} at 120 per customer")
    print(f"\nCOMPLAINT ICEBERG (TARP defaults) for {args.complaints:.0f} complaints: {ice.dissatisfied:.0f} "
          f"dissatisfied, {ice.silent:.0f} silent, {ice.lost:.0f} lost,\n  {ice.word_of_mouth:.0f} word-of-mouth "
          f"exposures, revenue at risk {ice.revenue_at_risk:.0f}, replacing them costs "
          f"{ice.replacement_cost:.0f} (keeping them {ice.retention_cost:.0f})")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, table in tables.items():
            table.to_csv(os.path.join(args.out, f"{name}.csv"))
        print(f"\nwrote {', '.join(f'{n}.csv' for n in tables)} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
