"""pandas and numpy in and out: the one place the package converts columns.

The rules (issue 11, "pandas in, pandas out"):

* per-row inputs given as pandas Series (or DataFrame columns) give per-row
  outputs as a Series with the same index (``indexed``);
* numpy in gives numpy out, and plain sequences without numpy give
  ``array('d')``: that is what the ``_lib`` plumbing already does, and
  ``indexed`` leaves such calls untouched;
* nothing is copied that need not be: a float64 Series reaches C as a view
  of its own memory (``float_column``), and outputs are wrapped around the
  array C wrote into (``series``, ``frame``).

pandas is imported only when needed: ``indexed`` recognises pandas objects
by looking pandas up in ``sys.modules`` (a caller holding a Series has
imported it), and ``pandas()`` imports it for functions whose *output* is a
DataFrame whenever pandas is installed. ``CSAT_PYTHON_NO_NUMPY=1`` hides
pandas as well as numpy.
"""
import datetime
import functools
import inspect
import sys
import threading

from ._lib import InvalidArgument, InvalidType, np

__all__ = []  # internal: nothing here is part of the public API

_PANDAS = []  # [module or None] once looked up
_PANDAS_LOCK = threading.Lock()


def pandas():
    """The pandas module (imported on first use, by one thread), or None when
    pandas or numpy is unavailable."""
    if not _PANDAS:
        with _PANDAS_LOCK:
            if not _PANDAS:
                mod = None
                if np is not None:
                    try:
                        import pandas as mod
                    except ImportError:
                        mod = None
                _PANDAS.append(mod)
    return _PANDAS[0]


def _loaded_pandas():
    """pandas if it has been imported (we do not import it here), else None.

    A pandas that another thread is still importing counts as not imported:
    nobody can hold a Series of it yet, and its attributes may be missing."""
    if np is None:
        return None
    mod = sys.modules.get("pandas")
    if mod is None or getattr(getattr(mod, "__spec__", None), "_initializing", False):
        return None
    return mod if hasattr(mod, "DataFrame") else None


def is_series(x):
    pd = _loaded_pandas()
    return pd is not None and isinstance(x, pd.Series)


def is_frame(x):
    pd = _loaded_pandas()
    return pd is not None and isinstance(x, pd.DataFrame)


def is_date(x):
    """True for a single date: datetime.date or datetime (a pandas Timestamp too) or
    numpy datetime64."""
    return isinstance(x, datetime.date) or (np is not None and isinstance(x, np.datetime64))


# ---- in ---------------------------------------------------------------------------


def plain(s):
    """A Series' values as numpy, viewing its memory when its dtype is a numpy dtype.

    Time-zone-aware datetimes become naive UTC datetime64 (as csat.to_days
    reads aware datetimes); nullable numeric extension dtypes become float64
    with NaN for missing values (which libcsat then refuses, naming the row)."""
    dtype = s.dtype
    if isinstance(dtype, np.dtype):
        return s.to_numpy(copy=False)
    if getattr(dtype, "tz", None) is not None:
        return s.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    if getattr(dtype, "kind", "O") in "iufb" and getattr(dtype, "_is_numeric", False):
        return s.to_numpy(dtype=np.float64, na_value=np.nan)
    return s.to_numpy()


def float_column(x, name="x"):
    """(contiguous float64 numpy array, index or None) from a Series or a 1-D array.

    A float64 Series or array whose memory is contiguous is viewed, not
    copied; other numeric dtypes are converted (one copy). Strings, objects,
    booleans and dates are refused: numbers are never made from strings."""
    index = None
    if is_series(x):
        index = x.index
        x = plain(x)
    if np is None or not isinstance(x, np.ndarray):
        raise InvalidType(f"{name} must be a pandas Series or a numpy array")
    if x.ndim != 1:
        raise InvalidType(f"{name} must be one-dimensional, not {x.ndim}-D")
    if x.dtype.kind not in "iuf":
        raise InvalidType(f"{name} must hold numbers, not {x.dtype} values")
    return np.ascontiguousarray(x, dtype=np.float64), index


def common_index(named):
    """The index shared by the Series among (name, value) pairs; None if there is none.

    Series of different lengths or indexes are refused: pandas would align
    them by label, which a per-row C call cannot do."""
    index, first = None, None
    for name, value in named:
        if not is_series(value):
            continue
        if index is None:
            index, first = value.index, name
        elif value.index is not index and not value.index.equals(index):
            raise InvalidArgument(f"{name} and {first} have different indexes; align them "
                                  f"first (e.g. {name}.reindex({first}.index))")
    return index


# ---- out --------------------------------------------------------------------------


def series(values, index, name=None):
    """A Series around a numpy result (no copy), or values unchanged when index is None."""
    if index is None:
        return values
    pd = pandas()
    return pd.Series(values, index=index, name=name, copy=False)


def frame(columns, index):
    """A DataFrame of the given {name: 1-D numpy array} around those arrays (no copy)."""
    pd = pandas()
    return pd.DataFrame(columns, index=index, copy=False)


def columns_of(table):
    """{name: column} of a DataFrame (views of its columns) or of a dict of columns."""
    if is_frame(table):
        return {name: table[name].to_numpy(copy=False) for name in table.columns}
    return dict(table)


def days_to_datetime64(days):
    """Float days since 1970-01-01 (csat.to_days' unit) as datetime64[ns], to the microsecond."""
    us = np.round(np.asarray(days, dtype=np.float64) * 86400e6)
    bad = ~np.isfinite(us)
    out = np.where(bad, 0, us).astype(np.int64).astype("datetime64[us]").astype("datetime64[ns]")
    if bad.any():
        out[bad] = np.datetime64("NaT")
    return out


def result_frame(result, index="id", scalars=(), dates=()):
    """A Result of equal-length columns as a DataFrame indexed by result[index].

    Without pandas the Result is returned unchanged. Keys in `scalars` go to
    DataFrame.attrs; columns in `dates` (float days since 1970-01-01) become
    datetime64 columns."""
    pd = pandas()
    if pd is None:
        return result
    cols = {}
    for key, value in result.items():
        if key == index or key in scalars:
            continue
        cols[key] = days_to_datetime64(value) if key in dates else value
    out = frame(cols, pd.Index(result[index], name=index))
    for key in scalars:
        if key in result:
            out.attrs[key] = result[key]
    return out


def summary_frame(fn):
    """Decorator of Customers.summary: with pandas, its Result becomes a DataFrame
    indexed by customer id ("id"), n_excluded goes to DataFrame.attrs, and
    first_time is datetime64 when observation_end was given as a date (the
    store holds dates as days since 1970-01-01). Without pandas the Result is
    returned as it is."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        result = fn(*args, **kwargs)
        if pandas() is None:
            return result
        end = signature.bind(*args, **kwargs).arguments.get("observation_end")
        return result_frame(result, "id", ("n_excluded",), ("first_time",) if is_date(end) else ())
    return call


def _wrap(result, index, name, rows=None):
    """A per-row result as a Series on index (Results: each per-row column, or
    only the keys in rows)."""
    n = len(index)
    if isinstance(result, np.ndarray):
        return series(result, index, name) if result.ndim == 1 and len(result) == n else result
    if isinstance(result, dict):
        for key, value in list(result.items()):
            if (rows is None or key in rows) and isinstance(value, np.ndarray) and value.ndim == 1 \
                    and len(value) == n:
                result[key] = series(value, index, key)
            elif rows is not None and key in rows and isinstance(value, list) and len(value) == n:
                result[key] = pandas().Series(value, index=index, name=key)  # e.g. segment names
        return result
    return result


def indexed(fn=None, *, wrap=True, rows=None):
    """Decorator: pandas Series arguments in, Series results out (same index).

    When no argument is a pandas Series the call goes through untouched
    (numpy in, numpy out; sequences in, array('d') out). Otherwise every
    Series argument is passed on as numpy (viewing its memory where it can,
    see plain()); they must share one index; and, with wrap=True, a 1-D
    numpy result of that length becomes a Series with that index named
    after the function (a Result's per-row columns likewise; with rows, only
    those keys: a sorted curve of the same length is not per-row)."""
    if fn is None:
        return functools.partial(indexed, wrap=wrap, rows=rows)
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def call(*args, **kwargs):
        pd = _loaded_pandas()
        if pd is None or not any(isinstance(a, pd.Series) for a in (*args, *kwargs.values())):
            return fn(*args, **kwargs)
        try:
            named = signature.bind(*args, **kwargs).arguments.items()
        except TypeError:
            return fn(*args, **kwargs)  # let the function report its own signature error
        index = common_index(named)
        args = [plain(a) if isinstance(a, pd.Series) else a for a in args]
        kwargs = {k: plain(v) if isinstance(v, pd.Series) else v for k, v in kwargs.items()}
        try:
            result = fn(*args, **kwargs)
        except InvalidArgument as e:
            raise _labelled(e, index)
        return _wrap(result, index, fn.__name__, rows) if wrap else result
    return call


def _labelled(err, index):
    """err with the pandas index label of its row (err.row) added to the message."""
    row = getattr(err, "row", None)
    if index is None or row is None or not 0 <= row < len(index) or getattr(err, "labelled", 0):
        return err
    new = type(err)(f"{err} (index {index[row]!r})")
    new.__dict__.update(err.__dict__)
    new.labelled = True
    return new
