# User guide, satisfaction and loyalty: the bundled survey (tests/data/survey.csv, 500 respondents).
import pandas as pd

import csat

sv = pd.read_csv("tests/data/survey.csv")
cols = lambda prefix, n: [f"{prefix}{k}" for k in range(1, n + 1)]  # noqa: E731

# Kano: four features, functional and dysfunctional answers 1..5.
k = csat.kano(sv[cols("kano_f", 4)].to_numpy(), sv[cols("kano_d", 4)].to_numpy())
for j in range(4):
    print(f"feature {j + 1}: {k.category[j]}  better {k.better[j]:.3f}  worse {k.worse[j]:.3f}")

# SERVQUAL: 22 items on 1-7, the standard item map; one perception answer in a hundred is empty.
q = csat.servqual(sv[cols("sq_p", 22)].to_numpy(), sv[cols("sq_e", 22)].to_numpy(),
                  weights=sv[cols("sq_w", 5)].to_numpy(),
                  item_dimension=csat.servqual_standard_map(), n_dimensions=5, nan_policy="skip")
print("dimension gaps P - E:", dict(zip(csat.DIMENSIONS, [round(g, 3) for g in q.dimensions])))
print(f"SERVQUAL {q.overall:.3f} (se {q.overall_se:.3f}), weighted {q.weighted:.3f}")

# Zone of tolerance of the five dimensions (9-point adequate / desired / perceived).
z = csat.zot(sv[cols("zot_a", 5)].to_numpy(), sv[cols("zot_d", 5)].to_numpy(),
             sv[cols("zot_p", 5)].to_numpy())
print("zone of tolerance:", z.items.position)

# Importance-performance of five attributes (means of 1-5 ratings), data-centred cross-hairs.
ipa = csat.ipa(sv[cols("imp", 5)].mean().to_numpy(), sv[cols("perf", 5)].mean().to_numpy())
print("IPA:", ipa.quadrant)

# NPS with its adjusted-Wald interval; CSAT top-2 box; Jones & Sasser types.
n = csat.nps(sv["nps"])
ci = n.interval(method="adjusted_wald")
print(f"NPS {n.score:.1f} [{ci.lower:.1f}, {ci.upper:.1f}] from {n.promoters:.0f} promoters, "
      f"{n.detractors:.0f} detractors of {n.n:.0f}")
print(f"CSAT {csat.csat_score(sv['csat']).percent:.1f}%")
types = pd.Series(csat.jones_sasser(sv["overall"], sv["repurchase"])).value_counts()
print(types.to_dict())
