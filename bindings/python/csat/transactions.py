"""lifetimes' transaction summaries, computed by libcsat's customer store.

``summary_data_from_transaction_data`` and ``calibration_and_holdout_data``
take the arguments of the lifetimes functions of the same names and return
the same frames (lifetimes 0.11.3 under pandas 1.5; checked bit for bit on
CDNOW_master for freq "D" and "W", see bindings/python/tests/test_transactions.py),
but the work is done in C by libcsat's customer store (csat_customers, the
store behind csat.Customers): the Python side only turns ids and dates into
numbers.

Inputs
    ``transactions`` is a pandas DataFrame, or a dict of columns (lists,
    numpy arrays or Series), which works without pandas. A DataFrame gives a
    DataFrame indexed by customer id (named ``customer_id_col``); a dict
    gives a dict of columns, the customer ids included under
    ``customer_id_col`` (numpy arrays with numpy, else lists and
    ``array('d')``).

    Customer ids: integers (any sign) or anything sortable (strings); the
    result is ordered by id, as lifetimes orders it.

    Dates: datetime64 values, datetime/date objects, or strings parsed with
    ``datetime_format`` (a strptime format; without it, pandas' parser with
    pandas, else ISO 8601 as datetime.fromisoformat reads it). Integers such
    as 19970101 are dates only with a ``datetime_format`` ("%Y%m%d"), as in
    lifetimes; otherwise numbers are
    times in days since 1970-01-01, the unit csat.to_days uses (1.5 = noon on
    1970-01-02). Time-zone-aware datetimes count in their local wall time, as
    pandas' to_period does.

    ``freq``: "D" (calendar days), "W" (weeks Monday..Sunday, pandas' "W" =
    "W-SUN"), "h", "min" or "s" (as "H", "T", "S"), the frequencies lifetimes
    supports.

Semantics (lifetimes', in short; see tests/reference/lifetimes_summary.py)
    All of a customer's transactions in one period are one purchase whose
    amount is their sum. frequency = purchase periods - 1 (or all of them with
    include_first_transaction=True); recency and T are differences of period
    starts (last purchase - first purchase; end date's period - first
    purchase) in periods of ``freq``, divided by ``freq_multiplier``;
    monetary_value is the mean amount of the repeat purchase periods (of all
    of them with include_first_transaction=True), 0 when there are none. The
    end dates include their whole period; ``observation_period_end=None``
    means the largest raw value of the date column (lifetimes takes the
    maximum before parsing, so for strings the largest in string order).

    Amounts are summed as pandas sums them under lifetimes: per period in
    (date, amount) order, then over the periods, by Kahan summation, so the
    monetary values are the same doubles. (lifetimes sorts by the raw date
    column: for string dates whose string order is not their date order,
    a period with three or more purchases may sum in another order.)

Deliberate differences from lifetimes
    Missing ids or dates, and NaN, infinite or negative amounts (refunds:
    libcsat's store takes amounts >= 0), are errors that name the row
    (lifetimes drops rows with a missing id and counts NaN amounts as 0).
"""
import datetime
import math
import numbers
from array import array

from ctypes import byref, c_double, c_size_t, c_uint64, c_void_p

from . import _parallel
from . import customers as _c
from ._frames import frame, is_frame, is_series, pandas, plain
from ._lib import (EmptyInput, InvalidArgument, InvalidType, Out, as_doubles, as_uint64, check,
                   choice, describe, flag, np, real, text)

__all__ = ["summary_data_from_transaction_data", "calibration_and_holdout_data"]

_NS = 10 ** 9
_DAY = 86400 * _NS
_WEEK_ORIGIN = 4 * _DAY  # 1970-01-05, a Monday: pandas' "W" (W-SUN) weeks run Monday..Sunday

# freq -> (length of a period in ns, start of period 0 in ns since 1970-01-01)
_FREQS = {"D": (_DAY, 0), "W": (7 * _DAY, _WEEK_ORIGIN), "W-SUN": (7 * _DAY, _WEEK_ORIGIN),
          "h": (3600 * _NS, 0), "H": (3600 * _NS, 0), "min": (60 * _NS, 0), "T": (60 * _NS, 0),
          "s": (_NS, 0), "S": (_NS, 0)}
_SIGN = 1 << 63
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_DATE = datetime.date(1970, 1, 1)


# ---- columns ----------------------------------------------------------------------


def _column(transactions, name, what):
    try:
        col = transactions[name]
    except (KeyError, IndexError, TypeError):
        raise InvalidArgument(f"{what} {name!r} is not a column of transactions") from None
    if is_frame(col):
        raise InvalidArgument(f"{what} {name!r} names more than one column of transactions")
    if isinstance(col, (str, bytes)) or not hasattr(col, "__len__"):
        raise InvalidType(f"transactions[{name!r}] must be a column (a sequence), "
                          f"not {describe(col)}")
    return col


def _row(col, i):
    """How a message names row i of a column: its position and, for pandas, its label."""
    if is_series(col):
        return f"row {i} (index {col.index[i]!r})"
    return f"row {i}"


def _to_list(col):
    if is_series(col):
        return plain(col).tolist()
    if np is not None and isinstance(col, np.ndarray):
        return col.tolist()
    return list(col)


class _Ids:
    """Customer ids as uint64 codes for the store (order-preserving) and back.

    Integers go through as themselves (negative ones with the sign bit
    flipped, which keeps the order); anything else is replaced by its rank
    among the sorted distinct ids."""

    def __init__(self, col, name):
        self.name = name
        self.uniques = None  # sorted distinct ids when codes are ranks
        self.signed = False
        self.dtype = None
        if np is None:
            self._python(col)
        elif is_series(col) or isinstance(col, np.ndarray):
            self._numpy(col)
        else:
            self._numpy(_list_array(col))

    def _numpy(self, col):
        arr = plain(col) if is_series(col) else col
        if arr.ndim != 1:
            raise InvalidType(f"transactions[{self.name!r}] must be one-dimensional")
        kind = arr.dtype.kind
        if kind == "b":
            raise InvalidType(f"transactions[{self.name!r}]: booleans are not customer ids")
        if kind in "iu":
            self.dtype = arr.dtype
            if kind == "i":
                arr = arr.astype(np.int64, copy=False)
                self.signed = bool(arr.size) and arr.min() < 0
                self.codes = arr.view(np.uint64)
                if self.signed:
                    self.codes = self.codes ^ np.uint64(_SIGN)
            else:
                self.codes = arr.astype(np.uint64, copy=False)
            return
        pd = pandas()
        if pd is not None:
            try:
                codes, uniques = pd.factorize(col, sort=True)
            except TypeError:
                raise InvalidType(f"transactions[{self.name!r}]: customer ids must be "
                                  "hashable and sortable (numbers or strings)") from None
        else:
            missing = np.flatnonzero(_missing_mask(arr))
            if missing.size:
                raise InvalidArgument(f"transactions[{self.name!r}] {_row(col, int(missing[0]))}: "
                                      "the customer id is missing")
            try:
                uniques, codes = np.unique(arr, return_inverse=True)
            except (TypeError, ValueError):
                raise InvalidType(f"transactions[{self.name!r}]: customer ids must be "
                                  "sortable (all numbers or all strings)") from None
        bad = np.flatnonzero(codes < 0)
        if bad.size:
            raise InvalidArgument(f"transactions[{self.name!r}] {_row(col, int(bad[0]))}: "
                                  "the customer id is missing")
        self.uniques = uniques
        self.codes = codes.astype(np.uint64)

    def _python(self, col):
        vals = _to_list(col)
        for i, v in enumerate(vals):
            if v is None or (isinstance(v, float) and v != v):
                raise InvalidArgument(f"transactions[{self.name!r}] row {i}: "
                                      "the customer id is missing")
        if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            self.signed = any(v < 0 for v in vals)
            if any(v >= (_SIGN if self.signed else 1 << 64) or v < -_SIGN for v in vals):
                raise InvalidArgument(f"transactions[{self.name!r}]: customer ids must fit in 64 "
                                      "bits (int64, or uint64 when none is negative)")
            self.codes = [v + _SIGN for v in vals] if self.signed else vals
            return
        try:
            self.uniques = sorted(set(vals))
        except TypeError:
            raise InvalidType(f"transactions[{self.name!r}]: customer ids must be sortable "
                              "(all numbers or all strings)") from None
        rank = {v: i for i, v in enumerate(self.uniques)}
        self.codes = [rank[v] for v in vals]

    def decode(self, codes):
        """The original ids of summary ids (numpy uint64 array or array('Q'))."""
        if np is not None and isinstance(codes, np.ndarray):
            if self.uniques is not None:
                return self.uniques.take(codes.astype(np.intp))
            if self.signed:
                return (codes ^ np.uint64(_SIGN)).view(np.int64).astype(self.dtype, copy=False)
            as_ints = codes.view(np.int64 if self.dtype.kind == "i" else np.uint64)
            return as_ints.astype(self.dtype, copy=False)
        if self.uniques is not None:
            return [self.uniques[c] for c in codes]
        return [c - _SIGN for c in codes] if self.signed else list(codes)


def _list_array(col):
    """A list column as numpy: int64 or float64 when every value is such a number, else objects."""
    vals = list(col)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        if all(-_SIGN <= v < _SIGN for v in vals):
            return np.array(vals, dtype=np.int64)
    elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
        return np.array(vals, dtype=np.float64)
    out = np.empty(len(vals), dtype=object)
    out[:] = vals
    return out


def _missing_mask(arr):
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "O":
        return np.array([v is None or (isinstance(v, float) and v != v) for v in arr], dtype=bool)
    return np.zeros(arr.shape, dtype=bool)


# ---- times ------------------------------------------------------------------------
#
# A time column becomes ("ns", int64 nanoseconds since 1970-01-01, wall time)
# or ("days", float days since 1970-01-01); see the module docstring.


def _one_time(v, fmt, where):
    """("ns", int) or ("days", float) for a single value."""
    if isinstance(v, bool) or v is None:
        raise InvalidType(f"{where}: {v!r} is not a date")
    if isinstance(v, datetime.datetime):
        d = v.replace(tzinfo=None) - _EPOCH
        ns = (d.days * 86400 + d.seconds) * _NS + d.microseconds * 1000
        return "ns", ns + getattr(v, "nanosecond", 0)  # pandas Timestamps have nanoseconds
    if isinstance(v, datetime.date):
        return "ns", (v - _EPOCH_DATE).days * _DAY
    if np is not None and isinstance(v, np.datetime64):
        if np.isnat(v):
            raise InvalidArgument(f"{where}: the date is missing (NaT)")
        return "ns", int(v.astype("datetime64[ns]").astype(np.int64))
    if isinstance(v, bytes):
        v = v.decode()
    if isinstance(v, str) or (fmt is not None and isinstance(v, int)):
        raw = str(v)
        try:
            if fmt is not None:
                return _one_time(datetime.datetime.strptime(raw, fmt), None, where)
            return _one_time(datetime.datetime.fromisoformat(raw), None, where)
        except ValueError:
            how = f"the format {fmt!r}" if fmt else "ISO 8601 (give datetime_format)"
            raise InvalidArgument(f"{where}: {raw!r} does not match {how}") from None
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise InvalidType(f"{where}: {describe(v)} is not a date or a number") from None
    if not math.isfinite(f):
        raise InvalidArgument(f"{where}: the time {f!r} is not finite")
    return "days", f


def _times_python(vals, fmt, name, col):
    kind, out = None, []
    for i, v in enumerate(vals):
        k, t = _one_time(v, fmt, f"transactions[{name!r}] {_row(col, i)}")
        if kind is None:
            kind = k
        elif k != kind:
            raise InvalidArgument(f"transactions[{name!r}] {_row(col, i)}: dates and numbers mixed")
        out.append(t)
    return kind or "days", out


def _times(col, fmt, name):
    """(kind, values, smallest) of a date column; values numpy with numpy, else
    a list; smallest: the smallest nanosecond value (None for other kinds)."""
    if np is None:
        return _times_python(_to_list(col), fmt, name, col) + (None,)
    if is_series(col):
        arr = plain(col)
        if getattr(col.dtype, "tz", None) is not None:
            arr = col.dt.tz_localize(None).to_numpy()  # wall time, as to_period
    else:
        arr = col if isinstance(col, np.ndarray) else _list_array(col)
    if arr.ndim != 1:
        raise InvalidType(f"transactions[{name!r}] must be one-dimensional")
    kind = arr.dtype.kind
    if kind == "b":
        raise InvalidType(f"transactions[{name!r}]: booleans are not dates")
    if kind in "iuf" and fmt is None:
        vals = arr.astype(np.float64, copy=False)
        bad = np.flatnonzero(~np.isfinite(vals))
        if bad.size:
            raise InvalidArgument(f"transactions[{name!r}] {_row(col, int(bad[0]))}: "
                                  f"the time {vals[bad[0]]!r} is not finite")
        return "days", vals, None
    if kind == "M":
        vals = arr.astype("datetime64[ns]", copy=False).view(np.int64)
    elif pandas() is not None:
        pd = pandas()
        series = col if is_series(col) else pd.Series(arr)
        try:
            parsed = pd.to_datetime(series, format=fmt)
        except (ValueError, TypeError, OverflowError) as exc:
            where = _unparsed(series, fmt, col)
            raise InvalidArgument(f"transactions[{name!r}]{where}: {exc}") from None
        if getattr(parsed.dtype, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        vals = parsed.to_numpy().view(np.int64)
    else:
        kind, vals = _times_python(arr.tolist(), fmt, name, col)
        vals = np.array(vals, dtype=np.int64 if kind == "ns" else np.float64)
        return kind, vals, (int(vals.min()) if kind == "ns" and vals.size else None)
    smallest = int(vals.min()) if vals.size else None
    if smallest == np.iinfo(np.int64).min:  # NaT
        bad = np.flatnonzero(vals == smallest)
        raise InvalidArgument(f"transactions[{name!r}] {_row(col, int(bad[0]))}: "
                              "the date is missing")
    return "ns", vals, smallest


def _unparsed(series, fmt, col):
    """" row i" of the first value pandas cannot parse (to name it in a message), or ""."""
    pd = pandas()
    try:
        coerced = pd.to_datetime(series, format=fmt, errors="coerce")
        bad = np.flatnonzero(coerced.isna().to_numpy() & series.notna().to_numpy())
    except (ValueError, TypeError, OverflowError):
        return ""
    return f" {_row(col, int(bad[0]))}" if bad.size else ""


def _end(value, fmt, kind, what):
    """An end date as a time of the given kind."""
    pd = pandas() if isinstance(value, str) else None
    if pd is not None:
        try:
            value = pd.to_datetime(value, format=fmt)
        except ValueError:
            try:
                value = pd.to_datetime(value)  # the end given in another format than the column
            except ValueError:
                raise InvalidArgument(f"{what}: {value!r} is not a date") from None
    if np is not None and isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if np is not None and isinstance(value, np.generic) and not isinstance(value, np.datetime64):
        value = value.item()  # numpy numbers as Python ones (a raw maximum of an int column)
    try:
        k, t = _one_time(value, fmt, what)
    except InvalidArgument:
        if not isinstance(value, str) or fmt is None:
            raise
        k, t = _one_time(value, None, what)
    if k == kind:
        return t
    return t / _DAY if kind == "days" else int(round(t * _DAY))


def _naive_times(col):
    """True for a numpy or pandas column of numbers or of naive datetime64 values
    (whose raw order is their order in time)."""
    dtype = getattr(col, "dtype", None)
    return isinstance(dtype, np.dtype) and dtype.kind in "iufM" and getattr(col, "ndim", 1) == 1


def _raw_max(col):
    """The largest raw value of a column, as lifetimes takes it (before parsing;
    for strings the largest in string order). None when the values do not
    compare (e.g. dates mixed with datetimes)."""
    try:
        if is_series(col):
            return col.max()
        if np is not None and isinstance(col, np.ndarray):
            return col.max()
        return max(_to_list(col))
    except (TypeError, ValueError):
        return None


def _period(t, kind, freq):
    """Period index (int) of one time."""
    length, origin = _FREQS[freq]
    if kind == "ns":
        return (t - origin) // length
    return math.floor(_in_periods(t, length, origin))


_BLOCK = 1 << 16  # rows per block of _store_times: 2 x 512 KiB of scratch


def _store_times(vals, kind, freq, smallest=None):
    """(times, k0): the time column as the store's times, and the period index k0
    of time 0.

    times[i] = k_i - k0 + frac_i, where k_i is row i's period index, k0 the
    smallest, and frac_i in [0, 0.5] grows with the time inside the period:
    the store (periods of 1 from 0) then sees exactly the periods k_i - k0,
    and sorts a customer's rows by (time, amount) as lifetimes does, while
    floor(times[i]) is exactly k_i - k0. Integer arithmetic for nanoseconds,
    so no time near a period boundary lands in the wrong period."""
    length, origin = _FREQS[freq]
    if np is None:
        k = [_period(t, kind, freq) for t in vals]
        k0 = min(k) if k else 0
        if kind == "ns":
            return [p - k0 + ((t - origin) - p * length) * (0.5 / length)
                    for t, p in zip(vals, k)], k0
        return [p - k0 + (_in_periods(t, length, origin) - p) * 0.5 for t, p in zip(vals, k)], k0
    if len(vals) == 0:
        return np.zeros(0), 0
    if kind == "ns":
        # q = nanoseconds since the start of period k0 = length * k + rest, and
        # times = (q + length * k) / (2 * length) = k + rest / (2 * length): a
        # division that is exact when rest is 0 and never below k (length * k
        # is a double). Worked in blocks whose integer scratch stays in cache:
        # the only new memory is the result (page faults on fresh scratch
        # columns cost as much as the arithmetic).
        k0 = ((int(vals.min()) if smallest is None else smallest) - origin) // length
        base = origin + k0 * length
        out = np.empty(len(vals))
        block = min(len(vals), _BLOCK)
        q, k = np.empty(block, np.int64), np.empty(block, np.int64)
        for s in range(0, len(vals), block):
            m = min(block, len(vals) - s)
            qs, ks = q[:m], k[:m]
            np.subtract(vals[s:s + m], base, out=qs)
            np.floor_divide(qs, length, out=ks)
            ks *= length
            qs += ks
            np.divide(qs, 2.0 * length, out=out[s:s + m])
        return out, k0
    u = _in_periods(vals, length, origin)
    k = np.floor(u)
    k0 = int(k.min())
    times = u - k
    times *= 0.5
    times += k - k0
    return times, k0


def _in_periods(t, length, origin):
    """Times in days since 1970-01-01 as (fractional) period indices."""
    if length >= _DAY:
        return (t - origin / _DAY) / (length / _DAY)
    return t * (_DAY // length)


# ---- the store --------------------------------------------------------------------


def _take(col, mask):
    if col is None:
        return None
    if np is not None and isinstance(mask, np.ndarray):
        return np.asarray(col)[mask]
    return [v for v, m in zip(col, mask) if m]


_FIELDS = {"frequency": 1, "recency": 2, "T": 3, "monetary_value": 4, "total_amount": 5,
           "n_transactions": 6}


class _NewColumn:
    """An output column C writes every value of: numpy.empty (no zeroing), or Out."""

    def __init__(self, n, ctype):
        self.obj = np.empty(n, dtype=np.uint64 if ctype is c_uint64 else np.float64)
        self.ptr = self.obj.ctypes.data_as(_c.PU64 if ctype is c_uint64 else _c.PD)

    def value(self):
        return self.obj


def _new_column(n, ctype=c_double):
    return _NewColumn(n, ctype) if np is not None else Out(n, ctype)


def _uint64_column(codes):
    if np is not None and isinstance(codes, np.ndarray):
        return codes.ctypes.data_as(_c.PU64), codes
    col = as_uint64(codes, "ids")
    return col.ptr, col


def _double_column(values, name):
    if values is None:
        return None, None
    if np is not None and isinstance(values, np.ndarray):
        values = np.ascontiguousarray(values, dtype=np.float64)
        return values.ctypes.data_as(_c.PD), values
    col = as_doubles(values, name)
    return col.ptr, col


def _summarize(codes, times, amounts, k_end, time_scale, fields, explain=None, n_jobs=None):
    """The summary of transactions (store codes, store times of _store_times,
    amounts or None) up to period k_end (store units): {"id": ids, field:
    column for each of fields}, customers in id order; None when no customer
    bought by then.

    A store of its own for this call, never shared (so it needs no lock),
    asked only for the columns wanted. The store checks the amounts; when it
    refuses them, explain() (if given) raises the error that names the row
    of the caller's table. n_jobs: the store's threads (scikit-learn's meaning)."""
    if len(times) == 0 or k_end < 0:
        return None
    handle = c_void_p()
    check(_c._new(byref(handle), None), "transactions")
    try:
        if _parallel.threads(n_jobs) > 1:
            _parallel.apply("customers", handle, n_jobs)
        def ok(status):
            if status < 0:
                message = _c._last_error(handle)
                check(status, "transactions", message.decode() if message else "")
        ids_ptr, keep_ids = _uint64_column(codes)
        times_ptr, keep_times = _double_column(times, "times")
        amounts_ptr, keep_amounts = _double_column(amounts, "amounts")
        status = _c._add(handle, ids_ptr, times_ptr, amounts_ptr, len(times))
        if status < 0 and explain is not None:
            explain()
        ok(status)
        options = _c._Options()
        ok(_c._options_init(byref(options), 1))
        options.observation_end = float(k_end)
        options.time_scale = float(time_scale)
        n, n_excluded = c_size_t(), c_size_t()
        status = _c._summarize(handle, byref(options), byref(n), byref(n_excluded))
        if status == EmptyInput.code:
            return None
        ok(status)
        n = n.value
        ids = _new_column(n, c_uint64)
        ok(_c._summary_ids(handle, ids.ptr, n))
        out = {"id": ids.value()}
        for name in fields:
            col = _new_column(n)
            ok(_c._summary_column(handle, _FIELDS[name], col.ptr, n))
            out[name] = col.value()
        return out
    finally:
        _c._free(handle)


def _options(freq, freq_multiplier, include_first_transaction, datetime_format):
    """The checked options: (freq, freq_multiplier as a float, include_first as a bool)."""
    choice(freq, _FREQS, "freq")
    freq_multiplier = real(freq_multiplier, "freq_multiplier", finite=True, positive=True)
    include_first = bool(flag(include_first_transaction, "include_first_transaction"))
    if datetime_format is not None:
        text(datetime_format, "datetime_format")
    return freq, freq_multiplier, include_first


def _amounts(col, name):
    """An amount column as float64 numpy (a view where it can) or array('d'):
    numbers only (never strings or booleans). Without numpy the values are
    checked here (finite, >= 0); with numpy the store checks them and
    _explain_amounts names the bad row when it refuses them."""
    where = f"transactions[{name!r}]"
    if np is None:
        out = array("d")
        for i, v in enumerate(_to_list(col)):
            if isinstance(v, bool) or not isinstance(v, numbers.Real):
                raise InvalidType(f"{where} row {i}: {describe(v)} is not a number")
            if not (math.isfinite(v) and v >= 0):
                raise InvalidArgument(f"{where} row {i}: the amount {v!r} must be finite and >= 0")
            out.append(v)
        return out
    arr = plain(col) if is_series(col) else np.asarray(col)
    if arr.ndim != 1 or arr.dtype.kind not in "iuf":
        raise InvalidType(f"{where} must be a column of numbers, not of {arr.dtype} values"
                          + ("; strings are never converted to numbers" if arr.dtype.kind in "USO"
                             else ""))
    return arr.astype(np.float64, copy=False)


def _explain_amounts(col, arr, name):
    """Raise the error naming the first amount that is NaN, infinite or negative (if any)."""
    bad = np.flatnonzero(~(arr >= 0) | np.isinf(arr))
    if bad.size:
        raise InvalidArgument(f"transactions[{name!r}] {_row(col, int(bad[0]))}: the amount "
                              f"{arr[bad[0]]!r} must be finite and >= 0")


class _Transactions:
    """The parsed columns of a call: ids, times, amounts."""

    def __init__(self, transactions, customer_id_col, datetime_col, monetary_value_col,
                 datetime_format):
        if not (is_frame(transactions) or isinstance(transactions, dict)):
            raise InvalidType("transactions must be a pandas DataFrame or a dict of columns, "
                              f"not {describe(transactions)}")
        self.pandas_out = is_frame(transactions)
        self.fmt = datetime_format
        self.id_name = customer_id_col
        id_col = _column(transactions, customer_id_col, "customer_id_col")
        self.time_col = _column(transactions, datetime_col, "datetime_col")
        money = (_column(transactions, monetary_value_col, "monetary_value_col")
                 if monetary_value_col is not None else None)
        n = len(id_col)
        for label, col in ((datetime_col, self.time_col), (monetary_value_col, money)):
            if col is not None and len(col) != n:
                raise InvalidArgument(f"transactions[{label!r}] has {len(col)} rows, "
                                      f"transactions[{customer_id_col!r}] {n}")
        self.ids = _Ids(id_col, customer_id_col)
        self.kind, self.times, self.smallest = _times(self.time_col, datetime_format, datetime_col)
        self.money, self.money_name = money, monetary_value_col
        self.amounts = _amounts(money, monetary_value_col) if money is not None else None

    def explain_amounts(self):
        """After the store refused the amounts: raise the error naming the row."""
        if self.amounts is not None and np is not None:
            _explain_amounts(self.money, self.amounts, self.money_name)

    def end(self, value, what):
        """An end date as a time of the column's kind; None: the column's maximum."""
        if value is not None:
            return _end(value, self.fmt, self.kind, what)
        if len(self.times) == 0:
            raise EmptyInput("transactions has no rows")
        if (np is not None and (self.fmt is None or self.kind == "days")
                and _naive_times(self.time_col)):
            return self.times.max().item()  # the raw maximum: these values sort as their times
        raw = _raw_max(self.time_col)
        if raw is not None:
            return _end(raw, self.fmt, self.kind, what)
        return self.times.max().item() if np is not None else max(self.times)

    def output(self, ids, columns):
        """A DataFrame indexed by the ids (DataFrame input) or a dict of columns."""
        ids = self.ids.decode(ids)
        if self.pandas_out:
            pd = pandas()
            return frame(columns, pd.Index(ids, name=self.id_name))
        if is_series(ids) or hasattr(ids, "to_numpy"):
            ids = ids.to_numpy()  # a pandas Index from factorize
        out = {self.id_name: ids}
        out.update(columns)
        return out


def _fields(monetary, include_first):
    """The store columns lifetimes' columns are made of (see _summary_columns)."""
    return ("frequency", "recency", "T") + (
        (("total_amount",) if include_first else ("monetary_value",)) if monetary else ())


def _floats(values):
    return values if np is not None else array("d", values)


def _summary_columns(summary, include_first, monetary):
    """lifetimes' columns from a store summary (see the module docstring)."""
    f = summary["frequency"]
    cols = {}
    if include_first:
        n = f + 1 if np is not None else [v + 1 for v in f]
        cols["frequency"] = _floats(n)
    else:
        cols["frequency"] = f
    cols["recency"], cols["T"] = summary["recency"], summary["T"]
    if monetary:
        if include_first:
            total = summary["total_amount"]
            cols["monetary_value"] = _floats(total / n if np is not None
                                             else [a / b for a, b in zip(total, n)])
        else:
            cols["monetary_value"] = summary["monetary_value"]
    return cols


def _empty(tx, names):
    """The result when no customer bought by the end date: no rows (as lifetimes)."""
    ids = np.zeros(0, dtype=np.uint64) if np is not None else []
    return tx.output(ids, {name: _floats([]) if np is None else np.zeros(0) for name in names})


def summary_data_from_transaction_data(transactions, customer_id_col, datetime_col,
                                       monetary_value_col=None, datetime_format=None,
                                       observation_period_end=None, freq="D", freq_multiplier=1,
                                       include_first_transaction=False, *, n_jobs=None):
    """Per-customer frequency, recency, T (and monetary_value) from a transaction log.

    lifetimes.utils.summary_data_from_transaction_data (0.11.3), computed by
    libcsat: same arguments, same frame (see the module docstring for the
    accepted inputs and the semantics).

    Parameters
    ----------
    transactions : pandas.DataFrame or dict of columns
        One row per transaction.
    customer_id_col, datetime_col : str
        The columns holding the customer id and the transaction's date.
    monetary_value_col : str, optional
        The column holding the transaction's amount (finite, >= 0).
    datetime_format : str, optional
        strptime format of string (or integer) dates, e.g. "%Y%m%d".
    observation_period_end : date, str or number, optional
        The last date observed (its whole period included); default: the
        largest value of the date column.
    freq : {"D", "W", "h", "min", "s"}
        The purchase period.
    freq_multiplier : number > 0
        recency and T are divided by it (freq="D", freq_multiplier=7: weeks
        counted in days).
    include_first_transaction : bool
        Count the first purchase period in frequency and monetary_value.
    n_jobs : int or None, default None
        Threads for the summary, as scikit-learn's n_jobs (None or 1: one thread; -1:
        every core). The result is the same whatever the value.

    Returns
    -------
    pandas.DataFrame or dict
        Columns frequency, recency, T[, monetary_value] (float64), indexed by
        customer id in ascending order (a dict of columns, ids included, for a
        dict input).

    Raises
    ------
    csat.InvalidArgument
        Unknown columns, unparsable or missing dates, missing ids, bad
        amounts (the message names the row), an unknown freq.

    Examples
    --------
    A dict of columns (with pandas, a DataFrame gives lifetimes' DataFrame, indexed by id):

    >>> tx = {"id": [1, 1, 2], "date": ["2020-01-01", "2020-01-05", "2020-01-03"],
    ...       "amount": [10.0, 30.0, 5.0]}
    >>> s = csat.summary_data_from_transaction_data(tx, "id", "date", "amount",
    ...                                             observation_period_end="2020-01-10")
    >>> [int(i) for i in s["id"]], [float(v) for v in s["frequency"]]
    ([1, 2], [1.0, 0.0])
    >>> [float(v) for v in s["recency"]], [float(v) for v in s["T"]]
    ([4.0, 0.0], [9.0, 7.0])
    >>> [float(v) for v in s["monetary_value"]]
    [30.0, 0.0]
    """
    freq, freq_multiplier, include_first_transaction = _options(
        freq, freq_multiplier, include_first_transaction, datetime_format)
    _parallel.threads(n_jobs)
    tx = _Transactions(transactions, customer_id_col, datetime_col, monetary_value_col,
                       datetime_format)
    k_end = _period(tx.end(observation_period_end, "observation_period_end"), tx.kind, freq)
    names = ["frequency", "recency", "T"] + (["monetary_value"] if monetary_value_col else [])
    times, k0 = _store_times(tx.times, tx.kind, freq, tx.smallest)
    s = _summarize(tx.ids.codes, times, tx.amounts, k_end - k0, freq_multiplier,
                   _fields(monetary_value_col is not None, include_first_transaction),
                   tx.explain_amounts, n_jobs)
    if s is None:
        return _empty(tx, names)
    return tx.output(s["id"], _summary_columns(s, include_first_transaction,
                                               monetary_value_col is not None))


def _align(ids, values, to_ids):
    """values (per ids, ascending) at to_ids (ascending), 0 where absent; and
    whether every one of to_ids was present."""
    if np is not None:
        pos = np.minimum(np.searchsorted(ids, to_ids), len(ids) - 1)
        found = ids[pos] == to_ids
        return np.where(found, values[pos], 0.0), bool(found.all())
    where = {c: j for j, c in enumerate(ids)}
    out = array("d", [values[where[c]] if c in where else 0.0 for c in to_ids])
    return out, all(c in where for c in to_ids)


def _holdout(tx, mask, times, k_obs, cal_ids):
    """frequency_holdout and monetary_value_holdout (None without amounts) of
    the calibration customers cal_ids, as lifetimes: the number of distinct
    holdout periods, and the mean of the raw holdout amounts summed in the
    caller's row order (a second store whose "periods" are the row numbers
    keeps that order)."""
    codes = _take(tx.ids.codes, mask)
    s = _summarize(codes, _take(times, mask), None, k_obs, 1.0, ("frequency",))
    periods = s["frequency"] + 1 if np is not None else array("d", [f + 1 for f in s["frequency"]])
    freq, all_found = _align(s["id"], periods, cal_ids)
    if all_found and np is not None:
        freq = freq.astype(np.int64)  # lifetimes' column stays int64 when nothing was missing
    if tx.amounts is None:
        return freq, None
    amounts = _take(tx.amounts, mask)
    rows = np.arange(len(amounts), dtype=np.float64) if np is not None else \
        [float(i) for i in range(len(amounts))]
    s = _summarize(codes, rows, amounts, len(amounts) - 1, 1.0, ("total_amount", "n_transactions"),
                   tx.explain_amounts)
    total, n_tx = s["total_amount"], s["n_transactions"]
    mean = total / n_tx if np is not None else array("d", [a / b for a, b in zip(total, n_tx)])
    return freq, _align(s["id"], mean, cal_ids)[0]


def calibration_and_holdout_data(transactions, customer_id_col, datetime_col,
                                 calibration_period_end, observation_period_end=None, freq="D",
                                 freq_multiplier=1, datetime_format=None, monetary_value_col=None,
                                 include_first_transaction=False, *, n_jobs=None):
    """Calibration summary plus holdout counts per customer, as lifetimes makes them.

    lifetimes.utils.calibration_and_holdout_data (0.11.3), computed by
    libcsat: the calibration columns are summary_data_from_transaction_data
    of the transactions up to calibration_period_end (a raw timestamp cut, as
    lifetimes), with T_cal measured to calibration_period_end's period.

    Parameters
    ----------
    transactions, customer_id_col, datetime_col, datetime_format, freq
        As for summary_data_from_transaction_data.
    freq_multiplier, monetary_value_col, include_first_transaction, n_jobs
        As for summary_data_from_transaction_data.
    calibration_period_end : date, str or number
        The last moment of the calibration window (transactions at or
        before it are calibration, later ones holdout).
    observation_period_end : date, str or number, optional
        The last moment of the holdout window; default: the largest value of
        the date column.

    Returns
    -------
    pandas.DataFrame or dict
        frequency_cal, recency_cal, T_cal[, monetary_value_cal],
        frequency_holdout[, monetary_value_holdout], duration_holdout for the
        customers who bought in the calibration window, by id.
        frequency_holdout counts distinct holdout periods (float64, or int64
        when every customer bought in the holdout, as in lifetimes);
        monetary_value_holdout is the mean raw holdout amount (0 when none);
        duration_holdout = (period of observation_period_end - period of
        calibration_period_end) / freq_multiplier.

    Raises
    ------
    csat.EmptyInput
        No transaction after calibration_period_end up to observation_period_end
        (lifetimes raises ValueError; EmptyInput is one).
    csat.InvalidArgument
        As for summary_data_from_transaction_data.

    Examples
    --------
    >>> tx = {"id": [1, 1, 2, 2], "date": ["2020-01-01", "2020-01-05", "2020-01-03", "2020-01-04"]}
    >>> h = csat.calibration_and_holdout_data(tx, "id", "date", calibration_period_end="2020-01-03")
    >>> [float(v) for v in h["frequency_holdout"]], [float(v) for v in h["duration_holdout"]]
    ([1.0, 1.0], [2.0, 2.0])
    """
    freq, freq_multiplier, include_first_transaction = _options(
        freq, freq_multiplier, include_first_transaction, datetime_format)
    _parallel.threads(n_jobs)
    tx = _Transactions(transactions, customer_id_col, datetime_col, monetary_value_col,
                       datetime_format)
    obs = tx.end(observation_period_end, "observation_period_end")
    cal = tx.end(calibration_period_end, "calibration_period_end")
    times, k0 = _store_times(tx.times, tx.kind, freq, tx.smallest)
    k_cal, k_obs = _period(cal, tx.kind, freq) - k0, _period(obs, tx.kind, freq) - k0
    if np is not None:
        in_cal = tx.times <= cal
        in_hold = (tx.times > cal) & (tx.times <= obs)
        any_hold = bool(in_hold.any())
    else:
        in_cal = [t <= cal for t in tx.times]
        in_hold = [cal < t <= obs for t in tx.times]
        any_hold = any(in_hold)
    monetary = monetary_value_col is not None
    names = ["frequency_cal", "recency_cal", "T_cal"] + (["monetary_value_cal"] if monetary else [])
    if not any_hold:
        raise EmptyInput("calibration_and_holdout_data: no transactions after "
                         "calibration_period_end up to observation_period_end")
    s = _summarize(_take(tx.ids.codes, in_cal), _take(times, in_cal), _take(tx.amounts, in_cal),
                   k_cal, freq_multiplier, _fields(monetary, include_first_transaction),
                   tx.explain_amounts, n_jobs)
    if s is None:
        return _empty(tx, names + ["frequency_holdout"]
                      + (["monetary_value_holdout"] if monetary else []) + ["duration_holdout"])
    cols = {name + "_cal": v for name, v in
            _summary_columns(s, include_first_transaction, monetary).items()}
    freq_h, money_h = _holdout(tx, in_hold, times, k_obs, s["id"])
    cols["frequency_holdout"] = freq_h
    if monetary:
        cols["monetary_value_holdout"] = money_h
    duration = (k_obs - k_cal) / freq_multiplier
    n = len(s["id"])
    cols["duration_holdout"] = (np.full(n, duration) if np is not None
                                else array("d", [duration] * n))
    return tx.output(s["id"], cols)
