"""Cox proportional hazards regression (wraps csat_cox_*).

    m = csat.CoxPH(ties="efron", robust=False).fit(X, durations, events)
    m.coef_, m.standard_errors_, m.log_likelihood_, m.concordance_, m.summary
    m.proportional_hazard_test(), m.schoenfeld_residuals()   # as R's cox.zph
    m.proportional_hazard_test(terms={"plan": ["plan_b", "plan_c"]})  # terms = TRUE

Reference: R's survival::coxph (the C tests match it to 1e-7 on survival's
lung, veteran and ovarian data and on the telco data).
"""
import math
import os
import statistics
from array import array
from collections.abc import Hashable, Mapping
from ctypes import POINTER, Structure, byref, c_char_p, cast, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p
from ctypes import string_at

from . import _frames, _parallel
from ._lib import (PD, PSZ, PU64, Handle, InvalidArgument, InvalidType, Misuse, Out, Result, as_doubles,
                   as_matrix, as_uint64, check, choice, describe, flag, integer, new_handle, np, out_matrix,
                   proto, real, same_length)
from ._models import (FitReport, Model, Z95, fitted_section, numbers_list, report, table, whole)
from ._models import FitStage, read_stages, report_from_file  # fit stages (issue 18)

__all__ = ["CoxPH"]

_TIES = {"efron": 0, "breslow": 1}


class _CoxOptions(Structure):
    _fields_ = [("version", c_uint), ("ties", c_int), ("robust", c_int), ("max_iter", c_size_t),
                ("eps", c_double), ("keep_data", c_int)]  # keep_data: version 2 (coxdata)


_STATS = ("ll_null", "ll", "lr", "lr_p", "wald", "wald_p", "score", "score_p", "df", "n",
          "n_events", "concordance")


class _CoxStats(Structure):
    _fields_ = [(f, c_double) for f in _STATS] + [("iterations", c_size_t), ("converged", c_int),
                                                   ("robust", c_int)]


_opts_init = proto("csat_cox_options_init", [POINTER(_CoxOptions), c_uint])
_new = proto("csat_cox_new", [POINTER(c_void_p), c_void_p])
_free = proto("csat_cox_free", [c_void_p], None)
_err = proto("csat_cox_last_error", [c_void_p], c_char_p)
_fit = proto("csat_cox_fit", [c_void_p, PD, c_size_t, c_size_t, PD, PD, PD, PU64, PD, PU64,
                              POINTER(_CoxOptions), POINTER(FitReport)])
_ncoef = proto("csat_cox_n_coef", [c_void_p, PSZ])
_fit_stages = proto("csat_cox_fit_stages", [c_void_p, POINTER(FitStage), c_size_t, PSZ])  # issue 18
_coef = proto("csat_cox_coef", [c_void_p, PD, PD, PD, c_size_t])
_stats = proto("csat_cox_stats_get", [c_void_p, POINTER(_CoxStats)])
_set_fit = proto("csat_cox_set_fit", [c_void_p, PD, PD, PD, c_size_t, POINTER(_CoxStats)])
_zph = proto("csat_cox_zph", [c_void_p, c_int, PD, PD, c_size_t])
_zph_resid = proto("csat_cox_zph_resid", [c_void_p, c_int, PD, PD, PD, PSZ, c_size_t])
# cox.zph per model term (issue 15, coxzphterms)
_zph_terms = proto("csat_cox_zph_terms", [c_void_p, c_int, PSZ, c_size_t, PD, PD, PD, c_size_t])
_TRANSFORMS = {"km": 0, "rank": 1, "identity": 2, "log": 3}


def _is_number(v):
    return (isinstance(v, (int, float)) or (np is not None and isinstance(v, np.number))) \
        and not isinstance(v, bool)


# Cox prediction (issue 15): the baseline a fit keeps, survival, median, RMST
class _CoxBaseline(Structure):
    _fields_ = [("n_coef", c_size_t), ("n_strata", c_size_t), ("n_times", c_size_t),
                ("has_strata", c_int), ("strata", PU64), ("stratum_start", PSZ)] + [
                    (f, PD) for f in ("times", "cumhaz", "cumvar", "xbar", "means", "var",
                                      "n_risk", "n_event")]  # counts: RMST SE (coxrmst)


_CONF = {"log": 0, "log-log": 1, "plain": 2}
_base_get = proto("csat_cox_baseline_get", [c_void_p, POINTER(_CoxBaseline)])
_base_set = proto("csat_cox_set_baseline", [c_void_p, POINTER(_CoxBaseline)])
_pred_surv = proto("csat_cox_predict_survival", [c_void_p, PD, c_size_t, c_size_t, PU64, PD,
                                                 c_size_t, c_double, c_int, PD, PD, PD, PD])
_pred_median = proto("csat_cox_predict_median", [c_void_p, PD, c_size_t, c_size_t, PU64, PD,
                                                 POINTER(c_int)])
_pred_rmst = proto("csat_cox_predict_rmst", [c_void_p, PD, c_size_t, c_size_t, PU64, c_double, PD])
# RMST standard error as R's survmean (issue 15, coxrmst)
_pred_rmst_se = proto("csat_cox_predict_rmst_se", [c_void_p, PD, c_size_t, c_size_t, PU64, c_double,
                                                   PD, PD])
# median bounds (issue 15, ggomiv)
_pred_median_ci = proto("csat_cox_predict_median_ci", [c_void_p, PD, c_size_t, c_size_t, PU64, c_double,
                                                       c_int, PD, PD, PD])
# bootstrap intervals (issue 15 §4, coxboot)
_BOOT = {"parametric": 0, "bootstrap": 1}
_boot_rmst = proto("csat_cox_boot_rmst", [c_void_p, PD, c_size_t, c_size_t, PU64, c_double, c_double,
                                          c_int, c_size_t, c_uint64, PD, PD, PSZ])
_boot_surv = proto("csat_cox_boot_survival", [c_void_p, PD, c_size_t, c_size_t, PU64, PD, c_size_t,
                                              c_double, c_int, c_size_t, c_uint64, PD, PD, PSZ])


# the data a fit keeps (issue 15, coxdata): csat_cox_data_get / csat_cox_set_data
class _CoxData(Structure):
    _fields_ = [("n_rows", c_size_t), ("n_cols", c_size_t), ("X", PD), ("entry", PD), ("stop", PD),
                ("events", PD), ("strata", PU64), ("weights", PD), ("cluster", PU64), ("ties", c_int),
                ("max_iter", c_size_t), ("eps", c_double)]


_data_get = proto("csat_cox_data_get", [c_void_p, POINTER(_CoxData)])
_data_set = proto("csat_cox_set_data", [c_void_p, POINTER(_CoxData)])
_DATA_COLS = (("X", "d"), ("entry", "d"), ("stop", "d"), ("events", "d"), ("strata", "Q"),
              ("weights", "d"), ("cluster", "Q"))


def _codes(x, name):
    """Strata or cluster: (uint64 column, labels). Whole numbers >= 0 are used as they
    are (labels None); strings, categoricals and other hashable objects are numbered
    in sorted order (a categorical's categories in their order) and labels lists them."""
    if x is None:
        return as_uint64(None, name, optional=True), None
    cats = getattr(getattr(x, "cat", None), "categories", None)  # pandas categorical Series
    codes = getattr(getattr(x, "cat", None), "codes", None)
    if cats is None and type(x).__name__ == "Categorical":
        cats, codes = getattr(x, "categories", None), getattr(x, "codes", None)
    if cats is not None and codes is not None:
        codes = np.asarray(codes)
        if codes.size and codes.min() < 0:
            raise InvalidArgument(f"{name}[{int(codes.argmin())}] is missing (NaN in a categorical)")
        return as_uint64(codes.astype(np.uint64), name), list(cats)
    if isinstance(x, (str, bytes, Mapping)) or not hasattr(x, "__iter__"):
        return as_uint64(x, name), None  # raises InvalidType
    if np is not None and isinstance(x, np.ndarray) and x.dtype.kind not in "USO":
        return as_uint64(x, name), None
    vals = x.tolist() if hasattr(x, "tolist") else list(x)
    if all(_is_number(v) for v in vals):
        return as_uint64(x, name), None
    for i, v in enumerate(vals):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            raise InvalidArgument(f"{name}[{i}] is missing (None or NaN)")
        if isinstance(v, bool) or not isinstance(v, Hashable) or \
                isinstance(v, (list, tuple, dict, set)):
            raise InvalidType(f"{name}[{i}] = {v!r}: {name} must be whole numbers >= 0 or labels "
                              "(strings, categories or other hashable values)")
    try:
        labels = sorted(set(vals))
    except TypeError:
        labels = sorted(set(vals), key=lambda v: (type(v).__name__, str(v)))
    index = {v: k for k, v in enumerate(labels)}
    return as_uint64([index[v] for v in vals], name), labels


def _term_map(terms, names):
    """terms {name: [columns]} of proportional_hazard_test as (term labels, the term
    number of each column): columns by name (of names) or position; the columns not
    listed are their own terms; terms numbered by their first column."""
    k = len(names)
    where = {}
    for j, n in enumerate(names):
        where[n] = None if n in where else j  # None: two covariates of that name
    owner = [None] * k
    for label, cols in terms.items():
        if not isinstance(label, str):
            raise InvalidType(f"terms: a term name must be a str, not {describe(label)}")
        if label == "GLOBAL":
            raise InvalidArgument("terms: 'GLOBAL' names the global test, not a term")
        if isinstance(cols, (str, bytes, Mapping)) or not hasattr(cols, "__iter__"):
            raise InvalidType(f"terms[{label!r}] must be a list of column names or positions, "
                              f"not {describe(cols)}")
        cols = list(cols)
        if not cols:
            raise InvalidArgument(f"terms[{label!r}] has no column")
        for c in cols:
            if isinstance(c, str):
                if c not in where:
                    raise InvalidArgument(f"terms[{label!r}]: no covariate named {c!r} (the "
                                          f"covariates: {', '.join(map(repr, names))})")
                j = where[c]
                if j is None:
                    raise InvalidArgument(f"terms[{label!r}]: two covariates are named {c!r}; "
                                          "give positions")
            elif isinstance(c, int) and not isinstance(c, bool) or \
                    np is not None and isinstance(c, np.integer):
                j = int(c)
                if not 0 <= j < k:
                    raise InvalidArgument(f"terms[{label!r}]: column position {j} is not in "
                                          f"0..{k - 1}")
            else:
                raise InvalidType(f"terms[{label!r}]: a column is a name (str) or a position "
                                  f"(int), not {describe(c)}")
            if owner[j] is not None:
                raise InvalidArgument(f"terms: column {names[j]!r} is in terms {owner[j]!r} and "
                                      f"{label!r}")
            owner[j] = label
    labels, number, term_of = [], {}, []
    for j in range(k):
        label = owner[j] if owner[j] is not None else names[j]
        if owner[j] is None and label in terms:
            raise InvalidArgument(f"terms: {label!r} names a term and the covariate "
                                  f"{label!r}, which is in no term")
        if owner[j] is None and label in number:
            raise InvalidArgument(f"terms: two covariates are named {label!r}; put column {j} "
                                  "in a term")
        if label not in number:
            number[label] = len(labels)
            labels.append(label)
        term_of.append(number[label])
    return labels, term_of


@_parallel.documented
class CoxPH(Model, Handle):
    """Cox proportional hazards regression (partial likelihood, Newton-Raphson as R's coxph).

    After fit: coef_ (and params_, by covariate name), hazard_ratios_, standard_errors_,
    robust_standard_errors_ (None unless robust or clustered);
    log_likelihood_ (at the fit), log_likelihood_null_ (at coef = 0), aic_, bic_ (R's:
    the number of events as n), concordance_ (Harrell's C), tests_ (likelihood ratio,
    Wald and score tests with their p-values), feature_names_in_, n_features_in_,
    n_customers_ (rows), n_events_, fit_report_. copy, deepcopy and pickle rebuild the
    fit in C (csat_cox_set_fit).

    Prediction for new rows, as R's survfit(fit, newdata): predict_survival (with standard
    errors and bounds), predict_median, predict_rmst, predict_partial_hazard, and
    baseline_cumulative_hazard_ (R's basehaz); save/load, copies and pickles keep the
    baseline (csat_cox_set_baseline).

    Parameters
    ----------
    ties : {"efron", "breslow"}, default "efron"
        Handling of tied event times (R's default is Efron's).
    robust : bool, default False
        Also the robust (sandwich) standard errors; a cluster column implies it.
    max_iter : int, default 20
        Newton iterations (R's iter.max).
    eps : float, default 1e-9
        Stop when the relative change of the log partial likelihood is below eps
        (R's coxph.control eps), in (0, 1e-2].
    {n_jobs}
    keep_data : bool, default True
        Keep a copy of the fit's data in the model (n x (p + 2..4) doubles, and the
        strata and cluster codes) for proportional_hazard_test, schoenfeld_residuals and
        the "parametric" and "bootstrap" bounds of predict_survival and predict_rmst.
        False keeps the coefficients, statistics and baseline only (predictions work;
        those calls raise Misuse, whose message says the fit was made with
        keep_data = 0).

    Raises
    ------
    InvalidArgument
        A bad option; InvalidType for a wrong type.

    strata_labels_ is the list of stratum labels (None when strata were numbers or not
    given). proportional_hazard_test and schoenfeld_residuals test the proportional
    hazards assumption as R's cox.zph; they need the data of the fit. copy, deepcopy and
    pickle carry the data (csat_cox_data_get, csat_cox_set_data: the copy's tests,
    residuals and bootstrap bounds equal the original's bit for bit); model files hold
    them only when saved with save(path, include_data=True).

    Examples
    --------
    >>> m = csat.CoxPH().fit([[0.0], [1.0], [0.0], [1.0], [0.0], [1.0]],
    ...                      [5.0, 3.0, 6.0, 2.0, 4.0, 7.0], [1, 1, 0, 1, 1, 0])
    >>> round(float(m.coef_[0]), 4)
    0.5493
    """
    _free = _free
    _last_error = _err
    _hyper = ("ties", "robust", "max_iter", "eps", "n_jobs", "keep_data")
    _fitted_attr = "coef_"
    _parallel_kind = "cox"

    def __init__(self, ties="efron", robust=False, max_iter=20, eps=1e-9, n_jobs=None,
                 keep_data=True):
        self.ties, self.robust, self.max_iter, self.eps = ties, robust, max_iter, eps
        self.n_jobs = n_jobs
        self.keep_data = keep_data
        self._check_hyper()
        self._adopt(self._new_ptr())

    def _new_ptr(self):
        return new_handle(_new, None, what="CoxPH")

    def _check_hyper(self):
        self._options()  # the values stay as given (scikit-learn's clone compares them)
        _parallel.threads(self.n_jobs)

    def _options(self):
        o = _CoxOptions()
        check(_opts_init(byref(o), 2))
        o.ties = choice(self.ties, _TIES, "ties")
        o.robust = flag(self.robust, "robust")
        o.max_iter = integer(self.max_iter, "max_iter", ctype=c_size_t, lo=1)
        o.eps = real(self.eps, "eps", finite=True, positive=True)
        if o.eps > 1e-2:
            raise InvalidArgument(f"eps = {o.eps!r} must be in (0, 1e-2]")
        o.keep_data = flag(self.keep_data, "keep_data")
        return o

    def fit(self, X, durations, events, strata=None, weights=None, entry=None, cluster=None):
        """Fit on the rows of X (wraps csat_cox_fit).

        Parameters
        ----------
        X : matrix or DataFrame of float
            n x p covariates (finite); a DataFrame's column names name the coefficients.
        durations : sequence of float
            Time of the event or of censoring (the interval's end with entry), >= 0.
        events : sequence of int
            1 = the customer left at that time, 0 = censored (booleans accepted).
        strata : sequence of int, str or category, optional
            Stratum of each row: a baseline hazard each. Whole numbers >= 0 are used as
            codes; strings, a pandas categorical or other labels are numbered in sorted
            order (a categorical's in its categories' order) and kept in strata_labels_.
        weights : sequence of float, optional
            Case weights (finite, > 0).
        entry : sequence of float, optional
            Start of each row's interval (entry < duration): counting-process data for
            left truncation and time-varying covariates.
        cluster : sequence of int, str or category, optional
            Customer id of each row (whole numbers >= 0, or labels such as strings):
            robust standard errors summed by id.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            NaN or Inf, events not 0/1, entry >= duration, weights <= 0, lengths that
            differ (the message names the column and row).
        EmptyInput
            No rows.
        DomainError
            No events, a stratum without events, a constant or collinear column (named),
            or a monotone likelihood (a coefficient diverging, as R warns).
        NoConvergence
            max_iter reached.
        """
        names = None
        if _frames.is_frame(X):
            names = [str(c) for c in X.columns]
        x, n, k = as_matrix(X, "X", finite=True)
        t = as_doubles(durations, "durations", finite=True, nonneg=True)
        e = as_doubles(events, "events", finite=True, binary=True)
        w = as_doubles(weights, "weights", optional=True, finite=True)
        t0 = as_doubles(entry, "entry", optional=True, finite=True)
        s, s_labels = _codes(strata, "strata")
        c, _ = _codes(cluster, "cluster")
        m = same_length(t, e, w, t0, s, c)
        if m != n:
            raise InvalidArgument(f"X has {n} rows but durations has {m} values")
        opts = self._options()
        rep = FitReport()
        with self._use() as h:
            self._check(_fit(h, x.ptr, n, k, t0.ptr, t.ptr, e.ptr, s.ptr, w.ptr, c.ptr, byref(opts),
                             byref(rep)), "CoxPH.fit")
            self._read(k)
            stages = read_stages(_fit_stages, h)
        self.fit_report_ = report(rep, stages)
        self.feature_names_in_ = names or [f"x{j}" for j in range(k)]
        self.strata_labels_ = s_labels
        self._row_strata = None if strata is None else s.keep
        return self

    def proportional_hazard_test(self, transform="km", terms=None):
        """Test proportional hazards as R's cox.zph (wraps csat_cox_zph, csat_cox_zph_terms).

        For each term, the score test of adding x * g(t) for the term's columns to the
        model at the fitted coefficients (df = the term's columns), and the GLOBAL test of
        all columns together (df = covariates), as survival >= 3.0 computes them; g is
        the time transform. A small p suggests the term's effect changes over time (see
        schoenfeld_residuals and csat.plotting.plot_schoenfeld).

        Parameters
        ----------
        transform : {"km", "rank", "identity", "log"}, default "km"
            g(t): 1 - the Kaplan-Meier estimate just before t (all rows, unweighted),
            the rank of t among the durations, t, or log t (event times > 0).
        terms : dict, optional
            None (the default): each covariate is its own term (1 df; R's
            cox.zph(fit, terms=FALSE)). A dict {term name: [columns]} tests the columns
            of a term together, as R's default terms=TRUE does for a factor's dummy
            columns or a spline basis: one chi-square with as many df as columns (not
            a sum of 1-df tests). Columns are names of feature_names_in_ (the
            DataFrame's columns) or positions (int); each in at most one term; the
            columns not listed are their own terms, named as the covariate. Rows
            follow the terms' first columns. terms="auto" is not offered: column
            names alone cannot tell pandas.get_dummies' columns of one factor from
            separate indicators sharing a prefix (has_phone, has_email), nor a factor
            "plan" from a factor "plan_type", so the grouping must be given.

        Returns
        -------
        DataFrame
            Indexed by covariate name (terms=None) or term name, then "GLOBAL";
            columns chisq, df and p (a Summary without pandas); attrs holds transform.

        Raises
        ------
        InvalidArgument
            An unknown transform; in terms an unknown column name, a position out of
            range, a column in two terms, a term without columns, a term named GLOBAL
            or like another term or unlisted covariate (InvalidType for a term that is
            not a list of names or positions, a name that is not a str).
        NotFittedError
            Before a fit.
        Misuse
            A model without its fit's data: fitted with keep_data=False, or loaded from a
            file saved without include_data=True.
        DomainError
            The log of an event time 0, or transformed event times that do not vary.
        """
        tr = choice(transform, _TRANSFORMS, "transform")
        if isinstance(terms, str) and terms == "auto":
            raise InvalidArgument(
                "terms='auto' is not offered: column names cannot tell a factor's dummy columns "
                "from indicators sharing a prefix; pass a dict {term name: [columns]}")
        if terms is not None and not isinstance(terms, Mapping):
            raise InvalidType(f"terms must be None or a dict {{term name: [columns]}}, not "
                              f"{describe(terms)}")
        with self._use() as h:
            self._require_fit("proportional_hazard_test")
            k = self.n_features_in_
            names = list(self.feature_names_in_)
            if terms is None:
                chisq, p = Out(k + 1), Out(k + 1)
                self._check(_zph(h, tr, chisq.ptr, p.ptr, k + 1), "CoxPH.proportional_hazard_test")
                df = [1.0] * k + [float(k)]
                index, index_name = names + ["GLOBAL"], "covariate"
            else:
                labels, term_of = _term_map(terms, names)
                nt = len(labels)
                tm = (c_size_t * k)(*term_of)
                chisq, dfo, p = Out(nt + 1), Out(nt + 1), Out(nt + 1)
                self._check(_zph_terms(h, tr, tm, k, chisq.ptr, dfo.ptr, p.ptr, nt + 1),
                            "CoxPH.proportional_hazard_test")
                df = [float(v) for v in dfo.value()]
                index, index_name = labels + ["GLOBAL"], "term"
        return table(index_name, index,
                     {"chisq": [float(v) for v in chisq.value()], "df": df,
                      "p": [float(v) for v in p.value()]},
                     {"transform": transform})

    def schoenfeld_residuals(self, transform="km"):
        """The scaled Schoenfeld residuals, as R's cox.zph(fit)$y (wraps csat_cox_zph_resid).

        One row per event, by stratum and time: the residual of each covariate is the
        fitted coefficient plus its Schoenfeld residual scaled by the inverse average
        information; plotted against the transformed time, a smooth of it estimates the
        coefficient over time (flat = proportional hazards).

        Parameters
        ----------
        transform : {"km", "rank", "identity", "log"}, default "km"
            The time transform of the column transformed_time (as in
            proportional_hazard_test).

        Returns
        -------
        DataFrame
            Columns time (the event time), transformed_time, row (the row of the data
            given to fit), stratum (with strata), then one column per covariate (NaN
            where the covariate is constant in the event's stratum, as R's NA); a
            Summary without pandas.

        Raises
        ------
        InvalidArgument
            An unknown transform.
        NotFittedError
            Before a fit.
        Misuse
            A model without its fit's data: fitted with keep_data=False, or loaded from a
            file saved without include_data=True.
        DomainError
            The log of an event time 0.
        """
        tr = choice(transform, _TRANSFORMS, "transform")
        with self._use() as h:
            self._require_fit("schoenfeld_residuals")
            k, ne = self.n_features_in_, int(self.n_events_)
            res, tt, tm, rw = Out(ne * k), Out(ne), Out(ne), Out(ne, c_size_t)
            self._check(_zph_resid(h, tr, res.ptr, tt.ptr, tm.ptr, rw.ptr, ne),
                        "CoxPH.schoenfeld_residuals")
            names, labels, strata = list(self.feature_names_in_), self.strata_labels_, \
                self._row_strata
        r = [float(v) for v in res.value()]
        rows = [int(v) for v in rw.value()]
        cols = {"time": [float(v) for v in tm.value()],
                "transformed_time": [float(v) for v in tt.value()], "row": rows}
        if strata is not None:
            code = [int(strata[i]) for i in rows]
            cols["stratum"] = [labels[c] for c in code] if labels is not None else code
        for j, name in enumerate(names):
            cols[name] = r[j::k]
        return table("event", range(ne), cols, {"transform": transform})

    def _read(self, k):
        """coef_, standard errors and statistics from the handle (lock held)."""
        coef, se, rse = Out(k), Out(k), Out(k)
        self._check(_coef(self._ptr, coef.ptr, se.ptr, rse.ptr, k))
        st = _CoxStats()
        self._check(_stats(self._ptr, byref(st)))
        self.n_features_in_ = k
        self.coef_, self.standard_errors_ = coef.value(), se.value()
        r = rse.value()
        self.robust_standard_errors_ = None if all(math.isnan(v) for v in r) else r
        self._stats = {f: getattr(st, f) for f in _STATS}
        self._stats.update(iterations=st.iterations, converged=st.converged, robust=st.robust)
        self.log_likelihood_, self.log_likelihood_null_ = st.ll, st.ll_null
        self.concordance_ = st.concordance
        self.n_customers_, self.n_events_ = st.n, st.n_events
        self.aic_ = -2.0 * st.ll + 2.0 * k
        self.bic_ = -2.0 * st.ll + k * math.log(st.n_events) if st.n_events > 0 else math.nan
        self.tests_ = Result(
            likelihood_ratio=st.lr, likelihood_ratio_p=st.lr_p, wald=st.wald, wald_p=st.wald_p,
            wald_robust=bool(st.robust), score=st.score, score_p=st.score_p, df=st.df)

    @property
    def params_(self):
        """dict: the coefficients by covariate name (Misuse before a fit, ClosedError after close)."""
        with self._use():
            self._require_fit("params_")
            return dict(zip(self.feature_names_in_, map(float, self.coef_)))

    @property
    def hazard_ratios_(self):
        """dict: exp(coef_) by covariate name (Misuse before a fit, ClosedError after close)."""
        return {k: math.exp(v) for k, v in self.params_.items()}

    # ---- prediction (issue 15): docs/theory/cox.rst, 20.7 ----

    def _baseline(self):
        """The C baseline views (lock held), or None for a model loaded without one."""
        b = _CoxBaseline()
        return b if _base_get(self._ptr, byref(b)) == 0 else None

    def _baseline_state(self):
        """The baseline as plain lists (for save/load and copies), or None."""
        b = self._baseline()
        if b is None:
            return None
        n, p, k = b.n_times, b.n_coef, b.n_strata
        return {"has_strata": bool(b.has_strata), "strata": [int(v) for v in b.strata[:k]],
                "stratum_start": [int(v) for v in b.stratum_start[:k + 1]],
                "times": list(b.times[:n]), "cumhaz": list(b.cumhaz[:n]),
                "cumvar": list(b.cumvar[:n]), "xbar": list(b.xbar[:n * p]),
                "means": list(b.means[:p]), "var": list(b.var[:p * p]),
                # survfit.coxph's n.risk, n.event (the RMST SE); None: not kept
                "n_risk": list(b.n_risk[:n]) if b.n_risk else None,
                "n_event": list(b.n_event[:n]) if b.n_event else None}

    def _set_baseline(self, state, what):
        """csat_cox_set_baseline from _baseline_state() values."""
        if not isinstance(state, dict):
            raise InvalidArgument(f"{what}baseline must be an object")
        cols = {f: as_doubles(state.get(f), f"{what}baseline.{f}", finite=True)
                for f in ("times", "cumhaz", "cumvar", "xbar", "means", "var")}
        codes = as_uint64(state.get("strata"), f"{what}baseline.strata")
        start = as_uint64(state.get("stratum_start"), f"{what}baseline.stratum_start")
        n, k, p = cols["times"].n, codes.n, cols["means"].n
        if (start.n != k + 1 or cols["cumhaz"].n != n or cols["cumvar"].n != n
                or cols["xbar"].n != n * p or cols["var"].n != p * p):
            raise InvalidArgument(f"{what}baseline: the lengths of its arrays do not match")
        counts = [as_doubles(state.get(f), f"{what}baseline.{f}", optional=True, finite=True)
                  for f in ("n_risk", "n_event")]  # absent in older files: no RMST SE
        if any(c.ptr is not None and c.n != n for c in counts):
            raise InvalidArgument(f"{what}baseline: the lengths of its arrays do not match")
        sz = (c_size_t * (k + 1))(*[int(v) for v in start.values()])
        b = _CoxBaseline(p, k, n, flag(bool(state.get("has_strata", k > 1)), f"{what}has_strata"),
                         codes.ptr, cast(sz, PSZ), *(cols[f].ptr for f in (
                             "times", "cumhaz", "cumvar", "xbar", "means", "var")),
                         *(c.ptr for c in counts))
        self._check(_base_set(self._ptr, byref(b)), what)

    def _strata_codes(self, strata):
        """New rows' strata as the fit's codes: through strata_labels_ when the fit had labels."""
        labels = getattr(self, "strata_labels_", None)
        if strata is None or labels is None:  # the fit's strata were whole numbers: so are these
            return as_uint64(strata, "strata", optional=True)
        if isinstance(strata, (str, bytes, Mapping)) or not hasattr(strata, "__iter__"):
            raise InvalidType("strata must be a sequence of the fit's stratum labels")
        index = {v: k for k, v in enumerate(labels)}
        vals = strata.tolist() if hasattr(strata, "tolist") else list(strata)
        codes = []
        for i, v in enumerate(vals):
            try:
                codes.append(index[v])
            except (KeyError, TypeError):
                raise InvalidArgument(f"strata[{i}] = {v!r} is not a stratum of the fit "
                                      f"(labels: {labels!r})") from None
        return as_uint64(codes, "strata")

    def _rows(self, X, strata, what):
        """(matrix, n, k, strata codes, index) of new rows; Misuse before a fit."""
        self._require_fit(what)
        index = None
        if _frames.is_frame(X):
            index = X.index
            names = list(self.feature_names_in_)
            if set(names) <= {str(c) for c in X.columns}:
                X = X[[c for n in names for c in X.columns if str(c) == n]]
        x, n, k = as_matrix(X, "X", finite=True)
        if strata is None:
            with self._use():
                b = self._baseline()
            if b is not None and b.has_strata:
                raise InvalidType("strata is required: the fit has strata (give one code per row)")
        s = self._strata_codes(strata)
        if s.ptr is not None and s.n != n:
            raise InvalidArgument(f"X has {n} rows but strata has {s.n} values")
        return x, n, k, s, index

    def predict_survival(self, X, times, strata=None, interval=None, conf_type="log",
                         method="delta", n_draws=1000, seed=1):
        """Survival S(t | x) of new customers at the given times (wraps csat_cox_predict_survival).

        As R's survfit(fit, newdata): S = exp(-H0(t) exp((x - means)'b)) with the baseline
        cumulative hazard of the row's stratum (Efron's or Breslow's, as the fit's ties).

        Parameters
        ----------
        X : matrix or DataFrame of float
            New rows (n x p, finite); a DataFrame with the fitted column names is reordered
            to them and keeps its index.
        times : sequence of float
            Times (>= 0, any order): one column each.
        strata : sequence of int, optional
            Stratum code of each row: required when the fit had strata, else None.
        interval : float, optional
            None: the survival only. A level in (0, 1): also the standard error of S
            (summary(survfit)'s std.err, the coefficients' variance included) and bounds.
        conf_type : {"log", "log-log", "plain"}, default "log"
            survfit's conf.type for the bounds of method "delta".
        method : {"delta", "parametric", "bootstrap"}, default "delta"
            How the bounds are made (with interval): "delta" as survfit (above);
            "parametric": percentiles of S over n_draws coefficient vectors drawn from
            N(b, V), the baseline hazard recomputed at each draw; "bootstrap": percentiles
            over n_draws refits on the fit's rows (its clusters when it had cluster ids)
            resampled with replacement (wraps csat_cox_boot_survival; failed refits are
            dropped, their number in the result's attrs / Result "n_failed"). std_err stays
            the delta method's. docs/theory/cox.rst, 20.8.
        n_draws : int, default 1000
            Draws of "parametric" or "bootstrap" (2 to 1e6).
        seed : int, default 1
            Seed of the draws: the same seed gives the same bounds.

        Returns
        -------
        DataFrame, ndarray or Result
            Without interval: n x len(times) survival (a DataFrame indexed like X, one column
            per time, when X is a DataFrame; a numpy array otherwise). With interval: a
            DataFrame whose columns are a MultiIndex (quantity, time), the quantities being
            "survival", "std_err", "lower" and "upper" (df["lower"] is the lower-bound frame);
            for array input a Result of four such arrays.

        Raises
        ------
        InvalidArgument
            Rows of the wrong width, NaN or Inf, a time < 0, a bad level or conf_type,
            strata missing or given without strata in the fit.
        DomainError
            A stratum code the fit did not have.
        Misuse
            Not fitted, or a model loaded without its baseline; "parametric" or "bootstrap"
            on a model without its fit's data (keep_data=False, or loaded from a file saved
            without include_data=True).
        DomainError
            Fewer than 2 draws succeeded, or V is not positive definite.
        """
        x, n, k, s, index = self._rows(X, strata, "predict_survival")
        t = as_doubles(times, "times", finite=True, nonneg=True)
        conf = choice(conf_type, _CONF, "conf_type")
        level = 0.0 if interval is None else real(interval, "interval", finite=True)
        boot = None if method == "delta" else choice(method, dict(_BOOT, delta=-1), "method")
        draws = integer(n_draws, "n_draws", ctype=c_size_t, lo=2, hi=1000000)
        sd = integer(seed, "seed", ctype=c_uint64, lo=0)
        failed = c_size_t(0)
        with self._use() as h:
            surv = out_matrix(n, t.n)
            se, lo, up = ((out_matrix(n, t.n) for _ in range(3)) if interval is not None
                          else (None, None, None))
            self._check(_pred_surv(h, x.ptr, n, k, s.ptr, t.ptr, t.n, level, conf, surv.ptr,
                                   se.ptr if se else None, lo.ptr if lo else None,
                                   up.ptr if up else None), "predict_survival")
            if boot is not None and interval is not None:
                self._check(_boot_surv(h, x.ptr, n, k, s.ptr, t.ptr, t.n, level, boot, draws, sd,
                                       lo.ptr, up.ptr, byref(failed)), "predict_survival")
        tl = [float(v) for v in t.values()]
        if interval is None:
            return (_frames.frame(dict(zip(range(t.n), surv.value().T)), index).set_axis(tl, axis=1)
                    if index is not None else surv.value())
        parts = {"survival": surv.value(), "std_err": se.value(), "lower": lo.value(),
                 "upper": up.value()}
        if index is None:
            r = Result(parts)
            if boot is not None:
                r.n_failed = int(failed.value)
            return r
        pd = _frames.pandas()
        cols = pd.MultiIndex.from_product([list(parts), tl], names=["quantity", "time"])
        df = pd.DataFrame(np.hstack(list(parts.values())), index=index, columns=cols)
        if boot is not None:
            df.attrs["n_failed"] = int(failed.value)
        return df

    def predict_median(self, X, strata=None, interval=None, conf_type="log"):
        """Median survival time of new customers (wraps csat_cox_predict_median).

        As print(survfit(fit, newdata)): the first event time where S < 1/2 (the midpoint to
        the next step where S equals 1/2 exactly). A curve that never falls below 1/2 gives
        inf ("not reached"; never NaN). With interval: also the bounds R prints as 0.95LCL
        and 0.95UCL, the times where the lower and upper survival bounds (predict_survival's
        at that level and conf_type) cross 1/2 (wraps csat_cox_predict_median_ci).

        Parameters
        ----------
        X : matrix or DataFrame of float
            New rows (n x p, finite).
        strata : sequence of int, optional
            Stratum code of each row (required when the fit had strata).
        interval : float, optional
            None: the median only. A level in (0, 1): also its bounds.
        conf_type : {"log", "log-log", "plain"}, default "log"
            survfit's conf.type of the survival bounds (with interval).

        Returns
        -------
        Series or ndarray, or DataFrame or Result
            One median per row (a Series indexed like X for a DataFrame). With interval:
            median, lower, upper per row (a DataFrame indexed like X, or a Result); inf where
            that curve stays above 1/2 (R: NA).

        Raises
        ------
        InvalidArgument
            As predict_survival; a bad interval or conf_type.
        DomainError
            An unknown stratum.
        Misuse
            Not fitted, or no baseline.
        """
        x, n, k, s, index = self._rows(X, strata, "predict_median")
        conf = choice(conf_type, _CONF, "conf_type")
        if interval is not None:
            level = real(interval, "interval", finite=True)
            med, lo, up = Out(n), Out(n), Out(n)
            with self._use() as h:
                self._check(_pred_median_ci(h, x.ptr, n, k, s.ptr, level, conf, med.ptr, lo.ptr, up.ptr),
                            "predict_median")
            parts = {}
            for name, o in (("median", med), ("lower", lo), ("upper", up)):
                v = o.value()
                parts[name] = (np.where(np.asarray(v) == -1.0, np.inf, v) if np is not None
                               else [math.inf if a == -1.0 else a for a in v])
            return Result(parts) if index is None else _frames.frame(parts, index)
        med, reached = Out(n), Out(n, c_int)
        with self._use() as h:
            self._check(_pred_median(h, x.ptr, n, k, s.ptr, med.ptr, reached.ptr), "predict_median")
        v, r = med.value(), reached.value()
        if np is not None:
            v = np.where(np.asarray(r) != 0, v, np.inf)
        else:
            v = [a if b else math.inf for a, b in zip(v, r)]
        return _frames.series(v, index, "median")

    def predict_rmst(self, X, horizon, strata=None, interval=None, method="delta",
                     n_draws=1000, seed=1):
        """Restricted mean survival time up to a horizon (wraps csat_cox_predict_rmst).

        The area under S(t | x) from 0 to horizon, as summary(survfit(fit, newdata),
        rmean = horizon)$table's rmean; with interval, also its standard error, R's
        se(rmean) (wraps csat_cox_predict_rmst_se; docs/theory/cox.rst, 20.9).

        Parameters
        ----------
        X : matrix or DataFrame of float
            New rows (n x p, finite).
        horizon : float
            The restriction time, finite and > 0 (in the units of the fit's times).
        strata : sequence of int, optional
            Stratum code of each row (required when the fit had strata).
        interval : float, optional
            None: the RMST only. A level in (0, 1): also the standard error and bounds
            by method.
        method : {"delta", "parametric", "bootstrap"}, default "delta"
            How the bounds are made (with interval). "delta": rmst -+ z std_err with z the
            normal quantile of the level, clipped to [0, horizon], where std_err is R's
            se(rmean): a Greenwood-type variance of the area from the numbers at risk and of
            events at the event times up to horizon, which ignores the coefficients'
            variance as R does. "parametric": percentiles over n_draws coefficient vectors
            drawn from N(b, V), the baseline recomputed; "bootstrap": percentiles over
            n_draws refits on resampled rows (clusters) (wraps csat_cox_boot_rmst;
            docs/theory/cox.rst, 20.8). std_err stays R's se(rmean).
        n_draws : int, default 1000
            Draws of "parametric" or "bootstrap" (2 to 1e6).
        seed : int, default 1
            Seed of the draws: the same seed gives the same bounds.

        Returns
        -------
        Series, ndarray, DataFrame or Result
            Without interval: one RMST per row, in (0, horizon]. With interval: columns
            (keys) "rmst", "std_err", "lower", "upper" (a DataFrame indexed like X for
            DataFrame input, else a Result); with "parametric" or "bootstrap" also the
            number of failed draws as n_failed (the DataFrame's attrs).

        Raises
        ------
        InvalidArgument
            horizon <= 0 or not finite; interval not in (0, 1); as predict_survival.
        DomainError
            An unknown stratum; fewer than 2 draws succeeded.
        Misuse
            Not fitted, or no baseline; method="delta" on a model loaded from a file
            saved without the numbers at risk (older files); "parametric" or "bootstrap"
            on a model without its fit's data (keep_data=False, or loaded from a file
            saved without include_data=True).
        """
        x, n, k, s, index = self._rows(X, strata, "predict_rmst")
        hz = real(horizon, "horizon")
        level = None if interval is None else real(interval, "interval", finite=True)
        if level is not None and not 0.0 < level < 1.0:
            raise InvalidArgument(f"interval = {level!r} is not in (0, 1)")
        boot = None if method == "delta" else choice(method, dict(_BOOT, delta=-1), "method")
        draws = integer(n_draws, "n_draws", ctype=c_size_t, lo=2, hi=1000000)
        sd = integer(seed, "seed", ctype=c_uint64, lo=0)
        out = Out(n)
        if level is None:
            with self._use() as h:
                self._check(_pred_rmst(h, x.ptr, n, k, s.ptr, hz, out.ptr), "predict_rmst")
            return _frames.series(out.value(), index, "rmst")
        se, lo, up, failed = Out(n), Out(n), Out(n), c_size_t(0)
        with self._use() as h:
            self._check(_pred_rmst_se(h, x.ptr, n, k, s.ptr, hz, out.ptr, se.ptr), "predict_rmst")
            if boot is not None:
                self._check(_boot_rmst(h, x.ptr, n, k, s.ptr, hz, level, boot, draws, sd, lo.ptr,
                                       up.ptr, byref(failed)), "predict_rmst")
        rm, sv = out.value(), se.value()
        if boot is not None:
            lower, upper = lo.value(), up.value()
        else:
            z = statistics.NormalDist().inv_cdf(0.5 + level / 2.0)
            if np is not None:
                lower, upper = np.clip(rm - z * sv, 0.0, hz), np.clip(rm + z * sv, 0.0, hz)
            else:
                lower = array("d", [min(max(r - z * e, 0.0), hz) for r, e in zip(rm, sv)])
                upper = array("d", [min(max(r + z * e, 0.0), hz) for r, e in zip(rm, sv)])
        parts = {"rmst": rm, "std_err": sv, "lower": lower, "upper": upper}
        if index is None:
            r = Result(parts)
            if boot is not None:
                r.n_failed = int(failed.value)
            return r
        df = _frames.frame(parts, index)
        if boot is not None:
            df.attrs["n_failed"] = int(failed.value)
        return df

    def predict_partial_hazard(self, X):
        """Relative hazard exp((x - means)'b) of new rows (R's predict(type = "risk")).

        Parameters
        ----------
        X : matrix or DataFrame of float
            New rows (n x p, finite).

        Returns
        -------
        Series or ndarray
            One value per row, > 0.

        Raises
        ------
        InvalidArgument
            Rows of the wrong width, NaN or Inf.
        Misuse
            Not fitted, or no baseline (its means).
        """
        x, n, k, _, index = self._rows(X, None, "predict_partial_hazard")
        with self._use():
            st = self._baseline_state()
        if st is None:
            self._check(_base_get(self._ptr, byref(_CoxBaseline())), "predict_partial_hazard")
        if k != len(st["means"]):
            raise InvalidArgument(f"X has n_cols = {k} columns, the fit has {len(st['means'])}")
        mu, b = st["means"], [float(v) for v in self.coef_]
        if np is not None:
            arr = np.asarray(x.keep, dtype=float).reshape(n, k)
            v = np.exp((arr - np.asarray(mu)) @ np.asarray(b))
        else:
            flat = list(x.keep)[: n * k]
            v = [math.exp(sum((flat[i * k + j] - mu[j]) * b[j] for j in range(k))) for i in range(n)]
        return _frames.series(v, index, "partial_hazard")

    @property
    def baseline_cumulative_hazard_(self):
        """DataFrame: R's basehaz(fit) -- the cumulative hazard at the covariate means.

        Indexed by the event times of all strata; one column per stratum (its label when the fit's
        strata were labels, else its code; one column, 0, without strata), the step value at each time (0 before a stratum's first event).
        Without pandas: {code: Result(times, cumulative_hazard)}. Misuse before a fit.
        """
        with self._use():
            self._require_fit("baseline_cumulative_hazard_")
            st = self._baseline_state()
        if st is None:
            self._check(_base_get(self._ptr, byref(_CoxBaseline())), "baseline_cumulative_hazard_")
        per = {}
        labels = getattr(self, "strata_labels_", None)
        for i, code in enumerate(st["strata"]):
            a, z = st["stratum_start"][i], st["stratum_start"][i + 1]
            if labels is not None and st["has_strata"] and code < len(labels):
                code = labels[code]
            per[code] = Result(times=st["times"][a:z], cumulative_hazard=st["cumhaz"][a:z])
        try:
            pd = _frames.pandas()
        except Exception:  # noqa: BLE001 -- pandas is optional
            pd = None
        if pd is None:
            return per
        times = sorted(set(st["times"]))
        cols = {}
        for code, r in per.items():
            ser = pd.Series(r.cumulative_hazard, index=r.times)
            cols[code] = ser.reindex(times, method="ffill").fillna(0.0).to_numpy()
        return pd.DataFrame(cols, index=pd.Index(times, name="time"))

    def _describe(self):
        if not self._is_fitted():
            return None
        return (self.n_customers_, list(zip(self.feature_names_in_, map(float, self.coef_))),
                self.log_likelihood_)

    def _summary(self):
        self._require_fit("summary")
        names = list(self.feature_names_in_)
        coef = [float(v) for v in self.coef_]
        se = [float(v) for v in self.standard_errors_]
        rse = (None if self.robust_standard_errors_ is None
               else [float(v) for v in self.robust_standard_errors_])
        use = rse or se
        z = [c / s if s > 0 else math.nan for c, s in zip(coef, use)]
        cols = {"coef": coef, "exp(coef)": [math.exp(c) for c in coef], "se(coef)": se}
        if rse is not None:
            cols["robust se"] = rse
        cols["z"] = z
        cols["p"] = [math.erfc(abs(v) / math.sqrt(2.0)) for v in z]
        cols["lower 95% bound"] = [c - Z95 * s for c, s in zip(coef, use)]
        cols["upper 95% bound"] = [c + Z95 * s for c, s in zip(coef, use)]
        return table("covariate", names, cols, {
            "n_customers": self.n_customers_, "n_events": self.n_events_,
            "log_likelihood": self.log_likelihood_,
            "log_likelihood_null": self.log_likelihood_null_, "aic": self.aic_, "bic": self.bic_,
            "concordance": self.concordance_, "converged": bool(self._stats["converged"]),
            "iterations": self._stats["iterations"], "stages": self.fit_report_.get("stages"),
            **{f"test_{k}": v for k, v in self.tests_.items()}})

    def _state(self, data=None):
        """The fit as plain values; data: None (without the fit's data), "lists" (model
        files) or "arrays" (copies and pickles: array('d') / array('Q'))."""
        state = {"coef": [float(v) for v in self.coef_],
                 "standard_errors": [float(v) for v in self.standard_errors_],
                 "robust_standard_errors": (None if self.robust_standard_errors_ is None else
                                            [float(v) for v in self.robust_standard_errors_]),
                 "stats": dict(self._stats), "names": list(self.feature_names_in_),
                 "baseline": self._baseline_state()}  # Cox prediction (issue 15)
        if data is not None:  # the data a fit keeps (issue 15, coxdata)
            d = self._data_state(data == "arrays")
            if d is not None:
                state["data"] = d
        labels = self.__dict__.get("strata_labels_")  # string labels travel to model files
        if isinstance(labels, list) and all(isinstance(v, str) for v in labels):
            state["strata_labels"] = list(labels)
        return state

    def _document(self):
        if not self._is_fitted():
            return {}
        return {"fit": dict(self.fit_report_, n_customers=self.n_customers_,
                            log_likelihood=self.log_likelihood_, aic=self.aic_, bic=self.bic_),
                "fitted": self._state("lists" if self.__dict__.get("_save_data") else None)}

    # ---- the data a fit keeps (issue 15, coxdata) ----

    def _data_state(self, arrays):
        """The fit's data (lock held; csat_cox_data_get) in the caller's row order, or None
        when the model keeps none: columns as array('d') / array('Q') (arrays) or lists."""
        d = _CoxData()
        if _data_get(self._ptr, byref(d)) != 0:
            return None
        n, p = d.n_rows, d.n_cols
        out = {"n_rows": n, "n_cols": p, "ties": "breslow" if d.ties == _TIES["breslow"] else "efron",
               "max_iter": int(d.max_iter), "eps": float(d.eps)}
        for name, code in _DATA_COLS:
            ptr = getattr(d, name)
            if not ptr:
                out[name] = None
                continue
            col = array(code)
            col.frombytes(string_at(ptr, (n * p if name == "X" else n) * col.itemsize))
            out[name] = col if arrays else col.tolist()
        return out

    def _set_data(self, state, what):
        """csat_cox_set_data from _data_state() values (lock held); the strata travel to
        schoenfeld_residuals' stratum column."""
        if not isinstance(state, dict):
            raise InvalidArgument(f"{what}data must be an object")
        n = integer(state.get("n_rows"), f"{what}data.n_rows", ctype=c_size_t, lo=1)
        p = integer(state.get("n_cols"), f"{what}data.n_cols", ctype=c_size_t, lo=1)
        cols = {}
        for name, code in _DATA_COLS:
            opt = name in ("entry", "weights", "strata", "cluster")
            cols[name] = (as_uint64(state.get(name), f"{what}data.{name}", optional=True)
                          if code == "Q" else
                          as_doubles(state.get(name), f"{what}data.{name}", optional=opt,
                                     finite=True))
            want = n * p if name == "X" else n
            if cols[name].ptr is not None and cols[name].n != want:
                raise InvalidArgument(f"{what}data.{name} has {cols[name].n} values, not {want} "
                                      f"(n_rows = {n}, n_cols = {p})")
        ties = choice(state.get("ties"), _TIES, f"{what}data.ties")
        max_iter = integer(state.get("max_iter"), f"{what}data.max_iter", ctype=c_size_t, lo=1)
        eps = real(state.get("eps"), f"{what}data.eps", finite=True, positive=True)
        d = _CoxData(n, p, *(cols[k].ptr for k, _ in _DATA_COLS), ties, max_iter, eps)
        self._check(_data_set(self._ptr, byref(d)), what)
        self._row_strata = cols["strata"].keep if cols["strata"].ptr is not None else None

    def save(self, path, include_data=False):
        """Write the model to a JSON file (format "csat-model" version 1; see csat.load).

        The file holds the hyperparameters, the coefficients, standard errors,
        statistics and baseline hazard (predictions after load equal the saved
        model's, bit for bit), and with include_data=True the fit's data too (in
        "fitted"."data": n_rows, n_cols, X row-major, stop, events, entry, weights,
        strata, cluster, ties, max_iter, eps), so that the loaded model runs
        proportional_hazard_test, schoenfeld_residuals and the bootstrap bounds with
        the saved model's results. Without it the file stays small.

        Parameters
        ----------
        path : str or os.PathLike
            The file to write (replaced if it exists).
        include_data : bool, default False
            Also write the fit's data (a model fitted with keep_data=False, or loaded
            from a file without them, has none to write: Misuse).

        Returns
        -------
        None

        Raises
        ------
        InvalidType
            path is not a str or path; include_data not a bool.
        Misuse
            include_data=True on a model that keeps no data.
        OSError
            The file cannot be written.
        """
        inc = flag(include_data, "include_data")
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise InvalidType(f"path must be a file name, not {describe(path)}")
        with self._use() as h:
            if inc and self._is_fitted() and _data_get(h, byref(_CoxData())) != 0:
                raise Misuse("save(include_data=True): this model keeps no data (fitted with "
                             "keep_data=False, or copied or loaded without them)")
            self._save_data = bool(inc)
            try:
                Model.save(self, path)
            finally:
                del self._save_data

    def _set(self, state, what):
        """Rebuild the fit in C from _state() values (csat_cox_set_fit)."""
        self._row_strata = None
        coef = as_doubles(state["coef"], f"{what}coef", finite=True)
        se = as_doubles(state["standard_errors"], f"{what}standard_errors", finite=True,
                        nonneg=True)
        r = state.get("robust_standard_errors")
        rse = as_doubles(r, f"{what}robust_standard_errors", optional=True, finite=True,
                         nonneg=True)
        if se.n != coef.n or (r is not None and rse.n != coef.n):
            raise InvalidArgument(f"{what}coef and its standard errors differ in length")
        stats = state["stats"]
        if not isinstance(stats, dict):
            raise InvalidArgument(f"{what}stats must be an object")
        st = _CoxStats()
        for f in _STATS:
            setattr(st, f, real(stats.get(f, math.nan), f"{what}stats.{f}"))
        st.iterations = whole(stats.get("iterations", 0), f"{what}stats.iterations")
        st.converged = flag(bool(stats.get("converged", True)), f"{what}stats.converged")
        st.robust = flag(bool(stats.get("robust", False)), f"{what}stats.robust")
        self._check(_set_fit(self._ptr, coef.ptr, se.ptr, rse.ptr, coef.n, byref(st)), what)
        self._read(coef.n)
        names = state.get("names")
        if not (isinstance(names, list) and len(names) == coef.n
                and all(isinstance(v, str) for v in names)):
            raise InvalidArgument(f"{what}names must be {coef.n} strings")
        self.feature_names_in_ = list(names)
        if state.get("baseline") is not None:  # Cox prediction (issue 15); older files: none
            self._set_baseline(state["baseline"], what)
        if state.get("data") is not None:  # the fit's data (coxdata): copies, include_data files
            self._set_data(state["data"], what)
        labels = state.get("strata_labels")  # coxdata: string stratum labels (files)
        if labels is not None:
            if not (isinstance(labels, list) and all(isinstance(v, str) for v in labels)):
                raise InvalidArgument(f"{what}strata_labels must be a list of strings")
            self.strata_labels_ = list(labels)
        elif "strata_labels_" not in self.__dict__:
            self.strata_labels_ = None

    def _restore(self, doc):
        fitted = fitted_section(doc)
        if fitted is None:
            return
        state = dict(fitted)
        state["coef"] = numbers_list(fitted.get("coef"), "fitted.coef", finite=True)
        state["standard_errors"] = numbers_list(fitted.get("standard_errors"),
                                                "fitted.standard_errors")
        if fitted.get("robust_standard_errors") is not None:
            state["robust_standard_errors"] = numbers_list(fitted["robust_standard_errors"],
                                                           "fitted.robust_standard_errors")
        self._set(state, "model file: fitted.")
        fit = doc.get("fit") if isinstance(doc.get("fit"), dict) else {}
        self.fit_report_ = report_from_file(fit)

    def _c_state(self):
        p = c_size_t()
        if _ncoef(self._ptr, byref(p)) < 0:
            return None
        return self._state("arrays")  # with the fit's data when it keeps them (coxdata)

    def _c_restore(self, state):
        if state is not None:
            self._set(state, "copy: ")
