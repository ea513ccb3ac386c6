"""Customer records: a store of raw transactions and the per-customer
summaries (frequency, recency, T, monetary value) the BTYD models take.

Times are numbers in any unit, or dates: numpy ``datetime64`` values and
``datetime.date``/``datetime.datetime`` objects are converted to days since
1970-01-01 as floats (naive datetimes are taken as UTC, so a period of 1 is a
calendar day in UTC). The same holds for ``observation_end`` and
``calibration_end``. Amounts are optional (0 when omitted).

    with csat.Customers() as c:
        c.add(ids, dates, amounts)
        s = c.summary(observation_end=np.datetime64("1997-09-30"), time_scale=7)
        s.frequency, s.recency, s.T, s.monetary_value, s.n_excluded
"""
import datetime
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p
from . import _frames

from ._lib import (PD, PSZ, PU64, BufferTooSmall, Handle, InvalidArgument, Out, Result, as_doubles,
                   as_uint64, new_handle, np, proto)

__all__ = ["Customers", "to_days"]


class _Options(Structure):
    _fields_ = [("version", c_uint), ("period", c_double), ("observation_end", c_double),
                ("calibration_end", c_double), ("time_scale", c_double), ("period_origin", c_double)]


_SUMMARY_FIELDS = ("first_time", "frequency", "recency", "T", "monetary_value", "total_amount",
                   "n_transactions", "frequency_holdout", "monetary_value_holdout", "duration_holdout")
_HOLDOUT_FIELDS = _SUMMARY_FIELDS[7:]


class _Summary(Structure):
    _fields_ = [("id", c_uint64)] + [(name, c_double) for name in _SUMMARY_FIELDS]


_new = proto("csat_customers_new", [POINTER(c_void_p), c_void_p])
_free = proto("csat_customers_free", [c_void_p], None)
_last_error = proto("csat_customers_last_error", [c_void_p], c_char_p)
_add = proto("csat_customers_add", [c_void_p, PU64, PD, PD, c_size_t])
_count = proto("csat_customers_count", [c_void_p, PSZ, PSZ])
_memory = proto("csat_customers_memory", [c_void_p, PSZ])
_ids = proto("csat_customers_ids", [c_void_p, PU64, c_size_t])
_transactions = proto("csat_customers_transactions", [c_void_p, c_uint64, PD, PD, c_size_t, PSZ])
_options_init = proto("csat_summary_options_init", [POINTER(_Options), c_uint])
_summarize = proto("csat_customers_summarize", [c_void_p, POINTER(_Options), PSZ, PSZ])
_lookup = proto("csat_customers_lookup", [c_void_p, c_uint64, POINTER(_Summary)])
_summary_ids = proto("csat_customers_summary_ids", [c_void_p, PU64, c_size_t])
_summary_column = proto("csat_customers_summary_column", [c_void_p, c_int, PD, c_size_t])

_OPTIONS_VERSION = 1
_EPOCH_DATE = datetime.date(1970, 1, 1)
_EPOCH = datetime.datetime(1970, 1, 1)


def _date_days(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return (v - _EPOCH).total_seconds() / 86400.0
    return float((v - _EPOCH_DATE).days)


def to_days(x):
    """Dates as float days since 1970-01-01; numbers pass through unchanged.

    Accepts a scalar or a sequence of numpy datetime64, datetime.date or
    datetime.datetime values (NaT becomes NaN, which libcsat rejects)."""
    if x is None:
        return None
    if np is not None:
        if isinstance(x, np.ndarray) and x.dtype.kind == "M":
            return (x - np.datetime64(0, "D")) / np.timedelta64(1, "D")
        if isinstance(x, np.datetime64):
            return float((x - np.datetime64(0, "D")) / np.timedelta64(1, "D"))
    if isinstance(x, datetime.date):
        return _date_days(x)
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        return x
    items = list(x)
    if any(isinstance(v, datetime.date) or (np is not None and isinstance(v, np.datetime64))
           for v in items):
        return [to_days(v) for v in items]
    return x


def _id(v):
    """A customer id as a Python int (numpy integers included); negative ids are an error."""
    if isinstance(v, float) or int(v) != v or v < 0:
        raise InvalidArgument(f"customer id {v!r} is not a non-negative integer")
    return int(v)


class Customers(Handle):
    """A store of transactions (customer id, time, amount); see the module doc."""
    _free = _free
    _last_error = _last_error

    def __init__(self):
        self._adopt(new_handle(_new, None, what="Customers"))

    @_frames.indexed(wrap=False)
    def add(self, ids, times, amounts=None):
        """Add transactions: ids (non-negative integers), times (numbers >= 0 or
        dates), amounts (numbers >= 0, optional). All-or-nothing."""
        i = as_uint64(ids, "ids")
        t = as_doubles(to_days(times), "times")
        a = as_doubles(amounts, "amounts") if amounts is not None else None
        if t.n != i.n or (a is not None and a.n != i.n):
            raise InvalidArgument("add: ids, times and amounts must have the same length")
        self._check(_add(self, i.ptr, t.ptr, a.ptr if a is not None else None, i.n), "add")

    def _counts(self):
        nc, nt = c_size_t(), c_size_t()
        self._check(_count(self, byref(nc), byref(nt)), "count")
        return nc.value, nt.value

    def __len__(self):
        """Number of distinct customers."""
        return self._counts()[0]

    @property
    def n_transactions(self):
        return self._counts()[1]

    @property
    def memory_bytes(self):
        """Bytes the store holds (rows with spare capacity, summary, handle)."""
        b = c_size_t()
        self._check(_memory(self, byref(b)), "memory")
        return b.value

    def ids(self):
        """All distinct customer ids, ascending."""
        n = len(self)
        out = Out(n, c_uint64)
        self._check(_ids(self, out.ptr, n), "ids")
        return out.value()

    def transactions(self, id):
        """One customer's transactions sorted by time: Result(times, amounts)."""
        id = _id(id)
        n = c_size_t()
        st = _transactions(self, id, None, None, 0, byref(n))
        if st != BufferTooSmall.code:
            self._check(st, f"transactions({id})")
        times, amounts = Out(n.value), Out(n.value)
        self._check(_transactions(self, id, times.ptr, amounts.ptr, n.value, byref(n)),
                    f"transactions({id})")
        return Result(times=times.value(), amounts=amounts.value())

    @_frames.summary_frame
    def summary(self, period=1.0, observation_end=None, calibration_end=None, time_scale=1.0,
                period_origin=0.0):
        """Per-customer summary, ordered by id (a DataFrame indexed by id with pandas).

        period: length of a purchase period in time units (1 = a day with
        dates); observation_end (required) and calibration_end are inclusive
        of their whole period; time_scale divides recency, T and
        duration_holdout (7: days to weeks). Returns a Result with columns
        id, frequency, recency, T, monetary_value, first_time, total_amount,
        n_transactions (+ frequency_holdout, monetary_value_holdout,
        duration_holdout with a calibration_end) and n_excluded, the number
        of customers whose first purchase is after the end date."""
        if observation_end is None:
            raise InvalidArgument("summary: observation_end is required")
        o = _Options()
        self._check(_options_init(byref(o), _OPTIONS_VERSION), "summary")
        o.period = period
        o.observation_end = to_days(observation_end)
        o.calibration_end = float("nan") if calibration_end is None else to_days(calibration_end)
        o.time_scale = time_scale
        o.period_origin = period_origin
        n, n_exc = c_size_t(), c_size_t()
        self._check(_summarize(self, byref(o), byref(n), byref(n_exc)), "summary")
        n = n.value
        ids = Out(n, c_uint64)
        self._check(_summary_ids(self, ids.ptr, n), "summary")
        r = Result(id=ids.value())
        for field, name in enumerate(_SUMMARY_FIELDS):
            if calibration_end is None and name in _HOLDOUT_FIELDS:
                continue
            col = Out(n)
            self._check(_summary_column(self, field, col.ptr, n), "summary")
            r[name] = col.value()
        r["n_excluded"] = n_exc.value
        return r

    def lookup(self, id):
        """The last summary's values for one customer, as a Result."""
        id = _id(id)
        s = _Summary()
        self._check(_lookup(self, id, byref(s)), f"lookup({id})")
        r = Result(id=s.id)
        for name in _SUMMARY_FIELDS:
            value = getattr(s, name)
            if name in _HOLDOUT_FIELDS and value != value:  # NaN: no holdout split
                continue
            r[name] = value
        return r
