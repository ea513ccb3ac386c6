#!/usr/bin/env python3
"""Churn analysis of a customer table with pandas: survival, a churn model, a campaign.

    python3 examples/python/telco_churn.py [FILE] [--out scores.csv]

The same analysis as the C example examples/telco_churn.c: Kaplan-Meier
retention by contract type with a log-rank test, a logistic churn model
(coefficients, standard errors, AUC), the ten riskiest customers, and the
lift, gains and profit of a retention campaign by targeted decile.

FILE is a CSV file with a header line and the columns churn (Yes/No), tenure
(months), monthly_charges, senior_citizen (0/1), paperless_billing (0/1) and
contract (Month-to-month, One year, Two year); other columns are ignored.
Default: the bundled tests/data/telco_churn.csv (IBM Telco sample, 7,043
customers). --out writes every customer's churn probability (with its file
line) as CSV. Exit status 1 with a message on any error.
"""
import os
import sys

from example_util import fail, numpy_pandas, parser, read_csv_rows

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "..", "tests", "data", "telco_churn.csv")
CONTRACTS = ["Month-to-month", "One year", "Two year"]
NEEDED = ["churn", "tenure", "monthly_charges", "senior_citizen", "paperless_billing", "contract"]
FEATURES = ["tenure", "monthly_charges", "senior_citizen", "paperless_billing", "contract_1yr", "contract_2yr"]


def read_customers(path, pd):
    """The needed columns, checked; exits naming FILE:LINE on a malformed line."""
    header, rows = read_csv_rows(path, NEEDED)
    at = {name: header.index(name) for name in NEEDED}
    out, lines = [], []
    for number, row in rows:
        v = {name: row[at[name]].strip() for name in NEEDED}
        if v["churn"] not in ("Yes", "No"):
            fail(f"{path}:{number}: churn: '{v['churn']}' is not Yes or No")
        if v["contract"] not in CONTRACTS:
            fail(f"{path}:{number}: contract: '{v['contract']}' is not Month-to-month, One year or Two year")
        for name in ("senior_citizen", "paperless_billing"):
            if v[name] not in ("0", "1"):
                fail(f"{path}:{number}: {name}: '{v[name]}' is not 0 or 1")
        try:
            tenure, monthly = float(v["tenure"]), float(v["monthly_charges"])
        except ValueError:
            fail(f"{path}:{number}: tenure '{v['tenure']}' or monthly_charges '{v['monthly_charges']}' "
                 "is not a number")
        if not tenure >= 0:
            fail(f"{path}:{number}: tenure: '{v['tenure']}' is not a number >= 0")
        out.append((float(v["churn"] == "Yes"), tenure, monthly, float(v["senior_citizen"]),
                    float(v["paperless_billing"]), CONTRACTS.index(v["contract"])))
        lines.append(number)
    d = pd.DataFrame(out, columns=["churned", "tenure", "monthly_charges", "senior_citizen",
                                   "paperless_billing", "contract"], index=pd.Index(lines, name="line"))
    d["contract_1yr"] = (d["contract"] == 1).astype(float)
    d["contract_2yr"] = (d["contract"] == 2).astype(float)
    return d


def main(argv=None):
    ap = parser("telco_churn.py", __doc__)
    ap.add_argument("file", nargs="?", default=BUNDLED, help="customer CSV (default: the bundled telco_churn.csv)")
    ap.add_argument("--out", help="write every customer's churn probability to this CSV file")
    args = ap.parse_args(argv)
    np, pd = numpy_pandas()
    import csat

    d = read_customers(args.file, pd)
    pd.set_option("display.width", 120)
    try:
        rows, present = [], sorted(d["contract"].unique())
        for c in range(3):
            part = d[d["contract"] == c]
            if part.empty:
                continue
            km = csat.KaplanMeier().fit(part["tenure"], part["churned"])
            s = np.asarray(km.survival_at([12, 24, 48, 72]))
            median = km.median_
            rows.append([CONTRACTS[c], len(part), *s,
                         f"{median:.0f}" if median is not None else f"> {d['tenure'].max():.0f}"])
        km_table = pd.DataFrame(rows, columns=["contract", "n", "S(12)", "S(24)", "S(48)", "S(72)", "median"])
        test = None
        if len(present) >= 2 and d["churned"].any():
            test = csat.logrank_test(d["tenure"], d["churned"], d["contract"].map({c: i for i, c in enumerate(present)}))

        model = csat.LogisticChurn().fit(d[FEATURES].to_numpy(), d["churned"].to_numpy())
        # predict_proba gives scikit-learn's two columns, P(stay) and P(churn)
        proba = np.asarray(model.predict_proba(d[FEATURES].to_numpy()))
        prob = pd.Series(proba[:, 1], index=d.index, name="p_churn")
        coef = pd.DataFrame({"coef": model.coef_, "std.err": model.standard_errors_},
                            index=pd.Index(["(intercept)"] + FEATURES, name="term"))
        coef["z"] = coef["coef"] / coef["std.err"]
        auc = csat.roc_auc(prob, d["churned"])
        lift = csat.lift_table(prob, d["churned"], n_bins=10)
        campaign = dict(customer_value=500.0, contact_cost=5.0, incentive_cost=50.0, acceptance_rate=0.30,
                        fixed_cost=1000.0)
        profit = csat.campaign_profit(prob, d["churned"], n_bins=10, **campaign)
    except csat.CsatError as e:
        fail(str(e))

    print(f"{args.file}: {len(d)} customers, {d['churned'].sum():.0f} churned\n")
    print("Kaplan-Meier retention by contract (tenure in months; churned = event)")
    print(km_table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
    if test is not None:
        print(f"  log-rank: chi-square {test.chisq:.1f} on {test.df:.0f} df, p = {test.p_value:.3g}\n")
    else:
        print("  log-rank: nothing to compare\n")
    print(f"Logistic churn model ({len(d)} customers)")
    print(coef.to_string(formatters={"coef": "{:.5f}".format, "std.err": "{:.5f}".format, "z": "{:.2f}".format}))
    print(f"  log-likelihood {model.log_likelihood_:.3f}, AIC {model.aic_:.2f}, ROC AUC {auc:.4f}\n")
    risky = d.assign(p_churn=prob).sort_values("p_churn", ascending=False, kind="stable").head(10)
    risky = risky.assign(contract=risky["contract"].map(dict(enumerate(CONTRACTS))),
                         churned=risky["churned"].map({1.0: "yes", 0.0: "no"}))
    print("Riskiest customers (by file line)")
    print(risky[["p_churn", "tenure", "monthly_charges", "contract", "churned"]].to_string(
        formatters={"p_churn": "{:.4f}".format, "tenure": "{:.0f}".format, "monthly_charges": "{:.2f}".format}))
    deciles = pd.DataFrame({"size": lift["size"], "churners": lift["churners"], "lift": lift["lift"],
                            "cum.gain %": 100 * np.asarray(lift["cum_gain"]), "profit(top)": profit["profit"]},
                           index=pd.Index(range(1, 11), name="decile"))
    print(f"\nRetention campaign by targeted decile (value {campaign['customer_value']:.0f}, contact "
          f"{campaign['contact_cost']:.0f}, offer {campaign['incentive_cost']:.0f}, acceptance "
          f"{100 * campaign['acceptance_rate']:.0f}%, fixed {campaign['fixed_cost']:.0f})")
    print(deciles.to_string(formatters={"size": "{:.0f}".format, "churners": "{:.0f}".format,
                                        "lift": "{:.2f}".format, "cum.gain %": "{:.1f}".format,
                                        "profit(top)": "{:.0f}".format}))
    best = int(profit["best_bins"])
    if best:
        print(f"  -> target the top {best} decile{'s' if best > 1 else ''} "
              f"(expected profit {profit['profit'][best - 1]:.0f})")
    else:
        print("  -> no campaign beats doing nothing at these costs")
    if args.out:
        prob.to_csv(args.out)
        print(f"\nwrote {len(prob)} churn probabilities to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
