"""Segmentation: RFM scores and named segments, value tiers, customer pyramid,
ABC analysis, lifecycle stages, benefit segments, k-means.

    r = csat.rfm_scores(recency, frequency, monetary)          # r.r, r.f, r.m, r.code
    s = csat.rfm_segments(r.r, r.f, r.m, table="r_v03")        # s.segment, s.names, s.counts
    csat.rfm_table_validate("r_v02").unreachable               # rows first-match never assigns
    km = csat.KMeans(4, seed=1).fit(X)              # km.labels_, km.cluster_centers_, km.inertia_

Integer outputs (scores, codes, classes) are numpy int arrays (or array('i')
without numpy); categorical outputs also come as their names where useful.
"""
from array import array
from collections.abc import Mapping
from ctypes import (POINTER, Structure, byref, c_char_p, pointer, c_double, c_int, c_size_t, c_uint,
                    c_uint64, c_void_p)

from ._lib import (PD, PI, PSZ, Handle, InvalidArgument, NotFittedError, Out, Result, as_doubles,
                   as_ints, as_matrix, check, choice, fixed_length, flag, handle_arg,
                   integer, new_handle, np, out_matrix, proto, real, same_length, sequence, text,
                   use)
from . import _frames, _parallel
from ._parallel import _ParallelOptions
from .customers import Customers, _count as _customers_count
from ._models import Model, fitted_section, number, table, whole

__all__ = ["rfm_scores", "rfm_segments", "rfm_table_validate", "RFM_TABLES", "value_tiers",
           "pyramid", "abc", "lifecycle_stages", "lifecycle_from_history", "lifecycle_from_store", "benefit_segments",
           "benefit_theory_shares", "KMeans", "silhouette", "elbow", "kmeans_chunk_step",
           "VALUE_TIERS", "PYRAMID_TIERS", "ABC_CLASSES", "LIFECYCLE_STAGES", "BENEFITS"]

VALUE_TIERS = ("high_value", "potential", "general", "low_value")
PYRAMID_TIERS = ("platinum", "gold", "iron", "lead")
ABC_CLASSES = ("A", "B", "C")
LIFECYCLE_STAGES = ("acquisition", "growth", "maturity", "decline")
BENEFITS = ("quality", "price", "reputation", "novelty", "brand")
RFM_TABLES = {"r_v03": 0, "r_v02": 1, "eleven": 2, "rf_grid": 3}
_BINNING = {"rank": 0, "r": 1, "breaks": 2}


# ---- structures (mirror csat.h; version first) -------------------------------------

class _RfmOptions(Structure):
    _fields_ = [("version", c_uint), ("bins", c_uint), ("binning", c_int),
                ("recency_breaks", PD), ("frequency_breaks", PD), ("monetary_breaks", PD),
                ("parallel", POINTER(_ParallelOptions))]  # version 2 (issue 18)


class _Rule(Structure):
    _fields_ = [("name", c_char_p), ("r_lo", c_int), ("r_hi", c_int), ("f_lo", c_int),
                ("f_hi", c_int), ("m_lo", c_int), ("m_hi", c_int), ("fm_average", c_int)]


class _Table(Structure):
    _fields_ = [("rules", POINTER(_Rule)), ("n_rules", c_size_t), ("bins", c_uint),
                ("others", c_int), ("others_name", c_char_p)]


class _Report(Structure):
    _fields_ = [("n_cells", c_size_t), ("n_uncovered", c_size_t), ("n_overlap_cells", c_size_t),
                ("n_overlap_pairs", c_size_t), ("n_unreachable", c_size_t)]


class _TierOptions(Structure):
    _fields_ = [("version", c_uint), ("frequency_cut", c_double), ("amount_cut", c_double),
                ("potential_high_amount", c_int)]


class _PyramidOptions(Structure):
    _fields_ = [("version", c_uint), ("rule", c_int), ("platinum", c_double), ("gold", c_double),
                ("lead_below", c_double)]


class _AbcOptions(Structure):
    _fields_ = [("version", c_uint), ("a_cut", c_double), ("b_cut", c_double),
                ("top_fraction", c_double)]


class _AbcSummary(Structure):
    _fields_ = [("n", c_size_t * 3), ("share", c_double * 3), ("gini", c_double),
                ("top_share", c_double)]


class _LifecycleOptions(Structure):
    _fields_ = [("version", c_uint), ("window", c_double), ("acquisition_tenure", c_double),
                ("growth", c_double), ("decline", c_double), ("measure", c_int)]


class _KMeansOptions(Structure):
    _fields_ = [("version", c_uint), ("k", c_size_t), ("seed", c_uint64), ("n_init", c_uint),
                ("max_iter", c_size_t), ("tol", c_double), ("standardize", c_int),
                ("algorithm", c_int), ("init_centers", PD)]


_rfm_opts_init = proto("csat_rfm_options_init", [POINTER(_RfmOptions), c_uint])
_tier_opts_init = proto("csat_value_tier_options_init", [POINTER(_TierOptions), c_uint])
_pyramid_opts_init = proto("csat_pyramid_options_init", [POINTER(_PyramidOptions), c_uint])
_abc_opts_init = proto("csat_abc_options_init", [POINTER(_AbcOptions), c_uint])
_lifecycle_opts_init = proto("csat_lifecycle_options_init", [POINTER(_LifecycleOptions), c_uint])
_km_opts_init = proto("csat_kmeans_options_init", [POINTER(_KMeansOptions), c_uint])
_segment_name = proto("csat_rfm_segment_name", [POINTER(_Table), c_int], c_char_p)


def _options(cls, init, **fields):
    """An options struct filled with the library's defaults (version 1), then fields."""
    o = cls()
    check(init(byref(o), 1), cls.__name__)
    for k, v in fields.items():
        setattr(o, k, v)
    return o


_rfm_scores = proto("csat_rfm_scores", [PD, PD, PD, c_size_t, POINTER(_RfmOptions), c_void_p,
                                        PI, PI, PI, PI, PI, PD], details=True)
_table_builtin = proto("csat_rfm_table_builtin", [c_int], POINTER(_Table))
_validate = proto("csat_rfm_table_validate", [POINTER(_Table), POINTER(_Report), PI, PSZ], details=True)
_assign = proto("csat_rfm_segment_assign", [POINTER(_Table), PI, PI, PI, c_size_t, PI, PSZ, PSZ], details=True)
_tiers = proto("csat_value_tiers", [PD, PD, c_size_t, POINTER(_TierOptions), c_void_p, PI, PD, PSZ], details=True)
_pyramid = proto("csat_pyramid", [PD, c_size_t, POINTER(_PyramidOptions), c_void_p, PI, PSZ], details=True)
_abc = proto("csat_abc", [PD, c_size_t, POINTER(_AbcOptions), c_void_p, PI, PD, POINTER(_AbcSummary)], details=True)
_stages = proto("csat_lifecycle_stages", [PD, PD, PD, c_size_t, POINTER(_LifecycleOptions), PI, PD, PSZ], details=True)
_from_history = proto("csat_lifecycle_from_history",
                      [PD, PD, c_size_t, c_double, POINTER(_LifecycleOptions), PI, PD], details=True)
_from_store = proto("csat_lifecycle_from_store",
                    [c_void_p, c_double, POINTER(_LifecycleOptions), c_void_p, POINTER(c_uint64), PI, PD,
                     c_size_t, PSZ])
_benefit = proto("csat_benefit_segments", [PD, c_size_t, c_size_t, PI, PD], details=True)
_benefit_theory = proto("csat_benefit_theory_shares", [PD, PD], details=True)
_km_new = proto("csat_kmeans_new", [POINTER(c_void_p), c_void_p])
_km_free = proto("csat_kmeans_free", [c_void_p], None)
_km_last_error = proto("csat_kmeans_last_error", [c_void_p], c_char_p)
_km_fit = proto("csat_kmeans_fit", [c_void_p, PD, c_size_t, c_size_t, POINTER(_KMeansOptions), PI])
_km_result = proto("csat_kmeans_result", [c_void_p, PD, c_size_t, PD, PSZ, PI])
_km_silhouette = proto("csat_kmeans_silhouette", [PD, c_size_t, c_size_t, PI, c_size_t, c_size_t,
                                                  c_uint64, c_void_p, PD], details=True)
_km_predict = proto("csat_kmeans_predict", [c_void_p, PD, c_size_t, c_size_t, PI])
_km_scales = proto("csat_kmeans_scales", [c_void_p, PD, c_size_t])
_km_set_centers = proto("csat_kmeans_set_centers", [c_void_p, PD, c_size_t, c_size_t, PD])
_km_chunk = proto("csat_kmeans_chunk_step", [PD, c_size_t, c_size_t, PD, c_size_t, PD, PD, PD, PI, c_void_p], details=True)
_km_elbow = proto("csat_kmeans_elbow", [c_void_p, PD, c_size_t, c_size_t, POINTER(_KMeansOptions),
                                        c_size_t, c_size_t, PI, PD])


def _names(codes, names, missing=None):
    return [names[c] if 0 <= c < len(names) else missing for c in codes]


# ---- RFM ----------------------------------------------------------------------------

@_frames.indexed(rows=("r", "f", "m", "code", "total"))
def rfm_scores(recency, frequency, monetary, bins=5, binning="rank", breaks=None, n_jobs=None):
    """RFM scores 1..bins per customer, recency reversed (the most recent scores highest).

    Wraps csat_rfm_scores.

    Parameters
    ----------
    recency : sequence of float
        Time since the last purchase (any unit, finite, >= 0).
    frequency : sequence of float
        Number of purchases (finite, >= 0).
    monetary : sequence of float
        Spend (currency units, finite, >= 0).
    bins : int, default 5
        Number of score levels (2..9).
    binning : {"rank", "r", "breaks"}, default "rank"
        "rank": quantile bins by rank, ties kept together; "r": the R rfm package's
        rule; "breaks": the given breaks.
    breaks : tuple of three sequences, optional
        With binning="breaks": (recency_breaks, frequency_breaks, monetary_breaks), each
        bins - 1 increasing values.
    n_jobs : int or None, default None
        Threads, as scikit-learn's n_jobs: None or 1 = one thread (no thread is
        started), -1 = every core this process may use, -k = all but k - 1, k > 1 = k
        threads. The scores are bit-identical whatever the value.

    Returns
    -------
    Result
        r, f, m (integer scores), code = 100 r + 10 f + m, total = r + f + m, and breaks.

    Raises
    ------
    InvalidArgument
        NaN, Inf or negative values, mismatched lengths, bins out of range, bad breaks.
    EmptyInput
        No customers.

    Examples
    --------
    >>> s = csat.rfm_scores([10, 50, 3, 200, 30], [5, 1, 8, 1, 2], [100, 20, 300, 5, 60], bins=3)
    >>> [int(c) for c in s.code]
    [222, 111, 333, 111, 222]
    """
    method = choice(binning, _BINNING, "binning")
    bins = integer(bins, "bins", ctype=c_uint, lo=2, hi=9)
    # values are checked by C, whose error names the column and row
    cols = [as_doubles(recency, "recency", defer=True),
            as_doubles(frequency, "frequency", defer=True),
            as_doubles(monetary, "monetary", defer=True)]
    n = same_length(*cols)
    popts = _ParallelOptions()
    check(_parallel._init(byref(popts), 1), "parallel options")
    popts.n_threads = _parallel.threads(n_jobs)
    opts = _RfmOptions()
    check(_rfm_opts_init(byref(opts), 2), "_RfmOptions")
    opts.bins, opts.binning, opts.parallel = bins, method, pointer(popts)
    keep = []
    if breaks is not None:
        breaks = sequence(breaks, "breaks", "three sequences (recency, frequency, monetary)")
        if len(breaks) != 3:
            raise InvalidArgument("breaks: give three sequences (recency, frequency, monetary)")
        for field, b in zip(("recency_breaks", "frequency_breaks", "monetary_breaks"), breaks):
            col = fixed_length(as_doubles(b, field, finite=True), bins - 1, "bins - 1")
            keep.append(col)
            setattr(opts, field, col.ptr)
    elif binning == "breaks":
        raise InvalidArgument("binning='breaks' needs breaks=")
    r, f, m, code, total = (Out(n, c_int) for _ in range(5))
    nb = bins - 1
    br = Out(3 * nb)
    check(_rfm_scores(cols[0].ptr, cols[1].ptr, cols[2].ptr, n, byref(opts), None, r.ptr, f.ptr,
                      m.ptr, code.ptr, total.ptr, br.ptr), "rfm_scores")
    b = br.value()
    return Result(r=r.value(), f=f.value(), m=m.value(), code=code.value(), total=total.value(),
                  breaks=Result(recency=b[:nb], frequency=b[nb:2 * nb], monetary=b[2 * nb:]))


def _pair(v, name, bins):
    pair = sequence(v, name, "a (lo, hi) pair of scores")
    if len(pair) != 2:
        raise InvalidArgument(f"{name} must be a (lo, hi) pair, not {len(pair)} values")
    return [integer(x, f"{name}[{i}]", ctype=c_int) for i, x in enumerate(pair)]


def _rule(row, i, bins):
    """(name, r_lo, r_hi, f_lo, f_hi, m_lo, m_hi, fm_average) from a dict or a sequence."""
    where = f"table[{i}]"
    if isinstance(row, Mapping):
        if "name" not in row or "r" not in row or ("f" in row) == ("fm" in row):
            raise InvalidArgument(f"{where}: a rule dict needs name, r and either f (with m) "
                                  "or fm")
        fm = "fm" in row
        return (text(row["name"], f"{where}['name']"), *_pair(row["r"], f"{where}['r']", bins),
                *_pair(row["fm" if fm else "f"], f"{where}['{'fm' if fm else 'f'}']", bins),
                *(_pair(row["m"], f"{where}['m']", bins) if "m" in row else (0, 0)), int(fm))
    row = sequence(row, where, "a rule (name, r_lo, r_hi, f_lo, f_hi, m_lo, m_hi[, fm_average]) "
                               "or a dict")
    if len(row) not in (7, 8):
        raise InvalidArgument(f"{where}: a rule is (name, r_lo, r_hi, f_lo, f_hi, m_lo, m_hi"
                              f"[, fm_average]), not {len(row)} values")
    vals = [integer(v, f"{where}[{k}]", ctype=c_int) for k, v in enumerate(row[1:7], 1)]
    fm = flag(row[7], f"{where}[7] (fm_average)") if len(row) == 8 else 0
    return (text(row[0], f"{where}[0] (name)"), *vals, fm)


class _TableRef:
    """A csat_rfm_table for C, built-in or from Python rules (kept alive here)."""

    def __init__(self, table, bins=5, others=None):
        bins = integer(bins, "bins", ctype=c_uint, lo=2, hi=9)
        if others is not None:
            text(others, "others")
        if isinstance(table, str):
            choice(table, RFM_TABLES, "table")
            if bins != 5:
                raise InvalidArgument(f"bins = {bins}: the built-in tables have 5 bins")
            if others is not None:
                raise InvalidArgument("others names the catch-all of a custom table; the built-in "
                                      "tables name their own")
            self.ptr = _table_builtin(RFM_TABLES[table])
            t = self.ptr.contents
            self.names = [_segment_name(self.ptr, i).decode() for i in range(t.n_rules)]
            self.others = t.others_name.decode() if t.others else None
            return
        rows = sequence(table, "table", "a built-in table name or a list of rules")
        rules = [_rule(row, i, bins) for i, row in enumerate(rows)]
        if not rules:
            raise InvalidArgument("a segment table needs at least one rule")
        self.names = [r[0] for r in rules]
        self._encoded = [n.encode() for n in self.names]
        self._rules = (_Rule * len(rules))(*[_Rule(e, *r[1:])
                                             for e, r in zip(self._encoded, rules)])
        self.others = others
        self._others_enc = others.encode() if others else None
        self._table = _Table(self._rules, len(rules), bins, 1 if others else 0, self._others_enc)
        self.ptr = POINTER(_Table)(self._table)

    def all_names(self):
        return self.names + ([self.others] if self.others else [])


@_frames.indexed(rows=("segment", "names"))
def rfm_segments(r, f, m, table="r_v03", bins=5, others=None, allow_unassigned=False):
    """Named segment of each customer from RFM scores (wraps csat_rfm_segments).

    Parameters
    ----------
    r, f, m : sequence of int
        Scores 1..bins (as from rfm_scores).
    table : str or list of rules, default "r_v03"
        A built-in name (see RFM_TABLES) or rules (name, r_lo, r_hi, f_lo, f_hi, m_lo,
        m_hi[, fm_average]) applied first-match.
    bins : int, default 5
        The score range of r, f and m.
    others : str, optional
        Catch-all name for custom tables (None = no catch-all).
    allow_unassigned : bool, default False
        Let customers no rule matches get segment -1 and name None instead of raising.

    Returns
    -------
    Result
        segment (index per customer), names (name per customer), counts (dict name ->
        customers) and n_unassigned.

    Raises
    ------
    InvalidArgument
        Scores outside 1..bins, mismatched lengths, an unknown table or a bad rule.
    DomainError
        A customer no rule matches (without allow_unassigned).

    Examples
    --------
    >>> csat.rfm_segments([5, 1], [5, 1], [5, 1]).names
    ['Champions', 'Lost']
    """
    t = _TableRef(table, bins, others)
    rr, fr, mr = as_ints(r, "r"), as_ints(f, "f"), as_ints(m, "m")
    n = same_length(rr, fr, mr)
    unassigned_ok = flag(allow_unassigned, "allow_unassigned")
    seg = Out(n, c_int)
    counts = Out(len(t.names) + 1, c_size_t)
    un = c_size_t(0)
    check(_assign(t.ptr, rr.ptr, fr.ptr, mr.ptr, n, seg.ptr, counts.ptr,
                  byref(un) if unassigned_ok else None), "rfm_segments")
    all_names = t.all_names()
    c = list(counts.value())
    return Result(segment=seg.value(), names=_names(list(seg.value()), all_names),
                  counts={nm: int(c[i]) for i, nm in enumerate(all_names)}, n_unassigned=un.value)


def rfm_table_validate(table="r_v03", bins=5, others=None):
    """Check an RFM segment table over all bins**3 score cells (wraps csat_rfm_table_validate).

    Parameters
    ----------
    table : str or list of rules, default "r_v03"
        As for rfm_segments.
    bins : int, default 5
        Score range 1..bins (2..9).
    others : str, optional
        Catch-all name for custom tables.

    Returns
    -------
    Result
        n_cells, uncovered, overlap_cells, overlap_pairs, unreachable (names of rules never
        assigned), rule_cells (cells each rule wins) and cell_segment (segment per cell).

    Raises
    ------
    InvalidArgument
        An unknown table name, a malformed rule, bins out of range.
    """
    t = _TableRef(table, bins, others)
    rep = _Report()
    b = t.ptr.contents.bins
    cells = Out(b ** 3, c_int)
    wins = Out(len(t.names), c_size_t)
    check(_validate(t.ptr, byref(rep), cells.ptr, wins.ptr), "rfm_table_validate")
    w = [int(v) for v in wins.value()]
    return Result(n_cells=rep.n_cells, uncovered=rep.n_uncovered, overlap_cells=rep.n_overlap_cells,
                  overlap_pairs=rep.n_overlap_pairs,
                  unreachable=[nm for nm, k in zip(t.names, w) if k == 0],
                  rule_cells=dict(zip(t.names, w)), cell_segment=cells.value())


# ---- tiers, pyramid, ABC ---------------------------------------------------------------

def _cut(v, name):
    return float("nan") if v is None else real(v, name)


@_frames.indexed(rows=("tier", "names"))
def value_tiers(frequency, amount, frequency_cut=None, amount_cut=None, potential_high_amount=True):
    """Value tier per customer from frequency and amount (VALUE_TIERS; wraps csat_value_tiers).

    "High" means strictly above the cut.

    Parameters
    ----------
    frequency : sequence of float
        Purchases per customer (finite, >= 0).
    amount : sequence of float
        Spend per customer (finite, >= 0).
    frequency_cut, amount_cut : float, optional
        The cuts; None = the medians.
    potential_high_amount : bool, default True
        Which mixed cell is "potential": high amount with low frequency (True) or the reverse.

    Returns
    -------
    Result
        tier (index into VALUE_TIERS per customer), names, cuts and counts.

    Raises
    ------
    InvalidArgument
        NaN, Inf or negative values, mismatched lengths.
    EmptyInput
        No customers.
    """
    fr = as_doubles(frequency, "frequency", finite=True, nonneg=True)
    am = as_doubles(amount, "amount", finite=True, nonneg=True)
    n = same_length(fr, am)
    opts = _options(_TierOptions, _tier_opts_init,
                    frequency_cut=_cut(frequency_cut, "frequency_cut"),
                    amount_cut=_cut(amount_cut, "amount_cut"),
                    potential_high_amount=flag(potential_high_amount, "potential_high_amount"))
    tier = Out(n, c_int)
    cuts = (c_double * 2)()
    counts = (c_size_t * 4)()
    check(_tiers(fr.ptr, am.ptr, n, byref(opts), None, tier.ptr, cuts, counts), "value_tiers")
    return Result(tier=tier.value(), names=_names(list(tier.value()), VALUE_TIERS),
                  cuts=(cuts[0], cuts[1]), counts=dict(zip(VALUE_TIERS, list(counts))))


@_frames.indexed(rows=("tier", "names"))
def pyramid(profit, rule="rank", platinum=0.20, gold=0.50, lead_below=0.0):
    """Customer pyramid tier per customer (PYRAMID_TIERS; wraps csat_pyramid).

    Parameters
    ----------
    profit : sequence of float
        Profit per customer (finite, any sign).
    rule : {"rank", "share"}, default "rank"
        Cut-offs as fractions of customers by rank, or as cumulative profit shares.
    platinum : float, default 0.20
        Top fraction (or share) that is platinum, in (0, 1].
    gold : float, default 0.50
        Fraction (or share) up to which customers are gold, in [platinum, 1].
    lead_below : float, default 0.0
        Customers with profit below this are lead.

    Returns
    -------
    Result
        tier (index into PYRAMID_TIERS per customer), names and counts.

    Raises
    ------
    InvalidArgument
        NaN or Inf, cuts out of order or range, an unknown rule.
    EmptyInput
        No customers.
    """
    rule = choice(rule, {"rank": 0, "share": 1}, "rule")
    p = as_doubles(profit, "profit", finite=True)
    opts = _options(_PyramidOptions, _pyramid_opts_init, rule=rule,
                    platinum=real(platinum, "platinum"), gold=real(gold, "gold"),
                    lead_below=real(lead_below, "lead_below"))
    tier = Out(p.n, c_int)
    counts = (c_size_t * 4)()
    check(_pyramid(p.ptr, p.n, byref(opts), None, tier.ptr, counts), "pyramid")
    return Result(tier=tier.value(), names=_names(list(tier.value()), PYRAMID_TIERS),
                  counts=dict(zip(PYRAMID_TIERS, list(counts))))


@_frames.indexed(rows=("klass", "names"))
def abc(value, a_cut=0.80, b_cut=0.95, top_fraction=0.20):
    """ABC classes by cumulative value share, with the concentration curve (wraps csat_abc).

    Parameters
    ----------
    value : sequence of float
        Value (revenue, profit, ...) per customer (finite, >= 0, positive sum).
    a_cut : float, default 0.80
        Cumulative share up to which customers are A, in (0, 1].
    b_cut : float, default 0.95
        Cumulative share up to which customers are B, in [a_cut, 1].
    top_fraction : float, default 0.20
        Fraction of customers whose value share is reported as top_share, in (0, 1].

    Returns
    -------
    Result
        klass (0 = A, 1 = B, 2 = C per customer), names, curve (curve[i] = share of the top i
        customers), gini, top_share, counts and shares per class.

    Raises
    ------
    InvalidArgument
        NaN, Inf or negative values, cuts out of order or range.
    EmptyInput
        No customers.
    DomainError
        All values are 0.
    """
    v = as_doubles(value, "value", finite=True, nonneg=True)
    opts = _options(_AbcOptions, _abc_opts_init, a_cut=real(a_cut, "a_cut"),
                    b_cut=real(b_cut, "b_cut"), top_fraction=real(top_fraction, "top_fraction"))
    klass = Out(v.n, c_int)
    curve = Out(v.n + 1)
    s = _AbcSummary()
    check(_abc(v.ptr, v.n, byref(opts), None, klass.ptr, curve.ptr, byref(s)), "abc")
    return Result(klass=klass.value(), names=_names(list(klass.value()), ABC_CLASSES),
                  curve=curve.value(), gini=s.gini, top_share=s.top_share,
                  counts=dict(zip(ABC_CLASSES, list(s.n))), shares=dict(zip(ABC_CLASSES, list(s.share))))


# ---- lifecycle, benefits ------------------------------------------------------------------

def _lifecycle_opts(window, acquisition_tenure, growth, decline, measure):
    measure = choice(measure, {"purchases": 0, "spend": 1}, "measure")
    return _options(_LifecycleOptions, _lifecycle_opts_init, window=real(window, "window"),
                    acquisition_tenure=real(acquisition_tenure, "acquisition_tenure"),
                    growth=real(growth, "growth"), decline=real(decline, "decline"),
                    measure=measure)


@_frames.indexed(rows=("stage", "trend", "names"))
def lifecycle_stages(tenure, recent, earlier, acquisition_tenure=180.0, growth=0.25, decline=0.25):
    """Lifecycle stage per customer (LIFECYCLE_STAGES; wraps csat_lifecycle_stages).

    Tenure below acquisition_tenure is acquisition; otherwise the trend (recent - earlier) /
    earlier gives growth (> growth), decline (< -decline) or maturity (see csat.h).

    Parameters
    ----------
    tenure : sequence of float
        Time since the first purchase (finite, >= 0, the unit of acquisition_tenure).
    recent, earlier : sequence of float
        Activity (purchases or spend) in the recent window and the one before (>= 0).
    acquisition_tenure : float, default 180.0
        Tenure below which a customer is in acquisition (>= 0).
    growth, decline : float, default 0.25
        Relative trend thresholds (finite, >= 0).

    Returns
    -------
    Result
        stage (index per customer), names, trend and counts.

    Raises
    ------
    InvalidArgument
        NaN, Inf or negative values, mismatched lengths.
    EmptyInput
        No customers.
    """
    cols = [as_doubles(tenure, "tenure", finite=True, nonneg=True),
            as_doubles(recent, "recent", finite=True, nonneg=True),
            as_doubles(earlier, "earlier", finite=True, nonneg=True)]
    n = same_length(*cols)
    opts = _lifecycle_opts(90.0, acquisition_tenure, growth, decline, "purchases")
    stage, trend = Out(n, c_int), Out(n)
    counts = (c_size_t * 4)()
    check(_stages(cols[0].ptr, cols[1].ptr, cols[2].ptr, n, byref(opts), stage.ptr, trend.ptr, counts),
          "lifecycle_stages")
    return Result(stage=stage.value(), names=_names(list(stage.value()), LIFECYCLE_STAGES),
                  trend=trend.value(), counts=dict(zip(LIFECYCLE_STAGES, list(counts))))


def lifecycle_from_history(times, now, amounts=None, window=90.0, acquisition_tenure=180.0,
                           growth=0.25, decline=0.25, measure="purchases"):
    """Lifecycle stage of one customer from purchase times (wraps csat_lifecycle_from_history).

    Parameters
    ----------
    times : sequence of float
        Purchase times (finite, >= 0, <= now).
    now : float
        The evaluation time.
    amounts : sequence of float, optional
        Purchase amounts (needed for measure="spend").
    window : float, default 90.0
        Length of the recent and the earlier window (> 0).
    acquisition_tenure, growth, decline : float
        As for lifecycle_stages.
    measure : {"purchases", "spend"}, default "purchases"
        What the windows count.

    Returns
    -------
    Result
        stage (a LIFECYCLE_STAGES name) and trend.

    Raises
    ------
    InvalidArgument
        Bad values or options.
    EmptyInput
        No purchases.

    Examples
    --------
    >>> csat.lifecycle_from_history([0, 10, 100, 150], now=200).stage
    'maturity'
    """
    t = as_doubles(times, "times", finite=True, nonneg=True)
    a = as_doubles(amounts, "amounts", optional=True, finite=True, nonneg=True)
    n = same_length(t, a)
    now = real(now, "now")
    opts = _lifecycle_opts(window, acquisition_tenure, growth, decline, measure)
    stage, trend = c_int(), c_double()
    check(_from_history(t.ptr, a.ptr, n, now, byref(opts), byref(stage), byref(trend)),
          "lifecycle_from_history")
    return Result(stage=LIFECYCLE_STAGES[stage.value], trend=trend.value)


def lifecycle_from_store(customers, now, window=90.0, acquisition_tenure=180.0, growth=0.25,
                         decline=0.25, measure="purchases"):
    """Lifecycle stages of every customer of a csat.Customers store at time now.

    Parameters
    ----------
    customers : Customers
        The transaction store.
    now : float
        The evaluation time (store time units).
    window, acquisition_tenure, growth, decline, measure
        As for lifecycle_from_history.

    Returns
    -------
    Result
        ids, stage, names and trend per customer.

    Raises
    ------
    InvalidType
        customers is not a csat.Customers.
    InvalidArgument
        Bad options.
    EmptyInput
        An empty store.
    """
    handle_arg(customers, Customers, "customers")
    now = real(now, "now")
    opts = _lifecycle_opts(window, acquisition_tenure, growth, decline, measure)
    nc = c_size_t()
    n = c_size_t()
    with use(customers) as c:
        check(_customers_count(c, byref(nc), None), "lifecycle_from_store")
        m = max(nc.value, 1)
        ids, stage, trend = Out(m, c_uint64), Out(m, c_int), Out(m)
        check(_from_store(c, now, byref(opts), None, ids.ptr, stage.ptr, trend.ptr, m,
                          byref(n)), "lifecycle_from_store")
    ids.n = stage.n = trend.n = n.value
    st = stage.value()[:n.value]
    return Result(ids=ids.value()[:n.value], stage=st, names=_names(list(st), LIFECYCLE_STAGES),
                  trend=trend.value()[:n.value])


def benefit_theory_shares():
    """The benefit segmentation theory's share of each benefit segment.

    Returns
    -------
    Result
        shares (dict benefit -> share) and sum (0.97).
    """
    s, total = (c_double * 5)(), c_double()
    check(_benefit_theory(s, byref(total)))
    return Result(shares=dict(zip(BENEFITS, list(s))), sum=total.value)


def benefit_segments(importance, benefits=BENEFITS):
    """Benefit segment: the benefit each respondent rates most important (wraps csat_benefit_segments).

    Parameters
    ----------
    importance : matrix of float
        n x len(benefits) importance ratings (finite).
    benefits : sequence of str, default BENEFITS
        Names of the benefit columns.

    Returns
    -------
    Result
        segment (column index, -1 for a tie), names (None for a tie) and shares (dict,
        'tie' for ties).

    Raises
    ------
    InvalidArgument
        NaN or Inf, a matrix whose width differs from len(benefits).
    EmptyInput
        No respondents.
    """
    benefits = [text(b, f"benefits[{i}]") for i, b in
                enumerate(sequence(benefits, "benefits", "a sequence of benefit names"))]
    x, n, d = as_matrix(importance, "importance", finite=True)
    if d != len(benefits):
        raise InvalidArgument(f"importance needs {len(benefits)} columns (one per benefit), got {d}")
    seg = Out(n, c_int)
    shares = (c_double * (d + 1))()
    check(_benefit(x.ptr, n, d, seg.ptr, shares), "benefit_segments")
    return Result(segment=seg.value(), names=_names(list(seg.value()), benefits),
                  shares=dict(zip(benefits + ["tie"], list(shares))))


# ---- k-means -----------------------------------------------------------------------------

_ALGORITHMS = {"lloyd": 0, "hamerly": 1, "auto": 2}


@_parallel.documented
class KMeans(Model, Handle):
    """k-means clustering with greedy k-means++ seeding (deterministic for a seed).

    Wraps csat_kmeans. After fit(X): labels_, cluster_centers_ (k x d, input units),
    inertia_, n_iter_, converged_, n_features_in_ and n_customers_ (rows); summary has one
    row per cluster. The results are kept on the Python side, so copies, pickles and saved
    models are faithful: a copy has its own (empty) handle and the same attributes.

    Parameters
    ----------
    k : int
        Number of clusters (>= 1; at most the rows given to fit).
    seed : int, default 0
        Seed of the k-means++ seeding (integer >= 0).
    n_init : int, default 1
        Seedings tried; the lowest inertia wins (>= 1).
    max_iter : int, default 300
        Iteration limit per run (>= 1).
    tol : float, default 1e-4
        Convergence tolerance on the centre shift (finite, >= 0).
    standardize : bool, default False
        Cluster z-scored columns (centers are reported in input units).
    algorithm : {"auto", "lloyd", "hamerly"}, default "auto"
        Lloyd's iteration, Hamerly's (fewer distance computations), or "auto": the one
        expected to be faster for the data's size, d and k. All give the same result bit
        for bit from the same start.
    init : matrix of float, optional
        Starting centres (k x d) instead of the seeding.
    {n_jobs}

    Raises
    ------
    InvalidArgument
        A bad k, seed, count, tolerance or algorithm; InvalidType for a wrong type.

    Examples
    --------
    >>> km = csat.KMeans(2).fit([[0, 0], [0, 1], [10, 10], [10, 11]])
    >>> [int(l) for l in km.labels_], km.inertia_
    ([1, 1, 0, 0], 1.0)
    >>> km
    <csat.KMeans: fitted on 4 customers; k=2, inertia=1>
    """
    _free = _km_free
    _last_error = _km_last_error
    _hyper = ("k", "seed", "n_init", "max_iter", "tol", "standardize", "algorithm", "init", "n_jobs")
    _parallel_kind = "kmeans"
    _fitted_attr = "labels_"

    def __init__(self, k, seed=0, n_init=1, max_iter=300, tol=1e-4, standardize=False,
                 algorithm="auto", init=None, n_jobs=None):
        self.k, self.seed, self.n_init, self.max_iter = k, seed, n_init, max_iter
        self.tol, self.standardize, self.algorithm, self.init = tol, standardize, algorithm, init
        self.n_jobs = n_jobs
        self._check_hyper()
        self._adopt(self._new_ptr())

    def _new_ptr(self):
        return new_handle(_km_new, None, what="KMeans")

    def _check_hyper(self):
        self._options()  # the values stay as given (scikit-learn's clone compares them)
        _parallel.threads(self.n_jobs)

    def _options(self, k=None, d=None):
        """The C options from the attributes, checked; with d (X's columns) the init
        centres too: (options, init column or None)."""
        k = integer(self.k if k is None else k, "k", ctype=c_size_t, lo=1)
        opts = _options(_KMeansOptions, _km_opts_init, k=k,
                        seed=integer(self.seed, "seed", ctype=c_uint64),
                        n_init=integer(self.n_init, "n_init", ctype=c_uint, lo=1),
                        max_iter=integer(self.max_iter, "max_iter", ctype=c_size_t, lo=1),
                        tol=real(self.tol, "tol", finite=True, nonneg=True),
                        standardize=flag(self.standardize, "standardize"),
                        algorithm=choice(self.algorithm, _ALGORITHMS, "algorithm"))
        init = None
        if self.init is not None:
            init, rows, cols = as_matrix(self.init, "init", finite=True)
            if rows != k:
                raise InvalidArgument(f"init must have k = {k} rows (one centre per cluster), "
                                      f"not {rows}")
            if d is not None and cols != d:
                raise InvalidArgument(f"init must be k x d = {k} x {d} (one centre per cluster, "
                                      f"one column per feature of X), not {rows} x {cols}")
            opts.init_centers = init.ptr
        return opts, init

    def fit(self, X, y=None):
        """Cluster the rows of X; sets labels_, cluster_centers_, inertia_, n_iter_ and converged_.

        Parameters
        ----------
        X : matrix of float
            n x d observations (finite), n >= k.
        y : ignored
            Accepted for scikit-learn's pipelines, which pass it to every step.

        Returns
        -------
        self

        Raises
        ------
        InvalidArgument
            NaN or Inf values, ragged rows, init of the wrong shape, k above the rows.
        EmptyInput
            No rows.

        Examples
        --------
        >>> km = csat.KMeans(2, seed=1).fit([[0, 0], [0, 1], [10, 10], [10, 11]])
        >>> sorted([float(c) for c in row] for row in km.cluster_centers_)
        [[0.0, 0.5], [10.0, 10.5]]
        """
        x, n, d = as_matrix(X, "X", finite=True)
        opts, _init = self._options(d=d)
        k = opts.k
        if k > n:
            raise InvalidArgument(f"k = {k} clusters is more than the {n} rows of X")
        labels = Out(n, c_int)
        centers = out_matrix(k, d)
        inertia, n_iter, conv = c_double(), c_size_t(), c_int()
        with self._use() as p:
            self._check(_km_fit(p, x.ptr, n, d, byref(opts), labels.ptr), "KMeans.fit")
            self._check(_km_result(p, centers.ptr, k * d, byref(inertia), byref(n_iter),
                                   byref(conv)), "KMeans.fit")
        self.labels_ = labels.value()
        self.cluster_centers_ = centers.value()
        self.inertia_ = inertia.value
        self.n_iter_ = n_iter.value
        self.converged_ = bool(conv.value)
        self.n_features_in_, self.n_customers_ = d, float(n)
        return self

    def predict(self, X):
        """Assign new rows to the fitted centres (wraps csat_kmeans_predict).

        Rows are compared as in the fit: with standardize, each column is scaled by
        the training column's 1/sd; the nearest centre (squared Euclidean distance,
        lowest index on ties) wins, so predict(X_train) gives the fit's labels.

        Parameters
        ----------
        X : matrix of float or pandas.DataFrame
            n x d rows (finite), the columns of the fit.

        Returns
        -------
        numpy.ndarray of int, array('i') or pandas.Series
            The cluster 0..k-1 of each row; a Series on X's index for a DataFrame.

        Raises
        ------
        InvalidArgument
            NaN or Inf values (the message names the row), the wrong number of columns.
        EmptyInput
            No rows.
        NotFittedError
            The model is not fitted (a Misuse, as scikit-learn's NotFittedError).

        Examples
        --------
        >>> km = csat.KMeans(2, seed=1).fit([[0, 0], [0, 1], [10, 10], [10, 11]])
        >>> [int(l) for l in km.predict([[1, 1], [9, 9]])] == [int(km.labels_[0]), int(km.labels_[2])]
        True
        """
        if self.__dict__.get("cluster_centers_") is None:  # a fit or csat.dask.kmeans sets them
            raise NotFittedError("KMeans.predict: this csat.KMeans has not been fitted")
        index = None
        if _frames.is_frame(X) or _frames.is_series(X):
            index = X.index
            X = X.to_numpy()
        x, n, d = as_matrix(X, "X", finite=True)
        labels = Out(n, c_int)
        with self._use() as p:
            self._check(_km_predict(p, x.ptr, n, d, labels.ptr), "KMeans.predict")
        return _frames.series(labels.value(), index, "label")

    def _c_state(self):
        if _km_result(self._ptr, None, 0, None, None, None) < 0:
            return None  # not fitted: nothing to rebuild
        centers = self.__dict__.get("cluster_centers_", self.__dict__.get("centers"))
        rows = [list(map(float, row)) for row in centers]
        k, d = len(rows), len(rows[0])
        scales = Out(d)
        self._check(_km_scales(self._ptr, scales.ptr, d), "copy")
        return {"centers": [v for row in rows for v in row], "k": k, "d": d,
                "scales": [float(v) for v in scales.value()]}

    def _c_restore(self, state):
        if state is None:
            return
        c = as_doubles(state["centers"], "centers", finite=True)
        sc = as_doubles(state["scales"], "scales", finite=True)
        self._check(_km_set_centers(self._ptr, c.ptr, state["k"], state["d"], sc.ptr), "copy")

    def _describe(self):
        if not self._is_fitted():
            return None
        return (self.n_customers_, [("k", len(self.cluster_centers_)),
                                    ("inertia", self.inertia_)], None)

    def _summary(self):
        self._require_fit("summary")
        k, d = len(self.cluster_centers_), self.n_features_in_
        if np is not None:
            size = np.bincount(self.labels_, minlength=k).tolist()
        else:
            size = [0] * k
            for label in self.labels_:
                size[label] += 1
        cols = {"size": size}
        cols.update({f"center[{j}]": [float(self.cluster_centers_[c][j]) for c in range(k)]
                     for j in range(d)})
        return table("cluster", range(k), cols,
                     {"n_customers": self.n_customers_, "inertia": self.inertia_,
                      "n_iter": self.n_iter_, "converged": self.converged_})

    def _document(self):
        if not self._is_fitted():
            return {}
        return {"fit": {"n_customers": self.n_customers_, "iterations": self.n_iter_,
                        "converged": self.converged_},
                "fitted": {"labels": self.labels_, "cluster_centers": self.cluster_centers_,
                           "inertia": self.inertia_, "n_iter": self.n_iter_,
                           "converged": self.converged_, "scales": self._scales()}}

    def _scales(self):
        """The fit's per-feature scales (csat_kmeans_scales), for a file or a copy."""
        d = self.n_features_in_
        scales = Out(d)
        self._check(_km_scales(self._ptr, scales.ptr, d), "save")
        return [float(v) for v in scales.value()]

    def _restore(self, doc):
        fitted = fitted_section(doc)
        if fitted is None:
            return
        centers, k, d = as_matrix(fitted.get("cluster_centers"), "model file: fitted.cluster_centers",
                                  finite=True)
        labels = as_ints(fitted.get("labels"), "model file: fitted.labels")
        bad = [v for v in labels.values() if not 0 <= v < k]
        if bad or k != integer(self.k, "k"):
            raise InvalidArgument("model file: fitted.labels must be 0..k-1 and "
                                  "fitted.cluster_centers have k rows")
        converged = fitted.get("converged")
        if not isinstance(converged, bool):
            raise InvalidArgument("model file: fitted.converged must be true or false")
        self.labels_ = labels.keep if np is not None else array("i", labels.values())
        self.cluster_centers_ = centers.keep if np is not None else [
            array("d", centers.keep[i * d:(i + 1) * d]) for i in range(k)]
        self.inertia_ = number(fitted.get("inertia"), "fitted.inertia", finite=True, nonneg=True)
        self.n_iter_ = whole(fitted.get("n_iter"), "fitted.n_iter")
        self.converged_ = converged
        self.n_features_in_, self.n_customers_ = d, float(labels.n)
        scales = fitted.get("scales")
        sc = None if scales is None else as_doubles(scales, "model file: fitted.scales",
                                                    finite=True)
        if sc is not None and sc.n != d:
            raise InvalidArgument(f"model file: fitted.scales must have {d} values")
        self._check(_km_set_centers(self._ptr, centers.ptr, k, d, None if sc is None else sc.ptr),
                    "load")

    def elbow(self, X, k_min, k_max):
        """Inertia for k = k_min..k_max with this object's options.

        Parameters
        ----------
        X : matrix of float
            n x d observations (finite).
        k_min, k_max : int
            The range of k, 1 <= k_min <= k_max <= n.

        Returns
        -------
        dict of int to float
            k -> inertia.

        Raises
        ------
        InvalidArgument
            Bad values or a k range out of bounds.
        EmptyInput
            No rows.
        """
        x, n, d = as_matrix(X, "X", finite=True)
        if self.init is not None:
            raise InvalidArgument("elbow uses k-means++ seeding; unset init")
        k_min = integer(k_min, "k_min", ctype=c_size_t, lo=1)
        k_max = integer(k_max, "k_max", ctype=c_size_t, lo=k_min)
        if k_max > n:
            raise InvalidArgument(f"k_max = {k_max} is more than the {n} rows of X")
        opts, _ = self._options(k=k_min)
        labels = Out(n, c_int)
        out = Out(k_max - k_min + 1)
        with self._use() as p:
            self._check(_km_elbow(p, x.ptr, n, d, byref(opts), k_min, k_max, labels.ptr,
                                  out.ptr), "KMeans.elbow")
        return {k_min + i: float(v) for i, v in enumerate(out.value())}


def elbow(X, k_min, k_max, **kw):
    """The elbow table: k-means inertia for k = k_min..k_max.

    Parameters
    ----------
    X : matrix of float
        n x d observations (finite).
    k_min, k_max : int
        The range of k, 1 <= k_min <= k_max <= n.
    **kw
        KMeans options (seed, n_init, max_iter, tol, standardize, algorithm).

    Returns
    -------
    dict of int to float
        k -> inertia.

    Raises
    ------
    InvalidArgument
        Bad values, k_max above the rows, a bad option.
    EmptyInput
        No rows.

    Examples
    --------
    >>> csat.elbow([[0, 0], [0, 1], [10, 10], [10, 11]], 1, 3)
    {1: 201.0, 2: 1.0, 3: 0.5}
    """
    with KMeans(integer(k_min, "k_min", ctype=c_size_t, lo=1), **kw) as km:
        return km.elbow(X, k_min, k_max)


def silhouette(X, labels, k=None, sample=0, seed=0):
    """Mean silhouette (Euclidean) of a labelling (wraps csat_silhouette).

    Parameters
    ----------
    X : matrix of float
        n x d observations (finite).
    labels : sequence of int
        Cluster 0..k-1 of each row.
    k : int, optional
        Number of clusters; None = max(labels) + 1.
    sample : int, default 0
        > 0: use that many rows drawn with seed (as scikit-learn's sample_size); 0 = all.
    seed : int, default 0
        Seed of the sample (integer >= 0).

    Returns
    -------
    float
        The mean silhouette, in [-1, 1].

    Raises
    ------
    InvalidArgument
        NaN or Inf, labels out of range, mismatched lengths, a bad sample.
    EmptyInput
        No rows.
    DomainError
        Fewer than 2 non-empty clusters.

    Examples
    --------
    >>> round(csat.silhouette([[0, 0], [0, 1], [10, 10], [10, 11]], [0, 0, 1, 1]), 4)
    0.9293
    """
    x, n, d = as_matrix(X, "X", finite=True)
    lab = as_ints(labels, "labels")
    if lab.n != n:
        raise InvalidArgument(f"labels must have one entry per row of X: X has {n} rows, "
                              f"labels {lab.n}")
    if k is None:
        k = int(lab.keep.max() if np is not None else max(lab.keep)) + 1 if n else 1
    k = integer(k, "k", ctype=c_size_t, lo=1)
    if k > max(n, 1):
        raise InvalidArgument(f"k = {k} clusters is more than the {n} rows (labels must be "
                              "0..k-1)")
    out = c_double()
    check(_km_silhouette(x.ptr, n, d, lab.ptr, k, integer(sample, "sample", ctype=c_size_t),
                         integer(seed, "seed", ctype=c_uint64), None, byref(out)), "silhouette")
    return out.value


def kmeans_chunk_step(X, centers):
    """One Lloyd step on a chunk of rows (wraps csat_kmeans_chunk_step).

    The map step of k-means on partitioned rows: each row goes to its nearest centre
    (squared Euclidean distance, the lowest index on ties); the chunks' sums, counts
    and inertias add up, and the next centres are the merged sums over the merged
    counts (csat.dask.kmeans does this).

    Parameters
    ----------
    X : matrix of float
        n x d rows (finite), input units.
    centers : matrix of float
        k x d centres (finite).

    Returns
    -------
    Result
        sums (k x d), counts (k), inertia (float) and labels (n ints).

    Raises
    ------
    InvalidType
        Wrong types.
    InvalidArgument, EmptyInput
        Bad values, no rows, or centres with another number of columns.
    DomainError
        Squared distances beyond the doubles (values above ~1e150).

    Examples
    --------
    >>> r = csat.kmeans_chunk_step([[0, 0], [0, 1], [9, 9]], [[0, 0], [10, 10]])
    >>> [float(c) for c in r.counts], list(r.labels)
    ([2.0, 1.0], [0, 0, 1])
    """
    x, n, d = as_matrix(X, "X", finite=True)
    c, k, dc = as_matrix(centers, "centers", finite=True)
    if dc != d:
        raise InvalidArgument(f"centers must have the {d} columns of X, not {dc}")
    sums, counts, labels = out_matrix(k, d), Out(k), Out(n, c_int)
    inertia = c_double()
    check(_km_chunk(x.ptr, n, d, c.ptr, k, sums.ptr, counts.ptr, byref(inertia), labels.ptr, None),
          "kmeans_chunk_step")
    return Result(sums=sums.value(), counts=counts.value(), inertia=inertia.value, labels=labels.value())
