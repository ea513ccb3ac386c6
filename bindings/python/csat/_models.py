"""What every fitted model of csat shares: repr, summary, hyperparameters
(get_params / set_params), and model files (save / csat.load).

The models: BGNBD, ParetoNBD, ModifiedBGNBD, BGBB, GammaGamma, SBG,
LogisticChurn, KaplanMeier and KMeans.

Conventions (scikit-learn's)
----------------------------
* The constructor takes hyperparameters only, and fitting happens in ``fit``.
  ``get_params()`` returns them by name, ``set_params(**hp)`` sets them
  (checked at once; a bad value leaves the model as it was).
* What a fit estimates ends in ``_``: ``params_``, ``standard_errors_``,
  ``log_likelihood_``, ``aic_``, ``bic_``, ``fit_report_``, ``n_customers_``;
  ``coef_`` (LogisticChurn); ``labels_``, ``cluster_centers_`` (KMeans);
  ``survival_``, ... (KaplanMeier). Assigning a dict to ``params_`` sets a
  parametric model's parameters by hand, checked by libcsat, as lifetimes
  users do (``m.params_ = {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}``);
  it clears the fit statistics.

summary
-------
``m.summary`` is a table with one row per parameter (index "parameter") and
lifetimes' columns ``coef``, ``se(coef)``, ``lower 95% bound`` and
``upper 95% bound`` (Wald bounds, coef -/+ 1.959963984540054 se; lifetimes
rounds the quantile to 1.96). With pandas it is a DataFrame; without, a
``csat.Summary``: a dict of columns (the index as the column "parameter")
whose attribute ``attrs`` is a dict like ``DataFrame.attrs``. In both,
``attrs`` holds the fit: ``n_customers``, ``log_likelihood``, ``aic``,
``bic``, ``converged``, ``iterations`` (None where there was no fit, e.g.
parameters set by hand), and ``stages`` (below). A standard error that is not known (parameters
set by hand, or a fit with standard_errors=False) is NaN, and so are its
bounds. KaplanMeier's summary is its table by time (survival with its
standard error and interval); KMeans' is one row per cluster.

Fit stages (issue 18)
---------------------
Large fits start on a strided subsample, then finish on all the rows.
``fit_report_`` describes the last stage (``iterations``, ``evaluations``:
those on all the rows, as libcsat's csat_fit_report) and holds every stage
in ``fit_report_["stages"]``: a list of dicts with ``rows`` (the rows the
stage used: distinct histories for the BTYD models), ``iterations``,
``evaluations``, ``log_likelihood`` (of the stage's rows at its end),
``grad_norm`` and ``converged``, subsamples first. A fit without subsamples
has one stage. ``summary.attrs["stages"]`` holds the same list, and repr
says how the iterations split, e.g. ``12 iterations (9 on a subsample of
50,000 rows, 3 on all rows)``.

Model files (format "csat-model", version 1)
--------------------------------------------
``m.save(path)`` writes one JSON object (UTF-8) and ``csat.load(path)``
reads it back into a new model of the same class. Keys:

``format``
    the string ``"csat-model"``.
``format_version``
    the integer 1. ``load`` refuses any other version (VersionError): a file
    from a newer libcsat says so instead of being misread.
``library_version``
    the libcsat version that wrote it (``csat.__version__``); informative.
``kind``
    the class: ``"BGNBD"``, ``"ParetoNBD"``, ``"ModifiedBGNBD"``, ``"BGBB"``,
    ``"GammaGamma"``, ``"SBG"``, ``"LogisticChurn"``, ``"KaplanMeier"`` or
    ``"KMeans"``.
``hyperparameters``
    the constructor's arguments (``get_params()``).
``params``
    the parameters by name (e.g. ``{"r": ..., "alpha": ..., "a": ..., "b": ...}``),
    or null when the model has none.
``standard_errors``
    their standard errors by name, or null when not known.
``fit``
    null, or how the fit ended: ``n_customers``, ``log_likelihood``,
    ``aic``, ``bic`` (any may be null), ``iterations``, ``evaluations``,
    ``grad_norm``, ``converged``, and (optional; absent from files of
    libcsat before issue 18) ``stages``: a list of objects with ``rows``,
    ``iterations``, ``evaluations``, ``log_likelihood``, ``grad_norm``,
    ``converged``, as ``fit_report_["stages"]``.
``fitted``
    null, or what a non-parametric model's fit holds: KMeans ``labels``,
    ``cluster_centers`` (rows), ``inertia``, ``n_iter``, ``converged``;
    KaplanMeier ``time``, ``n_event``, ``n_censor`` (the curve is refitted
    from them: the same estimates, standard errors and intervals);
    LogisticChurn ``coef``, ``standard_errors``, ``n_features``.

Numbers are JSON numbers written as Python writes a float (the shortest
decimal that reads back to the same double), so a file read by any
correctly rounding JSON parser gives the same doubles, bit for bit, and a
loaded model gives the same predictions as the saved one. NaN and the
infinities, which JSON lacks, are the strings ``"nan"``, ``"inf"`` and
``"-inf"``. ``load`` checks every field (types, names, ranges) and sets the
parameters through libcsat, which checks them again; anything wrong raises
``csat.InvalidArgument`` naming the field.
"""
import json
import math
import numbers
import os
from ctypes import Structure, byref, c_double, c_int, c_size_t

from ._lib import (CsatError, InvalidArgument, InvalidType, Misuse, NotFittedError, Result,
                   VersionError, describe, lib, np, real)
from . import _frames

__all__ = ["Summary", "load"]

FORMAT = "csat-model"
FORMAT_VERSION = 1
Z95 = 1.959963984540054  # the 0.975 quantile of the standard normal
SUMMARY_COLUMNS = ("coef", "se(coef)", "lower 95% bound", "upper 95% bound")
FIT_KEYS = ("n_customers", "log_likelihood", "aic", "bic", "iterations", "evaluations",
            "grad_norm", "converged", "stages")
REPORT_KEYS = ("iterations", "evaluations", "log_likelihood", "grad_norm", "converged", "stages")
STAGE_KEYS = ("rows", "iterations", "evaluations", "log_likelihood", "grad_norm", "converged")
MAX_STAGES = 4  # CSAT_FIT_MAX_STAGES

_KINDS = {}  # kind name -> class, filled by Model.__init_subclass__


class FitReport(Structure):
    """csat_fit_report (csat.h): how an optimiser's fit ended."""
    _fields_ = [("iterations", c_size_t), ("evaluations", c_size_t),
                ("log_likelihood", c_double), ("grad_norm", c_double), ("converged", c_int)]


class FitStage(Structure):
    """csat_fit_stage (csat.h): one stage of a fit (a subsample, or all rows)."""
    _fields_ = [("rows", c_size_t), ("iterations", c_size_t), ("evaluations", c_size_t),
                ("log_likelihood", c_double), ("grad_norm", c_double), ("converged", c_int)]


def report(r, stages=None):
    """A FitReport as a Result, with the fit's stages (a list of dicts, or None)."""
    return Result(iterations=r.iterations, evaluations=r.evaluations,
                  log_likelihood=r.log_likelihood, grad_norm=r.grad_norm,
                  converged=bool(r.converged), stages=stages)


def read_stages(fn, ptr):
    """The stages of the handle's last fit through fn (a csat_*_fit_stages), or None
    when it has none (no fit)."""
    buf = (FitStage * MAX_STAGES)()
    n = c_size_t()
    if fn(ptr, buf, MAX_STAGES, byref(n)) != 0:
        return None
    return [{k: (bool(getattr(s, k)) if k == "converged" else getattr(s, k)) for k in STAGE_KEYS}
            for s in buf[:n.value]]


def stages_text(stages):
    """"N iterations (M on a subsample of R rows, K on all rows)"; None without stages."""
    if not stages or any(s.get("iterations") is None for s in stages):
        return None
    total = sum(s["iterations"] for s in stages)
    if len(stages) == 1:
        return f"{total} iterations"
    parts = [f"{s['iterations']} on a subsample of {_count(s['rows'])} rows" for s in stages[:-1]]
    return f"{total} iterations ({', '.join(parts)}, {stages[-1]['iterations']} on all rows)"


def stages_record(v, what="fit.stages"):
    """A file's list of stages, checked (None stays None)."""
    if v is None:
        return None
    if not isinstance(v, list) or not 1 <= len(v) <= MAX_STAGES:
        raise InvalidArgument(f"model file: {what} must be a list of 1 to {MAX_STAGES} stages, "
                              f"not {describe(v)}")
    out = []
    for i, st in enumerate(v):
        name = f"{what}[{i}]"
        if not isinstance(st, dict) or set(st) != set(STAGE_KEYS):
            raise InvalidArgument(f"model file: {name} must be an object with keys "
                                  f"{', '.join(STAGE_KEYS)}, not {describe(st)}")
        if not isinstance(st["converged"], bool):
            raise InvalidArgument(f"model file: {name}.converged must be true or false, "
                                  f"not {describe(st['converged'])}")
        out.append({"rows": whole(st["rows"], f"{name}.rows"),
                    "iterations": whole(st["iterations"], f"{name}.iterations"),
                    "evaluations": whole(st["evaluations"], f"{name}.evaluations"),
                    "log_likelihood": number(st["log_likelihood"], f"{name}.log_likelihood"),
                    "grad_norm": number(st["grad_norm"], f"{name}.grad_norm"),
                    "converged": st["converged"]})
    return out


def report_from_file(fit):
    """fit_report_ of a model read from a file's "fit" object (a dict)."""
    out = Result({key: fit.get(key) for key in REPORT_KEYS})
    out["stages"] = stages_record(fit.get("stages"))
    return out


def fitted_read(model, what, read):
    """read() (a libcsat getter), with its Misuse ("no fit yet") as a NotFittedError."""
    try:
        return read()
    except NotFittedError:
        raise
    except Misuse as e:
        raise NotFittedError(f"{what}: this csat.{type(model).__name__} has not been fitted "
                             f"({e})") from None


def attempt(read):
    """read(), or None when libcsat has nothing to give (e.g. no fit yet)."""
    try:
        return read()
    except CsatError:
        return None


class Summary(Result):
    """A model summary without pandas: a dict of columns plus ``attrs`` (the fit).

    The keys are the columns of the DataFrame the summary is with pandas, its
    index first; ``attrs`` is the dict DataFrame.attrs would hold.

    Parameters
    ----------
    *args, **kwargs
        As for dict.
    """

    @property
    def attrs(self):
        """dict: the fit (n_customers, log_likelihood, aic, bic, converged, ...)."""
        return self.__dict__.setdefault("_attrs", {})


Summary.__module__ = "csat"


def table(index_name, index, columns, attrs):
    """A DataFrame indexed by index (with pandas) or a Summary of columns."""
    pd = _frames.pandas()
    if pd is None:
        out = Summary({index_name: list(index)})
        out.update({k: list(v) for k, v in columns.items()})
        out.attrs.update(attrs)
        return out
    frame = pd.DataFrame({k: list(v) for k, v in columns.items()},
                         index=pd.Index(list(index), name=index_name))
    frame.attrs.update(attrs)
    return frame


def parameter_table(estimates, errors, attrs):
    """The summary of a parametric model: one row per parameter (lifetimes' columns)."""
    names = list(estimates)
    coef = [float(estimates[k]) for k in names]
    se = [float(errors[k]) if errors is not None else math.nan for k in names]
    lower = [c - Z95 * s for c, s in zip(coef, se)]
    upper = [c + Z95 * s for c, s in zip(coef, se)]
    return table("parameter", names, dict(zip(SUMMARY_COLUMNS, (coef, se, lower, upper))), attrs)


# ---- numbers in files --------------------------------------------------------------

_SPECIAL = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _plain(v):
    """A number as a Python bool, int or float (others unchanged)."""
    if np is not None and isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        return v
    return int(v) if isinstance(v, numbers.Integral) else float(v)


def encode(v):
    """v as JSON-ready values: floats kept (repr round-trips), non-finite ones as
    strings, numpy scalars and arrays and array.array as numbers and lists."""
    if type(v) is list and all(type(x) is float for x in v) and all(map(math.isfinite, v)):
        return v  # a long column of finite floats (CoxPH's data, issue 15): as it is, at C speed
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if np is not None and isinstance(v, np.generic):  # numpy scalars: np.bool_, np.int64, ...
        return encode(v.item())
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        f = float(v)
        if math.isfinite(f):
            return f
        return "nan" if f != f else ("inf" if f > 0 else "-inf")
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if np is not None and isinstance(v, np.ndarray):
        return encode(v.tolist())
    if hasattr(v, "__iter__"):
        return [encode(x) for x in v]
    raise TypeError(f"cannot write {describe(v)} to a model file")


def number(v, name, *, optional=False, finite=False, nonneg=False):
    """A float from a file's value (a number or "nan"/"inf"/"-inf")."""
    if v is None and optional:
        return None
    if isinstance(v, str) and v in _SPECIAL:
        v = _SPECIAL[v]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InvalidArgument(f"model file: {name} must be a number, not {describe(v)}")
    return real(v, f"model file: {name}", finite=finite, nonneg=nonneg)


def whole(v, name, *, optional=False):
    """A non-negative int from a file's value."""
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise InvalidArgument(f"model file: {name} must be an integer >= 0, not {describe(v)}")
    return v


def field(doc, key, kind, name=None):
    """doc[key] checked to be of kind (dict, list, bool; None allowed when kind is a tuple
    with type(None))."""
    name = name or key
    if not isinstance(doc, dict) or key not in doc:
        raise InvalidArgument(f"model file: {name} is missing")
    v = doc[key]
    if not isinstance(v, kind) or (isinstance(v, bool) and bool not in (
            kind if isinstance(kind, tuple) else (kind,))):
        raise InvalidArgument(f"model file: {name} must be {getattr(kind, '__name__', kind)}, "
                              f"not {describe(v)}")
    return v


def named_numbers(v, names, what, **checks):
    """A dict of exactly the given names to numbers (None stays None)."""
    if v is None:
        return None
    if not isinstance(v, dict) or set(v) != set(names):
        raise InvalidArgument(f"model file: {what} must give exactly {', '.join(names)}, "
                              f"not {describe(v)}")
    return {k: number(v[k], f"{what}[{k!r}]", **checks) for k in names}


def numbers_list(v, what, **checks):
    if not isinstance(v, list):
        raise InvalidArgument(f"model file: {what} must be a list of numbers, not {describe(v)}")
    return [number(x, f"{what}[{i}]", **checks) for i, x in enumerate(v)]


def fit_record(v):
    """The "fit" object of a file as a dict of FIT_KEYS (None stays None)."""
    if v is None:
        return None
    if not isinstance(v, dict) or not set(v) <= set(FIT_KEYS):
        raise InvalidArgument(f"model file: fit must be an object with keys among "
                              f"{', '.join(FIT_KEYS)}, not {describe(v)}")
    out = {}
    for k in FIT_KEYS:
        x = v.get(k)
        if k in ("iterations", "evaluations"):
            out[k] = whole(x, f"fit.{k}", optional=True)
        elif k == "stages":
            out[k] = stages_record(x)
        elif k == "converged":
            if x is not None and not isinstance(x, bool):
                raise InvalidArgument(f"model file: fit.converged must be true or false, "
                                      f"not {describe(x)}")
            out[k] = x
        else:
            out[k] = number(x, f"fit.{k}", optional=True)
    return out


def fitted_section(doc):
    """The "fitted" object of a non-parametric model's file (None: not fitted)."""
    fitted = doc.get("fitted")
    if fitted is not None and not isinstance(fitted, dict):
        raise InvalidArgument(f"model file: fitted must be an object, not {describe(fitted)}")
    return fitted


def parametric_fields(doc, names):
    """(params, standard errors, fit record) of a parametric model's file, checked."""
    params = named_numbers(doc.get("params"), names, "params")
    se = named_numbers(doc.get("standard_errors"), names, "standard_errors", nonneg=True)
    fit = fit_record(doc.get("fit"))
    if params is None and (se is not None or fit is not None):
        raise InvalidArgument("model file: standard_errors or fit without params")
    return params, se, fit


# ---- the mixin -----------------------------------------------------------------------


class Model:
    """Mixin of the fitted model classes (with _lib.Handle): see the module docstring.

    A class sets _hyper (its constructor's argument names, kept as attributes
    of the same names) and implements _check_hyper() (validate them),
    _describe() (for repr: None before a fit, else (n_customers, [(name,
    value)], log-likelihood or None)), _summary(), _document() (the file's
    params, standard_errors, fit and fitted fields) and _restore(doc) (into a
    model made from the file's hyperparameters).
    """
    _hyper = ()
    _fitted_attr = None  # non-parametric models: an attribute that only a fit sets

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        if not cls.__name__.startswith("_"):
            _KINDS[cls.__name__] = cls

    def __getstate__(self):
        # hyperparameters are kept as given (scikit-learn's clone compares them by
        # identity); a copy or pickle holds them as plain numbers, so that equal
        # values given as Fraction, Decimal or numpy scalars make equal states
        state = super().__getstate__()
        attrs = state["attrs"]
        for k in self._hyper:
            if k in attrs:
                attrs[k] = _plain(attrs[k])
        return state

    def get_params(self, deep=True):
        """The hyperparameters: the constructor's arguments by name (scikit-learn's convention).

        Parameters
        ----------
        deep : bool, default True
            Accepted for scikit-learn; csat models contain no other estimators.

        Returns
        -------
        dict
            Argument name to value.
        """
        with self._use():
            return {k: getattr(self, k) for k in self._hyper}

    def set_params(self, **params):
        """Set hyperparameters (constructor arguments) by name; they apply at the next fit.

        Parameters
        ----------
        **params
            Constructor arguments by name. They are checked at once; on an error
            the model keeps its previous values.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            An unknown name (model parameters are set through ``params_``) or a bad
            value; InvalidType for a wrong type.
        """
        unknown = [k for k in params if k not in self._hyper]
        if unknown:
            hint = ""
            if set(unknown) <= set(getattr(self, "_names", ())):
                hint = "; model parameters are set by assigning a dict to params_"
            raise InvalidArgument(f"set_params: unknown hyperparameter "
                                  f"{', '.join(map(repr, unknown))} of csat.{type(self).__name__}"
                                  f" (it has {', '.join(self._hyper) or 'none'}){hint}")
        with self._use():
            old = self.get_params()
            self.__dict__.update(params)
            try:
                self._check_hyper()
            except BaseException:
                self.__dict__.update(old)
                raise
        return self

    def _check_hyper(self):
        pass

    def _is_fitted(self):
        return self.__dict__.get(self._fitted_attr) is not None

    def _require_fit(self, what):
        if not self._is_fitted():
            raise NotFittedError(f"{what}: this csat.{type(self).__name__} has not been fitted")

    # Parametric models implement _fit_stats(): (params, standard errors, fit
    # record), None for what is not known; the rest follows from it.

    def _describe(self):
        params, _se, fit = self._fit_stats()
        if params is None:
            return None
        return (None if fit is None else fit.get("n_customers"), list(params.items()),
                None if fit is None else fit.get("log_likelihood"))

    def _summary(self):
        params, se, fit = self._fit_stats()
        if params is None:
            self.params_  # raises Misuse: nothing to summarise
        fit = fit or {}
        return parameter_table(params, se, {k: fit.get(k) for k in (
            "n_customers", "log_likelihood", "aic", "bic", "converged", "iterations", "stages")})

    def _document(self):
        params, se, fit = self._fit_stats()
        return {"params": params, "standard_errors": se,
                "fit": None if fit is None else {k: fit.get(k) for k in FIT_KEYS}}

    def _stages_text(self):
        """repr's "N iterations (M on a subsample of R rows, K on all rows)" of a fit with
        subsample stages; None otherwise."""
        try:
            rep = self.fit_report_
        except (CsatError, AttributeError):
            return None
        stages = rep.get("stages") if isinstance(rep, dict) else None
        return stages_text(stages) if stages and len(stages) > 1 else None

    def __repr__(self):
        name = f"csat.{type(self).__name__}"
        if self.__dict__.get("_lock") is None or not self.__dict__.get("_ptr"):
            return f"<{name}: closed>"
        try:
            described = self._describe()
        except CsatError:
            described = None
        if described is None:
            return f"<{name}: not fitted>"
        n, values, ll = described
        parts = ", ".join(f"{k}={_g(v)}" for k, v in values)
        if n is None:
            head = "parameters set by hand" if ll is None else "fitted"
        else:
            head = f"fitted on {_count(n)} customers"
        try:
            staged = self._stages_text()
        except CsatError:
            staged = None
        return f"<{name}: {head}" + (f"; {parts}" if parts else "") + (
            f"; LL={ll:.2f}" if ll is not None else "") + (f"; {staged}" if staged else "") + ">"

    @property
    def summary(self):
        """The fitted model as a table (DataFrame with pandas, csat.Summary without).

        One row per parameter with lifetimes' columns coef, se(coef), lower 95% bound
        and upper 95% bound; attrs holds n_customers, log_likelihood, aic, bic,
        converged, iterations and stages (see csat._models). Misuse before a fit.
        """
        with self._use():
            return self._summary()

    def save(self, path):
        """Write the model to a JSON file (format "csat-model" version 1; see csat.load).

        Parameters
        ----------
        path : str or os.PathLike
            The file to write (replaced if it exists).

        Returns
        -------
        None

        Raises
        ------
        InvalidType
            path is not a str or path.
        OSError
            The file cannot be written.

        Examples
        --------
        >>> import os, tempfile
        >>> m = csat.BGNBD()
        >>> m.params_ = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> path = os.path.join(tempfile.mkdtemp(), "bgnbd.json")
        >>> m.save(path)
        >>> csat.load(path).params_ == m.params_
        True
        """
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise InvalidType(f"path must be a file name, not {describe(path)}")
        with self._use():
            body = self._document()
        doc = {"format": FORMAT, "format_version": FORMAT_VERSION,
               "library_version": lib.csat_version_string().decode(),
               "kind": type(self).__name__, "hyperparameters": self.get_params()}
        for key in ("params", "standard_errors", "fit", "fitted"):
            doc[key] = body.get(key)
        text_ = json.dumps(encode(doc), indent=1, allow_nan=False)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text_ + "\n")


def _g(v):
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def _count(n):
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.2f}"


def load(path):
    """Read a model written by save() (format "csat-model" version 1; see csat._models).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    BGNBD, ParetoNBD, ModifiedBGNBD, BGBB, GammaGamma, SBG, LogisticChurn, KaplanMeier or KMeans
        A new model of the saved class, with the saved hyperparameters, parameters,
        standard errors and fit: its predictions are those of the saved model, bit for bit.

    Raises
    ------
    InvalidType
        path is not a str or path.
    OSError
        The file cannot be read.
    VersionError
        A format version other than 1 (e.g. a file from a newer libcsat).
    InvalidArgument
        Not a csat model file, an unknown kind, or a field that is missing or wrong
        (the message names it).

    Examples
    --------
    >>> import os, tempfile
    >>> g = csat.GammaGamma()
    >>> g.params_ = dict(p=6.25, q=3.74, gamma=15.44)
    >>> path = os.path.join(tempfile.mkdtemp(), "spend.json")
    >>> g.save(path)
    >>> csat.load(path)
    <csat.GammaGamma: parameters set by hand; p=6.25, q=3.74, gamma=15.4>
    """
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise InvalidType(f"path must be a file name, not {describe(path)}")
    with open(path, encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except ValueError as e:
            raise InvalidArgument(f"{os.fsdecode(path)} is not a csat model file "
                                  f"(not JSON: {e})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InvalidArgument(f"{os.fsdecode(path)} is not a csat model file "
                              f"(no \"format\": \"{FORMAT}\")")
    version = doc.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        err = VersionError(f"{os.fsdecode(path)} has model-file format version {version!r}; this "
                           f"csat reads version {FORMAT_VERSION}"
                           + (" (the file is from a newer libcsat)"
                              if isinstance(version, int) and version > FORMAT_VERSION else ""))
        raise err
    kind = doc.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise InvalidArgument(f"model file: unknown kind {kind!r} (known: "
                              f"{', '.join(sorted(_KINDS))})")
    hyper = field(doc, "hyperparameters", dict)
    unknown = set(hyper) - set(cls._hyper)
    if unknown:
        raise InvalidArgument(f"model file: unknown hyperparameters {sorted(unknown)} "
                              f"of {kind}")
    hyper = {k: (_SPECIAL[v] if isinstance(v, str) and v in _SPECIAL else v)
             for k, v in hyper.items()}
    try:
        model = cls(**hyper)
    except TypeError as e:
        if isinstance(e, CsatError):
            raise
        raise InvalidArgument(f"model file: hyperparameters of {kind}: {e}") from None
    try:
        with model._use():
            model._restore(doc)
    except BaseException:
        model.close()
        raise
    return model
