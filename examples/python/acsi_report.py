#!/usr/bin/env python3
"""ACSI-style satisfaction index report by PLS path modelling, with pandas.

    python3 examples/python/acsi_report.py [FILE] [--boot N] [--seed S] [--out DIR] [--plots DIR]

Fits the American Customer Satisfaction Index model (Fornell et al. 1996:
expectations, perceived quality and value drive satisfaction, which drives
complaints and loyalty) to a survey with csat.PLSPathModel and prints the
outer model, the path coefficients with bootstrap intervals, reliability,
effects, the 0-100 index per latent variable and the importance-performance
map of satisfaction's drivers.

FILE is a CSV file with a header naming the items ce_overall, ce_custom,
ce_reliab, pq_overall, pq_custom, pq_reliab, pv_price_q, pv_q_price,
sat_overall, sat_expect, sat_ideal, complaint, loy_repurchase,
loy_price_tol, answered on the ACSI's 1-10 scale; an empty cell is a missing
answer (replaced by the item's mean). Default: the bundled
tests/data/acsi_survey.csv (1,000 simulated respondents; see
tests/data/README.md). --out DIR writes each table as a CSV file into DIR;
--plots DIR draws the path diagram and the importance-performance map into
DIR as acsi_path_diagram.png and acsi_ipma.png (needs matplotlib).
Exit status 1 with a message on any error.
"""
import os
import sys

from example_util import fail, numpy_pandas, parser

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "tests", "data", "acsi_survey.csv")
ITEMS = {"expectations": ["ce_overall", "ce_custom", "ce_reliab"],
         "quality": ["pq_overall", "pq_custom", "pq_reliab"],
         "value": ["pv_price_q", "pv_q_price"],
         "satisfaction": ["sat_overall", "sat_expect", "sat_ideal"],
         "complaints": ["complaint"],
         "loyalty": ["loy_repurchase", "loy_price_tol"]}


def main(argv):
    ap = parser("acsi_report.py", __doc__)
    ap.add_argument("file", nargs="?", default=BUNDLED, help="survey CSV (default: the bundled one)")
    ap.add_argument("--boot", type=int, default=500, help="bootstrap resamples (default 500)")
    ap.add_argument("--seed", type=int, default=1, help="bootstrap seed (default 1)")
    ap.add_argument("--out", help="directory for the tables as CSV files")
    ap.add_argument("--plots", help="directory for the path diagram and the IPMA chart (PNG)")
    args = ap.parse_args(argv)
    _np, pd = numpy_pandas()
    import csat
    try:
        data = pd.read_csv(args.file)
    except (OSError, ValueError) as e:
        fail(f"{args.file}: {e}")
    missing = [it for its in ITEMS.values() for it in its if it not in data.columns]
    if missing:
        fail(f"{args.file}: no column {missing[0]!r}")
    try:
        m = csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10), missing="mean").fit(data)
        m.bootstrap(args.boot, seed=args.seed)
        tables = m.summary_tables
        ipma = m.ipma("satisfaction")
    except csat.CsatError as e:
        fail(f"{args.file}: {e}")
    pd.set_option("display.width", 120)
    print(f"ACSI model on {m.n_respondents_:,} respondents: {m.fit_report_['iterations']} iterations, "
          f"GoF {m.gof_:.3f}\n")
    inner = tables["inner"].copy()
    b = m.bootstrap_["paths"]
    inner["boot lower"] = [b[k].lower for k in m._pairs]
    inner["boot upper"] = [b[k].upper for k in m._pairs]
    tables["inner"] = inner
    tables["ipma"] = pd.DataFrame({"importance": {k: v.importance for k, v in ipma.items()},
                                   "performance": {k: v.performance for k, v in ipma.items()}})
    for name in ("outer", "inner", "reliability", "effects", "index", "ipma"):
        print(f"== {name} ==")
        print(tables[name].round(4).to_string())
        print()
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, t in tables.items():
            t.to_csv(os.path.join(args.out, f"acsi_{name}.csv"))
    if args.plots:
        draw_plots(m, args.plots)
    return 0


def draw_plots(m, folder):
    """The path diagram (coefficients, R^2, * for a 95% bootstrap interval without 0) and
    the IPMA of satisfaction, as PNG files."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        fail(f"--plots needs matplotlib ({e})")
    import csat.plotting as cp
    os.makedirs(folder, exist_ok=True)
    for name, size, plot in (("path_diagram", (9, 4.8), lambda ax: cp.plot_path_diagram(m, ax=ax)),
                             ("ipma", (6.4, 4.8), lambda ax: cp.plot_ipma(m, "satisfaction", ax=ax))):
        fig, ax = plt.subplots(figsize=size)
        plot(ax)
        path = os.path.join(folder, f"acsi_{name}.png")
        fig.savefig(path, dpi=90, bbox_inches="tight")
        plt.close(fig)
        print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
