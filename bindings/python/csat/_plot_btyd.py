"""csat.plotting: churn and CLV (lifetimes' plots under lifetimes' names)."""
import math
from ctypes import c_size_t

from . import btyd as _btyd
from . import segmentation as _seg
from . import tracking as _tracking
from ._lib import InvalidArgument, handle_arg, integer, real
from ._plot_common import axes, colorbar, floats, share_curve

__all__ = ["plot_frequency_recency_matrix", "plot_probability_alive_matrix",
           "plot_period_transactions", "plot_calibration_purchases_vs_holdout_purchases",
           "plot_cumulative_transactions", "plot_incremental_transactions", "plot_history_alive",
           "plot_transaction_rate_heterogeneity", "plot_dropout_rate_heterogeneity",
           "plot_clv_distribution", "plot_customer_equity"]

_BGBB = 3


def _model(model):
    return handle_arg(model, _btyd._BTYD, "model")


def _grid(model, max_frequency, max_recency):
    """The (frequency, recency) cells a customer of age max_recency can have."""
    fmax = integer(max_frequency, "max_frequency", ctype=c_size_t, lo=1, hi=10 ** 5)
    rmax = integer(max_recency, "max_recency", ctype=c_size_t, lo=1, hi=10 ** 5)
    if (fmax + 1) * (rmax + 1) > 10 ** 6:
        raise InvalidArgument(f"max_frequency x max_recency = {fmax} x {rmax}: more than a "
                              "million cells")
    discrete = model.kind == _BGBB
    cells = [(f, r) for f in range(fmax + 1) for r in range(rmax + 1)
             if (r == 0 if f == 0 else (f <= r if discrete else True))]
    return fmax, rmax, cells


def _matrix(model, what, max_frequency, max_recency, fn, label, title, ax):
    model = _model(model)
    fmax, rmax, cells = _grid(model, max_frequency, max_recency)
    values = floats(fn(model, [float(f) for f, _ in cells], [float(r) for _, r in cells],
                       [float(rmax)] * len(cells)))
    z = [[math.nan] * (rmax + 1) for _ in range(fmax + 1)]
    for (f, r), v in zip(cells, values):
        z[f][r] = v
    ax = axes(ax)
    im = ax.imshow(z, aspect="auto", interpolation="none", origin="lower",
                   vmin=0.0 if what == "p_alive" else None, vmax=1.0 if what == "p_alive" else None)
    colorbar(ax, im, label)
    from matplotlib.ticker import MaxNLocator
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("recency (time of the last purchase)")
    ax.set_ylabel("frequency (repeat purchases)")
    ax.set_title(title)
    return ax


def plot_frequency_recency_matrix(model, max_frequency, max_recency, T=1, ax=None):
    """Expected purchases in the next T by frequency and recency (lifetimes' plot).

    Cell (x, t_x) is model.expected_purchases(T, x, t_x, max_recency): a customer observed
    for max_recency whose last of x repeat purchases came at t_x. Impossible cells (x = 0
    with t_x > 0; BG/BB: x > t_x) are left blank.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    max_frequency, max_recency : int
        The largest frequency and recency shown (>= 1; also the customers' age).
    T : float, default 1
        Forecast horizon in model time units.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one image, rows = frequency 0..max_frequency, columns =
        recency 0..max_recency.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, Misuse
        Bad arguments or a model without parameters.
    """
    T = real(T, "T", finite=True, nonneg=True)
    return _matrix(model, "expected", max_frequency, max_recency,
                   lambda m, f, r, a: m.expected_purchases(T, f, r, a),
                   f"expected purchases in the next {T:g}",
                   f"Expected purchases in the next {T:g} by frequency and recency", ax)


def plot_probability_alive_matrix(model, max_frequency, max_recency, ax=None):
    """P(alive) by frequency and recency (lifetimes' plot).

    Cell (x, t_x) is model.p_alive(x, t_x, max_recency); impossible cells are blank (as in
    plot_frequency_recency_matrix).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    max_frequency, max_recency : int
        The largest frequency and recency shown (>= 1; also the customers' age).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on (one image, rows = frequency, columns = recency).

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, Misuse
        Bad arguments or a model without parameters.
    """
    return _matrix(model, "p_alive", max_frequency, max_recency,
                   lambda m, f, r, a: m.p_alive(f, r, a), "P(alive)",
                   "Probability of being alive by frequency and recency", ax)


def _histogram(values, top):
    counts = [0] * (top + 1)
    for v in values:
        counts[min(int(v), top)] += 1
    return counts


def plot_period_transactions(model, frequency, recency, T, max_frequency=7, seed=0, ax=None):
    """Customers by number of repeat purchases: actual against the model (lifetimes' plot).

    The model's bars are the frequencies of model.generate_data(n, T, seed), customers as
    old as the actual ones; the last bar holds max_frequency and more.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    frequency, recency, T : sequence of float
        The customers' summary (BG/BB: x, t_x, n).
    max_frequency : int, default 7
        The last bar (>= 1).
    seed : int, default 0
        Seed of the simulation.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Two bar containers, "Actual" and "Model", each max_frequency + 1 bars.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput, Misuse
        Bad columns or arguments, a model without parameters.
    """
    model = _model(model)
    top = integer(max_frequency, "max_frequency", ctype=c_size_t, lo=1, hi=10 ** 5)
    model.p_alive(frequency, recency, T)  # the columns checked as a summary
    ages = floats(T)
    sim = model.generate_data(len(ages), ages, seed=seed)
    actual = _histogram(floats(frequency), top)
    simulated = _histogram(floats(sim["frequency"]), top)
    ax = axes(ax)
    x = list(range(top + 1))
    ax.bar([v - 0.2 for v in x], actual, width=0.4, label="Actual")
    ax.bar([v + 0.2 for v in x], simulated, width=0.4, label="Model")
    ax.set_xticks(x)
    ax.set_xticklabels([str(v) for v in x[:-1]] + [f"{top}+"])
    ax.set_xlabel("repeat purchases")
    ax.set_ylabel("customers")
    ax.set_title("Frequency of repeat transactions")
    ax.legend()
    return ax


def _column(table, key):
    try:
        return table[key]
    except (KeyError, TypeError, IndexError):
        raise InvalidArgument(f"calibration_holdout needs the column {key!r} (as "
                              "csat.calibration_and_holdout_data makes it)") from None


def plot_calibration_purchases_vs_holdout_purchases(model, calibration_holdout, n=7, ax=None):
    """Mean holdout purchases by calibration frequency: actual against the model (lifetimes' plot).

    For the customers of each calibration frequency (the last group: n and more): the mean
    of frequency_holdout, and the mean of model.expected_purchases(duration_holdout,
    frequency_cal, recency_cal, T_cal).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model fitted on the calibration columns.
    calibration_holdout : pandas.DataFrame or dict of columns
        As csat.calibration_and_holdout_data returns it: frequency_cal, recency_cal, T_cal,
        frequency_holdout and duration_holdout (one value for every customer).
    n : int, default 7
        The last group of calibration frequencies (>= 1).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Two lines, "Actual" and "Model", over calibration frequencies 0..n.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput, Misuse
        Missing or bad columns, durations that differ, a model without parameters.
    """
    model = _model(model)
    top = integer(n, "n", ctype=c_size_t, lo=1, hi=10 ** 5)
    cols = {k: _column(calibration_holdout, k) for k in
            ("frequency_cal", "recency_cal", "T_cal", "frequency_holdout", "duration_holdout")}
    durations = set(floats(cols["duration_holdout"]))
    if len(durations) != 1:
        raise InvalidArgument("duration_holdout must be the same for every customer "
                              f"({len(durations)} different values)")
    pred = floats(model.expected_purchases(durations.pop(), cols["frequency_cal"],
                                           cols["recency_cal"], cols["T_cal"]))
    groups = [min(int(v), top) for v in floats(cols["frequency_cal"])]
    actual = floats(cols["frequency_holdout"])
    sums = {}
    for g, a, p in zip(groups, actual, pred):
        s = sums.setdefault(g, [0, 0.0, 0.0])
        s[0] += 1
        s[1] += a
        s[2] += p
    x = sorted(sums)
    ax = axes(ax)
    ax.plot(x, [sums[g][1] / sums[g][0] for g in x], marker="o", label="Actual")
    ax.plot(x, [sums[g][2] / sums[g][0] for g in x], marker="s", label="Model")
    ax.set_xlabel("purchases in the calibration period")
    ax.set_ylabel("mean purchases in the holdout period")
    ax.set_title("Actual and predicted purchases in the holdout period")
    ax.legend()
    return ax


def _tracking_plot(frame_fn, model, transactions, datetime_col, customer_id_col, t, t_cal,
                   datetime_format, freq, freq_multiplier, what, ax):
    out = frame_fn(model, transactions, datetime_col, customer_id_col, t,
                   datetime_format=datetime_format, freq=freq, freq_multiplier=freq_multiplier)
    cal = integer(t_cal, "t_cal", ctype=c_size_t, lo=0)
    fm = integer(freq_multiplier, "freq_multiplier", ctype=c_size_t, lo=1)
    actual, predicted = floats(out["actual"]), floats(out["predicted"])
    x = list(range(1, len(actual) + 1))
    ax = axes(ax)
    ax.plot(x, actual, label="Actual")
    ax.plot(x, predicted, linestyle="--", label="Model")
    ax.axvline(cal / fm, color="grey", linestyle=":", label="End of calibration")
    ax.set_xlabel(f"time ({fm} x {freq} periods)")
    ax.set_ylabel(f"{what} repeat transactions")
    ax.set_title(f"Tracking {what.lower()} transactions")
    ax.legend()
    return ax


def plot_cumulative_transactions(model, transactions, datetime_col, customer_id_col, t, t_cal,
                                 datetime_format=None, freq="D", freq_multiplier=1, ax=None):
    """Cumulative repeat transactions over calendar time, actual and predicted, with the end
    of calibration marked (lifetimes' plot; data from csat.expected_cumulative_transactions).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters, in units of freq_multiplier periods.
    transactions : pandas.DataFrame or dict of columns
        The transaction log.
    datetime_col, customer_id_col : str
        Column names of the dates and the customer ids.
    t : int
        Periods to track (>= freq_multiplier).
    t_cal : int
        Periods of the calibration (the vertical line at t_cal / freq_multiplier).
    datetime_format : str, optional
        strptime format of string dates.
    freq : str, default "D"
        Period: "D", "W", "h", "min" or "s".
    freq_multiplier : int, default 1
        Periods per model time unit.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Lines "Actual" and "Model" at x = 1 .. t // freq_multiplier, and the vertical line.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput, Misuse
        As csat.expected_cumulative_transactions; a bad t_cal.
    """
    return _tracking_plot(_tracking.expected_cumulative_transactions, model, transactions,
                          datetime_col, customer_id_col, t, t_cal, datetime_format, freq,
                          freq_multiplier, "Cumulative", ax)


def plot_incremental_transactions(model, transactions, datetime_col, customer_id_col, t, t_cal,
                                  datetime_format=None, freq="D", freq_multiplier=1, ax=None):
    """Repeat transactions per step over calendar time, actual and predicted, with the end of
    calibration marked (lifetimes' plot; data from csat.expected_incremental_transactions).

    Parameters
    ----------
    model, transactions, datetime_col, customer_id_col, t, t_cal, datetime_format, freq, \
freq_multiplier, ax
        As for plot_cumulative_transactions.

    Returns
    -------
    matplotlib.axes.Axes
        Lines "Actual" and "Model" per step, and the vertical line.

    Raises
    ------
    ImportError, InvalidArgument, EmptyInput, Misuse
        As for plot_cumulative_transactions.
    """
    return _tracking_plot(_tracking.expected_incremental_transactions, model, transactions,
                          datetime_col, customer_id_col, t, t_cal, datetime_format, freq,
                          freq_multiplier, "Incremental", ax)


def plot_history_alive(model, t, transactions, datetime_col, freq="D", datetime_format=None,
                       ax=None):
    """One customer's P(alive) path with its purchases marked (lifetimes' plot; the path is
    csat.calculate_alive_path).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters, in periods of freq.
    t : int
        Last period of the path (>= 0).
    transactions : pandas.DataFrame or dict of columns
        The customer's transactions.
    datetime_col : str
        The date column.
    freq : str, default "D"
        Period: "D", "W", "h", "min" or "s".
    datetime_format : str, optional
        strptime format of string dates.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "P(alive)" at periods 0, 1, ... and one vertical line per purchase period.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, EmptyInput, Misuse
        As csat.calculate_alive_path.
    """
    path = floats(_tracking.calculate_alive_path(model, transactions, datetime_col, t, freq=freq,
                                                 datetime_format=datetime_format))
    k, _first, _kind = _tracking._periods(transactions, datetime_col, datetime_format, freq)
    purchases = sorted({p - min(k) for p in k})
    ax = axes(ax)
    ax.plot(list(range(len(path))), path, label="P(alive)")
    for i, p in enumerate(purchases):
        ax.axvline(p, color="red", linestyle="--", alpha=0.6,
                   label="purchases" if i == 0 else None)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(f"periods ({freq}) since the first purchase")
    ax.set_ylabel("P(alive)")
    ax.set_title("History of P(alive)")
    ax.legend()
    return ax


def _gamma_density(shape, rate, x):
    return [math.exp(shape * math.log(rate) + (shape - 1) * math.log(v) - rate * v
                     - math.lgamma(shape)) for v in x]


def _beta_density(a, b, x):
    lb = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    return [math.exp((a - 1) * math.log(v) + (b - 1) * math.log1p(-v) - lb) for v in x]


def _density(kind, p, ax, xlabel, title):
    if kind == "gamma":
        shape, rate = p
        top = (shape + 5 * math.sqrt(shape)) / rate
        x = [top * (i + 1) / 400 for i in range(400)]
        y = _gamma_density(shape, rate, x)
        note = f"Gamma(shape {shape:.3g}, rate {rate:.3g}): mean {shape / rate:.3g}"
    else:
        a, b = p
        x = [(i + 0.5) / 400 for i in range(400)]
        y = _beta_density(a, b, x)
        note = f"Beta({a:.3g}, {b:.3g}): mean {a / (a + b):.3g}"
    ax = axes(ax)
    ax.plot(x, y, label=note)
    finite = sorted(v for v in y if math.isfinite(v))
    ax.set_ylim(0, 1.1 * finite[int(0.98 * (len(finite) - 1))])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density")
    ax.set_title(title)
    ax.legend()
    return ax


def plot_transaction_rate_heterogeneity(model, ax=None):
    """Density of the purchase rate across customers (lifetimes' plot).

    BG/NBD, MBG/NBD and Pareto/NBD: lambda ~ Gamma(r, alpha) (alpha a rate); BG/BB:
    p ~ Beta(alpha, beta). The density is evaluated here from the model's parameters.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One line, the density; its legend names the distribution and its mean.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType, Misuse
        Not a BTYD model, or one without parameters.
    """
    p = _model(model).params_
    if model.kind == _BGBB:
        return _density("beta", (p["alpha"], p["beta"]), ax, "transaction probability p",
                        "Heterogeneity of the transaction probability")
    return _density("gamma", (p["r"], p["alpha"]), ax, "purchase rate lambda",
                    "Heterogeneity of the purchase rate")


def plot_dropout_rate_heterogeneity(model, ax=None):
    """Density of the drop-out probability or rate across customers (lifetimes' plot).

    BG/NBD, MBG/NBD: p ~ Beta(a, b); Pareto/NBD: mu ~ Gamma(s, beta); BG/BB:
    theta ~ Beta(gamma, delta). Evaluated here from the model's parameters.

    Parameters
    ----------
    model, ax
        As for plot_transaction_rate_heterogeneity.

    Returns
    -------
    matplotlib.axes.Axes
        One line, the density.

    Raises
    ------
    ImportError, InvalidType, Misuse
        As for plot_transaction_rate_heterogeneity.
    """
    p = _model(model).params_
    if model.kind == _BGBB:
        return _density("beta", (p["gamma"], p["delta"]), ax, "drop-out probability theta",
                        "Heterogeneity of the drop-out probability")
    if "s" in p:
        return _density("gamma", (p["s"], p["beta"]), ax, "drop-out rate mu",
                        "Heterogeneity of the drop-out rate")
    return _density("beta", (p["a"], p["b"]), ax, "drop-out probability p",
                    "Heterogeneity of the drop-out probability")


def plot_clv_distribution(purchase_model, spend_model, frequency, recency, T, monetary_value,
                          n_steps=12, step=4.345, discount_rate=0.01, bins=50, ax=None):
    """Histogram of the customers' CLV (csat.clv), the customer equity in the title.

    Parameters
    ----------
    purchase_model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    spend_model : GammaGamma
        A spend model with parameters.
    frequency, recency, T, monetary_value : sequence of float
        The customers' summary, as for csat.clv.
    n_steps, step, discount_rate
        As for csat.clv.
    bins : int, default 50
        Number of histogram bins (>= 1).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The histogram's bars.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput, Misuse
        As csat.clv; a bad bins.
    """
    nb = integer(bins, "bins", ctype=c_size_t, lo=1, hi=10 ** 5)
    r = _btyd.clv(purchase_model, spend_model, frequency, recency, T, monetary_value,
                  n_steps=n_steps, step=step, discount_rate=discount_rate)
    ax = axes(ax)
    ax.hist(floats(r.clv), bins=nb)
    ax.set_xlabel("CLV (currency units)")
    ax.set_ylabel("customers")
    ax.set_title(f"CLV distribution: customer equity {r.equity:,.0f}")
    return ax


def plot_customer_equity(purchase_model, spend_model, frequency, recency, T, monetary_value,
                         n_steps=12, step=4.345, discount_rate=0.01, ax=None):
    """Pareto curve of customer equity: the share of the total CLV held by the top customers.

    The CLV are csat.clv's; the curve and the top-20% share are csat.abc's of them.

    Parameters
    ----------
    purchase_model, spend_model, frequency, recency, T, monetary_value, n_steps, step, \
discount_rate
        As for plot_clv_distribution.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "customer equity" at x = i / n (share of customers, best first), y = the
        share of equity; the diagonal.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput, Misuse
        As csat.clv.
    """
    r = _btyd.clv(purchase_model, spend_model, frequency, recency, T, monetary_value,
                  n_steps=n_steps, step=step, discount_rate=discount_rate)
    a = _seg.abc(r.clv)
    ax = share_curve(axes(ax), a.curve, "customer equity", "equal CLV")
    ax.set_xlabel("share of customers (highest CLV first)")
    ax.set_ylabel("share of customer equity")
    ax.set_title(f"Customer equity {r.equity:,.0f}: top 20% hold {a.top_share:.0%}")
    ax.legend()
    return ax
