"""Scaled Schoenfeld residuals of a Cox fit against transformed time (issue 15), as
R's plot(cox.zph(fit)): the residuals, a smooth of them (an estimate of the
coefficient as a function of time) and the fitted coefficient (proportional hazards)."""
import math

from ._lib import InvalidArgument, InvalidType, choice, handle_arg, real
from ._plot_common import axes, floats

__all__ = ["plot_schoenfeld"]


def _smooth(x, y, bandwidth, n_grid=60):
    """Local-linear Gaussian kernel smooth of (x, y) on n_grid points across x's range;
    the kernel's SD is bandwidth times the range (plain Python: no numpy needed)."""
    lo, hi = min(x), max(x)
    h = bandwidth * (hi - lo)
    if not h > 0:
        return [lo], [sum(y) / len(y)]
    grid = [lo + (hi - lo) * i / (n_grid - 1) for i in range(n_grid)]
    out = []
    for g in grid:
        s0 = s1 = s2 = t0 = t1 = 0.0
        for xi, yi in zip(x, y):
            d = xi - g
            w = math.exp(-0.5 * (d / h) ** 2)
            s0, s1, s2, t0, t1 = s0 + w, s1 + w * d, s2 + w * d * d, t0 + w * yi, t1 + w * d * yi
        det = s0 * s2 - s1 * s1
        out.append((s2 * t0 - s1 * t1) / det if det > 1e-12 * s0 * s2 else t0 / s0)
    return grid, out


def plot_schoenfeld(model, covariate=0, transform="km", bandwidth=0.15, ax=None):
    """A Cox model's scaled Schoenfeld residuals of one covariate against transformed
    time (csat.CoxPH.schoenfeld_residuals), as R's plot(cox.zph(fit)).

    A smooth of the residuals estimates the covariate's coefficient as a function of
    time; a flat smooth close to the fitted coefficient supports proportional hazards.
    The title gives the test of csat.CoxPH.proportional_hazard_test.

    Parameters
    ----------
    model : csat.CoxPH
        A model fitted on data (copies and loaded models keep none: csat.Misuse).
    covariate : int or str, default 0
        The covariate, by position or name (model.feature_names_in_).
    transform : {"km", "rank", "identity", "log"}, default "km"
        The time transform of the x axis (and of the test).
    bandwidth : float, default 0.15
        The smoother's kernel SD as a fraction of the x range, in (0, 1]: a local-linear
        fit with Gaussian weights on 60 points (R draws a spline with 4 df instead).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        ax.collections[0]: the residuals (points); lines labelled "smooth" and
        "coefficient" (the fitted value, dashed).

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType
        model not a csat.CoxPH, covariate neither int nor str, ax not an Axes.
    InvalidArgument
        An unknown covariate or transform, bandwidth outside (0, 1].
    NotFittedError
        An unfitted model.

    Examples
    --------
    >>> m = csat.CoxPH().fit(X, durations, events)            # doctest: +SKIP
    >>> csat.plotting.plot_schoenfeld(m, "age", transform="km")  # doctest: +SKIP
    """
    from .cox import CoxPH
    handle_arg(model, CoxPH, "model")
    choice(transform, {"km": 0, "rank": 1, "identity": 2, "log": 3}, "transform")
    bw = real(bandwidth, "bandwidth", finite=True, positive=True)
    if bw > 1.0:
        raise InvalidArgument(f"bandwidth = {bw!r} must be in (0, 1]")
    model._require_fit("plot_schoenfeld")
    names = list(model.feature_names_in_)
    if isinstance(covariate, bool) or not isinstance(covariate, (int, str)):
        raise InvalidType(f"covariate must be an int or a name, not {type(covariate).__name__}")
    if isinstance(covariate, str):
        if covariate not in names:
            raise InvalidArgument(f"covariate {covariate!r} is not one of {names}")
        j = names.index(covariate)
    else:
        if not 0 <= covariate < len(names):
            raise InvalidArgument(f"covariate = {covariate} is not in [0, {len(names)})")
        j = covariate
    ax = axes(ax)
    res = model.schoenfeld_residuals(transform)
    test = model.proportional_hazard_test(transform)
    x, y = floats(res["transformed_time"]), floats(res[names[j]])
    pts = [(a, b) for a, b in zip(x, y) if not math.isnan(b)]
    xs, ys = [a for a, _ in pts], [b for _, b in pts]
    ax.scatter(xs, ys, s=12, color="grey", alpha=0.7, label="scaled Schoenfeld residual")
    if xs:
        gx, gy = _smooth(xs, ys, bw)
        ax.plot(gx, gy, color="C0", label="smooth")
        ax.plot([min(xs), max(xs)], [float(model.coef_[j])] * 2, color="C3", linestyle="--",
                label="coefficient")
    chisq, p = floats(test["chisq"])[j], floats(test["p"])[j]
    ax.set_title(f"{names[j]}: chi-square {chisq:.3g}, p = {p:.3g}")
    ax.set_xlabel(f"transformed time ({transform})")
    ax.set_ylabel(f"beta(t) for {names[j]}")
    ax.legend(loc="best")
    return ax
