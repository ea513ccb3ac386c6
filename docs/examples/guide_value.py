# User guide, value models: the offerings and segments of examples/delivered_value.c.
import math

import csat

m = csat.ValueModel()
m.add_offering("Caterpillar", product=103000, service=7000, monetary=100000)
m.add_offering("Contender", competitor=True, product=95000, service=4000, personnel=2000,
               image=1000, monetary=90000, time=2000, effort=1000, mental=1000)
m.add_offering("Budget", competitor=True, product=88000, service=2000, personnel=1000,
               monetary=80000, time=4000, effort=3000, mental=2000)
m.add_segment("contractors", [1, 1.5, 1, 0.5, 1, 2, 1, 1], size=600)
m.add_segment("farmers", [1, 0.5, 1, 0.5, 1.05, 0.5, 1, 1], size=400)

r = m.evaluate(scale=1 / 2000)  # model weights (all 1): the textbook sums
for k in range(len(r.name)):
    print(f"{r.name[k]:12s} TCV {r.total_value[k]:8.0f}  TCC {r.total_cost[k]:8.0f}  "
          f"CDV {r.delivered_value[k]:6.0f}  ratio {r.ratio[k]:.3f}  rank {r.rank[k]}  "
          f"share {r.share[k]:.3f}")

for seg in ("contractors", "farmers"):
    e = m.evaluate(segment=seg, scale=math.inf)  # each customer takes the best offering
    print(seg, "choose", [e.name[k] for k in range(len(e.name)) if e.rank[k] == 1])

print("market shares:", [round(s, 3) for s in m.market_share(scale=1 / 2000)])

imp = m.improvement("Contender", margin=500)
print(f"Contender trails {imp.rival} by {imp.gap:.0f}; to lead by 500 it needs {imp.needed:.0f}")
print({k: round(v) for k, v in imp.required.items() if imp.status[k] == "reachable"})
