"""Customer delivered value models (csat_value_model).

    m = csat.ValueModel()
    m.add_offering("Caterpillar", product=103000, service=7000, monetary=100000)
    r = m.evaluate(scale=1e-3)        # columns: name, total_value, ..., share
    m.improvement("Caterpillar")       # gap to the rival, per-component changes

Components (in this order, also as a dict or a sequence of 8): product,
service, personnel, image (values) and monetary, time, effort, mental (costs);
"energy" and "psychic" are accepted for effort and mental.
"""
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_void_p

from ._lib import (PD, PI, PSZ, Handle, InvalidArgument, Out, Result, as_doubles, new_handle,
                   proto)

COMPONENTS = ("product", "service", "personnel", "image", "monetary", "time", "effort", "mental")
_ALIASES = {"energy": "effort", "psychic": "mental"}
_MODEL_WEIGHTS = c_size_t(-1).value
_STATUS = ("reachable", "leads", "no_effect", "infeasible")

_D8 = c_double * 8


class _Improvement(Structure):
    _fields_ = [("rival", c_size_t), ("gap", c_double), ("needed", c_double),
                ("required", c_double * 8), ("status", c_int * 8),
                ("gain_per_unit", c_double * 8), ("compare", c_int * 8)]


_new = proto("csat_value_model_new", [POINTER(c_void_p), c_void_p])
_free = proto("csat_value_model_free", [c_void_p], None)
_last_error = proto("csat_value_model_last_error", [c_void_p], c_char_p)
_set_weights = proto("csat_value_model_set_weights", [c_void_p, PD])
_weights = proto("csat_value_model_weights", [c_void_p, PD])
_add_offering = proto("csat_value_model_add_offering", [c_void_p, c_char_p, PD, c_int, PSZ])
_set_offering = proto("csat_value_model_set_offering", [c_void_p, c_size_t, PD])
_offering = proto("csat_value_model_offering",
                  [c_void_p, c_size_t, PD, PI, POINTER(c_char_p)])
_add_segment = proto("csat_value_model_add_segment", [c_void_p, c_char_p, PD, c_double, PSZ])
_set_segment = proto("csat_value_model_set_segment", [c_void_p, c_size_t, PD, c_double])
_segment = proto("csat_value_model_segment",
                 [c_void_p, c_size_t, PD, PD, POINTER(c_char_p)])
_count = proto("csat_value_model_count", [c_void_p, PSZ, PSZ])
_evaluate = proto("csat_value_model_evaluate",
                  [c_void_p, c_size_t, c_double, PD, PD, PD, PD, PSZ, PD, c_size_t])
_market_share = proto("csat_value_model_market_share", [c_void_p, c_double, PD, c_size_t])
_improvement = proto("csat_value_model_improvement",
                     [c_void_p, c_size_t, c_size_t, c_double, POINTER(_Improvement)])
_customers = proto("csat_value_model_customers",
                   [c_void_p, c_size_t, POINTER(PD), c_size_t, PD, PD])
_disconfirm = proto("csat_value_model_disconfirm",
                    [c_void_p, c_size_t, POINTER(PD), c_size_t, PD, c_double, PD, PI])


def _canonical(key):
    key = _ALIASES.get(key, key)
    if key not in COMPONENTS:
        raise InvalidArgument(f"unknown component {key!r}; use one of {', '.join(COMPONENTS)}")
    return key


def _eight(values, keywords, default, what):
    """Eight numbers from a dict, a sequence of 8, or keywords (missing = default)."""
    if values is not None and keywords:
        raise InvalidArgument(f"{what}: give a dict/sequence or keywords, not both")
    if values is None:
        values = keywords
    if isinstance(values, dict):
        out = [float(default)] * 8
        for key, v in values.items():
            out[COMPONENTS.index(_canonical(key))] = float(v)
    else:
        out = [float(v) for v in values]
        if len(out) != 8:
            raise InvalidArgument(f"{what}: need 8 values, got {len(out)}")
    return _D8(*out)


def _name(name):
    if not isinstance(name, str):
        raise InvalidArgument("name must be a string")
    return name.encode("utf-8")


class ValueModel(Handle):
    """Offerings, segments and their delivered value (see the module docstring)."""
    _free = _free
    _last_error = _last_error

    def __init__(self, weights=None):
        self._adopt(new_handle(_new, None, what="csat_value_model_new"))
        if weights is not None:
            self.weights = weights

    # ---- store ----------------------------------------------------------------

    @property
    def weights(self):
        """The model weights as a dict component -> weight (default 1)."""
        w = _D8()
        self._check(_weights(self, w), "weights")
        return dict(zip(COMPONENTS, w))

    @weights.setter
    def weights(self, weights):
        self._check(_set_weights(self, _eight(weights, None, 1.0, "weights")), "weights")

    def add_offering(self, name, values=None, *, competitor=False, **components):
        """Add an offering; components by keyword (missing = 0), or a dict/sequence of 8.
        Returns its index."""
        idx = c_size_t()
        vals = _eight(values, components, 0.0, "add_offering")
        self._check(_add_offering(self, _name(name), vals, 1 if competitor else 0, byref(idx)),
                    "add_offering")
        return idx.value

    def set_offering(self, offering, values=None, **components):
        """Replace an offering's component values (missing keywords = 0)."""
        vals = _eight(values, components, 0.0, "set_offering")
        self._check(_set_offering(self, self._offering_index(offering), vals), "set_offering")

    def add_segment(self, name, weights, size=1.0):
        """Add a customer segment with its own weights (dict: missing = 1) and size.
        Returns its index."""
        idx = c_size_t()
        self._check(_add_segment(self, _name(name), _eight(weights, None, 1.0, "add_segment"),
                                 float(size), byref(idx)), "add_segment")
        return idx.value

    def set_segment(self, segment, weights, size=1.0):
        """Replace a segment's weights (dict: missing = 1) and size."""
        self._check(_set_segment(self, self._segment_index(segment),
                                 _eight(weights, None, 1.0, "set_segment"), float(size)),
                    "set_segment")

    def _counts(self):
        n_off, n_seg = c_size_t(), c_size_t()
        self._check(_count(self, byref(n_off), byref(n_seg)), "count")
        return n_off.value, n_seg.value

    @property
    def offerings(self):
        """Offering names in index order."""
        names = []
        for i in range(self._counts()[0]):
            p = c_char_p()
            self._check(_offering(self, i, None, None, byref(p)), "offering")
            names.append(p.value.decode("utf-8"))
        return names

    def offering(self, offering):
        """An offering's components as a Result (name, competitor and the eight values)."""
        i = self._offering_index(offering)
        vals, comp, p = _D8(), c_int(), c_char_p()
        self._check(_offering(self, i, vals, byref(comp), byref(p)), "offering")
        r = Result(name=p.value.decode("utf-8"), competitor=bool(comp.value))
        r.update(zip(COMPONENTS, vals))
        return r

    @property
    def segments(self):
        """Segment names in index order."""
        names = []
        for s in range(self._counts()[1]):
            p = c_char_p()
            self._check(_segment(self, s, None, None, byref(p)), "segment")
            names.append(p.value.decode("utf-8"))
        return names

    def segment(self, segment):
        """A segment's weights (dict) and size as a Result."""
        s = self._segment_index(segment)
        w, size, p = _D8(), c_double(), c_char_p()
        self._check(_segment(self, s, w, byref(size), byref(p)), "segment")
        return Result(name=p.value.decode("utf-8"), weights=dict(zip(COMPONENTS, w)),
                      size=size.value)

    def _offering_index(self, offering):
        if isinstance(offering, str):
            try:
                return self.offerings.index(offering)
            except ValueError:
                raise InvalidArgument(f"no offering named {offering!r}") from None
        if isinstance(offering, int) and offering >= 0:
            return offering
        raise InvalidArgument(f"offering must be a name or an index >= 0, not {offering!r}")

    def _segment_index(self, segment):
        if segment is None:
            return _MODEL_WEIGHTS
        if isinstance(segment, str):
            try:
                return self.segments.index(segment)
            except ValueError:
                raise InvalidArgument(f"no segment named {segment!r}") from None
        if isinstance(segment, int) and segment >= 0:
            return segment
        raise InvalidArgument(f"segment must be a name, an index >= 0 or None, not {segment!r}")

    # ---- evaluation ---------------------------------------------------------------

    def evaluate(self, segment=None, scale=1.0, ratio=True):
        """Columns name, total_value, total_cost, delivered_value, ratio, rank, share.

        segment: name, index or None (model weights). scale > 0 per unit of
        delivered value; math.inf = the customer takes the best (ties split).
        A zero total cost makes the ratio undefined: DomainError, unless
        ratio=False (the result then has no ratio column).
        """
        seg = self._segment_index(segment)
        n = self._counts()[0]
        cols = {k: Out(n) for k in ("total_value", "total_cost", "delivered_value", "share")}
        rat = Out(n) if ratio else None
        rank = Out(n, c_size_t)
        self._check(_evaluate(self, seg, float(scale), cols["total_value"].ptr,
                              cols["total_cost"].ptr, cols["delivered_value"].ptr,
                              rat.ptr if rat else None, rank.ptr, cols["share"].ptr, n),
                    "evaluate")
        r = Result(name=self.offerings)
        for key in ("total_value", "total_cost", "delivered_value"):
            r[key] = cols[key].value()
        if rat:
            r["ratio"] = rat.value()
        r["rank"] = rank.value()
        r["share"] = cols["share"].value()
        return r

    def market_share(self, scale=1.0):
        """Choice shares averaged over the segments, weighted by their sizes."""
        n = self._counts()[0]
        out = Out(n)
        self._check(_market_share(self, float(scale), out.ptr, n), "market_share")
        return out.value()

    def improvement(self, offering, segment=None, margin=0.0):
        """How `offering` (name or index) can overtake its rival (the best other offering).

        Returns a Result: offering, rival (name, None if alone), gap, needed
        (gap + margin, or 0), and per component (dicts keyed by component):
        required (increase of a value / decrease of a cost; 0 unless status is
        'reachable'), status ('reachable', 'leads', 'no_effect', 'infeasible'),
        gain_per_unit (+w for values, -w for costs), compare (+1 better than
        the rival, -1 worse, 0 level); plus leads_on and trails_on lists.
        """
        i = self._offering_index(offering)
        seg = self._segment_index(segment)
        out = _Improvement()
        self._check(_improvement(self, i, seg, float(margin), byref(out)), "improvement")
        names = self.offerings
        compare = dict(zip(COMPONENTS, out.compare))
        return Result(
            offering=names[i],
            rival=None if out.rival == _MODEL_WEIGHTS else names[out.rival],
            gap=out.gap, needed=out.needed,
            required=dict(zip(COMPONENTS, out.required)),
            status={k: _STATUS[s] for k, s in zip(COMPONENTS, out.status)},
            gain_per_unit=dict(zip(COMPONENTS, out.gain_per_unit)),
            compare=compare,
            leads_on=[k for k in COMPONENTS if compare[k] > 0],
            trails_on=[k for k in COMPONENTS if compare[k] < 0])

    def customers(self, components=None, *, expected=None, tolerance=0.0, segment=None,
                  ratio=True, **columns):
        """Per-customer delivered value from perceived component columns.

        Columns by keyword (product=[...], monetary=[...]; missing = 0) or a
        dict `components`. Returns delivered_value and (unless ratio=False)
        ratio; with `expected` also disconfirmation (CDV - expected) and state
        (-1 dissatisfied, 0 satisfied, 1 delighted, with the tolerance).
        """
        if components is not None and columns:
            raise InvalidArgument("customers: give a dict or keywords, not both")
        given = dict(components if components is not None else columns)
        ins = [None] * 8
        n = None
        for key, col in given.items():
            if col is None:
                continue
            c = as_doubles(col, key)
            if n is not None and c.n != n:
                raise InvalidArgument(f"customers: column {key!r} has {c.n} rows, expected {n}")
            n = c.n
            ins[COMPONENTS.index(_canonical(key))] = c
        if n is None:
            raise InvalidArgument("customers: no component columns given")
        ptrs = (PD * 8)(*[c.ptr if c is not None else PD() for c in ins])
        seg = self._segment_index(segment)
        cdv = Out(n)
        rat = Out(n) if ratio else None
        self._check(_customers(self, seg, ptrs, n, cdv.ptr, rat.ptr if rat else None),
                    "customers")
        r = Result(delivered_value=cdv.value())
        if rat:
            r["ratio"] = rat.value()
        if expected is not None:
            e = as_doubles(expected, "expected")
            if e.n != n:
                raise InvalidArgument(f"customers: expected has {e.n} rows, expected {n}")
            d = Out(n)
            st = Out(n, c_int)
            self._check(_disconfirm(self, seg, ptrs, n, e.ptr, float(tolerance), d.ptr, st.ptr),
                        "customers")
            r["disconfirmation"] = d.value()
            r["state"] = st.value()
        return r

    def __len__(self):
        return self._counts()[0]

    def __repr__(self):
        n_off, n_seg = self._counts() if self._ptr else (0, 0)
        return f"<csat.ValueModel: {n_off} offerings, {n_seg} segments>"


__all__ = ["ValueModel", "COMPONENTS"]
