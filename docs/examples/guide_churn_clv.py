# User guide, churn and CLV: BG/NBD, Pareto/NBD and Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005).
import pandas as pd

import csat

d = pd.read_csv("tests/data/cdnow_customers_summary_with_transactions.csv", index_col="ID")
x, t_x, T, zbar = d["x"], d["t_x"], d["T"], d["zbar"]  # weeks; zbar = mean repeat spend

bg = csat.BGNBD().fit(x, t_x, T)
print(bg)
print(bg.summary.round(4).to_string())
pn = csat.ParetoNBD().fit(x, t_x, T)
print(pn)

# Who is still alive, and how much will each buy in the next 39 weeks?
d["p_alive"] = bg.p_alive(x, t_x, T)
d["next_39"] = bg.expected_purchases(39, x, t_x, T)
print(d.sort_values("next_39", ascending=False).head(5).round(3).to_string())

# Spend: Gamma-Gamma on the 946 repeat buyers, then 12-month CLV (monthly steps, 1% a month).
gg = csat.GammaGamma().fit(x, zbar)
print(gg)
r = csat.clv(bg, gg, x, t_x, T, zbar, n_steps=12, step=4.345, discount_rate=0.01)
d["clv"] = r.clv  # a Series with d's index
print(f"customer equity (12 months): {r.equity:,.0f}")
top = d["clv"].sort_values(ascending=False)
print(f"the top 10% of customers hold {top.head(len(top) // 10).sum() / r.equity:.1%} of it")
