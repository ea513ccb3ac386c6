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
        s["frequency"], s["recency"], s["T"], s["monetary_value"]

With pandas the summary is a DataFrame indexed by id (n_excluded in
``s.attrs``; write ``s["T"]``, as ``s.T`` is the transpose); without, a
csat.Result of columns (``s.id``, ``s.T``, ``s.n_excluded``, ...).
"""
import datetime
from array import array
from ctypes import POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_uint64, c_void_p
from . import _frames

from ._lib import (PD, PSZ, PU64, BufferTooSmall, Handle, InvalidType, Out, Result, as_doubles,
                   as_uint64, integer, new_handle, np, proto, real, same_length)

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

    Parameters
    ----------
    x : date, datetime, numpy.datetime64, number, or a sequence of them
        Naive datetimes are taken as UTC, aware ones are converted; NaT becomes NaN
        (which libcsat then rejects).

    Returns
    -------
    float, or list / numpy.ndarray of float
        A number for a scalar, a column for a sequence.

    Raises
    ------
    InvalidType
        A value that is neither a number nor a date.

    Examples
    --------
    >>> import datetime
    >>> csat.to_days(datetime.date(1970, 1, 11))
    10.0
    """
    if x is None:
        return None
    if np is not None:
        if isinstance(x, np.ndarray):
            if x.dtype.kind == "M":
                return (x - np.datetime64(0, "D")) / np.timedelta64(1, "D")
            return x
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
    return x if hasattr(x, "__len__") else items


def _id(v, name="id"):
    """A customer id as a Python int (numpy integers included): a whole number in [0, 2^64)."""
    return integer(v, name, ctype=c_uint64)


def _time(v, name):
    """A time argument: a number or a date (days since 1970-01-01)."""
    return real(to_days(v), name)


class Customers(Handle):
    """A store of transactions (customer id, time, amount) and their per-customer summary.

    Wraps a csat_customers handle. Copies (copy.copy, copy.deepcopy, pickle) hold the same
    transactions and, if summary() was called since the last add(), the same summary.

    Examples
    --------
    >>> c = csat.Customers()
    >>> c.add([1, 2, 1], [0, 1, 5], [10, 20, 30])
    >>> len(c), c.n_transactions
    (2, 3)
    >>> s = c.summary(observation_end=10)  # by id: a DataFrame with pandas, else a Result
    >>> [int(i) for i in c.ids()], [float(x) for x in s["frequency"]], [float(x) for x in s["T"]]
    ([1, 2], [1.0, 0.0], [10.0, 9.0])
    """
    _free = _free
    _last_error = _last_error

    def __init__(self):
        self._summary_options = None
        self._adopt(new_handle(_new, None, what="Customers"))

    @_frames.indexed(wrap=False)
    def add(self, ids, times, amounts=None):
        """Add transactions, all or nothing (wraps csat_customers_add).

        Parameters
        ----------
        ids : sequence of int
            Customer ids, integers 0 .. 2**64 - 1.
        times : sequence of float or dates
            Time of each transaction: numbers >= 0 (any unit, e.g. days) or dates
            (datetime.date, datetime.datetime, numpy.datetime64; converted by to_days).
        amounts : sequence of float, optional
            Amount of each transaction (currency units, finite, >= 0); None = 0.

        Raises
        ------
        InvalidArgument
            A negative, NaN or Inf value, a non-integer id or mismatched lengths (the row is
            named); InvalidType for a non-numeric column.
        OutOfMemory
            The store cannot grow.
        """
        i = as_uint64(ids, "ids")
        t = as_doubles(to_days(times), "times", finite=True, nonneg=True, ids=i)
        a = as_doubles(amounts, "amounts", optional=True, finite=True, nonneg=True, ids=i)
        n = same_length(i, t, a)
        with self._use() as p:
            self._check(_add(p, i.ptr, t.ptr, a.ptr, n), "add")
            if n:
                self._summary_options = None  # the store discarded its summary

    def _counts(self):
        nc, nt = c_size_t(), c_size_t()
        with self._use() as p:
            self._check(_count(p, byref(nc), byref(nt)), "count")
        return nc.value, nt.value

    def __len__(self):
        """Number of distinct customers."""
        return self._counts()[0]

    @property
    def n_transactions(self):
        """Number of transactions stored."""
        return self._counts()[1]

    @property
    def memory_bytes(self):
        """Bytes the store holds (rows with spare capacity, summary, handle)."""
        b = c_size_t()
        with self._use() as p:
            self._check(_memory(p, byref(b)), "memory")
        return b.value

    def _ids(self, p):
        nc = c_size_t()
        self._check(_count(p, byref(nc), None), "ids")
        out = Out(nc.value, c_uint64)
        self._check(_ids(p, out.ptr, nc.value), "ids")
        return out

    def ids(self):
        """All distinct customer ids, ascending.

        Returns
        -------
        numpy.ndarray of uint64 or list of int
        """
        with self._use() as p:
            return self._ids(p).value()

    def transactions(self, id):
        """One customer's transactions sorted by time.

        Parameters
        ----------
        id : int
            A customer id (integer >= 0).

        Returns
        -------
        Result
            times and amounts columns.

        Raises
        ------
        InvalidArgument
            A bad id, or no such customer.
        """
        id = _id(id)
        n = c_size_t()
        with self._use() as p:
            st = _transactions(p, id, None, None, 0, byref(n))
            if st != BufferTooSmall.code:
                self._check(st, f"transactions({id})")
            times, amounts = Out(n.value), Out(n.value)
            self._check(_transactions(p, id, times.ptr, amounts.ptr, n.value, byref(n)),
                        f"transactions({id})")
        return Result(times=times.value(), amounts=amounts.value())

    @_frames.summary_frame
    def summary(self, period=1.0, observation_end=None, calibration_end=None, time_scale=1.0,
                period_origin=0.0):
        """Per-customer RFM summary, ordered by id (wraps csat_customers_summarize).

        Purchases in the same period count once; frequency counts repeat periods.

        Parameters
        ----------
        period : float, default 1.0
            Length of a purchase period in time units (1 = a day with dates), finite and > 0.
        observation_end : float or date
            End of the observation (required), inclusive of its whole period.
        calibration_end : float or date, optional
            End of the calibration window (inclusive of its period), <= observation_end; with
            it the result also has the holdout columns.
        time_scale : float, default 1.0
            Divides recency, T and duration_holdout (7: days to weeks), finite and > 0.
        period_origin : float, default 0.0
            Time at which the period grid starts (finite).

        Returns
        -------
        pandas.DataFrame or Result
            Columns first_time, frequency, recency, T, monetary_value, total_amount,
            n_transactions (+ frequency_holdout, monetary_value_holdout, duration_holdout with a
            calibration_end), and n_excluded, the number of customers whose first purchase is
            after the end date. With pandas installed: a DataFrame indexed by customer id
            ("id"), n_excluded in its .attrs, first_time as datetime64 when observation_end
            is a date. Without pandas: a Result of columns, id included, and n_excluded.

        Raises
        ------
        InvalidType
            observation_end is None or not a number or date.
        InvalidArgument
            A bad period, time_scale or origin, or calibration_end after observation_end.
        EmptyInput
            The store has no transactions.

        Examples
        --------
        >>> c = csat.Customers()
        >>> c.add([1, 2, 1], [0, 1, 5], [10, 20, 30])
        >>> s = c.summary(observation_end=10)
        >>> [float(x) for x in s.recency], [float(x) for x in s.monetary_value]
        ([5.0, 0.0], [30.0, 0.0])
        """
        if observation_end is None:
            raise InvalidType("summary: observation_end is required (a number or a date), not None")
        options = dict(period=real(period, "period"),
                       observation_end=_time(observation_end, "observation_end"),
                       calibration_end=(float("nan") if calibration_end is None
                                        else _time(calibration_end, "calibration_end")),
                       time_scale=real(time_scale, "time_scale"),
                       period_origin=real(period_origin, "period_origin"))
        with self._use() as p:
            n, n_exc = self._summarize(p, options)
            ids = Out(n, c_uint64)
            self._check(_summary_ids(p, ids.ptr, n), "summary")
            r = Result(id=ids.value())
            for field, name in enumerate(_SUMMARY_FIELDS):
                if calibration_end is None and name in _HOLDOUT_FIELDS:
                    continue
                col = Out(n)
                self._check(_summary_column(p, field, col.ptr, n), "summary")
                r[name] = col.value()
        r["n_excluded"] = n_exc
        return r

    def _summarize(self, p, options):
        o = _Options()
        self._check(_options_init(byref(o), _OPTIONS_VERSION), "summary")
        for k, v in options.items():
            setattr(o, k, v)
        n, n_exc = c_size_t(), c_size_t()
        self._check(_summarize(p, byref(o), byref(n), byref(n_exc)), "summary")
        self._summary_options = dict(options)
        return n.value, n_exc.value

    def lookup(self, id):
        """The last summary's values for one customer.

        Parameters
        ----------
        id : int
            A customer id (integer >= 0).

        Returns
        -------
        Result
            The summary fields of that customer (id, frequency, recency, T, ...).

        Raises
        ------
        Misuse
            No summary since the last add().
        InvalidArgument
            A bad id, or no such customer in the summary.
        """
        id = _id(id)
        s = _Summary()
        with self._use() as p:
            self._check(_lookup(p, id, byref(s)), f"lookup({id})")
        r = Result(id=s.id)
        for name in _SUMMARY_FIELDS:
            value = getattr(s, name)
            if name in _HOLDOUT_FIELDS and value != value:  # NaN: no holdout split
                continue
            r[name] = value
        return r

    # ---- copies: every transaction and the current summary's options ----------

    def _new_ptr(self):
        return new_handle(_new, None, what="Customers")

    def _c_state(self):
        p = self._ptr
        ids = self._ids(p)
        nt = c_size_t()
        self._check(_count(p, None, byref(nt)), "copy")
        times, amounts = Out(nt.value), Out(nt.value)
        counts = array("Q")
        done = 0
        for cid in ids.array():
            n = c_size_t()
            self._check(_transactions(p, cid, times.at(done), amounts.at(done), nt.value - done,
                                      byref(n)), "copy")
            counts.append(n.value)
            done += n.value
        return {"ids": ids.array(), "counts": counts, "times": times.array(),
                "amounts": amounts.array(), "summary": self._summary_options}

    def _c_restore(self, state):
        ids, counts = state["ids"], state["counts"]
        if np is not None:
            each = np.repeat(np.frombuffer(ids, dtype=np.uint64),
                             np.frombuffer(counts, dtype=np.uint64).astype(np.intp))
        else:
            each = array("Q")
            for cid, k in zip(ids, counts):
                each.extend([cid] * k)
        i = as_uint64(each, "ids")
        t = as_doubles(state["times"], "times")
        a = as_doubles(state["amounts"], "amounts")
        p = self._ptr
        self._check(_add(p, i.ptr, t.ptr, a.ptr, same_length(i, t, a)), "copy")
        if state["summary"] is not None:
            self._summarize(p, state["summary"])
