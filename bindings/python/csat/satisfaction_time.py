"""Satisfaction over time (issue 16): two-sample tests between waves or groups,
sample sizes for a margin of error, tracking with control limits, and scores
relative to competitors.

Every two-sample test returns the same Result (the C csat_comparison):
difference (sample 1 minus sample 2), se, statistic, p_value, lower, upper,
estimate1, estimate2, df (0 for a normal statistic) and level. The tracking
functions return a pandas DataFrame with one row per wave when pandas is
installed (indexed by the input Series' index, if any), else a Result of
columns with the same names.
"""
import math
from ctypes import POINTER, Structure, byref, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p

from . import _frames
from ._lib import (PD, InvalidArgument, Out, Result, as_doubles, as_matrix, check, choice,
                   fixed_length, integer, proto, real, same_length, sequence)
from .satisfaction import _CsiOptions, _nan, _options, _scale

__all__ = ["proportions_compare", "means_compare", "csi_compare", "proportion_sample_size",
           "mean_sample_size", "nps_sample_size_population", "track_shares", "track_means",
           "relative_score", "TRACKING_COLUMNS", "pls_index_compare"]


class _Comparison(Structure):
    _fields_ = [(n, c_double) for n in ("difference", "se", "statistic", "p_value", "lower",
                                        "upper", "estimate1", "estimate2", "df", "level")]


class _TrackingOptions(Structure):
    _fields_ = [("version", c_uint), ("level", c_double), ("limit_sigmas", c_double),
                ("sigma", c_double), ("method", c_int)]


class _Wave(Structure):
    _fields_ = [("estimate", c_double), ("se", c_double), ("lower", c_double),
                ("upper", c_double), ("change", _Comparison), ("center", c_double),
                ("lcl", c_double), ("ucl", c_double), ("flag", c_int), ("rules", c_int)]


class _Relative(Structure):
    _fields_ = [(n, c_double) for n in ("own", "benchmark", "benchmark_se", "difference",
                                        "difference_se", "difference_lower", "difference_upper",
                                        "ratio", "ratio_lower", "ratio_upper")] + [
        ("valid_ratio", c_int)]


_prop = proto("csat_proportions_compare", [c_double] * 4 + [c_int, c_double,
                                                             POINTER(_Comparison)], details=True)
_means = proto("csat_means_compare", [c_double] * 7 + [POINTER(_Comparison)], details=True)
_csi_cmp = proto("csat_csi_compare", [PD, c_size_t, PD, c_size_t, c_size_t, PD,
                                      POINTER(_CsiOptions), c_size_t, c_uint64, c_double, PD,
                                      POINTER(_Comparison)], details=True)
_n_prop = proto("csat_proportion_sample_size", [c_double] * 4 + [PD], details=True)
_n_mean = proto("csat_mean_sample_size", [c_double] * 4 + [PD], details=True)
_n_nps = proto("csat_nps_sample_size_population", [c_double] * 4 + [PD], details=True)
_track_shares = proto("csat_track_shares", [PD, PD, c_size_t, POINTER(_TrackingOptions),
                                            POINTER(_Wave)], details=True)
_track_means = proto("csat_track_means", [PD, PD, PD, c_size_t, POINTER(_TrackingOptions),
                                          POINTER(_Wave)], details=True)
_relative = proto("csat_relative_score", [c_double, c_double, PD, PD, c_size_t, c_double,
                                          POINTER(_Relative)], details=True)

_METHODS = {"wald": 0, "newcombe": 1, "agresti_caffo": 2}

#: The columns of track_shares / track_means, in order.
TRACKING_COLUMNS = ("estimate", "se", "lower", "upper", "change", "change_se",
                    "change_statistic", "change_p", "change_lower", "change_upper", "change_df",
                    "center", "lcl", "ucl", "flag", "rules")


def _comparison(r):
    return Result({name: getattr(r, name) for name, _ in _Comparison._fields_})


def proportions_compare(count1, n1, count2, n2, method="newcombe", level=0.95):
    """Two shares (CSAT top-box percentages) compared, sample 1 - sample 2 (wraps
    csat_proportions_compare).

    Parameters
    ----------
    count1, n1, count2, n2 : float
        Answers in the box and answers in each sample (0 <= count <= n, n > 0; weighted
        counts may be fractional).
    method : {"newcombe", "wald", "agresti_caffo"}, default "newcombe"
        Interval of the difference: Newcombe's (1998) hybrid score interval (method 10), the
        Wald interval, or Agresti & Caffo's (2000) add-one-success-and-failure interval.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    Result
        difference, se (unpooled), statistic (pooled z; its square is Pearson's chi-square),
        p_value (two-sided), lower, upper, estimate1, estimate2 (percent), df (0), level.

    Raises
    ------
    InvalidArgument
        A count outside [0, n], n <= 0, NaN or Inf, a level outside (0, 1), an unknown method.

    Examples
    --------
    >>> r = csat.proportions_compare(56, 70, 48, 80)   # Newcombe (1998), example (a)
    >>> round(r.lower, 2), round(r.upper, 2)
    (5.24, 33.39)
    """
    r = _Comparison()
    check(_prop(real(count1, "count1"), real(n1, "n1"), real(count2, "count2"), real(n2, "n2"),
                choice(method, _METHODS, "method"), real(level, "level"), byref(r)),
          "proportions_compare")
    return _comparison(r)


def means_compare(mean1, sd1, n1, mean2, sd2, n2, level=0.95):
    """Welch's t test of two mean scores (CES, any scale), sample 1 - sample 2 (wraps
    csat_means_compare).

    Parameters
    ----------
    mean1, sd1, n1, mean2, sd2, n2 : float
        Each sample's mean, sample SD (n - 1 denominator, >= 0) and size (>= 2), e.g. the
        mean, sd and n of csat.ces.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    Result
        difference, se, statistic (Welch's t), p_value, lower, upper (Student t with df),
        estimate1, estimate2, df (Welch-Satterthwaite), level.

    Raises
    ------
    InvalidArgument
        NaN or Inf, a negative SD, n below 2, a level outside (0, 1).
    DomainError
        Both SDs are 0 (no standard error).

    Examples
    --------
    >>> round(csat.means_compare(4.2, 0.9, 50, 3.9, 1.1, 60).p_value, 4)
    0.1186
    """
    r = _Comparison()
    check(_means(real(mean1, "mean1"), real(sd1, "sd1"), real(n1, "n1"), real(mean2, "mean2"),
                 real(sd2, "sd2"), real(n2, "n2"), real(level, "level"), byref(r)),
          "means_compare")
    return _comparison(r)


def csi_compare(answers1, answers2, weights=None, scale=(1, 10), method="range",
                nan_policy="error", n_boot=1000, seed=0, level=0.95):
    """Two CSI samples compared by the bootstrap (wraps csat_csi_compare).

    Parameters
    ----------
    answers1, answers2 : matrix of float
        Respondents x items of each sample (the same items), on the scale.
    weights : sequence of float, optional
        One weight per item, as for csat.csi; None = equal.
    scale : tuple, default (1, 10)
        (min, max) or (min, max, reversed).
    method : {"range", "max"}, default "range"
        As for csat.csi.
    nan_policy : {"error", "skip"}, default "error"
        As for csat.csi; replicates that leave an item without answers are dropped.
    n_boot : int, default 1000
        Bootstrap replicates (>= 2). Replicate b draws from stream b of seed.
    seed : int, default 0
        Seed (0 .. 2**64 - 1): the result depends only on the data and the seed.
    level : float, default 0.95
        Level of the percentile interval, in (0, 1).

    Returns
    -------
    Result
        The comparison fields (statistic = difference / bootstrap SE with a normal p_value;
        percentile interval) and draws: the replicate differences sorted ascending (NaN for
        dropped replicates, at the end).

    Raises
    ------
    InvalidArgument
        As for csat.csi (naming answers1 or answers2), n_boot below 2, a bad level.
    DomainError
        Fewer than 2 replicates kept, or all equal.

    Examples
    --------
    >>> r = csat.csi_compare([[8, 9], [7, 9], [10, 8]], [[6, 7], [8, 6], [7, 7]], n_boot=200)
    >>> r.difference > 0
    True
    """
    x1, n1, m1 = as_matrix(answers1, "answers1", allow_nan=True)
    x2, n2, m2 = as_matrix(answers2, "answers2", allow_nan=True)
    if m1 != m2 and n1 and n2:
        raise InvalidArgument(f"answers1 has {m1} items and answers2 {m2}: give the same items")
    m = m1 if n1 else m2
    w = fixed_length(as_doubles(weights, "weights", optional=True, finite=True, nonneg=True), m,
                     "one weight per item")
    o = _options(_CsiOptions, "csat_csi_options_init", scale=_scale(scale),
                 method=choice(method, {"range": 0, "max": 1}, "method"),
                 nan_policy=_nan(nan_policy))
    nb = integer(n_boot, "n_boot", ctype=c_size_t, lo=2)
    s = integer(seed, "seed", ctype=c_uint64, lo=0)
    draws = Out(nb, zero=False)
    r = _Comparison()
    check(_csi_cmp(x1.ptr, n1, x2.ptr, n2, m, w.ptr, byref(o), nb, s, real(level, "level"),
                   draws.ptr, byref(r)), "csi_compare")
    out = _comparison(r)
    out["draws"] = draws.value()
    return out


def _sample_size(fn, what, first, first_name, half_width, level, population):
    n = c_double()
    check(fn(real(first, first_name), real(half_width, "half_width"), real(level, "level"),
             real(population, "population"), byref(n)), what)
    return int(n.value)


def proportion_sample_size(percent, half_width, level=0.95, population=0):
    """Respondents for a share's margin of error (wraps csat_proportion_sample_size).

    Parameters
    ----------
    percent : float
        Expected share in percent, [0, 100] (50 is the conservative choice).
    half_width : float
        Margin of error in percentage points (> 0).
    level : float, default 0.95
        Confidence level, in (0, 1).
    population : float, default 0
        Size of the customer base for the finite-population correction
        n0 / (1 + (n0 - 1) / N); 0 for none.

    Returns
    -------
    int
        Respondents needed (rounded up).

    Raises
    ------
    InvalidArgument
        A value out of range.
    DomainError
        More respondents than the largest double.

    Examples
    --------
    >>> csat.proportion_sample_size(50, 5), csat.proportion_sample_size(50, 5, population=2000)
    (385, 323)
    """
    return _sample_size(_n_prop, "proportion_sample_size", percent, "percent", half_width, level,
                        population)


def mean_sample_size(sd, half_width, level=0.95, population=0):
    """Respondents for a mean's margin of error given the answers' SD (wraps
    csat_mean_sample_size).

    Parameters
    ----------
    sd : float
        Expected SD of the answers (>= 0), on their scale.
    half_width : float
        Margin of error on the same scale (> 0).
    level : float, default 0.95
        Confidence level, in (0, 1).
    population : float, default 0
        Customer base for the finite-population correction; 0 for none.

    Returns
    -------
    int
        Respondents needed (rounded up).

    Raises
    ------
    InvalidArgument
        A value out of range.
    DomainError
        More respondents than the largest double.

    Examples
    --------
    >>> csat.mean_sample_size(1.2, 0.1)
    554
    """
    return _sample_size(_n_mean, "mean_sample_size", sd, "sd", half_width, level, population)


def nps_sample_size_population(variance, half_width, level=0.95, population=0):
    """nps_sample_size with a finite-population correction (wraps
    csat_nps_sample_size_population).

    Parameters
    ----------
    variance : float
        Expected Var(s) of the NPS in fraction units, [0, 1].
    half_width : float
        Margin of error in points (> 0).
    level : float, default 0.95
        Confidence level, in (0, 1).
    population : float, default 0
        Customer base for the finite-population correction; 0 for none.

    Returns
    -------
    int
        Respondents needed (rounded up).

    Raises
    ------
    InvalidArgument
        A value out of range.
    DomainError
        More respondents than the largest double.

    Examples
    --------
    >>> csat.nps_sample_size_population(0.5, 5, population=10000)
    714
    """
    return _sample_size(_n_nps, "nps_sample_size_population", variance, "variance", half_width,
                        level, population)


def _tracking_options(level, limit_sigmas, sigma, method):
    o = _options(_TrackingOptions, "csat_tracking_options_init")
    o.level = real(level, "level")
    o.limit_sigmas = real(limit_sigmas, "limit_sigmas")
    o.sigma = math.nan if sigma is None else real(sigma, "sigma")
    if sigma is not None and math.isnan(o.sigma):
        raise InvalidArgument("sigma = nan: give a finite SD > 0, or None for the pooled SD")
    o.method = choice(method, _METHODS, "method")
    return o


def _waves_table(waves, index):
    cols = {name: [] for name in TRACKING_COLUMNS}
    for w in waves:
        c = w.change
        row = (w.estimate, w.se, w.lower, w.upper, c.difference, c.se, c.statistic, c.p_value,
               c.lower, c.upper, c.df, w.center, w.lcl, w.ucl, w.flag, w.rules)
        for name, v in zip(TRACKING_COLUMNS, row):
            cols[name].append(v)
    pd = _frames.pandas()
    if pd is None:
        return Result(cols)
    return pd.DataFrame(cols, index=index if index is not None else pd.RangeIndex(len(waves),
                                                                                 name="wave"))


def _columns(named, nan_ok=False):
    index = _frames.common_index(named)
    cols = [as_doubles(v, name) for name, v in named]
    return cols, same_length(*cols), index


def track_shares(counts, n, level=0.95, limit_sigmas=3.0, method="newcombe"):
    """A share tracked over waves with a p-chart (wraps csat_track_shares).

    Parameters
    ----------
    counts : sequence of float or pandas.Series
        Answers in the box per wave (0 <= counts <= n).
    n : sequence of float or pandas.Series
        Answers per wave (> 0), the same length (and index) as counts.
    level : float, default 0.95
        Level of each wave's Wilson interval and of the change intervals.
    limit_sigmas : float, default 3.0
        Control limits at center -/+ limit_sigmas standard errors for each wave's n.
    method : {"newcombe", "wald", "agresti_caffo"}, default "newcombe"
        Interval of the change from the previous wave (see proportions_compare).

    Returns
    -------
    pandas.DataFrame or Result
        One row per wave (indexed by the Series' index, else 0..): estimate (percent), se,
        lower, upper, change and its change_se, change_statistic (pooled z), change_p,
        change_lower, change_upper, change_df (all 0 for the first wave), center (the pooled
        share), lcl, ucl, flag (+1 above ucl, -1 below lcl, 0 inside: Western Electric
        rule 1) and rules, the Western Electric rules that signal at the wave as bits
        (1: rule 1, the flag; 2: 2 of the last 3 waves beyond 2 sigma on the wave's side;
        4: 4 of the last 5 beyond 1 sigma; 8: the last 8 on one side of the centre; each
        wave's own sigma; see csat.h and docs/theory/tracking.rst, 23.8). A Result of these
        columns without pandas.

    Raises
    ------
    InvalidArgument
        Counts outside [0, n], n <= 0, NaN or Inf, bad options.
    EmptyInput
        No waves.

    Examples
    --------
    >>> t = csat.track_shares([40, 45, 30, 60], [100, 100, 100, 100])
    >>> list(t["flag"])
    [0, 0, 0, 1]
    >>> list(csat.track_shares([50, 62, 61, 27], [100, 100, 100, 100])["rules"])
    [0, 0, 2, 1]
    """
    (k, m), nw, index = _columns([("counts", counts), ("n", n)])
    o = _tracking_options(level, limit_sigmas, None, method)
    out = (_Wave * max(nw, 1))()
    check(_track_shares(k.ptr, m.ptr, nw, byref(o), out), "track_shares")
    return _waves_table(list(out)[:nw], index)


def track_means(means, sds, n, level=0.95, limit_sigmas=3.0, sigma=None):
    """A mean score tracked over waves with an X-bar chart (wraps csat_track_means).

    Parameters
    ----------
    means, sds, n : sequence of float or pandas.Series
        Each wave's mean, sample SD (>= 0) and number of answers (>= 2).
    level : float, default 0.95
        Level of each wave's Student t interval and of the Welch change intervals.
    limit_sigmas : float, default 3.0
        Control limits at center -/+ limit_sigmas sigma / sqrt(n).
    sigma : float, optional
        Process SD; None uses the pooled SD of the waves (no c4 correction).

    Returns
    -------
    pandas.DataFrame or Result
        As for track_shares; the change is Welch's t test (change_df its df) and center is
        the n-weighted grand mean.

    Raises
    ------
    InvalidArgument
        NaN or Inf, a negative SD, n below 2, bad options.
    EmptyInput
        No waves.
    DomainError
        Every SD is 0 and no sigma is given.

    Examples
    --------
    >>> t = csat.track_means([7.1, 7.3, 6.8], [1.5, 1.4, 1.6], [50, 60, 40])
    >>> round(float(t["center"][0]), 2)
    7.1
    """
    (x, s, m), nw, index = _columns([("means", means), ("sds", sds), ("n", n)])
    o = _tracking_options(level, limit_sigmas, sigma, "newcombe")
    out = (_Wave * max(nw, 1))()
    check(_track_means(x.ptr, s.ptr, m.ptr, nw, byref(o), out), "track_means")
    return _waves_table(list(out)[:nw], index)


def relative_score(own, own_se, competitors, competitor_se, level=0.95):
    """A score relative to competitors measured in the same wave (wraps csat_relative_score).

    Parameters
    ----------
    own, own_se : float
        Own score and its standard error (>= 0).
    competitors, competitor_se : sequence of float
        The competitors' scores and standard errors (>= 0), one each.
    level : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    Result
        own, benchmark (the competitors' mean), benchmark_se, difference with difference_se,
        difference_lower, difference_upper (Wald), and ratio own / benchmark with ratio_lower,
        ratio_upper (delta method on log ratio); valid_ratio is False (ratio fields 0) when
        own or the benchmark is not positive, as for an NPS.

    Raises
    ------
    InvalidArgument
        NaN or Inf, a negative SE, a bad level, lengths that differ.
    EmptyInput
        No competitors.

    Examples
    --------
    >>> r = csat.relative_score(80, 2, [70, 75], [1.5, 2.5])
    >>> round(r.ratio, 4), round(r.difference, 1)
    (1.1034, 7.5)
    """
    c = as_doubles(competitors, "competitors")
    s = as_doubles(competitor_se, "competitor_se")
    m = same_length(c, s)
    r = _Relative()
    check(_relative(real(own, "own"), real(own_se, "own_se"), c.ptr, s.ptr, m,
                    real(level, "level"), byref(r)), "relative_score")
    out = Result({name: getattr(r, name) for name, _ in _Relative._fields_})
    out["valid_ratio"] = bool(r.valid_ratio)
    return out


# ---- PLS index two-sample test (issue 16) -------------------------------------------------

def _pls_index_compare_proto():
    from .pls import _Scale
    return _Scale, proto("csat_pls_index_compare", [c_void_p, c_void_p, c_size_t, POINTER(_Scale),
                                                     c_size_t, c_uint64, c_double, PD,
                                                     POINTER(_Comparison)], details=True)


def pls_index_compare(model1, model2, lv, n_boot=1000, seed=0, level=0.95):
    """Two samples' PLS index of one latent variable compared by the bootstrap
    (wraps csat_pls_index_compare).

    Fit the same csat.PLSPathModel specification to each sample (wave or group);
    this compares their 0-100 index of lv (the model's index_). Replicate b
    resamples both samples' respondents from stream b of seed and refits each.

    Parameters
    ----------
    model1, model2 : csat.PLSPathModel
        Fitted models with the same blocks, paths, modes and scheme, one per sample.
    lv : str
        The latent variable whose index is compared (e.g. "satisfaction").
    n_boot : int, default 1000
        Bootstrap replicates (>= 2).
    seed : int, default 0
        Seed (0 .. 2**64 - 1): the result depends only on the two fits and the seed.
    level : float, default 0.95
        Level of the percentile interval, in (0, 1).

    Returns
    -------
    Result
        The comparison fields of every two-sample test (difference = index1 - index2,
        bootstrap se, statistic = difference / se with a normal p_value, percentile
        lower and upper, estimate1, estimate2, df 0, level) and draws: the replicate
        differences sorted ascending (NaN for dropped replicates, at the end). The
        index scale is model1's scale, or (when neither model gives one) the smallest
        and largest answer of the two samples.

    Raises
    ------
    InvalidArgument
        Models that are not the same specification or scheme, an unknown lv, bad
        n_boot, seed or level; InvalidType when a model is not a PLSPathModel.
    NotFittedError
        A model that has not been fitted.
    DomainError
        Fewer than 2 replicates kept, or all equal.

    Examples
    --------
    >>> d1 = {"x1": [1, 2, 3, 4, 5, 2, 4, 3], "x2": [2, 2, 4, 5, 4, 1, 5, 3],
    ...       "y1": [1, 3, 3, 5, 4, 2, 4, 4], "y2": [2, 3, 2, 5, 5, 1, 4, 3]}
    >>> d2 = {k: [min(v + 1, 5) for v in c] for k, c in d1.items()}
    >>> spec = dict(blocks={"X": ["x1", "x2"], "Y": ["y1", "y2"]}, paths=[("X", "Y")], scale=(1, 5))
    >>> m1, m2 = csat.PLSPathModel(**spec).fit(d1), csat.PLSPathModel(**spec).fit(d2)
    >>> r = csat.pls_index_compare(m1, m2, "Y", n_boot=200, seed=1)
    >>> r.difference < 0
    True
    """
    from .pls import PLSPathModel
    from ._lib import InvalidType, _Using
    for name, m in (("model1", model1), ("model2", model2)):
        if not isinstance(m, PLSPathModel):
            raise InvalidType(f"{name} must be a csat.PLSPathModel, not {type(m).__name__}")
        m._require_fit("pls_index_compare")
    if lv not in model1._lvs:
        raise InvalidArgument(f"lv {lv!r} is not an LV of the model")
    if model1._lvs != model2._lvs or model1._items != model2._items:
        raise InvalidArgument("model1 and model2 are not the same model (the LVs and items must agree)")
    nb = integer(n_boot, "n_boot", ctype=c_size_t, lo=2)
    sd = integer(seed, "seed", ctype=c_uint64, lo=0)
    lvl = real(level, "level")
    scale_t, fn = _pls_index_compare_proto()
    if model1.scale is not None or model2.scale is not None:
        sc = (model1 if model1.scale is not None else model2)._scale_struct()
    else:
        a, b = model1._scale_struct(), model2._scale_struct()
        sc = scale_t(min(a.min, b.min), max(a.max, b.max), 0)
    draws = Out(nb, zero=False)
    r = _Comparison()
    with _Using((model1, model2)) as ptrs:
        check(fn(ptrs[0], ptrs[1], model1._lvs.index(lv), byref(sc), nb, sd, lvl, draws.ptr, byref(r)),
              "pls_index_compare", names={"m1": "model1", "m2": "model2"})
    out = _comparison(r)
    out["draws"] = draws.value()
    return out
