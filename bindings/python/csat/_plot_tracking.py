"""Tracking chart with control limits (issue 16): a share (p-chart) or a mean score
(X-bar chart) per wave, with its interval, the centre line, the control limits for
each wave's n, and the waves beyond them marked."""
from . import satisfaction_time as _time
from ._lib import InvalidArgument, as_doubles, choice, real
from ._plot_common import axes, floats, names

__all__ = ["plot_tracking"]


def plot_tracking(n, counts=None, means=None, sds=None, labels=None, level=0.95,
                  limit_sigmas=3.0, method="newcombe", sigma=None, ax=None):
    """A score per wave with its interval and control limits (csat.track_shares when counts
    are given, csat.track_means when means and sds are).

    Parameters
    ----------
    n : sequence of float
        Answers per wave.
    counts : sequence of float, optional
        Answers in the box per wave: a p-chart of the share (percent).
    means, sds : sequence of float, optional
        Mean and SD per wave: an X-bar chart (give both, and no counts).
    labels : sequence of str, optional
        Wave names on the x axis (default 1, 2, ...).
    level, limit_sigmas, method, sigma
        As for csat.track_shares / csat.track_means.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        ax.containers[0]: the estimates (markers) with error bars for the intervals; lines
        labelled "centre", "UCL (k sigma)", "LCL" (steps per wave), "beyond a limit
        (rule 1)" (the flagged waves as red rings) and "run rule (2-4)" (waves where a
        Western Electric run rule signals, as orange squares; see the rules column of
        csat.track_shares); no points when none.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput, DomainError
        As csat.track_shares / csat.track_means; counts together with means, or neither.
    """
    for name, v in (("counts", counts), ("means", means), ("sds", sds)):
        as_doubles(v, name, optional=True)  # types first: a wrong one is an InvalidType
    if sigma is not None:  # checked even where unused (a share), as method is
        real(sigma, "sigma", finite=True, positive=True)
    choice(method, _time._METHODS, "method")
    if counts is not None and (means is not None or sds is not None):
        raise InvalidArgument("give counts (a share) or means and sds (a mean), not both")
    if counts is not None:
        t = _time.track_shares(counts, n, level=level, limit_sigmas=limit_sigmas, method=method)
        ylabel = "share (%)"
    elif means is not None and sds is not None:
        t = _time.track_means(means, sds, n, level=level, limit_sigmas=limit_sigmas, sigma=sigma)
        ylabel = "mean score"
    else:
        raise InvalidArgument("give counts (a share) or both means and sds (a mean)")
    est, lo, hi = floats(t["estimate"]), floats(t["lower"]), floats(t["upper"])
    center, lcl, ucl = floats(t["center"]), floats(t["lcl"]), floats(t["ucl"])
    flag = [int(f) for f in t["flag"]]
    k = len(est)
    x = list(range(k))
    ax = axes(ax)
    ax.errorbar(x, est, yerr=[[e - v for e, v in zip(est, lo)], [v - e for e, v in zip(est, hi)]],
                marker="o", color="tab:blue", capsize=3, label=f"estimate ({level:.0%} CI)")
    ax.plot(x, center, color="black", linewidth=1, label="centre")
    ax.step(x, ucl, where="mid", color="tab:red", linestyle="--", label=f"UCL ({limit_sigmas:g} sigma)")
    ax.step(x, lcl, where="mid", color="tab:red", linestyle="--", label="LCL")
    out = [i for i in x if flag[i] != 0]
    ax.plot(out, [est[i] for i in out], linestyle="none", marker="o", markersize=10,
            markerfacecolor="none", markeredgecolor="red", label="beyond a limit (rule 1)")
    rules = [int(r) for r in t["rules"]]
    run = [i for i in x if rules[i] & 14]
    ax.plot(run, [est[i] for i in run], linestyle="none", marker="s", markersize=12,
            markerfacecolor="none", markeredgecolor="tab:orange", label="run rule (2-4)")
    ax.set_xticks(x)
    ax.set_xticklabels(names(labels, k, "labels", lambda i: str(i + 1)))
    ax.set_xlabel("wave")
    ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax
