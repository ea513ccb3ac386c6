"""Prediction intervals (issue 15 §4) on the predictions of the BTYD models
and on CLV and customer equity: the delta method, the parametric bootstrap
and the customer-resampling bootstrap (wraps csat_btyd_intervals and
csat_clv_intervals).

    m = csat.BGNBD().fit(frequency, recency, T)
    r = m.p_alive(frequency, recency, T, interval="delta")
    r.estimate, r.lower, r.upper      # per customer
    r.total                           # Result(estimate, lower, upper) of the sum
    pandas.DataFrame({k: r[k] for k in ("estimate", "lower", "upper")})

The result is a ``Result`` (a dict with attribute access) holding the
per-customer columns ``estimate``, ``lower`` and ``upper`` (numpy arrays, or
``array('d')`` without numpy; pandas Series when the columns came in as
Series), ``total`` (the interval of the weighted sum over the rows: for CLV
the customer equity), ``method`` and ``level``. The rows given are both the
customers whose predictions are returned and the data behind the covariance
(delta, parametric) or the refits (bootstrap): pass the data the models were
fitted to.
"""
from ctypes import POINTER, Structure, byref, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p

from . import _frames
from ._lib import PD, InvalidArgument, Out, Result, as_doubles, check, choice, handle_arg, integer, proto, real, same_length, use
from .btyd import _BTYD, _CLV_OPTIONS_VERSION, GammaGamma, _ClvOptions, _clv_options_init

__all__ = ["btyd_intervals", "clv_intervals", "prob_intervals", "spend_intervals", "sbg_intervals"]


class _IntervalOptions(Structure):
    _fields_ = [("version", c_uint), ("method", c_int), ("level", c_double), ("n_draws", c_size_t),
                ("seed", c_uint64)]


_P = c_void_p
_options_init = proto("csat_interval_options_init", [POINTER(_IntervalOptions), c_uint])
_btyd = proto("csat_btyd_intervals", [_P, c_int, c_double, PD, PD, PD, PD, c_size_t, POINTER(_IntervalOptions),
                                      PD, PD, PD, PD])
_clv = proto("csat_clv_intervals", [_P, _P, PD, PD, PD, PD, PD, c_size_t, POINTER(_ClvOptions),
                                    POINTER(_IntervalOptions),
                                    PD, PD, PD, PD])
# more intervals (issue 15 §4): P(X(t) = k) and the Gamma-Gamma expected spend
_prob = proto("csat_btyd_prob_intervals", [_P, c_double, c_double, PD, PD, PD, PD, c_size_t,
                                           POINTER(_IntervalOptions), PD, PD, PD, PD])
_spend = proto("csat_spend_intervals", [_P, PD, PD, PD, c_size_t, POINTER(_IntervalOptions), PD, PD, PD, PD])
# sBG intervals (issue 15 §4)
_sbg = proto("csat_sbg_intervals", [_P, c_int, PD, c_size_t, c_double, PD, PD, PD, c_size_t,
                                    POINTER(_IntervalOptions), PD, PD, PD])
_SBG_QUANTITIES = {"survival": 0, "retention": 1, "del": 2, "derl": 3}
_VERSION = 1

#: The interval methods by name: "delta", "parametric", "bootstrap" (customer resampling).
METHODS = {"delta": 0, "parametric": 1, "bootstrap": 2}
_QUANTITIES = {"p_alive": 0, "expected_purchases": 1, "dert": 2}


def _options(method, level, n_draws, seed):
    o = _IntervalOptions()
    check(_options_init(byref(o), _VERSION), "interval options")
    o.method = choice(method, METHODS, "interval")
    o.level = real(level, "level", finite=True, positive=True)
    o.n_draws = integer(n_draws, "n_draws", ctype=c_size_t, lo=2)
    o.seed = integer(seed, "seed", ctype=c_uint64)
    return o


def _columns(**cols):
    ins = {k: as_doubles(v, k, optional=k in ("weights", "counts"), finite=True, nonneg=True, defer=True)
           for k, v in cols.items()}
    return ins, same_length(*ins.values())


def _result(e, lo, hi, tot, method, level):
    return Result(estimate=e.value(), lower=lo.value(), upper=hi.value(),
                  total=Result(estimate=tot[0], lower=tot[1], upper=tot[2]), method=method, level=level)


@_frames.indexed(rows=("estimate", "lower", "upper"))
def btyd_intervals(model, what, frequency, recency, T, weights=None, t=None, discount=None,
                   interval="delta", level=0.95, n_draws=1000, seed=1):
    """Intervals on a BTYD prediction per customer and on its total (wraps csat_btyd_intervals).

    Delta method: covariance of the log-parameters from the observed information of these
    rows at the model's parameters, gradients by Richardson-extrapolated central
    differences (analytic for P(alive), E[X] and DERT of BG/NBD, MBG/NBD and Pareto/NBD);
    the interval on the logit scale for P(alive), on the log scale otherwise.
    Parametric bootstrap: n_draws parameter vectors from the estimate's asymptotic normal
    (log scale), percentile intervals. Bootstrap: CLVTools' customer resampling, n_draws
    refits on customers drawn with replacement. Draws are seeded (the same seed, the same
    intervals, on every run and platform).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD, BGBB or GGomNBD
        A fitted (or set) purchase model.
    what : {"p_alive", "expected_purchases", "dert"}
        The prediction.
    frequency, recency, T : sequence of float
        The customers (as for the model's fit): predictions, and the data behind the
        covariance or the refits.
    weights : sequence of float, optional
        Customers per row (finite, >= 0; whole numbers for "bootstrap"); None = 1 each.
    t : float, optional
        The horizon of "expected_purchases" (required for it).
    discount : float, optional
        The discount rate of "dert" (required for it).
    interval : {"delta", "parametric", "bootstrap"}, default "delta"
        The method.
    level : float, default 0.95
        Coverage level, in (0, 1).
    n_draws : int, default 1000
        Draws or refits of the bootstraps (2 to 1e7).
    seed : int, default 1
        Seed of the bootstraps.

    Returns
    -------
    Result
        estimate, lower, upper (per customer), total (Result of estimate, lower, upper of
        the weighted sum), method, level.

    Raises
    ------
    InvalidType
        A model of the wrong class, a non-string interval or what.
    InvalidArgument, EmptyInput
        Bad columns, level, n_draws, method or quantity.
    Misuse
        A model without parameters.
    DomainError
        Parameters out of range, or no positive-definite information matrix.
    NoConvergence
        More than half of the bootstrap draws gave no prediction.

    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> x, tx, T = [2, 1, 0, 4, 3, 0], [30.4, 1.7, 0, 20, 35, 0], [38.9, 38.9, 38.9, 38, 37, 36]
    >>> r = csat.intervals.btyd_intervals(m, "p_alive", x, tx, T)
    >>> sorted(r)
    ['estimate', 'level', 'lower', 'method', 'total', 'upper']
    """
    handle_arg(model, _BTYD, "model")
    q = choice(what, _QUANTITIES, "what")
    t = None if t is None else real(t, "t", finite=True, nonneg=True)
    discount = None if discount is None else real(discount, "discount", finite=True, positive=True)
    arg = 0.0
    if q == 1:
        if t is None:
            raise InvalidArgument('what="expected_purchases" needs t')
        arg = t
    elif q == 2:
        if discount is None:
            raise InvalidArgument('what="dert" needs discount')
        arg = discount
    o = _options(interval, level, n_draws, seed)
    cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
    e, lo, hi, tot = Out(n, zero=False), Out(n, zero=False), Out(n, zero=False), (c_double * 3)()
    w = cols["weights"].ptr
    with use(model) as p:
        model._check(_btyd(p, q, arg, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr, w, n,
                           byref(o), e.ptr, lo.ptr, hi.ptr, tot), what, cols.values())
    return _result(e, lo, hi, list(tot), interval, level)


@_frames.indexed(rows=("estimate", "lower", "upper"))
def clv_intervals(purchase_model, spend_model, frequency, recency, T, monetary_value, weights=None,
                  n_steps=12, step=4.345, discount_rate=0.01, interval="delta", level=0.95, n_draws=1000,
                  seed=1):
    """Intervals on CLV per customer and on the customer equity (wraps csat_clv_intervals).

    The CLV is csat.clv's; the two models' parameters are independent (a block-diagonal
    covariance; both refitted in a bootstrap replicate). Methods as for btyd_intervals.

    Parameters
    ----------
    purchase_model : BGNBD, ParetoNBD, ModifiedBGNBD or GGomNBD
        A fitted (or set) purchase model.
    spend_model : GammaGamma
        A fitted (or set) spend model.
    frequency, recency, T, monetary_value : sequence of float
        The customers, as for csat.clv, and the data of both fits.
    weights : sequence of float, optional
        Customers per row; None = 1 each.
    n_steps, step, discount_rate
        As for csat.clv.
    interval : {"delta", "parametric", "bootstrap"}, default "delta"
        The method.
    level : float, default 0.95
        Coverage level, in (0, 1).
    n_draws : int, default 1000
        Draws or refits of the bootstraps.
    seed : int, default 1
        Seed of the bootstraps.

    Returns
    -------
    Result
        estimate, lower, upper (CLV per customer), total (the equity: Result of estimate,
        lower, upper), method, level.

    Raises
    ------
    InvalidType, InvalidArgument, EmptyInput, Misuse, DomainError, NoConvergence
        As for btyd_intervals; InvalidArgument also for BG/BB or bad CLV options.

    Examples
    --------
    >>> pm = csat.BGNBD()
    >>> pm.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> sm = csat.GammaGamma()
    >>> sm.params_ = dict(p=6.25, q=3.74, gamma=15.44)
    >>> x, tx, T = [2, 1, 0, 4, 3, 5], [30.4, 1.7, 0, 20, 35, 30], [38.9, 38.9, 38.9, 38, 37, 36]
    >>> z = [20, 10, 0, 35, 18, 25]
    >>> r = csat.intervals.clv_intervals(pm, sm, x, tx, T, z)
    >>> r.total.lower < r.total.estimate < r.total.upper
    True
    """
    handle_arg(purchase_model, _BTYD, "purchase_model")
    handle_arg(spend_model, GammaGamma, "spend_model")
    co = _ClvOptions()
    check(_clv_options_init(byref(co), _CLV_OPTIONS_VERSION), "clv options")
    co.n_steps = integer(n_steps, "n_steps", ctype=c_size_t)
    co.step = real(step, "step")
    co.discount_rate = real(discount_rate, "discount_rate")
    o = _options(interval, level, n_draws, seed)
    cols, n = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value,
                       weights=weights)
    e, lo, hi, tot = Out(n, zero=False), Out(n, zero=False), Out(n, zero=False), (c_double * 3)()
    w = cols["weights"].ptr
    with use(purchase_model, spend_model) as (pm, sm):
        st = _clv(pm, sm, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                  cols["monetary_value"].ptr, w, n, byref(co), byref(o), e.ptr, lo.ptr, hi.ptr, tot)
        spend_model._check(st, "clv_intervals", cols.values())
    return _result(e, lo, hi, list(tot), interval, level)


@_frames.indexed(rows=("estimate", "lower", "upper"))
def prob_intervals(model, k, t, frequency, recency, T, weights=None, interval="delta", level=0.95,
                   n_draws=1000, seed=1):
    """Intervals on P(X(T, T+t) = k | history) per customer and on its total (wraps csat_btyd_prob_intervals).

    The prediction is the model's prob_purchases_cond; the total (the expected number of
    customers with exactly k purchases in the next t) is the weighted sum. Methods as for
    btyd_intervals; the delta method's gradient is analytic for BGNBD, ModifiedBGNBD and
    ParetoNBD, numerical (Richardson) for BGBB and GGomNBD, and its interval on the logit scale per
    customer, on the log scale for the total. For a new customer's P(X(t) = k), add a row
    frequency = recency = T = 0 of weight 0 to the data (continuous-time models).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD, BGBB or GGomNBD
        A fitted (or set) purchase model.
    k : int
        Purchase count, a whole number >= 0.
    t : float
        Length of the future period, finite and >= 0 (BG/BB: whole opportunities).
    frequency, recency, T : sequence of float
        The customers, and the data behind the covariance or the refits.
    weights : sequence of float, optional
        Customers per row, as for btyd_intervals.
    interval, level, n_draws, seed
        As for btyd_intervals.

    Returns
    -------
    Result
        estimate, lower, upper (per customer), total (Result of the weighted sum), method,
        level.

    Raises
    ------
    InvalidType, InvalidArgument, EmptyInput, Misuse, DomainError, NoConvergence
        As for btyd_intervals; InvalidArgument also for a k that is not a whole number >= 0
        or a negative t.

    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> x, tx, T = [2, 1, 0, 4, 3, 0], [30.4, 1.7, 0, 20, 35, 0], [38.9, 38.9, 38.9, 38, 37, 36]
    >>> r = csat.intervals.prob_intervals(m, 0, 39, x, tx, T)
    >>> bool(r.lower[0] <= r.estimate[0] <= r.upper[0])
    True
    """
    handle_arg(model, _BTYD, "model")
    k = real(k, "k", finite=True, nonneg=True)
    t = real(t, "t", finite=True, nonneg=True)
    o = _options(interval, level, n_draws, seed)
    cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
    e, lo, hi, tot = Out(n, zero=False), Out(n, zero=False), Out(n, zero=False), (c_double * 3)()
    with use(model) as p:
        model._check(_prob(p, t, k, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                           cols["weights"].ptr, n, byref(o), e.ptr, lo.ptr, hi.ptr, tot),
                     "prob_intervals", cols.values())
    return _result(e, lo, hi, list(tot), interval, level)


@_frames.indexed(rows=("estimate", "lower", "upper"))
def spend_intervals(model, frequency, monetary_value, weights=None, interval="delta", level=0.95,
                    n_draws=1000, seed=1):
    """Intervals on the Gamma-Gamma expected spend per customer and on its total (wraps csat_spend_intervals).

    Delta method: covariance of log(p, q, gamma) from the observed information of these
    rows, the analytic gradient of (gamma + x m) p / (p x + q - 1), log-scale bounds.
    Parametric bootstrap and customer-resampling bootstrap (refits) as for btyd_intervals.

    Parameters
    ----------
    model : GammaGamma
        A fitted (or set) spend model.
    frequency : sequence of float
        Repeat purchases x per customer (x = 0: the population mean, no information).
    monetary_value : sequence of float
        Observed mean spend per repeat purchase.
    weights : sequence of float, optional
        Customers per row, as for btyd_intervals.
    interval, level, n_draws, seed
        As for btyd_intervals.

    Returns
    -------
    Result
        estimate, lower, upper (per customer), total (Result of the weighted sum), method,
        level.

    Raises
    ------
    InvalidType, InvalidArgument, EmptyInput, Misuse, DomainError, NoConvergence
        As for btyd_intervals (DomainError also for p x + q <= 1).

    Examples
    --------
    >>> g = csat.GammaGamma()
    >>> g.params_ = dict(p=6.25, q=3.74, gamma=15.44)
    >>> r = csat.intervals.spend_intervals(g, [1, 5, 2, 0, 3], [20, 25, 30, 0, 12])
    >>> bool(r.total.lower < r.total.estimate < r.total.upper)
    True
    """
    handle_arg(model, GammaGamma, "model")
    o = _options(interval, level, n_draws, seed)
    cols, n = _columns(frequency=frequency, monetary_value=monetary_value, weights=weights)
    e, lo, hi, tot = Out(n, zero=False), Out(n, zero=False), Out(n, zero=False), (c_double * 3)()
    with use(model) as p:
        model._check(_spend(p, cols["frequency"].ptr, cols["monetary_value"].ptr, cols["weights"].ptr, n,
                            byref(o), e.ptr, lo.ptr, hi.ptr, tot), "spend_intervals", cols.values())
    return _result(e, lo, hi, list(tot), interval, level)


def sbg_intervals(model, what, t, durations, churned, counts=None, discount=None, interval="delta",
                  level=0.95, n_draws=1000, seed=1):
    """Intervals on an sBG prediction (wraps csat_sbg_intervals).

    Delta method: covariance of log(alpha, beta) from the analytic observed information of
    the data rows at the model's parameters, gradients by Richardson-extrapolated
    differences; logit scale for survival and retention, log scale for DEL and DERL.
    Parametric bootstrap as for btyd_intervals; "bootstrap": the cohort's customers
    drawn with replacement (whole-number counts per row) and the model refitted. The
    methods SBG.survival, retention, del_ and derl take interval= and pass the data of
    the object's last fit.

    Parameters
    ----------
    model : SBG
        A fitted (or set) sBG model.
    what : {"survival", "retention", "del", "derl"}
        The prediction.
    t : sequence of float
        Whole periods (survival: >= 0, retention: >= 1), or the renewals of "derl"; ignored
        by "del" (one value per entry all the same).
    durations, churned : sequence of float
        The data as csat.SBG.fit_durations takes them (whole durations >= 1, flags 0/1):
        the data the model was fitted to.
    counts : sequence of float, optional
        Customers per row (finite, >= 0; whole numbers for "bootstrap"); None = 1 each.
    discount : float, optional
        Discount rate per period of "del" and "derl" (required for them).
    interval, level, n_draws, seed
        As for btyd_intervals.

    Returns
    -------
    Result
        estimate, lower, upper (one per t), method, level.

    Raises
    ------
    InvalidType, InvalidArgument, EmptyInput, Misuse, DomainError, NoConvergence
        As for btyd_intervals; InvalidArgument also for a bad t or discount.

    Examples
    --------
    >>> m = csat.SBG().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> r = m.survival([1, 5], interval="delta")
    >>> bool(r.lower[1] < r.estimate[1] < r.upper[1])
    True
    """
    from .retention import SBG
    handle_arg(model, SBG, "model")
    q = choice(what, _SBG_QUANTITIES, "what")
    d = 0.0
    if q >= 2:
        if discount is None:
            raise InvalidArgument(f'what="{what}" needs discount')
        d = real(discount, "discount", finite=True, positive=True)
    o = _options(interval, level, n_draws, seed)
    tt = as_doubles(t, "t", finite=True, nonneg=True)
    rows, k = _columns(durations=durations, churned=churned, counts=counts)
    e, lo, hi = Out(tt.n, zero=False), Out(tt.n, zero=False), Out(tt.n, zero=False)
    with use(model) as p:
        model._check(_sbg(p, q, tt.ptr, tt.n, d, rows["durations"].ptr, rows["churned"].ptr,
                          rows["counts"].ptr, k, byref(o), e.ptr, lo.ptr, hi.ptr), "sbg_intervals",
                     rows.values())
    return Result(estimate=e.value(), lower=lo.value(), upper=hi.value(), method=interval, level=level)
