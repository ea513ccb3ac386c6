"""Helpers for the binding tests (standard library only)."""
import csv
import math
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "data")


def load_csv(name, n=None):
    """The numeric columns of tests/data/<name> (header skipped), the first n rows."""
    with open(os.path.join(DATA, name), newline="") as f:
        rows = list(csv.reader(f))[1:n + 1 if n else None]
    return [[float(v) for v in col] for col in zip(*rows)]


def cdnow_sample():
    """CDNOW_sample.txt as (ids, days since 1997-01-01, amounts)."""
    cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    ids, days, amounts = [], [], []
    with open(os.path.join(DATA, "CDNOW_sample.txt")) as f:
        for line in f:
            _, cid, ymd, _, amount = line.split()
            y, mo, d = int(ymd[:4]), int(ymd[4:6]), int(ymd[6:])
            ids.append(int(cid))
            days.append((y - 1997) * 365 + cum[mo - 1] + d - 1)
            amounts.append(float(amount))
    return ids, days, amounts


def regular_cohort_payments():
    """Fader & Hardie's (2007) Regular cohort as yearly payments: (ids, times);
    observed to 7.5 it gives their survivor counts."""
    surv = [1000, 631, 468, 382, 326, 289, 262, 241]
    ids, times, cust = [], [], 1
    for life in range(1, 9):
        count = surv[life - 1] - surv[life] if life < 8 else surv[7]
        for _ in range(count):
            ids += [cust] * life
            times += list(range(life))
            cust += 1
    return ids, times


def assert_close(actual, expected, rtol=1e-12, atol=0.0):
    """numpy's assert_allclose rule: |a - e| <= atol + rtol * |e|, elementwise."""
    if hasattr(expected, "__len__"):
        actual = list(actual)
        expected = list(expected)
        assert len(actual) == len(expected), f"length {len(actual)} != {len(expected)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert _close(a, e, rtol, atol), f"[{i}] {a!r} != {e!r} (rtol {rtol}, atol {atol})"
        return
    assert _close(actual, expected, rtol, atol), f"{actual!r} != {expected!r} (rtol {rtol}, atol {atol})"


def _close(a, e, rtol, atol):
    a, e = float(a), float(e)
    if math.isnan(e) or math.isnan(a):
        return math.isnan(e) and math.isnan(a)
    return abs(a - e) <= atol + rtol * abs(e)


def model(cls, **params):
    """A model of class cls with its parameters set by hand (params_)."""
    m = cls()
    m.params_ = params
    return m
