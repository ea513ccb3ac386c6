"""Buy-till-you-die purchase models (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB),
the Gamma-Gamma spend model and CLV.

    m = csat.BGNBD().fit(frequency, recency, T)
    m.params            # {'r': ..., 'alpha': ..., 'a': ..., 'b': ...}
    m.p_alive(frequency, recency, T)
    m.expected_purchases(39, frequency, recency, T)
"""
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_void_p
from . import _frames

from ._lib import PD, Handle, InvalidArgument, Out, Result, as_doubles, check, new_handle, proto

__all__ = ["BGNBD", "ParetoNBD", "ModifiedBGNBD", "BGBB", "GammaGamma", "clv", "chunk_log_likelihood"]


class _Options(Structure):
    _fields_ = [("version", c_uint), ("l2_penalty", c_double), ("max_iter", c_size_t),
                ("gtol", c_double), ("start", PD), ("standard_errors", c_int)]


class _ClvOptions(Structure):
    _fields_ = [("version", c_uint), ("n_steps", c_size_t), ("step", c_double),
                ("discount_rate", c_double)]


class _FitReport(Structure):
    _fields_ = [("iterations", c_size_t), ("evaluations", c_size_t), ("log_likelihood", c_double),
                ("grad_norm", c_double), ("converged", c_int)]


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
_fit_report = proto("csat_btyd_fit_report", [_P, POINTER(_FitReport)])
_chunk = proto("csat_btyd_chunk_loglik", [c_int, PD, PD, PD, PD, PD, c_size_t, PD, PD])
_p_alive = proto("csat_btyd_p_alive", [_P, PD, PD, PD, c_size_t, PD])
_expected = proto("csat_btyd_expected_purchases", [_P, c_double, PD, PD, PD, c_size_t, PD])
_expected_new = proto("csat_btyd_expected_purchases_new", [_P, PD, c_size_t, PD])
_prob = proto("csat_btyd_prob_purchases", [_P, c_double, PD, c_size_t, PD])
_dert = proto("csat_btyd_dert", [_P, c_double, PD, PD, PD, c_size_t, PD])

_s_new = proto("csat_spend_new", [POINTER(c_void_p), c_void_p])
_s_free = proto("csat_spend_free", [_P], None)
_s_last_error = proto("csat_spend_last_error", [_P], c_char_p)
_s_fit = proto("csat_spend_fit", [_P, PD, PD, PD, c_size_t, POINTER(_Options)])
_s_get_params = proto("csat_spend_get_params", [_P, PD, c_size_t])
_s_set_params = proto("csat_spend_set_params", [_P, PD, c_size_t])
_s_standard_errors = proto("csat_spend_standard_errors", [_P, PD, c_size_t])
_s_log_likelihood = proto("csat_spend_log_likelihood", [_P, PD, PD, PD])
_s_fit_report = proto("csat_spend_fit_report", [_P, POINTER(_FitReport)])
_s_expected = proto("csat_spend_expected", [_P, PD, PD, c_size_t, PD])

_clv_options_init = proto("csat_clv_options_init", [POINTER(_ClvOptions), c_uint])
_clv = proto("csat_clv", [_P, _P, PD, PD, PD, PD, c_size_t, POINTER(_ClvOptions), PD, PD])

_BTYD_OPTIONS_VERSION = 1
_CLV_OPTIONS_VERSION = 1


def _options(l2_penalty=0.0, max_iter=500, gtol=1e-10, start=None, standard_errors=True):
    o = _Options()
    check(_options_init(byref(o), _BTYD_OPTIONS_VERSION), "options")
    o.l2_penalty = float(l2_penalty)
    o.max_iter = int(max_iter)
    o.gtol = float(gtol)
    o.standard_errors = 1 if standard_errors else 0
    keep = None
    if start is not None:
        keep = (c_double * len(start))(*[float(v) for v in start])
        o.start = keep
    return o, keep


def _columns(n_expected=None, **cols):
    ins = {k: as_doubles(v, k) for k, v in cols.items()}
    ns = {v.n for v in ins.values() if v.ptr is not None}
    if len(ns) > 1:
        raise InvalidArgument("columns must have equal lengths: " +
                              ", ".join(f"{k}={v.n}" for k, v in ins.items()))
    return ins, (ns.pop() if ns else 0)


def _report(r):
    return Result(iterations=r.iterations, evaluations=r.evaluations,
                  log_likelihood=r.log_likelihood, grad_norm=r.grad_norm,
                  converged=bool(r.converged))


class _Fitted(Handle):
    _names = ()
    _get = _set = _se = _ll = _rep = None

    @property
    def params(self):
        buf = (c_double * len(self._names))()
        self._check(type(self)._get(self._ptr, buf, len(self._names)), "params")
        return dict(zip(self._names, list(buf)))

    def set_params(self, **params):
        if set(params) != set(self._names):
            raise InvalidArgument(f"need exactly the parameters {', '.join(self._names)}")
        buf = (c_double * len(self._names))(*[float(params[k]) for k in self._names])
        self._check(type(self)._set(self._ptr, buf, len(self._names)), "set_params")
        return self

    @property
    def standard_errors(self):
        buf = (c_double * len(self._names))()
        self._check(type(self)._se(self._ptr, buf, len(self._names)), "standard_errors")
        return dict(zip(self._names, list(buf)))

    def _lls(self):
        ll, aic, bic = c_double(), c_double(), c_double()
        self._check(type(self)._ll(self._ptr, byref(ll), byref(aic), byref(bic)), "log_likelihood")
        return ll.value, aic.value, bic.value

    @property
    def log_likelihood(self):
        return self._lls()[0]

    @property
    def aic(self):
        return self._lls()[1]

    @property
    def bic(self):
        return self._lls()[2]

    @property
    def fit_report(self):
        r = _FitReport()
        self._check(type(self)._rep(self._ptr, byref(r)), "fit_report")
        return _report(r)


class _BTYD(_Fitted):
    _kind = 0
    _free = _free
    _last_error = _last_error
    _get, _set, _se, _ll, _rep = _get_params, _set_params, _standard_errors, _log_likelihood, _fit_report

    def __init__(self, **params):
        self._adopt(new_handle(_new, None, self._kind, what=type(self).__name__))
        if params:
            self.set_params(**params)

    @property
    def kind(self):
        return _get_kind(self._ptr)

    def fit(self, frequency, recency, T, weights=None, **options):
        """Maximum-likelihood fit; options: l2_penalty, max_iter, gtol, start, standard_errors."""
        cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
        o, _keep = _options(**options)
        self._check(_fit(self._ptr, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                         cols["weights"].ptr, n, byref(o)), "fit")
        return self

    def fit_customers(self, customers, **options):
        """Fit from a csat.Customers store's current summary (call .summary(...) first)."""
        o, _keep = _options(**options)
        self._check(_fit_customers(self._ptr, customers._ptr, byref(o)), "fit_customers")
        return self

    def _per_customer(self, fn, what, frequency, recency, T, *lead):
        cols, n = _columns(frequency=frequency, recency=recency, T=T)
        out = Out(n)
        self._check(fn(self._ptr, *lead, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                       n, out.ptr), what)
        return out.value()

    @_frames.indexed
    def p_alive(self, frequency, recency, T):
        return self._per_customer(_p_alive, "p_alive", frequency, recency, T)

    @_frames.indexed
    def expected_purchases(self, t, frequency, recency, T):
        return self._per_customer(_expected, "expected_purchases", frequency, recency, T, float(t))

    @_frames.indexed
    def expected_purchases_new(self, t):
        scalar = not hasattr(t, "__len__")
        col = as_doubles([t] if scalar else t, "t")
        out = Out(col.n)
        self._check(_expected_new(self._ptr, col.ptr, col.n, out.ptr), "expected_purchases_new")
        return out.value()[0] if scalar else out.value()

    @_frames.indexed
    def prob_purchases(self, k, t):
        """P(X(t) = k) for a new customer (k a number or a sequence)."""
        scalar = not hasattr(k, "__len__")
        col = as_doubles([k] if scalar else k, "k")
        out = Out(col.n)
        self._check(_prob(self._ptr, float(t), col.ptr, col.n, out.ptr), "prob_purchases")
        return out.value()[0] if scalar else out.value()

    @_frames.indexed
    def dert(self, discount, frequency, recency, T):
        """Discounted expected residual transactions per customer. Pareto/NBD:
        discount = continuously compounded rate per time unit (e.g.
        log(1.15)/52 for 15% a year with weekly data), also for BG/NBD and
        MBG/NBD; BG/BB: rate per period."""
        return self._per_customer(_dert, "dert", frequency, recency, T, float(discount))


class BGNBD(_BTYD):
    """BG/NBD (Fader, Hardie & Lee 2005): params r, alpha, a, b."""
    _kind = 0
    _names = ("r", "alpha", "a", "b")


class ParetoNBD(_BTYD):
    """Pareto/NBD (Schmittlein et al. 1987): params r, alpha, s, beta."""
    _kind = 1
    _names = ("r", "alpha", "s", "beta")


class ModifiedBGNBD(_BTYD):
    """MBG/NBD (Batislam et al. 2007): params r, alpha, a, b."""
    _kind = 2
    _names = ("r", "alpha", "a", "b")


class BGBB(_BTYD):
    """BG/BB (Fader, Hardie & Shang 2010): params alpha, beta, gamma, delta; integer data."""
    _kind = 3
    _names = ("alpha", "beta", "gamma", "delta")

    def fit(self, frequency, recency, n_periods, weights=None, **options):
        return super().fit(frequency, recency, n_periods, weights, **options)


class GammaGamma(_Fitted):
    """Gamma-Gamma spend model (Fader, Hardie & Lee 2005): params p, q, gamma."""
    _names = ("p", "q", "gamma")
    _free = _s_free
    _last_error = _s_last_error
    _get, _set, _se, _ll, _rep = (_s_get_params, _s_set_params, _s_standard_errors,
                                  _s_log_likelihood, _s_fit_report)

    def __init__(self, **params):
        self._adopt(new_handle(_s_new, None, what="GammaGamma"))
        if params:
            self.set_params(**params)

    def fit(self, frequency, monetary_value, weights=None, **options):
        cols, n = _columns(frequency=frequency, monetary_value=monetary_value, weights=weights)
        o, _keep = _options(**options)
        self._check(_s_fit(self._ptr, cols["frequency"].ptr, cols["monetary_value"].ptr,
                           cols["weights"].ptr, n, byref(o)), "fit")
        return self

    @_frames.indexed
    def expected_spend(self, frequency, monetary_value):
        cols, n = _columns(frequency=frequency, monetary_value=monetary_value)
        out = Out(n)
        self._check(_s_expected(self._ptr, cols["frequency"].ptr, cols["monetary_value"].ptr, n,
                                out.ptr), "expected_spend")
        return out.value()


@_frames.indexed
def clv(purchase_model, spend_model, frequency, recency, T, monetary_value, n_steps=12,
        step=4.345, discount_rate=0.01):
    """Discounted CLV per customer over n_steps steps of `step` model time units
    (4.345 = a month for weekly data; 1 = per-period discounting).
    Returns Result(clv=column, equity=sum)."""
    cols, n = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
    o = _ClvOptions()
    check(_clv_options_init(byref(o), _CLV_OPTIONS_VERSION), "clv options")
    o.n_steps, o.step, o.discount_rate = int(n_steps), float(step), float(discount_rate)
    out = Out(n)
    eq = c_double()
    st = _clv(purchase_model._ptr, spend_model._ptr, cols["frequency"].ptr, cols["recency"].ptr,
              cols["T"].ptr, cols["monetary_value"].ptr, n, byref(o), out.ptr, byref(eq))
    spend_model._check(st, "clv")
    return Result(clv=out.value(), equity=eq.value)


def chunk_log_likelihood(model_class, params, frequency, recency, T, weights=None):
    """Log-likelihood and gradient (dict) of a data chunk at the given params dict."""
    names = model_class._names
    p = (c_double * 4)(*[float(params[k]) for k in names])
    cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
    ll = c_double()
    g = (c_double * 4)()
    check(_chunk(model_class._kind, p, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                 cols["weights"].ptr, n, byref(ll), g), "chunk_log_likelihood")
    return ll.value, dict(zip(names, list(g)))
