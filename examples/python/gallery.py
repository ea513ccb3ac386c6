#!/usr/bin/env python3
"""Every plot of csat.plotting, drawn from the bundled data into a folder.

    python3 examples/python/gallery.py OUTDIR [--readme DIR] [--dpi 90]

Data (tests/data, see its README): the CDNOW sample (2,357 customers, weeks; Fader,
Hardie & Lee 2005) for the churn and CLV plots, the full CDNOW log for segmentation,
the Telco churn data for survival and churn scoring, the synthetic survey for the
satisfaction plots, Fader & Hardie's (2007) "regular" cohort for the sBG, and the
tractor example of examples/delivered_value.c for delivered value. One PNG per plot
in OUTDIR; --readme DIR also writes the README's three pictures (tracking plot,
P(alive) matrix, Kano chart) into DIR. Needs matplotlib, numpy and pandas; exits 77
(skipped) without them.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "tests", "data")
README_PICTURES = {"cumulative_transactions": "tracking.png",
                   "probability_alive_matrix": "p_alive_matrix.png", "kano": "kano.png"}


def cdnow_summary(pd):
    s = pd.read_csv(os.path.join(DATA, "cdnow_customers_summary_with_transactions.csv"))
    return s.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})


def cdnow_transactions(pd, name="CDNOW_sample.txt", header=None):
    cols = ["id", "date", "cds", "amount"]
    tx = pd.read_csv(os.path.join(DATA, name), sep=r"\s+", header=header,
                     names=None if header is not None else ["master"] + cols,
                     dtype={"date": str, "master": str} if header is None else {"date": str})
    if header is not None:
        tx.columns = cols
    return tx[cols]


def churn_plots(csat, cp, pd, draw):
    s = cdnow_summary(pd)
    bg = csat.BGNBD().fit(s["frequency"], s["recency"], s["T"])
    rep = s[s["frequency"] > 0]
    gg = csat.GammaGamma().fit(rep["frequency"], rep["monetary_value"])
    f, r, T, m = s["frequency"], s["recency"], s["T"], s["monetary_value"]
    draw("frequency_recency_matrix", lambda ax: cp.plot_frequency_recency_matrix(
        bg, max_frequency=20, max_recency=39, T=39, ax=ax))
    draw("probability_alive_matrix", lambda ax: cp.plot_probability_alive_matrix(
        bg, max_frequency=20, max_recency=39, ax=ax))
    draw("period_transactions", lambda ax: cp.plot_period_transactions(bg, f, r, T, ax=ax))
    draw("transaction_rate_heterogeneity",
         lambda ax: cp.plot_transaction_rate_heterogeneity(bg, ax=ax))
    draw("dropout_rate_heterogeneity", lambda ax: cp.plot_dropout_rate_heterogeneity(bg, ax=ax))
    draw("clv_distribution", lambda ax: cp.plot_clv_distribution(bg, gg, f, r, T, m, ax=ax))
    draw("customer_equity", lambda ax: cp.plot_customer_equity(bg, gg, f, r, T, m, ax=ax))

    # calendar time: the transaction log, days grouped into weeks (the model is in weeks)
    tx = cdnow_transactions(pd)
    track = dict(datetime_col="date", customer_id_col="id", datetime_format="%Y%m%d",
                 freq="D", freq_multiplier=7)
    draw("cumulative_transactions", lambda ax: cp.plot_cumulative_transactions(
        bg, tx, t=78 * 7, t_cal=39 * 7, ax=ax, **track))
    draw("incremental_transactions", lambda ax: cp.plot_incremental_transactions(
        bg, tx, t=78 * 7, t_cal=39 * 7, ax=ax, **track))
    ch = csat.calibration_and_holdout_data(tx, "id", "date", calibration_period_end="19970930",
                                           observation_period_end="19980630",
                                           datetime_format="%Y%m%d", freq="D", freq_multiplier=7)
    cal = csat.BGNBD().fit(ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    draw("calibration_purchases_vs_holdout_purchases",
         lambda ax: cp.plot_calibration_purchases_vs_holdout_purchases(cal, ch, ax=ax))
    when = pd.to_datetime(tx["date"], format="%Y%m%d").groupby(tx["id"])
    span = (when.max() - when.min()).dt.days.where(when.size() >= 6, -1)
    one = tx[tx["id"] == span.idxmax()]  # a loyal customer whose purchases span the longest
    draw("history_alive", lambda ax: cp.plot_history_alive(
        bg, 78, one, "date", freq="W", datetime_format="%Y%m%d", ax=ax))


def retention_plots(csat, cp, pd, np, draw):
    t = pd.read_csv(os.path.join(DATA, "telco_churn.csv"))
    churned = (t["churn"] == "Yes").astype(int)
    contracts = ["Month-to-month", "One year", "Two year"]
    group = t["contract"].map({c: i for i, c in enumerate(contracts)})
    draw("kaplan_meier", lambda ax: cp.plot_kaplan_meier(
        t["tenure"], churned, groups=group, labels=contracts, at=[0, 12, 24, 36, 48, 60, 72],
        ax=ax), size=(7, 5.5))
    X = t[["tenure", "monthly_charges", "senior_citizen", "paperless_billing"]]
    X = X.assign(month_to_month=(t["contract"] == "Month-to-month").astype(float))
    scores = np.asarray(csat.LogisticChurn().fit(X, churned).predict_proba(X))[:, 1]
    draw("roc", lambda ax: cp.plot_roc(scores, churned, ax=ax))
    draw("lift", lambda ax: cp.plot_lift(scores, churned, ax=ax))
    draw("cumulative_gains", lambda ax: cp.plot_cumulative_gains(scores, churned, ax=ax))
    draw("campaign_profit", lambda ax: cp.plot_campaign_profit(
        scores, churned, customer_value=500, contact_cost=5, incentive_cost=50,
        acceptance_rate=0.3, ax=ax))
    regular = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007), years 0-7
    sbg = csat.SBG().fit(regular[:5])
    draw("sbg_survival", lambda ax: cp.plot_sbg_survival(sbg, regular, horizon=12, ax=ax))
    draw("sbg_retention", lambda ax: cp.plot_sbg_retention(sbg, regular, horizon=12, ax=ax))
    tx = cdnow_transactions(pd)
    days = (pd.to_datetime(tx["date"], format="%Y%m%d") - pd.Timestamp("1997-01-01")).dt.days
    draw("cohort_retention", lambda ax: cp.plot_cohort_retention(
        tx["id"], days.astype(float), tx["amount"], period=30.0, n_offsets=12, ax=ax),
        size=(9, 3.5))
    # Cox proportional-hazards check (issue 15): does the effect of the monthly charge
    # on churn change with tenure?
    cox = csat.CoxPH().fit(X[["monthly_charges", "senior_citizen", "paperless_billing"]],
                           t["tenure"], churned, strata=t["contract"])
    draw("schoenfeld", lambda ax: cp.plot_schoenfeld(cox, "monthly_charges", ax=ax))


def survey_plots(csat, cp, pd, draw):
    s = pd.read_csv(os.path.join(DATA, "survey.csv"))
    cols = lambda p, n: s[[f"{p}{i}" for i in range(1, n + 1)]].to_numpy(dtype=float)  # noqa: E731
    features = ["mobile app", "same-day delivery", "clear invoice", "loyalty points"]
    draw("kano", lambda ax: cp.plot_kano(cols("kano_f", 4), cols("kano_d", 4), labels=features,
                                         ax=ax))
    attributes = ["price", "quality", "speed", "support", "range"]
    draw("ipa", lambda ax: cp.plot_ipa(cols("imp", 5).mean(axis=0), cols("perf", 5).mean(axis=0),
                                       labels=attributes, ax=ax))
    draw("servqual_gaps", lambda ax: cp.plot_servqual_gaps(cols("sq_p", 22), cols("sq_e", 22),
                                                           nan_policy="skip", ax=ax))
    draw("zone_of_tolerance", lambda ax: cp.plot_zone_of_tolerance(
        cols("zot_a", 5), cols("zot_d", 5), cols("zot_p", 5), item_dimension=[0, 1, 2, 3, 4],
        n_dimensions=5, dimension_names=list(csat.DIMENSIONS), ax=ax))
    draw("nps", lambda ax: cp.plot_nps(s["nps"].to_numpy(dtype=float), ax=ax))
    draw("jones_sasser", lambda ax: cp.plot_jones_sasser(
        s["overall"].to_numpy(dtype=float), s["repurchase"].to_numpy(dtype=float), ax=ax))
    draw("dick_basu", lambda ax: cp.plot_dick_basu(
        s["csat"].to_numpy(dtype=float), s["repurchase"].to_numpy(dtype=float), 4, 4, ax=ax))
    # satisfaction over time (issue 16): the survey has no wave column, so its 500 rows
    # in file order stand in for 5 waves of 100; the CSAT top-2 share per wave on a p-chart
    top = (s["csat"].to_numpy(dtype=float) >= 4).reshape(5, 100).sum(axis=1).astype(float)
    draw("tracking", lambda ax: cp.plot_tracking([100.0] * 5, counts=top,
                                                 labels=[f"W{i}" for i in range(1, 6)], ax=ax))


def pls_plots(csat, cp, pd, draw):
    """PLS path model (issue 16): the ACSI model on the bundled ACSI-style survey."""
    items = {"expectations": ["ce_overall", "ce_custom", "ce_reliab"],
             "quality": ["pq_overall", "pq_custom", "pq_reliab"],
             "value": ["pv_price_q", "pv_q_price"],
             "satisfaction": ["sat_overall", "sat_expect", "sat_ideal"],
             "complaints": ["complaint"], "loyalty": ["loy_repurchase", "loy_price_tol"]}
    s = pd.read_csv(os.path.join(DATA, "acsi_survey.csv"))
    m = csat.PLSPathModel.preset("acsi", items, scale=(1, 10)).fit(s).bootstrap(200, seed=1)
    draw("path_diagram", lambda ax: cp.plot_path_diagram(m, ax=ax), size=(9, 4.8))
    draw("ipma", lambda ax: cp.plot_ipma(m, "satisfaction", ax=ax))


def segment_plots(csat, cp, pd, np, draw):
    tx = cdnow_transactions(pd, "CDNOW_master.txt", header=0)
    day = (pd.to_datetime(tx["date"], format="%Y%m%d") - pd.Timestamp("1997-01-01")).dt.days
    g = tx.assign(day=day).groupby("id")
    c = pd.DataFrame({"recency": 546 - g["day"].max(), "frequency": g.size(),
                      "monetary": g["amount"].sum()})
    draw("rfm_segments", lambda ax: cp.plot_rfm_segments(c["recency"], c["frequency"],
                                                         c["monetary"], ax=ax), size=(8, 5))
    draw("customer_pyramid", lambda ax: cp.plot_customer_pyramid(c["monetary"], ax=ax))
    draw("lorenz", lambda ax: cp.plot_lorenz(c["monetary"], ax=ax))
    X = np.column_stack([np.log1p(c["frequency"]), np.log1p(c["monetary"]),
                         np.log1p(c["recency"])])[:3000]
    draw("elbow", lambda ax: cp.plot_elbow(X, 1, 8, seed=1, ax=ax))
    draw("silhouette", lambda ax: cp.plot_silhouette(X, 2, 6, seed=1, ax=ax))
    km = csat.KMeans(4, seed=1).fit(X)
    draw("clusters", lambda ax: cp.plot_clusters(
        km, X, feature_names=("log(1 + purchases)", "log(1 + spend)"), ax=ax))

    m = csat.ValueModel()  # the tractors of examples/delivered_value.c (Kotler + illustrative)
    m.add_offering("Caterpillar", [103000, 7000, 0, 0, 100000, 0, 0, 0])
    m.add_offering("Contender", [95000, 4000, 2000, 1000, 90000, 2000, 1000, 1000], competitor=True)
    m.add_offering("Budget", [88000, 2000, 1000, 0, 80000, 4000, 3000, 2000], competitor=True)
    m.add_segment("contractors", [1, 1.5, 1, 0.5, 1, 2, 1, 1], size=600)
    draw("delivered_value", lambda ax: cp.plot_delivered_value(m, ax=ax), size=(7, 5))
    draw("improvement", lambda ax: cp.plot_improvement(m, "Budget", segment="contractors",
                                                       margin=500, ax=ax), size=(7, 5))
    # profitability (issue 17): CDNOW has no costs, so an assumed cost of 70% of each
    # order's amount (a 30% margin) plus $5 to serve it; value tiers = revenue quartiles
    p = csat.customer_profit(tx["id"], day.astype(float), tx["amount"],
                             costs=0.7 * tx["amount"] + 5.0)
    draw("whale_curve", lambda ax: cp.plot_whale_curve(p["profit"], ax=ax))
    quartile = pd.qcut(p["revenue"].rank(method="first"), 4, labels=False).to_numpy()
    draw("tier_profitability", lambda ax: cp.plot_tier_profitability(
        p["revenue"], p["profit"], quartile, labels=["Q1", "Q2", "Q3", "Q4 (top)"], ax=ax),
        size=(7, 4))


def profit_chain_plots(csat, cp, pd, np, draw):
    """Profit by tenure, complaint times and the retention-profit table (issue 17)."""
    tx = cdnow_transactions(pd, "CDNOW_master.txt", header=0)
    day = (pd.to_datetime(tx["date"], format="%Y%m%d") - pd.Timestamp("1997-01-01")).dt.days
    s = csat.Customers()  # the same assumed costs as the whale curve: 70% of the amount + $5
    s.add(tx["id"], day.astype(float), tx["amount"], costs=0.7 * tx["amount"] + 5.0)
    draw("profit_by_tenure", lambda ax: cp.plot_profit_by_tenure(s, period=91.0, ax=ax))
    # a synthetic complaint log (fixed seed): 300 complaints over the 18 months, answered
    # after an exponential time (mean 0.8 day), resolved 4 days later on average, 10% open
    rng = np.random.default_rng(17)
    ids = rng.choice(np.unique(tx["id"].to_numpy()), 300)
    opened = rng.uniform(0, 540, 300)
    first = opened + rng.exponential(0.8, 300)
    resolved = np.where(rng.uniform(size=300) < 0.9, first + rng.exponential(4.0, 300), np.nan)
    s.add_complaints(ids, opened, first_response=first, resolved=resolved)
    draw("complaint_times", lambda ax: cp.plot_complaint_times(s, response_target=1,
                                                               resolution_target=7, ax=ax))
    # the credit-card economics of Reichheld & Sasser (acquisition $60, profits $30, $42,
    # $44, $50, $56 in years 1-5; docs/theory/loyalty_economics.rst, 25.5), discount 10%
    draw("retention_profit", lambda ax: cp.plot_retention_profit(
        [30, 42, 44, 50, 56], 60, [0.7, 0.75, 0.8, 0.85, 0.9, 0.95], base_retention=0.8,
        discount=0.1, ax=ax))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", help="folder for the PNG files (made if missing)")
    ap.add_argument("--readme", metavar="DIR", help="also write the README's three pictures here")
    ap.add_argument("--dpi", type=int, default=90, help="resolution (default %(default)s)")
    args = ap.parse_args(argv)
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np
        import pandas as pd
    except ImportError as e:
        print(f"gallery: skipped: {e} (needs matplotlib, numpy and pandas)", file=sys.stderr)
        return 77
    import csat
    import csat.plotting as cp

    os.makedirs(args.outdir, exist_ok=True)
    if args.readme:
        os.makedirs(args.readme, exist_ok=True)
    written = []

    def draw(name, plot, size=(6.4, 4.8)):
        fig, ax = plt.subplots(figsize=size)
        plot(ax)
        paths = [os.path.join(args.outdir, name + ".png")]
        if args.readme and name in README_PICTURES:
            paths.append(os.path.join(args.readme, README_PICTURES[name]))
        for path in paths:
            fig.savefig(path, dpi=args.dpi, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        written.append(paths[0])

    churn_plots(csat, cp, pd, draw)
    retention_plots(csat, cp, pd, np, draw)
    survey_plots(csat, cp, pd, draw)
    segment_plots(csat, cp, pd, np, draw)
    pls_plots(csat, cp, pd, draw)
    profit_chain_plots(csat, cp, pd, np, draw)
    missing = sorted(set(cp.__all__) - {"plot_" + os.path.basename(p)[:-4] for p in written})
    if missing:
        print(f"gallery: not drawn: {', '.join(missing)}", file=sys.stderr)
        return 1
    print(f"gallery: {len(written)} plots in {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
