#!/usr/bin/env python3
"""Generate tests/data/survey.csv: a synthetic customer survey (standard library only).

500 respondents of an imaginary service with
  kano_f1..4, kano_d1..4   Kano functional / dysfunctional answers (1 like .. 5 dislike)
                           for four features with built-in tendencies (O, A, M, I)
  sq_e1..22, sq_p1..22     SERVQUAL expectations and perceptions (1..7)
  sq_w1..5                 100-point importance allocation over the five dimensions
  zot_a1..5, zot_d1..5, zot_p1..5
                           adequate / desired / perceived level per dimension (1..9)
  imp1..5, perf1..5        stated importance and performance of five attributes (1..5)
  overall                  overall satisfaction (1..5)
  nps                      likelihood to recommend (0..10)
  csat                     satisfaction with the last contact (1..5)
  repurchase               likelihood to buy again (1..5)
About 1% of the SERVQUAL answers are left empty (missing).

Run: python3 tests/data/make_survey.py > tests/data/survey.csv   (seed fixed: same file each run)
"""
import random
import sys

SEED = 20261123
N = 500
DIM_OF_ITEM = [0] * 4 + [1] * 5 + [2] * 4 + [3] * 4 + [4] * 5
# Kano answer pairs of each category (functional, dysfunctional)
PAIRS = {"A": [(1, 3), (1, 4), (1, 2)], "O": [(1, 5)], "M": [(2, 5), (3, 5), (4, 5)],
         "I": [(3, 3), (2, 3), (3, 4), (4, 4)], "R": [(5, 1)], "Q": [(1, 1)]}
FEATURES = [  # category probabilities per feature
    {"O": .5, "M": .2, "A": .15, "I": .13, "R": .01, "Q": .01},
    {"A": .45, "I": .35, "O": .1, "M": .05, "R": .03, "Q": .02},
    {"M": .55, "O": .25, "I": .15, "A": .03, "R": .01, "Q": .01},
    {"I": .6, "A": .2, "O": .08, "M": .07, "R": .03, "Q": .02},
]
# mean expectation / perception per dimension (perceptions fall short on reliability)
E_MEAN = [5.5, 6.4, 5.9, 6.0, 5.6]
P_MEAN = [5.3, 5.0, 5.2, 5.6, 4.9]


def clamp(x, lo, hi):
    return max(lo, min(hi, int(round(x))))


def pick(rng, probs):
    u, acc = rng.random(), 0.0
    for cat, p in probs.items():
        acc += p
        if u < acc:
            return cat
    return cat


def allocation(rng):
    raw = [rng.gammavariate(a, 1.0) for a in (1.1, 3.2, 2.2, 1.9, 1.6)]
    pts = [int(100 * r / sum(raw)) for r in raw]
    pts[1] += 100 - sum(pts)
    return pts


def main(out):
    rng = random.Random(SEED)
    cols = ([f"kano_f{k}" for k in range(1, 5)] + [f"kano_d{k}" for k in range(1, 5)]
            + [f"sq_e{i}" for i in range(1, 23)] + [f"sq_p{i}" for i in range(1, 23)]
            + [f"sq_w{k}" for k in range(1, 6)]
            + [f"zot_{t}{k}" for t in "adp" for k in range(1, 6)]
            + [f"imp{k}" for k in range(1, 6)] + [f"perf{k}" for k in range(1, 6)]
            + ["overall", "nps", "csat", "repurchase"])
    out.write("id," + ",".join(cols) + "\n")
    for rid in range(1, N + 1):
        mood = rng.gauss(0, 0.8)  # a respondent's general leniency
        kano = [rng.choice(PAIRS[pick(rng, probs)]) for probs in FEATURES]
        row = [f for f, _ in kano] + [d for _, d in kano]
        e = [clamp(rng.gauss(E_MEAN[DIM_OF_ITEM[i]], 0.8), 1, 7) for i in range(22)]
        p = [clamp(rng.gauss(P_MEAN[DIM_OF_ITEM[i]] + mood, 1.0), 1, 7) for i in range(22)]
        p = ["" if rng.random() < 0.01 else v for v in p]
        row += e + p + allocation(rng)
        adequate = [clamp(rng.gauss(4.5, 1.0), 1, 7) for _ in range(5)]
        desired = [clamp(a + rng.gauss(2.5, 0.8), a, 9) for a in adequate]
        perceived = [clamp(rng.gauss(5.8 + mood, 1.3), 1, 9) for _ in range(5)]
        row += adequate + desired + perceived
        imp = [clamp(rng.gauss(m, 0.7), 1, 5) for m in (4.6, 4.2, 3.0, 2.8, 3.9)]
        perf = [clamp(rng.gauss(m + mood / 2, 0.8), 1, 5) for m in (3.1, 4.3, 2.9, 4.2, 3.9)]
        overall = clamp(0.5 + 0.45 * perf[0] + 0.25 * perf[1] + 0.1 * perf[4] + rng.gauss(0, .5),
                        1, 5)
        nps = clamp(2.2 * overall - 1.5 + rng.gauss(0, 1.3), 0, 10)
        csat = clamp(overall + rng.gauss(0, 0.6), 1, 5)
        repurchase = clamp(overall + rng.gauss(0, 1.1), 1, 5)
        row += imp + perf + [overall, nps, csat, repurchase]
        out.write(f"{rid}," + ",".join(str(v) for v in row) + "\n")


if __name__ == "__main__":
    main(sys.stdout)
