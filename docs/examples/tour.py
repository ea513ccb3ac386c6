# Getting started in Python: the README's tour, run from the top of the source tree.
import csv

import csat

store = csat.Customers()
store.add(ids=[1, 1, 1, 2, 2], times=[0, 10, 45, 3, 3], amounts=[20, 35, 15, 50, 10])
s = store.summary(observation_end=70, time_scale=7)
# with pandas a DataFrame indexed by id; without, a csat.Result (s.id, s.frequency, ...)
print(s[["frequency", "recency", "T", "monetary_value"]])

# BG/NBD on the CDNOW summary (Fader, Hardie & Lee 2005)
with open("tests/data/cdnow_customers_summary.csv") as f:
    rows = list(csv.DictReader(f))
x, t_x, T = ([float(r[k]) for r in rows] for k in ("frequency", "recency", "T"))
bg = csat.BGNBD().fit(x, t_x, T)
print(bg)
print({k: round(v, 6) for k, v in bg.params_.items()})
print([round(p, 4) for p in bg.p_alive(x[:3], t_x[:3], T[:3])])
print(round(bg.expected_purchases(39, x[:1], t_x[:1], T[:1])[0], 3))

m = csat.ValueModel()
m.add_offering("Caterpillar", product=103000, service=7000, monetary=100000)
r = m.evaluate()
print(list(r.delivered_value), list(r.ratio))

try:
    store.summary(observation_end=float("nan"))
except csat.InvalidArgument as e:  # also a ValueError
    print("rejected:", e)
