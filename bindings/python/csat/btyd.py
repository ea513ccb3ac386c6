"""Buy-till-you-die purchase models (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB),
the Gamma-Gamma spend model and CLV.

    m = csat.BGNBD().fit(frequency, recency, T)
    m.params_           # {'r': ..., 'alpha': ..., 'a': ..., 'b': ...}
    m.summary           # estimates, standard errors, 95% bounds; attrs: LL, AIC, BIC
    m.save("bgnbd.json"); csat.load("bgnbd.json")
    m.p_alive(frequency, recency, T)
    m.expected_purchases(39, frequency, recency, T)
"""
import math
import re
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_void_p
from . import _frames, _parallel

from ._lib import (PD, Handle, InvalidArgument, InvalidType, Out, Result, as_doubles, check, flag,
                   handle_arg, integer, new_handle, params_array, proto, real, same_length,
                   scalar_or_column, use)
from ._models import FitReport, FitStage, Model, attempt, fitted_read, parametric_fields, read_stages, report
from .customers import Customers

__all__ = ["BGNBD", "ParetoNBD", "ModifiedBGNBD", "BGBB", "GammaGamma", "clv", "chunk_log_likelihood",
           "chunk_hessian", "spend_chunk_log_likelihood",
           "GGomNBD"]


class _Options(Structure):
    _fields_ = [("version", c_uint), ("l2_penalty", c_double), ("max_iter", c_size_t),
                ("gtol", c_double), ("start", PD), ("standard_errors", c_int)]


class _ClvOptions(Structure):
    _fields_ = [("version", c_uint), ("n_steps", c_size_t), ("step", c_double),
                ("discount_rate", c_double)]


_P = c_void_p
_options_init = proto("csat_btyd_options_init", [POINTER(_Options), c_uint])
_new = proto("csat_btyd_new", [POINTER(c_void_p), c_void_p, c_int])
_free = proto("csat_btyd_free", [_P], None)
_last_error = proto("csat_btyd_last_error", [_P], c_char_p)
_get_kind = proto("csat_btyd_get_kind", [_P], c_int)
_fit = proto("csat_btyd_fit", [_P, PD, PD, PD, PD, c_size_t, POINTER(_Options)])
_fit_customers = proto("csat_btyd_fit_customers", [_P, _P, POINTER(_Options)])
_get_params = proto("csat_btyd_get_params", [_P, PD, c_size_t])
_set_params = proto("csat_btyd_set_params", [_P, PD, c_size_t])
_standard_errors = proto("csat_btyd_standard_errors", [_P, PD, c_size_t])
_log_likelihood = proto("csat_btyd_log_likelihood", [_P, PD, PD, PD])
_fit_report = proto("csat_btyd_fit_report", [_P, POINTER(FitReport)])
_chunk = proto("csat_btyd_chunk_loglik", [c_int, PD, PD, PD, PD, PD, c_size_t, PD, PD], details=True)
_chunk_hess = proto("csat_btyd_chunk_hessian", [c_int, PD, PD, PD, PD, PD, c_size_t, PD, PD, PD], details=True)
_s_chunk = proto("csat_spend_chunk_loglik", [PD, PD, PD, PD, c_size_t, PD, PD, PD], details=True)
_p_alive = proto("csat_btyd_p_alive", [_P, PD, PD, PD, c_size_t, PD])
_expected = proto("csat_btyd_expected_purchases", [_P, c_double, PD, PD, PD, c_size_t, PD])
_expected_new = proto("csat_btyd_expected_purchases_new", [_P, PD, c_size_t, PD])
_prob = proto("csat_btyd_prob_purchases", [_P, c_double, PD, c_size_t, PD])
_prob_cond = proto("csat_btyd_prob_purchases_cond", [_P, c_double, c_double, PD, PD, PD, c_size_t, PD])
_dert = proto("csat_btyd_dert", [_P, c_double, PD, PD, PD, c_size_t, PD])

_s_new = proto("csat_spend_new", [POINTER(c_void_p), c_void_p])
_s_free = proto("csat_spend_free", [_P], None)
_s_last_error = proto("csat_spend_last_error", [_P], c_char_p)
_s_fit = proto("csat_spend_fit", [_P, PD, PD, PD, c_size_t, POINTER(_Options)])
_s_get_params = proto("csat_spend_get_params", [_P, PD, c_size_t])
_s_set_params = proto("csat_spend_set_params", [_P, PD, c_size_t])
_s_standard_errors = proto("csat_spend_standard_errors", [_P, PD, c_size_t])
_s_log_likelihood = proto("csat_spend_log_likelihood", [_P, PD, PD, PD])
_s_fit_report = proto("csat_spend_fit_report", [_P, POINTER(FitReport)])
_s_expected = proto("csat_spend_expected", [_P, PD, PD, c_size_t, PD])
# fit stages (issue 18)
_fit_stages = proto("csat_btyd_fit_stages", [_P, POINTER(FitStage), c_size_t, POINTER(c_size_t)])
_s_fit_stages = proto("csat_spend_fit_stages", [_P, POINTER(FitStage), c_size_t, POINTER(c_size_t)])

_clv_options_init = proto("csat_clv_options_init", [POINTER(_ClvOptions), c_uint])
_clv = proto("csat_clv", [_P, _P, PD, PD, PD, PD, c_size_t, POINTER(_ClvOptions), PD, PD])
# CLV on margin (issue 17)
_clv_margin = proto("csat_clv_margin", [_P, _P, PD, PD, PD, PD, c_size_t, POINTER(_ClvOptions), c_double,
                                        PD, PD, PD])

_BTYD_OPTIONS_VERSION = 1
_CLV_OPTIONS_VERSION = 1


def _options(names, l2_penalty=0.0, max_iter=500, gtol=1e-10, start=None,
             with_standard_errors=True):
    """Fit options; start (dict or sequence) must give exactly the model's parameters."""
    o = _Options()
    check(_options_init(byref(o), _BTYD_OPTIONS_VERSION), "options")
    o.l2_penalty = real(l2_penalty, "l2_penalty", finite=True, nonneg=True)
    o.max_iter = integer(max_iter, "max_iter", ctype=c_size_t, lo=1)
    o.gtol = real(gtol, "gtol", finite=True, positive=True)
    o.standard_errors = flag(with_standard_errors, "with_standard_errors")
    keep = None
    if start is not None:
        keep = params_array(start, names, "start")
        o.start = keep
    return o, keep


def _columns(defer=False, **cols):
    """Per-customer columns (None = an omitted optional column), checked finite
    and >= 0 with the row named (defer: by C first, see _lib.as_doubles);
    returns (dict of columns, common length)."""
    ins = {k: as_doubles(v, k, optional=k == "weights", finite=True, nonneg=True, defer=defer)
           for k, v in cols.items()}
    return ins, same_length(*ins.values())


_STATS = ("standard_errors", "lls", "fit_report")

_HYPERPARAMETERS = """Parameters
    ----------
    l2_penalty : float, default 0.0
        Ridge penalty on the log-parameters (finite, >= 0), as lifetimes' penalizer_coef.
    max_iter : int, default 500
        Iteration limit of the optimiser (>= 1).
    gtol : float, default 1e-10
        Gradient-norm tolerance (finite, > 0).
    with_standard_errors : bool, default True
        Compute standard errors from the Hessian at the end of a fit.
    {n_jobs}

    Raises
    ------
    InvalidArgument
        A bad hyperparameter; InvalidType for a wrong type.
"""


def _hyperparameters_documented(cls):
    """Class decorator: the fit hyperparameters' section in place of {hyperparameters}."""
    cls.__doc__ = cls.__doc__.replace("{hyperparameters}", _HYPERPARAMETERS)
    _parallel.documented(cls)
    return cls


class _Fitted(Model, Handle):
    """A model with parameters, standard errors and a fit report in its handle.

    A copy (or a loaded model) gets the parameters through set_params and keeps
    the standard errors, log-likelihood and fit report of the original on the
    Python side (libcsat has no setter for them) until it is fitted or set again."""
    _names = ()
    _hyper = ("l2_penalty", "max_iter", "gtol", "with_standard_errors", "n_jobs")
    _get = _set = _se = _ll = _rep = _stg = None
    _restored = None
    _parallel_kind = "btyd"

    def __init__(self, l2_penalty=0.0, max_iter=500, gtol=1e-10, with_standard_errors=True, n_jobs=None):
        self.l2_penalty, self.max_iter, self.gtol = l2_penalty, max_iter, gtol
        self.with_standard_errors = with_standard_errors
        self.n_jobs = n_jobs
        self._check_hyper()
        self._adopt(self._new_ptr())

    def _check_hyper(self):
        self._fit_options()  # the values stay as given (scikit-learn's clone compares them)
        _parallel.threads(self.n_jobs)

    def _fit_options(self, start=None):
        return _options(self._names, self.l2_penalty, self.max_iter, self.gtol, start,
                        self.with_standard_errors)

    @property
    def params_(self):
        """dict of str to float: the parameters by name; assign a dict to set them by hand.

        Setting checks every value in libcsat (finite, > 0; InvalidArgument naming it) and
        clears the fit statistics. Reading raises Misuse before a fit or a set.
        """
        buf = (c_double * len(self._names))()
        with self._use() as p:
            fitted_read(self, "params_", lambda: self._check(
                type(self)._get(p, buf, len(self._names)), "params_"))
        return dict(zip(self._names, list(buf)))

    @params_.setter
    def params_(self, values):
        buf = params_array(values, self._names, "params_")
        with self._use() as p:
            self._set_c(p, buf, "params_")
            self._restored = None

    def _set_c(self, p, buf, what):
        """Set the parameters in C; libcsat's "parameter 1" becomes "alpha = -1.0"."""
        try:
            self._check(type(self)._set(p, buf, len(self._names)), what)
        except InvalidArgument as e:
            m = re.search(r"parameter (\d+)", str(e))
            if not m or int(m.group(1)) >= len(self._names):
                raise
            i = int(m.group(1))
            err = type(e)(str(e).replace(m.group(0), f"{self._names[i]} = {buf[i]!r}"))
            err.code = e.code
            raise err from None

    def _stat(self, key):
        return fitted_read(self, key + "_", lambda: self._stat_read(key))

    def _stat_read(self, key):
        with self._use() as p:
            restored = self._restored
            if restored is not None and restored.get(key) is not None:
                return restored[key]
            if key == "standard_errors":
                buf = (c_double * len(self._names))()
                self._check(type(self)._se(p, buf, len(self._names)), "standard_errors_")
                return dict(zip(self._names, list(buf)))
            if key == "lls":
                ll, aic, bic = c_double(), c_double(), c_double()
                self._check(type(self)._ll(p, byref(ll), byref(aic), byref(bic)),
                            "log_likelihood_")
                return ll.value, aic.value, bic.value
            r = FitReport()
            self._check(type(self)._rep(p, byref(r)), "fit_report_")
            return report(r, read_stages(type(self)._stg, p))

    @property
    def standard_errors_(self):
        """dict of str to float: standard errors of the parameters from the last fit (Misuse if none)."""
        return dict(self._stat("standard_errors"))

    @property
    def log_likelihood_(self):
        """float: log-likelihood at the fitted parameters (without the penalty; Misuse before a fit)."""
        return self._stat("lls")[0]

    @property
    def aic_(self):
        """float: Akaike information criterion of the last fit, 2k - 2 log L (Misuse before a fit)."""
        return self._stat("lls")[1]

    @property
    def bic_(self):
        """float: Bayesian information criterion of the last fit, k log n - 2 log L (Misuse before a fit)."""
        return self._stat("lls")[2]

    @property
    def n_customers_(self):
        """float: customers the last fit counted (the weights' sum; the n of the BIC; Misuse before a fit)."""
        ll, _aic, bic = self._stat("lls")
        n = math.exp((bic + 2.0 * ll) / len(self._names))
        return float(round(n)) if abs(n - round(n)) <= 1e-6 * max(n, 1.0) else n

    @property
    def fit_report_(self):
        """Result: how the last fit ended (iterations, evaluations, log_likelihood, grad_norm, converged)
        on all the rows, and its stages ("stages": a list of dicts, subsamples first; see csat._models)."""
        return Result(self._stat("fit_report"))

    def _fitted(self, status, what):
        """After a fit call (lock held): raise on error, else drop restored statistics."""
        self._check(status, what)
        self._restored = None
        return self

    def _fit_stats(self):
        """(params, standard errors, fit record) with None for what is not known."""
        params = attempt(lambda: self.params_)
        se = attempt(lambda: self.standard_errors_) if params is not None else None
        lls = attempt(lambda: self._stat("lls")) if params is not None else None
        fit = None
        if lls is not None:
            rep = attempt(lambda: self.fit_report_) or {}
            fit = dict(rep, n_customers=self.n_customers_, log_likelihood=lls[0], aic=lls[1],
                       bic=lls[2])
        return params, se, fit

    def _restore(self, doc):
        params, se, fit = parametric_fields(doc, self._names)
        if params is None:
            return
        buf = params_array(params, self._names, "params")
        self._set_c(self._ptr, buf, "model file: params")
        stats = {"standard_errors": se}
        if fit is not None and fit["log_likelihood"] is not None:
            stats["lls"] = (fit["log_likelihood"], fit["aic"], fit["bic"])
            stats["fit_report"] = Result({k: fit[k] for k in (
                "iterations", "evaluations", "log_likelihood", "grad_norm", "converged", "stages")})
        self._restored = stats

    def _c_state(self):
        params = attempt(lambda: self.params_)
        state = {"params": None if params is None else [params[k] for k in self._names]}
        for key in _STATS:
            state[key] = attempt(lambda: self._stat(key))
        return state

    def _c_restore(self, state):
        if state["params"] is not None:
            buf = params_array(state["params"], self._names, "params")
            self._check(type(self)._set(self._ptr, buf, len(self._names)), "copy")
        stats = {key: state[key] for key in _STATS if state[key] is not None}
        self._restored = stats or None


class _BTYD(_Fitted):
    _kind = 0
    _free = _free
    _last_error = _last_error
    _get, _set, _se, _ll, _rep = _get_params, _set_params, _standard_errors, _log_likelihood, _fit_report
    _stg = _fit_stages
    _age = "T"

    def _new_ptr(self):
        return new_handle(_new, None, self._kind, what=type(self).__name__)

    @property
    def kind(self):
        """int: the C model kind (0 BG/NBD, 1 Pareto/NBD, 2 MBG/NBD, 3 BG/BB)."""
        with self._use() as p:
            return _get_kind(p)

    def fit(self, frequency, recency, T, weights=None, *, start=None):
        """Maximum-likelihood fit of the parameters (wraps csat_btyd_fit).

        The options are the hyperparameters given to the constructor (or set_params).

        Parameters
        ----------
        frequency : sequence of float
            Repeat purchases x per customer: integers >= 0.
        recency : sequence of float
            Time of the last purchase t_x (model time units since the first purchase),
            0 <= t_x <= T; t_x = 0 when x = 0.
        T : sequence of float
            Age of each customer: time from the first purchase to the end of observation.
        weights : sequence of float, optional
            Count of identical customers per row (finite, >= 0); None = 1 each.
        start : dict or sequence of float, optional
            Starting parameters (all > 0, in the order of params_), or None for the built-in
            start.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            A NaN, Inf or negative value, t_x > T, x = 0 with t_x > 0, mismatched lengths (the
            row is named), or no repeat buyer with weight; InvalidType for a non-numeric column.
        EmptyInput
            No rows.
        DomainError
            The data identify no estimate: every customer has the same history (at any
            weights), or the likelihood grows towards the edge of the parameter space (a
            parameter beyond 1e6 times its scale; the message names it). The parameters stay.
        NoConvergence
            The optimiser did not converge (fit_report_ is updated, the parameters are not).

        Examples
        --------
        >>> m = csat.BGNBD().fit([0, 1, 2, 0, 3, 1, 0, 5, 2, 1, 0, 4],
        ...                      [0, 2, 30, 0, 12, 3, 0, 38, 5, 5, 0, 30],
        ...                      [39, 39, 39, 38, 39, 37, 36, 39, 39, 38, 39, 39])
        >>> m.fit_report_.converged
        True
        >>> sorted(m.params_)
        ['a', 'alpha', 'b', 'r']
        """
        cols, n = _columns(frequency=frequency, recency=recency, **{self._age: T},
                           weights=weights)
        o, _keep = self._fit_options(start)
        with self._use() as p:
            return self._fitted(_fit(p, cols["frequency"].ptr, cols["recency"].ptr,
                                     cols[self._age].ptr, cols["weights"].ptr, n, byref(o)), "fit")

    def fit_customers(self, customers, *, start=None):
        """Fit from a csat.Customers store's current summary (wraps csat_btyd_fit_customers).

        Parameters
        ----------
        customers : Customers
            A store on which summary(...) has been called (frequency, recency, T of that summary).
        start : dict or sequence of float, optional
            As for fit.

        Returns
        -------
        self

        Raises
        ------
        InvalidType
            customers is not a csat.Customers.
        Misuse
            The store has no summary yet.
        EmptyInput, NoConvergence
            As for fit.
        """
        handle_arg(customers, Customers, "customers")
        o, _keep = self._fit_options(start)
        with use(self, customers) as (p, c):
            return self._fitted(_fit_customers(p, c, byref(o)), "fit_customers")

    def _per_customer(self, fn, what, frequency, recency, T, *lead):
        cols, n = _columns(frequency=frequency, recency=recency, T=T, defer=True)
        out = Out(n, zero=False)  # C writes every row or fails
        with self._use() as p:
            self._check(fn(p, *lead, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                           n, out.ptr), what, cols.values())
        return out.value()

    @_frames.indexed(rows=("estimate", "lower", "upper"))
    def p_alive(self, frequency, recency, T, interval=None, level=0.95, n_draws=1000, seed=1):
        """Probability that each customer is still alive at T (wraps csat_btyd_p_alive).

        BG/BB: alive at the start of period n + 1.

        Parameters
        ----------
        frequency : sequence of float
            Repeat purchases x per customer: integers >= 0.
        recency : sequence of float
            Time of the last purchase t_x, 0 <= t_x <= T (t_x = 0 when x = 0).
        T : sequence of float
            Age of each customer (BG/BB: the number of opportunities n >= 1), same units as recency.
        interval : {None, "delta", "parametric", "bootstrap"}, default None
            None: the point estimates only. Otherwise an interval by that method, the rows
            being the data the model was fitted to (see csat.intervals.btyd_intervals).
        level : float, default 0.95
            Coverage of the interval, in (0, 1).
        n_draws : int, default 1000
            Draws or refits of the bootstraps (>= 2).
        seed : int, default 1
            Seed of the bootstraps.

        Returns
        -------
        numpy.ndarray or list of float
            P(alive) in [0, 1] per customer (a list without numpy); with interval, a Result
            with estimate, lower, upper per customer and total (csat.intervals).

        Raises
        ------
        InvalidArgument
            NaN, Inf, negative, non-integer x, t_x > T or mismatched lengths (the row is named).
        EmptyInput
            No rows.
        Misuse
            No parameters yet (fit, or assign params_ first).

        Examples
        --------
        >>> m = csat.BGNBD()
        >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> [round(float(p), 4) for p in m.p_alive([2, 0, 5], [30.43, 0.0, 35.0], [38.86] * 3)]
        [0.7266, 1.0, 0.8324]
        """
        r = self._interval("p_alive", frequency, recency, T, interval, level, n_draws, seed)
        if r is not None:
            return r
        return self._per_customer(_p_alive, "p_alive", frequency, recency, T)

    def _interval(self, what, frequency, recency, T, interval, level, n_draws, seed, **arg):
        """The prediction's interval (csat.intervals), or None when interval is None (the
        interval arguments checked either way)."""
        from .intervals import _options, btyd_intervals
        if interval is None:
            _options("delta", level, n_draws, seed)
            return None
        return btyd_intervals(self, what, frequency, recency, T, interval=interval, level=level,
                              n_draws=n_draws, seed=seed, **arg)

    @_frames.indexed(rows=("estimate", "lower", "upper"))
    def expected_purchases(self, t, frequency, recency, T, interval=None, level=0.95, n_draws=1000,
                           seed=1):
        """Expected purchases of each customer in the next t time units (wraps csat_btyd_expected_purchases).

        Parameters
        ----------
        t : float
            Length of the forecast horizon in model time units (BG/BB: periods), finite and >= 0.
        frequency, recency, T : sequence of float
            As for p_alive.
        interval, level, n_draws, seed
            As for p_alive.

        Returns
        -------
        numpy.ndarray or list of float
            E[X(T, T + t) | x, t_x, T] >= 0 per customer (with interval: a Result, as p_alive).

        Raises
        ------
        InvalidArgument, EmptyInput, Misuse
            As for p_alive; InvalidArgument also for a bad t.

        Examples
        --------
        >>> m = csat.BGNBD()
        >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> [round(float(e), 4) for e in m.expected_purchases(39, [2, 0, 5], [30.43, 0, 35], [38.86] * 3)]
        [1.226, 0.1951, 3.1691]
        """
        r = self._interval("expected_purchases", frequency, recency, T, interval, level, n_draws, seed,
                           t=t)
        if r is not None:
            return r
        return self._per_customer(_expected, "expected_purchases", frequency, recency, T,
                                  real(t, "t"))

    @_frames.indexed
    def expected_purchases_new(self, t):
        """Expected purchases E[X(t)] of a new customer in (0, t] (wraps csat_btyd_expected_purchases_new).

        Parameters
        ----------
        t : float or sequence of float
            Time(s) since acquisition, finite and >= 0 (BG/BB: whole periods).

        Returns
        -------
        float, or numpy.ndarray / list of float
            A number for a number, a column for a sequence.

        Raises
        ------
        InvalidArgument
            A NaN, Inf or negative t.
        Misuse
            No parameters yet.
        """
        col, scalar = scalar_or_column(t, "t")
        out = Out(col.n)
        with self._use() as p:
            self._check(_expected_new(p, col.ptr, col.n, out.ptr), "expected_purchases_new")
        return out.value()[0] if scalar else out.value()

    @_frames.indexed
    def prob_purchases(self, k, t):
        """Probability P(X(t) = k) that a new customer makes k purchases in (0, t].

        Parameters
        ----------
        k : float or sequence of float
            Purchase count(s): integers >= 0.
        t : float
            Time since acquisition, finite and >= 0 (BG/BB: whole periods).

        Returns
        -------
        float, or numpy.ndarray / list of float
            Probabilities in [0, 1]: a number for a number, a column for a sequence.

        Raises
        ------
        InvalidArgument
            A non-integer or negative k, a NaN, Inf or negative t.
        Misuse
            No parameters yet.
        """
        col, scalar = scalar_or_column(k, "k")
        t = real(t, "t")
        out = Out(col.n)
        with self._use() as p:
            self._check(_prob(p, t, col.ptr, col.n, out.ptr), "prob_purchases")
        return out.value()[0] if scalar else out.value()

    @_frames.indexed(rows=("estimate", "lower", "upper"))
    def prob_purchases_cond(self, k, t, frequency, recency, T, interval=None, level=0.95, n_draws=1000,
                            seed=1):
        """Probability that each customer makes exactly k purchases in the next t, given their history.

        P(X(T, T+t) = k | x, t_x, T) (wraps csat_btyd_prob_purchases_cond; lifetimes:
        ``conditional_probability_of_n_purchases_up_to_time(k, t, frequency, recency, T)``).
        A customer alive at T buys as a new customer with the posterior parameters; one who is
        dead buys nothing. BG/BB: k transactions in the next t opportunities.

        Parameters
        ----------
        k : int
            Purchase count, an integer in [0, 1e7].
        t : float
            Length of the future period, finite and >= 0 (BG/BB: whole opportunities).
        frequency, recency, T : sequence of float
            As for p_alive (pandas Series in: a Series out with their index).
        interval, level, n_draws, seed
            As for p_alive (csat.intervals.prob_intervals).

        Returns
        -------
        numpy.ndarray, pandas.Series or list of float
            Probabilities in [0, 1], one per customer (with interval: a Result, as p_alive).

        Raises
        ------
        InvalidArgument
            A non-integer or negative k, a NaN, Inf or negative t, or a bad row (as for p_alive).
        EmptyInput
            No rows.
        Misuse
            No parameters yet.

        Examples
        --------
        >>> m = csat.BGNBD()
        >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> [round(float(p), 4) for p in m.prob_purchases_cond(0, 39, [2, 0], [30.43, 0.0], [38.86] * 2)]
        [0.4454, 0.8554]
        """
        if interval is not None:
            from .intervals import prob_intervals
            return prob_intervals(self, k, t, frequency, recency, T, interval=interval, level=level,
                                  n_draws=n_draws, seed=seed)
        self._interval("prob_purchases_cond", frequency, recency, T, None, level, n_draws, seed)
        return self._per_customer(_prob_cond, "prob_purchases_cond", frequency, recency, T,
                                  real(t, "t"), real(k, "k"))

    @_frames.indexed(rows=("estimate", "lower", "upper"))
    def dert(self, discount, frequency, recency, T, interval=None, level=0.95, n_draws=1000, seed=1):
        """Discounted expected residual transactions per customer (wraps csat_btyd_dert).

        Parameters
        ----------
        discount : float
            Pareto/NBD, BG/NBD and MBG/NBD: the continuously compounded rate per model time
            unit (e.g. log(1.15)/52 for 15% a year with weekly data); BG/BB: the rate per
            period. Finite and >= 1e-9.
        frequency, recency, T : sequence of float
            As for p_alive.
        interval, level, n_draws, seed
            As for p_alive.

        Returns
        -------
        numpy.ndarray or list of float
            DERT >= 0 per customer; multiply by the expected spend for the residual CLV (with
            interval: a Result, as p_alive).

        Raises
        ------
        InvalidArgument, EmptyInput, Misuse
            As for p_alive; InvalidArgument also for a discount below 1e-9.
        """
        r = self._interval("dert", frequency, recency, T, interval, level, n_draws, seed,
                           discount=discount)
        if r is not None:
            return r
        return self._per_customer(_dert, "dert", frequency, recency, T, real(discount, "discount"))


    def generate_data(self, n, T, seed=0):
        """Simulate n new customers of the model (as lifetimes' generate_new_data;
        wraps csat_btyd_simulate).

        Customer i is observed from its first purchase for T (BG/BB: T opportunities);
        the draws come from a seeded generator in C with no global state, so the same
        seed gives the same customers on every platform, and customer i is the same
        whatever n is.

        Parameters
        ----------
        n : int
            Number of customers (>= 1).
        T : float or sequence of float
            Observation length of every customer, or one per customer (finite, > 0;
            BG/BB: whole numbers of opportunities).
        seed : int, default 0
            Seed (integer in [0, 2^64)).

        Returns
        -------
        pandas.DataFrame or Result
            Indexed by customer_id 0..n-1: frequency, recency, T (BG/BB: n_periods),
            the customer's true latent rates (BG/NBD, MBG/NBD: lambda, p; Pareto/NBD:
            lambda, mu; BG/BB: p, theta; GGom/NBD: lambda, eta) and alive (1.0 if alive at the end). A Result of
            columns without pandas.

        Raises
        ------
        InvalidArgument
            A bad n, T or seed (the message names the customer).
        Misuse
            No parameters yet.
        DomainError
            Parameters so extreme that a customer would make more than 2^52 purchases.

        Examples
        --------
        >>> m = csat.BGNBD()
        >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> d = m.generate_data(1000, 39, seed=1)
        >>> len(d["frequency"]), float(min(d["recency"])) >= 0
        (1000, True)
        """
        from . import simulate
        return simulate.btyd_data(self, n, T, seed)


@_hyperparameters_documented
class BGNBD(_BTYD):
    """BG/NBD purchase model (Fader, Hardie & Lee 2005).

    Parameters r, alpha, a, b: fit them, or assign a dict to params_.

    {hyperparameters}
    Examples
    --------
    >>> m = csat.BGNBD()
    >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> round(float(m.p_alive([2], [30.43], [38.86])[0]), 4)
    0.7266
    >>> m
    <csat.BGNBD: parameters set by hand; r=0.243, alpha=4.41, a=0.793, b=2.43>
    """
    _kind = 0
    _names = ("r", "alpha", "a", "b")


@_hyperparameters_documented
class ParetoNBD(_BTYD):
    """Pareto/NBD purchase model (Schmittlein, Morrison & Colombo 1987).

    Parameters r, alpha, s, beta: fit them, or assign a dict to params_.

    {hyperparameters}
    Examples
    --------
    >>> m = csat.ParetoNBD()
    >>> m.params_ = dict(r=0.55, alpha=10.58, s=0.61, beta=11.67)
    >>> 0 < float(m.p_alive([2], [30.43], [38.86])[0]) < 1
    True
    """
    _kind = 1
    _names = ("r", "alpha", "s", "beta")


@_hyperparameters_documented
class ModifiedBGNBD(_BTYD):
    """MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007).

    Parameters r, alpha, a, b: fit them, or assign a dict to params_.

    {hyperparameters}    """
    _kind = 2
    _names = ("r", "alpha", "a", "b")


@_hyperparameters_documented
class BGBB(_BTYD):
    """BG/BB model of discrete-time purchase opportunities (Fader, Hardie & Shang 2010).

    The data are integers: x repeat transactions, t_x the opportunity of the last one and
    n the number of opportunities (in place of T).

    Parameters alpha, beta, gamma, delta: fit them, or assign a dict to params_.

    {hyperparameters}    """
    _kind = 3
    _names = ("alpha", "beta", "gamma", "delta")
    _age = "n_periods"

    def fit(self, frequency, recency, n_periods, weights=None, *, start=None):
        """Maximum-likelihood fit from x, t_x and n (wraps csat_btyd_fit).

        Parameters
        ----------
        frequency : sequence of float
            Repeat transactions x: integers, 0 <= x <= t_x.
        recency : sequence of float
            Opportunity of the last transaction t_x: integers, x <= t_x <= n.
        n_periods : sequence of float
            Number of opportunities n >= 1 (integers).
        weights : sequence of float, optional
            Customers per row (finite, >= 0); None = 1 each.
        start : dict or sequence of float, optional
            Starting parameters, as for BGNBD.fit.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument, EmptyInput, NoConvergence
            As for BGNBD.fit (BG/BB rows must be integers with x <= t_x <= n).

        Examples
        --------
        >>> m = csat.BGBB().fit([0, 1, 2, 3, 6, 4, 1, 0, 5, 2], [0, 2, 5, 6, 6, 5, 1, 0, 6, 4], [6] * 10)
        >>> sorted(m.params_)
        ['alpha', 'beta', 'delta', 'gamma']
        """
        return super().fit(frequency, recency, n_periods, weights, start=start)


@_hyperparameters_documented
class GGomNBD(_BTYD):
    """GGom/NBD purchase model (Bemmaor & Glady 2012), as CLVTools' ggomnbd.

    Purchases: Poisson with rate lambda ~ Gamma(r, alpha) while alive; lifetime:
    Gompertz with scale b (per time unit) and eta ~ Gamma(s, beta), so that
    P(alive at t) = (beta / (beta + exp(b t) - 1))^s. Pareto/NBD is the limit
    b -> 0 with beta / b fixed. Parameters r, alpha, b, s, beta: fit them, or
    assign a dict to params_. The likelihood and the predictions integrate
    over the lifetime: a fit costs ~2-4 us per distinct customer row and
    evaluation; P(X(t) = k) (prob_purchases, prob_purchases_cond) is the
    lifetime integral of the negative binomial.

    {hyperparameters}
    Examples
    --------
    >>> m = csat.GGomNBD()
    >>> m.params_ = dict(r=0.8, alpha=5.0, b=0.05, s=1.5, beta=3.0)
    >>> 0 < float(m.p_alive([2], [30.43], [38.86])[0]) < 1
    True
    """
    _kind = 4
    _names = ("r", "alpha", "b", "s", "beta")


@_hyperparameters_documented
class GammaGamma(_Fitted):
    """Gamma-Gamma spend model (Fader, Hardie & Lee 2005).

    Parameters p, q, gamma: fit them, or assign a dict to params_.

    {hyperparameters}    """
    _names = ("p", "q", "gamma")
    _parallel_kind = "spend"
    _free = _s_free
    _last_error = _s_last_error
    _get, _set, _se, _ll, _rep = (_s_get_params, _s_set_params, _s_standard_errors,
                                  _s_log_likelihood, _s_fit_report)
    _stg = _s_fit_stages

    def _new_ptr(self):
        return new_handle(_s_new, None, what="GammaGamma")

    def fit(self, frequency, monetary_value, weights=None, *, start=None):
        """Maximum-likelihood fit from frequency and mean spend (wraps csat_spend_fit).

        Parameters
        ----------
        frequency : sequence of float
            Repeat purchases x per customer (integers >= 0; rows with x = 0 carry no information).
        monetary_value : sequence of float
            Mean spend per repeat purchase (currency units, finite and > 0 where x > 0).
        weights : sequence of float, optional
            Customers per row (finite, >= 0); None = 1 each.
        start : dict or sequence of float, optional
            Starting parameters p, q, gamma (all > 0), or None for the built-in start.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            NaN, Inf, negative values or mismatched lengths (the row is named).
        EmptyInput
            No customer with a repeat purchase.
        DomainError
            The data identify no estimate: every repeat buyer has the same (x, spend), or the
            likelihood grows towards the edge of the parameters (e.g. q, gamma -> infinity when
            the spends vary no more between customers than within). The parameters stay.
        NoConvergence
            The optimiser did not converge.

        Examples
        --------
        >>> g = csat.GammaGamma().fit([1, 2, 3, 1, 5, 2, 4, 1], [12, 35.5, 18, 80, 25, 30, 22.5, 140])
        >>> sorted(g.params_)
        ['gamma', 'p', 'q']
        """
        cols, n = _columns(frequency=frequency, monetary_value=monetary_value, weights=weights)
        o, _keep = self._fit_options(start)
        with self._use() as p:
            return self._fitted(_s_fit(p, cols["frequency"].ptr, cols["monetary_value"].ptr,
                                       cols["weights"].ptr, n, byref(o)), "fit")

    @_frames.indexed(rows=("estimate", "lower", "upper"))
    def expected_spend(self, frequency, monetary_value, interval=None, level=0.95, n_draws=1000, seed=1):
        """Expected mean spend per transaction of each customer (wraps csat_spend_expected).

        Parameters
        ----------
        frequency : sequence of float
            Repeat purchases x (integers >= 0; x = 0 gives the population mean).
        monetary_value : sequence of float
            Observed mean spend per repeat purchase (currency units, finite, >= 0).
        interval, level, n_draws, seed
            As for BGNBD.p_alive, by csat.intervals.spend_intervals (the rows: the data
            the model was fitted to).

        Returns
        -------
        numpy.ndarray or list of float
            E[M | x, m_x] per customer, in the units of monetary_value (with interval: a
            Result with estimate, lower, upper per customer and total, as BGNBD.p_alive).

        Raises
        ------
        InvalidArgument, EmptyInput
            Bad values or lengths; no rows.
        Misuse
            No parameters yet.

        Examples
        --------
        >>> g = csat.GammaGamma()
        >>> g.params_ = dict(p=6.25, q=3.74, gamma=15.44)
        >>> [round(float(s), 2) for s in g.expected_spend([1, 5], [20, 25])]
        [..., ...]
        """
        from .intervals import _options, spend_intervals
        if interval is not None:
            return spend_intervals(self, frequency, monetary_value, interval=interval, level=level,
                                   n_draws=n_draws, seed=seed)
        _options("delta", level, n_draws, seed)
        cols, n = _columns(frequency=frequency, monetary_value=monetary_value, defer=True)
        out = Out(n, zero=False)
        with self._use() as p:
            self._check(_s_expected(p, cols["frequency"].ptr, cols["monetary_value"].ptr, n,
                                    out.ptr), "expected_spend", cols.values())
        return out.value()

    def generate_data(self, n, frequency, seed=0):
        """Simulate the mean spend of n customers with the given repeat purchases
        (wraps csat_spend_simulate).

        Each customer's nu ~ Gamma(q, gamma) and each spend ~ Gamma(p, nu); the mean of
        `frequency` spends is returned (0 for frequency 0, as lifetimes' summaries give).
        Seeded in C with no global state, as BGNBD.generate_data, and independent of
        the purchase models' draws for the same seed.

        Parameters
        ----------
        n : int
            Number of customers (>= 1).
        frequency : float or sequence of float
            Repeat purchases of every customer, or one per customer (whole numbers >= 0),
            e.g. the frequency column of a BTYD model's generate_data.
        seed : int, default 0
            Seed (integer in [0, 2^64)).

        Returns
        -------
        pandas.DataFrame or Result
            Indexed by customer_id 0..n-1: frequency, monetary_value and the customer's
            true nu. A Result of columns without pandas.

        Raises
        ------
        InvalidArgument
            A bad n, frequency or seed.
        Misuse
            No parameters yet.
        DomainError
            Parameters so extreme that a spend leaves the double range.

        Examples
        --------
        >>> g = csat.GammaGamma()
        >>> g.params_ = dict(p=6.25, q=3.74, gamma=15.44)
        >>> d = g.generate_data(500, 3, seed=2)
        >>> float(min(d["monetary_value"])) > 0
        True
        """
        from . import simulate
        return simulate.spend_data(self, n, frequency, seed)


@_frames.indexed
def clv(purchase_model, spend_model, frequency, recency, T, monetary_value, n_steps=12,
        step=4.345, discount_rate=0.01, margin=None):
    """Discounted customer lifetime value per customer (wraps csat_clv; csat_clv_margin with margin).

    Parameters
    ----------
    purchase_model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A fitted (or set) purchase model.
    spend_model : GammaGamma
        A fitted (or set) spend model.
    frequency, recency, T : sequence of float
        As for BGNBD.p_alive.
    monetary_value : sequence of float
        Mean spend per repeat purchase (finite, >= 0).
    n_steps : int, default 12
        Number of discounting steps (>= 1).
    step : float, default 4.345
        Length of a step in model time units (4.345 = a month for weekly data), > 0.
    discount_rate : float, default 0.01
        Discount rate per step (finite, >= 0).
    margin : float or sequence of float, optional
        Margin (profit share of revenue, finite, >= 0): one rate for everyone, or one per
        customer (e.g. csat.customer_profit's margin). None = CLV on revenue.

    Returns
    -------
    Result
        clv (column, currency units per customer) and equity (their sum).

    Raises
    ------
    InvalidType
        A model of the wrong class.
    InvalidArgument, EmptyInput
        Bad columns or options.
    Misuse
        A model without parameters.

    Examples
    --------
    >>> pm = csat.BGNBD()
    >>> pm.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> sm = csat.GammaGamma()
    >>> sm.params_ = dict(p=6.25, q=3.74, gamma=15.44)
    >>> r = csat.clv(pm, sm, [2, 5], [30.43, 35], [38.86, 38.86], [20, 25])
    >>> len(r.clv), r.equity > 0
    (2, True)
    """
    handle_arg(purchase_model, _BTYD, "purchase_model")
    handle_arg(spend_model, GammaGamma, "spend_model")
    cols, n = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value,
                       defer=True)
    o = _ClvOptions()
    check(_clv_options_init(byref(o), _CLV_OPTIONS_VERSION), "clv options")
    o.n_steps = integer(n_steps, "n_steps", ctype=c_size_t)
    o.step = real(step, "step")
    o.discount_rate = real(discount_rate, "discount_rate")
    out = Out(n)
    eq = c_double()
    rate, per = 0.0, None
    if margin is not None:
        per, scalar = scalar_or_column(margin, "margin", finite=True, nonneg=True)
        if scalar:
            rate, per = per.values()[0], None
        elif per.n != n:
            raise InvalidArgument(f"margin has {per.n} values for {n} customers")
    with use(purchase_model, spend_model) as (pm, sm):
        if margin is None:
            st = _clv(pm, sm, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                      cols["monetary_value"].ptr, n, byref(o), out.ptr, byref(eq))
        else:
            st = _clv_margin(pm, sm, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                             cols["monetary_value"].ptr, n, byref(o), rate,
                             per.ptr if per is not None else None, out.ptr, byref(eq))
        spend_model._check(st, "clv", cols.values())
    return Result(clv=out.value(), equity=eq.value)


def chunk_log_likelihood(model_class, params, frequency, recency, T, weights=None):
    """Log-likelihood and gradient of a chunk of data (wraps csat_btyd_chunk_loglik).

    Sum the results over chunks to fit data that live in several places.

    Parameters
    ----------
    model_class : type
        csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD or csat.BGBB.
    params : dict or sequence of float
        The model's parameters (all finite and > 0).
    frequency, recency, T : sequence of float
        As for the model's fit.
    weights : sequence of float, optional
        Customers per row; None = 1 each.

    Returns
    -------
    tuple of (float, dict)
        The weighted log-likelihood (no penalty) and its gradient by parameter name.

    Raises
    ------
    InvalidType
        model_class is not one of the four purchase model classes.
    InvalidArgument, EmptyInput
        Bad parameters or columns.
    """
    names = _purchase_class(model_class)._names
    p = params_array(params, names, "params")
    cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
    ll = c_double()
    g = (c_double * len(names))()
    check(_chunk(model_class._kind, p, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                 cols["weights"].ptr, n, byref(ll), g), "chunk_log_likelihood")
    return ll.value, dict(zip(names, list(g)))


def _purchase_class(model_class):
    if not (isinstance(model_class, type) and issubclass(model_class, _BTYD)
            and model_class is not _BTYD):
        raise InvalidType("model_class must be csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD, "
                          f"csat.BGBB or csat.GGomNBD, not {model_class!r}")
    return model_class


def chunk_hessian(model_class, params, frequency, recency, T, weights=None):
    """Log-likelihood, gradient and Hessian of a chunk of data (wraps csat_btyd_chunk_hessian).

    The map step of a fit on partitioned data: the chunks' values add up to the
    whole data's, so a driver can take Newton steps with one pass over the chunks
    each (csat.dask.fit does).

    Parameters
    ----------
    model_class : type
        csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD or csat.BGBB.
    params : dict or sequence of float
        The model's parameters (all finite and > 0).
    frequency, recency, T : sequence of float
        As for the model's fit.
    weights : sequence of float, optional
        Customers per row; None = 1 each.

    Returns
    -------
    tuple of (float, list of float, list of list of float)
        The weighted log-likelihood (no penalty), its gradient and its Hessian
        (4 x 4, symmetric) in the natural parameters, in the model's parameter order.

    Raises
    ------
    InvalidType
        model_class is not one of the four purchase model classes.
    InvalidArgument, EmptyInput
        Bad parameters or columns.
    DomainError
        The values are not finite at these parameters.

    Examples
    --------
    >>> ll, g, h = csat.chunk_hessian(csat.BGNBD, [0.243, 4.41, 0.793, 2.43], [2, 0], [30.4, 0], [38.9, 38.9])
    >>> len(g), len(h), h[0][1] == h[1][0]
    (4, 4, True)
    """
    names = _purchase_class(model_class)._names
    p = params_array(params, names, "params")
    cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
    ll = c_double()
    k = len(names)
    g = (c_double * k)()
    h = (c_double * (k * k))()
    check(_chunk_hess(model_class._kind, p, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                      cols["weights"].ptr, n, byref(ll), g, h), "chunk_hessian")
    return ll.value, list(g), [list(h[k * i:k * i + k]) for i in range(k)]


def spend_chunk_log_likelihood(params, frequency, monetary_value, weights=None):
    """Gamma-Gamma log-likelihood, gradient and Hessian of a chunk (wraps csat_spend_chunk_loglik).

    Parameters
    ----------
    params : dict or sequence of float
        p, q, gamma (all finite and > 0).
    frequency, monetary_value : sequence of float
        As for GammaGamma.fit (rows with frequency 0 count 0).
    weights : sequence of float, optional
        Customers per row; None = 1 each.

    Returns
    -------
    tuple of (float, list of float, list of list of float)
        The log-likelihood (the density of each repeat buyer's mean spend, weighted),
        its gradient and its Hessian (3 x 3) in p, q, gamma.

    Raises
    ------
    InvalidArgument, EmptyInput
        Bad parameters or columns.
    DomainError
        The values are not finite at these parameters.

    Examples
    --------
    >>> ll, g, h = csat.spend_chunk_log_likelihood([6.25, 3.74, 15.44], [2, 1, 0], [20.0, 35.5, 0.0])
    >>> round(ll, 6) < 0
    True
    """
    names = GammaGamma._names
    p = params_array(params, names, "params")
    cols, n = _columns(frequency=frequency, monetary_value=monetary_value, weights=weights)
    ll = c_double()
    g = (c_double * 3)()
    h = (c_double * 9)()
    check(_s_chunk(p, cols["frequency"].ptr, cols["monetary_value"].ptr, cols["weights"].ptr, n, byref(ll),
                   g, h), "spend_chunk_log_likelihood")
    return ll.value, list(g), [list(h[3 * i:3 * i + 3]) for i in range(3)]
