"""Contractual retention, survival curves, churn scoring and retention economics.

    m = csat.SBG().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    m.params_                    # {'alpha': 0.704..., 'beta': 1.182...}
    m.survival(range(13)); m.derl(0.1, n_renewals=4); m.summary

    km = csat.KaplanMeier(conf_type="log").fit(times, events)   # or csat.kaplan_meier(...)
    km.time_, km.survival_, km.lower_, km.upper_, km.median_

    lr = csat.LogisticChurn().fit(X, y)
    lr.coef_, lr.standard_errors_, lr.log_likelihood_, lr.predict_proba(X), lr.predict(X)
"""
import math
from array import array
from ctypes import (POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint,
                    c_uint64, c_void_p)

from . import _frames, _parallel
from ._lib import (PD, PSZ, PU64, BufferTooSmall, EmptyInput, Handle, InvalidArgument, Misuse,
                   NotFittedError,
                   Out, Result, as_doubles, as_matrix, as_uint64, check, choice, flag, handle_arg,
                   integer, new_handle, np, out_matrix, params_array, proto, real, same_length,
                   scalar_or_column, sequence, use)
from .customers import Customers
from ._models import (FitReport, Model, attempt, fitted_read, fitted_section, numbers_list, parameter_table, parametric_fields,
                      report, table, whole)
from ._models import FitStage, read_stages, report_from_file  # fit stages (issue 18)

__all__ = ["SBG", "kaplan_meier", "KaplanMeier", "logrank_test", "LogisticChurn", "roc_auc",
           "confusion", "lift_table", "campaign_profit", "margin_multiple", "clv_gupta_lehmann",
           "clv_berger_nasr", "logistic_chunk_score", "clv_survival", "clv_retention", "payback_period",
           "customer_equity", "retention_effect", "replacement", "kpi_rates",
           "cohort_table", "kpis", "cohort_table_customers", "kpis_customers",
           "ACQUISITION_COST_RATIO"]

ACQUISITION_COST_RATIO = 5.0
_TIMING = {"end": 0, "start": 1}
_CONF = {"log": 0, "log-log": 1, "loglog": 1, "plain": 2, "none": 3}


def _weight_total(col):
    """The sum of a weights column (numpy array or sequence) as a float."""
    return float(col.sum()) if hasattr(col, "sum") else float(sum(col))


def _g_sum(col):
    total = float(sum(col))
    return int(total) if total.is_integer() else total


# ---- sBG -----------------------------------------------------------------------

class _SbgParams(Structure):
    _fields_ = [("alpha", c_double), ("beta", c_double)]


_P_SBG = POINTER(_SbgParams)
_sbg_new = proto("csat_sbg_new", [POINTER(c_void_p), c_void_p])
_sbg_free = proto("csat_sbg_free", [c_void_p], None)
_sbg_err = proto("csat_sbg_last_error", [c_void_p], c_char_p)
_sbg_fit_surv = proto("csat_sbg_fit_survivors", [c_void_p, PD, c_size_t, POINTER(FitReport)])
_sbg_fit_dur = proto("csat_sbg_fit_durations", [c_void_p, PD, PD, c_size_t, POINTER(FitReport)])
_sbg_fit_dur_counts = proto("csat_sbg_fit_duration_counts",
                            [c_void_p, PD, PD, PD, c_size_t, POINTER(FitReport)])
_sbg_fit_cust = proto("csat_sbg_fit_customers", [c_void_p, c_void_p, c_double, c_double,
                                                  c_double, c_double, POINTER(FitReport)])
_sbg_get = proto("csat_sbg_get_params", [c_void_p, _P_SBG])
_sbg_set = proto("csat_sbg_set_params", [c_void_p, _P_SBG])
_sbg_se = proto("csat_sbg_std_err", [c_void_p, PD, PD])
_sbg_ll = proto("csat_sbg_log_likelihood", [_P_SBG, PD, c_size_t, PD], details=True)
_sbg_cols = {name: proto(fn, [_P_SBG, PD, c_size_t, PD], details=True) for name, fn in (
    ("survival", "csat_sbg_survival"), ("retention", "csat_sbg_retention"),
    ("churn_pmf", "csat_sbg_churn_pmf"))}
# C names the parameters struct p; SBG's are its alpha and beta
_SBG_NAMES = {"p->alpha": "alpha", "p->beta": "beta", "p": "the parameters"}
_sbg_life = proto("csat_sbg_expected_lifetime", [_P_SBG, PD], details=True)
_sbg_derl = proto("csat_sbg_derl", [_P_SBG, c_double, c_double, PD], details=True)
_sbg_del = proto("csat_sbg_del", [_P_SBG, c_double, PD], details=True)
_sbg_clv = proto("csat_sbg_clv", [_P_SBG, c_double, c_double, PD], details=True)


def _scalar_result(r):
    """A one-value interval Result with floats in place of the columns."""
    for k in ("estimate", "lower", "upper"):
        r[k] = float(r[k][0])
    return r


@_parallel.documented
class SBG(Model, Handle):
    """Shifted-beta-geometric retention model of a contractual cohort (Fader & Hardie 2007).

    Wraps a csat_sbg handle. Parameters alpha and beta: fit them, or assign a dict to
    params_. Copies and loaded models get the parameters through the C setter and keep
    the standard errors (libcsat has none to set) and the fit report on the Python side.

    Parameters
    ----------
    {n_jobs}

    Raises
    ------
    InvalidArgument
        A bad n_jobs; InvalidType for a wrong type.

    Examples
    --------
    >>> m = csat.SBG().fit([1000, 869, 743, 653, 593, 551, 517, 491])
    >>> {k: round(v, 3) for k, v in m.params_.items()}
    {'alpha': 0.668, 'beta': 3.806}
    >>> m
    <csat.SBG: fitted on 1,000 customers; alpha=0.668, beta=3.81; LL=-1611.16>
    """
    _free = _sbg_free
    _last_error = _sbg_err
    _names = ("alpha", "beta")
    _hyper = ("n_jobs",)
    _parallel_kind = "sbg"

    def __init__(self, n_jobs=None):
        self.n_jobs = n_jobs
        self._check_hyper()
        self._report = self._n = self._restored_se = None
        self._iv_rows = None  # the data of the last fit, for interval= (intervals2)
        self._adopt(self._new_ptr())

    def _new_ptr(self):
        return new_handle(_sbg_new, None, what="SBG")

    def _check_hyper(self):
        _parallel.threads(self.n_jobs)

    def _fitted(self, status, rep, what, n):
        self._iv_rows = None
        self._check(status, what)
        self._report = report(rep, read_stages(_sbg_stages, self._ptr))
        self._n = n
        self._restored_se = None
        return self

    def fit(self, survivors):
        """Maximum-likelihood fit from survivor counts per period (wraps csat_sbg_fit).

        Parameters
        ----------
        survivors : sequence of float
            Customers still active at the start of periods 0, 1, 2, ...: the cohort size
            first, then non-increasing counts (integers >= 0; at least 2 values).

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            NaN, Inf, negative, non-integer or increasing counts.
        EmptyInput
            Fewer than two counts, or an empty cohort.
        NoConvergence
            The optimiser did not converge.

        Examples
        --------
        >>> m = csat.SBG().fit([1000, 869, 743, 653, 593, 551, 517, 491])
        >>> [round(float(s), 3) for s in m.survival([1, 2])]
        [0.851, 0.747]
        """
        s = as_doubles(survivors, "survivors", finite=True, nonneg=True)
        rep = FitReport()
        with self._use() as p:
            self._fitted(_sbg_fit_surv(p, s.ptr, s.n, byref(rep)), rep, "SBG.fit",
                         float(s.keep[0]) if s.n else None)
        sv = [float(v) for v in s.keep]
        # the intervals' data (csat.intervals.sbg_intervals): the survivor counts as grouped rows
        T = len(sv) - 1
        self._iv_rows = ([float(t) for t in range(1, T + 1)] + [float(T)], [1.0] * T + [0.0],
                         [sv[t - 1] - sv[t] for t in range(1, T + 1)] + [sv[T]])
        return self

    def fit_durations(self, durations, churned, weights=None):
        """Fit from individual whole-period durations (wraps csat_sbg_fit_durations).

        With weights, row i stands for weights[i] customers (the lifetimes convention of
        fitting a grouped table: one row per distinct (duration, churned) pair and its
        count); this wraps csat_sbg_fit_duration_counts, the merge-and-finish step of
        csat.dask.sbg. Unit weights give the same fit as no weights.

        Parameters
        ----------
        durations : sequence of float
            Periods each customer stayed (whole numbers >= 0).
        churned : sequence of int
            1 = churned after that duration, 0 = still active (censored); booleans accepted.
        weights : sequence of float, optional
            Customers per row (finite, >= 0; fractional weights accepted, not all 0).

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            Non-integer, negative, NaN or Inf durations, flags not 0/1, NaN, Inf or negative
            weights, mismatched lengths.
        EmptyInput
            No customers, or every weight 0.
        DomainError
            The weights add up beyond the double range.
        NoConvergence
            The optimiser did not converge.

        Examples
        --------
        >>> a = csat.SBG().fit_durations([1, 2, 2, 3, 3, 3], [1, 1, 1, 0, 0, 0])
        >>> b = csat.SBG().fit_durations([1, 2, 3], [1, 1, 0], weights=[1, 2, 3])
        >>> a.params_ == b.params_
        True
        """
        d = as_doubles(durations, "durations", finite=True, nonneg=True, whole=True)
        c = as_doubles(churned, "churned", finite=True, binary=True)
        rep = FitReport()
        if weights is None:
            n = same_length(d, c)
            with self._use() as p:
                self._fitted(_sbg_fit_dur(p, d.ptr, c.ptr, n, byref(rep)), rep, "SBG.fit_durations",
                             float(n))
            self._iv_rows = ([float(v) for v in d.keep], [float(v) for v in c.keep], None)
            return self
        w = as_doubles(weights, "weights", finite=True, nonneg=True)
        n = same_length(d, c, w)
        with self._use() as p:
            self._fitted(_sbg_fit_dur_counts(p, d.ptr, c.ptr, w.ptr, n, byref(rep)), rep,
                         "SBG.fit_durations", _weight_total(w.keep))
        self._iv_rows = ([float(v) for v in d.keep], [float(v) for v in c.keep], [float(v) for v in w.keep])
        return self

    def _iv(self, what, t, discount, interval, level, n_draws, seed):
        """The prediction's interval (csat.intervals.sbg_intervals) on the data of this
        object's last fit, or None when interval is None (the arguments checked either way)."""
        from .intervals import _options, sbg_intervals
        _options("delta" if interval is None else interval, level, n_draws, seed)
        if interval is None:
            return None
        rows = getattr(self, "_iv_rows", None)
        if rows is None:
            raise Misuse(f"SBG.{what}: an interval needs the data this model was fitted to (fit or "
                         "fit_durations on this object; else csat.intervals.sbg_intervals with the data)")
        return sbg_intervals(self, what, t, rows[0], rows[1], counts=rows[2], discount=discount,
                             interval=interval, level=level, n_draws=n_draws, seed=seed)

    def fit_customers(self, customers, period, first_from, first_to, observation_end):
        """Fit to an acquisition cohort of a csat.Customers store (wraps csat_sbg_fit_customers).

        The customers whose first purchase lies in [first_from, first_to) form the cohort; their
        transactions are read as payments once per period. (n_customers_ and bic_ are None
        after this fit: libcsat does not report the cohort's size.)

        Parameters
        ----------
        customers : Customers
            The transaction store.
        period : float
            Length of a period in the store's time units (finite, > 0).
        first_from, first_to : float
            The acquisition window [first_from, first_to) (finite, first_from < first_to).
        observation_end : float
            End of the observation (>= first_to).

        Returns
        -------
        self

        Raises
        ------
        InvalidType
            customers is not a csat.Customers.
        InvalidArgument
            A bad period or window.
        EmptyInput
            No customer in the cohort.
        NoConvergence
            The optimiser did not converge.
        """
        handle_arg(customers, Customers, "customers")
        args = (real(period, "period"), real(first_from, "first_from"),
                real(first_to, "first_to"), real(observation_end, "observation_end"))
        rep = FitReport()
        with use(self, customers) as (p, c):
            return self._fitted(_sbg_fit_cust(p, c, *args, byref(rep)), rep,
                                "SBG.fit_customers", None)

    def _p(self):
        p = _SbgParams()
        with self._use() as h:
            self._check(_sbg_get(h, byref(p)), "SBG")
        return p

    def _set(self, alpha, beta, what):
        p = _SbgParams(real(alpha, f"{what}['alpha']"), real(beta, f"{what}['beta']"))
        with self._use() as h:
            self._check(_sbg_set(h, byref(p)), what)
            self._report = self._n = self._restored_se = None

    @property
    def params_(self):
        """dict: alpha and beta; assign a dict of both to set them by hand (NotFittedError before a fit or a set)."""
        p = fitted_read(self, "params_", self._p)
        return Result(alpha=p.alpha, beta=p.beta)

    @params_.setter
    def params_(self, values):
        v = params_array(values, self._names, "params_")
        self._set(v[0], v[1], "params_")

    @property
    def standard_errors_(self):
        """dict: standard errors of alpha and beta from the last fit (Misuse if none)."""
        with self._use() as p:
            if self._restored_se is not None:
                return Result(self._restored_se)
            a, b = c_double(), c_double()
            fitted_read(self, "standard_errors_", lambda: self._check(
                _sbg_se(p, byref(a), byref(b)), "SBG.standard_errors_"))
        return Result(alpha=a.value, beta=b.value)

    @property
    def fit_report_(self):
        """Result: how the last fit ended (iterations, evaluations, log_likelihood, grad_norm, converged)."""
        with self._use():
            if self._report is None:
                raise NotFittedError("fit_report_: this csat.SBG has not been fitted")
            return Result(self._report)

    @property
    def log_likelihood_(self):
        """float: log-likelihood at the fitted parameters (Misuse before a fit)."""
        return self.fit_report_.log_likelihood

    @property
    def aic_(self):
        """float: Akaike information criterion of the last fit, 4 - 2 log L (Misuse before a fit)."""
        return 4.0 - 2.0 * self.log_likelihood_

    @property
    def bic_(self):
        """float or None: 2 log n - 2 log L with n the cohort's customers (None if not known)."""
        ll, n = self.log_likelihood_, self._n
        return None if not n else 2.0 * math.log(n) - 2.0 * ll

    @property
    def n_customers_(self):
        """float or None: customers in the fitted cohort (None after fit_customers; Misuse before a fit)."""
        self.fit_report_
        return self._n

    def _fit_stats(self):
        params = attempt(lambda: dict(self.params_))
        if params is None:
            return None, None, None
        se = attempt(lambda: dict(self.standard_errors_))
        fit = None
        if self._report is not None:
            fit = dict(self._report, n_customers=self._n, aic=self.aic_, bic=self.bic_)
        return params, se, fit

    def _restore(self, doc):
        params, se, fit = parametric_fields(doc, self._names)
        if params is not None:
            self._set(params["alpha"], params["beta"], "model file: params")
        self._restored_se = se
        if fit is not None and fit["log_likelihood"] is not None:
            self._report = Result({k: fit[k] for k in (
                "iterations", "evaluations", "log_likelihood", "grad_norm", "converged", "stages")})
            self._n = fit["n_customers"]

    def _c_state(self):
        def attempt_dict(read):
            found = attempt(read)
            return None if found is None else dict(found)
        return {"params": attempt_dict(lambda: self.params_),
                "std_err": attempt_dict(lambda: self.standard_errors_)}

    def _c_restore(self, state):
        if state["params"] is not None:
            p = _SbgParams(real(state["params"]["alpha"], "alpha"),
                           real(state["params"]["beta"], "beta"))
            self._check(_sbg_set(self._ptr, byref(p)), "copy")
        self._restored_se = state["std_err"]

    def _column(self, name, t):
        x = as_doubles(t, "t", finite=True, nonneg=True, whole=True)
        out = Out(x.n)
        check(_sbg_cols[name](byref(self._p()), x.ptr, x.n, out.ptr), f"SBG.{name}", names=_SBG_NAMES)
        return out.value()

    def survival(self, t, interval=None, level=0.95, n_draws=1000, seed=1):
        """Survival S(t) = P(T > t): the share of the cohort still active after t periods.

        Parameters
        ----------
        t : sequence of float
            Whole periods >= 0.
        interval, level, n_draws, seed
            As for BGNBD.p_alive (interval None, "delta", "parametric" or "bootstrap"), by
            csat.intervals.sbg_intervals on the data of this object's last fit.

        Returns
        -------
        numpy.ndarray or list of float
            S(t) in [0, 1] per t (with interval: a Result with estimate, lower, upper).

        Raises
        ------
        InvalidArgument
            A non-integer, negative, NaN or Inf t.
        Misuse
            No parameters yet.
        """
        r = self._iv("survival", t, None, interval, level, n_draws, seed)
        return r if r is not None else self._column("survival", t)

    def retention(self, t, interval=None, level=0.95, n_draws=1000, seed=1):
        """Retention rate r(t) = S(t) / S(t - 1) of period t.

        Parameters
        ----------
        t : sequence of float
            Whole periods >= 1.
        interval, level, n_draws, seed
            As for survival.

        Returns
        -------
        numpy.ndarray or list of float
            r(t) in [0, 1] (with interval: a Result, as survival).

        Raises
        ------
        InvalidArgument
            A non-integer t, or t < 1.
        Misuse
            No parameters yet.
        """
        r = self._iv("retention", t, None, interval, level, n_draws, seed)
        return r if r is not None else self._column("retention", t)

    def churn_pmf(self, t):
        """Probability P(T = t) that a new customer churns in period t.

        Parameters
        ----------
        t : sequence of float
            Whole periods >= 1.

        Returns
        -------
        numpy.ndarray or list of float
            P(T = t) in [0, 1].

        Raises
        ------
        InvalidArgument
            A non-integer t, or t < 1.
        Misuse
            No parameters yet.
        """
        return self._column("churn_pmf", t)

    def log_likelihood(self, survivors):
        """Log-likelihood of survivor counts under the model's parameters.

        Parameters
        ----------
        survivors : sequence of float
            Cohort size, then active customers at the start of each period (as for fit).

        Returns
        -------
        float
            The log-likelihood.

        Raises
        ------
        InvalidArgument, EmptyInput
            As for fit.
        Misuse
            No parameters yet.
        """
        s = as_doubles(survivors, "survivors", finite=True, nonneg=True)
        v = c_double()
        check(_sbg_ll(byref(self._p()), s.ptr, s.n, byref(v)), "SBG.log_likelihood", names=_SBG_NAMES)
        return v.value

    def expected_lifetime(self):
        """Expected lifetime E[T] of a new customer, in periods.

        Returns
        -------
        float
            E[T] = (alpha + beta - 1) / (alpha - 1).

        Raises
        ------
        DomainError
            alpha <= 1 (the expectation is infinite).
        Misuse
            No parameters yet.
        """
        v = c_double()
        check(_sbg_life(byref(self._p()), byref(v)), "SBG.expected_lifetime", names=_SBG_NAMES)
        return v.value

    def derl(self, discount, n_renewals=0, interval=None, level=0.95, n_draws=1000, seed=1):
        """Discounted expected residual lifetime after n_renewals renewals (Fader & Hardie 2010).

        Parameters
        ----------
        discount : float
            Discount rate per period (finite, > 0).
        n_renewals : int, default 0
            Renewals the customer has made (integer >= 0).
        interval, level, n_draws, seed
            As for survival.

        Returns
        -------
        float
            DERL in periods (multiply by the margin per period for the residual value). With
            interval: a Result with estimate, lower, upper (floats).

        Raises
        ------
        InvalidArgument
            A bad discount or n_renewals.
        Misuse
            No parameters yet.
        """
        args = (real(discount, "discount"), real(n_renewals, "n_renewals"))
        r = self._iv("derl", [args[1]], args[0], interval, level, n_draws, seed)
        if r is not None:
            return _scalar_result(r)
        v = c_double()
        check(_sbg_derl(byref(self._p()), *args, byref(v)), "SBG.derl", names=_SBG_NAMES)
        return v.value

    def del_(self, discount, interval=None, level=0.95, n_draws=1000, seed=1):
        """Discounted expected lifetime (DEL) of a new customer.

        Parameters
        ----------
        discount : float
            Discount rate per period (finite, > 0).
        interval, level, n_draws, seed
            As for survival.

        Returns
        -------
        float
            DEL in periods (with interval: a Result with estimate, lower, upper, floats).

        Raises
        ------
        InvalidArgument
            A bad discount.
        Misuse
            No parameters yet.
        """
        d = real(discount, "discount")
        r = self._iv("del", [0.0], d, interval, level, n_draws, seed)
        if r is not None:
            return _scalar_result(r)
        v = c_double()
        check(_sbg_del(byref(self._p()), d, byref(v)), "SBG.del_", names=_SBG_NAMES)
        return v.value

    def clv(self, margin, discount):
        """CLV of a new customer paying margin each period: margin * DEL.

        Parameters
        ----------
        margin : float
            Margin per period (finite, any currency).
        discount : float
            Discount rate per period (finite, > 0).

        Returns
        -------
        float
            The CLV in the units of margin.

        Raises
        ------
        InvalidArgument
            A bad margin or discount.
        Misuse
            No parameters yet.
        """
        args = (real(margin, "margin"), real(discount, "discount"))
        v = c_double()
        check(_sbg_clv(byref(self._p()), *args, byref(v)), "SBG.clv", names=_SBG_NAMES)
        return v.value


# ---- Kaplan-Meier -------------------------------------------------------------------

class _KmOptions(Structure):
    _fields_ = [("version", c_uint), ("conf_type", c_int), ("conf_level", c_double)]


class _KmMedian(Structure):
    _fields_ = [("median", c_double), ("lower", c_double), ("upper", c_double),
                ("median_found", c_int), ("lower_found", c_int), ("upper_found", c_int)]


_km_opts_init = proto("csat_km_options_init", [POINTER(_KmOptions), c_uint])
_km_new = proto("csat_km_new", [POINTER(c_void_p), c_void_p])
_km_free = proto("csat_km_free", [c_void_p], None)
_km_err = proto("csat_km_last_error", [c_void_p], c_char_p)
_km_fit = proto("csat_km_fit", [c_void_p, PD, PD, PD, c_size_t, POINTER(_KmOptions)])
_km_fit_group = proto("csat_km_fit_group",
                      [c_void_p, PD, PD, PD, PU64, c_uint64, c_size_t, POINTER(_KmOptions)])
_km_size = proto("csat_km_size", [c_void_p, PSZ])
_km_table = proto("csat_km_table", [c_void_p, PD, PD, PD, PD, PD, PD, PD, PD, c_size_t])
_km_median = proto("csat_km_median_survival", [c_void_p, POINTER(_KmMedian)])
_km_rmean = proto("csat_km_restricted_mean", [c_void_p, c_double, PD, PD])
_km_at = proto("csat_km_survival_at", [c_void_p, PD, c_size_t, PD])
_km_logrank = proto("csat_km_logrank", [PD, PD, PU64, c_size_t, c_size_t, PD, PD, PD, PD, PD,
                                        c_void_p], details=True)

_KM_COLUMNS = ("time", "n_risk", "n_event", "n_censor", "survival", "std_err", "lower", "upper")


@_parallel.documented
class KaplanMeier(Model, Handle):
    """Kaplan-Meier survival curve (wraps csat_km); the table of R's survfit.

    After fit: the columns time_, n_risk_, n_event_, n_censor_, survival_, std_err_, lower_,
    upper_ (numpy arrays, or array('d') without numpy), median_ (None if never reached),
    median_ci_ and n_customers_ (the subjects' total weight); summary is the table. Copies
    and loaded curves are refitted through the C API from the table (each distinct time's
    events and censorings as weighted rows), which gives the same curve, standard errors
    and intervals.

    Parameters
    ----------
    conf_type : {"log", "log-log", "plain", "none"}, default "log"
        Transformation of the pointwise confidence interval ("loglog" = "log-log").
    conf_level : float, default 0.95
        Level of the intervals, in (0, 1).
    {n_jobs}

    Raises
    ------
    InvalidArgument
        An unknown conf_type or a conf_level outside (0, 1); InvalidType for a wrong type.

    Examples
    --------
    >>> km = csat.KaplanMeier().fit([9, 13, 13, 18, 23], [1, 1, 0, 1, 1])
    >>> km
    <csat.KaplanMeier: fitted on 5 customers; events=4, median=18>
    """
    _free = _km_free
    _last_error = _km_err
    _hyper = ("conf_type", "conf_level", "n_jobs")
    _parallel_kind = "km"
    _fitted_attr = "time_"

    def __init__(self, conf_type="log", conf_level=0.95, n_jobs=None):
        self.conf_type, self.conf_level = conf_type, conf_level
        self.n_jobs = n_jobs
        self._check_hyper()
        self._adopt(self._new_ptr())

    def _check_hyper(self):
        _parallel.threads(self.n_jobs)
        choice(self.conf_type, _CONF, "conf_type")
        level = real(self.conf_level, "conf_level")
        if not 0.0 < level < 1.0:
            raise InvalidArgument(f"conf_level = {level!r} must be in (0, 1)")

    def fit(self, times, events, weights=None, groups=None, group=None):
        """Fit the curve (wraps csat_km_fit, or csat_km_fit_group with groups and group).

        Parameters
        ----------
        times : sequence of float
            Time of the event or of censoring per subject (finite, >= 0).
        events : sequence of int
            1 = the event (churn) happened at that time, 0 = censored (booleans accepted).
        weights : sequence of float, optional
            Case weights (finite, >= 0); None = 1 each.
        groups : sequence of int, optional
            Group of each subject; with group, fit the curve of that group only.
        group : int, optional
            The group to fit (with groups).

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            NaN, Inf or negative times, events not 0/1, bad weights, mismatched lengths.
        EmptyInput
            No subjects (or none in the group).

        Examples
        --------
        >>> km = csat.KaplanMeier().fit([9, 13, 13, 18, 23], [1, 1, 0, 1, 1])
        >>> [round(float(s), 4) for s in km.survival_], km.median_
        ([0.8, 0.6, 0.3, 0.0], 18.0)
        """
        t = as_doubles(times, "times", finite=True, nonneg=True)
        e = as_doubles(events, "events", finite=True, binary=True)
        w = as_doubles(weights, "weights", optional=True, finite=True)
        g = as_uint64(groups, "groups", optional=True)
        if groups is not None:
            group = integer(group, "group", ctype=c_uint64)
        elif group is not None:
            raise InvalidArgument("group selects one of groups: give groups too")
        n = same_length(t, e, w, g)
        opts = self._options(_CONF[self.conf_type], real(self.conf_level, "conf_level"))
        with self._use() as p:
            if groups is None:
                self._check(_km_fit(p, t.ptr, e.ptr, w.ptr, n, byref(opts)), "KaplanMeier.fit")
            else:
                self._check(_km_fit_group(p, t.ptr, e.ptr, w.ptr, g.ptr, group, n, byref(opts)),
                            "KaplanMeier.fit")
            self._read(p)
        return self

    @staticmethod
    def _options(conf_type, conf_level):
        opts = _KmOptions()
        check(_km_opts_init(byref(opts), 1))
        opts.conf_type, opts.conf_level = conf_type, conf_level
        return opts

    def _new_ptr(self):
        return new_handle(_km_new, None, what="KaplanMeier")

    def _table(self, p):
        m = c_size_t()
        self._check(_km_size(p, byref(m)))
        outs = [Out(m.value) for _ in _KM_COLUMNS]
        self._check(_km_table(p, *[o.ptr for o in outs], m.value))
        return dict(zip(_KM_COLUMNS, outs))

    def _read(self, p):
        for name, o in self._table(p).items():
            setattr(self, name + "_", o.value())
        med = _KmMedian()
        self._check(_km_median(p, byref(med)))
        self.median_ = med.median if med.median_found else None
        self.median_ci_ = (med.lower if med.lower_found else None,
                           med.upper if med.upper_found else None)
        self.n_customers_ = float(self.n_risk_[0]) if len(self.n_risk_) else 0.0
        self._level = real(self.conf_level, "conf_level")
        self._type = self.conf_type

    def _describe(self):
        if not self._is_fitted():
            return None
        median = "not reached" if self.median_ is None else self.median_
        return (self.n_customers_, [("events", _g_sum(self.n_event_)), ("median", median)], None)

    def _summary(self):
        self._require_fit("summary")
        return table("time", self.time_, {k: getattr(self, k + "_") for k in _KM_COLUMNS[1:]},
                     {"n_customers": self.n_customers_, "median": self.median_,
                      "median_ci": self.median_ci_, "conf_type": self._type,
                      "conf_level": self._level})

    def _document(self):
        if not self._is_fitted():
            return {}
        # The curve's own options (set_params after the fit applies to the next fit).
        return {"fit": {"n_customers": self.n_customers_},
                "fitted": {"conf_type": self._type, "conf_level": self._level,
                           **{k: getattr(self, k + "_") for k in ("time", "n_event", "n_censor")}}}

    def _restore(self, doc):
        fitted = fitted_section(doc)
        if fitted is None:
            return
        cols = {k: numbers_list(fitted.get(k), f"fitted.{k}", finite=True, nonneg=True)
                for k in ("time", "n_event", "n_censor")}
        if len({len(v) for v in cols.values()}) != 1:
            raise InvalidArgument("model file: fitted.time, n_event and n_censor must have the "
                                  "same length")
        hyper = {"conf_type": fitted.get("conf_type"), "conf_level": fitted.get("conf_level")}
        KaplanMeier(**hyper).close()  # checks them
        self._c_restore(dict(cols, conf_type=_CONF[hyper["conf_type"]],
                             conf_level=hyper["conf_level"]))

    def _c_state(self):
        if not self._is_fitted():
            return None
        table_ = self._table(self._ptr)
        return {"conf_type": _CONF[self._type], "conf_level": self._level,
                **{k: table_[k].array() for k in ("time", "n_event", "n_censor")}}

    def _c_restore(self, state):
        if state is None:
            return
        times, events, weights = [], [], []
        for t, d, c in zip(state["time"], state["n_event"], state["n_censor"]):
            for flag_, w in ((1.0, d), (0.0, c)):
                if w > 0:
                    times.append(t)
                    events.append(flag_)
                    weights.append(w)
        t, e, w = (as_doubles(v, k) for v, k in ((times, "times"), (events, "events"),
                                                  (weights, "weights")))
        opts = self._options(state["conf_type"], state["conf_level"])
        self._check(_km_fit(self._ptr, t.ptr, e.ptr, w.ptr, t.n, byref(opts)), "copy")
        saved = self.conf_type, self.conf_level
        self.conf_type = next(k for k, v in _CONF.items() if v == state["conf_type"])
        self.conf_level = state["conf_level"]
        self._read(self._ptr)
        self.conf_type, self.conf_level = saved

    def restricted_mean(self, tau):
        """Restricted mean survival time: the area under S on [0, tau] (R's print(fit, rmean = tau)).

        Parameters
        ----------
        tau : float
            The horizon (finite, > 0), in the units of the times.

        Returns
        -------
        tuple of float
            (rmean, se).

        Raises
        ------
        InvalidArgument
            A NaN, Inf or non-positive tau.
        """
        tau = real(tau, "tau")
        v, se = c_double(), c_double()
        with self._use() as p:
            self._check(_km_rmean(p, tau, byref(v), byref(se)), "restricted_mean")
        return v.value, se.value

    def survival_at(self, t):
        """S(t) of the step function at each t.

        Parameters
        ----------
        t : sequence of float
            Times (finite, >= 0).

        Returns
        -------
        numpy.ndarray or list of float
            S(t) in [0, 1] per t.

        Raises
        ------
        InvalidArgument
            A NaN, Inf or negative t.
        """
        x = as_doubles(t, "t", finite=True, nonneg=True)
        out = Out(x.n)
        with self._use() as p:
            self._check(_km_at(p, x.ptr, x.n, out.ptr), "survival_at")
        return out.value()


def kaplan_meier(times, events, weights=None, conf_type="log", conf_level=0.95):
    """Kaplan-Meier survival curve (wraps csat_km_fit); the table of R's survfit.

    Parameters
    ----------
    times, events, weights
        As for KaplanMeier.fit.
    conf_type : {"log", "log-log", "plain", "none"}, default "log"
        Transformation of the pointwise confidence interval ("loglog" = "log-log").
    conf_level : float, default 0.95
        Level of the intervals, in (0, 1).

    Returns
    -------
    KaplanMeier
        The fitted curve: KaplanMeier(conf_type, conf_level).fit(times, events, weights).

    Raises
    ------
    InvalidArgument
        NaN, Inf or negative times, events not 0/1, bad weights or options, mismatched
        lengths.
    EmptyInput
        No subjects.

    Examples
    --------
    >>> km = csat.kaplan_meier([9, 13, 13, 18, 23], [1, 1, 0, 1, 1])
    >>> [round(float(s), 4) for s in km.survival_], km.median_
    ([0.8, 0.6, 0.3, 0.0], 18.0)
    """
    return KaplanMeier(conf_type, conf_level).fit(times, events, weights)


def logrank_test(times, events, groups):
    """Log-rank test of equal survival across groups (R survdiff; wraps csat_logrank).

    Parameters
    ----------
    times : sequence of float
        Event or censoring times (finite, >= 0).
    events : sequence of int
        1 = event, 0 = censored.
    groups : sequence of int
        Group of each subject, integers 0..k-1 (k >= 2).

    Returns
    -------
    Result
        Per group observed and expected events and the chi-square statistic, degrees of
        freedom and p-value.

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, group labels out of range, no subjects.
    """
    t = as_doubles(times, "times", finite=True, nonneg=True)
    e = as_doubles(events, "events", finite=True, binary=True)
    g = as_uint64(groups, "groups")
    n = same_length(t, e, g)
    k = int(g.keep.max() if np is not None else max(g.keep)) + 1 if n else 0
    if k > n:
        raise EmptyInput(f"logrank_test: groups must be numbered 0..k-1, each with rows; "
                         f"group {k - 1} is larger than the number of rows ({n})")
    obs, ex = Out(max(k, 1)), Out(max(k, 1))
    chisq, df, pv = c_double(), c_double(), c_double()
    check(_km_logrank(t.ptr, e.ptr, g.ptr, n, k, obs.ptr, ex.ptr, byref(chisq), byref(df),
                      byref(pv), None), "logrank_test")
    return Result(chisq=chisq.value, df=df.value, p_value=pv.value, observed=obs.value(),
                  expected=ex.value())


# ---- logistic churn model -------------------------------------------------------------

class _LrOptions(Structure):
    _fields_ = [("version", c_uint), ("l2", c_double), ("fit_intercept", c_int),
                ("max_iter", c_size_t), ("tol", c_double)]


_lr_opts_init = proto("csat_logistic_options_init", [POINTER(_LrOptions), c_uint])
_lr_new = proto("csat_logistic_new", [POINTER(c_void_p), c_void_p])
_lr_free = proto("csat_logistic_free", [c_void_p], None)
_lr_err = proto("csat_logistic_last_error", [c_void_p], c_char_p)
_lr_fit = proto("csat_logistic_fit", [c_void_p, PD, c_size_t, c_size_t, PD,
                                      POINTER(_LrOptions), POINTER(FitReport)])
_lr_ncoef = proto("csat_logistic_n_coef", [c_void_p, PSZ])
_lr_coef = proto("csat_logistic_coef", [c_void_p, PD, PD, c_size_t])
_lr_ll = proto("csat_logistic_log_likelihood", [c_void_p, PD, PD])
_lr_predict = proto("csat_logistic_predict", [c_void_p, PD, c_size_t, c_size_t, PD])
_lr_shape = proto("csat_logistic_shape", [c_void_p, PSZ, POINTER(c_int)])
_lr_set_coef = proto("csat_logistic_set_coef", [c_void_p, PD, PD, c_size_t, c_size_t, PD])
_lr_chunk = proto("csat_logistic_chunk_score", [PD, c_size_t, c_size_t, PD, c_int, PD, c_size_t, PD, PD, PD,
                                                c_void_p], details=True)
# case weights and inference (issue 15)
_lr_fit_w = proto("csat_logistic_fit_weighted", [c_void_p, PD, c_size_t, c_size_t, PD, PD,
                                                 POINTER(_LrOptions), POINTER(FitReport)])
_lr_dev = proto("csat_logistic_deviance", [c_void_p, PD, PD, PD, PD])
_lr_wald = proto("csat_logistic_wald", [c_void_p, c_double, PD, PD, PD, PD, c_size_t])
_lr_chunk_w = proto("csat_logistic_chunk_score_weighted", [PD, c_size_t, c_size_t, PD, PD, c_int, PD, c_size_t,
                                                           PD, PD, PD, c_void_p], details=True)
# fit stages (issue 18)
_lr_stages = proto("csat_logistic_fit_stages", [c_void_p, POINTER(FitStage), c_size_t, PSZ])
_sbg_stages = proto("csat_sbg_fit_stages", [c_void_p, POINTER(FitStage), c_size_t, PSZ])


def _feature_names(X):
    """The column names of a DataFrame X (as strings), else None."""
    cols = getattr(X, "columns", None)
    if cols is None or not hasattr(X, "iloc"):
        return None
    return [str(c) for c in cols]


@_parallel.documented
class LogisticChurn(Model, Handle):
    """Logistic regression churn model (Newton/IRLS, optional ridge penalty l2; wraps csat_logit).

    After fit: coef_ (intercept first with fit_intercept), standard_errors_, z_,
    pvalues_ (two-sided, normal), log_likelihood_, aic_, bic_, null_deviance_, deviance_,
    df_null_, df_residual_ (glm's), fit_report_, n_features_in_, feature_names_in_ (when
    X was a DataFrame) and n_customers_ (rows of positive weight, or their weight sum:
    sum_weights_ the weights' sum); classes_ is [0, 1]. predict_proba gives the probabilities, predict the
    labels, conf_int(level) Wald intervals; summary has coef, se(coef), the 95% bounds, z
    and p, indexed by the DataFrame's column names (x0, x1, ... for arrays).
    The penalty maximises sum_i w_i log L_i - (l2/2) sum_j b_j^2 over the slopes b_j
    (not the intercept), on the log-likelihood's (summed, not averaged) scale; with
    l2 > 0 the standard errors, p-values and intervals come from the penalised
    information and are approximate. Checked against R's glm(binomial) (tests:
    tests/reference/logistic_glm.R).
    copy.copy, copy.deepcopy and pickle give an independent model: a fitted one is
    rebuilt in C from its coefficients, standard errors and log-likelihood
    (csat_logistic_set_coef) and predicts exactly as the original.

    Parameters
    ----------
    l2 : float, default 0.0
        Ridge penalty (l2/2) sum b_j^2 on the coefficients other than the intercept
        (finite, >= 0), on the summed weighted log-likelihood's scale (scikit-learn's
        C = 1 / l2 with unit weights).
    fit_intercept : bool, default True
        Add an intercept column.
    max_iter : int, default 50
        Newton iteration limit (>= 1).
    tol : float, default 1e-12
        Convergence tolerance (finite, >= 0).
    {n_jobs}

    Raises
    ------
    InvalidArgument
        A bad option; InvalidType for a wrong type.
    """
    _free = _lr_free
    _last_error = _lr_err
    _hyper = ("l2", "fit_intercept", "max_iter", "tol", "n_jobs")
    _parallel_kind = "logistic"
    _fitted_attr = "coef_"
    # the labels, 0 (stays) and 1 (churns): an array, as scikit-learn's scorers
    # compare it with the positive label (a tuple without numpy)
    classes_ = np.array([0, 1]) if np is not None else (0, 1)

    def __init__(self, l2=0.0, fit_intercept=True, max_iter=50, tol=1e-12, n_jobs=None):
        self.l2, self.fit_intercept, self.max_iter, self.tol = l2, fit_intercept, max_iter, tol
        self.n_jobs = n_jobs
        self._check_hyper()
        self._adopt(self._new_ptr())

    def _new_ptr(self):
        return new_handle(_lr_new, None, what="LogisticChurn")

    def _check_hyper(self):
        self._options()  # the values stay as given (scikit-learn's clone compares them)
        _parallel.threads(self.n_jobs)

    def _options(self):
        o = _LrOptions()
        check(_lr_opts_init(byref(o), 1))
        o.l2 = real(self.l2, "l2", finite=True, nonneg=True)
        o.fit_intercept = flag(self.fit_intercept, "fit_intercept")
        o.max_iter = integer(self.max_iter, "max_iter", ctype=c_size_t, lo=1)
        o.tol = real(self.tol, "tol", finite=True, nonneg=True)
        return o

    def fit(self, X, y, sample_weight=None):
        """Fit on the rows of X and the churn outcomes y (wraps csat_logistic_fit_weighted).

        Parameters
        ----------
        X : matrix of float
            n x k predictors (finite); an intercept is added with fit_intercept. A
            DataFrame's column names label the coefficients (feature_names_in_).
        y : sequence of int
            Outcomes 0 = stayed, 1 = churned (booleans accepted), one per row.
        sample_weight : sequence of float, optional
            Case (frequency) weights, finite and >= 0, one per row, as R glm's
            ``weights``: a row of weight w counts as w copies; weight 0 leaves it out.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            NaN or Inf predictors, outcomes not 0/1, negative or NaN weights (the row is
            named), shapes that do not agree.
        EmptyInput
            No rows, or every weight 0.
        DomainError
            Separable data ("fitted probabilities numerically 0 or 1", as glm warns: set
            l2 > 0), collinear columns, or one outcome class only.
        NoConvergence
            Newton/IRLS did not converge in max_iter.

        Examples
        --------
        >>> m = csat.LogisticChurn().fit([[-2.0], [-1.0], [1.0], [2.0], [0.5], [-0.5], [1.5], [-1.5]],
        ...                              [0, 1, 1, 1, 0, 0, 1, 0])
        >>> [round(float(p[1]), 3) for p in m.predict_proba([[0.0], [2.0]])]
        [0.5, 0.924]
        >>> [int(c) for c in m.predict([[0.0], [2.0]])]
        [0, 1]
        """
        names = _feature_names(X)
        x, n, k = as_matrix(X, "X", finite=True)
        yy = as_doubles(y, "y", finite=True, binary=True)
        if yy.n != n:
            raise InvalidArgument(f"X has {n} rows but y has {yy.n} values")
        w = as_doubles(sample_weight, "sample_weight", optional=True, finite=True, nonneg=True)
        if w.ptr is not None and w.n != n:
            raise InvalidArgument(f"X has {n} rows but sample_weight has {w.n} values")
        opts = self._options()
        rep = FitReport()
        with self._use() as h:
            self._check(_lr_fit_w(h, x.ptr, n, k, yy.ptr, w.ptr, byref(opts), byref(rep)),
                        "LogisticChurn.fit")
            p = c_size_t()
            self._check(_lr_ncoef(h, byref(p)))
            coef, se = Out(p.value), Out(p.value)
            self._check(_lr_coef(h, coef.ptr, se.ptr, p.value))
            ll, aic = c_double(), c_double()
            self._check(_lr_ll(h, byref(ll), byref(aic)))
            dev = [c_double() for _ in range(4)]
            self._check(_lr_dev(h, *map(byref, dev)))
            z, pv = Out(p.value), Out(p.value)
            self._check(_lr_wald(h, 0.95, z.ptr, pv.ptr, None, None, p.value))
            stages = read_stages(_lr_stages, h)
        self.fit_report_ = report(rep, stages)
        self._k = self.n_features_in_ = k
        if names is not None:
            self.feature_names_in_ = np.array(names, dtype=object) if np is not None else names
        else:
            self.__dict__.pop("feature_names_in_", None)
        n_obs = n if w.ptr is None else int(dev[2].value) + (1 if self.fit_intercept else 0)
        self.n_customers_ = float(n_obs)
        self.sum_weights_ = float(n) if w.ptr is None else math.fsum(w.values())
        self.coef_, self.standard_errors_ = coef.value(), se.value()
        self.z_, self.pvalues_ = z.value(), pv.value()
        self.log_likelihood_, self.aic_ = ll.value, aic.value
        # BIC with the number of observations as R's BIC(glm) counts them: the rows
        # of positive weight
        self.bic_ = p.value * math.log(n_obs) - 2.0 * ll.value
        (self.null_deviance_, self.deviance_, self.df_null_,
         self.df_residual_) = (d.value for d in dev)
        return self

    def conf_int(self, level=0.95):
        """Wald confidence intervals coef -/+ q se, q the normal (1 + level)/2 quantile
        (wraps csat_logistic_wald; R's confint.default).

        Parameters
        ----------
        level : float, default 0.95
            The confidence level, in (0, 1).

        Returns
        -------
        pandas.DataFrame or csat.Summary
            One row per coefficient (the summary's index), columns "lower" and "upper";
            attrs["level"] is the level.

        Raises
        ------
        InvalidArgument
            level outside (0, 1).
        Misuse
            The model is not fitted.
        DomainError
            Standard errors not known or 0.
        """
        lv = real(level, "level", finite=True)
        if not 0.0 < lv < 1.0:
            raise InvalidArgument(f"level = {lv!r} must be in (0, 1)")
        self._require_fit("conf_int")
        p = len(self.coef_)
        lo, hi = Out(p), Out(p)
        with self._use() as h:
            self._check(_lr_wald(h, lv, None, None, lo.ptr, hi.ptr, p), "LogisticChurn.conf_int")
        return table("parameter", self._coef_names(), {"lower": lo.value(), "upper": hi.value()},
                     {"level": lv})

    def _proba(self, X):
        x, n, k = as_matrix(X, "X", finite=True)
        out = Out(n)
        with self._use() as h:
            self._check(_lr_predict(h, x.ptr, n, k, out.ptr), "LogisticChurn.predict")
        return out.value()

    def predict_proba(self, X):
        """Class probabilities of the rows of X, scikit-learn's way: [P(stay), P(churn)] per row.

        Wraps csat_logit_predict (P(churn)); P(stay) = 1 - P(churn).

        Parameters
        ----------
        X : matrix of float
            n x k predictors (finite), the columns of the fit.

        Returns
        -------
        numpy.ndarray or list of array
            n x 2 (a list of rows without numpy); column 1 is P(churn).

        Raises
        ------
        InvalidArgument
            NaN or Inf values, the wrong number of columns.
        Misuse
            The model is not fitted.
        """
        p = self._proba(X)
        if np is not None:
            return np.column_stack((1.0 - p, p))
        return [array("d", (1.0 - v, v)) for v in p]

    def predict(self, X):
        """Churn labels of the rows of X: 1 where P(churn) > 0.5, else 0.

        Parameters
        ----------
        X : matrix of float
            As for predict_proba.

        Returns
        -------
        numpy.ndarray or array('i')
            0 or 1 per row.

        Raises
        ------
        InvalidArgument, Misuse
            As for predict_proba.
        """
        p = self._proba(X)
        if np is not None:
            return (p > 0.5).astype(np.intc)
        return array("i", (1 if v > 0.5 else 0 for v in p))

    def _describe(self):
        if not self._is_fitted():
            return None
        return (self.n_customers_, list(zip(self._coef_names(), map(float, self.coef_))),
                self.log_likelihood_)

    def _coef_names(self):
        lead = ["intercept"] if self.fit_intercept and len(self.coef_) > self._k else []
        names = self.__dict__.get("feature_names_in_")
        if names is not None and len(names) == self._k:
            return lead + [str(v) for v in names]
        return lead + [f"x{j}" for j in range(self._k)]

    def _summary(self):
        self._require_fit("summary")
        names = self._coef_names()
        se = [float(v) for v in self.standard_errors_]
        z = self.__dict__.get("z_")
        pv = self.__dict__.get("pvalues_")
        if z is None or pv is None:
            z = [c / s if s > 0 else math.nan for c, s in zip(map(float, self.coef_), se)]
            pv = [math.erfc(abs(v) / math.sqrt(2.0)) for v in z]
        t = parameter_table(dict(zip(names, self.coef_)), dict(zip(names, se)),
                            {"n_customers": self.n_customers_,
                             "log_likelihood": self.log_likelihood_, "aic": self.aic_,
                             "bic": self.bic_, "converged": self.fit_report_.converged,
                             "iterations": self.fit_report_.iterations,
                             "stages": self.fit_report_.get("stages"),
                             "null_deviance": self.__dict__.get("null_deviance_"),
                             "deviance": self.__dict__.get("deviance_"),
                             "df_null": self.__dict__.get("df_null_"),
                             "df_residual": self.__dict__.get("df_residual_")})
        t["z"], t["p"] = [float(v) for v in z], [float(v) for v in pv]
        return t

    def _document(self):
        if not self._is_fitted():
            return {}
        names = self.__dict__.get("feature_names_in_")
        return {"fit": dict(self.fit_report_, n_customers=self.n_customers_,
                            log_likelihood=self.log_likelihood_, aic=self.aic_, bic=self.bic_,
                            null_deviance=self.__dict__.get("null_deviance_"),
                            deviance=self.__dict__.get("deviance_"),
                            df_null=self.__dict__.get("df_null_"),
                            df_residual=self.__dict__.get("df_residual_")),
                "fitted": {"coef": self.coef_, "standard_errors": self.standard_errors_,
                           "n_features": self._k,
                           "feature_names": None if names is None else [str(v) for v in names]}}

    def _restore(self, doc):
        fitted = fitted_section(doc)
        if fitted is None:
            return
        coef = numbers_list(fitted.get("coef"), "fitted.coef", finite=True)
        se = numbers_list(fitted.get("standard_errors"), "fitted.standard_errors")
        k = whole(fitted.get("n_features"), "fitted.n_features")
        if len(coef) != k + (1 if self.fit_intercept else 0) or len(se) != len(coef):
            raise InvalidArgument("model file: fitted.coef and fitted.standard_errors must have "
                                  "n_features values (one more with fit_intercept)")
        fit = doc.get("fit") if isinstance(doc.get("fit"), dict) else {}
        ll = fit.get("log_likelihood")
        ll = None if ll is None else real(ll, "model file: fit.log_likelihood", finite=True)
        self._set_coef(coef, se, k, ll)
        self._k = self.n_features_in_ = k
        self.log_likelihood_, self.aic_, self.bic_ = ll, fit.get("aic"), fit.get("bic")
        self.n_customers_ = fit.get("n_customers")
        self.fit_report_ = report_from_file(fit)
        for key in ("null_deviance", "deviance", "df_null", "df_residual"):
            v = fit.get(key)
            setattr(self, key + "_", None if v is None else real(v, f"model file: fit.{key}", finite=True))
        names = fitted.get("feature_names")
        if names is not None:
            if not isinstance(names, list) or len(names) != k or not all(isinstance(v, str) for v in names):
                raise InvalidArgument("model file: fitted.feature_names must be a list of n_features strings")
            self.feature_names_in_ = np.array(names, dtype=object) if np is not None else names
        p = len(self.coef_)
        z, pv = Out(p), Out(p)
        self._check(_lr_wald(self._ptr, 0.95, z.ptr, pv.ptr, None, None, p), "load")
        self.z_, self.pvalues_ = z.value(), pv.value()

    def _set_coef(self, coef, standard_errors, n_features, log_likelihood):
        """Put fitted coefficients into the handle (for load) through
        csat_logistic_set_coef; sets coef_ and standard_errors_ as read back."""
        c = as_doubles(coef, "model file: fitted.coef", finite=True)
        se = as_doubles(standard_errors, "model file: fitted.standard_errors", finite=True,
                        nonneg=True)
        ll = None if log_likelihood is None else byref(c_double(log_likelihood))
        self._check(_lr_set_coef(self._ptr, c.ptr, se.ptr, c.n, n_features, ll), "load")
        got, got_se = Out(c.n), Out(c.n)
        self._check(_lr_coef(self._ptr, got.ptr, got_se.ptr, c.n), "load")
        self.coef_, self.standard_errors_ = got.value(), got_se.value()

    def _c_state(self):
        p, k, icpt = c_size_t(), c_size_t(), c_int()
        if _lr_ncoef(self._ptr, byref(p)) < 0:
            return None  # not fitted: the options are all there is
        self._check(_lr_shape(self._ptr, byref(k), byref(icpt)), "copy")
        coef, se = Out(p.value), Out(p.value)
        self._check(_lr_coef(self._ptr, coef.ptr, se.ptr, p.value), "copy")
        ll = c_double()
        self._check(_lr_ll(self._ptr, byref(ll), None), "copy")
        return {"coef": [float(v) for v in coef.value()], "std_err": [float(v) for v in se.value()],
                "n_cols": k.value, "log_likelihood": ll.value}

    def _c_restore(self, state):
        if state is None:
            return
        coef = as_doubles(state["coef"], "coef", finite=True)
        se = as_doubles(state["std_err"], "std_err", finite=True, nonneg=True)
        ll = c_double(real(state["log_likelihood"], "log_likelihood", finite=True))
        self._check(_lr_set_coef(self._ptr, coef.ptr, se.ptr, coef.n, state["n_cols"], byref(ll)),
                    "copy")


# ---- evaluating scores -------------------------------------------------------------------

class _Confusion(Structure):
    _fields_ = [(f, c_double) for f in ("tp", "fp", "tn", "fn", "accuracy", "precision",
                                         "recall", "specificity")]


class _Campaign(Structure):
    _fields_ = [(f, c_double) for f in ("customer_value", "contact_cost", "incentive_cost",
                                         "acceptance_rate", "fixed_cost")]


_auc = proto("csat_churn_auc", [PD, PD, c_size_t, PD, c_void_p], details=True)
_confusion = proto("csat_churn_confusion", [PD, PD, c_size_t, c_double, POINTER(_Confusion)], details=True)
_lift = proto("csat_churn_lift", [PD, PD, c_size_t, c_size_t, PD, PD, PD, PD, PD, PD, c_void_p], details=True)
_campaign = proto("csat_churn_campaign_profit", [PD, PD, c_size_t, POINTER(_Campaign), c_size_t,
                                                 PD, PSZ, c_void_p], details=True)


def _scores_y(scores, y):
    s = as_doubles(scores, "scores", finite=True)
    yy = as_doubles(y, "y", finite=True, binary=True)
    return s, yy, same_length(s, yy)


@_frames.indexed(wrap=False)
def roc_auc(scores, y):
    """ROC AUC of churn scores against outcomes (Mann-Whitney, ties count 1/2; wraps csat_churn_auc).

    Parameters
    ----------
    scores : sequence of float
        Finite scores, higher = more likely to churn.
    y : sequence of int
        Outcomes 0/1 (booleans accepted), same length.

    Returns
    -------
    float
        The AUC in [0, 1].

    Raises
    ------
    InvalidArgument
        NaN or Inf scores, outcomes not 0/1, mismatched lengths.
    EmptyInput
        No rows.
    DomainError
        y has one class only.

    Examples
    --------
    >>> csat.roc_auc([0.9, 0.1, 0.8, 0.3], [1, 0, 1, 0])
    1.0
    """
    s, yy, n = _scores_y(scores, y)
    v = c_double()
    check(_auc(s.ptr, yy.ptr, n, byref(v), None), "roc_auc")
    return v.value


@_frames.indexed(wrap=False)
def confusion(scores, y, threshold=0.5):
    """Confusion counts and rates, predicting churn where score >= threshold (wraps csat_churn_confusion).

    Parameters
    ----------
    scores : sequence of float
        Finite scores, higher = more likely to churn.
    y : sequence of int
        Outcomes 0/1, same length.
    threshold : float, default 0.5
        The cut (finite).

    Returns
    -------
    Result
        tp, fp, tn, fn, accuracy, precision, recall, specificity (0 where a denominator is 0).

    Raises
    ------
    InvalidArgument
        NaN or Inf values, outcomes not 0/1, mismatched lengths.
    EmptyInput
        No rows.
    """
    s, yy, n = _scores_y(scores, y)
    threshold = real(threshold, "threshold")
    c = _Confusion()
    check(_confusion(s.ptr, yy.ptr, n, threshold, byref(c)), "confusion")
    return Result({f: getattr(c, f) for f, _ in _Confusion._fields_})


def _n_bins(n_bins, n):
    n_bins = integer(n_bins, "n_bins", ctype=c_size_t, lo=1)
    if n_bins > n:
        raise InvalidArgument(f"n_bins = {n_bins} is more than the {n} customers")
    return n_bins


@_frames.indexed(wrap=False)
def lift_table(scores, y, n_bins=10):
    """Lift and gains by quantile bin of descending score (wraps csat_churn_lift).

    Parameters
    ----------
    scores : sequence of float
        Finite scores, higher = more likely to churn.
    y : sequence of int
        Outcomes 0/1, same length.
    n_bins : int, default 10
        Number of bins, 1..len(scores) (10 = deciles).

    Returns
    -------
    Result
        Columns per bin: size, churners, rate, lift (rate / overall rate), cum_gain (share
        of all churners in bins 0..b) and cum_lift.

    Raises
    ------
    InvalidArgument
        Bad values or lengths, n_bins out of range.
    EmptyInput
        No rows.
    DomainError
        No churners.
    """
    s, yy, n = _scores_y(scores, y)
    n_bins = _n_bins(n_bins, n)
    names = ("size", "churners", "rate", "lift", "cum_gain", "cum_lift")
    outs = [Out(n_bins) for _ in names]
    check(_lift(s.ptr, yy.ptr, n, n_bins, *[o.ptr for o in outs], None), "lift_table")
    return Result({k: o.value() for k, o in zip(names, outs)})


@_frames.indexed(wrap=False)
def campaign_profit(scores, y, customer_value, contact_cost, incentive_cost, acceptance_rate,
                    fixed_cost=0.0, n_bins=10):
    """Expected profit of a retention campaign targeting the top 1..n_bins score bins.

    Neslin et al. (2006), J. Marketing Research 43(2); wraps csat_churn_campaign.

    Parameters
    ----------
    scores : sequence of float
        Finite churn scores, higher = more likely to churn.
    y : sequence of int
        Observed outcomes 0/1, same length.
    customer_value : float
        Value of a retained customer (CLV), finite, >= 0.
    contact_cost : float
        Cost of contacting one customer (finite, >= 0).
    incentive_cost : float
        Cost of the incentive given to a customer who accepts (finite, >= 0).
    acceptance_rate : float
        Share of contacted would-be churners who accept and stay, in [0, 1].
    fixed_cost : float, default 0.0
        Fixed cost of the campaign (finite, >= 0).
    n_bins : int, default 10
        Number of score bins, 1..len(scores).

    Returns
    -------
    Result
        profit (per number of bins targeted) and best_bins.

    Raises
    ------
    InvalidArgument
        Bad values or lengths, rates or costs out of range, n_bins out of range.
    EmptyInput
        No rows.
    """
    s, yy, n = _scores_y(scores, y)
    cp = _Campaign(real(customer_value, "customer_value"), real(contact_cost, "contact_cost"),
                   real(incentive_cost, "incentive_cost"),
                   real(acceptance_rate, "acceptance_rate"), real(fixed_cost, "fixed_cost"))
    n_bins = _n_bins(n_bins, n)
    out, best = Out(n_bins), c_size_t()
    check(_campaign(s.ptr, yy.ptr, n, byref(cp), n_bins, out.ptr, byref(best), None),
          "campaign_profit")
    return Result(profit=out.value(), best_bins=best.value)


# ---- economics -----------------------------------------------------------------------------

class _RetentionEffect(Structure):
    _fields_ = [(f, c_double) for f in ("lifetime_before", "lifetime_after", "clv_before",
                                         "clv_after", "profit_uplift", "base_ratio")]


class _Replacement(Structure):
    _fields_ = [(f, c_double) for f in ("new_per_lost", "replacement_cost", "retention_cost",
                                         "savings")]


class _KpiRates(Structure):
    _fields_ = [(f, c_double) for f in ("retention_rate", "churn_rate", "acquisition_rate")]


_mm = proto("csat_econ_margin_multiple", [c_double, c_double, PD], details=True)
_gl = proto("csat_econ_clv_gupta_lehmann",
            [c_double, c_double, c_double, c_double, c_double, c_int, PD], details=True)
_bn = proto("csat_econ_clv_berger_nasr", [c_double, c_double, c_double, c_double, c_size_t, PD], details=True)
_csurv = proto("csat_econ_clv_survival", [PD, PD, c_size_t, c_double, c_double, c_int, PD], details=True)
_cret = proto("csat_econ_clv_retention", [PD, c_size_t, c_double, c_double, c_double, c_int, PD], details=True)
_payback = proto("csat_econ_payback", [c_double, c_double, c_double, c_double, c_int, PD,
                                       POINTER(c_int)], details=True)
_ce = proto("csat_econ_customer_equity", [PD, c_size_t, PD, c_size_t, c_double, c_double,
                                          c_double, PD], details=True)
_reff = proto("csat_econ_retention_effect", [c_double, c_double, c_double, c_double, c_double,
                                             POINTER(_RetentionEffect)], details=True)
_repl = proto("csat_econ_replacement", [c_double, c_double, c_double, c_double, c_double,
                                        POINTER(_Replacement)], details=True)
_kpi = proto("csat_kpi_rates_from_counts", [c_double, c_double, c_double, POINTER(_KpiRates)], details=True)


def _timing(timing):
    return choice(timing, _TIMING, "timing")


def _scalar(fn, what, *args, names=None):
    v = c_double()
    check(fn(*args, byref(v)), what, names=names)
    return v.value


def _reals(**values):
    """The named scalar arguments as doubles, in the order given."""
    return [real(v, k) for k, v in values.items()]


def margin_multiple(retention, discount):
    """Gupta & Lehmann margin multiple r / (1 + i - r): CLV per unit of margin (wraps csat_econ_margin_multiple).

    Parameters
    ----------
    retention : float
        Retention rate r per period, in [0, 1].
    discount : float
        Discount rate i per period, > -1 (r < 1 + i).

    Returns
    -------
    float
        The multiple.

    Raises
    ------
    InvalidArgument
        NaN or Inf, r outside [0, 1], i <= -1.
    DomainError
        r >= 1 + i (the perpetuity diverges).

    Examples
    --------
    >>> round(csat.margin_multiple(0.8, 0.1), 4)
    2.6667
    """
    return _scalar(_mm, "margin_multiple", *_reals(retention=retention, discount=discount))


def clv_gupta_lehmann(margin, retention, discount, growth=0.0, acquisition_cost=0.0,
                      timing="end"):
    """Gupta & Lehmann (2003) infinite-horizon CLV with margin growth (wraps csat_econ_clv_gupta_lehmann).

    End of period: m r / (1 + i - r (1 + g)) - AC; start: m (1 + i) / (1 + i - r (1 + g)) - AC.

    Parameters
    ----------
    margin : float
        Margin per period m (finite, any currency).
    retention : float
        Retention rate r per period, in [0, 1].
    discount : float
        Discount rate i per period, > -1.
    growth : float, default 0.0
        Margin growth g per period, > -1.
    acquisition_cost : float, default 0.0
        AC (finite, >= 0; 0 for an existing customer).
    timing : {"end", "start"}, default "end"
        When each period's margin is received.

    Returns
    -------
    float
        The CLV in the units of margin.

    Raises
    ------
    InvalidArgument
        NaN or Inf, a rate out of range, an unknown timing.
    DomainError
        r (1 + g) >= 1 + i (the perpetuity diverges).
    """
    return _scalar(_gl, "clv_gupta_lehmann",
                   *_reals(margin=margin, retention=retention, discount=discount, growth=growth,
                           acquisition_cost=acquisition_cost), _timing(timing))


def clv_berger_nasr(gross_contribution, promotion_cost, retention, discount, years=0):
    """Berger & Nasr (1998) case 1 CLV (wraps csat_econ_clv_berger_nasr).

    gc sum_{k=0..n} r^k/(1+d)^k - m sum_{k=1..n} r^(k-1)/(1+d)^(k-0.5). Only case 1 is
    provided (see csat.h).

    Parameters
    ----------
    gross_contribution : float
        Yearly gross contribution gc, received now and at each renewal (finite, any sign).
    promotion_cost : float
        Yearly promotion cost m, spent mid-year (finite, any sign).
    retention : float
        Yearly retention rate r, in [0, 1].
    discount : float
        Yearly discount rate d, > -1.
    years : int, default 0
        Horizon n in years (0 = infinite; at most 10**7).

    Returns
    -------
    float
        The CLV.

    Raises
    ------
    InvalidArgument
        NaN or Inf, r outside [0, 1], d <= -1, years out of range.
    DomainError
        years = 0 with r >= 1 + d.

    Examples
    --------
    >>> round(csat.clv_berger_nasr(260, 50, 0.75, 0.2, 10), 2)
    568.78
    """
    args = _reals(gross_contribution=gross_contribution, promotion_cost=promotion_cost,
                  retention=retention, discount=discount)
    return _scalar(_bn, "clv_berger_nasr", *args, integer(years, "years", ctype=c_size_t),
                   names={"gc": "gross_contribution", "m_cost": "promotion_cost",
                          "n_years": "years"})


def clv_survival(margins, survival, discount, acquisition_cost=0.0, timing="end"):
    """CLV of a margin stream weighted by a survival curve (wraps csat_econ_clv_survival).

    -AC + sum_t margin[t] survival[t] / (1 + i)^(t + 1) (end of period; start: / (1 + i)^t).

    Parameters
    ----------
    margins : sequence of float
        Margin of each period (finite, any currency).
    survival : sequence of float
        Probability of still being a customer when each margin is earned, in [0, 1]
        (from any model: SBG, Kaplan-Meier, r^t, ...); same length.
    discount : float
        Discount rate per period, > -1.
    acquisition_cost : float, default 0.0
        Subtracted once (finite, >= 0).
    timing : {"end", "start"}, default "end"
        When each period's margin is received.

    Returns
    -------
    float
        The CLV in the units of the margins.

    Raises
    ------
    InvalidArgument
        NaN or Inf, survival outside [0, 1], mismatched lengths, discount <= -1.
    """
    m = as_doubles(margins, "margins", finite=True)
    s = as_doubles(survival, "survival", finite=True, nonneg=True)
    n = same_length(m, s)
    return _scalar(_csurv, "clv_survival", m.ptr, s.ptr, n,
                   *_reals(discount=discount, acquisition_cost=acquisition_cost), _timing(timing),
                   names={"margin": "margins"})


def clv_retention(margins, retention, discount, acquisition_cost=0.0, timing="end"):
    """CLV of a margin stream with constant retention (wraps csat_econ_clv_retention).

    -AC + sum_t margin[t] r^t / (1 + i)^(t + 1) (end of period; start: / (1 + i)^t).

    Parameters
    ----------
    margins : float or sequence of float
        Margin per period (finite, any currency); a number = one period.
    retention : float
        Retention rate r per period, in [0, 1].
    discount : float
        Discount rate i per period, > -1.
    acquisition_cost : float, default 0.0
        Subtracted once (finite, >= 0; 0 for an existing customer).
    timing : {"end", "start"}, default "end"
        Margins received at the end of each period, or at its start (the first for sure).

    Returns
    -------
    float
        The CLV in the units of the margins.

    Raises
    ------
    InvalidArgument
        NaN or Inf, retention outside [0, 1], discount <= -1, negative acquisition cost,
        an unknown timing.

    Examples
    --------
    >>> round(csat.clv_retention([100, 100, 100], retention=0.8, discount=0.1), 2)
    205.11
    """
    m, _ = scalar_or_column(margins, "margins", finite=True)
    return _scalar(_cret, "clv_retention", m.ptr, m.n,
                   *_reals(retention=retention, discount=discount,
                           acquisition_cost=acquisition_cost), _timing(timing),
                   names={"margin": "margins"})


def payback_period(margin, retention, discount, acquisition_cost, discounted=True):
    """Whole periods until the acquisition cost is recovered (wraps csat_econ_payback).

    The smallest T >= 0 with sum_{t=1..T} m r^(t-1) / (1 + i)^t >= AC.

    Parameters
    ----------
    margin : float
        Margin per period m (finite).
    retention : float
        Retention rate r per period, in [0, 1].
    discount : float
        Discount rate i per period, > -1.
    acquisition_cost : float
        AC (finite, >= 0).
    discounted : bool, default True
        Discount the margins (False: drop the factor (1 + i)^-t).

    Returns
    -------
    float or None
        The number of whole periods, or None if it never pays back.

    Raises
    ------
    InvalidArgument
        NaN or Inf, a rate out of range, a negative acquisition cost.

    Examples
    --------
    >>> csat.payback_period(50, 0.8, 0.1, 100)
    3.0
    """
    args = _reals(margin=margin, retention=retention, discount=discount,
                  acquisition_cost=acquisition_cost)
    t, found = c_double(), c_int()
    check(_payback(*args, flag(discounted, "discounted"), byref(t), byref(found)),
          "payback_period")
    return t.value if found.value else None


def customer_equity(clv_current, new_customers, clv_new, acquisition_cost, discount):
    """Customer equity: current CLVs plus discounted future cohorts (Blattberg & Deighton 1996).

    Wraps csat_econ_customer_equity.

    Parameters
    ----------
    clv_current : sequence of float
        CLV of each current customer (finite).
    new_customers : sequence of float
        Customers acquired at the end of period k + 1, k = 0..K-1 (finite, >= 0).
    clv_new : float
        CLV of a new customer before its acquisition cost (finite).
    acquisition_cost : float
        Cost of acquiring one (finite, >= 0).
    discount : float
        Discount rate per period, > -1.

    Returns
    -------
    float
        The customer equity.

    Raises
    ------
    InvalidArgument
        NaN or Inf, negative counts or cost, discount <= -1; InvalidType for a sequence
        where a number is expected.
    """
    c = as_doubles(clv_current, "clv_current", finite=True)
    n = as_doubles(new_customers, "new_customers", finite=True, nonneg=True)
    return _scalar(_ce, "customer_equity", c.ptr, c.n, n.ptr, n.n,
                   *_reals(clv_new=clv_new, acquisition_cost=acquisition_cost,
                           discount=discount))


def retention_effect(margin, r_before, r_after, discount, acquisition_cost=0.0):
    """What moving retention from r_before to r_after does (wraps csat_econ_retention_effect).

    Parameters
    ----------
    margin : float
        Margin per period, received at its end (finite).
    r_before, r_after : float
        Retention rates per period, in [0, 1).
    discount : float
        Discount rate per period, > -1.
    acquisition_cost : float, default 0.0
        Acquisition cost (finite, >= 0).

    Returns
    -------
    Result
        lifetime_before, lifetime_after (1 / (1 - r), periods), clv_before, clv_after
        (Gupta-Lehmann, net of acquisition cost), profit_uplift (clv_after / clv_before - 1)
        and base_ratio (steady-state base after / before).

    Raises
    ------
    InvalidArgument
        NaN or Inf, rates out of range.
    DomainError
        clv_before <= 0.
    """
    e = _RetentionEffect()
    check(_reff(*_reals(margin=margin, r_before=r_before, r_after=r_after, discount=discount,
                        acquisition_cost=acquisition_cost), byref(e)), "retention_effect")
    return Result({f: getattr(e, f) for f, _ in _RetentionEffect._fields_})


def replacement(n_lost, clv_lost, clv_new, acquisition_cost, cost_ratio=ACQUISITION_COST_RATIO):
    """New customers needed to replace lost ones, and what that costs (wraps csat_econ_replacement).

    Parameters
    ----------
    n_lost : float
        Customers lost (finite, >= 0).
    clv_lost : float
        CLV of each lost customer (finite).
    clv_new : float
        CLV of a new customer before its acquisition cost (> acquisition_cost).
    acquisition_cost : float
        Cost of acquiring one (finite, >= 0).
    cost_ratio : float, default 5.0
        Cost of winning a customer relative to keeping one (> 0; TARP's 5).

    Returns
    -------
    Result
        new_per_lost = clv_lost / (clv_new - AC), replacement_cost, retention_cost
        (AC / cost_ratio each) and savings.

    Raises
    ------
    InvalidArgument
        NaN, Inf, negative counts or costs, cost_ratio <= 0.
    DomainError
        clv_new <= acquisition_cost.
    """
    r = _Replacement()
    check(_repl(*_reals(n_lost=n_lost, clv_lost=clv_lost, clv_new=clv_new,
                        acquisition_cost=acquisition_cost, cost_ratio=cost_ratio), byref(r)),
          "replacement")
    return Result({f: getattr(r, f) for f, _ in _Replacement._fields_})


def kpi_rates(start, new_customers, end):
    """Retention, churn and acquisition rates of a period from customer counts (wraps csat_kpi_rates).

    Parameters
    ----------
    start : float
        Customers at the start of the period (> 0).
    new_customers : float
        Customers acquired during the period (>= 0).
    end : float
        Customers at the end of the period (>= 0, end - new_customers <= start).

    Returns
    -------
    Result
        retention_rate = (end - new) / start, churn_rate = 1 - retention_rate,
        acquisition_rate = new / start.

    Raises
    ------
    InvalidArgument
        NaN, Inf, negative counts, or more retained than there were.
    EmptyInput
        start = 0.

    Examples
    --------
    >>> r = csat.kpi_rates(100, 20, 90)
    >>> round(r.retention_rate, 4), round(r.acquisition_rate, 4)
    (0.7, 0.2)
    """
    k = _KpiRates()
    check(_kpi(*_reals(start=start, new_customers=new_customers, end=end), byref(k)),
          "kpi_rates")
    return Result({f: getattr(k, f) for f, _ in _KpiRates._fields_})


# ---- cohorts and KPIs from transactions ---------------------------------------------

class _CohortOptions(Structure):
    _fields_ = [("version", c_uint), ("period", c_double), ("origin", c_double)]


class _KpiReport(Structure):
    _fields_ = [(f, c_double) for f in (
        "start_customers", "new_customers", "end_customers", "retained", "lost",
        "retention_rate", "churn_rate", "new_customer_rate", "upgraded", "upgrade_rate",
        "buyers", "revenue", "average_profitability")]


_cohort_opts_init = proto("csat_cohort_options_init", [POINTER(_CohortOptions), c_uint])
_cohort_c = proto("csat_cohort_table", [PU64, PD, PD, c_size_t, POINTER(_CohortOptions), c_size_t,
                                      c_size_t, PD, PD, PD, PD, PD, PD, PSZ, c_void_p], details=True)
_kpis_c = proto("csat_kpi_between", [PU64, PD, PD, c_size_t, c_double, c_double, c_double, PD,
                                   c_size_t, PD, POINTER(_KpiReport), c_void_p], details=True)

_cohort_cust = proto("csat_cohort_table_customers",
                     [c_void_p, POINTER(_CohortOptions), c_size_t, c_size_t, PD, PD, PD, PD, PD,
                      PD, PSZ, c_void_p])
_kpis_cust = proto("csat_kpi_between_customers", [c_void_p, c_double, c_double, c_double, PD,
                                                  c_size_t, PD, POINTER(_KpiReport), c_void_p])

_COHORT_COLS = ("active", "revenue", "retention", "revenue_retention")


def _transactions(ids, times, amounts):
    i = as_uint64(ids, "ids")
    t = as_doubles(times, "times", finite=True, nonneg=True, ids=i)
    a = as_doubles(amounts, "amounts", optional=True, finite=True, nonneg=True, ids=i)
    return i, t, a, same_length(i, t, a)


def _cohort(call, period, origin, n_offsets):
    opts = _CohortOptions()
    check(_cohort_opts_init(byref(opts), 1))
    opts.period = real(period, "period")
    if origin is not None:
        opts.origin = real(origin, "origin")
    if n_offsets is not None:
        n_offsets = integer(n_offsets, "n_offsets", ctype=c_size_t, lo=1)
    np_ = c_size_t()
    st = call(byref(opts), 0, 1, None, None, None, None, None, None, byref(np_))
    if st != BufferTooSmall.code:
        check(st, "cohort_table")
    k = np_.value
    m = n_offsets or k
    start, size = Out(k), Out(k)
    mats = [out_matrix(k, m) for _ in _COHORT_COLS]
    check(call(byref(opts), k, m, start.ptr, size.ptr, *[x.ptr for x in mats], None),
          "cohort_table")
    res = Result(cohort_start=start.value(), cohort_size=size.value())
    res.update({name: x.value() for name, x in zip(_COHORT_COLS, mats)})
    return res


def cohort_table(ids, times, amounts=None, period=1.0, origin=None, n_offsets=None):
    """Acquisition cohorts x periods since acquisition (wraps csat_cohort_table).

    Parameters
    ----------
    ids : sequence of int
        Customer id of each transaction (integers >= 0).
    times : sequence of float or dates
        Transaction times (finite, >= 0) or dates.
    amounts : sequence of float, optional
        Transaction amounts (finite, >= 0); None = 0.
    period : float, default 1.0
        Length of a period in time units (> 0).
    origin : float or date, optional
        Start of the period grid; None = the earliest transaction.
    n_offsets : int, optional
        Number of periods since acquisition to tabulate; None = all.

    Returns
    -------
    Result
        cohort_start, cohort_size and the matrices active, revenue, retention and
        revenue_retention (rows = cohorts, columns = periods since acquisition).

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, a bad period or origin.
    EmptyInput
        No transactions.
    """
    i, t, a, n = _transactions(ids, times, amounts)
    return _cohort(lambda *args: _cohort_c(i.ptr, t.ptr, a.ptr, n, *args, None), period, origin,
                   n_offsets)


def cohort_table_customers(customers, period=1.0, origin=None, n_offsets=None):
    """cohort_table over every transaction of a csat.Customers store.

    Parameters
    ----------
    customers : Customers
        The transaction store.
    period, origin, n_offsets
        As for cohort_table.

    Returns
    -------
    Result
        As for cohort_table.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument, EmptyInput
        As for cohort_table.
    """
    handle_arg(customers, Customers, "customers")
    with use(customers) as c:  # one lock over both calls: the store cannot change between them
        return _cohort(lambda *args: _cohort_cust(c, *args, None), period, origin, n_offsets)


def _kpis(call, tier_bounds):
    b = as_doubles(sequence(tier_bounds, "tier_bounds", "a sequence of numbers"), "tier_bounds",
                   finite=True)
    ladder = Out(b.n + 1)
    r = _KpiReport()
    check(call(b.ptr, b.n, ladder.ptr, byref(r), None), "kpis")
    res = Result({f: getattr(r, f) for f, _ in _KpiReport._fields_})
    res.ladder = ladder.value()
    return res


def _kpi_times(t1, t2, lost_after):
    return _reals(t1=t1, t2=t2, lost_after=lost_after)


def kpis(ids, times, amounts, t1, t2, lost_after, tier_bounds=()):
    """CRM KPIs between t1 and t2 from transactions (wraps csat_kpis).

    A customer is lost after lost_after time units without a purchase.

    Parameters
    ----------
    ids : sequence of int
        Customer id of each transaction (integers >= 0).
    times : sequence of float
        Transaction times (finite, >= 0).
    amounts : sequence of float
        Transaction amounts (finite, >= 0).
    t1, t2 : float
        Start and end of the period, t1 < t2.
    lost_after : float
        Inactivity after which a customer counts as lost (> 0).
    tier_bounds : sequence of float, default ()
        Increasing spend bounds of the customer ladder's tiers.

    Returns
    -------
    Result
        start_customers, new_customers, end_customers, retained, lost, retention_rate,
        churn_rate, new_customer_rate, upgraded, upgrade_rate, buyers, revenue,
        average_profitability and ladder (customers active at t2 per spend tier).

    Raises
    ------
    InvalidArgument
        Bad values, mismatched lengths, t1 >= t2, bounds not increasing.
    EmptyInput
        No transactions.
    """
    i, t, a, n = _transactions(ids, times, amounts)
    args = _kpi_times(t1, t2, lost_after)
    return _kpis(lambda *rest: _kpis_c(i.ptr, t.ptr, a.ptr, n, *args, *rest), tier_bounds)


def kpis_customers(customers, t1, t2, lost_after, tier_bounds=()):
    """kpis over every transaction of a csat.Customers store.

    Parameters
    ----------
    customers : Customers
        The transaction store.
    t1, t2, lost_after, tier_bounds
        As for kpis.

    Returns
    -------
    Result
        As for kpis.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument, EmptyInput
        As for kpis.
    """
    handle_arg(customers, Customers, "customers")
    args = _kpi_times(t1, t2, lost_after)
    with use(customers) as c:
        return _kpis(lambda *rest: _kpis_cust(c, *args, *rest), tier_bounds)


def logistic_chunk_score(X, y, coef, fit_intercept=True, sample_weight=None):
    """Log-likelihood, score and information of a chunk of rows (wraps csat_logistic_chunk_score_weighted).

    The map step of a logistic fit on partitioned rows: chunks' values add up to the
    whole data's; the Newton step is coef + inverse(information) @ score (without a
    ridge penalty), and the inverse information at the end gives the standard errors.

    Parameters
    ----------
    X : matrix of float
        Rows of features (finite), as for LogisticChurn.fit.
    y : sequence of float
        Outcomes, 0 or 1.
    coef : sequence of float
        Coefficients (intercept first if fit_intercept), finite.
    fit_intercept : bool, default True
        Whether coef starts with an intercept.
    sample_weight : sequence of float, optional
        Case weights (finite, >= 0), one per row, as for LogisticChurn.fit: the
        chunk's values are then the weighted sums.

    Returns
    -------
    tuple of (float, list of float, list of list of float)
        The log-likelihood, the score (its gradient) and the information matrix
        (the negative Hessian), in coef's order.

    Raises
    ------
    InvalidType
        Wrong types.
    InvalidArgument, EmptyInput
        Bad values, y not 0/1, or coef of the wrong length.
    DomainError
        Values not finite at these coefficients.

    Examples
    --------
    >>> ll, s, info = csat.logistic_chunk_score([[0.0], [1.0], [2.0]], [0, 1, 1], [0.0, 1.0])
    >>> len(s), len(info)
    (2, 2)
    """
    x, n, k = as_matrix(X, "X", finite=True)
    yy = as_doubles(y, "y", finite=True, binary=True)
    if yy.n != n:
        raise InvalidArgument(f"X has {n} rows but y has {yy.n} values")
    icpt = 1 if flag(fit_intercept, "fit_intercept") else 0
    w = as_doubles(sample_weight, "sample_weight", optional=True, finite=True, nonneg=True)
    if w.ptr is not None and w.n != n:
        raise InvalidArgument(f"X has {n} rows but sample_weight has {w.n} values")
    b = as_doubles(coef, "coef", finite=True)
    if b.n != k + icpt:
        raise InvalidArgument(f"coef must have {k + icpt} values (the {k} columns of X"
                              f"{' and the intercept' if icpt else ''}), not {b.n}")
    p = b.n
    ll = c_double()
    score = (c_double * max(p, 1))()
    info = (c_double * max(p * p, 1))()
    check(_lr_chunk_w(x.ptr, n, k, yy.ptr, w.ptr, icpt, b.ptr, p, byref(ll), score, info, None),
          "logistic_chunk_score")
    return ll.value, list(score[:p]), [list(info[i * p:(i + 1) * p]) for i in range(p)]
