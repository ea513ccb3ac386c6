"""Profitability plots (issue 17): the whale curve and average profitability per tier."""
from . import profitability as _profit
from ._plot_common import axes, floats, names

__all__ = ["plot_whale_curve", "plot_tier_profitability"]


def plot_whale_curve(profit, ax=None):
    """The whale curve: cumulative share of profit against the share of customers ranked by
    profit, most profitable first (csat.whale_curve).

    Parameters
    ----------
    profit : sequence of float
        Each customer's profit (finite; positive total), e.g. csat.customer_profit's column.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Lines labelled "cumulative profit" (x = k / n, y = curve[k]) and "100% of profit";
        the peak (n_profitable / n, peak) marked by a point labelled "peak".

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, DomainError, EmptyInput
        As csat.whale_curve.
    """
    w = _profit.whale_curve(profit)
    curve = floats(w["curve"])
    n = len(curve) - 1
    ax = axes(ax)
    ax.plot([k / n for k in range(n + 1)], curve, label="cumulative profit")
    ax.plot([0, 1], [1, 1], color="grey", linestyle=":", label="100% of profit")
    ax.plot([w["n_profitable"] / n], [w["peak"]], linestyle="none", marker="o", color="tab:red",
            label="peak")
    ax.set_xlabel("share of customers (ranked by profit)")
    ax.set_ylabel("cumulative share of profit")
    ax.legend(loc="best")
    return ax


def plot_tier_profitability(revenue, profit, tiers, n_tiers=None, labels=None, ax=None):
    """Average profitability (profit per customer) per tier as bars, with each tier's share
    of customers and of profit in its label (csat.profit_tiers).

    Parameters
    ----------
    revenue, profit, tiers, n_tiers
        As for csat.profit_tiers.
    labels : sequence of str, optional
        Tier names (default "tier 0", "tier 1", ...).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per tier (height = mean_profit); x tick labels give the tier name and its
        shares of customers and profit.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput
        As csat.profit_tiers; labels of the wrong length.
    """
    t = _profit.profit_tiers(revenue, profit, tiers, n_tiers)
    mean = floats(t["mean_profit"])
    sc, sp = floats(t["share_customers"]), floats(t["share_profit"])
    k = len(mean)
    tick = names(labels, k, "labels", lambda i: f"tier {i}")
    ax = axes(ax)
    ax.bar(range(k), mean, color=["tab:green" if m >= 0 else "tab:red" for m in mean])
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(k))
    ax.set_xticklabels([f"{tick[i]}\n{sc[i]:.0%} cust., {sp[i]:.0%} profit" for i in range(k)])
    ax.set_ylabel("average profit per customer")
    return ax
