"""Buy-till-you-die purchase models (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB),
the Gamma-Gamma spend model and CLV.

    m = csat.BGNBD().fit(frequency, recency, T)
    m.params            # {'r': ..., 'alpha': ..., 'a': ..., 'b': ...}
    m.p_alive(frequency, recency, T)
    m.expected_purchases(39, frequency, recency, T)
"""
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_void_p
from . import _frames

from ._lib import (PD, CsatError, Handle, InvalidType, Out, Result, as_doubles, check, flag,
                   handle_arg, integer, new_handle, params_array, proto, real, same_length,
                   scalar_or_column, use)
from .customers import Customers

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


def _options(names, l2_penalty=0.0, max_iter=500, gtol=1e-10, start=None, standard_errors=True):
    """Fit options; start (dict or sequence) must give exactly the model's parameters."""
    o = _Options()
    check(_options_init(byref(o), _BTYD_OPTIONS_VERSION), "options")
    o.l2_penalty = real(l2_penalty, "l2_penalty")
    o.max_iter = integer(max_iter, "max_iter", ctype=c_size_t, lo=1)
    o.gtol = real(gtol, "gtol")
    o.standard_errors = flag(standard_errors, "standard_errors")
    keep = None
    if start is not None:
        keep = params_array(start, names, "start")
        o.start = keep
    return o, keep


def _columns(**cols):
    """Per-customer columns (None = an omitted optional column), checked finite
    and >= 0 with the row named; returns (dict of columns, common length)."""
    ins = {k: as_doubles(v, k, optional=k == "weights", finite=True, nonneg=True)
           for k, v in cols.items()}
    return ins, same_length(*ins.values())


def _report(r):
    return Result(iterations=r.iterations, evaluations=r.evaluations,
                  log_likelihood=r.log_likelihood, grad_norm=r.grad_norm,
                  converged=bool(r.converged))


_STATS = ("standard_errors", "lls", "fit_report")


class _Fitted(Handle):
    """A model with parameters, standard errors and a fit report in its handle.

    A copy gets the parameters through set_params and keeps the standard
    errors, log-likelihood and fit report of the original on the Python side
    (libcsat has no setter for them) until it is fitted or set again."""
    _names = ()
    _get = _set = _se = _ll = _rep = None
    _restored = None

    @property
    def params(self):
        """The parameters as a dict (Misuse before a fit or set_params)."""
        buf = (c_double * len(self._names))()
        with self._use() as p:
            self._check(type(self)._get(p, buf, len(self._names)), "params")
        return dict(zip(self._names, list(buf)))

    def set_params(self, **params):
        """Set every parameter by hand (all finite and > 0); clears the fit statistics."""
        buf = params_array(params, self._names, "set_params")
        with self._use() as p:
            self._check(type(self)._set(p, buf, len(self._names)), "set_params")
            self._restored = None
        return self

    def _stat(self, key):
        with self._use() as p:
            restored = self._restored
            if restored is not None and restored.get(key) is not None:
                return restored[key]
            if key == "standard_errors":
                buf = (c_double * len(self._names))()
                self._check(type(self)._se(p, buf, len(self._names)), "standard_errors")
                return dict(zip(self._names, list(buf)))
            if key == "lls":
                ll, aic, bic = c_double(), c_double(), c_double()
                self._check(type(self)._ll(p, byref(ll), byref(aic), byref(bic)),
                            "log_likelihood")
                return ll.value, aic.value, bic.value
            r = _FitReport()
            self._check(type(self)._rep(p, byref(r)), "fit_report")
            return _report(r)

    @property
    def standard_errors(self):
        """Standard errors of the parameters (dict), from the last fit."""
        return dict(self._stat("standard_errors"))

    @property
    def log_likelihood(self):
        """Log-likelihood at the fitted parameters (without the penalty)."""
        return self._stat("lls")[0]

    @property
    def aic(self):
        return self._stat("lls")[1]

    @property
    def bic(self):
        return self._stat("lls")[2]

    @property
    def fit_report(self):
        """How the last fit ended: iterations, evaluations, log_likelihood, grad_norm, converged."""
        return Result(self._stat("fit_report"))

    def _fitted(self, status, what):
        """After a fit call (lock held): raise on error, else drop restored statistics."""
        self._check(status, what)
        self._restored = None
        return self

    def _c_state(self):
        def attempt(read):
            try:
                return read()
            except CsatError:
                return None
        params = attempt(lambda: self.params)
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
    _age = "T"

    def __init__(self, **params):
        self._adopt(self._new_ptr())
        if params:
            self.set_params(**params)

    def _new_ptr(self):
        return new_handle(_new, None, self._kind, what=type(self).__name__)

    @property
    def kind(self):
        """The C model kind (0 BG/NBD, 1 Pareto/NBD, 2 MBG/NBD, 3 BG/BB)."""
        with self._use() as p:
            return _get_kind(p)

    def fit(self, frequency, recency, T, weights=None, *, l2_penalty=0.0, max_iter=500,
            gtol=1e-10, start=None, standard_errors=True):
        """Maximum-likelihood fit. start: the starting parameters (dict or a
        sequence in the order of params), or None for the built-in start."""
        cols, n = _columns(frequency=frequency, recency=recency, **{self._age: T},
                           weights=weights)
        o, _keep = _options(self._names, l2_penalty, max_iter, gtol, start, standard_errors)
        with self._use() as p:
            return self._fitted(_fit(p, cols["frequency"].ptr, cols["recency"].ptr,
                                     cols[self._age].ptr, cols["weights"].ptr, n, byref(o)), "fit")

    def fit_customers(self, customers, *, l2_penalty=0.0, max_iter=500, gtol=1e-10, start=None,
                      standard_errors=True):
        """Fit from a csat.Customers store's current summary (call .summary(...) first)."""
        handle_arg(customers, Customers, "customers")
        o, _keep = _options(self._names, l2_penalty, max_iter, gtol, start, standard_errors)
        with use(self, customers) as (p, c):
            return self._fitted(_fit_customers(p, c, byref(o)), "fit_customers")

    def _per_customer(self, fn, what, frequency, recency, T, *lead):
        cols, n = _columns(frequency=frequency, recency=recency, T=T)
        out = Out(n)
        with self._use() as p:
            self._check(fn(p, *lead, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                           n, out.ptr), what)
        return out.value()

    @_frames.indexed
    def p_alive(self, frequency, recency, T):
        """P(alive) per customer given frequency, recency and T."""
        return self._per_customer(_p_alive, "p_alive", frequency, recency, T)

    @_frames.indexed
    def expected_purchases(self, t, frequency, recency, T):
        """Expected purchases in the next t per customer."""
        return self._per_customer(_expected, "expected_purchases", frequency, recency, T,
                                  real(t, "t"))

    @_frames.indexed
    def expected_purchases_new(self, t):
        """E[X(t)] of a new customer (t a number or a sequence)."""
        col, scalar = scalar_or_column(t, "t")
        out = Out(col.n)
        with self._use() as p:
            self._check(_expected_new(p, col.ptr, col.n, out.ptr), "expected_purchases_new")
        return out.value()[0] if scalar else out.value()

    @_frames.indexed
    def prob_purchases(self, k, t):
        """P(X(t) = k) for a new customer (k a number or a sequence)."""
        col, scalar = scalar_or_column(k, "k")
        t = real(t, "t")
        out = Out(col.n)
        with self._use() as p:
            self._check(_prob(p, t, col.ptr, col.n, out.ptr), "prob_purchases")
        return out.value()[0] if scalar else out.value()

    @_frames.indexed
    def dert(self, discount, frequency, recency, T):
        """Discounted expected residual transactions per customer. Pareto/NBD:
        discount = continuously compounded rate per time unit (e.g.
        log(1.15)/52 for 15% a year with weekly data), also for BG/NBD and
        MBG/NBD; BG/BB: rate per period."""
        return self._per_customer(_dert, "dert", frequency, recency, T, real(discount, "discount"))


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
    _age = "n_periods"

    def fit(self, frequency, recency, n_periods, weights=None, **options):
        """Maximum-likelihood fit from x, t_x and n (opportunities); options as BGNBD.fit."""
        return super().fit(frequency, recency, n_periods, weights, **options)


class GammaGamma(_Fitted):
    """Gamma-Gamma spend model (Fader, Hardie & Lee 2005): params p, q, gamma."""
    _names = ("p", "q", "gamma")
    _free = _s_free
    _last_error = _s_last_error
    _get, _set, _se, _ll, _rep = (_s_get_params, _s_set_params, _s_standard_errors,
                                  _s_log_likelihood, _s_fit_report)

    def __init__(self, **params):
        self._adopt(self._new_ptr())
        if params:
            self.set_params(**params)

    def _new_ptr(self):
        return new_handle(_s_new, None, what="GammaGamma")

    def fit(self, frequency, monetary_value, weights=None, *, l2_penalty=0.0, max_iter=500,
            gtol=1e-10, start=None, standard_errors=True):
        """Maximum-likelihood fit from frequency and mean spend per repeat purchase."""
        cols, n = _columns(frequency=frequency, monetary_value=monetary_value, weights=weights)
        o, _keep = _options(self._names, l2_penalty, max_iter, gtol, start, standard_errors)
        with self._use() as p:
            return self._fitted(_s_fit(p, cols["frequency"].ptr, cols["monetary_value"].ptr,
                                       cols["weights"].ptr, n, byref(o)), "fit")

    @_frames.indexed
    def expected_spend(self, frequency, monetary_value):
        """Expected mean spend per transaction per customer."""
        cols, n = _columns(frequency=frequency, monetary_value=monetary_value)
        out = Out(n)
        with self._use() as p:
            self._check(_s_expected(p, cols["frequency"].ptr, cols["monetary_value"].ptr, n,
                                    out.ptr), "expected_spend")
        return out.value()


@_frames.indexed
def clv(purchase_model, spend_model, frequency, recency, T, monetary_value, n_steps=12,
        step=4.345, discount_rate=0.01):
    """Discounted CLV per customer over n_steps steps of `step` model time units
    (4.345 = a month for weekly data; 1 = per-period discounting).
    Returns Result(clv=column, equity=sum)."""
    handle_arg(purchase_model, _BTYD, "purchase_model")
    handle_arg(spend_model, GammaGamma, "spend_model")
    cols, n = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
    o = _ClvOptions()
    check(_clv_options_init(byref(o), _CLV_OPTIONS_VERSION), "clv options")
    o.n_steps = integer(n_steps, "n_steps", ctype=c_size_t)
    o.step = real(step, "step")
    o.discount_rate = real(discount_rate, "discount_rate")
    out = Out(n)
    eq = c_double()
    with use(purchase_model, spend_model) as (pm, sm):
        st = _clv(pm, sm, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                  cols["monetary_value"].ptr, n, byref(o), out.ptr, byref(eq))
        spend_model._check(st, "clv")
    return Result(clv=out.value(), equity=eq.value)


def chunk_log_likelihood(model_class, params, frequency, recency, T, weights=None):
    """Log-likelihood and gradient (dict) of a data chunk at the given params dict."""
    if not (isinstance(model_class, type) and issubclass(model_class, _BTYD)
            and model_class is not _BTYD):
        raise InvalidType("model_class must be csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD "
                          f"or csat.BGBB, not {model_class!r}")
    names = model_class._names
    p = params_array(params, names, "params")
    cols, n = _columns(frequency=frequency, recency=recency, T=T, weights=weights)
    ll = c_double()
    g = (c_double * 4)()
    check(_chunk(model_class._kind, p, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr,
                 cols["weights"].ptr, n, byref(ll), g), "chunk_log_likelihood")
    return ll.value, dict(zip(names, list(g)))
