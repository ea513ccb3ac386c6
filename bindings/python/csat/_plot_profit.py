"""Profitability plots (issue 17): the whale curve, average profitability per tier, profit
by tenure, complaint-time distributions and the retention-profit table."""
from . import profitability as _profit
from ._plot_common import axes, floats, names

__all__ = ["plot_whale_curve", "plot_tier_profitability"]
__all__ += ["plot_profit_by_tenure", "plot_complaint_times", "plot_retention_profit"]


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


def _tenure_table(tenure, period, origin):
    """A profit_by_tenure Result from a store (period, origin) or as given."""
    from ._lib import InvalidArgument, InvalidType, describe
    from .customers import Customers
    if isinstance(tenure, Customers):
        return _profit.profit_by_tenure_customers(tenure, period=period, origin=origin)
    if isinstance(tenure, dict) and all(k in tenure for k in ("profit", "active", "pooled",
                                                               "mean_profit", "cohort_size")):
        if period != 1.0 or origin is not None:
            raise InvalidArgument("period and origin apply to a store: a profit_by_tenure "
                                  "Result has its own")
        return tenure
    raise InvalidType(f"tenure must be a csat.Customers store or the Result of "
                      f"profit_by_tenure, not {describe(tenure)}")


def plot_profit_by_tenure(tenure, period=1.0, origin=None, cohorts=False, ax=None):
    """Profit per customer by year of tenure (csat.profit_by_tenure_customers): per acquired
    customer (the pooled curve, defectors counted as 0) and per active customer (those who
    bought that year), optionally each acquisition cohort's curve.

    Parameters
    ----------
    tenure : Customers or Result
        A csat.Customers store (revenue and costs), or the Result of csat.profit_by_tenure
        or csat.profit_by_tenure_customers.
    period : float, default 1.0
        Length of a year of tenure in the store's time units (> 0); with a store only.
    origin : float or date, optional
        Start of the period grid (None = the earliest transaction); with a store only.
    cohorts : bool, default False
        Also draw each acquisition cohort's mean profit per acquired customer (thin lines
        labelled "cohort c", over the periods observed).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Lines labelled "per acquired customer" and "per active customer" (x = year of tenure
        1, 2, ...; y = profit per customer), the curves csat.chain_drivers estimates the
        retention-profit chain's drivers from.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType
        tenure is neither a store nor a profit_by_tenure Result; cohorts not a bool.
    InvalidArgument, EmptyInput
        As csat.profit_by_tenure_customers; period or origin given with a Result.
    """
    from ._lib import flag
    from .crm import _tenure_curve
    cohorts = flag(cohorts, "cohorts")
    tab = _tenure_table(tenure, period, origin)
    ax = axes(ax)
    for per, label in (("acquired", "per acquired customer"), ("active", "per active customer")):
        curve = _tenure_curve(tab, per)
        ax.plot(range(1, len(curve) + 1), curve, marker="o", label=label)
    if cohorts:
        sizes = floats(tab["cohort_size"])
        n_periods = len(sizes)
        for c, row in enumerate(tab["mean_profit"]):
            k = min(n_periods - c, len(row))
            if sizes[c] > 0 and k > 0:
                ax.plot(range(1, k + 1), floats(row)[:k], linewidth=0.8, alpha=0.6,
                        label=f"cohort {c}")
    ax.axhline(0, color="black", linewidth=0.8)
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("period of tenure (1 = the acquisition period)")
    ax.set_ylabel("profit per customer")
    ax.legend(loc="best")
    return ax


def plot_complaint_times(customers, response_target=1.0, resolution_target=7.0, bins=20, ax=None):
    """Distributions of the complaints' response and resolution times with the targets
    marked (the times of csat.Customers.complaints; the shares within target, medians and
    90th percentiles of csat.complaint_report).

    Parameters
    ----------
    customers : Customers
        The store with complaints.
    response_target : float, default 1.0
        Target time to a first response (> 0).
    resolution_target : float, default 7.0
        Target time to a resolution (> 0).
    bins : int, default 20
        Number of histogram bins over the range of both times (>= 1).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Overlaid histograms (bins bars each) labelled "response time (x% within target)" and
        "resolution time (y% within target)" (complaints answered, resp. resolved), dashed
        vertical lines
        labelled "response target" and "resolution target", and points at the medians and
        90th percentiles labelled "medians" and "90th percentiles" (at y = 0).

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument
        A bad target or bins.
    EmptyInput
        No complaint has been answered or resolved.
    """
    from ._lib import EmptyInput, integer
    bins = integer(bins, "bins", lo=1)
    r = _profit.complaint_report(customers, response_target=response_target,
                                 resolution_target=resolution_target)
    c = customers.complaints()
    opened, first, res = floats(c["opened"]), floats(c["first_response"]), floats(c["resolved"])
    resp = [f - o for o, f in zip(opened, first) if f == f]  # NaN: not answered
    solv = [v - o for o, v in zip(opened, res) if v == v]  # NaN: open
    if not resp and not solv:
        raise EmptyInput("plot_complaint_times: no complaint has been answered or resolved")
    ax = axes(ax)
    lo, hi = min(resp + solv), max(resp + solv)
    edges = bins
    if hi > lo:  # shared edges; the last exactly hi so that the largest time is counted
        edges = [lo + (hi - lo) * i / bins for i in range(bins)] + [hi]
    shown = []
    for times, name, share, target, colour in (
            (resp, "response", r["response_within_target"], float(response_target), "tab:blue"),
            (solv, "resolution", r["resolution_within_target"], float(resolution_target),
             "tab:orange")):
        if not times:
            continue
        ax.hist(times, bins=edges, alpha=0.5, color=colour,
                label=f"{name} time ({share:.0%} within target)")
        ax.axvline(target, color=colour, linestyle="--", label=f"{name} target")
        shown.append(name)
    med = [r[f"{n}_median"] for n in shown]
    p90 = [r[f"{n}_p90"] for n in shown]
    ax.plot(med, [0] * len(med), linestyle="none", marker="o", color="black", label="medians")
    ax.plot(p90, [0] * len(p90), linestyle="none", marker="^", color="tab:red",
            label="90th percentiles")
    ax.set_xlabel("time since the complaint was opened")
    ax.set_ylabel("complaints")
    ax.legend(loc="best")
    return ax


def plot_retention_profit(drivers, acquisition_cost, retention, base_retention=None, discount=0.0,
                          horizon=100000, gain=False, ax=None):
    """Customer value (or the gain over a base rate) across retention rates under the
    retention-profit chain (csat.retention_profit_table).

    Parameters
    ----------
    drivers, acquisition_cost, retention, base_retention, discount, horizon
        As for csat.retention_profit_table (drivers may come from csat.chain_drivers).
    gain : bool, default False
        Draw the relative gain over base_retention in percent instead of the value.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        A line labelled "customer value" (or "profit gain") with a point per retention rate,
        and the base rate marked by a point labelled "base retention".

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType
        gain not a bool.
    InvalidArgument, EmptyInput, DomainError
        As csat.retention_profit_table (DomainError: the value at base_retention is not > 0).
    """
    from ._lib import flag
    from .crm import retention_profit, retention_profit_table
    gain = flag(gain, "gain")
    t = retention_profit_table(drivers, acquisition_cost, retention, base_retention=base_retention,
                               discount=discount, horizon=horizon)
    x = floats(t["retention"])
    base = x[0] if base_retention is None else float(base_retention)
    if gain:
        y, y0 = [100.0 * v for v in floats(t["gain"])], 0.0
    else:
        y = floats(t["value"])
        y0 = retention_profit(drivers, acquisition_cost, base, discount=discount,
                              horizon=horizon)["value"]
    ax = axes(ax)
    ax.plot(x, y, marker="o", label="profit gain" if gain else "customer value")
    ax.plot([base], [y0], linestyle="none", marker="s", color="tab:red", label="base retention")
    ax.set_xlabel("retention rate")
    ax.set_ylabel("gain over the base rate (%)" if gain else "customer value")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.legend(loc="best")
    return ax
