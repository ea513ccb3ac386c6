"""Pareto/NBD and BG/NBD with time-invariant customer covariates (issue 15),
in CLVTools' parametrisation:

    alpha_i = alpha0 * exp(-gamma_trans' z_trans_i)        (purchase, both models)
    beta_i  = beta0  * exp(-gamma_life' z_life_i)          (dropout, Pareto/NBD)
    a_i = a0 * exp(gamma_life' z_life_i), b_i = b0 * exp(gamma_life' z_life_i)   (BG/NBD)

    m = csat.ParetoNBDCovariates().fit(frequency, recency, T,
                                       covariates_purchase=df[["gender", "age"]],
                                       covariates_dropout=df[["gender"]])
    m.summary            # r, alpha, s, beta, then trans.gender, trans.age, life.gender
    m.p_alive(frequency, recency, T, covariates_purchase=..., covariates_dropout=...)

Separate classes rather than extra arguments of csat.ParetoNBD / csat.BGNBD:
a model with covariates predicts only with the customers' covariate rows,
so every prediction takes them (CLVTools fits the same function on a
``clv.data.static.covariates`` object and also predicts per customer with
its covariates). The coefficients are named as CLVTools names them
(``trans.<column>``, ``life.<column>``); ``params_`` are the baseline
parameters (a customer whose covariates are all 0). CLVTools' options map to
``lambda_purchase`` / ``lambda_dropout`` (its ``reg.lambdas`` trans and life:
the fit minimises -LL/n + lambda_purchase |gamma_trans|^2 + lambda_dropout
|gamma_life|^2) and ``constraints`` of fit (its ``names.cov.constr``: one
coefficient for a covariate in both sets).
"""
import math
import re
from ctypes import POINTER, Structure, byref, c_double, c_int, c_size_t, c_uint, c_void_p

from . import _frames, _parallel
from ._lib import (PD, InvalidArgument, Misuse, Out, as_doubles, as_matrix, check, describe, integer, new_handle,
                   proto, real, sequence)
from ._models import FitReport, attempt, fitted_read, numbers_list, parameter_table
from .btyd import (_Fitted, _columns, _free, _fit_report, _fit_stages, _get_params, _last_error,
                   _log_likelihood, _new, _set_params, _standard_errors)

__all__ = ["ParetoNBDCovariates", "BGNBDCovariates"]


class _CovOptions(Structure):
    _fields_ = [("version", c_uint), ("lambda1", c_double), ("lambda2", c_double),
                ("constrain1", POINTER(c_size_t)), ("constrain2", POINTER(c_size_t)),
                ("n_constraints", c_size_t), ("max_iter", c_size_t), ("gtol", c_double),
                ("standard_errors", c_int)]


_P = c_void_p
_options_init = proto("csat_btyd_cov_options_init", [POINTER(_CovOptions), c_uint])
_fit = proto("csat_btyd_fit_covariates", [_P, PD, PD, PD, c_size_t, PD, c_size_t, PD, c_size_t,
                                          POINTER(_CovOptions), POINTER(FitReport)])
_dims = proto("csat_btyd_covariate_dims", [_P, POINTER(c_size_t), POINTER(c_size_t),
                                           POINTER(c_size_t)])
_cparams = proto("csat_btyd_covariate_params", [_P, PD, PD, c_size_t])
_set_cparams = proto("csat_btyd_set_covariate_params", [_P, PD, c_size_t, c_size_t])
_predict = proto("csat_btyd_cov_predict", [_P, c_int, c_double, PD, PD, PD, c_size_t, PD, c_size_t,
                                           PD, c_size_t, PD])
_P_ALIVE, _EXPECTED, _DERT = 0, 1, 2


def _covariates(z, name, n=None):
    """(flat C matrix or None, width, column names) of a DataFrame, 2-D array,
    list of rows or 1-D column (one covariate); None = no covariates."""
    if z is None:
        return None, 0, []
    names = None
    if hasattr(z, "columns") and hasattr(z, "to_numpy"):
        names = [str(c) for c in z.columns]
        z = z.to_numpy(dtype=float)
    elif hasattr(z, "name") and hasattr(z, "to_numpy"):  # a Series: one covariate
        names = [str(z.name) if z.name is not None else "0"]
        z = z.to_numpy(dtype=float)
    col, rows, width = as_matrix(z, name)
    if names is None:
        names = [str(j) for j in range(width)]
    if n is not None and rows != n:
        raise InvalidArgument(f"{name} has {rows} rows; frequency, recency and T have {n}")
    return col, width, names


class _Covariates(_Fitted):
    """Shared by ParetoNBDCovariates and BGNBDCovariates."""
    _hyper = ("max_iter", "gtol", "with_standard_errors", "lambda_purchase", "lambda_dropout", "n_jobs")
    _kind = 0
    _free = _free
    _last_error = _last_error
    _get, _set, _se, _ll, _rep = _get_params, _set_params, _standard_errors, _log_likelihood, _fit_report
    _stg = _fit_stages
    _names_cov = None  # (trans names, life names) of the fit

    def __init__(self, max_iter=1000, gtol=1e-9, with_standard_errors=True, lambda_purchase=0.0,
                 lambda_dropout=0.0, n_jobs=None):
        self.lambda_purchase, self.lambda_dropout = lambda_purchase, lambda_dropout
        super().__init__(0.0, max_iter, gtol, with_standard_errors, n_jobs)

    def _new_ptr(self):
        return new_handle(_new, None, self._kind, what=type(self).__name__)

    def _check_hyper(self):
        self.l2_penalty = 0.0  # the coefficients' penalties are lambda_purchase, lambda_dropout
        super()._check_hyper()
        self.lambda_purchase = real(self.lambda_purchase, "lambda_purchase", finite=True, nonneg=True)
        self.lambda_dropout = real(self.lambda_dropout, "lambda_dropout", finite=True, nonneg=True)

    # ---- the C errors in Python's names -------------------------------------------------

    def _translate(self, e, names):
        """libcsat's z1 / z2 and column numbers as the argument and column names."""
        msg = str(e)
        for cname, arg, cols in (("z1", "covariates_purchase", names[0]),
                                 ("z2", "covariates_dropout", names[1])):
            def col(m, cols=cols, arg=arg):
                j = int(m.group(2))
                return f"{arg}{m.group(1)}column {cols[j]!r}" if j < len(cols) else m.group(0)
            msg = re.sub(rf"\b{cname}\b([^:]*?)column (\d+)", col, msg)
            msg = re.sub(rf"\b{cname}\b", arg, msg)
        msg = msg.replace("p1 = ", "covariates_purchase width ").replace(
            "p2 = ", "covariates_dropout width ")
        err = type(e)(msg)
        err.code = getattr(e, "code", None)
        return err

    def _call(self, fn, what, names):
        try:
            with self._use() as p:
                return fn(p)
        except InvalidArgument as e:
            raise self._translate(e, names) from None
        except Misuse as e:
            raise self._translate(e, names) from None

    # ---- fit ----------------------------------------------------------------------------

    def fit(self, frequency, recency, T, covariates_purchase=None, covariates_dropout=None, *,
            constraints=None):
        """Maximum-likelihood fit with covariates (wraps csat_btyd_fit_covariates).

        Starts from the plain model's fit with every coefficient 0.

        Parameters
        ----------
        frequency, recency, T : sequence of float
            As for csat.ParetoNBD.fit (no weights: each row is one customer).
        covariates_purchase : DataFrame, 2-D array or sequence of rows, optional
            The purchase-process covariates z_trans, one row per customer (a 1-D
            sequence is one covariate). A DataFrame's column names name the
            coefficients (``trans.<name>``); else they are numbered.
        covariates_dropout : DataFrame, 2-D array or sequence of rows, optional
            The dropout-process covariates z_life (``life.<name>``).
        constraints : sequence of str or of (int, int), optional
            Covariates with one coefficient for both processes (CLVTools'
            names.cov.constr): a column name present in both DataFrames, or a pair
            (purchase column, dropout column) of positions.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            As for csat.ParetoNBD.fit, and for covariates with a NaN or Inf (the row
            and column are named), a constant column, a column collinear with the
            others of its matrix (named), a wrong number of rows, or a bad constraint.
        DomainError, NoConvergence
            As for csat.ParetoNBD.fit.

        Examples
        --------
        >>> m = csat.ParetoNBDCovariates()
        >>> m.params_ = dict(r=0.55, alpha=10.58, s=0.61, beta=11.67)
        >>> m.set_coefficients([0.5], [0.4])
        >>> sorted(m.coef_)
        ['life.0', 'trans.0']
        """
        cols, n = _columns(frequency=frequency, recency=recency, T=T)
        z1, p1, n1 = _covariates(covariates_purchase, "covariates_purchase", n)
        z2, p2, n2 = _covariates(covariates_dropout, "covariates_dropout", n)
        o = _CovOptions()
        check(_options_init(byref(o), 1), "options")
        o.lambda1, o.lambda2 = self.lambda_purchase, self.lambda_dropout
        o.max_iter, o.gtol = self.max_iter, self.gtol
        o.standard_errors = int(self.with_standard_errors)
        pairs = []
        for c in sequence(constraints, "constraints") if constraints is not None else ():
            if isinstance(c, str):
                if c not in n1 or c not in n2:
                    raise InvalidArgument(f"constraints: {c!r} must be a column of both "
                                          f"covariates_purchase and covariates_dropout")
                pairs.append((n1.index(c), n2.index(c)))
            else:
                c = sequence(c, "constraints[i]")
                if len(c) != 2:
                    raise InvalidArgument(f"constraints: {describe(c)} is not a column name or a "
                                          f"pair of positions")
                pairs.append((integer(c[0], "constraints[i][0]", ctype=c_size_t, lo=0),
                              integer(c[1], "constraints[i][1]", ctype=c_size_t, lo=0)))
        keep = None
        if pairs:
            c1 = (c_size_t * len(pairs))(*[a for a, _ in pairs])
            c2 = (c_size_t * len(pairs))(*[b for _, b in pairs])
            o.constrain1, o.constrain2, o.n_constraints = c1, c2, len(pairs)
            keep = (c1, c2)
        rep = FitReport()
        names = (n1, n2)
        status = self._call(lambda p: _fit(p, cols["frequency"].ptr, cols["recency"].ptr,
                                           cols["T"].ptr, n, z1.ptr if z1 else None, p1,
                                           z2.ptr if z2 else None, p2, byref(o), byref(rep)),
                            "fit", names)
        try:
            with self._use():
                self._fitted(status, "fit")
        except (InvalidArgument, Misuse) as e:
            raise self._translate(e, names) from None
        del keep
        self._names_cov = names
        self._cov_restored = None
        return self

    # ---- coefficients -------------------------------------------------------------------

    def _dims(self):
        a, b, f = c_size_t(), c_size_t(), c_size_t()
        with self._use() as p:
            fitted_read(self, "coef_", lambda: self._check(
                _dims(p, byref(a), byref(b), byref(f)), "coef_"))
        return a.value, b.value, f.value

    def _coef_names(self):
        p1, p2, _ = self._dims()
        n1, n2 = self._names_cov or ([str(j) for j in range(p1)], [str(j) for j in range(p2)])
        return [f"trans.{k}" for k in n1] + [f"life.{k}" for k in n2]

    def _gamma(self, se=False):
        p1, p2, _ = self._dims()
        if se and getattr(self, "_cov_restored", None) is not None:
            return self._cov_restored
        buf = (c_double * max(p1 + p2, 1))()
        with self._use() as p:
            self._check(_cparams(p, None if se else buf, buf if se else None, p1 + p2),
                        "coefficients")
        return list(buf)[:p1 + p2]

    @property
    def coef_(self):
        """dict of str to float: the coefficients, ``trans.<column>`` then ``life.<column>``."""
        return dict(zip(self._coef_names(), self._gamma()))

    @property
    def coef_standard_errors_(self):
        """dict of str to float: standard errors of the coefficients (Misuse if none)."""
        return dict(zip(self._coef_names(), self._gamma(se=True)))

    @property
    def aic_(self):
        """float: AIC counting the 4 parameters and the free coefficients."""
        return self._stat("lls")[1] + 2.0 * self._dims()[2]

    @property
    def bic_(self):
        """float: BIC counting the 4 parameters and the free coefficients."""
        return self._stat("lls")[2] + math.log(self.n_customers_) * self._dims()[2]

    def set_coefficients(self, purchase=(), dropout=(), names_purchase=None, names_dropout=None):
        """Set the coefficients by hand for the current params_ (wraps csat_btyd_set_covariate_params).

        Parameters
        ----------
        purchase, dropout : sequence of float
            gamma_trans and gamma_life (finite).
        names_purchase, names_dropout : sequence of str, optional
            Their covariates' names (default: positions).

        Returns
        -------
        None

        Raises
        ------
        Misuse
            No params_ yet.
        InvalidArgument
            A non-finite coefficient, or names of the wrong length.
        """
        g1 = [float(v) for v in as_doubles(list(purchase) if isinstance(purchase, tuple) else purchase,
                                           "purchase", finite=True).values()]
        g2 = [float(v) for v in as_doubles(list(dropout) if isinstance(dropout, tuple) else dropout,
                                           "dropout", finite=True).values()]
        n1 = [str(k) for k in names_purchase] if names_purchase is not None else [
            str(j) for j in range(len(g1))]
        n2 = [str(k) for k in names_dropout] if names_dropout is not None else [
            str(j) for j in range(len(g2))]
        if len(n1) != len(g1) or len(n2) != len(g2):
            raise InvalidArgument("names_purchase / names_dropout must name every coefficient")
        buf = (c_double * max(len(g1) + len(g2), 1))(*(g1 + g2))
        with self._use() as p:
            self._check(_set_cparams(p, buf, len(g1), len(g2)), "set_coefficients")
        self._names_cov = (n1, n2)
        self._cov_restored = None

    # ---- predictions --------------------------------------------------------------------

    def _cov_predict(self, what, arg, name, frequency, recency, T, zp, zd):
        cols, n = _columns(frequency=frequency, recency=recency, T=T, defer=True)
        z1, p1, _ = _covariates(zp, "covariates_purchase", n)
        z2, p2, _ = _covariates(zd, "covariates_dropout", n)
        out = Out(n, zero=False)
        names = self._names_cov or ([], [])
        self._call(lambda p: self._check(_predict(
            p, what, arg, cols["frequency"].ptr, cols["recency"].ptr, cols["T"].ptr, n,
            z1.ptr if z1 else None, p1, z2.ptr if z2 else None, p2, out.ptr), name, cols.values()),
            name, names)
        return out.value()

    @_frames.indexed
    def p_alive(self, frequency, recency, T, covariates_purchase=None, covariates_dropout=None):
        """P(alive at T) per customer at the customer's own parameters (wraps csat_btyd_cov_predict).

        Parameters
        ----------
        frequency, recency, T : sequence of float
            As for csat.ParetoNBD.p_alive.
        covariates_purchase, covariates_dropout : DataFrame, 2-D array or rows, optional
            The customers' covariate rows, of the fitted widths (None for width 0).

        Returns
        -------
        numpy.ndarray or list of float
            P(alive) in [0, 1] per customer.

        Raises
        ------
        InvalidArgument
            As for csat.ParetoNBD.p_alive, and covariates of another width than the fit's
            or with a NaN (row and column named).
        DomainError
            A customer's parameter outside [1e-15, 1e15] (huge covariates; named).
        Misuse
            No coefficients (fit or set_coefficients first).
        """
        return self._cov_predict(_P_ALIVE, 0.0, "p_alive", frequency, recency, T,
                                 covariates_purchase, covariates_dropout)

    @_frames.indexed
    def expected_purchases(self, t, frequency, recency, T, covariates_purchase=None,
                           covariates_dropout=None):
        """E[X(T, T+t) | x, t_x, T] per customer with its covariates (wraps csat_btyd_cov_predict).

        Parameters
        ----------
        t : float
            Horizon (finite, >= 0).
        frequency, recency, T : sequence of float
            As for p_alive.
        covariates_purchase, covariates_dropout : DataFrame, 2-D array or rows, optional
            As for p_alive.

        Returns
        -------
        numpy.ndarray or list of float
            Expected purchases >= 0 per customer.

        Raises
        ------
        InvalidArgument, DomainError, Misuse
            As for p_alive; InvalidArgument also for a bad t.
        """
        return self._cov_predict(_EXPECTED, real(t, "t"), "expected_purchases", frequency, recency,
                                 T, covariates_purchase, covariates_dropout)

    @_frames.indexed
    def dert(self, discount, frequency, recency, T, covariates_purchase=None,
             covariates_dropout=None):
        """Discounted expected residual transactions with covariates (wraps csat_btyd_cov_predict).

        Parameters
        ----------
        discount : float
            Continuously compounded rate per model time unit (finite, >= 1e-9).
        frequency, recency, T : sequence of float
            As for p_alive.
        covariates_purchase, covariates_dropout : DataFrame, 2-D array or rows, optional
            As for p_alive.

        Returns
        -------
        numpy.ndarray or list of float
            DERT >= 0 per customer.

        Raises
        ------
        InvalidArgument, DomainError, Misuse
            As for p_alive; InvalidArgument also for a discount below 1e-9.
        """
        return self._cov_predict(_DERT, real(discount, "discount"), "dert", frequency, recency, T,
                                 covariates_purchase, covariates_dropout)

    def clv(self, spend_model, frequency, recency, T, monetary_value, covariates_purchase=None,
            covariates_dropout=None, n_steps=12, step=4.345, discount_rate=0.01):
        """CLV per customer with covariates, as csat.clv: sum over k of the expected purchases
        in step k times the expected spend, discounted by (1 + discount_rate)^k.

        Parameters
        ----------
        spend_model : GammaGamma
            A fitted spend model.
        frequency, recency, T : sequence of float
            As for p_alive.
        monetary_value : sequence of float
            Mean spend per repeat purchase (as csat.clv).
        covariates_purchase, covariates_dropout : DataFrame, 2-D array or rows, optional
            As for p_alive.
        n_steps : int, default 12
            Discounting steps (>= 1).
        step : float, default 4.345
            Length of a step in model time units (> 0).
        discount_rate : float, default 0.01
            Rate per step (>= 0).

        Returns
        -------
        list of float
            CLV per customer.

        Raises
        ------
        InvalidArgument, DomainError, Misuse
            As for p_alive and GammaGamma.expected_spend.
        """
        n_steps = integer(n_steps, "n_steps", lo=1)
        step = real(step, "step", finite=True, positive=True)
        discount_rate = real(discount_rate, "discount_rate", finite=True, nonneg=True)
        spend = list(spend_model.expected_spend(frequency, monetary_value))
        prev = [0.0] * len(spend)
        total = [0.0] * len(spend)
        for k in range(1, n_steps + 1):
            e = list(self.expected_purchases(k * step, frequency, recency, T, covariates_purchase,
                                             covariates_dropout))
            f = (1.0 + discount_rate) ** -k
            for i in range(len(spend)):
                total[i] += (e[i] - prev[i]) * spend[i] * f
            prev = e
        return total

    # ---- summary, files, copies ---------------------------------------------------------

    def _summary(self):
        params, se, fit = self._fit_stats()
        if params is None:
            self.params_
        est = dict(params)
        errs = dict(se) if se is not None else None
        coef = attempt(lambda: self.coef_) or {}
        cse = attempt(lambda: self.coef_standard_errors_)
        est.update(coef)
        if errs is not None:
            errs.update(cse if cse is not None else {k: math.nan for k in coef})
        fit = fit or {}
        attrs = {k: fit.get(k) for k in ("n_customers", "log_likelihood", "converged",
                                         "iterations", "stages")}
        attrs["aic"] = attempt(lambda: self.aic_)
        attrs["bic"] = attempt(lambda: self.bic_)
        return parameter_table(est, errs, attrs)

    def _document(self):
        doc = super()._document()
        dims = attempt(self._dims)
        if dims is not None:
            p1, p2, nf = dims
            n1, n2 = self._names_cov or ([str(j) for j in range(p1)], [str(j) for j in range(p2)])
            doc["fitted"] = {"names_purchase": n1, "names_dropout": n2, "gamma": self._gamma(),
                             "gamma_se": attempt(lambda: self._gamma(se=True)), "n_free": nf}
        return doc

    def _restore(self, doc):
        super()._restore(doc)
        f = doc.get("fitted")
        if f is None:
            return
        if not isinstance(f, dict) or not isinstance(f.get("names_purchase"), list) or \
                not isinstance(f.get("names_dropout"), list):
            raise InvalidArgument("model file: fitted must give names_purchase, names_dropout, gamma")
        n1, n2 = [str(k) for k in f["names_purchase"]], [str(k) for k in f["names_dropout"]]
        g = numbers_list(f.get("gamma"), "fitted.gamma", finite=True)
        if len(g) != len(n1) + len(n2):
            raise InvalidArgument("model file: fitted.gamma must have one value per name")
        self.set_coefficients(g[:len(n1)], g[len(n1):], n1, n2)
        se = f.get("gamma_se")
        self._cov_restored = None if se is None else numbers_list(se, "fitted.gamma_se", nonneg=True)

    def _c_state(self):
        state = super()._c_state()
        dims = attempt(self._dims)
        state["cov"] = None if dims is None else {
            "p": dims[:2], "gamma": self._gamma(), "se": attempt(lambda: self._gamma(se=True)),
            "names": self._names_cov}
        return state

    def _c_restore(self, state):
        super()._c_restore(state)
        cov = state.get("cov")
        if cov is not None:
            p1, p2 = cov["p"]
            names = cov["names"] or ([str(j) for j in range(p1)], [str(j) for j in range(p2)])
            self.set_coefficients(cov["gamma"][:p1], cov["gamma"][p1:], names[0], names[1])
            self._cov_restored = cov["se"]


_DOC = """{model} with time-invariant covariates, CLVTools' parametrisation (see csat.btyd_cov).

    {links}

    params_ are the baseline parameters ({names}); coef_ the coefficients.

    Parameters
    ----------
    max_iter : int, default 1000
        Iteration limit of the optimiser (>= 1).
    gtol : float, default 1e-9
        Gradient tolerance of -LL/n (finite, > 0).
    with_standard_errors : bool, default True
        Standard errors from the Hessian.
    lambda_purchase, lambda_dropout : float, default 0.0
        CLVTools' reg.lambdas (trans, life): L2 penalties on the coefficients.
    {n_jobs}

    Raises
    ------
    InvalidArgument
        A bad hyperparameter; InvalidType for a wrong type.
    """


class ParetoNBDCovariates(_Covariates):
    __doc__ = _DOC.format(n_jobs=_parallel.N_JOBS_DOC, model="Pareto/NBD", names="r, alpha, s, beta",
                          links="alpha_i = alpha * exp(-trans' z_purchase_i), "
                                "beta_i = beta * exp(-life' z_dropout_i).")
    _kind = 1
    _names = ("r", "alpha", "s", "beta")


class BGNBDCovariates(_Covariates):
    __doc__ = _DOC.format(n_jobs=_parallel.N_JOBS_DOC, model="BG/NBD", names="r, alpha, a, b",
                          links="alpha_i = alpha * exp(-trans' z_purchase_i), a_i = a * exp(life' "
                                "z_dropout_i), b_i = b * exp(life' z_dropout_i) (CLVTools "
                                "src/bgnbd_LL.cpp).")
    _kind = 0
    _names = ("r", "alpha", "a", "b")


for _c in (ParetoNBDCovariates, BGNBDCovariates):
    _c.__module__ = "csat"
