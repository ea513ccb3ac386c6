"""From customer records to profit (issue 17): KPIs by group and a weighted
scorecard, repeat buying, inter-purchase times, share of wallet, referral value
and the retention-profit chain (Reichheld & Sasser 1990).

Every function takes transaction columns (ids, times, amounts, and int group
codes where named) or, for repeat_purchase_rate and inter_purchase_times, a
csat.Customers store. Tables come back as pandas DataFrames when pandas is
installed, otherwise as a Result of columns. Theory:
docs/theory/loyalty_economics.rst.
"""
from ctypes import POINTER, Structure, byref, c_double, c_size_t, c_uint, c_uint64, c_void_p

from . import _frames
from ._lib import (PD, PI, PSZ, PU64, BufferTooSmall, InvalidArgument, InvalidType, Out, Result, as_doubles,
                   as_ints, as_uint64, check, flag, handle_arg, integer, np, out_matrix, proto,
                   real, same_length, scalar_or_column, sequence, use)
from .customers import Customers

__all__ = ["kpis_by_group", "kpis_by_group_customers", "cross_sell_customers", "kpi_scorecard", "repeat_purchase_rate", "inter_purchase_times",
           "cross_sell", "loyalty_behaviour", "share_of_wallet", "referral_value", "retention_profit", "retention_profit_table",
           "retention_profit_gain", "REFERRAL_LEADS", "REFERRAL_CLOSING", "PROFIT_DRIVERS",
           "chain_drivers"]

REFERRAL_LEADS = 8.0
"""Potential sales per satisfied customer (the theory's "about 8")."""
REFERRAL_CLOSING = 0.125
"""Share of those leads that close ("at least one of which closes": 1 in 8)."""
PROFIT_DRIVERS = ("base", "growth", "cost_savings", "referrals", "price_premium")
"""The five drivers of the retention-profit chain, in the C column order."""

_KPI_FIELDS = ("start_customers", "new_customers", "end_customers", "retained", "lost",
               "retention_rate", "churn_rate", "new_customer_rate", "upgraded", "upgrade_rate",
               "buyers", "revenue", "average_profitability")


class _Kpi(Structure):
    _fields_ = [(f, c_double) for f in _KPI_FIELDS]


class _Rate(Structure):
    _fields_ = [(f, c_double) for f in ("eligible", "repeaters", "rate")]


class _Ipt(Structure):
    _fields_ = [(f, c_double) for f in ("customers", "repeat_customers", "gaps", "mean", "median",
                                        "sd", "cv", "mean_customer_cv")]


class _Cross(Structure):
    _fields_ = [(f, c_double) for f in ("customers", "buyers", "mean_categories", "multi_category",
                                        "multi_category_share")]


class _Referral(Structure):
    _fields_ = [(f, c_double) for f in ("leads", "referred", "value", "value_per_satisfied",
                                        "negative_exposures", "net_word_of_mouth",
                                        "satisfied_to_offset")]


class _Chain(Structure):
    _fields_ = [("value", c_double), ("profit", c_double), ("drivers", c_double * 5),
                ("expected_years", c_double), ("undiscounted", c_double),
                ("breakeven_year", c_double)]


_by_group = proto("csat_kpi_by_group", [PU64, PD, PD, PI, c_size_t, c_size_t, c_double, c_double,
                                        c_double, PD, c_size_t, POINTER(_Kpi), POINTER(_Kpi),
                                        c_void_p],
                  details=True)
_scorecard = proto("csat_kpi_scorecard", [POINTER(_Kpi), c_size_t, POINTER(_Kpi), PD],
                   details=True)
_repeat = proto("csat_repeat_purchase", [PU64, PD, PI, c_size_t, c_size_t, c_double, c_double,
                                         c_double, c_size_t, POINTER(_Rate), POINTER(_Rate),
                                         POINTER(_Rate), PSZ, c_void_p], details=True)
_ipt = proto("csat_inter_purchase_times", [PU64, PD, c_size_t, c_double, c_size_t, PU64, PD, PD,
                                           PD, c_size_t, PD, POINTER(_Ipt), PSZ, PSZ, c_void_p],
             details=True)
_cross = proto("csat_cross_sell", [PU64, PD, PI, c_size_t, c_size_t, c_double, POINTER(_Cross),
                                   PD, PD, c_void_p], details=True)
_by_group_cust = proto("csat_kpi_by_group_customers",
                       [c_void_p, c_size_t, c_double, c_double, c_double, PD, c_size_t,
                        POINTER(_Kpi), POINTER(_Kpi), c_void_p])
_repeat_cust = proto("csat_repeat_purchase_customers",
                     [c_void_p, c_size_t, c_double, c_double, c_double, c_size_t, POINTER(_Rate),
                      POINTER(_Rate), POINTER(_Rate), PSZ, c_void_p])
_cross_cust = proto("csat_cross_sell_customers", [c_void_p, c_size_t, c_double, POINTER(_Cross),
                                                  PD, PD, c_void_p])
_behaviour = proto("csat_loyalty_behaviour", [PU64, PD, PI, c_size_t, c_size_t, c_double, c_double,
                                              c_size_t, PU64, PD, PD, PD, PSZ, c_void_p],
                    details=True)
_referral = proto("csat_referral_value", [c_double, c_double, c_double, c_double, c_double,
                                          c_double, POINTER(_Referral)], details=True)
_wallet = proto("csat_share_of_wallet", [PD, PD, c_size_t, PD, PD], details=True)
_chain = proto("csat_retention_profit_value", [PD, c_size_t, c_double, c_double, c_double, c_uint,
                                               POINTER(_Chain)], details=True)
_chain_table = proto("csat_retention_profit_table", [PD, c_size_t, c_double, PD, c_size_t,
                                                     c_double, c_double, c_uint, PD, PD],
                     details=True)

_MAX_HORIZON = 100000


def _table(columns, index, index_name):
    """A DataFrame of the columns (pandas installed) or a Result of them."""
    pd = _frames.pandas()
    if pd is not None:
        df = _frames.frame(columns, pd.Index(index, name=index_name))
        return df
    res = Result(columns)
    res[index_name] = index
    return res


def _txn(ids, times, amounts=None, groups=None, id_name="ids", group_name="groups"):
    i = as_uint64(ids, id_name)
    t = as_doubles(times, "times", finite=True, nonneg=True, ids=i)
    a = as_doubles(amounts, "amounts", optional=True, finite=True, nonneg=True, ids=i)
    g = as_ints(groups, group_name) if groups is not None else None
    n = same_length(i, t, a, *(() if g is None else (g,)))
    return i, t, a, g, n


def _n_groups(g, n_groups):
    """n_groups as given, or the largest code + 1 (at least 1)."""
    if n_groups is not None:
        return integer(n_groups, "n_groups", ctype=c_size_t, lo=1)
    vals = g.values()
    return max(int(max(vals)) + 1, 1) if vals else 1


def kpis_by_group(ids, times, amounts, groups, t1, t2, lost_after, tier_bounds=(),
                  n_groups=None):
    """CRM KPIs between t1 and t2 per group, in one pass (wraps csat_kpi_by_group).

    A customer belongs to the group of their latest transaction (ties: the highest code).

    Parameters
    ----------
    ids : sequence of int
        Customer id of each transaction (integers >= 0).
    times : sequence of float
        Transaction times (finite, >= 0).
    amounts : sequence of float or None
        Transaction amounts (finite, >= 0); None = 0.
    groups : sequence of int
        Group code of each transaction (segment, region, salesperson...), 0 .. n_groups - 1,
        or -1 for none (counted in the overall KPIs only).
    t1, t2 : float
        Start and end of the period, t1 < t2.
    lost_after : float
        Inactivity after which a customer counts as lost (> 0).
    tier_bounds : sequence of float, default ()
        Increasing spend bounds of the customer ladder's tiers (for upgrades).
    n_groups : int, optional
        Number of groups; None = the largest code + 1.

    Returns
    -------
    pandas.DataFrame or Result
        One row per group (index ``group``) with the columns of csat.kpis
        (start_customers ... average_profitability); ``attrs["overall"]`` (DataFrame)
        or the ``overall`` key (Result) holds the KPIs of all customers.

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, a group code outside [0, n_groups), t1 >= t2.
    EmptyInput
        No transactions.
    """
    i, t, a, g, n = _txn(ids, times, amounts, groups)
    if g is None:
        raise InvalidType("groups is required: give a sequence of integer group codes")
    ng = _n_groups(g, n_groups)
    b = as_doubles(sequence(tier_bounds, "tier_bounds", "a sequence of numbers"), "tier_bounds",
                   finite=True)
    reps, overall = (_Kpi * ng)(), _Kpi()
    check(_by_group(i.ptr, t.ptr, a.ptr, g.ptr, n, ng, real(t1, "t1"), real(t2, "t2"),
                    real(lost_after, "lost_after"), b.ptr, b.n, reps, byref(overall), None),
          "kpis_by_group")
    return _kpi_frame(reps, overall, ng)


def _kpi_frame(reps, overall, ng):
    cols = {f: _col([getattr(r, f) for r in reps]) for f in _KPI_FIELDS}
    res = _table(cols, list(range(ng)), "group")
    ov = {f: getattr(overall, f) for f in _KPI_FIELDS}
    if isinstance(res, Result):
        res["overall"] = Result(ov)
    else:
        res.attrs["overall"] = ov
    return res


def kpis_by_group_customers(customers, t1, t2, lost_after, tier_bounds=(), n_groups=None):
    """kpis_by_group over a csat.Customers store, groups from its customers (wraps csat_kpi_by_group_customers).

    Customers without a group (Customers.set_groups) count in the overall KPIs only.

    Parameters
    ----------
    customers : Customers
        The store.
    t1, t2, lost_after, tier_bounds
        As for kpis_by_group.
    n_groups : int, optional
        Number of groups; None = the largest group code in the store + 1.

    Returns
    -------
    pandas.DataFrame or Result
        As for kpis_by_group.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument
        Bad values, a group code at or above n_groups.
    EmptyInput
        An empty store.
    """
    handle_arg(customers, Customers, "customers")
    ng = integer(n_groups, "n_groups", ctype=c_size_t, lo=1) if n_groups is not None \
        else _store_max_code(customers, "group")
    b = as_doubles(sequence(tier_bounds, "tier_bounds", "a sequence of numbers"), "tier_bounds",
                   finite=True)
    args = (real(t1, "t1"), real(t2, "t2"), real(lost_after, "lost_after"))
    reps, overall = (_Kpi * ng)(), _Kpi()
    with use(customers) as c:
        check(_by_group_cust(c, ng, *args, b.ptr, b.n, reps, byref(overall), None),
              "kpis_by_group_customers")
    return _kpi_frame(reps, overall, ng)


def cross_sell_customers(customers, period=1.0, n_categories=None):
    """cross_sell over a csat.Customers store, categories from its transactions (wraps csat_cross_sell_customers).

    Parameters
    ----------
    customers : Customers
        The store (categories added with Customers.add(categories=...)).
    period : float, default 1.0
        Period length (> 0) that makes baskets.
    n_categories : int, optional
        Number of categories; None = the largest category code + 1.

    Returns
    -------
    Result
        As for cross_sell.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument
        Bad values, a category at or above n_categories.
    EmptyInput
        An empty store.
    """
    handle_arg(customers, Customers, "customers")
    nc = integer(n_categories, "n_categories", ctype=c_size_t, lo=1) \
        if n_categories is not None else _store_max_code(customers, "category")
    s = _Cross()
    tog, nxt = out_matrix(nc, nc), out_matrix(nc, nc)
    per = real(period, "period")
    with use(customers) as c:
        check(_cross_cust(c, nc, per, byref(s), tog.ptr, nxt.ptr, None), "cross_sell_customers")
    res = Result({f: getattr(s, f) for f, _ in _Cross._fields_})
    res.together = tog.value()
    res.next = nxt.value()
    return res


def _col(values):
    if np is not None:
        return np.asarray(values, dtype=np.float64)
    from array import array
    return array("d", values)


def kpi_scorecard(reports, weights):
    """A weighted scorecard over groups (wraps csat_kpi_scorecard).

    Each KPI is divided by its largest absolute value over the groups, then weighted:
    score = sum of weight x KPI / max |KPI| (the salesperson appraisal that weighs
    retention alongside sales).

    Parameters
    ----------
    reports : pandas.DataFrame or mapping
        The KPI table of kpis_by_group (one row per group; columns named as there).
    weights : mapping
        {KPI name: weight}, finite, any sign (negative for "less is better", such as
        churn_rate); KPIs not named weigh 0.

    Returns
    -------
    pandas.Series, numpy.ndarray or array
        One score per group (a Series with the table's index for a DataFrame).

    Raises
    ------
    InvalidArgument
        An unknown KPI name, a weight or KPI that is not finite, mismatched columns.
    EmptyInput
        No groups.
    """
    if not hasattr(weights, "items"):
        raise InvalidType("weights must be a mapping {KPI name: weight}")
    cols = _frames.columns_of(reports) if (_frames.is_frame(reports) or hasattr(reports, "keys")) \
        else None
    if cols is None:
        raise InvalidType("reports must be the DataFrame or mapping of kpis_by_group")
    w = _Kpi()
    for name, value in weights.items():
        if name not in _KPI_FIELDS:
            raise InvalidArgument(f"weights names {name!r}, not a KPI: one of {', '.join(_KPI_FIELDS)}")
        setattr(w, name, real(value, f"weights[{name!r}]"))
    n = None
    for f in _KPI_FIELDS:
        if f in cols:
            m = len(cols[f])
            if n is not None and m != n:
                raise InvalidArgument("the KPI columns of reports have different lengths")
            n = m
    if n is None:
        raise InvalidArgument("reports has none of the KPI columns")
    reps = (_Kpi * max(n, 1))()
    for f in _KPI_FIELDS:
        if f in cols:
            v = as_doubles(cols[f], f"reports[{f!r}]").values()
            for k in range(n):
                setattr(reps[k], f, float(v[k]))
    out = Out(n)
    check(_scorecard(reps, n, byref(w), out.ptr), "kpi_scorecard")
    if _frames.is_frame(reports):
        return _frames.series(out.value(), reports.index, "score")
    return out.value()


def _store_columns(store):
    """All transactions of a Customers store as (ids, times) columns."""
    r = store.rows()
    return r["id"], r["time"]


def _store_max_code(store, column):
    """The largest group code (column "group") of the store's customers, or category
    code ("category") of its transactions, + 1; at least 1."""
    vals = store.attributes()[column] if column == "group" else store.rows()[column]
    vals = [int(v) for v in vals]
    return max(max(vals) + 1, 1) if vals else 1


def _ids_times(store, times):
    if isinstance(store, Customers):
        if times is not None:
            raise InvalidArgument("give either a Customers store or ids and times, not both")
        return _store_columns(store)
    if times is None:
        raise InvalidType("store must be a csat.Customers, or give ids and times columns")
    return store, times


def repeat_purchase_rate(store, window, observation_end, *, times=None, groups=None,
                         period=1.0, n_groups=None):
    """Repeat-purchase rate overall, per acquisition cohort and per group (wraps csat_repeat_purchase).

    Among customers whose first purchase is at least window before observation_end, the
    share who buy again in a later period within window of their first purchase.

    Parameters
    ----------
    store : Customers or sequence of int
        A csat.Customers store (groups: its customers' groups, Customers.set_groups), or the
        customer ids of the transactions (then give times).
    window : float
        The window after the first purchase (> 0, time units).
    observation_end : float
        End of the observation; later transactions are ignored.
    times : sequence of float, optional
        Transaction times when store is a column of ids.
    groups : sequence of int, optional
        Group code of each transaction (with ids and times); a customer's group is that
        of their first transaction.
    period : float, default 1.0
        Period length (> 0): purchases in the first purchase's period do not count.
    n_groups : int, optional
        Number of groups; None = the largest code + 1.

    Returns
    -------
    Result
        eligible, repeaters, rate (overall); by_cohort and by_group tables (DataFrames
        with the columns eligible, repeaters and rate, when pandas is installed).

    Raises
    ------
    InvalidArgument
        Bad values, window or period not > 0, observation_end not finite.
    InvalidType
        store is neither a Customers store nor a column of ids.
    EmptyInput
        No transactions.
    """
    if isinstance(store, Customers):
        return _repeat_store(store, window, observation_end, times, groups, period, n_groups)
    ids, t = _ids_times(store, times)
    i, tt, _, g, n = _txn(ids, t, None, groups, "store")
    ng = _n_groups(g, n_groups) if g is not None else 0
    args = (real(period, "period"), real(window, "window"),
            real(observation_end, "observation_end"))
    overall, np_ = _Rate(), c_size_t()
    st = _repeat(i.ptr, tt.ptr, None, n, 0, *args, 0, byref(overall), None, None, byref(np_),
                 None)
    check(st, "repeat_purchase_rate")
    nc = np_.value
    byg, byc = (_Rate * max(ng, 1))(), (_Rate * max(nc, 1))()
    check(_repeat(i.ptr, tt.ptr, g.ptr if g is not None else None, n, ng, *args, nc,
                  byref(overall), byg if g is not None else None, byc, byref(np_), None),
          "repeat_purchase_rate")
    res = Result(eligible=overall.eligible, repeaters=overall.repeaters, rate=overall.rate)
    res.by_cohort = _rate_table(byc, nc, "cohort")
    if g is not None:
        res.by_group = _rate_table(byg, ng, "group")
    return res


def _rate_table(rows, k, name):
    return _table({f: _col([getattr(rows[j], f) for j in range(k)])
                   for f in ("eligible", "repeaters", "rate")}, list(range(k)), name)


def _repeat_store(store, window, observation_end, times, groups, period, n_groups):
    if times is not None or groups is not None:
        raise InvalidArgument("a Customers store brings its own times and groups: "
                              "give neither times nor groups with it")
    args = (real(period, "period"), real(window, "window"),
            real(observation_end, "observation_end"))
    with_groups = "groups" in store.columns
    ng = (integer(n_groups, "n_groups", ctype=c_size_t, lo=1) if n_groups is not None
          else _store_max_code(store, "group")) if with_groups else 0
    overall, np_ = _Rate(), c_size_t()
    with use(store) as c:
        check(_repeat_cust(c, 0, *args, 0, byref(overall), None, None, byref(np_), None),
              "repeat_purchase_rate")
        nc = np_.value
        byg, byc = (_Rate * max(ng, 1))(), (_Rate * max(nc, 1))()
        check(_repeat_cust(c, ng, *args, nc, byref(overall), byg if with_groups else None, byc,
                           byref(np_), None), "repeat_purchase_rate")
    res = Result(eligible=overall.eligible, repeaters=overall.repeaters, rate=overall.rate)
    res.by_cohort = _rate_table(byc, nc, "cohort")
    if with_groups:
        res.by_group = _rate_table(byg, ng, "group")
    return res


def inter_purchase_times(store, *, times=None, period=1.0):
    """Every customer's gaps between consecutive purchase periods (wraps csat_inter_purchase_times).

    Parameters
    ----------
    store : Customers or sequence of int
        A csat.Customers store, or the customer ids of the transactions (then give times).
    times : sequence of float, optional
        Transaction times when store is a column of ids.
    period : float, default 1.0
        Period length (> 0); gaps are counted in whole periods, purchases in one period
        count once.

    Returns
    -------
    Result
        gaps (every gap, customers in id order), by_customer (a table indexed by id with
        n_gaps, mean and cv: regularity, lower is more regular) and the overall
        customers, repeat_customers, n_gaps, mean, median, sd, cv and mean_customer_cv.

    Raises
    ------
    InvalidArgument
        Bad values, period not > 0.
    InvalidType
        store is neither a Customers store nor a column of ids.
    EmptyInput
        No transactions.
    DomainError
        The times span more than 1e15 periods.
    """
    ids, t = _ids_times(store, times)
    i, tt, _, _, n = _txn(ids, t, id_name="store")
    per = real(period, "period")
    nc, ng = c_size_t(), c_size_t()
    st = _ipt(i.ptr, tt.ptr, n, per, 0, None, None, None, None, 0, None, None, byref(nc),
              byref(ng), None)
    check(st, "inter_purchase_times")
    cid, cg, cm, ccv = Out(nc.value, c_uint64), Out(nc.value), Out(nc.value), Out(nc.value)
    gaps, s = Out(ng.value), _Ipt()
    check(_ipt(i.ptr, tt.ptr, n, per, nc.value, cid.ptr, cg.ptr, cm.ptr, ccv.ptr, ng.value,
               gaps.ptr, byref(s), byref(nc), byref(ng), None), "inter_purchase_times")
    res = Result({f: getattr(s, f) for f, _ in _Ipt._fields_ if f != "gaps"})
    res.n_gaps = s.gaps
    res.gaps = gaps.value()
    res.by_customer = _table({"n_gaps": cg.value(), "mean": cm.value(), "cv": ccv.value()},
                                 cid.value(), "id")
    return res


def cross_sell(ids, times, categories, period=1.0, n_categories=None):
    """Cross-selling: categories per customer, bought together and bought next (wraps csat_cross_sell).

    A basket is a customer's categories in one period.

    Parameters
    ----------
    ids : sequence of int
        Customer id of each transaction (integers >= 0).
    times : sequence of float
        Transaction times (finite, >= 0).
    categories : sequence of int
        Category (product line) of each transaction, 0 .. n_categories - 1, or -1 for none.
    period : float, default 1.0
        Period length (> 0) that makes baskets.
    n_categories : int, optional
        Number of categories; None = the largest code + 1.

    Returns
    -------
    Result
        customers, buyers, mean_categories, multi_category (buyers of two or more
        categories), multi_category_share, together (n x n: baskets holding both; the
        diagonal, baskets holding the category) and next (n x n: consecutive baskets with
        the row's category in the first and the column's in the next).

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, a category outside [-1, n_categories).
    EmptyInput
        No transactions.
    """
    i, t, _, c, n = _txn(ids, times, None, categories, group_name="categories")
    if c is None:
        raise InvalidType("categories is required: give a sequence of integer category codes")
    nc = _n_groups(c, n_categories) if n_categories is None else \
        integer(n_categories, "n_categories", ctype=c_size_t, lo=1)
    s = _Cross()
    tog, nxt = out_matrix(nc, nc), out_matrix(nc, nc)
    check(_cross(i.ptr, t.ptr, c.ptr, n, nc, real(period, "period"), byref(s), tog.ptr, nxt.ptr,
                 None), "cross_sell")
    res = Result({f: getattr(s, f) for f, _ in _Cross._fields_})
    res.together = tog.value()
    res.next = nxt.value()
    return res


def loyalty_behaviour(store, observation_end, *, times=None, categories=None, period=1.0,
                      n_categories=None):
    """Behavioural loyalty indicators per customer, and the loyalty index they give (wraps csat_loyalty_behaviour).

    From the purchases at or before observation_end: repeat purchases (purchase periods after
    the first), intensity (the share of periods with a purchase since the first, in (0, 1])
    and variety (distinct categories). The index is csat.loyalty_index with intensity as the
    repeat-purchase indicator on the scale [0, 1] and the five attitudinal indicators left out
    (nan_policy "skip"): 100 x intensity.

    Parameters
    ----------
    store : Customers or sequence of int
        A csat.Customers store (categories from its transactions), or the customer ids of the
        transactions (then give times, and categories if wanted).
    observation_end : float
        End of the observation (finite).
    times : sequence of float, optional
        Transaction times when store is a column of ids.
    categories : sequence of int, optional
        Category of each transaction (0 .. n_categories - 1, -1 = none) with ids and times.
    period : float, default 1.0
        Period length (> 0).
    n_categories : int, optional
        Number of categories; None = the largest code + 1.

    Returns
    -------
    pandas.DataFrame or Result
        Indexed by customer id: repeat, intensity, variety and loyalty_index.

    Raises
    ------
    InvalidArgument
        Bad values, period not > 0, a category outside [-1, n_categories).
    InvalidType
        store is neither a Customers store nor a column of ids.
    EmptyInput
        No transactions.
    """
    if isinstance(store, Customers):
        if times is not None or categories is not None:
            raise InvalidArgument("a Customers store brings its own times and categories: "
                                  "give neither with it")
        r = store.rows()
        ids, times = r["id"], r["time"]
        categories = r["category"] if "categories" in store.columns else None
    else:
        ids = store
    i, t, _, c, n = _txn(ids, times, None, categories, "store", "categories")
    nc = 0
    if c is not None:
        nc = integer(n_categories, "n_categories", ctype=c_size_t, lo=1) \
            if n_categories is not None else _n_groups(c, None)
    end, per = real(observation_end, "observation_end"), real(period, "period")
    m = c_size_t()
    st = _behaviour(i.ptr, t.ptr, c.ptr if c is not None else None, n, nc, per, end, 0, None,
                    None, None, None, byref(m), None)
    if st != BufferTooSmall.code:  # then the count is known
        check(st, "loyalty_behaviour")
    k = m.value
    cid, rep, inten, var = Out(k, c_uint64), Out(k), Out(k), Out(k)
    check(_behaviour(i.ptr, t.ptr, c.ptr if c is not None else None, n, nc, per, end, k, cid.ptr,
                     rep.ptr, inten.ptr, var.ptr, byref(m), None), "loyalty_behaviour")
    index = _col([100.0 * v for v in inten.value()])
    if k:
        from .satisfaction import loyalty_index
        nan = float("nan")
        rows = [[v, nan, nan, nan, nan, nan] for v in inten.value()]
        index = loyalty_index(rows, [(0.0, 1.0)] * 6, nan_policy="skip")
    return _table({"repeat": rep.value(), "intensity": inten.value(), "variety": var.value(),
                   "loyalty_index": _col(list(index))}, cid.value(), "id")


def share_of_wallet(spend, category_spend):
    """Each customer's share of wallet: their spend with us over their total category spend (wraps csat_share_of_wallet).

    Parameters
    ----------
    spend : sequence of float
        Each customer's spend with the firm (finite, >= 0).
    category_spend : sequence of float
        Each customer's total spend in the category, with every supplier (finite, >= spend).

    Returns
    -------
    pandas.Series, numpy.ndarray or array
        spend / category_spend in [0, 1] (0 where the category spend is 0); a Series with
        spend's index for a Series.

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, a spend above its category spend.
    EmptyInput
        No customers.
    DomainError
        The total category spend overflows.
    """
    s = as_doubles(spend, "spend")
    c = as_doubles(category_spend, "category_spend")
    n = same_length(s, c)
    out = Out(n)
    check(_wallet(s.ptr, c.ptr, n, out.ptr, None), "share_of_wallet")
    res = out.value()
    if _frames.is_series(spend):
        return _frames.series(res, spend.index, "share_of_wallet")
    return res


def referral_value(satisfied, value_per_customer, dissatisfied=0.0, *,
                   leads_per_satisfied=REFERRAL_LEADS, closing_rate=REFERRAL_CLOSING,
                   people_told=9.0):
    """Referral value of satisfied customers and the net word of mouth (wraps csat_referral_value).

    Parameters
    ----------
    satisfied : float
        Number of satisfied customers (>= 0).
    value_per_customer : float
        Value of one customer won by referral, e.g. their CLV (>= 0).
    dissatisfied : float, default 0
        Number of dissatisfied customers (>= 0).
    leads_per_satisfied : float, default REFERRAL_LEADS (8)
        Potential sales from one satisfied customer's word of mouth (the theory's 8).
    closing_rate : float, default REFERRAL_CLOSING (1/8)
        Share of those leads that become customers, in [0, 1].
    people_told : float, default 9
        People each dissatisfied customer tells (the complaint iceberg's TARP figure).

    Returns
    -------
    Result
        leads, referred, value, value_per_satisfied, negative_exposures,
        net_word_of_mouth, satisfied_to_offset.

    Raises
    ------
    InvalidArgument
        A negative or non-finite number, closing_rate outside [0, 1].
    DomainError
        A figure overflows.
    """
    r = _Referral()
    check(_referral(real(satisfied, "satisfied"), real(dissatisfied, "dissatisfied"),
                    real(leads_per_satisfied, "leads_per_satisfied"),
                    real(closing_rate, "closing_rate"), real(people_told, "people_told"),
                    real(value_per_customer, "value_per_customer"), byref(r)),
          "referral_value")
    return Result({f: getattr(r, f) for f, _ in _Referral._fields_})


def _drivers(drivers):
    """The n_years x 5 driver matrix from a mapping {driver: per-year values}, a
    DataFrame with driver columns, or a sequence of yearly totals (all base profit)."""
    if _frames.is_frame(drivers) or hasattr(drivers, "keys"):
        cols = {k: as_doubles(v, f"drivers[{k!r}]", finite=True)
                for k, v in _frames.columns_of(drivers).items()
                if k != "year"}  # chain_drivers' index column (without pandas)
        for k in cols:
            if k not in PROFIT_DRIVERS:
                raise InvalidArgument(f"drivers names {k!r}, not one of {', '.join(PROFIT_DRIVERS)}")
        lens = {c.n for c in cols.values()}
        if len(lens) != 1:
            raise InvalidArgument("the driver columns must have the same length")
        ny = lens.pop()
        vals = {k: c.values() for k, c in cols.items()}
        flat = [float(vals[d][y]) if d in vals else 0.0 for y in range(ny) for d in PROFIT_DRIVERS]
    else:
        base = as_doubles(drivers, "drivers", finite=True)
        ny = base.n
        b = base.values()
        flat = [float(v) for y in range(ny) for v in (b[y], 0.0, 0.0, 0.0, 0.0)]
    return (c_double * max(len(flat), 1))(*flat), ny


def _tenure_curve(tab, per, ny_cap=None):
    """Profit per customer by year of tenure from a profit_by_tenure Result: per "active"
    customer (profit over customers who bought that year) or per "acquired" customer (the
    pooled curve); it stops before the first year with no customer observed."""
    curve = []
    if per == "acquired":
        sizes = [float(v) for v in tab["cohort_size"]]
        for k, v in enumerate(tab["pooled"]):
            # cohort c is observed k periods after acquisition when c + k < n_periods
            if (ny_cap is not None and k >= ny_cap) or not sum(sizes[:max(len(sizes) - k, 0)]) > 0:
                break
            curve.append(float(v))
    else:
        profit_rows, active_rows = list(tab["profit"]), list(tab["active"])
        width = len(profit_rows[0]) if profit_rows else 0
        for k in range(width if ny_cap is None else min(width, ny_cap)):
            act = sum(float(row[k]) for row in active_rows)
            if act <= 0:
                break
            curve.append(sum(float(row[k]) for row in profit_rows) / act)
    return curve


def _extra_driver(x, name):
    """A caller-given driver: None = 0, a number for every year, or per-year values."""
    if x is None:
        return [0.0]
    v, _ = scalar_or_column(x, name, finite=True)
    if v.n == 0:
        raise InvalidArgument(f"{name} is empty: give a number or at least one year's value")
    return [float(y) for y in v.values()]


def chain_drivers(store, period=1.0, per="active", origin=None, n_years=None, cost_savings=None,
                  referrals=None, price_premium=None):
    """Drivers of the retention-profit chain estimated from a store's profit by tenure.

    The store's profit per customer by year of tenure (csat_profit_by_tenure, pooled over
    the acquisition cohorts observed that long; docs/theory/loyalty_economics.rst, 25.6)
    gives pi_1, pi_2, ...: base profit is pi_1 in every year and growth pi_t - pi_1 (the
    rise in profit with tenure: revenue growth together with any cost-to-serve savings the
    store's cost column records). cost_savings, referrals and price_premium are not
    observable in a store and stay parameters (default 0). Feed the result to
    retention_profit or retention_profit_table as drivers.

    Parameters
    ----------
    store : Customers or Result
        A csat.Customers store (revenue, costs), or the Result of profit_by_tenure or
        profit_by_tenure_customers.
    period : float, default 1.0
        Length of a year of tenure in the store's time units (> 0); with a store only.
    per : {"active", "acquired"}, default "active"
        "active": profit per customer who bought in that year of tenure (sum of profit
        over sum of active customers) -- the profit of a customer still there, to use
        with a retention rate; "acquired": the pooled curve, per acquired customer with
        the defectors counted as 0 (attrition already inside: use it with retention 1).
    origin : float or date, optional
        Start of the period grid; None = the earliest transaction (with a store only).
    n_years : int, optional
        Years of tenure to estimate (>= 1); None = every year observed.
    cost_savings, referrals, price_premium : float or sequence of float, optional
        The caller's per-year profit from reduced operating cost, referrals and price
        premium (a number for every year, or one value per year of tenure). Give
        cost_savings only for savings outside the store's cost column, which growth
        already holds.

    Returns
    -------
    pandas.DataFrame or Result
        Indexed by year of tenure (1, 2, ...): base, growth, cost_savings, referrals and
        price_premium. The years are the longest of the estimated curve and the given
        sequences; a shorter column repeats its last value (as the chain does after the
        last year). The estimated curve stops before the first year with no customer
        observed (no active customer for "active").

    Raises
    ------
    InvalidType
        store is neither a Customers store nor a profit_by_tenure Result.
    InvalidArgument
        Bad period, origin, n_years or driver values, per not "active" or "acquired",
        period or origin given with a Result.
    EmptyInput
        A store without transactions.
    """
    from .profitability import profit_by_tenure_customers
    if not isinstance(per, str):
        raise InvalidType(f"per is a {type(per).__name__}: give \"active\" or \"acquired\"")
    if per not in ("active", "acquired"):
        raise InvalidArgument(f"per = {per!r}: give \"active\" or \"acquired\"")
    ny_cap = integer(n_years, "n_years", ctype=c_size_t, lo=1) if n_years is not None else None
    if isinstance(store, Customers):
        tab = profit_by_tenure_customers(store, period=period, origin=origin, n_offsets=ny_cap)
    elif isinstance(store, dict) and all(k in store for k in ("profit", "active", "pooled")):
        if period != 1.0 or origin is not None:
            raise InvalidArgument("period and origin apply to a store: a profit_by_tenure "
                                  "Result has its own")
        tab = store
    else:
        raise InvalidType(f"store is a {type(store).__name__}: give a csat.Customers store or "
                          "the Result of profit_by_tenure")
    curve = _tenure_curve(tab, per, ny_cap)
    if not curve:
        raise InvalidArgument("no year of tenure has a customer observed: nothing to estimate")
    cols = {"base": [curve[0]], "growth": [v - curve[0] for v in curve],
            "cost_savings": _extra_driver(cost_savings, "cost_savings"),
            "referrals": _extra_driver(referrals, "referrals"),
            "price_premium": _extra_driver(price_premium, "price_premium")}
    ny = max(len(c) for c in cols.values())
    for d in PROFIT_DRIVERS:
        c = cols[d]
        cols[d] = _col(c + [c[-1]] * (ny - len(c)))
    return _table(cols, list(range(1, ny + 1)), "year")


def _horizon(horizon):
    return integer(horizon, "horizon", ctype=c_uint, lo=1, hi=_MAX_HORIZON)


def retention_profit(drivers, acquisition_cost, retention, discount=0.0, horizon=_MAX_HORIZON):
    """A customer's value under the retention-profit chain (wraps csat_retention_profit_value).

    Year t's profit (the drivers' sum in year t of tenure; later years repeat the last)
    is earned with probability retention ** (t - 1) and discounted by
    (1 + discount) ** t; the acquisition cost is spent in year 0.

    Parameters
    ----------
    drivers : mapping, pandas.DataFrame or sequence of float
        Per-year profit by driver: {"base": [...], "growth": [...], "cost_savings": [...],
        "referrals": [...], "price_premium": [...]} (any subset, equal lengths), or one
        sequence of yearly profits (all base).
    acquisition_cost : float
        Cost of acquiring the customer (>= 0).
    retention : float
        Yearly retention rate in [0, 1].
    discount : float, default 0
        Yearly discount rate (>= 0).
    horizon : int, default 100000
        Years of tenure summed (1 .. 100000).

    Returns
    -------
    Result
        value, profit, drivers (a dict by driver), expected_years, undiscounted and
        breakeven_year (0 if the acquisition cost is never paid back).

    Raises
    ------
    InvalidArgument
        Bad values, retention outside [0, 1], a bad horizon.
    EmptyInput
        No years of drivers.
    DomainError
        A sum overflows.
    """
    d, ny = _drivers(drivers)
    v = _Chain()
    check(_chain(d, ny, real(acquisition_cost, "acquisition_cost"), real(retention, "retention"),
                 real(discount, "discount"), _horizon(horizon), byref(v)),
          "retention_profit")
    return Result(value=v.value, profit=v.profit,
                  drivers=dict(zip(PROFIT_DRIVERS, list(v.drivers))),
                  expected_years=v.expected_years, undiscounted=v.undiscounted,
                  breakeven_year=v.breakeven_year)


def retention_profit_table(drivers, acquisition_cost, retention, base_retention=None,
                           discount=0.0, horizon=_MAX_HORIZON):
    """Customer value across retention rates and the gain over a base rate (wraps csat_retention_profit_table).

    Parameters
    ----------
    drivers, acquisition_cost, discount, horizon
        As for retention_profit.
    retention : sequence of float
        Retention rates in [0, 1], one row each.
    base_retention : float, optional
        The rate the gains are relative to; None = retention[0].

    Returns
    -------
    pandas.DataFrame or Result
        Columns retention, value and gain (value / value at base_retention - 1).

    Raises
    ------
    InvalidArgument
        Bad values, a rate outside [0, 1].
    EmptyInput
        No rates, or no years of drivers.
    DomainError
        The value at base_retention is not > 0, or a sum overflows.
    """
    d, ny = _drivers(drivers)
    r = as_doubles(sequence(retention, "retention", "a sequence of numbers"), "retention")
    rv = [float(x) for x in r.values()]
    base = rv[0] if (base_retention is None and rv) else base_retention
    base = real(base if base is not None else 0.0, "base_retention")
    val, gain = Out(r.n), Out(r.n)
    check(_chain_table(d, ny, real(acquisition_cost, "acquisition_cost"), r.ptr, r.n, base,
                       real(discount, "discount"), _horizon(horizon), val.ptr, gain.ptr),
          "retention_profit_table")
    cols = {"retention": _col(rv), "value": val.value(), "gain": gain.value()}
    pd = _frames.pandas()
    if pd is not None:
        return pd.DataFrame(cols)
    return Result(cols)


def retention_profit_gain(drivers, acquisition_cost, retention, improvement=0.05, *,
                          relative=False, discount=0.0, horizon=_MAX_HORIZON):
    """Relative profit gain from a retention improvement (the "5% fewer defections" check).

    Parameters
    ----------
    drivers, acquisition_cost, discount, horizon
        As for retention_profit.
    retention : float
        The current retention rate in [0, 1].
    improvement : float, default 0.05
        In points (retention + improvement), or with relative=True the share by which
        defections fall (1 - (1 - improvement) (1 - retention)).
    relative : bool, default False
        Read improvement as a relative cut in defections.

    Returns
    -------
    float
        value(improved) / value(retention) - 1.

    Raises
    ------
    InvalidArgument
        Bad values, an improved rate outside [0, 1].
    DomainError
        The value at the current rate is not > 0.
    """
    r = real(retention, "retention")
    imp = real(improvement, "improvement")
    new = 1.0 - (1.0 - imp) * (1.0 - r) if flag(relative, "relative") else r + imp
    t = retention_profit_table(drivers, acquisition_cost, [new], base_retention=r,
                               discount=discount, horizon=horizon)
    return float(t["gain"][0])
