"""csat.plotting: retention and survival."""
import math
from ctypes import c_size_t

from . import retention as _ret
from ._lib import InvalidArgument, as_doubles, as_uint64, handle_arg, integer
from ._plot_common import axes, colorbar, floats, names

__all__ = ["plot_kaplan_meier", "plot_sbg_survival", "plot_sbg_retention",
           "plot_cohort_retention", "plot_roc", "plot_lift", "plot_cumulative_gains",
           "plot_campaign_profit"]


def at_risk(km, t):
    """Subjects at risk at time t on a fitted curve: n_risk at the first time >= t, else 0."""
    for time, n in zip(km.time_, km.n_risk_):
        if time >= t:
            return float(n)
    return 0.0


def plot_kaplan_meier(times, events, groups=None, labels=None, conf_type="log", conf_level=0.95,
                      at=None, ax=None):
    """Kaplan-Meier curves with confidence bands and a number-at-risk table, one per group.

    Each curve is csat.KaplanMeier(conf_type, conf_level).fit(times, events, groups=groups,
    group=g): a step line from S(0) = 1, its pointwise interval as a band (none for
    conf_type "none") and the subjects at risk at the times `at` in a table under the plot.

    Parameters
    ----------
    times : sequence of float
        Time of the event or of censoring per subject.
    events : sequence of int
        1 = event, 0 = censored.
    groups : sequence of int, optional
        Group of each subject (one curve per distinct group); None = one curve.
    labels : sequence of str, optional
        Name of each group, in increasing group order (default "group g", or "all").
    conf_type : {"log", "log-log", "plain", "none"}, default "log"
        Transformation of the interval.
    conf_level : float, default 0.95
        Level of the interval.
    at : sequence of float, optional
        Times of the number-at-risk table (default: six from 0 to the last time).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Per group a line labelled with its name (x = [0] + time_, y = [1] + survival_) and
        a band; ax.tables[0] is the number-at-risk table.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.KaplanMeier.fit; labels of the wrong length.
    """
    if groups is None:
        fits = [_ret.KaplanMeier(conf_type, conf_level).fit(times, events)]
        keys = [None]
    else:
        keys = sorted({int(g) for g in as_uint64(groups, "groups").values()})
        fits = [_ret.KaplanMeier(conf_type, conf_level).fit(times, events, groups=groups, group=g)
                for g in keys]
    shown = names(labels, len(keys), "labels",
                  lambda i: "all" if keys[i] is None else f"group {keys[i]}")
    last = max(float(f.time_[-1]) for f in fits if len(f.time_))
    if at is None:
        at = [round(last * i / 5, 10) for i in range(6)]
    at = [float(v) for v in as_doubles(at, "at", finite=True, nonneg=True).values()]
    ax = axes(ax)
    for km, name in zip(fits, shown):
        x = [0.0] + floats(km.time_)
        line, = ax.step(x, [1.0] + floats(km.survival_), where="post", label=name)
        if conf_type != "none":
            lo = [1.0] + [v if math.isfinite(v) else 0.0 for v in floats(km.lower_)]
            hi = [1.0] + [v if math.isfinite(v) else 1.0 for v in floats(km.upper_)]
            ax.fill_between(x, lo, hi, step="post", alpha=0.2, color=line.get_color())
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("survival S(t)")
    ax.set_xlabel("time")
    ax.set_title(f"Kaplan-Meier survival ({conf_level:.0%} bands)")
    ax.legend()
    cells = [[f"{at_risk(km, t):g}" for t in at] for km in fits]
    ax.table(cellText=cells, rowLabels=shown, colLabels=[f"{t:g}" for t in at],
             loc="bottom", bbox=[0.0, -0.22 - 0.07 * len(fits), 1.0, 0.07 * (len(fits) + 1)])
    ax.text(0.0, -0.13, "at risk", transform=ax.transAxes, ha="right", va="top")
    return ax


def _sbg_plot(model, survivors, horizon, ax, what):
    model = handle_arg(model, _ret.SBG, "model")
    s = [float(v) for v in as_doubles(survivors, "survivors", finite=True,
                                      nonneg=True).values()]
    if len(s) < 2 or s[0] <= 0:
        raise InvalidArgument("survivors needs at least 2 periods and survivors[0] > 0")
    h = len(s) - 1 if horizon is None else integer(horizon, "horizon", ctype=c_size_t, lo=1,
                                                   hi=10 ** 6)
    ax = axes(ax)
    if what == "survival":
        ax.plot(list(range(len(s))), [v / s[0] for v in s], "o", label="Actual")
        t = list(range(h + 1))
        ax.plot(t, floats(model.survival(t)), label="sBG")
        ax.set_ylabel("share surviving")
    else:
        seen = [i for i in range(1, len(s)) if s[i - 1] > 0]
        ax.plot(seen, [s[i] / s[i - 1] for i in seen], "o", label="Actual")
        t = list(range(1, h + 1))
        ax.plot(t, floats(model.retention(t)), label="sBG")
        ax.set_ylabel("retention rate")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("period")
    ax.set_title(f"sBG {what} against the cohort")
    ax.legend()
    return ax


def plot_sbg_survival(model, survivors, horizon=None, ax=None):
    """sBG survival S(t) against the cohort's share of survivors.

    Parameters
    ----------
    model : SBG
        A model with parameters (e.g. fitted on survivors).
    survivors : sequence of float
        Customers still active at the start of periods 0, 1, ... (survivors[0] > 0).
    horizon : int, optional
        Last period of the model's curve (default: the last observed period).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Markers "Actual" (survivors[t] / survivors[0]) and the line "sBG" (model.survival
        at t = 0..horizon).

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, Misuse
        Bad survivors or horizon, a model without parameters.
    """
    return _sbg_plot(model, survivors, horizon, ax, "survival")


def plot_sbg_retention(model, survivors, horizon=None, ax=None):
    """sBG retention rate r(t) against the cohort's period-to-period retention.

    Parameters
    ----------
    model, survivors, horizon, ax
        As for plot_sbg_survival.

    Returns
    -------
    matplotlib.axes.Axes
        Markers "Actual" (survivors[t] / survivors[t - 1], t >= 1) and the line "sBG"
        (model.retention at t = 1..horizon).

    Raises
    ------
    ImportError, InvalidArgument, InvalidType, Misuse
        As for plot_sbg_survival.
    """
    return _sbg_plot(model, survivors, horizon, ax, "retention")


def plot_cohort_retention(ids, times, amounts=None, period=1.0, origin=None, n_offsets=None,
                          ax=None):
    """Heatmap of the retention of acquisition cohorts (csat.cohort_table's retention).

    Parameters
    ----------
    ids, times, amounts, period, origin, n_offsets
        As for csat.cohort_table.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One image: rows = the cohorts with customers, columns = periods since acquisition;
        values written in the cells when the table has at most 15 x 15.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput
        As csat.cohort_table.
    """
    ct = _ret.cohort_table(ids, times, amounts=amounts, period=period, origin=origin,
                           n_offsets=n_offsets)
    keep = [i for i, n in enumerate(floats(ct.cohort_size)) if n > 0]  # cohorts with customers
    rows = [floats(ct.retention[i]) for i in keep]
    starts = [floats(ct.cohort_start)[i] for i in keep]
    sizes = [floats(ct.cohort_size)[i] for i in keep]
    ax = axes(ax)
    im = ax.imshow(rows, aspect="auto", interpolation="none", vmin=0.0, vmax=1.0, cmap="Blues")
    colorbar(ax, im, "retention")
    if len(rows) <= 15 and len(rows[0]) <= 15:
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                if math.isfinite(v):
                    ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                            color="white" if v > 0.6 else "black")
    ax.set_yticks(list(range(len(rows))))
    ax.set_yticklabels([f"{s:g} (n={n:g})" for s, n in zip(starts, sizes)])
    ax.set_xlabel("periods since acquisition")
    ax.set_ylabel("cohort start")
    ax.set_title("Cohort retention")
    return ax


def _auc_title(scores, y, what):
    return f"{what} (AUC = {_ret.roc_auc(scores, y):.3f})"


def plot_roc(scores, y, max_points=200, ax=None):
    """ROC curve of churn scores, the AUC (csat.roc_auc) in the legend.

    Each point is csat.confusion(scores, y, threshold) at a distinct score (at most
    max_points of them, evenly spread over the sorted distinct scores): x = 1 -
    specificity, y = recall; the first point is the threshold above every score.

    Parameters
    ----------
    scores : sequence of float
        Churn scores, higher = more likely to churn.
    y : sequence of int
        Outcomes 0/1.
    max_points : int, default 200
        Most thresholds (>= 2).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "ROC (AUC = ...)" and the diagonal.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput, DomainError
        As csat.roc_auc.
    """
    label = _auc_title(scores, y, "ROC")
    m = integer(max_points, "max_points", ctype=c_size_t, lo=2, hi=10 ** 5)
    distinct = sorted(set(floats(as_doubles(scores, "scores", finite=True).values())),
                      reverse=True)
    if len(distinct) > m:
        distinct = [distinct[round(i * (len(distinct) - 1) / (m - 1))] for i in range(m)]
    thresholds = [distinct[0] + 1.0] + distinct
    fpr, tpr = [], []
    for c in thresholds:
        r = _ret.confusion(scores, y, threshold=c)
        fpr.append(1.0 - r.specificity)
        tpr.append(r.recall)
    ax = axes(ax)
    ax.plot(fpr, tpr, label=label)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="random")
    ax.set_xlabel("false positive rate (1 - specificity)")
    ax.set_ylabel("true positive rate (recall)")
    ax.set_title("ROC curve")
    ax.legend(loc="lower right")
    return ax


def plot_lift(scores, y, n_bins=10, ax=None):
    """Lift per score bin (csat.lift_table), best scores first, the AUC in the title.

    Parameters
    ----------
    scores, y
        As for plot_roc.
    n_bins : int, default 10
        Number of bins (10 = deciles).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per bin (height = lift) and the line lift = 1.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput, DomainError
        As csat.lift_table and csat.roc_auc.
    """
    t = _ret.lift_table(scores, y, n_bins=n_bins)
    lift = floats(t.lift)
    ax = axes(ax)
    ax.bar(list(range(1, len(lift) + 1)), lift, label="lift")
    ax.axhline(1.0, color="grey", linestyle=":")
    ax.set_xlabel("score bin (highest scores first)")
    ax.set_ylabel("lift")
    ax.set_title(_auc_title(scores, y, "Lift by bin"))
    return ax


def plot_cumulative_gains(scores, y, n_bins=10, ax=None):
    """Cumulative gains (csat.lift_table's cum_gain) against the share of customers
    contacted, best scores first; the AUC in the title.

    Parameters
    ----------
    scores, y, n_bins
        As for plot_lift.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "model" (x = [0] + cumulative bin sizes / n, y = [0] + cum_gain) and the
        diagonal.

    Raises
    ------
    ImportError, InvalidArgument, EmptyInput, DomainError
        As for plot_lift.
    """
    t = _ret.lift_table(scores, y, n_bins=n_bins)
    sizes = floats(t.size)
    n, run, x = sum(sizes), 0.0, [0.0]
    for s in sizes:
        run += s
        x.append(run / n)
    ax = axes(ax)
    ax.plot(x, [0.0] + floats(t.cum_gain), marker="o", label="model")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="random")
    ax.set_xlabel("share of customers contacted (highest scores first)")
    ax.set_ylabel("share of churners reached")
    ax.set_title(_auc_title(scores, y, "Cumulative gains"))
    ax.legend(loc="lower right")
    return ax


def plot_campaign_profit(scores, y, customer_value, contact_cost, incentive_cost,
                         acceptance_rate, fixed_cost=0.0, n_bins=10, ax=None):
    """Expected campaign profit by the number of score bins targeted (csat.campaign_profit),
    the best marked.

    Parameters
    ----------
    scores, y, customer_value, contact_cost, incentive_cost, acceptance_rate, fixed_cost, \
n_bins
        As for csat.campaign_profit.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "profit" at x = 1..n_bins and the vertical line at best_bins.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput
        As csat.campaign_profit.
    """
    r = _ret.campaign_profit(scores, y, customer_value, contact_cost, incentive_cost,
                             acceptance_rate, fixed_cost=fixed_cost, n_bins=n_bins)
    profit = floats(r.profit)
    ax = axes(ax)
    ax.plot(list(range(1, len(profit) + 1)), profit, marker="o", label="profit")
    ax.axvline(r.best_bins, color="green", linestyle="--", label=f"best: {r.best_bins} bins")
    ax.axhline(0.0, color="grey", linestyle=":")
    ax.set_xlabel("score bins targeted (highest scores first)")
    ax.set_ylabel("expected profit")
    ax.set_title("Retention campaign profit")
    ax.legend()
    return ax
