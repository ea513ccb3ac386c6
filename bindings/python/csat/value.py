"""Customer delivered value models (csat_value_model).

    m = csat.ValueModel()
    m.add_offering("Caterpillar", product=103000, service=7000, monetary=100000)
    r = m.evaluate(scale=1e-3)        # columns: name, total_value, ..., share
    m.improvement("Caterpillar")       # gap to the rival, per-component changes

Components (in this order, also as a dict or a sequence of 8): product,
service, personnel, image (values) and monetary, time, effort, mental (costs);
"energy" and "psychic" are accepted for effort and mental.
"""
from collections.abc import Mapping
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_void_p

from ._lib import (PD, PI, PSZ, Handle, InvalidArgument, InvalidType, Out, Result, as_doubles,
                   describe, flag, integer, mapping, new_handle, proto, real, same_length,
                   sequence, text)

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
    if not isinstance(key, str):
        raise InvalidType(f"component names are strings, not {describe(key)}")
    key = _ALIASES.get(key, key)
    if key not in COMPONENTS:
        raise InvalidArgument(f"unknown component {key!r}; use one of {', '.join(COMPONENTS)}")
    return key


def _eight(values, keywords, default, what):
    """Eight numbers from a dict, a sequence of 8, or keywords (missing = default)."""
    if values is not None and keywords:
        raise InvalidArgument(f"{what}: give a dict/sequence or keywords, not both")
    if values is None:
        if keywords is None:
            raise InvalidType(f"{what}: give a dict of components or a sequence of 8 numbers, "
                              "not None")
        values = keywords
    if isinstance(values, Mapping):
        out = [real(default, "default")] * 8
        for key, v in values.items():
            out[COMPONENTS.index(_canonical(key))] = real(v, f"{what}[{key!r}]")
    else:
        seq = sequence(values, what, "a dict of components or a sequence of 8 numbers")
        if len(seq) != 8:
            raise InvalidArgument(f"{what}: need 8 values ({', '.join(COMPONENTS)}), "
                                  f"got {len(seq)}")
        out = [real(v, f"{what}[{i}]") for i, v in enumerate(seq)]
    return _D8(*out)


def _name(name):
    return text(name, "name").encode("utf-8")


class ValueModel(Handle):
    """Customer delivered value model: offerings, segments and their delivered value.

    Wraps a csat_value_model handle. Each offering has eight components, four values
    (product, service, personnel, image) and four costs (monetary, time, effort, mental);
    delivered value = weighted values - weighted costs. Copies (copy.copy, copy.deepcopy,
    pickle) are rebuilt through the C API with the same weights, offerings and segments.

    Parameters
    ----------
    weights : dict or sequence of float, optional
        Model weight per component (finite, >= 0): a dict (missing = 1) or 8 values in
        component order; None = all 1.

    Raises
    ------
    InvalidArgument
        An unknown component or a weight that is not finite and >= 0.

    Examples
    --------
    >>> m = csat.ValueModel()
    >>> m.add_offering("A", product=4, monetary=1)
    0
    >>> m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
    1
    >>> [float(v) for v in m.evaluate().delivered_value]
    [3.0, 2.0]
    """
    _free = _free
    _last_error = _last_error

    def __init__(self, weights=None):
        self._adopt(self._new_ptr())
        if weights is not None:
            self.weights = weights

    def _new_ptr(self):
        return new_handle(_new, None, what="ValueModel")

    # ---- store ----------------------------------------------------------------

    @property
    def weights(self):
        """The model weights as a dict component -> weight (default 1)."""
        w = _D8()
        with self._use() as p:
            self._check(_weights(p, w), "weights")
        return dict(zip(COMPONENTS, w))

    @weights.setter
    def weights(self, weights):
        w = _eight(weights, None, 1.0, "weights")
        with self._use() as p:
            self._check(_set_weights(p, w), "weights")

    def add_offering(self, name, values=None, *, competitor=False, **components):
        """Add an offering (wraps csat_value_model_add_offering).

        Parameters
        ----------
        name : str
            The offering's name.
        values : dict or sequence of float, optional
            The eight components as a dict (missing = 0) or a sequence in component order;
            or give them as keywords instead.
        competitor : bool, default False
            Mark the offering as a competitor's.
        **components : float
            product, service, personnel, image (values) and monetary, time, effort, mental
            (costs; "energy" and "psychic" are accepted for effort and mental); finite, >= 0,
            missing = 0.

        Returns
        -------
        int
            The new offering's index.

        Raises
        ------
        InvalidArgument
            An unknown component, a value that is not finite and >= 0, or both values and
            keywords; InvalidType for a non-string name.
        """
        idx = c_size_t()
        vals = _eight(values, components, 0.0, "values")
        encoded, comp = _name(name), flag(competitor, "competitor")
        with self._use() as p:
            self._check(_add_offering(p, encoded, vals, comp, byref(idx)), "add_offering")
        return idx.value

    def set_offering(self, offering, values=None, **components):
        """Replace an offering's component values.

        Parameters
        ----------
        offering : str or int
            The offering's name or index.
        values : dict or sequence of float, optional
            As for add_offering.
        **components : float
            As for add_offering (missing keywords = 0).

        Raises
        ------
        InvalidArgument
            No such offering, an unknown component or a bad value.
        """
        vals = _eight(values, components, 0.0, "values")
        with self._use() as p:
            self._check(_set_offering(p, self._offering_index(offering), vals), "set_offering")

    def add_segment(self, name, weights, size=1.0):
        """Add a customer segment with its own weights (wraps csat_value_model_add_segment).

        Parameters
        ----------
        name : str
            The segment's name.
        weights : dict or sequence of float
            Weight per component (finite, >= 0): a dict (missing = 1) or 8 values.
        size : float, default 1.0
            Relative size of the segment for market_share (finite, >= 0).

        Returns
        -------
        int
            The new segment's index.

        Raises
        ------
        InvalidArgument
            An unknown component or a bad weight or size.
        """
        idx = c_size_t()
        args = (_name(name), _eight(weights, None, 1.0, "weights"), real(size, "size"))
        with self._use() as p:
            self._check(_add_segment(p, *args, byref(idx)), "add_segment")
        return idx.value

    def set_segment(self, segment, weights, size=1.0):
        """Replace a segment's weights and size.

        Parameters
        ----------
        segment : str or int
            The segment's name or index.
        weights : dict or sequence of float
            As for add_segment (dict: missing = 1).
        size : float, default 1.0
            Relative size (finite, >= 0).

        Raises
        ------
        InvalidArgument
            No such segment, an unknown component or a bad weight or size.
        """
        args = (_eight(weights, None, 1.0, "weights"), real(size, "size"))
        with self._use() as p:
            self._check(_set_segment(p, self._segment_index(segment), *args), "set_segment")

    def _counts(self):
        n_off, n_seg = c_size_t(), c_size_t()
        with self._use() as p:
            self._check(_count(p, byref(n_off), byref(n_seg)), "count")
        return n_off.value, n_seg.value

    @property
    def offerings(self):
        """Offering names in index order."""
        names = []
        with self._use() as h:
            for i in range(self._counts()[0]):
                p = c_char_p()
                self._check(_offering(h, i, None, None, byref(p)), "offering")
                names.append(p.value.decode("utf-8"))
        return names

    def offering(self, offering):
        """An offering's components.

        Parameters
        ----------
        offering : str or int
            The offering's name or index.

        Returns
        -------
        Result
            name, competitor and the eight component values.

        Raises
        ------
        InvalidArgument
            No such offering.
        """
        vals, comp, p = _D8(), c_int(), c_char_p()
        with self._use() as h:
            i = self._offering_index(offering)
            self._check(_offering(h, i, vals, byref(comp), byref(p)), "offering")
        r = Result(name=p.value.decode("utf-8"), competitor=bool(comp.value))
        r.update(zip(COMPONENTS, vals))
        return r

    @property
    def segments(self):
        """Segment names in index order."""
        names = []
        with self._use() as h:
            for s in range(self._counts()[1]):
                p = c_char_p()
                self._check(_segment(h, s, None, None, byref(p)), "segment")
                names.append(p.value.decode("utf-8"))
        return names

    def segment(self, segment):
        """A segment's weights and size.

        Parameters
        ----------
        segment : str or int
            The segment's name or index.

        Returns
        -------
        Result
            name, weights (dict component -> weight) and size.

        Raises
        ------
        InvalidArgument
            No such segment.
        """
        w, size, p = _D8(), c_double(), c_char_p()
        with self._use() as h:
            s = self._segment_index(segment)
            if s == _MODEL_WEIGHTS:
                raise InvalidArgument("segment must be a segment name or index, not None")
            self._check(_segment(h, s, w, byref(size), byref(p)), "segment")
        return Result(name=p.value.decode("utf-8"), weights=dict(zip(COMPONENTS, w)),
                      size=size.value)

    def _offering_index(self, offering):
        if isinstance(offering, str):
            try:
                return self.offerings.index(offering)
            except ValueError:
                raise InvalidArgument(f"no offering named {offering!r}") from None
        return integer(offering, "offering (a name or an index)", ctype=c_size_t)

    def _segment_index(self, segment):
        if segment is None:
            return _MODEL_WEIGHTS
        if isinstance(segment, str):
            try:
                return self.segments.index(segment)
            except ValueError:
                raise InvalidArgument(f"no segment named {segment!r}") from None
        return integer(segment, "segment (a name, an index or None)", ctype=c_size_t,
                       hi=_MODEL_WEIGHTS - 1)

    # ---- evaluation ---------------------------------------------------------------

    def evaluate(self, segment=None, scale=1.0, ratio=True):
        """Delivered value of every offering (wraps csat_value_evaluate).

        Parameters
        ----------
        segment : str or int, optional
            A segment's name or index whose weights are used; None = the model weights.
        scale : float, default 1.0
            Choice sensitivity per unit of delivered value (> 0); math.inf = the customer
            takes the best offering (ties split).
        ratio : bool, default True
            Include the value/cost ratio column.

        Returns
        -------
        Result
            Columns name, total_value, total_cost, delivered_value, ratio, rank and share
            (logit choice shares at the given scale).

        Raises
        ------
        InvalidArgument
            An unknown segment or a bad scale.
        EmptyInput
            No offerings.
        DomainError
            A zero total cost with ratio=True (the ratio is undefined).

        Examples
        --------
        >>> m = csat.ValueModel()
        >>> m.add_offering("A", product=4, monetary=1)
        0
        >>> m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
        1
        >>> r = m.evaluate()
        >>> r.name, [int(k) for k in r.rank], [float(x) for x in r.ratio]
        (['A', 'B'], [1, 2], [4.0, 2.0])
        """
        scale, ratio = real(scale, "scale"), flag(ratio, "ratio")
        with self._use() as p:
            seg = self._segment_index(segment)
            n = self._counts()[0]
            cols = {k: Out(n) for k in ("total_value", "total_cost", "delivered_value", "share")}
            rat = Out(n) if ratio else None
            rank = Out(n, c_size_t)
            self._check(_evaluate(p, seg, scale, cols["total_value"].ptr,
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
        """Choice shares averaged over the segments, weighted by their sizes.

        Parameters
        ----------
        scale : float, default 1.0
            Choice sensitivity per unit of delivered value (> 0; math.inf = best takes all).

        Returns
        -------
        numpy.ndarray or list of float
            The share of each offering, in index order (they sum to 1).

        Raises
        ------
        InvalidArgument
            A bad scale.
        EmptyInput
            No offerings or no segments.
        """
        scale = real(scale, "scale")
        with self._use() as p:
            n = self._counts()[0]
            out = Out(n)
            self._check(_market_share(p, scale, out.ptr, n), "market_share")
        return out.value()

    def improvement(self, offering, segment=None, margin=0.0):
        """How an offering can overtake its rival, the best other offering (wraps csat_value_improvement).

        Parameters
        ----------
        offering : str or int
            The offering's name or index.
        segment : str or int, optional
            A segment whose weights are used; None = the model weights.
        margin : float, default 0.0
            Lead to reach over the rival, in delivered-value units (finite, >= 0).

        Returns
        -------
        Result
            offering, rival (name, None if alone), gap, needed (gap + margin, or 0), and per
            component (dicts keyed by component): required (increase of a value / decrease of
            a cost; 0 unless status is 'reachable'), status ('reachable', 'leads',
            'no_effect', 'infeasible'), gain_per_unit (+w for values, -w for costs), compare
            (+1 better than the rival, -1 worse, 0 level); plus leads_on and trails_on lists.

        Raises
        ------
        InvalidArgument
            An unknown offering or segment, or a bad margin.
        """
        margin = real(margin, "margin")
        out = _Improvement()
        with self._use() as p:
            i = self._offering_index(offering)
            seg = self._segment_index(segment)
            self._check(_improvement(p, i, seg, margin, byref(out)), "improvement")
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
        """Per-customer delivered value from perceived component columns (wraps csat_value_customers).

        Parameters
        ----------
        components : dict of columns, optional
            Perceived component values per customer, keyed by component; or give the columns
            as keywords (product=[...], monetary=[...]; missing = 0).
        expected : sequence of float, optional
            Expected delivered value per customer; adds disconfirmation and state.
        tolerance : float, default 0.0
            Half-width of the zone counted as "satisfied" (finite, >= 0).
        segment : str or int, optional
            A segment whose weights are used; None = the model weights.
        ratio : bool, default True
            Include the value/cost ratio column.
        **columns : sequence of float
            Component columns by name (finite, >= 0, all of one length).

        Returns
        -------
        Result
            delivered_value, ratio (unless ratio=False), and with expected: disconfirmation
            (CDV - expected) and state (-1 dissatisfied, 0 satisfied, 1 delighted).

        Raises
        ------
        InvalidArgument
            Unknown components, bad values, mismatched lengths, an unknown segment.
        EmptyInput
            No customers.
        DomainError
            A zero total cost with ratio=True.
        """
        if components is not None and columns:
            raise InvalidArgument("customers: give a dict or keywords, not both")
        given = dict(mapping(components, "components") if components is not None else columns)
        ins = [None] * 8
        for key, col in given.items():
            if col is None:
                continue
            ins[COMPONENTS.index(_canonical(key))] = as_doubles(col, key, finite=True)
        cols = [c for c in ins if c is not None]
        if not cols:
            raise InvalidArgument("customers: no component columns given")
        e = as_doubles(expected, "expected", optional=True, finite=True)
        n = same_length(*cols, e)
        tolerance, ratio = real(tolerance, "tolerance"), flag(ratio, "ratio")
        ptrs = (PD * 8)(*[c.ptr if c is not None else PD() for c in ins])
        cdv = Out(n)
        rat = Out(n) if ratio else None
        d, st = (Out(n), Out(n, c_int)) if e else (None, None)
        with self._use() as p:
            seg = self._segment_index(segment)
            self._check(_customers(p, seg, ptrs, n, cdv.ptr, rat.ptr if rat else None),
                        "customers")
            if e:
                self._check(_disconfirm(p, seg, ptrs, n, e.ptr, tolerance, d.ptr, st.ptr),
                            "customers")
        r = Result(delivered_value=cdv.value())
        if rat:
            r["ratio"] = rat.value()
        if e:
            r["disconfirmation"] = d.value()
            r["state"] = st.value()
        return r

    def __len__(self):
        return self._counts()[0]

    def __repr__(self):
        n_off, n_seg = self._counts() if not self.closed else (0, 0)
        return f"<csat.ValueModel: {n_off} offerings, {n_seg} segments>"

    # ---- copies ---------------------------------------------------------------------

    def _c_state(self):
        n_off, n_seg = self._counts()
        offerings = []
        for i in range(n_off):
            r = self.offering(i)
            offerings.append((r["name"], [r[k] for k in COMPONENTS], r["competitor"]))
        segments = []
        for s in range(n_seg):
            r = self.segment(s)
            segments.append((r["name"], [r["weights"][k] for k in COMPONENTS], r["size"]))
        return {"weights": list(self.weights.values()), "offerings": offerings,
                "segments": segments}

    def _c_restore(self, state):
        self.weights = state["weights"]
        for name, values, competitor in state["offerings"]:
            self.add_offering(name, values, competitor=competitor)
        for name, weights, size in state["segments"]:
            self.add_segment(name, weights, size)


__all__ = ["ValueModel", "COMPONENTS"]
