"""Satisfaction and loyalty measurement: Kano, SERVQUAL, zone of tolerance,
gap model, NPS, CSAT/CES/CSI, disconfirmation, IPA, loyalty types, retention
table and complaint iceberg.

Scales are given as (min, max) or (min, max, reversed); nan_policy is
"error" (a NaN answer raises) or "skip" (NaNs are skipped and counted).
Categorical results come back as short strings next to the numbers that
produced them.
"""
import ctypes
from ctypes import POINTER, Structure, byref, c_double, c_int, c_size_t, c_ubyte, c_uint, c_void_p

from collections.abc import Mapping

from . import _frames
from ._lib import (HAVE_NUMPY, PD, InvalidArgument, Out, Result, as_doubles, as_matrix, check,
                   choice, fixed_length, flag, integer, mapping, np, params_array, proto, real,
                   same_length, sequence)

__all__ = ["kano", "kano_from_counts", "kano_classify", "servqual", "servqual_combine", "zot",
           "service_gaps", "nps", "nps_from_counts", "nps_compare", "nps_sample_size",
           "csat_score", "ces", "csi", "disconfirm", "seven_factor", "ipa", "derived_importance",
           "jones_sasser", "dick_basu", "oliver_phase", "loyalty_index", "bond_score",
           "retention_forecast", "retention_table", "servqual_pzb_weights", "servqual_standard_map", "zot_item",
           "DIMENSIONS", "iceberg", "NPSResult", "SurveyResult", "KANO_CATEGORIES"]

class SurveyResult(Result):
    """A Result whose keys win over dict methods, so r.items is the item gaps.

    Use dict.items(r) for the mapping's items.

    Parameters
    ----------
    *args, **kwargs
        As for dict.
    """

    def __getattribute__(self, name):
        if not name.startswith("_") and dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        return super().__getattribute__(name)


# ---- shared structs -------------------------------------------------------------


class _Scale(Structure):
    _fields_ = [("min", c_double), ("max", c_double), ("reversed", c_int)]


def _scale(s, name="scale"):
    if isinstance(s, _Scale):
        return s
    s = sequence(s, name, "(min, max) or (min, max, reversed)")
    if len(s) not in (2, 3):
        raise InvalidArgument(f"{name} must be (min, max) or (min, max, reversed), "
                              f"not {len(s)} values")
    return _Scale(real(s[0], f"{name} min"), real(s[1], f"{name} max"),
                  flag(s[2], f"{name} reversed") if len(s) == 3 else 0)


_INITS = {}


def _options(cls, init_name, **fields):
    """An options struct filled by its C csat_*_options_init, then given fields."""
    if init_name not in _INITS:
        _INITS[init_name] = proto(init_name, [POINTER(cls), c_uint])
    o = cls()
    check(_INITS[init_name](byref(o), 1), init_name)
    for k, v in fields.items():
        setattr(o, k, v)
    return o


_NAN = {"error": 0, "skip": 1}


def _nan(policy):
    return choice(policy, _NAN, "nan_policy")


def _choice(table, value, name):
    return choice(value, table, name)


def _answers(x, name, nan_policy, matrix=False, optional=False):
    """Survey answers: finite (NaN only under nan_policy='skip'), the first bad one named."""
    skip = _nan(nan_policy) == _NAN["skip"]
    if matrix:
        return as_matrix(x, name, optional=optional, finite=True, allow_nan=skip)
    return as_doubles(x, name, optional=optional, finite=True, allow_nan=skip)


def _arr(values):
    """A float column: numpy array when numpy is present, else a list."""
    values = list(values)
    return np.array(values, dtype=np.float64) if HAVE_NUMPY else values


# ---- Kano -------------------------------------------------------------------------

KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")
_KANO_RULES = {"mode": 0, "near_tie": 1, "oam_vs_irq": 2, "better_worse": 3}


class _KanoOptions(Structure):
    _fields_ = [("version", c_uint), ("rule", c_int), ("delta", c_double),
                ("grid_threshold", c_double), ("fong_z", c_double), ("chisq_min_n", c_double),
                ("nan_policy", c_int), ("score_factor", c_double),
                ("max_questionable", c_size_t), ("max_indifferent", c_size_t)]


class _KanoResult(Structure):
    _fields_ = [("counts", c_double * 6), ("n", c_double), ("n_valid", c_double),
                ("category", c_int), ("mode", c_int), ("better", c_double), ("worse", c_double),
                ("total_strength", c_double), ("category_strength", c_double),
                ("fong_difference", c_double), ("fong_critical", c_double),
                ("fong_significant", c_int), ("chisq", c_double), ("chisq_p", c_double),
                ("chisq_computed", c_int), ("n_skipped", c_size_t), ("n_filtered", c_size_t)]


class _KanoContinuous(Structure):
    _fields_ = [("functional", c_double), ("dysfunctional", c_double), ("importance", c_double),
                ("n", c_size_t), ("n_skipped", c_size_t)]


_kano_classify = proto("csat_kano_classify", [c_int, c_int, POINTER(c_int)], details=True)
_kano_evaluate = proto("csat_kano_evaluate", [PD, POINTER(_KanoOptions), POINTER(_KanoResult)], details=True)
_kano_survey = proto("csat_kano_survey", [PD, PD, c_size_t, c_size_t, POINTER(_KanoOptions),
                                          POINTER(_KanoResult)], details=True)
_kano_continuous = proto("csat_kano_continuous", [PD, PD, PD, c_size_t, c_size_t, POINTER(_Scale),
                                                  POINTER(_KanoOptions), POINTER(_KanoContinuous)], details=True)


_NO_FILTER = ctypes.c_size_t(-1).value


def _kano_options(rule, delta, grid_threshold, fong_z, chisq_min_n, nan_policy, score_factor,
                  max_questionable=None, max_indifferent=None):
    return _options(_KanoOptions, "csat_kano_options_init", rule=_choice(_KANO_RULES, rule, "rule"),
                    delta=real(delta, "delta"), grid_threshold=real(grid_threshold, "grid_threshold"),
                    fong_z=real(fong_z, "fong_z"), chisq_min_n=real(chisq_min_n, "chisq_min_n"),
                    nan_policy=_nan(nan_policy), score_factor=real(score_factor, "score_factor"),
                    max_questionable=(_NO_FILTER if max_questionable is None
                                      else integer(max_questionable, "max_questionable",
                                                   ctype=c_size_t)),
                    max_indifferent=(_NO_FILTER if max_indifferent is None
                                     else integer(max_indifferent, "max_indifferent",
                                                  ctype=c_size_t)))


def kano_classify(functional, dysfunctional):
    """Kano category of one (functional, dysfunctional) answer pair (the Kano evaluation table).

    Parameters
    ----------
    functional, dysfunctional : int
        Answers 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike.

    Returns
    -------
    str
        "A" attractive, "O" one-dimensional, "M" must-be, "I" indifferent, "R" reverse or
        "Q" questionable.

    Raises
    ------
    InvalidArgument
        An answer outside 1..5.

    Examples
    --------
    >>> csat.kano_classify(1, 5), csat.kano_classify(2, 5)
    ('O', 'M')
    """
    out = c_int()
    check(_kano_classify(integer(functional, "functional"),
                         integer(dysfunctional, "dysfunctional"), byref(out)), "kano_classify")
    return KANO_CATEGORIES[out.value]


def _kano_dict(results, squeeze):
    def col(name):
        vals = [getattr(r, name) for r in results]
        return vals[0] if squeeze else vals

    def fcol(name):
        vals = [getattr(r, name) for r in results]
        return vals[0] if squeeze else _arr(vals)

    counts = [list(r.counts) for r in results]
    return Result(
        category=_col_cat(results, "category", squeeze), mode=_col_cat(results, "mode", squeeze),
        counts=(dict(zip(KANO_CATEGORIES, counts[0])) if squeeze
                else (np.array(counts) if HAVE_NUMPY else counts)),
        n=fcol("n"), n_valid=fcol("n_valid"), better=fcol("better"), worse=fcol("worse"),
        total_strength=fcol("total_strength"), category_strength=fcol("category_strength"),
        fong_difference=fcol("fong_difference"), fong_critical=fcol("fong_critical"),
        fong_significant=col("fong_significant"), chisq=fcol("chisq"), chisq_p=fcol("chisq_p"),
        chisq_computed=col("chisq_computed"), n_skipped=col("n_skipped"),
        n_filtered=col("n_filtered"))


def _col_cat(results, name, squeeze):
    vals = [KANO_CATEGORIES[getattr(r, name)] for r in results]
    return vals[0] if squeeze else vals


def kano(functional, dysfunctional, rule="mode", delta=0.06, grid_threshold=0.5, fong_z=1.65,
         chisq_min_n=12, nan_policy="error", importance=None, importance_scale=(1, 9),
         score_factor=1.0, max_questionable=None, max_indifferent=None):
    """Kano evaluation of one attribute (1-D answers) or a respondents x attributes matrix.

    Answers are coded 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike.

    Parameters
    ----------
    functional, dysfunctional : sequence or matrix of float
        Answers to the functional and dysfunctional questions (integers 1..5), same shape.
    rule : {"mode", "near_tie", "oam_vs_irq", "better_worse"}, default "mode"
        How the category is chosen from the counts (as kano_from_counts).
    delta : float, default 0.06
        Share margin for the rules that need a clear winner (0..1).
    grid_threshold : float, default 0.5
        Threshold of the better/worse grid rule (0..1).
    fong_z : float, default 1.65
        z value of Fong's test (> 0).
    chisq_min_n : int, default 12
        Fewest answers for the chi-square test.
    nan_policy : {"error", "skip"}, default "error"
        A missing pair raises, or is skipped and counted.
    importance : sequence or matrix of float, optional
        Importance answers for the continuous scores, on importance_scale.
    importance_scale : tuple, default (1, 9)
        Scale of importance.
    score_factor : float, default 1.0
        Multiplies the continuous functional/dysfunctional scores.
    max_questionable, max_indifferent : int, optional
        Drop respondents with more Q / I answers from the counts (stp25kano rm_Q / rm_I).

    Returns
    -------
    Result
        category, mode, counts (A, O, M, I, R, Q), better, worse, strengths, Fong test,
        chi-square and the continuous scores (functional_score, dysfunctional_score,
        importance) per attribute; scalars for 1-D input.

    Raises
    ------
    InvalidArgument
        Answers outside 1..5, shapes that differ, a bad rule or option.
    EmptyInput
        No answers left.

    Examples
    --------
    >>> csat.kano([2, 2, 2, 1], [5, 5, 5, 5]).category
    'M'
    """
    f, n_resp, n_attr = _answers(functional, "functional", nan_policy, matrix=True)
    d, n2, m2 = _answers(dysfunctional, "dysfunctional", nan_policy, matrix=True)
    squeeze = _ndim(functional) == 1
    if (n2, m2) != (n_resp, n_attr):
        raise InvalidArgument(f"functional and dysfunctional must have the same shape: "
                              f"{n_resp} x {n_attr} and {n2} x {m2}")
    opts = _kano_options(rule, delta, grid_threshold, fong_z, chisq_min_n, nan_policy, score_factor,
                         max_questionable, max_indifferent)
    imp, scale = None, None
    if importance is not None:
        imp, n3, m3 = _answers(importance, "importance", nan_policy, matrix=True)
        if (n3, m3) != (n_resp, n_attr):
            raise InvalidArgument(f"importance must have the answers' shape {n_resp} x {n_attr}, "
                                  f"not {n3} x {m3}")
        scale = _scale(importance_scale, "importance_scale")
    res = (_KanoResult * max(n_attr, 1))()
    check(_kano_survey(f.ptr, d.ptr, n_resp, n_attr, byref(opts), res), "kano")
    out = _kano_dict(list(res)[:n_attr], squeeze)
    cont = (_KanoContinuous * max(n_attr, 1))()
    check(_kano_continuous(f.ptr, d.ptr, imp.ptr if imp else None, n_resp, n_attr,
                           byref(scale) if scale else None, byref(opts), cont), "kano")
    cont = list(cont)[:n_attr]
    for key, name in (("functional_score", "functional"), ("dysfunctional_score", "dysfunctional"),
                      ("importance", "importance")):
        vals = [getattr(c, name) for c in cont]
        out[key] = vals[0] if squeeze else _arr(vals)
    return out


def _ndim(x):
    """1 for a one-dimensional answer column, 2 for a matrix (x already validated)."""
    if HAVE_NUMPY:
        return np.ndim(x)
    first = next(iter(x), None)
    return 2 if hasattr(first, "__iter__") else 1


def kano_from_counts(counts, rule="mode", delta=0.06, grid_threshold=0.5, fong_z=1.65,
                     chisq_min_n=12):
    """Kano evaluation of one attribute from its category counts (wraps csat_kano_evaluate).

    Parameters
    ----------
    counts : dict or sequence of 6 float
        Counts of A, O, M, I, R, Q (a dict with those keys, or a sequence in that order;
        finite, >= 0).
    rule, delta, grid_threshold, fong_z, chisq_min_n
        As for kano.

    Returns
    -------
    Result
        category, mode, counts, n, n_valid, better, worse, total_strength,
        category_strength, the Fong test and the chi-square test.

    Raises
    ------
    InvalidArgument
        Bad or missing counts, an unknown rule, options out of range.
    DomainError
        All counts 0.

    Examples
    --------
    >>> csat.kano_from_counts({"A": 3, "O": 1, "M": 0, "I": 0, "R": 0, "Q": 0}).category
    'A'
    """
    if isinstance(counts, Mapping):
        unknown = [k for k in counts if k not in KANO_CATEGORIES]
        if unknown:
            raise InvalidArgument(f"counts: unknown categories {unknown}; use "
                                  f"{', '.join(KANO_CATEGORIES)}")
        counts = [counts.get(k, 0) for k in KANO_CATEGORIES]
    c = fixed_length(as_doubles(counts, "counts", finite=True, nonneg=True), 6,
                     "A, O, M, I, R, Q")
    opts = _kano_options(rule, delta, grid_threshold, fong_z, chisq_min_n, "error", 1.0)
    r = _KanoResult()
    check(_kano_evaluate(c.ptr, byref(opts), byref(r)), "kano_from_counts")
    return _kano_dict([r], True)


# ---- SERVQUAL, zone of tolerance, gaps ------------------------------------------

DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")


class _ServqualOptions(Structure):
    _fields_ = [("version", c_uint), ("scale", _Scale), ("nan_policy", c_int),
                ("n_dimensions", c_size_t), ("item_dimension", POINTER(c_size_t)),
                ("reversed_items", POINTER(c_ubyte))]


class _ServqualResult(Structure):
    _fields_ = [("overall", c_double), ("overall_se", c_double), ("weighted", c_double),
                ("weighted_se", c_double), ("n_respondents", c_size_t), ("n_complete", c_size_t),
                ("n_skipped", c_size_t)]


class _ZotResult(Structure):
    _fields_ = [("adequate", c_double), ("desired", c_double), ("perceived", c_double),
                ("width", c_double), ("msa", c_double), ("mss", c_double), ("position", c_int),
                ("n_below", c_size_t), ("n_within", c_size_t), ("n_above", c_size_t),
                ("n", c_size_t)]


_MAX_DIMENSIONS = 32  # CSAT_SERVQUAL_MAX_DIMENSIONS
_servqual = proto("csat_servqual", [PD, PD, c_size_t, c_size_t, PD, POINTER(_ServqualOptions),
                                    PD, PD, PD, PD, PD, PD, POINTER(_ServqualResult)], details=True)
_reverse_1988 = proto("csat_servqual_reverse_1988", [POINTER(c_ubyte), c_size_t], details=True)
_standard_map = proto("csat_servqual_standard_map", [POINTER(c_size_t), c_size_t], details=True)
_servqual_combine = proto("csat_servqual_combine", [PD, PD, c_size_t, PD], details=True)
_zot = proto("csat_zot", [PD, PD, PD, c_size_t, c_size_t, POINTER(_ServqualOptions),
                          POINTER(_ZotResult), POINTER(_ZotResult)], details=True)
_service_gaps = proto("csat_service_gaps", [PD, PD, PD, PD, PD, PD, c_size_t, PD, POINTER(c_int),
                                            PD], details=True)


def _servqual_options(scale, nan_policy, item_dimension, n_dimensions, reversed_items, n_items):
    keep = []
    o = _options(_ServqualOptions, "csat_servqual_options_init", scale=_scale(scale),
                 nan_policy=_nan(nan_policy))
    if n_dimensions is not None:
        n_dimensions = integer(n_dimensions, "n_dimensions", ctype=c_size_t, lo=1,
                               hi=_MAX_DIMENSIONS)
    if item_dimension is not None:
        dims = [integer(k, f"item_dimension[{i}]", ctype=c_size_t, hi=_MAX_DIMENSIONS - 1)
                for i, k in enumerate(sequence(item_dimension, "item_dimension",
                                               "one dimension index per item"))]
        if len(dims) != n_items:
            raise InvalidArgument(f"item_dimension needs one dimension per item: {n_items} "
                                  f"items, {len(dims)} given")
        buf = (c_size_t * max(len(dims), 1))(*dims)
        keep.append(buf)
        o.item_dimension = ctypes.cast(buf, POINTER(c_size_t))
        o.n_dimensions = n_dimensions if n_dimensions is not None else max(dims, default=0) + 1
    elif n_dimensions is not None:
        o.n_dimensions = n_dimensions
    if reversed_items is not None:
        if isinstance(reversed_items, str):
            if reversed_items != "1988":
                raise InvalidArgument(f"reversed_items must be '1988' or one flag per item, "
                                      f"not {reversed_items!r}")
            rev = (c_ubyte * 22)()
            check(_reverse_1988(rev, 22), "servqual")
            flags = list(rev)
        else:
            flags = [flag(v, f"reversed_items[{i}]") for i, v in
                     enumerate(sequence(reversed_items, "reversed_items", "one flag per item"))]
        if len(flags) != n_items:
            raise InvalidArgument(f"reversed_items needs one flag per item: {n_items} items, "
                                  f"{len(flags)} given")
        buf = (c_ubyte * max(len(flags), 1))(*flags)
        keep.append(buf)
        o.reversed_items = ctypes.cast(buf, POINTER(c_ubyte))
    return o, keep


def servqual(perceived, expected=None, weights=None, scale=(1, 7), item_dimension=None,
             n_dimensions=None, reversed_items=None, nan_policy="error"):
    """SERVQUAL gaps P - E (SERVPERF when expected is None) of a respondents x items survey.

    Wraps csat_servqual.

    Parameters
    ----------
    perceived : matrix of float
        Perception answers, respondents x items, on the scale.
    expected : matrix of float, optional
        Expectation answers of the same shape; None = SERVPERF (P alone).
    weights : matrix of float, optional
        Respondents x dimensions importance allocations (100 points each), or None.
    scale : tuple, default (1, 7)
        (min, max) or (min, max, reversed) of the answers.
    item_dimension : sequence of int, optional
        Dimension 0..n_dimensions-1 of each item; None = the standard 22-item map
        (servqual_standard_map(), 5 dimensions).
    n_dimensions : int, optional
        Number of dimensions (with item_dimension).
    reversed_items : None, "1988" or sequence of bool
        Negatively worded items: "1988" = items 10-13 and 18-22, or one flag per item.
    nan_policy : {"error", "skip"}, default "error"
        A NaN answer raises, or is skipped and counted.

    Returns
    -------
    SurveyResult
        items, items_se, dimensions, dimensions_se, overall, overall_se, weighted,
        weighted_se, respondent, respondent_weighted and counts.

    Raises
    ------
    InvalidArgument
        Answers off the scale, NaN with nan_policy="error", shapes that do not agree, a
        dimension index out of range.
    EmptyInput
        No respondents, or an item or dimension without answers.

    Examples
    --------
    >>> s = csat.servqual([[6, 5, 7], [5, 5, 6]], [[6, 6, 6], [6, 6, 7]],
    ...                   item_dimension=[0, 0, 1], n_dimensions=2)
    >>> [float(g) for g in s.items], float(s.overall)
    ([-0.5, -1.0, 0.0], -0.375)
    """
    p, n, m = _answers(perceived, "perceived", nan_policy, matrix=True)
    e = None
    if expected is not None:
        e, n2, m2 = _answers(expected, "expected", nan_policy, matrix=True)
        if (n2, m2) != (n, m):
            raise InvalidArgument(f"perceived and expected must have the same shape: "
                                  f"{n} x {m} and {n2} x {m2}")
    opts, keep = _servqual_options(scale, nan_policy, item_dimension, n_dimensions,
                                   reversed_items, m)
    k = opts.n_dimensions
    w = None
    if weights is not None:
        w, n3, m3 = as_matrix(weights, "weights", finite=True, nonneg=True)
        if (n3, m3) != (n, k):
            raise InvalidArgument(f"weights must be respondents x dimensions = {n} x {k}, "
                                  f"not {n3} x {m3}")
    outs = [Out(m), Out(m), Out(k), Out(k), Out(n), Out(n)]
    r = _ServqualResult()
    check(_servqual(p.ptr, e.ptr if e else None, n, m, w.ptr if w else None, byref(opts),
                    *[o.ptr for o in outs], byref(r)), "servqual")
    del keep
    return SurveyResult(items=outs[0].value(), items_se=outs[1].value(), dimensions=outs[2].value(),
                  dimensions_se=outs[3].value(), respondent=outs[4].value(),
                  respondent_weighted=outs[5].value(), overall=r.overall,
                  overall_se=r.overall_se, weighted=r.weighted if weights is not None else None,
                  weighted_se=r.weighted_se if weights is not None else None,
                  n_respondents=r.n_respondents, n_complete=r.n_complete, n_skipped=r.n_skipped)


def servqual_standard_map():
    """The standard 22-item SERVQUAL item -> dimension map.

    Returns
    -------
    list of int
        22 dimension indices: 0 tangibles, 1 reliability, 2 responsiveness, 3 assurance,
        4 empathy.
    """
    m = (c_size_t * 22)()
    check(_standard_map(m, 22), "servqual_standard_map")
    return list(m)


def servqual_combine(dimension_gaps, weights=None):
    """Mean, or weighted mean, of dimension gaps: the published aggregate SERVQUAL form.

    Parameters
    ----------
    dimension_gaps : sequence of float
        Gap P - E per dimension (finite).
    weights : sequence of float, optional
        Weight per dimension (finite, >= 0, positive sum); None = equal.

    Returns
    -------
    float
        The combined gap.

    Raises
    ------
    InvalidArgument
        NaN or Inf, bad weights, mismatched lengths.
    EmptyInput
        No gaps.
    """
    g = as_doubles(dimension_gaps, "dimension_gaps", finite=True)
    w = as_doubles(weights, "weights", optional=True, finite=True, nonneg=True)
    n = same_length(g, w)
    out = c_double()
    check(_servqual_combine(g.ptr, w.ptr, n, byref(out)), "servqual_combine")
    return out.value


_pzb = proto("csat_servqual_pzb_weights", [PD, c_size_t], details=True)


def servqual_pzb_weights():
    """PZB (1991) average importance allocation of the five dimensions, in points.

    Returns
    -------
    numpy.ndarray or list of float
        Tangibles, reliability, responsiveness, assurance, empathy (sum 100).
    """
    out = Out(5)
    check(_pzb(out.ptr, 5), "servqual_pzb_weights")
    return out.value()


_ZOT_POS = {-1: "below", 0: "within", 1: "above"}


def _zot_dict(rs):
    f = {name: _arr([getattr(r, name) for r in rs]) for name in
         ("adequate", "desired", "perceived", "width", "msa", "mss")}
    f["position"] = [_ZOT_POS[r.position] for r in rs]
    for name in ("n_below", "n_within", "n_above", "n"):
        f[name] = [getattr(r, name) for r in rs]
    return Result(f)


_zot_item = proto("csat_zot_item", [c_double, c_double, c_double, POINTER(_Scale),
                                    POINTER(_ZotResult)], details=True)


def zot_item(adequate, desired, perceived, scale=(1, 9)):
    """One answer's zone of tolerance (wraps csat_zot_item).

    Parameters
    ----------
    adequate, desired, perceived : float
        Adequate (minimum) and desired service levels and the perceived one, on the scale.
    scale : tuple, default (1, 9)
        (min, max) or (min, max, reversed).

    Returns
    -------
    Result
        width (D - A), msa (measure of service adequacy, P - A), mss (measure of service
        superiority, P - D) and position ("below", "within" or "above" the zone).

    Raises
    ------
    InvalidArgument
        Values off the scale or NaN.

    Examples
    --------
    >>> csat.zot_item(4, 7, 8).position
    'above'
    """
    args = (real(adequate, "adequate"), real(desired, "desired"), real(perceived, "perceived"))
    r = _ZotResult()
    check(_zot_item(*args, byref(_scale(scale)), byref(r)), "zot_item")
    return Result(width=r.width, msa=r.msa, mss=r.mss, position=_ZOT_POS[r.position])


def zot(adequate, desired, perceived, scale=(1, 9), item_dimension=None, n_dimensions=None,
        nan_policy="error"):
    """Zone of tolerance per item and dimension of a respondents x items survey (wraps csat_zot).

    Parameters
    ----------
    adequate, desired, perceived : matrix of float
        Respondents x items answers for the adequate, desired and perceived service levels,
        on the scale, same shape.
    scale : tuple, default (1, 9)
        (min, max) or (min, max, reversed).
    item_dimension : sequence of int, optional
        Dimension 0..n_dimensions-1 of each item; None = the standard 22-item map.
    n_dimensions : int, optional
        Number of dimensions (with item_dimension).
    nan_policy : {"error", "skip"}, default "error"
        A NaN raises, or is skipped and counted.

    Returns
    -------
    Result
        items and dimensions, each with adequate, desired, perceived (means), width,
        msa (P - A), mss (P - D), position ("below", "within", "above") and the counts
        n_below, n_within, n_above, n.

    Raises
    ------
    InvalidArgument
        Answers off the scale, NaN with nan_policy="error", shapes that differ, a dimension
        index out of range.
    EmptyInput
        No respondents, or an item without answers.
    """
    a, n, m = _answers(adequate, "adequate", nan_policy, matrix=True)
    d, n2, m2 = _answers(desired, "desired", nan_policy, matrix=True)
    p, n3, m3 = _answers(perceived, "perceived", nan_policy, matrix=True)
    if not (n, m) == (n2, m2) == (n3, m3):
        raise InvalidArgument(f"adequate, desired and perceived must have the same shape: "
                              f"{n} x {m}, {n2} x {m2} and {n3} x {m3}")
    if item_dimension is None and m != 22:  # not the standard instrument: one dimension
        if n_dimensions is not None and integer(n_dimensions, "n_dimensions", ctype=c_size_t) != 1:
            raise InvalidArgument(f"n_dimensions = {n_dimensions} needs item_dimension (or the "
                                  "standard 22 items)")
        item_dimension, n_dimensions = [0] * m, 1
    opts, keep = _servqual_options(scale, nan_policy, item_dimension, n_dimensions, None, m)
    items = (_ZotResult * max(m, 1))()
    dims = (_ZotResult * opts.n_dimensions)()
    check(_zot(a.ptr, d.ptr, p.ptr, n, m, byref(opts), items, dims), "zot")
    del keep
    return SurveyResult(items=_zot_dict(list(items)[:m]), dimensions=_zot_dict(list(dims)))


GAPS = ("listening", "design", "performance", "communication", "customer")


def service_gaps(expected=None, management=None, specification=None, delivered=None,
                 communicated=None, perceived=None):
    """The five gaps of the services gap model from whichever item-mean vectors are given.

    Parasuraman, Zeithaml & Berry (1985); wraps csat_service_gaps.

    Parameters
    ----------
    expected, management, specification, delivered, communicated, perceived : sequence of float, optional
        Item means of customer expectations, management's perception of them, the service
        specifications, the delivered service, what is communicated and customer
        perceptions; all given ones of one length.

    Returns
    -------
    dict
        {gap name: mean gap, or None if it cannot be formed}: listening, design,
        performance, communication and customer (perceived - expected).

    Raises
    ------
    InvalidArgument
        No vector given, NaN or Inf, mismatched lengths.
    """
    vecs = dict(expected=expected, management=management, specification=specification,
                delivered=delivered, communicated=communicated, perceived=perceived)
    ins = [as_doubles(v, k, optional=True, finite=True) for k, v in vecs.items()]
    if not any(ins):
        raise InvalidArgument("service_gaps: give at least one vector")
    n = same_length(*ins)
    mean = (c_double * 5)()
    avail = (c_int * 5)()
    check(_service_gaps(*[i.ptr for i in ins], n, mean, avail, None), "service_gaps")
    return Result({g: (mean[k] if avail[k] else None) for k, g in enumerate(GAPS)})


# ---- NPS ------------------------------------------------------------------------------


class _NpsOptions(Structure):
    _fields_ = [("version", c_uint), ("scale", _Scale), ("detractor_max", c_double),
                ("promoter_min", c_double), ("nan_policy", c_int)]


class _NpsResult(Structure):
    _fields_ = [("promoters", c_double), ("passives", c_double), ("detractors", c_double),
                ("n", c_double), ("score", c_double), ("variance", c_double), ("se", c_double),
                ("n_skipped", c_size_t)]


class _NpsInterval(Structure):
    _fields_ = [("estimate", c_double), ("lower", c_double), ("upper", c_double),
                ("se", c_double)]


class _NpsComparison(Structure):
    _fields_ = [("difference", c_double), ("se", c_double), ("z", c_double),
                ("p_value", c_double), ("lower", c_double), ("upper", c_double)]


_nps = proto("csat_nps", [PD, c_size_t, POINTER(_NpsOptions), POINTER(_NpsResult)], details=True)
_nps_counts = proto("csat_nps_from_counts", [c_double, c_double, c_double, POINTER(_NpsResult)], details=True)
_nps_interval = proto("csat_nps_interval_counts", [c_double, c_double, c_double, c_int, c_double,
                                                   c_int, c_double, POINTER(_NpsInterval)], details=True)
_nps_compare = proto("csat_nps_compare", [c_double] * 7 + [POINTER(_NpsComparison)], details=True)
_nps_sample_size = proto("csat_nps_sample_size", [c_double, c_double, c_double, PD], details=True)
_NPS_METHODS = {"wald": 0, "adjusted_wald": 1, "score": 2}


class NPSResult(Result):
    """Result of nps: score (points, -100..100), promoters, passives, detractors, n, variance, se.

    Parameters
    ----------
    *args, **kwargs
        As for dict (built by nps and nps_from_counts).
    """

    def interval(self, method="wald", level=0.95, clip=False, population=0):
        """Confidence interval of the score, in points (wraps csat_nps_interval).

        Parameters
        ----------
        method : {"wald", "adjusted_wald", "score"}, default "wald"
            Wald, adjusted Wald, or score (Wilson-type) interval.
        level : float, default 0.95
            Confidence level, in (0, 1).
        clip : bool, default False
            Clip the bounds to [-100, 100].
        population : int, default 0
            Population size for the finite-population correction (0 = infinite; else >= n).

        Returns
        -------
        Result
            estimate, lower, upper and se (points).

        Raises
        ------
        InvalidArgument
            An unknown method, a level outside (0, 1), a population below n.

        Examples
        --------
        >>> ci = csat.nps([10, 9, 8, 7, 6, 3, 10, 9, 5, 10]).interval()
        >>> ci.lower < ci.estimate < ci.upper
        True
        """
        counts = _nps_counts_of(self, "self")
        r = _NpsInterval()
        check(_nps_interval(*counts, _choice(_NPS_METHODS, method, "method"),
                            real(level, "level"), flag(clip, "clip"),
                            real(population, "population"), byref(r)), "nps interval")
        return Result(estimate=r.estimate, lower=r.lower, upper=r.upper, se=r.se)


def _nps_counts_of(x, name):
    """(promoters, passives, detractors) from an NPS result (dict) or a 3-sequence."""
    keys = ("promoters", "passives", "detractors")
    if isinstance(x, Mapping):
        missing = [k for k in keys if k not in x]
        if missing:
            raise InvalidArgument(f"{name} lacks {', '.join(missing)}: give an NPS result or "
                                  "(promoters, passives, detractors)")
        vals = [x[k] for k in keys]
    else:
        vals = sequence(x, name, "an NPS result or (promoters, passives, detractors)")
        if len(vals) != 3:
            raise InvalidArgument(f"{name} must be (promoters, passives, detractors), "
                                  f"not {len(vals)} values")
    return [real(v, f"{name} {k}") for k, v in zip(keys, vals)]


def _nps_result(r):
    return NPSResult(promoters=r.promoters, passives=r.passives, detractors=r.detractors, n=r.n,
                     score=r.score, variance=r.variance, se=r.se, n_skipped=r.n_skipped)


@_frames.indexed(wrap=False)
def nps(scores, scale=(0, 10), detractor_max=6, promoter_min=9, nan_policy="error"):
    """Net Promoter Score of likelihood-to-recommend answers (wraps csat_nps).

    Parameters
    ----------
    scores : sequence of float
        The answers, each on the scale (NaN only with nan_policy="skip").
    scale : tuple, default (0, 10)
        (min, max) or (min, max, reversed) of the answer scale, min < max.
    detractor_max : float, default 6
        Answers <= this are detractors.
    promoter_min : float, default 9
        Answers >= this are promoters (> detractor_max).
    nan_policy : {"error", "skip"}, default "error"
        A NaN answer raises, or is skipped and counted.

    Returns
    -------
    NPSResult
        score (points, -100..100), promoters, passives, detractors, n, variance (fraction
        units), se (points), n_skipped; interval() gives a confidence interval.

    Raises
    ------
    InvalidArgument
        An answer off the scale, a NaN with nan_policy="error", or bad cut points.
    EmptyInput
        No answer left.

    Examples
    --------
    >>> r = csat.nps([10, 9, 8, 7, 6, 3, 10, 9, 5, 10])
    >>> r.score, r.promoters, r.detractors
    (20.0, 5.0, 3.0)
    """
    x = _answers(scores, "scores", nan_policy)
    o = _options(_NpsOptions, "csat_nps_options_init", scale=_scale(scale),
                 detractor_max=real(detractor_max, "detractor_max"),
                 promoter_min=real(promoter_min, "promoter_min"), nan_policy=_nan(nan_policy))
    r = _NpsResult()
    check(_nps(x.ptr, x.n, byref(o), byref(r)), "nps", names={"answers": "scores"})
    return _nps_result(r)


def nps_from_counts(promoters, passives, detractors):
    """NPS from the three counts (wraps csat_nps_from_counts).

    Parameters
    ----------
    promoters, passives, detractors : float
        Counts (finite, >= 0; weighted counts may be fractional).

    Returns
    -------
    NPSResult
        As for nps.

    Raises
    ------
    InvalidArgument
        NaN, Inf or negative counts.
    DomainError
        All three are 0.

    Examples
    --------
    >>> csat.nps_from_counts(5, 2, 3).score
    20.0
    """
    r = _NpsResult()
    check(_nps_counts(real(promoters, "promoters"), real(passives, "passives"),
                      real(detractors, "detractors"), byref(r)), "nps_from_counts")
    return _nps_result(r)


def nps_compare(a, b, level=0.95):
    """Difference of two NPS results, a - b, with a two-sided z test (wraps csat_nps_compare).

    Parameters
    ----------
    a, b : NPSResult or tuple of float
        Results of nps / nps_from_counts, or (promoters, passives, detractors) counts.
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    Result
        difference, se, z, p_value, lower and upper (points).

    Raises
    ------
    InvalidArgument
        Bad counts or level; InvalidType for a value that is neither.
    DomainError
        A sample without answers.
    """
    r = _NpsComparison()
    check(_nps_compare(*_nps_counts_of(a, "a"), *_nps_counts_of(b, "b"), real(level, "level"),
                       byref(r)), "nps_compare")
    return Result(difference=r.difference, se=r.se, z=r.z, p_value=r.p_value, lower=r.lower,
                  upper=r.upper)


def nps_sample_size(variance, half_width, level=0.95):
    """Respondents needed for an NPS interval of the given half-width (wraps csat_nps_sample_size).

    Parameters
    ----------
    variance : float
        Expected variance of the score in fraction units (NPSResult.variance), in [0, 1].
    half_width : float
        Desired half-width of the interval, in points (> 0).
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    int
        The number of respondents (rounded up).

    Raises
    ------
    InvalidArgument
        A value out of range.

    Examples
    --------
    >>> csat.nps_sample_size(0.8, 5)
    1230
    """
    out = c_double()
    check(_nps_sample_size(real(variance, "variance"), real(half_width, "half_width"),
                           real(level, "level"), byref(out)), "nps_sample_size")
    return int(out.value)


# ---- indices ----------------------------------------------------------------------------


class _Share(Structure):
    _fields_ = [("percent", c_double), ("se", c_double), ("count", c_size_t), ("n", c_size_t),
                ("n_skipped", c_size_t)]


class _Mean(Structure):
    _fields_ = [("mean", c_double), ("sd", c_double), ("se", c_double), ("n", c_size_t),
                ("n_skipped", c_size_t)]


class _CsiOptions(Structure):
    _fields_ = [("version", c_uint), ("scale", _Scale), ("method", c_int), ("nan_policy", c_int)]


class _Index(Structure):
    _fields_ = [("index", c_double), ("se", c_double), ("n", c_size_t), ("n_complete", c_size_t),
                ("n_skipped", c_size_t)]


class _Disc(Structure):
    _fields_ = [("d", c_double), ("state", c_int), ("n_skipped", c_size_t)]


class _Paths(Structure):
    _fields_ = [(n, c_double) for n in ("a_dc", "a_ec", "b_dc", "b_ec", "c_as", "c_is")]


class _Seven(Structure):
    _fields_ = [(n, c_double) for n in ("desires_congruency", "expectations_congruency",
                                        "attribute_satisfaction", "information_satisfaction",
                                        "overall_satisfaction")]


_csat = proto("csat_csat", [PD, c_size_t, POINTER(_Scale), c_double, c_int, POINTER(_Share)], details=True)
_ces = proto("csat_ces", [PD, c_size_t, POINTER(_Scale), c_int, POINTER(_Mean)], details=True)
_csi = proto("csat_csi", [PD, c_size_t, c_size_t, PD, POINTER(_CsiOptions), POINTER(_Index)], details=True)
_disconfirm = proto("csat_disconfirm", [PD, PD, c_size_t, PD, POINTER(_Scale), c_double, c_int,
                                        PD, POINTER(c_int), POINTER(_Disc)], details=True)
_seven = proto("csat_seven_factor", [c_double, c_double, c_double, POINTER(_Scale),
                                     POINTER(_Paths), POINTER(_Seven)], details=True)
_STATES = {-1: "dissatisfied", 0: "satisfied", 1: "delighted"}


@_frames.indexed(wrap=False)
def csat_score(answers, scale=(1, 5), top_min=4, nan_policy="error"):
    """CSAT: the percent of answers >= top_min (top-2 box of 1-5 by default), with its SE.

    Wraps csat_csat_score.

    Parameters
    ----------
    answers : sequence of float
        Answers on the scale.
    scale : tuple, default (1, 5)
        (min, max) or (min, max, reversed).
    top_min : float, default 4
        Lowest answer counted as satisfied (on the scale).
    nan_policy : {"error", "skip"}, default "error"
        A NaN answer raises, or is skipped and counted.

    Returns
    -------
    Result
        percent (0-100), se (points), count, n, n_skipped.

    Raises
    ------
    InvalidArgument
        An answer off the scale, a NaN with nan_policy="error", top_min off the scale.
    EmptyInput
        No answer left.

    Examples
    --------
    >>> csat.csat_score([5, 4, 3, 2, 5]).percent
    60.0
    """
    x = _answers(answers, "answers", nan_policy)
    r = _Share()
    check(_csat(x.ptr, x.n, byref(_scale(scale)), real(top_min, "top_min"), _nan(nan_policy),
                byref(r)), "csat")
    return Result(percent=r.percent, se=r.se, count=r.count, n=r.n, n_skipped=r.n_skipped)


@_frames.indexed(wrap=False)
def ces(answers, scale=(1, 7), nan_policy="error"):
    """Customer Effort Score: the mean answer with SD and SE (wraps csat_ces).

    Parameters
    ----------
    answers : sequence of float
        Answers on the scale.
    scale : tuple, default (1, 7)
        (min, max) or (min, max, reversed).
    nan_policy : {"error", "skip"}, default "error"
        A NaN answer raises, or is skipped and counted.

    Returns
    -------
    Result
        mean, sd, se, n, n_skipped.

    Raises
    ------
    InvalidArgument
        An answer off the scale, a NaN with nan_policy="error".
    EmptyInput
        No answer left.
    """
    x = _answers(answers, "answers", nan_policy)
    r = _Mean()
    check(_ces(x.ptr, x.n, byref(_scale(scale)), _nan(nan_policy), byref(r)), "ces")
    return Result(mean=r.mean, sd=r.sd, se=r.se, n=r.n, n_skipped=r.n_skipped)


def csi(answers, weights=None, scale=(1, 10), method="range", nan_policy="error"):
    """Weighted 0-100 satisfaction index of a respondents x items matrix (wraps csat_csi).

    Parameters
    ----------
    answers : matrix of float
        Respondents x items, on the scale.
    weights : sequence of float, optional
        One weight per item (finite, >= 0, positive sum; normalised to sum 1); None = equal.
        Stated importance means give the importance-weighted CSI; ACSI's PLS weights can be
        passed as they are.
    scale : tuple, default (1, 10)
        (min, max) or (min, max, reversed) of the answers.
    method : {"range", "max"}, default "range"
        "range": 100 (mean - min) / (max - min) (ACSI style); "max": 100 mean / max (TLF).
    nan_policy : {"error", "skip"}, default "error"
        A NaN answer raises, or is skipped and counted.

    Returns
    -------
    Result
        index (0-100), se, n, n_complete, n_skipped.

    Raises
    ------
    InvalidArgument
        Answers off the scale, NaN with nan_policy="error", bad weights.
    EmptyInput
        No respondents, or an item with no answers.

    Examples
    --------
    >>> round(csat.csi([[8, 9, 7], [10, 9, 9]]).index, 2)
    85.19
    """
    x, n, m = _answers(answers, "answers", nan_policy, matrix=True)
    w = fixed_length(as_doubles(weights, "weights", optional=True, finite=True, nonneg=True), m,
                     "one weight per item")
    o = _options(_CsiOptions, "csat_csi_options_init", scale=_scale(scale),
                 method=_choice({"range": 0, "max": 1}, method, "method"),
                 nan_policy=_nan(nan_policy))
    r = _Index()
    check(_csi(x.ptr, n, m, w.ptr, byref(o), byref(r)), "csi")
    return Result(index=r.index, se=r.se, n=r.n, n_complete=r.n_complete, n_skipped=r.n_skipped)


def disconfirm(perceived, expected, weights=None, scale=(1, 7), tau=0.0, nan_policy="error"):
    """Expectation disconfirmation per attribute and overall (wraps csat_disconfirm).

    Parameters
    ----------
    perceived, expected : sequence of float
        Perceived and expected level of each attribute, on the scale.
    weights : sequence of float, optional
        Attribute weights (finite, >= 0, positive sum); None = equal.
    scale : tuple, default (1, 7)
        (min, max) or (min, max, reversed).
    tau : float, default 0.0
        Tolerance: |d| <= tau counts as satisfied (finite, >= 0).
    nan_policy : {"error", "skip"}, default "error"
        A NaN raises, or the attribute is skipped (d NaN, state None).

    Returns
    -------
    Result
        d (P - E per attribute), states ("dissatisfied", "satisfied", "delighted"), overall
        (weighted d), overall_state and n_skipped.

    Raises
    ------
    InvalidArgument
        Values off the scale, NaN with nan_policy="error", mismatched lengths, bad weights.
    EmptyInput
        No attribute left.
    """
    p = _answers(perceived, "perceived", nan_policy)
    e = _answers(expected, "expected", nan_policy)
    w = as_doubles(weights, "weights", optional=True, finite=True, nonneg=True)
    n = same_length(p, e, w)
    tau = real(tau, "tau")
    sc = _scale(scale)
    policy = _nan(nan_policy)
    d = Out(n)
    for i in range(n):
        d.ptr[i] = float("nan")
    st = (c_int * max(n, 1))(*([2] * max(n, 1)))
    r = _Disc()
    check(_disconfirm(p.ptr, e.ptr, n, w.ptr, byref(sc), tau, policy, d.ptr, st, byref(r)),
          "disconfirm")
    return Result(d=d.value(), states=[_STATES.get(s) for s in list(st)[:n]], overall=r.d,
                  overall_state=_STATES[r.state], n_skipped=r.n_skipped)


def seven_factor(desires, expectations, performance, paths, scale=(1, 7)):
    """Seven-factor satisfaction model for one attribute, difference-score form (wraps csat_seven_factor).

    Spreng, MacKenzie & Olshavsky (1996). The paper estimates an SEM, so there are no
    default path weights: the caller supplies them.

    Parameters
    ----------
    desires, expectations, performance : float
        Answers on the scale.
    paths : dict
        a_dc, a_ec (attribute satisfaction AS = a_dc DC + a_ec EC), b_dc, b_ec (information
        satisfaction), c_as, c_is (overall OS = c_as AS + c_is IS); all finite.
    scale : tuple, default (1, 7)
        (min, max) or (min, max, reversed).

    Returns
    -------
    Result
        desires_congruency (P - D), expectations_congruency (P - E),
        attribute_satisfaction, information_satisfaction, overall_satisfaction.

    Raises
    ------
    InvalidArgument
        Answers off the scale, NaN, non-finite or missing paths.
    DomainError
        Overflow.
    """
    names = [f for f, _ in _Paths._fields_]
    pp = _Paths(*params_array(mapping(paths, "paths"), names, "paths"))
    r = _Seven()
    check(_seven(real(desires, "desires"), real(expectations, "expectations"),
                 real(performance, "performance"), byref(_scale(scale)), byref(pp), byref(r)),
          "seven_factor")
    return Result({n: getattr(r, n) for n, _ in _Seven._fields_})


# ---- IPA -----------------------------------------------------------------------------------


class _IpaOptions(Structure):
    _fields_ = [("version", c_uint), ("crosshair", c_int), ("importance_scale", _Scale),
                ("performance_scale", _Scale), ("importance_cut", c_double),
                ("performance_cut", c_double)]


class _IpaResult(Structure):
    _fields_ = [("quadrant", c_int), ("importance", c_double), ("performance", c_double),
                ("gap", c_double), ("diagonal_priority", c_int)]


_ipa = proto("csat_ipa", [PD, PD, c_size_t, POINTER(_IpaOptions), POINTER(_IpaResult), PD, PD], details=True)
_derived = proto("csat_importance_derived", [PD, PD, c_size_t, c_size_t, c_int, c_int, c_void_p,
                                             PD], details=True)
QUADRANTS = ("concentrate here", "keep up the good work", "low priority", "possible overkill")
_CROSSHAIRS = {"means": 0, "medians": 1, "midpoint": 2, "fixed": 3}


def ipa(importance, performance, crosshair="means", importance_scale=(1, 5),
        performance_scale=(1, 5), importance_cut=0.0, performance_cut=0.0):
    """Importance-performance analysis per attribute (wraps csat_ipa).

    Parameters
    ----------
    importance, performance : sequence of float
        Importance and performance of each attribute (e.g. means), on their scales.
    crosshair : {"means", "medians", "midpoint", "fixed"}, default "means"
        Where the quadrant lines lie: the means or medians of the values, the scale
        midpoints, or importance_cut / performance_cut.
    importance_scale, performance_scale : tuple, default (1, 5)
        (min, max) of each scale.
    importance_cut, performance_cut : float, default 0.0
        The lines for crosshair="fixed".

    Returns
    -------
    Result
        quadrant per attribute ("concentrate here", "keep up the good work", "low
        priority", "possible overkill"), gap (I - P), diagonal_priority (gap > 0), and
        the importance_cut and performance_cut used.

    Raises
    ------
    InvalidArgument
        NaN or Inf, values off their scales, mismatched lengths, an unknown crosshair.
    EmptyInput
        No attributes.

    Examples
    --------
    >>> csat.ipa([4, 3], [3, 4]).quadrant
    ['concentrate here', 'possible overkill']
    """
    i = as_doubles(importance, "importance", finite=True)
    p = as_doubles(performance, "performance", finite=True)
    n = same_length(i, p)
    o = _options(_IpaOptions, "csat_ipa_options_init",
                 crosshair=_choice(_CROSSHAIRS, crosshair, "crosshair"),
                 importance_scale=_scale(importance_scale, "importance_scale"),
                 performance_scale=_scale(performance_scale, "performance_scale"),
                 importance_cut=real(importance_cut, "importance_cut", finite=True),
                 performance_cut=real(performance_cut, "performance_cut", finite=True))
    res = (_IpaResult * max(n, 1))()
    ic, pc = c_double(), c_double()
    check(_ipa(i.ptr, p.ptr, n, byref(o), res, byref(ic), byref(pc)), "ipa")
    res = list(res)[:n]
    return Result(quadrant=[QUADRANTS[r.quadrant] for r in res], gap=_arr([r.gap for r in res]),
                  diagonal_priority=[bool(r.diagonal_priority) for r in res],
                  importance_cut=ic.value, performance_cut=pc.value)


def derived_importance(performance, overall, method="correlation", nan_policy="error"):
    """Attribute importance derived from the data (wraps csat_importance_derived).

    Parameters
    ----------
    performance : matrix of float
        Respondents x attributes performance ratings.
    overall : sequence of float
        Overall satisfaction per respondent.
    method : {"correlation", "regression"}, default "correlation"
        Pearson correlation of each attribute with overall, or the coefficients of the
        regression of overall on the attributes.
    nan_policy : {"error", "skip"}, default "error"
        A NaN raises, or the respondent is skipped.

    Returns
    -------
    numpy.ndarray or list of float
        Importance per attribute.

    Raises
    ------
    InvalidArgument
        NaN with nan_policy="error", Inf, shapes that do not agree.
    EmptyInput
        Too few respondents.
    DomainError
        A constant column, or a singular regression.
    """
    x, n, m = _answers(performance, "performance", nan_policy, matrix=True)
    y = _answers(overall, "overall", nan_policy)
    if y.n != n:
        raise InvalidArgument(f"one overall rating per respondent: performance has {n} rows, "
                              f"overall {y.n} values")
    how = _choice({"correlation": 0, "regression": 1}, method, "method")
    out = Out(m)
    check(_derived(x.ptr, y.ptr, n, m, how, _nan(nan_policy), None, out.ptr),
          "derived_importance")
    return out.value()


# ---- loyalty -------------------------------------------------------------------------------


class _JsOptions(Structure):
    _fields_ = [("version", c_uint), ("scale", _Scale), ("high", c_double), ("apostle", c_double),
                ("terrorist", c_double), ("nan_policy", c_int)]


_js = proto("csat_jones_sasser_classify", [PD, PD, c_size_t, POINTER(_JsOptions), POINTER(c_int)], details=True)
_db = proto("csat_dick_basu_classify", [c_double, c_double, c_double, c_double, POINTER(c_int)], details=True)
_oliver = proto("csat_oliver_phase_of", [PD, PD, POINTER(_Scale), POINTER(c_int)], details=True)
_loyalty = proto("csat_loyalty_index", [PD, c_size_t, POINTER(_Scale), PD, c_int, PD], details=True)
_bond = proto("csat_loyalty_bond_score", [PD, POINTER(_Scale), PD, PD, POINTER(c_int)], details=True)
JONES_SASSER = {-1: None, 0: "loyalist", 1: "apostle", 2: "mercenary", 3: "hostage",
                4: "defector", 5: "terrorist"}
DICK_BASU = ("loyalty", "latent", "spurious", "none")
OLIVER = ("none", "cognitive", "affective", "conative", "action")
BONDS = ("none", "financial", "social", "customization", "structural")


@_frames.indexed(wrap=False)
def jones_sasser(satisfaction, loyalty, scale=(1, 5), high=4, apostle=5, terrorist=1,
                 nan_policy="error"):
    """Jones & Sasser (1995) satisfaction x loyalty type per respondent (wraps csat_jones_sasser).

    Parameters
    ----------
    satisfaction, loyalty : sequence of float
        Answers on the scale, one pair per respondent.
    scale : tuple, default (1, 5)
        (min, max) or (min, max, reversed).
    high : float, default 4
        Answers >= high count as high.
    apostle : float, default 5
        Both answers at this level: apostle.
    terrorist : float, default 1
        Both answers at this level: terrorist.
    nan_policy : {"error", "skip"}, default "error"
        A missing answer raises, or gives None for that respondent.

    Returns
    -------
    list of str or None
        "loyalist", "apostle", "mercenary", "hostage", "defector" or "terrorist" per
        respondent (JONES_SASSER); None for a skipped missing pair.

    Raises
    ------
    InvalidArgument
        Answers off the scale, NaN with nan_policy="error", mismatched lengths, bad levels.
    EmptyInput
        No respondents.

    Examples
    --------
    >>> csat.jones_sasser([5, 4, 2, 1], [5, 4, 4, 1])
    ['apostle', 'loyalist', 'hostage', 'terrorist']
    """
    s = _answers(satisfaction, "satisfaction", nan_policy)
    lo = _answers(loyalty, "loyalty", nan_policy)
    n = same_length(s, lo)
    o = _options(_JsOptions, "csat_jones_sasser_options_init", scale=_scale(scale),
                 high=real(high, "high"), apostle=real(apostle, "apostle"),
                 terrorist=real(terrorist, "terrorist"), nan_policy=_nan(nan_policy))
    out = (c_int * max(n, 1))()
    check(_js(s.ptr, lo.ptr, n, byref(o), out), "jones_sasser")
    return [JONES_SASSER[k] for k in list(out)[:n]]


def dick_basu(relative_attitude, repeat_patronage, attitude_cut, patronage_cut):
    """Dick & Basu (1994) loyalty type of one customer (wraps csat_dick_basu_classify).

    Parameters
    ----------
    relative_attitude : float
        Relative attitude toward the brand (finite, any scale).
    repeat_patronage : float
        Repeat patronage (finite, same kind of scale).
    attitude_cut, patronage_cut : float
        High/low cut points of each (a value >= the cut is high).

    Returns
    -------
    str
        "loyalty", "latent", "spurious" or "none" (DICK_BASU).

    Raises
    ------
    InvalidArgument
        NaN or Inf; InvalidType for a non-number.

    Examples
    --------
    >>> csat.dick_basu(0.8, 0.9, 0.5, 0.5), csat.dick_basu(0.2, 0.9, 0.5, 0.5)
    ('loyalty', 'spurious')
    """
    out = c_int()
    check(_db(real(relative_attitude, "relative_attitude"),
              real(repeat_patronage, "repeat_patronage"), real(attitude_cut, "attitude_cut"),
              real(patronage_cut, "patronage_cut"), byref(out)), "dick_basu")
    return DICK_BASU[out.value]


def oliver_phase(scores, thresholds, scale=(1, 5)):
    """Highest Oliver (1999) loyalty phase reached, cumulatively (wraps csat_oliver_phase_of).

    A phase is reached when its score >= its threshold; the first phase missed stops the
    ladder. The source gives no numbers, so the thresholds have no default.

    Parameters
    ----------
    scores : sequence of 4 float
        Cognitive, affective, conative and action scores, on the scale.
    thresholds : sequence of 4 float
        The cut-off of each phase.
    scale : tuple, default (1, 5)
        (min, max) or (min, max, reversed).

    Returns
    -------
    str
        "none", "cognitive", "affective", "conative" or "action" (OLIVER).

    Raises
    ------
    InvalidArgument
        Not 4 values each, scores off the scale, NaN.

    Examples
    --------
    >>> csat.oliver_phase([4, 4, 3, 2], [3.5, 3.5, 3.5, 3.5])
    'affective'
    """
    s = fixed_length(as_doubles(scores, "scores", finite=True), 4, "one per phase")
    t = fixed_length(as_doubles(thresholds, "thresholds", finite=True), 4, "one per phase")
    out = c_int()
    check(_oliver(s.ptr, t.ptr, byref(_scale(scale)), byref(out)), "oliver_phase")
    return OLIVER[out.value]


def loyalty_index(values, scales, weights=None, nan_policy="error"):
    """0-100 loyalty index per respondent from the six loyalty indicators (wraps csat_loyalty_index).

    Each value is min-max normalised through its scale (choice time, price sensitivity and
    competitor attitude are mirrored: lower is more loyal), then combined with the weights.
    No published weights exist: every choice is the caller's.

    Parameters
    ----------
    values : matrix of float
        n x 6: repeat purchase, brand attention, choice time, price sensitivity,
        competitor attitude, incident tolerance.
    scales : sequence of 6 tuples
        (min, max) or (min, max, reversed) of each indicator.
    weights : sequence of 6 float, optional
        Indicator weights (>= 0, positive sum); None = equal.
    nan_policy : {"error", "skip"}, default "error"
        A NaN raises, or that indicator drops out of the row (weights renormalised).

    Returns
    -------
    numpy.ndarray or list of float
        The index (0-100) per respondent.

    Raises
    ------
    InvalidArgument
        Not 6 columns or scales, values off their scales, NaN with nan_policy="error".
    EmptyInput
        No respondents, or a row with no indicator left.
    """
    x, n, m = _answers(values, "values", nan_policy, matrix=True)
    if m != 6:
        raise InvalidArgument(f"values must have six columns (one per indicator), not {m}")
    scales = sequence(scales, "scales", "six scales")
    if len(scales) != 6:
        raise InvalidArgument(f"scales must give six scales (one per indicator), not {len(scales)}")
    sc = (_Scale * 6)(*[_scale(s, f"scales[{i}]") for i, s in enumerate(scales)])
    w = fixed_length(as_doubles(weights, "weights", optional=True, finite=True, nonneg=True), 6,
                     "one per indicator")
    out = Out(n)
    check(_loyalty(x.ptr, n, sc, w.ptr, _nan(nan_policy), out.ptr), "loyalty_index")
    return out.value()


def bond_score(scores, scale=(1, 5), weights=None):
    """Switching-cost (bond strength) score and strongest bond (wraps csat_loyalty_bond_score).

    Parameters
    ----------
    scores : sequence of 4 float
        Financial, social, customisation and structural bond scores, on the scale.
    scale : tuple, default (1, 5)
        (min, max) or (min, max, reversed).
    weights : sequence of 4 float, optional
        Level weights (finite, >= 0, positive sum); None = 1, 2, 3, 4 (a higher level is
        the more sustainable bond).

    Returns
    -------
    Result
        score (0-100) and strongest: the highest level (BONDS) whose score is at least the
        scale midpoint, "none" when none is.

    Raises
    ------
    InvalidArgument
        Not 4 scores, scores off the scale, NaN, bad weights.
    """
    s = fixed_length(as_doubles(scores, "scores", finite=True), 4, "one per bond level")
    w = fixed_length(as_doubles(weights, "weights", optional=True, finite=True, nonneg=True), 4,
                     "one per bond level")
    out, strongest = c_double(), c_int()
    check(_bond(s.ptr, byref(_scale(scale)), w.ptr, byref(out), byref(strongest)),
          "bond_score")
    return Result(score=out.value, strongest=BONDS[strongest.value])


class _RetRow(Structure):
    _fields_ = [("rating", c_double), ("low", c_double), ("high", c_double)]


class _RetResult(Structure):
    _fields_ = [(n, c_double) for n in ("customers", "retained_low", "retained_mid",
                                        "retained_high", "revenue_low", "revenue_mid",
                                        "revenue_high")]


class _IcebergOptions(Structure):
    _fields_ = [("version", c_uint), ("complain_share", c_double),
                ("silent_lost_share", c_double), ("people_told", c_double),
                ("acquisition_ratio", c_double)]


class _IcebergResult(Structure):
    _fields_ = [(n, c_double) for n in ("dissatisfied", "silent", "lost", "word_of_mouth",
                                        "revenue_at_risk", "replacement_cost", "retention_cost")]


_ret = proto("csat_satisfaction_retention_forecast", [PD, PD, c_size_t, POINTER(_RetRow),
                                                      c_size_t, c_double, POINTER(_RetResult)], details=True)
_ret_table = proto("csat_satisfaction_retention_table", [POINTER(_RetRow), c_size_t], details=True)
_iceberg = proto("csat_iceberg", [c_double, c_double, c_double, POINTER(_IcebergOptions),
                                  POINTER(_IcebergResult)], details=True)


def retention_forecast(counts, revenue_per_customer=0.0, table=None):
    """Expected retained customers and revenue from satisfaction ratings (wraps csat_retention_forecast).

    Parameters
    ----------
    counts : dict
        {rating: number of customers} (finite, >= 0).
    revenue_per_customer : float, default 0.0
        Revenue of a retained customer (finite, >= 0).
    table : dict, optional
        {rating: (low, high)} one-year retention shares; None = retention_table().

    Returns
    -------
    Result
        customers, retained_low / retained_mid / retained_high and revenue_low /
        revenue_mid / revenue_high.

    Raises
    ------
    InvalidArgument
        A rating not in the table, negative counts, shares outside [0, 1] or low > high.

    Examples
    --------
    >>> r = csat.retention_forecast({5: 10, 3: 5})
    >>> r.customers, round(r.retained_mid, 3)
    (15.0, 12.575)
    """
    counts = mapping(counts, "counts")
    ratings = as_doubles([real(k, "counts rating") for k in counts.keys()], "ratings",
                         finite=True)
    cnt = as_doubles([real(v, f"counts[{k!r}]") for k, v in counts.items()], "counts",
                     finite=True, nonneg=True)
    revenue = real(revenue_per_customer, "revenue_per_customer")
    rows, n_rows = None, 0
    if table is not None:
        built = []
        for k, v in mapping(table, "table").items():
            pair = sequence(v, f"table[{k!r}]", "a (low, high) pair")
            if len(pair) != 2:
                raise InvalidArgument(f"table[{k!r}] must be a (low, high) pair")
            built.append(_RetRow(real(k, "table rating"), real(pair[0], f"table[{k!r}] low"),
                                 real(pair[1], f"table[{k!r}] high")))
        rows = (_RetRow * max(len(built), 1))(*built)
        n_rows = len(built)
    r = _RetResult()
    check(_ret(ratings.ptr, cnt.ptr, ratings.n, rows, n_rows, revenue, byref(r)),
          "retention_forecast")
    return Result({n: getattr(r, n) for n, _ in _RetResult._fields_})


def retention_table():
    """The default satisfaction rating -> one-year retention table.

    Returns
    -------
    dict
        {rating: (low, high)} retention shares for ratings 1..5.
    """
    rows = (_RetRow * 5)()
    check(_ret_table(rows, 5), "retention_table")
    return {r.rating: (r.low, r.high) for r in rows}


def iceberg(complaints, revenue_per_customer=0.0, acquisition_cost=0.0, complain_share=0.04,
            silent_lost_share=0.90, people_told=9.0, acquisition_ratio=5.0):
    """Complaint iceberg (TARP) arithmetic, every constant a parameter (wraps csat_iceberg).

    Parameters
    ----------
    complaints : float
        Complaints received (finite, >= 0).
    revenue_per_customer : float, default 0.0
        Revenue of a customer (finite, >= 0).
    acquisition_cost : float, default 0.0
        Cost of winning a customer (finite, >= 0).
    complain_share : float, default 0.04
        Share of dissatisfied customers who complain, in (0, 1].
    silent_lost_share : float, default 0.90
        Share of the silent dissatisfied who leave, in [0, 1].
    people_told : float, default 9.0
        People each dissatisfied customer tells (>= 0).
    acquisition_ratio : float, default 5.0
        Cost of winning a customer relative to keeping one (> 0).

    Returns
    -------
    Result
        dissatisfied (complaints / complain_share), silent, lost, word_of_mouth,
        revenue_at_risk, replacement_cost and retention_cost.

    Raises
    ------
    InvalidArgument
        NaN, Inf, negative values or shares out of range.

    Examples
    --------
    >>> r = csat.iceberg(10, revenue_per_customer=100, acquisition_cost=50)
    >>> r.dissatisfied, r.lost, r.revenue_at_risk
    (250.0, 216.0, 21600.0)
    """
    o = _options(_IcebergOptions, "csat_iceberg_options_init",
                 complain_share=real(complain_share, "complain_share"),
                 silent_lost_share=real(silent_lost_share, "silent_lost_share"),
                 people_told=real(people_told, "people_told"),
                 acquisition_ratio=real(acquisition_ratio, "acquisition_ratio"))
    r = _IcebergResult()
    check(_iceberg(real(complaints, "complaints"),
                   real(revenue_per_customer, "revenue_per_customer"),
                   real(acquisition_cost, "acquisition_cost"), byref(o), byref(r)), "iceberg")
    return Result({n: getattr(r, n) for n, _ in _IcebergResult._fields_})
