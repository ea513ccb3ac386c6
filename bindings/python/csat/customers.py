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
import ctypes
from ctypes import (POINTER, Structure, byref, c_char_p, c_double, c_int, c_size_t, c_uint, c_uint8,
                    c_uint64, c_void_p)
from . import _frames, _parallel

from ._lib import (PD, PI, PSZ, PU64, BufferTooSmall, Handle, InvalidType, Out, Result, as_doubles,
                   as_ints, as_uint64, integer, new_handle, np, proto, real, same_length)

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
# issue 17: transaction details, customer attributes, complaints (int32_t columns are C ints)
PU8 = POINTER(c_uint8)
_add_details = proto("csat_customers_add_details", [c_void_p, PU64, PD, PD, PD, PI, PI, c_size_t])
_columns = proto("csat_customers_columns", [c_void_p, POINTER(c_uint)])
_transaction_details = proto("csat_customers_transaction_details",
                             [c_void_p, c_uint64, PD, PI, PI, c_size_t, PSZ])
_rows = proto("csat_customers_rows", [c_void_p, PU64, PD, PD, PD, PI, PI, c_size_t, PSZ])
_set_groups = proto("csat_customers_set_groups", [c_void_p, PU64, PI, c_size_t])
_set_acquisition_costs = proto("csat_customers_set_acquisition_costs", [c_void_p, PU64, PD, c_size_t])
_attributes = proto("csat_customers_attributes", [c_void_p, PU64, c_size_t, PI, PD])
_attribute_ids = proto("csat_customers_attribute_ids", [c_void_p, PU64, c_size_t, PSZ])
_add_complaints = proto("csat_customers_add_complaints",
                        [c_void_p, PU64, PD, PD, PD, PU8, PI, PD, c_size_t])
_complaints = proto("csat_customers_complaints",
                    [c_void_p, PU64, PD, PD, PD, PU8, PI, PD, c_size_t, PSZ])
_COLUMN_BITS = (("costs", 1), ("categories", 2), ("channels", 4), ("groups", 8),
                ("acquisition_costs", 16), ("complaints", 32))
_COMPLAINT_COLUMNS = ("opened", "first_response", "resolved", "first_contact", "causes",
                      "recovery_satisfaction")

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


def _portable(v):
    """A column as an array.array (pickle state without numpy)."""
    if np is not None and isinstance(v, np.ndarray):
        out = array({"f": "d", "u": "Q", "i": "i"}[v.dtype.kind])
        out.frombytes(np.ascontiguousarray(v, dtype={"f": np.float64, "u": np.uint64,
                                                      "i": np.intc}[v.dtype.kind]).tobytes())
        return out
    return v


def _values(col, n):
    """The n values of an input column (numpy array or array('d'))."""
    return [float(v) for v in list(col.keep)[:n]]


def _id(v, name="id"):
    """A customer id as a Python int (numpy integers included): a whole number in [0, 2^64)."""
    return integer(v, name, ctype=c_uint64)


def _time(v, name):
    """A time argument: a number or a date (days since 1970-01-01)."""
    return real(to_days(v), name)


@_parallel.documented
class Customers(Handle):
    """A store of transactions (customer id, time, amount) and their per-customer summary.

    Wraps a csat_customers handle. Copies (copy.copy, copy.deepcopy, pickle) hold the same
    transactions and, if summary() was called since the last add(), the same summary.

    Parameters
    ----------
    {n_jobs}

    Raises
    ------
    InvalidArgument
        A bad n_jobs; InvalidType for a wrong type.

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
    _parallel_kind = "customers"

    def __init__(self, n_jobs=None):
        _parallel.threads(n_jobs)
        self.n_jobs = n_jobs
        self._summary_options = None
        self._adopt(new_handle(_new, None, what="Customers"))

    @_frames.indexed(wrap=False)
    def add(self, ids, times, amounts=None, costs=None, categories=None, channels=None):
        """Add transactions, all or nothing (wraps csat_customers_add / csat_customers_add_details).

        Parameters
        ----------
        ids : sequence of int
            Customer ids, integers 0 .. 2**64 - 1.
        times : sequence of float or dates
            Time of each transaction: numbers >= 0 (any unit, e.g. days) or dates
            (datetime.date, datetime.datetime, numpy.datetime64; converted by to_days).
        amounts : sequence of float, optional
            Amount of each transaction (currency units, finite, >= 0); None = 0.
        costs : sequence of float, optional
            Cost of each transaction (cost of goods and cost to serve, finite, >= 0).
        categories : sequence of int, optional
            Product or product-line code of each transaction (integers >= 0).
        channels : sequence of int, optional
            Channel code of each transaction (integers >= 0).

        Notes
        -----
        A detail column given for some batches and not others reads as cost 0, category -1
        and channel -1 for the rows added without it (see :attr:`columns`).

        Raises
        ------
        InvalidArgument
            A negative, NaN or Inf value, a negative code, a non-integer id or mismatched
            lengths (the row is named); InvalidType for a non-numeric column.
        OutOfMemory
            The store cannot grow.
        """
        i = as_uint64(ids, "ids")
        t = as_doubles(to_days(times), "times", finite=True, nonneg=True, ids=i)
        a = as_doubles(amounts, "amounts", optional=True, finite=True, nonneg=True, ids=i)
        co = as_doubles(costs, "costs", optional=True, finite=True, nonneg=True, ids=i)
        ca = as_ints(categories, "categories") if categories is not None else None
        ch = as_ints(channels, "channels") if channels is not None else None
        n = same_length(*[x for x in (i, t, a, co, ca, ch) if x is not None])
        with self._use() as p:
            if co or ca is not None or ch is not None:
                self._check(_add_details(p, i.ptr, t.ptr, a.ptr, co.ptr, ca.ptr if ca else None,
                                         ch.ptr if ch else None, n), "add")
            else:
                self._check(_add(p, i.ptr, t.ptr, a.ptr, n), "add")
            if n:
                self._summary_options = None  # the store discarded its summary

    @property
    def columns(self):
        """The optional columns the store has received (wraps csat_customers_columns).

        Returns
        -------
        frozenset of str
            Among "costs", "categories", "channels", "groups", "acquisition_costs",
            "complaints".
        """
        bits = c_uint()
        with self._use() as p:
            self._check(_columns(p, byref(bits)), "columns")
        return frozenset(name for name, bit in _COLUMN_BITS if bits.value & bit)

    def rows(self):
        """Every transaction in (id, time, amount) order (wraps csat_customers_rows).

        Returns
        -------
        pandas.DataFrame or Result
            Columns id, time, amount, cost (0 where absent), category and channel (-1 where
            absent). A DataFrame with pandas (a plain column "id", default index).
        """
        with self._use() as p:
            r = self._rows(p)
        pd = _frames.pandas()
        return pd.DataFrame(dict(r), copy=False) if pd is not None else r

    def _rows(self, p):
        n = c_size_t()
        self._check(_count(p, None, byref(n)), "rows")
        m = n.value
        ids, t, a, co = Out(m, c_uint64), Out(m), Out(m), Out(m)
        ca, ch = Out(m, c_int), Out(m, c_int)
        self._check(_rows(p, ids.ptr, t.ptr, a.ptr, co.ptr, ca.ptr, ch.ptr, m, byref(n)), "rows")
        return Result(id=ids.value(), time=t.value(), amount=a.value(), cost=co.value(),
                      category=ca.value(), channel=ch.value())

    @_frames.indexed(wrap=False)
    def set_groups(self, ids, groups):
        """Set customers' groups, all or nothing (wraps csat_customers_set_groups).

        Parameters
        ----------
        ids : sequence of int
            Customer ids (any, with or without transactions); the last entry of an id wins.
        groups : sequence of int
            Group codes (segment, region, owner, ...), integers >= 0.

        Raises
        ------
        InvalidArgument
            A negative group, a bad id or mismatched lengths.
        """
        i = as_uint64(ids, "ids")
        g = as_ints(groups, "groups")
        n = same_length(i, g)
        with self._use() as p:
            self._check(_set_groups(p, i.ptr, g.ptr, n), "set_groups")

    @_frames.indexed(wrap=False)
    def set_acquisition_costs(self, ids, costs):
        """Set customers' acquisition costs, all or nothing (wraps
        csat_customers_set_acquisition_costs).

        Parameters
        ----------
        ids : sequence of int
            Customer ids (any); the last entry of an id wins.
        costs : sequence of float
            Acquisition costs, finite and >= 0.

        Raises
        ------
        InvalidArgument
            A negative, NaN or Inf cost, a bad id or mismatched lengths.
        """
        i = as_uint64(ids, "ids")
        c = as_doubles(costs, "costs", finite=True, nonneg=True, ids=i)
        n = same_length(i, c)
        with self._use() as p:
            self._check(_set_acquisition_costs(p, i.ptr, c.ptr, n), "set_acquisition_costs")

    def attributes(self, ids=None):
        """Customers' groups and acquisition costs (wraps csat_customers_attributes).

        Parameters
        ----------
        ids : sequence of int, optional
            The customers to look up; None = every id with an attribute set.

        Returns
        -------
        pandas.DataFrame or Result
            Indexed by id: group (-1 when not set) and acquisition_cost (0 when not set).
        """
        with self._use() as p:
            if ids is None:
                n = c_size_t()
                st = _attribute_ids(p, None, 0, byref(n))
                if st != BufferTooSmall.code:
                    self._check(st, "attributes")
                out = Out(n.value, c_uint64)
                self._check(_attribute_ids(p, out.ptr, n.value, byref(n)), "attributes")
                i = as_uint64(out.value(), "ids")
            else:
                i = as_uint64(ids, "ids")
            g, a = Out(i.n, c_int), Out(i.n)
            self._check(_attributes(p, i.ptr, i.n, g.ptr, a.ptr), "attributes")
            r = Result(id=i.keep if np is not None else list(i.keep), group=g.value(),
                       acquisition_cost=a.value())
        return _frames.result_frame(r, "id")

    def add_complaints(self, ids, opened=None, first_response=None, resolved=None,
                       first_contact=None, causes=None, recovery_satisfaction=None):
        """Add complaints, all or nothing (wraps csat_customers_add_complaints).

        Parameters
        ----------
        ids : sequence of int, or pandas.DataFrame
            Customer ids; or a DataFrame with a column "id" (or ids as its index) and the
            other arguments as columns of the same names (missing ones absent).
        opened : sequence of float or dates
            When each complaint was opened (store time units, or dates), required.
        first_response : sequence of float or dates, optional
            Time of the first response; NaN (or NaT) = none yet.
        resolved : sequence of float or dates, optional
            Time of resolution, >= opened and >= first_response; NaN = still open.
        first_contact : sequence of bool or 0/1, optional
            Resolved at first contact (needs a resolution time).
        causes : sequence of int, optional
            Cause codes, integers >= 0 (-1 = unknown).
        recovery_satisfaction : sequence of float, optional
            Satisfaction after recovery (any finite scale); NaN = not surveyed.

        Raises
        ------
        InvalidArgument
            A bad time, flag, code or id, or mismatched lengths (the row is named).
        """
        if _frames.is_frame(ids):
            df = ids
            cols = {k: df[k].to_numpy() for k in df.columns}
            ids = cols.pop("id") if "id" in cols else df.index.to_numpy()
            given = dict(opened=opened, first_response=first_response, resolved=resolved,
                         first_contact=first_contact, causes=causes,
                         recovery_satisfaction=recovery_satisfaction)
            for k in _COMPLAINT_COLUMNS:
                if given[k] is None and k in cols:
                    given[k] = cols[k]
            opened, first_response, resolved = given["opened"], given["first_response"], given["resolved"]
            first_contact, causes = given["first_contact"], given["causes"]
            recovery_satisfaction = given["recovery_satisfaction"]
        else:
            ids, opened, first_response, resolved, first_contact, causes, recovery_satisfaction = [
                _frames.plain(x) if _frames.is_series(x) else x
                for x in (ids, opened, first_response, resolved, first_contact, causes,
                          recovery_satisfaction)]
        if opened is None:
            raise InvalidType("add_complaints: opened is required (a sequence of times)")
        i = as_uint64(ids, "ids")
        o = as_doubles(to_days(opened), "opened", finite=True, nonneg=True, ids=i)
        fr = as_doubles(to_days(first_response), "first_response", optional=True, allow_nan=True, ids=i)
        rs = as_doubles(to_days(resolved), "resolved", optional=True, allow_nan=True, ids=i)
        fc = as_doubles(first_contact, "first_contact", optional=True, finite=True, binary=True,
                        ids=i)
        ca = as_ints(causes, "causes") if causes is not None else None
        sa = as_doubles(recovery_satisfaction, "recovery_satisfaction", optional=True,
                        allow_nan=True, ids=i)
        n = same_length(*[x for x in (i, o, fr, rs, fc, ca, sa) if x is not None])
        fc_buf = None
        if fc:
            fc_buf = (c_uint8 * max(n, 1))(*[int(v) for v in _values(fc, n)])
        with self._use() as p:
            self._check(_add_complaints(p, i.ptr, o.ptr, fr.ptr, rs.ptr,
                                        ctypes.cast(fc_buf, PU8) if fc_buf is not None else None,
                                        ca.ptr if ca else None, sa.ptr, n), "add_complaints")

    def complaints(self):
        """Every complaint in (id, opened) order (wraps csat_customers_complaints).

        Returns
        -------
        pandas.DataFrame or Result
            Columns id, opened, first_response (NaN = none), resolved (NaN = open),
            first_contact (0/1), cause (-1 = unknown), recovery_satisfaction (NaN = not
            surveyed). A DataFrame with pandas (default index).
        """
        with self._use() as p:
            r = self._complaints(p)
        pd = _frames.pandas()
        return pd.DataFrame(dict(r), copy=False) if pd is not None else r

    def _complaints(self, p):
        n = c_size_t()
        st = _complaints(p, None, None, None, None, None, None, None, 0, byref(n))
        if st != BufferTooSmall.code:
            self._check(st, "complaints")
        m = n.value
        ids, o, fr, rs, sa = Out(m, c_uint64), Out(m), Out(m), Out(m), Out(m)
        ca = Out(m, c_int)
        fc = (c_uint8 * max(m, 1))()
        self._check(_complaints(p, ids.ptr, o.ptr, fr.ptr, rs.ptr, ctypes.cast(fc, PU8), ca.ptr,
                                sa.ptr, m, byref(n)), "complaints")
        flags = (np.frombuffer(fc, dtype=np.uint8, count=m).astype(np.intc) if np is not None
                 else array("i", fc[:m]))
        return Result(id=ids.value(), opened=o.value(), first_response=fr.value(),
                      resolved=rs.value(), first_contact=flags, cause=ca.value(),
                      recovery_satisfaction=sa.value())

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
            times and amounts columns; with detail columns in the store also costs,
            categories and channels (0 / -1 / -1 where absent).

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
            r = Result(times=times.value(), amounts=amounts.value())
            bits = c_uint()
            self._check(_columns(p, byref(bits)), "columns")
            if bits.value & 7:
                co, ca, ch = Out(n.value), Out(n.value, c_int), Out(n.value, c_int)
                self._check(_transaction_details(p, id, co.ptr, ca.ptr, ch.ptr, n.value, byref(n)),
                            f"transactions({id})")
                r.update(costs=co.value(), categories=ca.value(), channels=ch.value())
        return r

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
        bits = c_uint()
        self._check(_columns(p, byref(bits)), "copy")
        r = self._rows(p)
        state = {"rows": {k: _portable(v) for k, v in r.items()}, "columns": bits.value,
                 "summary": self._summary_options}
        if bits.value & 24:
            a = self._attributes_state(p)
            state["attributes"] = a
        if bits.value & 32:
            c = self._complaints(p)
            state["complaints"] = {k: _portable(v) for k, v in c.items()}
        return state

    def _attributes_state(self, p):
        n = c_size_t()
        st = _attribute_ids(p, None, 0, byref(n))
        if st != BufferTooSmall.code:
            self._check(st, "copy")
        ids = Out(n.value, c_uint64)
        self._check(_attribute_ids(p, ids.ptr, n.value, byref(n)), "copy")
        g, a = Out(n.value, c_int), Out(n.value)
        self._check(_attributes(p, ids.ptr, n.value, g.ptr, a.ptr), "copy")
        return {"ids": ids.array(), "groups": g.array(), "acquisition_costs": a.array()}

    def _c_restore(self, state):
        p = self._ptr
        if "rows" not in state:  # the layout before issue 17: ids, counts, times, amounts
            self._restore_v1(state)
        else:
            self._restore_rows(p, state["rows"], state["columns"])
            if "attributes" in state:
                at = state["attributes"]
                i = as_uint64(at["ids"], "ids")
                keep = [k for k in range(i.n) if at["groups"][k] >= 0]  # -1: no group set
                if keep:
                    ki = as_uint64([at["ids"][k] for k in keep], "ids")
                    kg = as_ints([at["groups"][k] for k in keep], "groups")
                    self._check(_set_groups(p, ki.ptr, kg.ptr, ki.n), "copy")
                if state["columns"] & 16:
                    a = as_doubles(at["acquisition_costs"], "acquisition_costs")
                    self._check(_set_acquisition_costs(p, i.ptr, a.ptr, i.n), "copy")
            if "complaints" in state:
                c = state["complaints"]
                self.add_complaints(c["id"], c["opened"], c["first_response"], c["resolved"],
                                    c["first_contact"], c["cause"], c["recovery_satisfaction"])
        if state["summary"] is not None:
            self._summarize(p, state["summary"])

    def _restore_rows(self, p, rows, bits):
        """Add the rows back: those with category or channel -1 (absent) go in batches
        without that column, so that every column reads back as it was."""
        n = len(rows["id"])
        if n == 0:
            return
        cat, ch = list(rows["category"]), list(rows["channel"])
        for has_cat in (False, True):
            for has_ch in (False, True):
                sel = [k for k in range(n) if (cat[k] >= 0) == has_cat and (ch[k] >= 0) == has_ch]
                if not sel:
                    continue
                i = as_uint64([rows["id"][k] for k in sel], "ids")
                t = as_doubles([rows["time"][k] for k in sel], "times")
                a = as_doubles([rows["amount"][k] for k in sel], "amounts")
                co = as_doubles([rows["cost"][k] for k in sel], "costs") if bits & 1 else None
                ca = as_ints([cat[k] for k in sel], "categories") if has_cat else None
                chh = as_ints([ch[k] for k in sel], "channels") if has_ch else None
                self._check(_add_details(p, i.ptr, t.ptr, a.ptr, co.ptr if co else None,
                                         ca.ptr if ca else None, chh.ptr if chh else None, i.n),
                            "copy")

    def _restore_v1(self, state):
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
        self._check(_add(self._ptr, i.ptr, t.ptr, a.ptr, same_length(i, t, a)), "copy")
