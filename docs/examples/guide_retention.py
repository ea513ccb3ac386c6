# User guide, retention and survival: the Telco churn data (tests/data/telco_churn.csv, 7,043
# customers) and the "Regular" cohort of Fader & Hardie (2007).
import pandas as pd

import csat

t = pd.read_csv("tests/data/telco_churn.csv")
churned = (t["churn"] == "Yes").astype(int)

# Kaplan-Meier: months of tenure until churn (customers still there are censored), per contract.
contracts = ["Month-to-month", "One year", "Two year"]
group = t["contract"].map({c: g for g, c in enumerate(contracts)})
for g, c in enumerate(contracts):
    km = csat.KaplanMeier().fit(t["tenure"], churned, groups=group, group=g)
    s12, s24, s48 = km.survival_at([12, 24, 48])
    print(f"{c:15s} S(12) {s12:.3f}  S(24) {s24:.3f}  S(48) {s48:.3f}")
lr = csat.logrank_test(t["tenure"], churned, group)
print(f"log-rank chi-square {lr.chisq:.1f} on {lr.df:.0f} degrees of freedom, p = {lr.p_value:.3g}")

# Logistic churn model: the predictors of tests/reference/telco_glm.R (checked against R's glm).
X = pd.DataFrame({"tenure": t["tenure"], "monthly_charges": t["monthly_charges"],
                  "senior_citizen": t["senior_citizen"],
                  "paperless_billing": t["paperless_billing"],
                  "contract_1yr": (t["contract"] == "One year").astype(float),
                  "contract_2yr": (t["contract"] == "Two year").astype(float)})
lc = csat.LogisticChurn().fit(X, churned)
print(lc.summary.round(4).to_string())  # x0..x5: the columns of X in order
p = lc.predict_proba(X)[:, 1]  # columns: P(stay), P(churn), as scikit-learn
print(f"ROC AUC {csat.roc_auc(p, churned):.4f}")
lift = csat.lift_table(p, churned, n_bins=10)
print(f"top-decile lift {lift.lift[0]:.2f}; the top 3 deciles catch {lift.cum_gain[2]:.1%} of churners")

# sBG on a contractual cohort: 1000 customers, survivors after years 1..7 (Fader & Hardie 2007).
sbg = csat.SBG().fit([1000, 631, 468, 382, 326, 289, 262, 241])
print({k: round(v, 4) for k, v in sbg.params_.items()}, round(sbg.log_likelihood_, 1))
print("projected survival, years 8-12:", [round(s, 3) for s in sbg.survival([8, 9, 10, 11, 12])])
