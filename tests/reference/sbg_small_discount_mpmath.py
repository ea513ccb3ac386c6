#!/usr/bin/env python3
"""sBG DEL and DERL at small discount rates (issue 12: d below 1e-7 was refused).

DEL = 2F1(1, beta; alpha+beta; 1/(1+d)) and
DERL = (beta+n)/(alpha+beta+n) 2F1(1, beta+n+1; alpha+beta+n+1; 1/(1+d))
(Fader & Hardie 2010, Marketing Science 29(1)), with z = 1/(1+d) formed in
mpmath at 400 digits so that d = 1e-300 keeps its digits. Prints the C
table pasted into tests/retention/test_sbg.c.
Run: python3 tests/reference/sbg_small_discount_mpmath.py (mpmath 1.3.0).
"""
from mpmath import mp, mpf, hyp2f1

mp.dps = 400
rows = []
for alpha, beta in (("0.5", "2"), ("1.5", "2"), ("3", "0.7")):
    for d in ("1e-3", "1e-8", "1e-12", "1e-17", "1e-300"):
        for n in ("-1", "0", "10"):
            a, b, dd, nn = mpf(alpha), mpf(beta), mpf(d), mpf(n)
            z = 1 / (1 + dd)
            if n == "-1":
                v = hyp2f1(1, b, a + b, z)
            else:
                v = (b + nn) / (a + b + nn) * hyp2f1(1, b + nn + 1, a + b + nn + 1, z)
            rows.append(f"    {{{alpha}, {beta}, {d}, {n}, {mp.nstr(v, 20)}}},")
print("\n".join(rows))
