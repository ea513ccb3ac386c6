"""Profitability and complaint handling from customer records (issue 17 §2, §4;
docs/theory/profitability.rst).

Per-customer revenue, cost, gross profit, margin and historical CLV over a
window; average profitability per tier of any tiering; the whale curve;
profit by tenure per acquisition cohort. Each comes as a column form (ids,
times, amounts, costs) and a ``_customers`` form that reads a
:class:`csat.Customers` store (its cost column and acquisition costs).

    p = csat.customer_profit_customers(store, t1=0, t2=365, discount=0.01, period=30)
    tiers = csat.profit_tiers(p["revenue"], p["profit"], value_tiers)
    w = csat.whale_curve(p["profit"])
    r = csat.complaint_report(store, response_target=1, resolution_target=7)
    causes = csat.complaint_pareto(store.complaints()["cause"])
"""
import math
from ctypes import POINTER, Structure, byref, c_double, c_int as c_int_, c_size_t, c_uint, c_uint64, c_void_p

from . import _frames
from ._lib import (PD, PI, PSZ, PU64, BufferTooSmall, InvalidArgument, Out, Result, as_doubles, as_ints,
                   as_uint64, check, handle_arg, integer, np, out_matrix, proto, real,
                   same_length, use)
from .customers import Customers, to_days
# The option structures of functions other modules declare: one ctypes prototype per C
# function (argtypes live on the shared library's function object).
from .retention import _CohortOptions, _cohort_opts_init
from .segmentation import _AbcOptions, _AbcSummary, _abc_opts_init

__all__ = ["customer_profit", "customer_profit_customers", "profit_tiers", "profit_tiers_customers",
           "whale_curve", "whale_curve_customers", "profit_by_tenure", "profit_by_tenure_customers",
           "complaint_report", "complaint_pareto"]


class _ProfitOptions(Structure):
    _fields_ = [("version", c_uint), ("t1", c_double), ("t2", c_double), ("discount", c_double),
                ("period", c_double), ("reference", c_double)]


class _TierProfit(Structure):
    _fields_ = [(name, c_double) for name in (
        "customers", "revenue", "cost", "profit", "share_customers", "share_revenue",
        "share_profit", "mean_revenue", "mean_profit", "margin")]


_opts_init = proto("csat_profit_options_init", [POINTER(_ProfitOptions), c_uint])
_profit = proto("csat_customer_profit", [PU64, PD, PD, PD, c_size_t, PU64, PD, c_size_t,
                                         POINTER(_ProfitOptions), PU64, PD, PD, PD, PD, PD,
                                         c_size_t, PSZ, c_void_p], details=True)
_profit_cust = proto("csat_customer_profit_customers", [c_void_p, POINTER(_ProfitOptions), PU64, PD,
                                                        PD, PD, PD, PD, c_size_t, PSZ, c_void_p])
_tiers = proto("csat_profit_tiers", [PD, PD, PI, c_size_t, c_size_t, POINTER(_TierProfit)],
               details=True)
_tiers_cust = proto("csat_profit_tiers_customers", [c_void_p, POINTER(_ProfitOptions), PI, c_size_t,
                                                    c_size_t, POINTER(_TierProfit), c_void_p])
_whale = proto("csat_profit_whale", [PD, c_size_t, PD, PSZ, PSZ, PD, c_void_p], details=True)
_whale_cust = proto("csat_profit_whale_customers", [c_void_p, POINTER(_ProfitOptions), PD, c_size_t,
                                                    PSZ, PSZ, PD, c_void_p])
_tenure = proto("csat_profit_by_tenure", [PU64, PD, PD, PD, c_size_t, POINTER(_CohortOptions),
                                          c_size_t, c_size_t, PD, PD, PD, PD, PD, PSZ, c_void_p],
                details=True)
_tenure_cust = proto("csat_profit_by_tenure_customers", [c_void_p, POINTER(_CohortOptions), c_size_t,
                                                         c_size_t, PD, PD, PD, PD, PD, PSZ, c_void_p])

class _ComplaintOptions(Structure):
    _fields_ = [("version", c_uint), ("response_target", c_double), ("resolution_target", c_double),
                ("reopen_window", c_double), ("retention_window", c_double),
                ("observation_end", c_double)]


_REPORT_FIELDS = (
    "complaints", "complainers", "customers", "transactions", "per_customer", "complainer_share",
    "per_1000_transactions", "responded", "response_median", "response_p90",
    "response_within_target", "resolved", "resolution_median", "resolution_p90",
    "resolution_within_target", "first_contact_rate", "reopened", "reopen_rate", "surveyed",
    "recovery_satisfaction", "judged_resolved", "retention_resolved", "judged_unresolved",
    "retention_unresolved", "judged_non_complainers", "retention_non_complainers")


class _ComplaintReport(Structure):
    _fields_ = [(name, c_double) for name in _REPORT_FIELDS]


_complaint_opts_init = proto("csat_complaint_options_init", [POINTER(_ComplaintOptions), c_uint])
_complaint_report = proto("csat_complaint_report_customers", [c_void_p, POINTER(_ComplaintOptions),
                                                              POINTER(_ComplaintReport), c_void_p])
_pareto = proto("csat_complaint_pareto", [PI, c_size_t, c_size_t, POINTER(_AbcOptions), PD, PI, PD,
                                          POINTER(_AbcSummary), c_void_p], details=True)

_PROFIT_COLS = ("revenue", "cost", "profit", "margin", "historical_clv")
_TENURE_COLS = ("profit", "mean_profit", "active")


def _options(t1, t2, discount, period, reference):
    o = _ProfitOptions()
    check(_opts_init(byref(o), 1), "profit options")
    if t1 is not None:
        o.t1 = real(to_days(t1), "t1", finite=True)
    if t2 is not None:
        o.t2 = real(to_days(t2), "t2", finite=True)
    o.discount = real(discount, "discount")
    o.period = real(period, "period")
    o.reference = math.nan if reference is None else real(to_days(reference), "reference", finite=True)
    return o


def _columns(ids, times, amounts, costs):
    i = as_uint64(ids, "ids")
    t = as_doubles(to_days(times), "times", finite=True, nonneg=True, ids=i)
    a = as_doubles(amounts, "amounts", optional=True, finite=True, nonneg=True, ids=i)
    c = as_doubles(costs, "costs", optional=True, finite=True, nonneg=True, ids=i)
    return i, t, a, c, same_length(i, t, a, c)


def _profit_result(call, what):
    n = c_size_t()
    st = call(None, None, None, None, None, None, 0, byref(n))
    if st != BufferTooSmall.code:
        check(st, what)
    m = n.value
    ids = Out(m, c_uint64)
    cols = [Out(m) for _ in _PROFIT_COLS]
    check(call(ids.ptr, *[c.ptr for c in cols], m, byref(n)), what)
    r = Result(id=ids.value())
    r.update({name: c.value() for name, c in zip(_PROFIT_COLS, cols)})
    return _frames.result_frame(r, "id")


def customer_profit(ids, times, amounts=None, costs=None, acquisition_ids=None,
                    acquisition_costs=None, t1=None, t2=None, discount=0.0, period=1.0,
                    reference=None):
    """Per-customer revenue, cost, profit, margin and historical CLV (wraps csat_customer_profit).

    Over the window (t1, t2]: revenue, cost, profit = revenue - cost and margin = profit /
    revenue (0 without revenue). The historical CLV takes every transaction up to t2: the
    profits discounted at ``discount`` per ``period`` to ``reference`` (None: each customer's
    first purchase), less the acquisition cost (docs/theory/profitability.rst, 30.1-30.2).

    Parameters
    ----------
    ids : sequence of int
        Customer id of each transaction (integers >= 0).
    times : sequence of float or dates
        Transaction times (finite, >= 0).
    amounts : sequence of float, optional
        Revenue of each transaction (finite, >= 0); None = 0.
    costs : sequence of float, optional
        Cost of each transaction (cost of goods and to serve; finite, >= 0); None = 0.
    acquisition_ids : sequence of int, optional
        Customers with an acquisition cost (the last entry of an id wins).
    acquisition_costs : sequence of float, optional
        Their acquisition costs (finite, >= 0).
    t1, t2 : float or date, optional
        The window (t1, t2] (finite); None = unbounded.
    discount : float, default 0.0
        Discount rate per period of the historical CLV (>= 0).
    period : float, default 1.0
        Length of that period in time units (> 0).
    reference : float or date, optional
        Time the historical CLV is valued at; None = each customer's acquisition.

    Returns
    -------
    pandas.DataFrame or Result
        Indexed by id (ascending): revenue, cost, profit, margin, historical_clv.

    Raises
    ------
    InvalidArgument
        A bad value (the row is named), mismatched lengths or a bad window.
    EmptyInput
        No transactions.
    DomainError
        A sum or discount factor beyond the double range.

    Examples
    --------
    >>> p = csat.customer_profit([1, 2, 1], [0, 1, 2], [100, 30, 50], costs=[60, 40, 20])
    >>> [float(x) for x in p["profit"]]
    [70.0, -10.0]
    """
    i, t, a, c, n = _columns(ids, times, amounts, costs)
    ai = as_uint64(acquisition_ids, "acquisition_ids", optional=True)
    ac = as_doubles(acquisition_costs, "acquisition_costs", optional=True, finite=True, nonneg=True)
    if bool(ai) != bool(ac):
        raise InvalidArgument("customer_profit: give acquisition_ids and acquisition_costs together")
    na = same_length(ai, ac)
    o = _options(t1, t2, discount, period, reference)
    return _profit_result(lambda *out: _profit(i.ptr, t.ptr, a.ptr, c.ptr, n, ai.ptr, ac.ptr, na,
                                               byref(o), *out, None), "customer_profit")


def customer_profit_customers(customers, t1=None, t2=None, discount=0.0, period=1.0, reference=None):
    """customer_profit over a csat.Customers store: its costs and acquisition costs.

    Parameters
    ----------
    customers : Customers
        The store (a store without a cost column has cost 0).
    t1, t2, discount, period, reference
        As for customer_profit.

    Returns
    -------
    pandas.DataFrame or Result
        As for customer_profit.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument, EmptyInput, DomainError
        As for customer_profit.
    """
    handle_arg(customers, Customers, "customers")
    o = _options(t1, t2, discount, period, reference)
    with use(customers) as p:
        return _profit_result(lambda *out: _profit_cust(p, byref(o), *out, None),
                              "customer_profit_customers")


def _tier_frame(rows, n_tiers):
    r = Result(tier=list(range(n_tiers)) if np is None else np.arange(n_tiers))
    for name, _ in _TierProfit._fields_:
        vals = [getattr(rows[k], name) for k in range(n_tiers)]
        r[name] = np.array(vals) if np is not None else vals
    return _frames.result_frame(r, "tier")


def _n_tiers(n_tiers, codes, name="n_tiers"):
    if n_tiers is not None:
        return integer(n_tiers, name, ctype=c_size_t, lo=1)
    vals = codes.values() if np is None else list(codes.keep[: codes.n])
    return max([int(v) for v in vals] + [0]) + 1


@_frames.indexed(wrap=False)
def profit_tiers(revenue, profit, tiers, n_tiers=None):
    """Average profitability per tier, with each tier's shares (wraps csat_profit_tiers).

    Any tiering works: value tiers, the customer pyramid, RFM segments, lifecycle stages or
    the caller's groups, as integer codes (docs/theory/profitability.rst, 30.3).

    Parameters
    ----------
    revenue : sequence of float
        Each customer's revenue (finite, >= 0).
    profit : sequence of float
        Each customer's profit (finite).
    tiers : sequence of int
        Each customer's tier, in [0, n_tiers), or -1 to leave the customer out.
    n_tiers : int, optional
        Number of tiers; None = the largest code + 1.

    Returns
    -------
    pandas.DataFrame or Result
        One row per tier: customers, revenue, cost, profit, share_customers, share_revenue,
        share_profit, mean_revenue, mean_profit (average profitability), margin.

    Raises
    ------
    InvalidArgument
        A bad value or tier code (the row is named), mismatched lengths.
    EmptyInput
        No customers, or every customer left out.
    """
    r = as_doubles(revenue, "revenue", finite=True, nonneg=True)
    p = as_doubles(profit, "profit", finite=True)
    t = as_ints(tiers, "tiers")
    n = same_length(r, p, t)
    k = _n_tiers(n_tiers, t)
    rows = (_TierProfit * k)()
    check(_tiers(r.ptr, p.ptr, t.ptr, n, k, rows), "profit_tiers")
    return _tier_frame(rows, k)


def profit_tiers_customers(customers, tiers=None, n_tiers=None, t1=None, t2=None):
    """profit_tiers over a store's customers (wraps csat_profit_tiers_customers).

    Parameters
    ----------
    customers : Customers
        The store.
    tiers : sequence of int, optional
        One code per customer in ascending id order (as Customers.ids() lists them); None =
        the store's groups (customers without a group are left out).
    n_tiers : int, optional
        Number of tiers; None = the largest code + 1.
    t1, t2 : float or date, optional
        The window of the profits (as for customer_profit).

    Returns
    -------
    pandas.DataFrame or Result
        As for profit_tiers.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument
        A tier code out of range, or tiers not one per customer.
    EmptyInput
        An empty store, or every customer left out.
    """
    handle_arg(customers, Customers, "customers")
    o = _options(t1, t2, 0.0, 1.0, None)
    if tiers is not None:
        t = as_ints(tiers, "tiers")
        k = _n_tiers(n_tiers, t)
    else:
        t = None
        if n_tiers is None:
            g = customers.attributes()
            codes = list(g["group"]) if not isinstance(g, Result) else list(g.group)
            k = max([int(v) for v in codes] + [0]) + 1
        else:
            k = integer(n_tiers, "n_tiers", ctype=c_size_t, lo=1)
    rows = (_TierProfit * k)()
    with use(customers) as p:
        check(_tiers_cust(p, byref(o), t.ptr if t is not None else None, t.n if t is not None else 0,
                          k, rows, None), "profit_tiers_customers",
              "tiers must hold one code in [0, n_tiers) or -1 per customer of the store")
    return _tier_frame(rows, k)


def whale_curve(profit):
    """The whale curve: cumulative profit share against customers ranked by profit (wraps csat_profit_whale).

    Parameters
    ----------
    profit : sequence of float
        Each customer's profit (finite; the total must be > 0).

    Returns
    -------
    Result
        curve (n + 1 values from 0 to 1, peaking at n_profitable), order (the ranking, most
        profitable first), n_profitable and peak (the highest share reached).

    Raises
    ------
    InvalidArgument
        A non-finite profit.
    DomainError
        Total profit <= 0 (no share is defined).
    EmptyInput
        No customers.

    Examples
    --------
    >>> w = csat.whale_curve([100, -10, 100])
    >>> round(float(w.peak), 4), int(w.n_profitable)
    (1.0526, 2)
    """
    p = as_doubles(profit, "profit", finite=True)
    curve, order = Out(p.n + 1), Out(p.n, c_size_t)
    npf, peak = c_size_t(), c_double()
    check(_whale(p.ptr, p.n, curve.ptr, order.ptr, byref(npf), byref(peak), None), "whale_curve")
    return Result(curve=curve.value(), order=order.value(), n_profitable=npf.value, peak=peak.value)


def whale_curve_customers(customers, t1=None, t2=None):
    """The whale curve of a store's customers (wraps csat_profit_whale_customers).

    Parameters
    ----------
    customers : Customers
        The store.
    t1, t2 : float or date, optional
        The window of the profits (as for customer_profit).

    Returns
    -------
    Result
        curve, n_profitable and peak, as for whale_curve.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    DomainError, EmptyInput
        As for whale_curve.
    """
    handle_arg(customers, Customers, "customers")
    o = _options(t1, t2, 0.0, 1.0, None)
    npts, npf, peak = c_size_t(), c_size_t(), c_double()
    with use(customers) as p:
        st = _whale_cust(p, byref(o), None, 0, byref(npts), None, None, None)
        if st != BufferTooSmall.code:
            check(st, "whale_curve_customers")
        curve = Out(npts.value)
        check(_whale_cust(p, byref(o), curve.ptr, npts.value, byref(npts), byref(npf), byref(peak),
                          None), "whale_curve_customers")
    return Result(curve=curve.value(), n_profitable=npf.value, peak=peak.value)


def _tenure_call(call, period, origin, n_offsets):
    opts = _CohortOptions()
    check(_cohort_opts_init(byref(opts), 1))
    opts.period = real(period, "period")
    if origin is not None:
        opts.origin = real(to_days(origin), "origin", finite=True)
    if n_offsets is not None:
        n_offsets = integer(n_offsets, "n_offsets", ctype=c_size_t, lo=1)
    np_ = c_size_t()
    st = call(byref(opts), 0, 1, None, None, None, None, None, byref(np_))
    if st != BufferTooSmall.code:
        check(st, "profit_by_tenure")
    k = np_.value
    m = n_offsets or k
    size, pooled = Out(k), Out(m)
    mats = [out_matrix(k, m) for _ in _TENURE_COLS]
    check(call(byref(opts), k, m, size.ptr, *[x.ptr for x in mats], pooled.ptr, byref(np_)),
          "profit_by_tenure")
    res = Result(cohort_size=size.value())
    res.update({name: x.value() for name, x in zip(_TENURE_COLS, mats)})
    res["pooled"] = pooled.value()
    return res


def profit_by_tenure(ids, times, amounts=None, costs=None, period=1.0, origin=None, n_offsets=None):
    """Profit per acquisition cohort and period since acquisition (wraps csat_profit_by_tenure).

    Parameters
    ----------
    ids : sequence of int
        Customer id of each transaction.
    times : sequence of float or dates
        Transaction times (finite, >= 0).
    amounts : sequence of float, optional
        Revenue of each transaction (finite, >= 0).
    costs : sequence of float, optional
        Cost of each transaction (finite, >= 0).
    period : float, default 1.0
        Length of a period (a year, say) in time units (> 0).
    origin : float or date, optional
        Start of the period grid; None = the earliest transaction.
    n_offsets : int, optional
        Periods since acquisition to tabulate; None = all.

    Returns
    -------
    Result
        cohort_size, the matrices profit, mean_profit (per acquired customer) and active
        (rows = cohorts, columns = periods since acquisition), and pooled: per tenure, the
        profit of the cohorts observed that long divided by their sizes
        (docs/theory/profitability.rst, 30.5).

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, a bad period or origin.
    EmptyInput
        No transactions.
    """
    i, t, a, c, n = _columns(ids, times, amounts, costs)
    return _tenure_call(lambda *args: _tenure(i.ptr, t.ptr, a.ptr, c.ptr, n, *args, None, None),
                        period, origin, n_offsets)


def profit_by_tenure_customers(customers, period=1.0, origin=None, n_offsets=None):
    """profit_by_tenure over a csat.Customers store (its cost column).

    Parameters
    ----------
    customers : Customers
        The store.
    period, origin, n_offsets
        As for profit_by_tenure.

    Returns
    -------
    Result
        As for profit_by_tenure.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument, EmptyInput
        As for profit_by_tenure.
    """
    handle_arg(customers, Customers, "customers")
    with use(customers) as p:
        return _tenure_call(lambda *args: _tenure_cust(p, *args, None), period, origin, n_offsets)


def complaint_report(customers, response_target=1.0, resolution_target=7.0, reopen_window=30.0,
                     retention_window=90.0, observation_end=None):
    """Complaint-handling measures of a store (wraps csat_complaint_report_customers).

    Rates per customer and per 1,000 transactions, response- and resolution-time median,
    90th percentile and share within target, first-contact resolution, reopens (a later
    complaint of the same customer and cause within reopen_window of a resolution),
    satisfaction after recovery, and the retention of complainers whose first complaint was
    resolved vs open vs customers without complaints (docs/theory/profitability.rst, 31).

    Parameters
    ----------
    customers : Customers
        The store with transactions and complaints.
    response_target : float, default 1.0
        Target time to a first response (> 0; a day with times in days).
    resolution_target : float, default 7.0
        Target time to a resolution (> 0).
    reopen_window : float, default 30.0
        Window after a resolution in which a complaint of the same cause reopens it (>= 0).
    retention_window : float, default 90.0
        Bought again within this time after the complaint counts as retained (> 0).
    observation_end : float or date, optional
        Only customers whose window ends by then are judged; None = the last transaction.

    Returns
    -------
    Result
        The fields of csat_complaint_report (complaints, per_customer,
        per_1000_transactions, response_median, response_p90, response_within_target,
        resolution_median, ..., first_contact_rate, reopen_rate, recovery_satisfaction,
        retention_resolved, retention_unresolved, retention_non_complainers and the counts
        judged).

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument
        A bad target or window.
    EmptyInput
        No complaints and no transactions.
    """
    handle_arg(customers, Customers, "customers")
    o = _ComplaintOptions()
    check(_complaint_opts_init(byref(o), 1), "complaint options")
    o.response_target = real(response_target, "response_target")
    o.resolution_target = real(resolution_target, "resolution_target")
    o.reopen_window = real(reopen_window, "reopen_window")
    o.retention_window = real(retention_window, "retention_window")
    if observation_end is not None:
        o.observation_end = real(to_days(observation_end), "observation_end", finite=True)
    r = _ComplaintReport()
    with use(customers) as p:
        check(_complaint_report(p, byref(o), byref(r), None), "complaint_report",
              "targets and retention_window must be finite and > 0, reopen_window >= 0, "
              "observation_end finite and >= 0")
    return Result({name: getattr(r, name) for name in _REPORT_FIELDS})


def complaint_pareto(causes, n_causes=None, a_cut=0.80, b_cut=0.95):
    """Pareto of complaint causes, classed A/B/C by csat_abc (wraps csat_complaint_pareto).

    Parameters
    ----------
    causes : sequence of int
        Cause code of each complaint, in [0, n_causes), or -1 (unknown, left out).
    n_causes : int, optional
        Number of cause codes; None = the largest code + 1.
    a_cut : float, default 0.80
        A while the cumulative share of complaints (top down) is at most a_cut.
    b_cut : float, default 0.95
        B while it is at most b_cut; else C.

    Returns
    -------
    pandas.DataFrame or Result
        One row per cause, most frequent first: cause, count, share, cumulative share and
        abc class ("A", "B", "C"); the Gini coefficient in .attrs (a Result field without
        pandas).

    Raises
    ------
    InvalidArgument
        A code out of range (the row is named), bad cut-offs.
    EmptyInput
        No complaint with a known cause.

    Examples
    --------
    >>> p = csat.complaint_pareto([2, 2, 1, -1, 1, 2])
    >>> [int(c) for c in p["cause"]], [str(k) for k in p["abc"]]
    ([2, 1, 0], ['A', 'C', 'C'])
    """
    cc = as_ints(causes, "causes")
    k = _n_tiers(n_causes, cc, "n_causes")
    o = _AbcOptions()
    check(_abc_opts_init(byref(o), 1), "abc options")
    o.a_cut = real(a_cut, "a_cut")
    o.b_cut = real(b_cut, "b_cut")
    counts, curve, klass = Out(k), Out(k + 1), Out(k, c_int_)
    summ = _AbcSummary()
    check(_pareto(cc.ptr, cc.n, k, byref(o), counts.ptr, klass.ptr, curve.ptr, byref(summ), None),
          "complaint_pareto")
    cnt = [float(v) for v in counts.value()]
    kl = [int(v) for v in klass.value()]
    order = sorted(range(k), key=lambda i: -cnt[i])  # stable: ties in code order, as csat_abc ranks
    total = sum(cnt)
    cum, run = [], 0.0
    for i in order:
        run += cnt[i]
        cum.append(run / total)
    r = Result(cause=order, count=[cnt[i] for i in order], share=[cnt[i] / total for i in order],
               cumulative_share=cum, abc=["ABC"[kl[i]] for i in order])
    pd = _frames.pandas()
    if pd is None:
        r["gini"] = summ.gini
        return r
    df = pd.DataFrame(dict(r))
    df.attrs["gini"] = summ.gini
    return df
