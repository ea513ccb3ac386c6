"""PLS path modelling: customer satisfaction indices (ACSI, ECSI, CCSI-style)
as structural models (wraps csat_pls_*, issue 16).

PLSPathModel estimates a model of latent variables (LVs), each measured by a
block of survey items, by Lohmoeller's PLS algorithm (Tenenhaus et al. 2005,
"PLS path modeling", Computational Statistics & Data Analysis 48): outer
weights and loadings, path coefficients with R^2, effects, reliability
(communality, AVE, Dillon-Goldstein's rho, Cronbach's alpha), HTMT, the
goodness of fit, the ACSI-style 0-100 index per LV, the importance-performance
map and bootstrap standard errors and percentile intervals.
"""
import copy
import math
from ctypes import (POINTER, Structure, byref, c_double, c_int, c_size_t, c_uint, c_uint64,
                    c_ubyte, c_void_p, c_char_p)

from . import _frames, _parallel
from ._lib import (PD, PSZ, Handle, InvalidArgument, InvalidType, Out, Result, as_matrix, check,
                   choice, describe, integer, lib, new_handle, proto, real)
from ._models import (Model, Summary, fitted_section, numbers_list, table, whole)
from ._models import FitStage, read_stages  # fit stages (issue 18)
from ._lib import np

__all__ = ["PLSPathModel"]


class _Options(Structure):
    _fields_ = [("version", c_uint), ("scheme", c_int), ("tol", c_double), ("max_iter", c_size_t),
                ("nan_policy", c_int), ("mean_replace", c_int)]


class _Report(Structure):
    _fields_ = [("n_used", c_size_t), ("n_iter", c_size_t), ("last_change", c_double),
                ("converged", c_int), ("gof", c_double)]


class _Quality(Structure):
    _fields_ = [(k, c_double) for k in ("r2", "communality", "redundancy", "ave", "rho_dg", "alpha")]


class _Scale(Structure):
    _fields_ = [("min", c_double), ("max", c_double), ("reversed", c_int)]


_PUB = POINTER(c_ubyte)
_opts_init = proto("csat_pls_options_init", [POINTER(_Options), c_uint])
_new = proto("csat_pls_new", [POINTER(c_void_p), c_void_p, PSZ, c_size_t, _PUB, c_size_t, POINTER(c_int)],
             details=True)
_free = proto("csat_pls_free", [c_void_p], None)
_last_error = proto("csat_pls_last_error", [c_void_p], c_char_p)
_fit = proto("csat_pls_fit", [c_void_p, PD, c_size_t, c_size_t, POINTER(_Options), POINTER(_Report)])
_fit_columns = proto("csat_pls_fit_columns", [c_void_p, PD, c_size_t, c_size_t, POINTER(_Options),
                                              POINTER(_Report)])
_fit_stages = proto("csat_pls_fit_stages", [c_void_p, POINTER(FitStage), c_size_t, POINTER(c_size_t)])  # issue 18
_outer = proto("csat_pls_outer", [c_void_p, PD, PD, c_size_t])
_cross = proto("csat_pls_cross_loadings", [c_void_p, PD, c_size_t, c_size_t])
_inner = proto("csat_pls_inner", [c_void_p, PD, PD, PD, PD, c_size_t])
_lvcor = proto("csat_pls_lv_correlations", [c_void_p, PD, c_size_t])
_quality = proto("csat_pls_quality", [c_void_p, POINTER(_Quality), c_size_t])
_htmt = proto("csat_pls_htmt", [c_void_p, PD, c_size_t])
_scores = proto("csat_pls_scores", [c_void_p, PD, PD, c_size_t, c_size_t])
_index = proto("csat_pls_index", [c_void_p, POINTER(_Scale), PD, c_size_t])
_ipma = proto("csat_pls_ipma", [c_void_p, c_size_t, POINTER(_Scale), PD, PD, c_size_t])
_boot = proto("csat_pls_bootstrap", [c_void_p, c_size_t, c_uint64, c_double, POINTER(_Scale)])
_boot_get = proto("csat_pls_bootstrap_get", [c_void_p, c_int, PD, PD, PD, c_size_t])

_SCHEMES = {"centroid": 0, "factorial": 1, "path": 2}
_MISSING = {"error": (0, 0), "listwise": (1, 0), "mean": (1, 1)}
_EST = {"weights": 0, "loadings": 1, "paths": 2, "total": 3, "r2": 4, "index": 5}

_preset_model = proto("csat_pls_preset_model", [c_int, PSZ, _PUB, POINTER(c_char_p), c_size_t], details=True)
_PRESETS = {"acsi": 0, "ecsi": 1, "ccsi": 2}


def _preset_structure(name):
    """The preset's LV names and paths, from libcsat (csat_pls_preset_model)."""
    n = c_size_t()
    paths = (c_ubyte * 64)()
    names = (c_char_p * 8)()
    check(_preset_model(_PRESETS[name], byref(n), paths, names, 8), "PLSPathModel.preset")
    q = n.value
    lvs = [names[j].decode() for j in range(q)]
    return lvs, [(lvs[a], lvs[b]) for a in range(q) for b in range(q) if paths[a * q + b]]


class _class_or_open_instance(classmethod):
    """A classmethod that, reached through a closed instance, raises ClosedError
    (as every method of a closed object does)."""

    def __get__(self, obj, cls=None):
        if obj is not None:
            with obj._use():
                pass
        return super().__get__(obj, cls)


def _floats(out):
    return [float(v) for v in out.value()]


@_parallel.documented
class PLSPathModel(Model, Handle):
    """A PLS path model (wraps csat_pls_new / csat_pls_fit): latent variables measured by
    blocks of items, linked by an inner model, estimated by Lohmoeller's algorithm.

    After fit: path_coefficients_ (dict keyed by (from, to)), r2_ (by LV),
    outer_weights_ and loadings_ (by item), cross_loadings_, scores_ and
    scores_scaled_ (by LV, one value per respondent used), index_ (0-100 by LV),
    effects_ (direct, indirect, total by (from, to)), quality_ (per LV:
    communality, redundancy, AVE, rho_dg, alpha, r2), htmt_, gof_,
    fit_report_ and n_respondents_; coef_ and params_ are the path
    coefficients keyed "from -> to". bootstrap() adds bootstrap_ (standard
    errors and percentile intervals). summary is the inner model;
    summary_tables holds the outer model, inner model, reliability, effects
    and index tables. Copies, pickles and model files refit the stored data
    (and rerun a bootstrap from its seed), so they give the same estimates.

    Parameters
    ----------
    blocks : dict
        LV name -> list of item (column) names; every item in one block only.
    paths : list of (str, str)
        The inner model's paths (from, to); no cycles.
    modes : dict, optional
        LV name -> "A" (reflective, the default) or "B" (formative).
    scheme : {"path", "centroid", "factorial"}, default "path"
        Inner weighting scheme.
    scale : (float, float), optional
        The answers' scale (min, max) for the 0-100 index; default the smallest and
        largest answer seen in the data.
    missing : {"error", "listwise", "mean"}, default "error"
        NaN answers: an error, drop the respondent, or replace by the item's mean.
    tol : float, default 1e-10
        Stop when the largest change of the outer weights is below tol.
    max_iter : int, default 300
        Iteration limit (NoConvergence beyond, with the last change).
    {n_jobs}

    Raises
    ------
    InvalidArgument
        Overlapping or empty blocks, unknown LVs in paths, a cycle (the message
        names it), an LV in no path, a bad option; InvalidType for wrong types.
    """
    _free = _free
    _last_error = _last_error
    _hyper = ("blocks", "paths", "modes", "scheme", "scale", "missing", "tol", "max_iter", "n_jobs")
    _parallel_kind = "pls"
    _fitted_attr = "path_coefficients_"

    def __init__(self, blocks, paths, modes=None, scheme="path", scale=None, missing="error", tol=1e-10,
                 max_iter=300, n_jobs=None):
        self.blocks, self.paths, self.modes, self.scheme = blocks, paths, modes, scheme
        self.scale, self.missing, self.tol, self.max_iter = scale, missing, tol, max_iter
        self.n_jobs = n_jobs
        self._check_hyper()
        self._adopt(self._new_ptr())

    @_class_or_open_instance
    def preset(cls, name, items, **kwargs):
        """A model with a published index's structure: "acsi", "ecsi" or "ccsi".

        Parameters
        ----------
        name : {"acsi", "ecsi", "ccsi"}
            ACSI (Fornell et al. 1996, J. Marketing 60(4)): expectations, quality, value,
            satisfaction, complaints, loyalty. ECSI (Cassel & Eklof 2001; Tenenhaus et al.
            2005): the same with image. CCSI-style: ECSI with brand image, without complaints.
        items : dict
            LV name (as listed for the preset) -> the survey's item columns.
        **kwargs
            Further constructor arguments (modes, scheme, scale, missing, ...).

        Returns
        -------
        PLSPathModel

        Raises
        ------
        InvalidArgument
            An unknown preset, or items that do not name exactly the preset's LVs.
        """
        lvs, paths = _preset_structure(choice(name, {k: k for k in _PRESETS}, "name"))
        if not isinstance(items, dict) or set(items) != set(lvs):
            raise InvalidArgument(f"items must map exactly the {name} LVs {lvs} to item columns")
        return cls({lv: list(items[lv]) for lv in lvs}, list(paths), **kwargs)

    # ---- specification --------------------------------------------------------

    def _check_hyper(self):
        _parallel.threads(self.n_jobs)
        if not isinstance(self.blocks, dict) or not self.blocks:
            raise InvalidType(f"blocks must be a non-empty dict of LV -> item names, not {describe(self.blocks)}")
        lvs = list(self.blocks)
        items, lv_of = [], []
        for j, lv in enumerate(lvs):
            its = self.blocks[lv]
            if isinstance(its, (str, bytes)) or not hasattr(its, "__iter__"):
                raise InvalidType(f"blocks[{lv!r}] must be a list of item names, not {describe(its)}")
            its = list(its)
            if not its:
                raise InvalidArgument(f"blocks[{lv!r}] is empty: every LV needs at least one item")
            for it in its:
                if it in items:
                    raise InvalidArgument(f"item {it!r} is in two blocks ({lvs[lv_of[items.index(it)]]!r} "
                                          f"and {lv!r}): blocks must not overlap")
                items.append(it)
                lv_of.append(j)
        if isinstance(self.paths, (str, bytes)) or not hasattr(self.paths, "__iter__"):
            raise InvalidType(f"paths must be a list of (from, to) pairs, not {describe(self.paths)}")
        pairs = []
        for pth in self.paths:
            if not isinstance(pth, (tuple, list)) or len(pth) != 2:
                raise InvalidType(f"paths must hold (from, to) pairs, not {describe(pth)}")
            for end in pth:
                if end not in self.blocks:
                    raise InvalidArgument(f"path {tuple(pth)!r}: {end!r} is not an LV of blocks")
            pairs.append((pth[0], pth[1]))
        modes = self.modes or {}
        if not isinstance(modes, dict):
            raise InvalidType(f"modes must be a dict of LV -> 'A' or 'B', not {describe(modes)}")
        for lv, md in modes.items():
            if lv not in self.blocks:
                raise InvalidArgument(f"modes: {lv!r} is not an LV of blocks")
            if md not in ("A", "B"):
                raise InvalidArgument(f"modes[{lv!r}] = {md!r}: use 'A' or 'B'")
        choice(self.scheme, _SCHEMES, "scheme")
        choice(self.missing, _MISSING, "missing")
        if self.scale is not None:
            if not isinstance(self.scale, (tuple, list)) or len(self.scale) != 2:
                raise InvalidType(f"scale must be (min, max), not {describe(self.scale)}")
            lo, hi = (real(v, "scale", finite=True) for v in self.scale)
            if not lo < hi:
                raise InvalidArgument(f"scale = ({lo}, {hi}): min must be below max")
        self._options()
        self._lvs, self._items, self._lv_of, self._pairs = lvs, items, lv_of, pairs

    def _options(self):
        o = _Options()
        check(_opts_init(byref(o), 1))
        o.scheme = _SCHEMES[self.scheme]
        o.nan_policy, o.mean_replace = _MISSING[self.missing]
        o.tol = real(self.tol, "tol", finite=True, positive=True)
        o.max_iter = integer(self.max_iter, "max_iter", ctype=c_size_t, lo=1)
        return o

    def _new_ptr(self):
        q, p = len(self._lvs), len(self._items)
        lv = (c_size_t * p)(*self._lv_of)
        adj = (c_ubyte * (q * q))()
        for a, b in self._pairs:
            adj[self._lvs.index(a) * q + self._lvs.index(b)] = 1
        modes = (c_int * q)(*[1 if (self.modes or {}).get(lv_) == "B" else 0 for lv_ in self._lvs])
        out = c_void_p()
        st = _new(byref(out), None, lv, p, adj, q, modes)
        if st < 0:
            msg = st.err.message.decode(errors="replace")
            # name the LVs of a cycle or an isolated LV by their names
            for j in sorted(range(q), key=lambda k: -len(str(k))):
                msg = msg.replace(f"LV {j} ", f"LV {self._lvs[j]!r} ")
            if "cycle" in msg:
                head, chain = msg.split(": ", 1)
                msg = head + ": " + " -> ".join(repr(self._lvs[int(k)]) for k in chain.split(" -> "))
            if st == InvalidArgument.code:
                raise InvalidArgument(f"PLSPathModel: {msg}")
            check(st, "PLSPathModel")
        return out

    # ---- fit --------------------------------------------------------------------

    def fit(self, data):
        """Estimate the model on survey answers (wraps csat_pls_fit).

        Parameters
        ----------
        data : pandas.DataFrame or dict
            One column per item (by the names in blocks), one row per respondent;
            NaN answers as the missing option says.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            A missing column, NaN under missing="error", Inf; InvalidType for non-numbers.
        DomainError
            An item with zero variance, a mode-B block with at least as many items as
            respondents or collinear items.
        EmptyInput
            Fewer than 2 respondents left.
        NoConvergence
            max_iter reached (the message gives the last change).

        Examples
        --------
        >>> d = {"x1": [1, 2, 3, 4, 5, 2], "x2": [2, 2, 4, 5, 4, 1],
        ...      "y1": [1, 3, 3, 5, 4, 2], "y2": [2, 3, 2, 5, 5, 1]}
        >>> m = csat.PLSPathModel({"X": ["x1", "x2"], "Y": ["y1", "y2"]}, [("X", "Y")]).fit(d)
        >>> round(m.path_coefficients_[("X", "Y")], 4) == round(m.r2_["Y"] ** 0.5, 4)
        True
        """
        cols = []
        for it in self._items:
            try:
                cols.append(data[it])
            except (KeyError, IndexError, TypeError):
                raise InvalidArgument(f"data has no column {it!r} (an item of the model)") from None
        cm = self._numeric_columns(cols)
        if cm is not None:
            self._fit_columns(cm)
            self.__dict__.pop("bootstrap_", None)
            self._boot_args = None
            return self
        if np is not None:
            mat = np.column_stack([np.asarray(c, dtype=float) if not isinstance(c, (str, bytes)) else c
                                   for c in cols])
        else:
            mat = [list(r) for r in zip(*[list(c) for c in cols])]
        self._fit_matrix(mat)
        self.__dict__.pop("bootstrap_", None)
        self._boot_args = None
        return self

    @staticmethod
    def _numeric_columns(cols):
        """The columns as one items x respondents array (column-major data for
        csat_pls_fit_columns, one contiguous copy), when they are all 1-D numeric
        numpy arrays or pandas Series of one length; else None (the general path)."""
        if np is None or not cols:
            return None
        arrs = []
        for c in cols:
            a = c.to_numpy() if hasattr(c, "to_numpy") and not isinstance(c, np.ndarray) else c
            if not isinstance(a, np.ndarray) or a.ndim != 1 or a.dtype.kind not in "fiu":
                return None
            arrs.append(a)
        n = len(arrs[0])
        if any(len(a) != n for a in arrs):
            return None
        cm = np.empty((len(arrs), n))
        for i, a in enumerate(arrs):
            cm[i] = a
        return cm

    def _fit_columns(self, cm):
        """Fit on an items x respondents float array owned by the model (kept as the data)."""
        o = self._options()
        rep = _Report()
        with self._use() as h:
            self._check(_fit_columns(h, cm.ctypes.data_as(PD), cm.shape[1], cm.shape[0], byref(o), byref(rep)),
                        "PLSPathModel.fit")
            cm.flags.writeable = False
            self._data = cm.T  # respondents x items, a view
            self._read(h, rep)

    def _fit_matrix(self, mat):
        x, n, k = as_matrix(mat, "data", allow_nan=True)
        o = self._options()
        rep = _Report()
        with self._use() as h:
            self._check(_fit(h, x.ptr, n, k, byref(o), byref(rep)), "PLSPathModel.fit")
            # the data as fitted (copies, pickles and model files refit them)
            self._data = (np.array(mat, dtype=float) if np is not None
                          else [[float(v) for v in row] for row in mat])
            self._read(h, rep)

    def _read(self, h, rep):
        p, q, lvs, items = len(self._items), len(self._lvs), self._lvs, self._items
        w, ld = Out(p), Out(p)
        self._check(_outer(h, w.ptr, ld.ptr, p))
        cr = Out(p * q)
        self._check(_cross(h, cr.ptr, p, q))
        B, ind, T, r2 = Out(q * q), Out(q * q), Out(q * q), Out(q)
        self._check(_inner(h, B.ptr, ind.ptr, T.ptr, r2.ptr, q))
        qb = (_Quality * q)()
        self._check(_quality(h, qb, q))
        ht = Out(q * q)
        self._check(_htmt(h, ht.ptr, q))
        self.__dict__.pop("_scores_cache", None)  # scores_ are read from C when first asked for
        sc = self._scale_struct()
        idx = Out(q)
        self._check(_index(h, byref(sc), idx.ptr, q))
        B, ind, T, r2, w, ld, cr, ht, idx = map(_floats, (B, ind, T, r2, w, ld, cr, ht, idx))
        self.outer_weights_ = dict(zip(items, w))
        self.loadings_ = dict(zip(items, ld))
        self.cross_loadings_ = {it: dict(zip(lvs, cr[i * q:(i + 1) * q])) for i, it in enumerate(items)}
        self.path_coefficients_ = {(a, b): B[lvs.index(a) * q + lvs.index(b)] for a, b in self._pairs}
        self.r2_ = dict(zip(lvs, r2))
        self.effects_ = {(a, b): Result(direct=B[i * q + j], indirect=ind[i * q + j], total=T[i * q + j])
                         for i, a in enumerate(lvs) for j, b in enumerate(lvs) if T[i * q + j] != 0.0}
        self.quality_ = {lv: Result((f, getattr(qb[j], f)) for f, _ in _Quality._fields_) for j, lv in enumerate(lvs)}
        self.htmt_ = {(a, b): ht[i * q + j] for i, a in enumerate(lvs) for j, b in enumerate(lvs) if i != j}
        self.index_ = dict(zip(lvs, idx))
        self.gof_ = rep.gof
        self.n_respondents_ = rep.n_used
        self.fit_report_ = Result(iterations=rep.n_iter, last_change=rep.last_change,
                                  converged=bool(rep.converged), n_used=rep.n_used,
                                  stages=read_stages(_fit_stages, h))
        self.coef_ = self.params_ = {f"{a} -> {b}": v for (a, b), v in self.path_coefficients_.items()}

    def _scores(self):
        """(standardised, scaled) LV scores of the current fit, read from C once."""
        with self._use() as h:  # a closed model raises ClosedError, as every member does
            self._require_fit("scores_")
            cached = self.__dict__.get("_scores_cache")
            if cached is None:
                q, n = len(self._lvs), self.n_respondents_
                ys, yc = Out(n * q, zero=False), Out(n * q, zero=False)
                self._check(_scores(h, ys.ptr, yc.ptr, n, q), "scores_")
                ys, yc = ys.value(), yc.value()
                cached = (self._columns({lv: ys[j::q] for j, lv in enumerate(self._lvs)}),
                          self._columns({lv: yc[j::q] for j, lv in enumerate(self._lvs)}))
                self._scores_cache = cached
        return cached

    @property
    def scores_(self):
        """Standardised LV scores (mean 0, variance 1), one column per LV and one row per
        respondent used: a DataFrame with pandas, else a dict of arrays (read from libcsat
        on first use after a fit)."""
        return self._scores()[0]

    @property
    def scores_scaled_(self):
        """LV scores on the items' scale (the ACSI weighting), laid out as scores_."""
        return self._scores()[1]

    def _data_rows(self):
        return self._data.tolist() if hasattr(self._data, "tolist") else copy.deepcopy(self._data)

    @staticmethod
    def _columns(cols):
        pd = _frames.pandas()
        if pd is not None:
            return pd.DataFrame(cols)
        if np is not None:
            return {k: np.asarray(v) for k, v in cols.items()}
        return cols

    def _scale_struct(self):
        if self.scale is not None:
            lo, hi = float(self.scale[0]), float(self.scale[1])
        elif np is not None:
            lo, hi = float(np.nanmin(self._data)), float(np.nanmax(self._data))
        else:
            vals = [v for row in self._data for v in row if not math.isnan(v)]
            lo, hi = min(vals), max(vals)
            if not lo < hi:
                hi = lo + 1.0
        return _Scale(lo, hi, 0)

    def ipma(self, target):
        """Importance-performance map for a target LV (wraps csat_pls_ipma).

        Parameters
        ----------
        target : str
            The LV whose drivers are mapped (e.g. "satisfaction").

        Returns
        -------
        dict
            LV -> Result(importance=unstandardised total effect on the target,
            performance=0-100 index), for the LVs with an effect on the target.

        Raises
        ------
        InvalidArgument
            An unknown LV. NotFittedError before a fit.
        """
        self._require_fit("ipma")
        if target not in self._lvs:
            raise InvalidArgument(f"target {target!r} is not an LV of the model")
        q = len(self._lvs)
        imp, perf = Out(q), Out(q)
        sc = self._scale_struct()
        with self._use() as h:
            self._check(_ipma(h, self._lvs.index(target), byref(sc), imp.ptr, perf.ptr, q), "ipma")
        imp, perf = _floats(imp), _floats(perf)
        return {lv: Result(importance=imp[j], performance=perf[j]) for j, lv in enumerate(self._lvs)
                if imp[j] != 0.0}

    def bootstrap(self, n_boot=1000, seed=0, level=0.95):
        """Bootstrap standard errors and percentile intervals (wraps csat_pls_bootstrap).

        Resample b draws from stream b of seed (reproducible); blocks whose weights
        point away from the original ones are sign-corrected (see csat.h).

        Parameters
        ----------
        n_boot : int, default 1000
            Resamples (>= 2).
        seed : int, default 0
            Generator seed (0 <= seed < 2**64).
        level : float, default 0.95
            Coverage of the percentile intervals, in (0, 1).

        Returns
        -------
        self
            With bootstrap_: for "weights", "loadings" (by item), "paths", "total" (by
            (from, to)), "r2" and "index" (by LV), Result(se, lower, upper) per entry.

        Raises
        ------
        InvalidArgument
            Bad n_boot, seed or level. NotFittedError before a fit. DomainError when too
            many resamples fail.
        """
        self._require_fit("bootstrap")
        nb = integer(n_boot, "n_boot", ctype=c_size_t, lo=2)
        sd = integer(seed, "seed", ctype=c_uint64, lo=0)
        lv = real(level, "level", finite=True)
        sc = self._scale_struct()
        with self._use() as h:
            self._check(_boot(h, nb, sd, lv, byref(sc)), "bootstrap")
            self._read_boot(h)
        self._boot_args = (nb, sd, lv)
        return self

    def _read_boot(self, h):
        p, q, lvs, items = len(self._items), len(self._lvs), self._lvs, self._items
        out = {}
        for what, code in _EST.items():
            n = p if code <= 1 else q * q if code <= 3 else q
            se, lo, hi = Out(n), Out(n), Out(n)
            self._check(_boot_get(h, code, se.ptr, lo.ptr, hi.ptr, n), "bootstrap")
            se, lo, hi = _floats(se), _floats(lo), _floats(hi)
            if code <= 1:
                keys = list(enumerate(items))
                out[what] = {k: Result(se=se[i], lower=lo[i], upper=hi[i]) for i, k in keys}
            elif code <= 3:
                src = self._pairs if code == 2 else [k for k in self.effects_]
                out[what] = {(a, b): Result(se=se[lvs.index(a) * q + lvs.index(b)],
                                            lower=lo[lvs.index(a) * q + lvs.index(b)],
                                            upper=hi[lvs.index(a) * q + lvs.index(b)]) for a, b in src}
            else:
                out[what] = {k: Result(se=se[j], lower=lo[j], upper=hi[j]) for j, k in enumerate(lvs)}
        self.bootstrap_ = out

    # ---- summaries ---------------------------------------------------------------

    def _describe(self):
        if not self._is_fitted():
            return None
        return (self.n_respondents_, [(f"{a}->{b}", v) for (a, b), v in self.path_coefficients_.items()], None)

    def _attrs(self):
        return {"n_customers": self.n_respondents_, "log_likelihood": None, "aic": None, "bic": None,
                "converged": self.fit_report_.converged, "iterations": self.fit_report_.iterations,
                "stages": self.fit_report_.get("stages"), "gof": self.gof_}

    def _summary(self):
        self._require_fit("summary")
        names = [f"{a} -> {b}" for a, b in self._pairs]
        coef = [self.path_coefficients_[k] for k in self._pairs]
        boot = self.__dict__.get("bootstrap_")
        se = [boot["paths"][k].se if boot else math.nan for k in self._pairs]
        z = 1.959963984540054
        cols = {"coef": coef, "se(coef)": se, "lower 95% bound": [c - z * s for c, s in zip(coef, se)],
                "upper 95% bound": [c + z * s for c, s in zip(coef, se)]}
        return table("parameter", names, cols, self._attrs())

    @property
    def summary_tables(self):
        """dict of tables: "outer" (weight, loading by item), "inner" (the summary),
        "reliability" (by LV), "effects" (direct, indirect, total by path) and "index"."""
        with self._use():
            self._require_fit("summary_tables")
            attrs = self._attrs()
            inner = self._summary()
            outer = table("item", self._items, {
                "block": [self._lvs[j] for j in self._lv_of],
                "weight": [self.outer_weights_[i] for i in self._items],
                "loading": [self.loadings_[i] for i in self._items]}, attrs)
            rel = table("lv", self._lvs, {k: [self.quality_[lv][k] for lv in self._lvs]
                                          for k in ("r2", "communality", "redundancy", "ave", "rho_dg",
                                                    "alpha")}, attrs)
            keys = list(self.effects_)
            eff = table("path", [f"{a} -> {b}" for a, b in keys],
                        {k: [self.effects_[e][k] for e in keys] for k in ("direct", "indirect", "total")}, attrs)
            boot = self.__dict__.get("bootstrap_")
            icols = {"index": [self.index_[lv] for lv in self._lvs]}
            if boot:
                icols.update({c: [boot["index"][lv][c] for lv in self._lvs] for c in ("se", "lower", "upper")})
            idx = table("lv", self._lvs, icols, attrs)
            return {"outer": outer, "inner": inner, "reliability": rel, "effects": eff, "index": idx}

    # ---- copies and files ---------------------------------------------------------

    def _c_state(self):
        if not self._is_fitted():
            return None
        return {"data": self._data_rows(), "boot": self.__dict__.get("_boot_args")}

    def _c_restore(self, state):
        if state is None:
            return
        rep = _Report()
        x, n, k = as_matrix(state["data"], "data", allow_nan=True)
        o = self._options()
        self._check(_fit(self._ptr, x.ptr, n, k, byref(o), byref(rep)), "copy")
        if state.get("boot"):
            nb, sd, lv = state["boot"]
            sc = self._scale_struct()
            self._check(_boot(self._ptr, nb, sd, lv, byref(sc)), "copy")

    def _document(self):
        if not self._is_fitted():
            return {}
        return {"params": dict(self.params_), "standard_errors": None,
                "fit": {"n_customers": self.n_respondents_, "log_likelihood": None, "aic": None, "bic": None,
                        "iterations": self.fit_report_.iterations, "evaluations": None, "grad_norm": None,
                        "converged": self.fit_report_.converged},
                "fitted": {"data": self._data_rows(), "bootstrap": list(self._boot_args) if self._boot_args else None}}

    def _restore(self, doc):
        fitted = fitted_section(doc)
        if fitted is None:
            return
        data = fitted.get("data")
        if not isinstance(data, list):
            raise InvalidArgument("model file: fitted.data must be a list of rows")
        rows = [numbers_list(r, "fitted.data") for r in data]
        self._fit_matrix(rows)
        b = fitted.get("bootstrap")
        if b is not None:
            self.bootstrap(int(b[0]), int(b[1]), float(b[2]))
        else:
            self._boot_args = None

    _boot_args = None
