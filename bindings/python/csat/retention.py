"""Contractual retention, survival curves, churn scoring and retention economics.

    m = csat.SBG().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    m.params                     # {'alpha': 0.704..., 'beta': 1.182...}
    m.survival(range(13)); m.derl(0.1, n_renewals=4)

    km = csat.kaplan_meier(times, events, conf_type="log")
    km.time, km.survival, km.lower, km.upper, km.median

    lr = csat.LogisticChurn().fit(X, y)
    lr.coef, lr.std_err, lr.log_likelihood, lr.predict(X)
"""
import operator
from ctypes import (POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint,
                    c_uint64, c_void_p)

from ._lib import (PD, PSZ, PU64, Handle, InvalidArgument, Out, Result, as_doubles, as_matrix,
                   as_uint64, check, new_handle, proto)

__all__ = ["SBG", "kaplan_meier", "KaplanMeier", "logrank_test", "LogisticChurn", "roc_auc",
           "confusion", "lift_table", "campaign_profit", "margin_multiple", "clv_gupta_lehmann",
           "clv_berger_nasr", "clv_survival", "clv_retention", "payback_period",
           "customer_equity", "retention_effect", "replacement", "kpi_rates",
           "cohort_table", "kpis", "cohort_table_customers", "kpis_customers",
           "ACQUISITION_COST_RATIO"]

ACQUISITION_COST_RATIO = 5.0
_TIMING = {"end": 0, "start": 1}
_CONF = {"log": 0, "log-log": 1, "loglog": 1, "plain": 2, "none": 3}


class _FitReport(Structure):
    _fields_ = [("iterations", c_size_t), ("evaluations", c_size_t),
                ("log_likelihood", c_double), ("grad_norm", c_double), ("converged", c_int)]


def _report(r):
    return Result(iterations=r.iterations, evaluations=r.evaluations,
                  log_likelihood=r.log_likelihood, grad_norm=r.grad_norm,
                  converged=bool(r.converged))


# ---- sBG -----------------------------------------------------------------------

class _SbgParams(Structure):
    _fields_ = [("alpha", c_double), ("beta", c_double)]


_P_SBG = POINTER(_SbgParams)
_sbg_new = proto("csat_sbg_new", [POINTER(c_void_p), c_void_p])
_sbg_free = proto("csat_sbg_free", [c_void_p], None)
_sbg_err = proto("csat_sbg_last_error", [c_void_p], c_char_p)
_sbg_fit_surv = proto("csat_sbg_fit_survivors", [c_void_p, PD, c_size_t, POINTER(_FitReport)])
_sbg_fit_dur = proto("csat_sbg_fit_durations", [c_void_p, PD, PD, c_size_t, POINTER(_FitReport)])
_sbg_fit_cust = proto("csat_sbg_fit_customers", [c_void_p, c_void_p, c_double, c_double,
                                                  c_double, c_double, POINTER(_FitReport)])
_sbg_get = proto("csat_sbg_get_params", [c_void_p, _P_SBG])
_sbg_set = proto("csat_sbg_set_params", [c_void_p, _P_SBG])
_sbg_se = proto("csat_sbg_std_err", [c_void_p, PD, PD])
_sbg_ll = proto("csat_sbg_log_likelihood", [_P_SBG, PD, c_size_t, PD])
_sbg_cols = {name: proto(fn, [_P_SBG, PD, c_size_t, PD]) for name, fn in (
    ("survival", "csat_sbg_survival"), ("retention", "csat_sbg_retention"),
    ("churn_pmf", "csat_sbg_churn_pmf"))}
_sbg_life = proto("csat_sbg_expected_lifetime", [_P_SBG, PD])
_sbg_derl = proto("csat_sbg_derl", [_P_SBG, c_double, c_double, PD])
_sbg_del = proto("csat_sbg_del", [_P_SBG, c_double, PD])
_sbg_clv = proto("csat_sbg_clv", [_P_SBG, c_double, c_double, PD])


class SBG(Handle):
    """Shifted-beta-geometric retention model (Fader & Hardie 2007)."""
    _free = _sbg_free
    _last_error = _sbg_err

    def __init__(self, alpha=None, beta=None):
        self._adopt(new_handle(_sbg_new, None, what="SBG"))
        self.report = None
        if alpha is not None or beta is not None:
            self._check(_sbg_set(self, byref(_SbgParams(alpha, beta))), "SBG")

    def fit(self, survivors):
        """Fit from survivor counts per period, starting with the cohort size."""
        s = as_doubles(survivors, "survivors")
        rep = _FitReport()
        self._check(_sbg_fit_surv(self, s.ptr, s.n, byref(rep)), "SBG.fit")
        self.report = _report(rep)
        return self

    def fit_durations(self, durations, churned):
        """Fit from whole-period durations with churned flags (0 = still active)."""
        d, c = as_doubles(durations, "durations"), as_doubles(churned, "churned")
        if d.n != c.n:
            raise InvalidArgument("durations and churned differ in length")
        rep = _FitReport()
        self._check(_sbg_fit_dur(self, d.ptr, c.ptr, d.n, byref(rep)), "SBG.fit_durations")
        self.report = _report(rep)
        return self

    def fit_customers(self, customers, period, first_from, first_to, observation_end):
        """Fit to the acquisition cohort [first_from, first_to) of a csat.Customers store,
        read as payments once per period."""
        rep = _FitReport()
        self._check(_sbg_fit_cust(self, customers, period, first_from, first_to,
                                  observation_end, byref(rep)), "SBG.fit_customers")
        self.report = _report(rep)
        return self

    def _p(self):
        p = _SbgParams()
        self._check(_sbg_get(self, byref(p)), "SBG")
        return p

    @property
    def params(self):
        p = self._p()
        return Result(alpha=p.alpha, beta=p.beta)

    @property
    def std_err(self):
        a, b = c_double(), c_double()
        self._check(_sbg_se(self, byref(a), byref(b)), "SBG.std_err")
        return Result(alpha=a.value, beta=b.value)

    def _column(self, name, t):
        x = as_doubles(t, "t")
        out = Out(x.n)
        check(_sbg_cols[name](byref(self._p()), x.ptr, x.n, out.ptr), f"SBG.{name}")
        return out.value()

    def survival(self, t):
        """S(t) = P(T > t) for whole periods t >= 0."""
        return self._column("survival", t)

    def retention(self, t):
        """r(t) = S(t) / S(t - 1) for t >= 1."""
        return self._column("retention", t)

    def churn_pmf(self, t):
        """P(T = t), t >= 1."""
        return self._column("churn_pmf", t)

    def log_likelihood(self, survivors):
        s = as_doubles(survivors, "survivors")
        v = c_double()
        check(_sbg_ll(byref(self._p()), s.ptr, s.n, byref(v)), "SBG.log_likelihood")
        return v.value

    def expected_lifetime(self):
        v = c_double()
        check(_sbg_life(byref(self._p()), byref(v)), "SBG.expected_lifetime")
        return v.value

    def derl(self, discount, n_renewals=0):
        v = c_double()
        check(_sbg_derl(byref(self._p()), discount, n_renewals, byref(v)), "SBG.derl")
        return v.value

    def del_(self, discount):
        v = c_double()
        check(_sbg_del(byref(self._p()), discount, byref(v)), "SBG.del_")
        return v.value

    def clv(self, margin, discount):
        v = c_double()
        check(_sbg_clv(byref(self._p()), margin, discount, byref(v)), "SBG.clv")
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
                                        c_void_p])

_KM_COLUMNS = ("time", "n_risk", "n_event", "n_censor", "survival", "std_err", "lower", "upper")


class KaplanMeier(Handle):
    """A fitted Kaplan-Meier curve; columns as attributes (R survfit's table)."""
    _free = _km_free
    _last_error = _km_err

    def __init__(self, times, events, weights=None, conf_type="log", conf_level=0.95,
                 groups=None, group=None):
        if conf_type not in _CONF:
            raise InvalidArgument(f"conf_type must be one of {', '.join(_CONF)}")
        self._adopt(new_handle(_km_new, None, what="KaplanMeier"))
        t, e = as_doubles(times, "times"), as_doubles(events, "events")
        w = as_doubles(weights, "weights")
        if e.n != t.n or (weights is not None and w.n != t.n):
            raise InvalidArgument("times, events and weights differ in length")
        opts = _KmOptions()
        check(_km_opts_init(byref(opts), 1))
        opts.conf_type, opts.conf_level = _CONF[conf_type], conf_level
        if groups is None:
            self._check(_km_fit(self, t.ptr, e.ptr, w.ptr, t.n, byref(opts)), "kaplan_meier")
        else:
            g = as_uint64(groups, "groups")
            if g.n != t.n:
                raise InvalidArgument("groups differs in length")
            self._check(_km_fit_group(self, t.ptr, e.ptr, w.ptr, g.ptr, group, t.n,
                                      byref(opts)), "kaplan_meier")
        m = c_size_t()
        self._check(_km_size(self, byref(m)))
        outs = [Out(m.value) for _ in _KM_COLUMNS]
        self._check(_km_table(self, *[o.ptr for o in outs], m.value))
        for name, o in zip(_KM_COLUMNS, outs):
            setattr(self, name, o.value())
        med = _KmMedian()
        self._check(_km_median(self, byref(med)))
        self.median = med.median if med.median_found else None
        self.median_ci = (med.lower if med.lower_found else None,
                          med.upper if med.upper_found else None)

    def restricted_mean(self, tau):
        """(rmean, se): area under S on [0, tau] as R's print(fit, rmean = tau)."""
        v, se = c_double(), c_double()
        self._check(_km_rmean(self, tau, byref(v), byref(se)), "restricted_mean")
        return v.value, se.value

    def survival_at(self, t):
        x = as_doubles(t, "t")
        out = Out(x.n)
        self._check(_km_at(self, x.ptr, x.n, out.ptr), "survival_at")
        return out.value()


def kaplan_meier(times, events, weights=None, conf_type="log", conf_level=0.95):
    """Kaplan-Meier curve: .time, .n_risk, .n_event, .n_censor, .survival, .std_err,
    .lower, .upper, .median (None if never reached), .median_ci."""
    return KaplanMeier(times, events, weights, conf_type, conf_level)


def logrank_test(times, events, groups):
    """Log-rank test (R survdiff); groups are integers 0..k-1."""
    t, e, g = as_doubles(times, "times"), as_doubles(events, "events"), as_uint64(groups, "groups")
    if not (t.n == e.n == g.n):
        raise InvalidArgument("times, events and groups differ in length")
    k = int(max(g.keep)) + 1 if g.n else 0
    obs, ex = Out(max(k, 1)), Out(max(k, 1))
    chisq, df, p = c_double(), c_double(), c_double()
    check(_km_logrank(t.ptr, e.ptr, g.ptr, t.n, k, obs.ptr, ex.ptr, byref(chisq), byref(df),
                      byref(p), None), "logrank_test")
    return Result(chisq=chisq.value, df=df.value, p_value=p.value, observed=obs.value(),
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
                                      POINTER(_LrOptions), POINTER(_FitReport)])
_lr_ncoef = proto("csat_logistic_n_coef", [c_void_p, PSZ])
_lr_coef = proto("csat_logistic_coef", [c_void_p, PD, PD, c_size_t])
_lr_ll = proto("csat_logistic_log_likelihood", [c_void_p, PD, PD])
_lr_predict = proto("csat_logistic_predict", [c_void_p, PD, c_size_t, c_size_t, PD])


class LogisticChurn(Handle):
    """Logistic regression churn model (Newton/IRLS, optional ridge penalty l2)."""
    _free = _lr_free
    _last_error = _lr_err

    def __init__(self, l2=0.0, fit_intercept=True, max_iter=50, tol=1e-12):
        self._adopt(new_handle(_lr_new, None, what="LogisticChurn"))
        self._opts = _LrOptions()
        check(_lr_opts_init(byref(self._opts), 1))
        self._opts.l2, self._opts.fit_intercept = l2, 1 if fit_intercept else 0
        self._opts.max_iter, self._opts.tol = max_iter, tol
        self.report = None

    def fit(self, X, y):
        x, n, k = as_matrix(X, "X")
        yy = as_doubles(y, "y")
        if yy.n != n:
            raise InvalidArgument("X and y differ in rows")
        rep = _FitReport()
        self._check(_lr_fit(self, x.ptr, n, k, yy.ptr, byref(self._opts), byref(rep)),
                    "LogisticChurn.fit")
        self.report = _report(rep)
        self._k = k
        p = c_size_t()
        self._check(_lr_ncoef(self, byref(p)))
        coef, se = Out(p.value), Out(p.value)
        self._check(_lr_coef(self, coef.ptr, se.ptr, p.value))
        self.coef, self.std_err = coef.value(), se.value()
        ll, aic = c_double(), c_double()
        self._check(_lr_ll(self, byref(ll), byref(aic)))
        self.log_likelihood, self.aic = ll.value, aic.value
        return self

    def predict(self, X):
        """Churn probabilities of the rows of X."""
        x, n, k = as_matrix(X, "X")
        out = Out(n)
        self._check(_lr_predict(self, x.ptr, n, k, out.ptr), "LogisticChurn.predict")
        return out.value()


# ---- evaluating scores -------------------------------------------------------------------

class _Confusion(Structure):
    _fields_ = [(f, c_double) for f in ("tp", "fp", "tn", "fn", "accuracy", "precision",
                                         "recall", "specificity")]


class _Campaign(Structure):
    _fields_ = [(f, c_double) for f in ("customer_value", "contact_cost", "incentive_cost",
                                         "acceptance_rate", "fixed_cost")]


_auc = proto("csat_churn_auc", [PD, PD, c_size_t, PD, c_void_p])
_confusion = proto("csat_churn_confusion", [PD, PD, c_size_t, c_double, POINTER(_Confusion)])
_lift = proto("csat_churn_lift", [PD, PD, c_size_t, c_size_t, PD, PD, PD, PD, PD, PD, c_void_p])
_campaign = proto("csat_churn_campaign_profit", [PD, PD, c_size_t, POINTER(_Campaign), c_size_t,
                                                 PD, PSZ, c_void_p])


def _scores_y(scores, y):
    s, yy = as_doubles(scores, "scores"), as_doubles(y, "y")
    if s.n != yy.n:
        raise InvalidArgument("scores and y differ in length")
    return s, yy


def roc_auc(scores, y):
    s, yy = _scores_y(scores, y)
    v = c_double()
    check(_auc(s.ptr, yy.ptr, s.n, byref(v), None), "roc_auc")
    return v.value


def confusion(scores, y, threshold=0.5):
    s, yy = _scores_y(scores, y)
    c = _Confusion()
    check(_confusion(s.ptr, yy.ptr, s.n, threshold, byref(c)), "confusion")
    return Result({f: getattr(c, f) for f, _ in _Confusion._fields_})


def lift_table(scores, y, n_bins=10):
    """Per bin of descending score: size, churners, rate, lift, cum_gain, cum_lift."""
    s, yy = _scores_y(scores, y)
    names = ("size", "churners", "rate", "lift", "cum_gain", "cum_lift")
    outs = [Out(n_bins) for _ in names]
    check(_lift(s.ptr, yy.ptr, s.n, n_bins, *[o.ptr for o in outs], None), "lift_table")
    return Result({k: o.value() for k, o in zip(names, outs)})


def campaign_profit(scores, y, customer_value, contact_cost, incentive_cost, acceptance_rate,
                    fixed_cost=0.0, n_bins=10):
    """Expected profit of targeting the top 1..n_bins bins (Neslin et al. 2006)."""
    s, yy = _scores_y(scores, y)
    cp = _Campaign(customer_value, contact_cost, incentive_cost, acceptance_rate, fixed_cost)
    out, best = Out(n_bins), c_size_t()
    check(_campaign(s.ptr, yy.ptr, s.n, byref(cp), n_bins, out.ptr, byref(best), None),
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


_mm = proto("csat_econ_margin_multiple", [c_double, c_double, PD])
_gl = proto("csat_econ_clv_gupta_lehmann",
            [c_double, c_double, c_double, c_double, c_double, c_int, PD])
_bn = proto("csat_econ_clv_berger_nasr", [c_double, c_double, c_double, c_double, c_size_t, PD])
_csurv = proto("csat_econ_clv_survival", [PD, PD, c_size_t, c_double, c_double, c_int, PD])
_cret = proto("csat_econ_clv_retention", [PD, c_size_t, c_double, c_double, c_double, c_int, PD])
_payback = proto("csat_econ_payback", [c_double, c_double, c_double, c_double, c_int, PD,
                                       POINTER(c_int)])
_ce = proto("csat_econ_customer_equity", [PD, c_size_t, PD, c_size_t, c_double, c_double,
                                          c_double, PD])
_reff = proto("csat_econ_retention_effect", [c_double, c_double, c_double, c_double, c_double,
                                             POINTER(_RetentionEffect)])
_repl = proto("csat_econ_replacement", [c_double, c_double, c_double, c_double, c_double,
                                        POINTER(_Replacement)])
_kpi = proto("csat_kpi_rates_from_counts", [c_double, c_double, c_double, POINTER(_KpiRates)])


def _timing(timing):
    if timing not in _TIMING:
        raise InvalidArgument("timing must be 'end' or 'start'")
    return _TIMING[timing]


def _scalar(fn, what, *args):
    v = c_double()
    check(fn(*args, byref(v)), what)
    return v.value


def margin_multiple(retention, discount):
    return _scalar(_mm, "margin_multiple", retention, discount)


def clv_gupta_lehmann(margin, retention, discount, growth=0.0, acquisition_cost=0.0,
                      timing="end"):
    return _scalar(_gl, "clv_gupta_lehmann", margin, retention, discount, growth,
                   acquisition_cost, _timing(timing))


def clv_berger_nasr(gross_contribution, promotion_cost, retention, discount, years=0):
    """Berger & Nasr (1998) case 1 (the only case provided); years = 0 is the infinite
    horizon."""
    try:
        years = operator.index(years)
    except TypeError:
        raise InvalidArgument("years must be a whole number") from None
    if years < 0:
        raise InvalidArgument("years must be >= 0")
    return _scalar(_bn, "clv_berger_nasr", gross_contribution, promotion_cost, retention,
                   discount, years)


def clv_survival(margins, survival, discount, acquisition_cost=0.0, timing="end"):
    m, s = as_doubles(margins, "margins"), as_doubles(survival, "survival")
    if m.n != s.n:
        raise InvalidArgument("margins and survival differ in length")
    return _scalar(_csurv, "clv_survival", m.ptr, s.ptr, m.n, discount, acquisition_cost,
                   _timing(timing))


def clv_retention(margins, retention, discount, acquisition_cost=0.0, timing="end"):
    """CLV of a margin stream (a number = one period) with constant retention."""
    if isinstance(margins, (int, float)):
        margins = [margins]
    m = as_doubles(margins, "margins")
    return _scalar(_cret, "clv_retention", m.ptr, m.n, retention, discount, acquisition_cost,
                   _timing(timing))


def payback_period(margin, retention, discount, acquisition_cost, discounted=True):
    """Whole periods until acquisition cost is recovered; None if never."""
    t, found = c_double(), c_int()
    check(_payback(margin, retention, discount, acquisition_cost, 1 if discounted else 0,
                   byref(t), byref(found)), "payback_period")
    return t.value if found.value else None


def customer_equity(clv_current, new_customers, clv_new, acquisition_cost, discount):
    c, n = as_doubles(clv_current, "clv_current"), as_doubles(new_customers, "new_customers")
    return _scalar(_ce, "customer_equity", c.ptr, c.n, n.ptr, n.n, clv_new, acquisition_cost,
                   discount)


def retention_effect(margin, r_before, r_after, discount, acquisition_cost=0.0):
    e = _RetentionEffect()
    check(_reff(margin, r_before, r_after, discount, acquisition_cost, byref(e)),
          "retention_effect")
    return Result({f: getattr(e, f) for f, _ in _RetentionEffect._fields_})


def replacement(n_lost, clv_lost, clv_new, acquisition_cost, cost_ratio=ACQUISITION_COST_RATIO):
    r = _Replacement()
    check(_repl(n_lost, clv_lost, clv_new, acquisition_cost, cost_ratio, byref(r)), "replacement")
    return Result({f: getattr(r, f) for f, _ in _Replacement._fields_})


def kpi_rates(start, new_customers, end):
    """Retention, churn and acquisition rates from start/new/end counts."""
    k = _KpiRates()
    check(_kpi(start, new_customers, end, byref(k)), "kpi_rates")
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
                                      c_size_t, PD, PD, PD, PD, PD, PD, PSZ, c_void_p])
_kpis_c = proto("csat_kpi_between", [PU64, PD, PD, c_size_t, c_double, c_double, c_double, PD,
                                   c_size_t, PD, POINTER(_KpiReport), c_void_p])

_cohort_cust = proto("csat_cohort_table_customers",
                     [c_void_p, POINTER(_CohortOptions), c_size_t, c_size_t, PD, PD, PD, PD, PD,
                      PD, PSZ, c_void_p])
_kpis_cust = proto("csat_kpi_between_customers", [c_void_p, c_double, c_double, c_double, PD,
                                                  c_size_t, PD, POINTER(_KpiReport), c_void_p])

_COHORT_COLS = ("active", "revenue", "retention", "revenue_retention")


def _transactions(ids, times, amounts):
    i, t, a = as_uint64(ids, "ids"), as_doubles(times, "times"), as_doubles(amounts, "amounts")
    if i.n != t.n or (amounts is not None and a.n != t.n):
        raise InvalidArgument("ids, times and amounts differ in length")
    return i, t, a


def _cohort(call, period, origin, n_offsets):
    from ._lib import BufferTooSmall, out_matrix
    opts = _CohortOptions()
    check(_cohort_opts_init(byref(opts), 1))
    opts.period = period
    if origin is not None:
        opts.origin = origin
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
    """Acquisition cohorts x periods since acquisition: cohort_start, cohort_size and
    matrices active, revenue, retention, revenue_retention (rows = cohorts)."""
    i, t, a = _transactions(ids, times, amounts)
    return _cohort(lambda *args: _cohort_c(i.ptr, t.ptr, a.ptr, t.n, *args, None), period, origin,
                   n_offsets)


def cohort_table_customers(customers, period=1.0, origin=None, n_offsets=None):
    """cohort_table over every transaction of a csat.Customers store."""
    return _cohort(lambda *args: _cohort_cust(customers, *args, None), period, origin, n_offsets)


def _kpis(call, tier_bounds):
    b = as_doubles(list(tier_bounds), "tier_bounds")
    ladder = Out(b.n + 1)
    r = _KpiReport()
    check(call(b.ptr, b.n, ladder.ptr, byref(r), None), "kpis")
    res = Result({f: getattr(r, f) for f, _ in _KpiReport._fields_})
    res.ladder = ladder.value()
    return res


def kpis(ids, times, amounts, t1, t2, lost_after, tier_bounds=()):
    """CRM KPIs between t1 and t2 ("lost" = no purchase for lost_after); .ladder holds
    the customers active at t2 per spend tier."""
    i, t, a = _transactions(ids, times, amounts)
    return _kpis(lambda *args: _kpis_c(i.ptr, t.ptr, a.ptr, t.n, t1, t2, lost_after, *args),
                 tier_bounds)


def kpis_customers(customers, t1, t2, lost_after, tier_bounds=()):
    """kpis over every transaction of a csat.Customers store."""
    return _kpis(lambda *args: _kpis_cust(customers, t1, t2, lost_after, *args), tier_bounds)
