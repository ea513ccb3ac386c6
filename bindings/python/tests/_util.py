"""Helpers for the binding tests (standard library only)."""
import math


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
