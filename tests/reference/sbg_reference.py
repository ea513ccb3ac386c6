"""Reference values for the sBG tests (tests/retention/test_sbg.c), computed with mpmath.

Fader & Hardie (2007), "How to project customer retention", J. Interactive
Marketing 21(1):76-90: the "Regular" cohort. The MLE is found here
independently (mpmath findroot on the score equations at 30 digits), then
S(t), DEL and DERL are evaluated with mpmath's hyp2f1 and beta functions.
Run: python3 tests/reference/sbg_reference.py
"""
import mpmath as mp

mp.mp.dps = 40
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def loglik(a, b, s):
    ll = 0
    for t in range(1, len(s)):
        p = mp.beta(a + 1, b + t - 1) / mp.beta(a, b)
        ll += (s[t - 1] - s[t]) * mp.log(p)
    return ll + s[-1] * mp.log(mp.beta(a, b + len(s) - 1) / mp.beta(a, b))


def mle(s):
    f = lambda la, lb: loglik(mp.exp(la), mp.exp(lb), s)
    g = lambda la, lb: [mp.diff(lambda u: f(u, lb), la), mp.diff(lambda v: f(la, v), lb)]
    la, lb = mp.findroot(lambda x, y: g(x, y), (mp.log(0.7), mp.log(1.2)))
    return mp.exp(la), mp.exp(lb)


def surv(a, b, t):
    return mp.beta(a, b + t) / mp.beta(a, b)


def derl(a, b, d, n_renewals):
    n = n_renewals + 1  # the paper's n: n - 1 renewals made
    return (b + n - 1) / (a + b + n - 1) * mp.hyp2f1(1, b + n, a + b + n, 1 / (1 + d))


def delv(a, b, d):
    return mp.hyp2f1(1, b, a + b, 1 / (1 + d))


if __name__ == "__main__":
    a, b = mle(REGULAR)
    print(f"alpha = {mp.nstr(a, 20)}\nbeta = {mp.nstr(b, 20)}")
    print(f"LL = {mp.nstr(loglik(a, b, REGULAR), 20)}")
    for t in range(0, 13):
        print(f"S({t}) = {mp.nstr(surv(a, b, t), 20)}")
    # at the paper's rounded parameters, for the closed-form checks
    A, B = mp.mpf("0.704"), mp.mpf("1.182")
    for d in ("0.1", "0.01"):
        print(f"DEL(0.704,1.182,d={d}) = {mp.nstr(delv(A, B, mp.mpf(d)), 20)}")
        for k in (0, 4, 10):
            print(f"DERL(0.704,1.182,d={d},renewals={k}) = {mp.nstr(derl(A, B, mp.mpf(d), k), 20)}")
    print(f"E[T](2.5,3) = {mp.nstr((mp.mpf(2.5) + 3 - 1) / (mp.mpf(2.5) - 1), 20)}")
