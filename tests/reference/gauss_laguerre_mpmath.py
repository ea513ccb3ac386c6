#!/usr/bin/env python3
"""Nodes x_i and scaled weights W_i e^(x_i) of the N-point Gauss-Laguerre
rule (int_0^inf e^-x g(x) dx ~ sum W_i g(x_i)), as tabulated in
src/btyd/btyd_pnbd_quad.c (N = 16) for the Pareto/NBD cliff integrals.
Run: python3 tests/reference/gauss_laguerre_mpmath.py [N] (mpmath 1.3.0, 40 digits).
The nodes are the roots of the Laguerre polynomial L_N, polished by
findroot; W_i = x_i / ((N+1)^2 L_{N+1}(x_i)^2) (Abramowitz & Stegun 25.4.45).
"""
import sys

from mpmath import binomial, exp, factorial, findroot, laguerre, mp, polyroots

mp.dps = 40


def rule(n):
    coeffs = [(-1) ** k * binomial(n, k) / factorial(k) for k in range(n, -1, -1)]
    out = []
    for x in sorted(polyroots(coeffs, maxsteps=200, extraprec=400)):
        x = findroot(lambda t: laguerre(n, 0, t), x)
        w = x / ((n + 1) ** 2 * laguerre(n + 1, 0, x) ** 2)
        out.append((x, w * exp(x)))
    assert abs(sum(b * exp(-a) for a, b in out) - 1) < mp.mpf(10) ** -30
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    r = rule(n)
    print("x:", ", ".join(mp.nstr(a, 18) for a, _ in r))
    print("W e^x:", ", ".join(mp.nstr(b, 18) for _, b in r))
