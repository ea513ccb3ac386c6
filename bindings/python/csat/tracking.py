"""Tracking a cohort over calendar time and a customer over its history, as lifetimes'
utils: expected_cumulative_transactions (and the incremental ones), calculate_alive_path.

The computations are in C (csat_btyd_expected_cumulative, csat_btyd_alive_path); this
module does the dates: transactions are read as csat.summary_data_from_transaction_data
reads them (a DataFrame or a dict of columns; dates as strings, datetimes or numbers of
days), cut into periods of `freq`, and the periods counted from the first one.
"""
from ctypes import c_size_t, c_void_p

from . import _frames
from ._lib import (PD, EmptyInput, InvalidArgument, Out, Result, as_doubles, choice, flag,
                   handle_arg, integer, np, proto, text)
from .btyd import _BTYD
from .transactions import _FREQS, _Ids, _column, _in_periods, _times

__all__ = ["expected_cumulative_transactions", "expected_incremental_transactions",
           "calculate_alive_path", "expected_cumulative", "alive_path"]

_cumulative = proto("csat_btyd_expected_cumulative",
                    [c_void_p, PD, PD, c_size_t, PD, c_size_t, PD])
_alive_path = proto("csat_btyd_alive_path", [c_void_p, PD, c_size_t, PD, c_size_t, PD])


def _model(model):
    return handle_arg(model, _BTYD, "model")


def expected_cumulative(model, birth, count, t):
    """Expected cumulative repeat transactions of cohorts at times t (wraps
    csat_btyd_expected_cumulative).

    out[j] = sum over cohorts born before t[j] of count x E[X(t[j] - birth)], with E[X]
    the expected repeat purchases of a new customer; all times in the model's unit.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    birth : sequence of float
        Birth (first purchase) time of each cohort (finite; BG/BB: whole numbers).
    count : sequence of float
        Customers born at each birth time (finite, >= 0), as long as birth.
    t : sequence of float
        Evaluation times (finite; BG/BB: whole numbers).

    Returns
    -------
    numpy.ndarray or array of float
        One expected cumulative count per t.

    Raises
    ------
    InvalidArgument
        Bad values (the message names the index), birth and count of different lengths.
    EmptyInput
        No cohorts or no times.
    Misuse
        The model has no parameters.

    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> [round(float(v), 3) for v in csat.expected_cumulative(m, [0, 10], [100, 50], [10, 20])]
    [..., ...]
    """
    model = _model(model)
    b = as_doubles(birth, "birth", finite=True)
    c = as_doubles(count, "count", finite=True, nonneg=True)
    tt = as_doubles(t, "t", finite=True)
    if b.n != c.n:
        raise InvalidArgument(f"birth and count must have the same length: birth has {b.n}, "
                              f"count has {c.n}")
    out = Out(tt.n)
    with model._use() as p:
        model._check(_cumulative(p, b.ptr, c.ptr, b.n, tt.ptr, tt.n, out.ptr), "expected_cumulative")
    return out.value()


def alive_path(model, times, at):
    """P(alive) of one customer at the times `at`, from its purchase times (wraps
    csat_btyd_alive_path).

    At each at[j]: frequency = purchases after the first up to at[j], recency = the last
    one's time since the first, T = at[j] - the first; then P(alive | frequency,
    recency, T).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters.
    times : sequence of float
        Purchase times in order (finite; the first is the customer's birth).
    at : sequence of float
        Evaluation times, none before the first purchase.

    Returns
    -------
    numpy.ndarray or array of float
        P(alive) in [0, 1] per evaluation time.

    Raises
    ------
    InvalidArgument
        Times out of order, an evaluation time before the first purchase, bad values.
    EmptyInput
        No purchases or no evaluation times.
    Misuse
        The model has no parameters.

    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> [round(float(v), 3) for v in csat.alive_path(m, [0, 2, 5], [0, 5, 20])]
    [1.0, ..., ...]
    """
    model = _model(model)
    tm = as_doubles(times, "times", finite=True)
    a = as_doubles(at, "at", finite=True)
    out = Out(a.n)
    with model._use() as p:
        model._check(_alive_path(p, tm.ptr, tm.n, a.ptr, a.n, out.ptr), "alive_path")
    return out.value()


# ---- lifetimes' functions on transaction logs ----------------------------------------------


def _table(transactions):
    if not (_frames.is_frame(transactions) or isinstance(transactions, dict)):
        raise InvalidArgument("transactions must be a pandas DataFrame or a dict of columns")
    return transactions


def _periods(transactions, datetime_col, datetime_format, freq):
    """(period index of each row as a list of ints, first time of the column's kind, kind)."""
    if datetime_format is not None:
        text(datetime_format, "datetime_format")
    col = _column(transactions, datetime_col, "datetime_col")
    kind, vals, _ = _times(col, datetime_format, datetime_col)
    if len(vals) == 0:
        raise EmptyInput("transactions has no rows")
    length, origin = _FREQS[freq]
    if np is not None:
        if kind == "ns":
            k = np.floor_divide(np.asarray(vals, dtype=np.int64) - origin, length)
        else:
            k = np.floor(_in_periods(np.asarray(vals, dtype=np.float64), length, origin))
        return [int(v) for v in k], min(vals), kind
    if kind == "ns":
        return [(v - origin) // length for v in vals], min(vals), kind
    return [int(_in_periods(v, length, origin) // 1) for v in vals], min(vals), kind


def _index(first, kind, freq, t, freq_multiplier, set_index_date):
    """lifetimes' index: period numbers 0.. or, with set_index_date, the periods."""
    n = t // freq_multiplier
    pd = _frames.pandas()
    if not set_index_date or pd is None:
        return list(range(n))
    start = pd.Timestamp(int(first), unit="ns") if kind == "ns" else pd.Timestamp(
        round(first * 86400e6), unit="us")
    periods = pd.period_range(start=start.to_period(freq), periods=t + 1, freq=freq)
    return periods[freq_multiplier - 1:-1:freq_multiplier]


def _cumulative_frame(model, transactions, datetime_col, customer_id_col, t, datetime_format,
                      freq, freq_multiplier, set_index_date):
    model = _model(model)
    transactions = _table(transactions)
    freq = choice(freq, {f: f for f in _FREQS}, "freq")
    t = integer(t, "t", ctype=c_size_t, lo=1)
    fm = integer(freq_multiplier, "freq_multiplier", ctype=c_size_t, lo=1)
    set_index_date = flag(set_index_date, "set_index_date")
    if t // fm == 0:
        raise InvalidArgument(f"t = {t} periods hold no step of freq_multiplier = {fm}")
    k, first, kind = _periods(transactions, datetime_col, datetime_format, freq)
    ids = _Ids(_column(transactions, customer_id_col, "customer_id_col"), customer_id_col)
    codes = [int(c) for c in ids.codes]
    if len(codes) != len(k):
        raise InvalidArgument(f"transactions[{customer_id_col!r}] has {len(codes)} rows, "
                              f"transactions[{datetime_col!r}] {len(k)}")
    k0 = min(k)
    # one transaction per customer and period, up to period k0 + t (lifetimes'
    # _find_first_transactions with observation_period_end = start + t)
    seen, first_period = set(), {}
    for c, p in zip(codes, k):
        d = p - k0
        if d <= t and (c, d) not in seen:
            seen.add((c, d))
            if c not in first_period or d < first_period[c]:
                first_period[c] = d
    born, actual = {}, [0] * (t + 1)
    for c, d in first_period.items():
        born[d] = born.get(d, 0) + 1
    for c, d in seen:
        if d > first_period[c]:
            actual[d] += 1
    steps = t // fm
    act_cum, running = [], 0
    for j in range(1, steps + 1):  # periods 0 .. j*fm - 1
        running += sum(actual[(j - 1) * fm: j * fm])
        act_cum.append(float(running))
    cohorts = sorted(born)
    predicted = expected_cumulative(model, [d / fm for d in cohorts], [float(born[d]) for d in cohorts],
                                    [float(j) for j in range(1, steps + 1)])
    index = _index(first, kind, freq, t, fm, set_index_date)
    return act_cum, predicted, index


def _output(columns, index):
    pd = _frames.pandas()
    if pd is None:
        out = Result(index=index)
        out.update(columns)
        return out
    return pd.DataFrame({k: list(v) for k, v in columns.items()}, index=index)


def expected_cumulative_transactions(model, transactions, datetime_col, customer_id_col, t,
                                     datetime_format=None, freq="D", freq_multiplier=1,
                                     set_index_date=False):
    """Actual and expected cumulative repeat transactions of the customers in a transaction
    log over calendar time: lifetimes' expected_cumulative_transactions.

    The transactions are cut into periods of `freq` from the first one (one transaction per
    customer and period counts, as lifetimes counts them); each customer is born in the period
    of its first. At the end of step j (periods 0 .. j*freq_multiplier - 1):
    actual = the repeat transactions so far; predicted = sum over the customers born before
    period j*freq_multiplier of E[X((j*freq_multiplier - birth) / freq_multiplier)] (Fader,
    Hardie & Lee 2005, "A note on implementing the Pareto/NBD model in MATLAB", p. 8),
    computed in C (csat_btyd_expected_cumulative).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters, in units of freq_multiplier periods.
    transactions : pandas.DataFrame or dict of columns
        The transaction log.
    datetime_col, customer_id_col : str
        Column names: dates (strings, datetimes or numbers of days) and customer ids.
    t : int
        Number of periods to track (>= freq_multiplier).
    datetime_format : str, optional
        strptime format of string dates.
    freq : str, default "D"
        Period: "D", "W", "h", "min" or "s".
    freq_multiplier : int, default 1
        Periods per model time unit (e.g. freq "D" and 7 for a model in weeks).
    set_index_date : bool, default False
        Index the result by period (pandas) instead of 0, 1, ...

    Returns
    -------
    pandas.DataFrame or Result
        Columns actual and predicted, t // freq_multiplier rows (a Result with those
        columns and "index" without pandas).

    Raises
    ------
    InvalidArgument
        Bad columns, dates, t or options; the model is not a BTYD model.
    EmptyInput
        No transactions.
    Misuse
        The model has no parameters.

    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> tx = {"id": [1, 1, 2, 2], "date": ["2020-01-01", "2020-01-08", "2020-01-02", "2020-01-20"]}
    >>> out = csat.expected_cumulative_transactions(m, tx, "date", "id", 21, freq_multiplier=7)
    >>> [float(v) for v in out["actual"]]
    [0.0, 1.0, 2.0]
    """
    act, pred, index = _cumulative_frame(model, transactions, datetime_col, customer_id_col, t,
                                         datetime_format, freq, freq_multiplier, set_index_date)
    return _output({"actual": act, "predicted": pred}, index)


def expected_incremental_transactions(model, transactions, datetime_col, customer_id_col, t,
                                      datetime_format=None, freq="D", freq_multiplier=1,
                                      set_index_date=False):
    """Actual and expected repeat transactions per step: the differences of
    expected_cumulative_transactions (lifetimes' plot_incremental_transactions data).

    The first row is the first cumulative value (the increment from 0; lifetimes leaves it
    NaN).

    Parameters
    ----------
    model, transactions, datetime_col, customer_id_col, t, datetime_format, freq, \
freq_multiplier, set_index_date
        As for expected_cumulative_transactions.

    Returns
    -------
    pandas.DataFrame or Result
        Columns actual and predicted, per step.

    Raises
    ------
    InvalidArgument, EmptyInput, Misuse
        As for expected_cumulative_transactions.
    """
    act, pred, index = _cumulative_frame(model, transactions, datetime_col, customer_id_col, t,
                                         datetime_format, freq, freq_multiplier, set_index_date)
    pred = [float(v) for v in pred]
    inc = {"actual": [a - b for a, b in zip(act, [0.0] + act[:-1])],
           "predicted": [a - b for a, b in zip(pred, [0.0] + pred[:-1])]}
    return _output(inc, index)


def calculate_alive_path(model, transactions, datetime_col, t, freq="D", datetime_format=None):
    """P(alive) of one customer at each period from its first purchase: lifetimes'
    calculate_alive_path.

    The customer's transactions are cut into periods of `freq` from the first; at period T
    (0, 1, ...): frequency = periods with a purchase so far, less the first; recency = the
    last such period; P(alive | frequency, recency, T), computed in C
    (csat_btyd_alive_path). The path runs to period t, or to the last purchase if later.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A model with parameters, in periods of `freq`.
    transactions : pandas.DataFrame or dict of columns
        One customer's transactions.
    datetime_col : str
        The date column (strings, datetimes or numbers of days).
    t : int
        Last period of the path (>= 0).
    freq : str, default "D"
        Period: "D", "W", "h", "min" or "s".
    datetime_format : str, optional
        strptime format of string dates.

    Returns
    -------
    pandas.Series, numpy.ndarray or array of float
        P(alive) per period 0, 1, ... (a Series with pandas).

    Raises
    ------
    InvalidArgument
        Bad dates or t; the model is not a BTYD model.
    EmptyInput
        No transactions.
    Misuse
        The model has no parameters.

    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> path = csat.calculate_alive_path(m, {"date": [0.0, 3.0, 3.0, 10.0]}, "date", 12)
    >>> len(path), float(path[0])
    (13, 1.0)
    """
    model = _model(model)
    transactions = _table(transactions)
    freq = choice(freq, {f: f for f in _FREQS}, "freq")
    t = integer(t, "t", ctype=c_size_t, lo=0)
    k, _first, _kind = _periods(transactions, datetime_col, datetime_format, freq)
    k0 = min(k)
    times = sorted({p - k0 for p in k})
    length = max(t + 1, times[-1] + 1)
    out = alive_path(model, [float(v) for v in times], [float(v) for v in range(length)])
    pd = _frames.pandas()
    return pd.Series(out, index=range(length)) if pd is not None else out
