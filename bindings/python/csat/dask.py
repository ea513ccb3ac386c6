"""Scale out on Dask: the same analyses on data partitioned across a cluster.

Needs dask and distributed (Debian: ``apt-get install python3-dask
python3-distributed``); importing csat.dask without them raises an
ImportError that says so. The functions take dask DataFrames and a
``distributed.Client`` (``client=None``: the default client) and give the
results the single-machine functions give on the same data.

How it works: every analysis that sums over customers has a map / merge /
finish form in libcsat. A partition's partial statistics are computed on the
worker that holds it, only those statistics travel, and the client merges
them and finishes the result:

* ``fit(model, ddf, ...)`` (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma):
  the partitions' columns stay on the workers (persisted as numpy arrays);
  a local fit on the largest partition gives the start; then each Newton
  step sends the parameters out and gets back each partition's
  log-likelihood, gradient and Hessian (csat_btyd_chunk_hessian,
  csat_spend_chunk_loglik). The fitted model is an ordinary csat model:
  predict with it locally or through the functions below. Its
  ``fit_report_`` counts the cluster round trips (``round_trips``).
* ``p_alive``, ``expected_purchases``, ``expected_spend`` and ``clv`` run per
  partition (``map_partitions``) and keep the index: nothing to merge.
* ``summary_data_from_transaction_data``: shuffles the transactions by
  customer id (unless ``partitioned_by_customer=True`` says every customer is
  already within one partition), then summarises each partition with the
  common observation end.
* ``logistic``: Newton on the partitions' log-likelihoods, scores and
  information matrices (csat_logistic_chunk_score), one round trip a step.
* ``kmeans``: Lloyd's algorithm with one round trip an iteration: each
  partition's per-centre sums, counts and inertia (csat_kmeans_chunk_step),
  merged by adding; the start is given, or k-means++ on a sample.
* ``rfm_scores``: exact rank-quantile cut points from the merged counts of
  each column's distinct values, then scoring per partition.
* ``kaplan_meier``: each partition's table of event and censoring counts at
  its distinct times; the merged counts, as weighted rows, give the curve of
  the whole data (bit for bit where the weights are integers).
* ``sbg``: each partition's customers counted per (duration, churned) pair;
  the merged counts are fitted by csat_sbg_fit_duration_counts (bit for bit
  the single-machine fit where the counts are integers).
* ``cohort_table``: transactions partitioned by customer (shuffled by
  customer id unless ``partitioned_by_customer=True``); the period grid's
  origin is fixed for the whole data first, then each partition's cohort
  sizes, active counts and revenue per cohort x offset are added.
* ``value_tiers``: median cuts from the merged counts of each column's
  distinct values (as ``rfm_scores``), then tiers per partition.

A round trip is one batch of tasks sent to the workers and its results
gathered by the client.
"""
import copy
import math
import pickle
import time
from ctypes import c_double

from ._lib import (DomainError, EmptyInput, InvalidArgument, InvalidType, Result, describe,
                   params_array)
from .btyd import _BTYD, BGBB, GammaGamma, chunk_hessian, clv as _clv, spend_chunk_log_likelihood
from .retention import SBG, KaplanMeier, LogisticChurn, cohort_table as _cohort_table, logistic_chunk_score
from .segmentation import (VALUE_TIERS, KMeans, _km_set_centers, kmeans_chunk_step, rfm_scores as _rfm_scores,
                           value_tiers as _value_tiers)
from .transactions import summary_data_from_transaction_data as _summary

try:
    import dask
    import dask.dataframe as dd
    import distributed
    import numpy as np
    import pandas as pd
except ImportError as e:  # pragma: no cover - the message is the point
    raise ImportError("csat.dask needs dask, distributed, numpy and pandas (Debian: apt-get install "
                      "python3-dask python3-distributed; pip: pip install 'dask[distributed]')") from e

__all__ = ["fit", "p_alive", "expected_purchases", "expected_spend", "clv",
           "summary_data_from_transaction_data", "kaplan_meier", "kmeans", "logistic", "rfm_scores",
           "sbg", "cohort_table", "value_tiers"]

_MAX_STEP = 2.0  # in log-parameters, as the single-machine fit


def _client(client):
    if client is None:
        try:
            return distributed.default_client()
        except ValueError:
            raise InvalidArgument("csat.dask: no client given and no default distributed.Client "
                                  "running (start one: distributed.Client(...))") from None
    if not isinstance(client, distributed.Client):
        raise InvalidType(f"client must be a distributed.Client or None, not {describe(client)}")
    return client


def _frame(ddf, name="ddf"):
    if not isinstance(ddf, dd.DataFrame):
        raise InvalidType(f"{name} must be a dask DataFrame, not {describe(ddf)}")
    return ddf


def _need(ddf, cols):
    missing = [c for c in cols if c is not None and c not in ddf.columns]
    if missing:
        raise InvalidArgument(f"ddf has no column {missing[0]!r} (columns: {list(ddf.columns)})")


# ---- the worker side ------------------------------------------------------------------

def _arrays(pdf, cols):
    """A partition's columns as contiguous float arrays (None for an absent column)."""
    return tuple(None if c is None else np.ascontiguousarray(pdf[c].to_numpy(dtype=float)) for c in cols)


def _part_info(arrays, spend):
    """(rows, customers, None): customers is the weights' sum (Gamma-Gamma: of the
    repeat buyers). Every info function returns (rows, customers, extra)."""
    w = arrays[-1]
    if spend:
        return len(arrays[0]), float(np.sum((arrays[0] >= 1) * (1.0 if w is None else w))), None
    return len(arrays[0]), float(len(arrays[0]) if w is None else np.sum(w)), None


def _btyd_part(model_class, p, arrays):
    f, r, t, w = arrays
    return chunk_hessian(model_class, p, f, r, t, w)


def _spend_part(p, arrays):
    x, z, w = arrays
    return spend_chunk_log_likelihood(p, x, z, w)


def _local_fit(model, arrays):
    """Parameters of a fit on one partition (the start), or None."""
    try:
        if isinstance(model, GammaGamma):
            model.fit(arrays[0], arrays[1], arrays[2])
        else:
            model.fit(*arrays)
        return list(model.params_.values())
    except Exception:  # noqa: BLE001 -- any failure: the default start instead
        return None


# ---- the driver -----------------------------------------------------------------------

class _Cluster:
    """The persisted partitions of one analysis and the round trips spent on them."""

    def __init__(self, client, ddf, cols, spend=False, convert=_arrays, info=_part_info):
        self.client = client
        self.trips = 0
        # payload bytes between the driver and the workers: the pickled arguments sent
        # with map's tasks and the pickled results gathered (the rows never travel)
        self.bytes_out = self.bytes_in = 0
        self.seconds = []  # wall time of each round trip, submission to gathered results
        self._t0 = time.perf_counter()
        futs = client.compute([dask.delayed(convert)(part, cols) for part in ddf.to_delayed()])
        info = self.gather([client.submit(info, f, spend) for f in futs])
        self.parts = [f for f, (n, _, _) in zip(futs, info) if n > 0]
        self.sizes = [n for n, _, _ in info if n > 0]
        self.customers = math.fsum(c for _, c, _ in info)
        self.info = [e for n, _, e in info if n > 0]
        if not self.parts:
            raise InvalidArgument("ddf has no rows")

    def gather(self, futures):
        """The results of futures submitted since self._t0 (set by submit, or the last gather)."""
        self.trips += 1
        out = self.client.gather(futures)
        self.bytes_in += sum(len(pickle.dumps(r, pickle.HIGHEST_PROTOCOL)) for r in out)
        now = time.perf_counter()
        self.seconds.append(now - self._t0)
        self._t0 = now
        return out

    def map(self, fn, *args):
        """fn(*args, part) on every partition where it lives: one round trip."""
        self.bytes_out += len(self.parts) * len(pickle.dumps(args, pickle.HIGHEST_PROTOCOL))
        self._t0 = time.perf_counter()
        return self.gather([self.client.submit(fn, *args, part, pure=False) for part in self.parts])


def _sums(results, k):
    ll = math.fsum(r[0] for r in results)
    g = np.array([math.fsum(r[1][i] for r in results) for i in range(k)])
    h = np.array([[math.fsum(r[2][i][j] for r in results) for j in range(k)] for i in range(k)])
    return ll, g, h


def _newton(evaluate, theta, l2, max_trips, cluster):
    """Minimise -LL + l2 |theta|^2 over theta = log(params) by damped Newton on the
    chunk sums. Returns (theta, ll, H_theta, iterations, max |gradient|)."""
    k = len(theta)

    def objective(th):
        p = np.exp(th)
        ll, g, h = _sums(evaluate(list(p)), k)
        grad = -g * p + 2.0 * l2 * th
        hess = -h * np.outer(p, p) - np.diag(g * p) + 2.0 * l2 * np.eye(k)
        return -ll + l2 * float(th @ th), ll, grad, hess

    f, ll, grad, hess = objective(theta)
    iterations = small_steps = 0
    while True:
        iterations += 1
        shift = 0.0
        while True:
            try:
                np.linalg.cholesky(hess + shift * np.eye(k))
                break
            except np.linalg.LinAlgError:
                shift = max(1e-8 * float(np.max(np.abs(np.diag(hess)))), 1e-12) if shift == 0 else 10 * shift
        d = np.linalg.solve(hess + shift * np.eye(k), -grad)
        big = float(np.max(np.abs(d)))
        if big > _MAX_STEP:
            d *= _MAX_STEP / big
        size = float(np.max(np.abs(d)))
        if shift == 0.0 and (size <= 1e-8 or (size <= 1e-6 and small_steps >= 2)):
            # quadratic convergence: the step's own error is ~|d|^2; or two
            # steps at the rounding floor of the gradient sums already taken
            return theta + d, ll, hess, iterations, float(np.max(np.abs(grad)))
        if shift == 0.0 and size <= 1e-6:
            # below what the summed log-likelihood resolves (its rounding
            # is ~1e-16 |LL|): the local quadratic model decides, no line search
            small_steps += 1
            if cluster.trips >= max_trips:
                raise DomainError(f"csat.dask.fit: no convergence within {max_trips} round trips")
            f, ll, grad, hess = objective(theta + d)
            theta = theta + d
            continue
        small_steps = 0
        for _ in range(30):
            if cluster.trips >= max_trips:
                raise DomainError(f"csat.dask.fit: no convergence within {max_trips} round trips")
            try:
                fn, lln, gn, hn = objective(theta + d)
            except DomainError:
                fn = math.inf
            if math.isfinite(fn) and fn <= f + 1e-4 * float(grad @ d):
                break
            d *= 0.5
        else:
            raise DomainError("csat.dask.fit: the line search failed")
        theta, f, ll, grad, hess = theta + d, fn, lln, gn, hn


def fit(model, ddf, frequency="frequency", recency="recency", T="T", monetary_value="monetary_value",
        weights=None, *, client=None, max_round_trips=50):
    """Fit a purchase or spend model on a dask DataFrame of customer summaries.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD, BGBB or GammaGamma
        The model to fit (its hyperparameters, e.g. l2_penalty, apply); fitted in place.
    ddf : dask.dataframe.DataFrame
        One row per customer (or per group of identical customers, with weights).
    frequency, recency, T : str
        Column names (BGBB: recency is t_x and T the number of opportunities).
    monetary_value : str
        The mean-spend column (GammaGamma only).
    weights : str, optional
        A column of customers per row.
    client : distributed.Client, optional
        The cluster; None: the default client.
    max_round_trips : int, default 50
        Give up (DomainError) after this many round trips.

    Returns
    -------
    model
        The same model, fitted: params_, standard_errors_, log_likelihood_, aic_, bic_ and
        fit_report_ (with round_trips: batches of tasks sent to the workers; bytes_out and
        bytes_in: the pickled size of the parameters sent with the tasks and of the
        partial sums gathered, the partitions' sizes and the start included; trip_seconds:
        the wall time of each round trip, the first one including the partitions' loading).

    Raises
    ------
    InvalidType
        Not a supported model, not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, or bad values (the workers' message).
    DomainError
        No convergence within max_round_trips.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd, distributed  # doctest: +SKIP
    >>> with distributed.Client(processes=False) as c:  # doctest: +SKIP
    ...     m = csat.dask.fit(csat.BGNBD(), dd.from_pandas(summary, npartitions=4))
    """
    client = _client(client)
    _frame(ddf)
    spend = isinstance(model, GammaGamma)
    if not (spend or isinstance(model, _BTYD)):
        raise InvalidType("model must be csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD, csat.BGBB "
                          f"or csat.GammaGamma, not {describe(model)}")
    cols = [frequency, monetary_value, weights] if spend else [frequency, recency, T, weights]
    _need(ddf, cols)
    cluster = _Cluster(client, ddf, cols, spend)
    names = list(model._names)
    largest = cluster.parts[int(np.argmax(cluster.sizes))]
    starter = type(model)(**model.get_params())
    cluster.bytes_out += len(pickle.dumps(starter, pickle.HIGHEST_PROTOCOL))
    cluster._t0 = time.perf_counter()
    start = cluster.gather([client.submit(_local_fit, starter, largest, pure=False)])[0]
    if start is None:
        start = [1.0] * len(names)
    if spend:
        def evaluate(p):
            return cluster.map(_spend_part, p)
    else:
        cls = type(model)

        def evaluate(p):
            return cluster.map(_btyd_part, cls, p)
    hyper = model.get_params()
    theta, ll, hess, iterations, gmax = _newton(evaluate, np.log(np.array(start, dtype=float)),
                                                float(hyper.get("l2_penalty", 0.0)),
                                                int(max_round_trips), cluster)
    params = np.exp(theta)
    n_obs = cluster.customers
    try:
        cov = np.linalg.inv(hess)
        se = params * np.sqrt(np.diag(cov))
        se_d = dict(zip(names, (float(v) for v in se))) if np.all(np.isfinite(se)) else None
    except np.linalg.LinAlgError:
        se_d = None
    k = len(names)
    with model._use() as ptr:
        model._set_c(ptr, params_array([float(v) for v in params], names, "params"), "csat.dask.fit")
        model._restored = {
            "standard_errors": se_d if hyper.get("with_standard_errors", True) else None,
            "lls": (ll, 2.0 * k - 2.0 * ll, k * math.log(n_obs) - 2.0 * ll),
            "fit_report": Result(iterations=iterations, evaluations=cluster.trips, log_likelihood=ll,
                                 grad_norm=gmax, converged=True, round_trips=cluster.trips,
                                 bytes_out=cluster.bytes_out, bytes_in=cluster.bytes_in,
                                 trip_seconds=list(cluster.seconds),
                                 # one stage on all the data, every partition (issue 18)
                                 stages=[{"rows": int(round(n_obs)), "iterations": iterations,
                                          "evaluations": cluster.trips, "log_likelihood": ll,
                                          "grad_norm": gmax, "converged": True}]),
        }
    return model


# ---- per-partition predictions --------------------------------------------------------

def _predict(ddf, name, fn, *args):
    _frame(ddf)
    return ddf.map_partitions(_or_empty, name, fn, *args, meta=pd.Series(dtype=float, name=name))


def _or_empty(pdf, name, fn, *args):
    """fn on a partition; an empty partition gives an empty Series (libcsat refuses n = 0)."""
    if len(pdf) == 0:
        return pd.Series(dtype=float, name=name, index=pdf.index)
    return fn(pdf, *args)


def _p_alive_part(pdf, model, f, r, t):
    return pd.Series(model.p_alive(pdf[f], pdf[r], pdf[t]), index=pdf.index, name="p_alive", dtype=float)


def _expected_part(pdf, model, horizon, f, r, t):
    return pd.Series(model.expected_purchases(horizon, pdf[f], pdf[r], pdf[t]), index=pdf.index,
                     name="expected_purchases", dtype=float)


def _spend_pred_part(pdf, model, f, z):
    return pd.Series(model.expected_spend(pdf[f], pdf[z]), index=pdf.index, name="expected_spend",
                     dtype=float)


def _clv_part(pdf, purchase, spend, f, r, t, z, kw):
    out = _clv(purchase, spend, pdf[f], pdf[r], pdf[t], pdf[z], **kw).clv
    return pd.Series(out, index=pdf.index, name="clv", dtype=float)


def p_alive(model, ddf, frequency="frequency", recency="recency", T="T"):
    """P(alive) per customer of a dask DataFrame (model.p_alive per partition).

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A fitted (or set) purchase model.
    ddf : dask.dataframe.DataFrame
        Customer summaries.
    frequency, recency, T : str
        Column names.

    Returns
    -------
    dask.dataframe.Series
        "p_alive", with ddf's index (lazy: compute() or persist() it).

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame.
    InvalidArgument
        A missing column.
    """
    _need(_frame(ddf), [frequency, recency, T])
    return _predict(ddf, "p_alive", _p_alive_part, model, frequency, recency, T)


def expected_purchases(model, ddf, t, frequency="frequency", recency="recency", T="T"):
    """Expected purchases in the next t per customer of a dask DataFrame.

    Parameters
    ----------
    model : BGNBD, ParetoNBD, ModifiedBGNBD or BGBB
        A fitted (or set) purchase model.
    ddf : dask.dataframe.DataFrame
        Customer summaries.
    t : float
        The horizon, in the model's time unit.
    frequency, recency, T : str
        Column names.

    Returns
    -------
    dask.dataframe.Series
        "expected_purchases", with ddf's index.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame.
    InvalidArgument
        A missing column.
    """
    _need(_frame(ddf), [frequency, recency, T])
    return _predict(ddf, "expected_purchases", _expected_part, model, t, frequency, recency, T)


def expected_spend(model, ddf, frequency="frequency", monetary_value="monetary_value"):
    """Expected mean spend per customer of a dask DataFrame (GammaGamma.expected_spend).

    Parameters
    ----------
    model : GammaGamma
        A fitted (or set) spend model.
    ddf : dask.dataframe.DataFrame
        Customer summaries.
    frequency, monetary_value : str
        Column names.

    Returns
    -------
    dask.dataframe.Series
        "expected_spend", with ddf's index.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame.
    InvalidArgument
        A missing column.
    """
    _need(_frame(ddf), [frequency, monetary_value])
    return _predict(ddf, "expected_spend", _spend_pred_part, model, frequency, monetary_value)


def clv(purchase_model, spend_model, ddf, frequency="frequency", recency="recency", T="T",
        monetary_value="monetary_value", **options):
    """Discounted CLV per customer of a dask DataFrame (csat.clv per partition).

    Parameters
    ----------
    purchase_model : BGNBD, ParetoNBD or ModifiedBGNBD
        A fitted (or set) purchase model.
    spend_model : GammaGamma
        A fitted (or set) spend model.
    ddf : dask.dataframe.DataFrame
        Customer summaries.
    frequency, recency, T, monetary_value : str
        Column names.
    **options
        n_steps, step, discount_rate: as for csat.clv.

    Returns
    -------
    dask.dataframe.Series
        "clv", with ddf's index (customer equity: its sum()).

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame.
    InvalidArgument
        A missing column.
    """
    _need(_frame(ddf), [frequency, recency, T, monetary_value])
    return _predict(ddf, "clv", _clv_part, purchase_model, spend_model, frequency, recency, T,
                    monetary_value, options)


# ---- customer summaries ---------------------------------------------------------------

def _summary_part(pdf, kw, columns, index_name):
    if len(pdf) == 0:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in columns},
                            index=pd.Index([], name=index_name, dtype=pdf[index_name].dtype))
    return _summary(pdf, **kw)


def summary_data_from_transaction_data(ddf, customer_id_col, datetime_col, monetary_value_col=None,
                                       datetime_format=None, observation_period_end=None, freq="D",
                                       freq_multiplier=1, include_first_transaction=False, *,
                                       partitioned_by_customer=False):
    """lifetimes' summary of transactions, on a dask DataFrame of transactions.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per transaction.
    customer_id_col, datetime_col, monetary_value_col, datetime_format, observation_period_end, freq, freq_multiplier, include_first_transaction
        As for csat.summary_data_from_transaction_data. observation_period_end=None
        takes the latest transaction of the whole data (one pass).
    partitioned_by_customer : bool, default False
        True: every customer's transactions are within one partition already (no
        shuffle). The result is wrong if they are not.

    Returns
    -------
    dask.dataframe.DataFrame
        Indexed by customer id, with the single-machine function's columns and values.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame.
    InvalidArgument
        A missing column, or what the single-machine function raises for a partition.
    """
    _need(_frame(ddf), [customer_id_col, datetime_col, monetary_value_col])
    if observation_period_end is None:
        col = ddf[datetime_col]
        if pd.api.types.is_numeric_dtype(col.dtype):
            observation_period_end = col.max().compute()
        else:
            observation_period_end = dd.to_datetime(col, format=datetime_format).max().compute()
    if not partitioned_by_customer:
        ddf = ddf.shuffle(on=customer_id_col)
    kw = dict(customer_id_col=customer_id_col, datetime_col=datetime_col,
              monetary_value_col=monetary_value_col, datetime_format=datetime_format,
              observation_period_end=observation_period_end, freq=freq,
              freq_multiplier=freq_multiplier, include_first_transaction=include_first_transaction)
    columns = ["frequency", "recency", "T"] + (["monetary_value"] if monetary_value_col else [])
    meta = _summary_part(ddf._meta, kw, columns, customer_id_col)
    return ddf.map_partitions(_summary_part, kw, columns, customer_id_col, meta=meta)


# ---- Kaplan-Meier ---------------------------------------------------------------------

def _km_part(arrays):
    t, e, w = arrays
    km = KaplanMeier().fit(t, e, w)
    return (np.asarray(km.time_), np.asarray(km.n_event_), np.asarray(km.n_censor_))


def kaplan_meier(ddf, duration_col, event_col, weights_col=None, *, client=None):
    """Kaplan-Meier curve of durations in a dask DataFrame (merged per-partition counts).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per subject.
    duration_col, event_col : str
        Durations (>= 0) and event flags (1 = left, 0 = censored).
    weights_col : str, optional
        Case weights.
    client : distributed.Client, optional
        The cluster; None: the default client.

    Returns
    -------
    KaplanMeier
        Fitted on the merged table of events and censorings: the curve of the whole
        data (bit for bit with integer weights).

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, or bad values.
    """
    client = _client(client)
    _need(_frame(ddf), [duration_col, event_col, weights_col])
    cluster = _Cluster(client, ddf, [duration_col, event_col, weights_col])
    tables = cluster.gather([client.submit(_km_part, part, pure=False) for part in cluster.parts])
    t = np.concatenate([np.concatenate([tt, tt]) for tt, _, _ in tables])
    e = np.concatenate([np.concatenate([np.ones(len(tt)), np.zeros(len(tt))]) for tt, _, _ in tables])
    w = np.concatenate([np.concatenate([de, dc]) for _, de, dc in tables])
    keep = w > 0
    return KaplanMeier().fit(t[keep], e[keep], w[keep])


# ---- k-means --------------------------------------------------------------------------

def _matrix(pdf, cols):
    return np.ascontiguousarray(pdf[list(cols)].to_numpy(dtype=float))


def _matrix_info(x, _spend):
    """(rows, rows, (column sums, column sums of squares)): the mean feature variance."""
    return len(x), float(len(x)), (x.sum(axis=0), (x * x).sum(axis=0))


def _sample(x, size, seed):
    if len(x) <= size:
        return x
    return x[np.random.default_rng(seed).choice(len(x), size, replace=False)]


def _step(centers, x):
    r = kmeans_chunk_step(x, centers)
    return np.asarray(r.sums), np.asarray(r.counts), r.inertia


def _labels_part(pdf, model, cols):
    if len(pdf) == 0:
        return pd.Series(dtype="int32", name="label", index=pdf.index)
    return pd.Series(np.asarray(model.predict(pdf[list(cols)].to_numpy(dtype=float)), dtype="int32"),
                     index=pdf.index, name="label")


def kmeans(ddf, columns, k, *, init=None, max_iter=300, tol=1e-4, seed=0, sample_size=10000,
           client=None):
    """k-means (Lloyd) on the rows of a dask DataFrame, one round trip an iteration.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The rows.
    columns : list of str
        The feature columns (finite values).
    k : int
        Clusters.
    init : matrix of float, optional
        k x d starting centres. None: csat.KMeans (k-means++) on a random sample of
        sample_size rows, drawn per partition in proportion to its size with seed.
    max_iter : int, default 300
        Lloyd iterations at most.
    tol : float, default 1e-4
        Stop when the squared centre movement summed over centres is <= tol times
        the mean feature variance (as csat.KMeans), or when no centre moves.
    seed : int, default 0
        Seed of the sample and of its k-means++.
    sample_size : int, default 10000
        Rows of the sample for the start.
    client : distributed.Client, optional
        The cluster; None: the default client.

    Returns
    -------
    KMeans
        With cluster_centers_, inertia_, n_iter_, converged_, n_customers_ and
        labels_: a dask Series of int32 labels with ddf's index (lazy); predict() assigns
        new rows. From the same init and tol=0, the labels and centres of
        csat.KMeans(k, init=init, tol=0).fit on the whole data.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, a bad init, or bad values.
    """
    client = _client(client)
    _need(_frame(ddf), list(columns))
    cols = list(columns)
    d = len(cols)
    k = int(k)
    cluster = _Cluster(client, ddf, cols, convert=_matrix, info=_matrix_info)
    n = sum(cluster.sizes)
    if k < 1 or k > n:
        raise InvalidArgument(f"k = {k} must be in 1..{n} (the rows)")
    s1 = sum(i[0] for i in cluster.info)
    s2 = sum(i[1] for i in cluster.info)
    mean_var = float(np.mean(np.maximum(s2 / n - (s1 / n) ** 2, 0.0)))
    if init is None:
        sizes = np.array(cluster.sizes, dtype=float)
        want = np.maximum(1, np.round(sizes / sizes.sum() * min(sample_size, n))).astype(int)
        parts = cluster.gather([client.submit(_sample, p, int(m), seed + i, pure=False)
                                for i, (p, m) in enumerate(zip(cluster.parts, want))])
        sample = np.concatenate(parts)
        centers = np.asarray(KMeans(k, seed=seed).fit(sample).cluster_centers_, dtype=float)
    else:
        centers = np.array(init, dtype=float)
        if centers.shape != (k, d) or not np.all(np.isfinite(centers)):
            raise InvalidArgument(f"init must be k x d = {k} x {d} finite centres")
    converged = False
    it = 0
    inertia = math.nan
    while it < max_iter:
        it += 1
        res = cluster.map(_step, centers)
        sums = sum(r[0] for r in res)
        counts = sum(r[1] for r in res)
        inertia = math.fsum(r[2] for r in res)
        new = centers.copy()
        full = counts > 0
        new[full] = sums[full] / counts[full][:, None]
        shift = float(np.sum((new - centers) ** 2))
        moved = not np.array_equal(new, centers)
        centers = new
        if not moved or shift <= tol * mean_var:
            converged = True
            break
    model = KMeans(k, seed=seed, max_iter=max_iter, tol=tol)
    buf = (c_double * (k * d))(*np.ascontiguousarray(centers).ravel().tolist())
    with model._use() as ptr:
        model._check(_km_set_centers(ptr, buf, k, d, None), "csat.dask.kmeans")
    model.cluster_centers_ = centers
    model.inertia_ = inertia
    model.n_iter_ = it
    model.converged_ = converged
    model.n_features_in_, model.n_customers_ = d, float(n)
    model.round_trips_ = cluster.trips
    predictor = copy.copy(model)  # without labels_, which would hold the graph that holds it
    model.labels_ = ddf.map_partitions(_labels_part, predictor, cols,
                                       meta=pd.Series(dtype="int32", name="label"))
    return model


# ---- logistic churn -------------------------------------------------------------------

def _xy(pdf, cols):
    features, target, weights = (tuple(cols) + (None,))[:3]
    return (np.ascontiguousarray(pdf[list(features)].to_numpy(dtype=float)),
            np.ascontiguousarray(pdf[target].to_numpy(dtype=float)),
            None if weights is None else np.ascontiguousarray(pdf[weights].to_numpy(dtype=float)))


def _xy_info(xy, _spend):
    if xy[2] is None:
        return len(xy[1]), float(len(xy[1])), None
    return int(np.count_nonzero(xy[2] > 0)), float(len(xy[1])), None


def _score(coef, icpt, xy):
    return logistic_chunk_score(xy[0], xy[1], coef, fit_intercept=bool(icpt), sample_weight=xy[2])


def logistic(ddf, features, target, *, l2=0.0, fit_intercept=True, max_iter=50, tol=1e-12, client=None,
             weights_col=None):
    """Logistic churn model on a dask DataFrame: Newton on the merged scores, one round trip a step.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per customer.
    features : list of str
        The predictor columns (finite).
    target : str
        The outcome column, 0 or 1.
    l2 : float, default 0.0
        Ridge penalty (l2/2) sum b_j^2 on the slopes, as csat.LogisticChurn.
    fit_intercept : bool, default True
        Add an intercept.
    max_iter : int, default 50
        Newton steps at most.
    tol : float, default 1e-12
        Stop when the Newton decrement <= tol (|LL| + 1), as csat.LogisticChurn.
    client : distributed.Client, optional
        The cluster; None: the default client.
    weights_col : str, optional
        A column of case weights (finite, >= 0), as LogisticChurn.fit's sample_weight:
        each partition's score is the weighted one (csat_logistic_chunk_score_weighted).

    Returns
    -------
    LogisticChurn
        Fitted: coef_, standard_errors_, log_likelihood_, aic_, bic_, n_customers_ (rows
        of positive weight) and round_trips_; predict and predict_proba as after
        LogisticChurn.fit.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, or bad values.
    DomainError
        No convergence within max_iter (e.g. separable data without l2).
    """
    client = _client(client)
    feats = list(features)
    _need(_frame(ddf), feats + [target] + ([] if weights_col is None else [weights_col]))
    cols = (feats, target) if weights_col is None else (feats, target, weights_col)
    cluster = _Cluster(client, ddf, cols, convert=_xy, info=_xy_info)
    n = sum(cluster.sizes)
    icpt = 1 if fit_intercept else 0
    p = len(feats) + icpt
    pen = np.full(p, float(l2))
    if icpt:
        pen[0] = 0.0
    b = np.zeros(p)
    for it in range(1, int(max_iter) + 1):
        res = cluster.map(_score, list(b), icpt)
        ll = math.fsum(r[0] for r in res)
        score = np.sum([np.asarray(r[1]) for r in res], axis=0) - pen * b
        info = np.sum([np.asarray(r[2]) for r in res], axis=0) + np.diag(pen)
        d = np.linalg.solve(info, score)
        b = b + d
        if float(score @ d) <= tol * (abs(ll) + 1.0):
            break
    else:
        raise DomainError(f"csat.dask.logistic: no convergence in {max_iter} Newton steps")
    # the statistics at the final coefficients
    res = cluster.map(_score, list(b), icpt)
    ll = math.fsum(r[0] for r in res)
    info = np.sum([np.asarray(r[2]) for r in res], axis=0) + np.diag(pen)
    se = np.sqrt(np.diag(np.linalg.inv(info)))
    model = LogisticChurn(l2=l2, fit_intercept=fit_intercept, max_iter=max_iter, tol=tol)
    with model._use():
        model._set_coef(list(b), list(se), len(feats), ll)
    model.n_features_in_ = model._k = len(feats)
    model.n_customers_ = float(n)
    model.log_likelihood_, model.aic_ = ll, -2.0 * ll + 2.0 * p
    model.bic_ = p * math.log(n) - 2.0 * ll
    gnorm = float(np.max(np.abs(score)))
    model.fit_report_ = Result(iterations=it, evaluations=cluster.trips, log_likelihood=ll,
                               grad_norm=gnorm, converged=True, round_trips=cluster.trips,
                               stages=[{"rows": int(n), "iterations": it, "evaluations": cluster.trips,
                                        "log_likelihood": ll, "grad_norm": gnorm,
                                        "converged": True}])  # one stage (issue 18)
    model.round_trips_ = cluster.trips
    return model


# ---- RFM scores -----------------------------------------------------------------------

def _distinct(arrays):
    """Each column's distinct values and their counts (the mergeable form of its order)."""
    return [np.unique(a, return_counts=True) for a in arrays]


def _merge_counts(parts):
    values = np.concatenate([v for v, _ in parts])
    counts = np.concatenate([c for _, c in parts])
    u, inv = np.unique(values, return_inverse=True)
    return u, np.bincount(inv, weights=counts)


def _worst_cuts(values, counts, bins, n, larger_better):
    """t_j, the ceil(j n / bins)-th worst value, j = 1..bins-1 (csat_rfm_scores' breaks)."""
    if not larger_better:
        values, counts = values[::-1], counts[::-1]
    cum = np.cumsum(counts)
    ranks = [-(-j * n // bins) for j in range(1, bins)]
    return values[np.searchsorted(cum, ranks, side="left")]


def _rfm_score(x, cuts, larger_better):
    """1 + #{j : x better than t_j}."""
    if larger_better:
        return 1 + np.searchsorted(np.sort(cuts), x, side="left")
    return 1 + (len(cuts) - np.searchsorted(np.sort(cuts), x, side="right"))


def _rfm_part(pdf, cols, cuts):
    if len(pdf) == 0:
        return pd.DataFrame({k: pd.Series(dtype="int32") for k in ("r", "f", "m", "code", "total")},
                            index=pdf.index)
    r = _rfm_score(pdf[cols[0]].to_numpy(dtype=float), cuts[0], False).astype("int32")
    f = _rfm_score(pdf[cols[1]].to_numpy(dtype=float), cuts[1], True).astype("int32")
    m = _rfm_score(pdf[cols[2]].to_numpy(dtype=float), cuts[2], True).astype("int32")
    return pd.DataFrame({"r": r, "f": f, "m": m, "code": (100 * r + 10 * f + m).astype("int32"),
                         "total": (r + f + m).astype("int32")}, index=pdf.index)


def rfm_scores(ddf, recency="recency", frequency="frequency", monetary="monetary_value", bins=5, *,
               client=None):
    """RFM scores of the customers of a dask DataFrame, as csat.rfm_scores (binning "rank").

    The cut points are exact: each partition sends its columns' distinct values with their
    counts (small for whole-number or rounded data; as many as the rows when every value
    differs), the client merges them and finds the rank quantiles, and each partition is
    scored where it lives. Scores equal csat.rfm_scores on the whole data.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per customer.
    recency, frequency, monetary : str
        Column names (finite, >= 0; recency reversed: the most recent score highest).
    bins : int, default 5
        Score levels, 2..9.
    client : distributed.Client, optional
        The cluster; None: the default client.

    Returns
    -------
    tuple of (dask.dataframe.DataFrame, Result)
        The scores r, f, m, code and total (int32) with ddf's index, and the breaks
        (recency, frequency, monetary: bins - 1 values each, as csat.rfm_scores reports).

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, bins out of range, or bad values.
    """
    client = _client(client)
    cols = [recency, frequency, monetary]
    _need(_frame(ddf), cols)
    bins = int(bins)
    if not 2 <= bins <= 9:
        raise InvalidArgument(f"bins = {bins} must be in 2..9")
    cluster = _Cluster(client, ddf, cols)
    _check_columns(cluster, ("recency", "frequency", "monetary"))
    parts = cluster.gather([client.submit(_distinct, p, pure=False) for p in cluster.parts])
    n = sum(cluster.sizes)
    cuts = []
    for i, better in enumerate((False, True, True)):
        values, counts = _merge_counts([p[i] for p in parts])
        cuts.append(_worst_cuts(values, counts, bins, n, better))
    meta = _rfm_part(ddf._meta, cols, cuts)
    scores = ddf.map_partitions(_rfm_part, cols, cuts, meta=meta)
    return scores, Result(recency=cuts[0], frequency=cuts[1], monetary=cuts[2])


def _check_nonneg(names, arrays):
    """The message for the first column (None: skipped) with a value not finite and >= 0,
    or None."""
    for name, a in zip(names, arrays):
        bad = None if a is None else ~(np.isfinite(a) & (a >= 0))
        if bad is not None and bad.any():
            return f"{name}: a value is not finite and >= 0 ({a[np.argmax(bad)]!r})"
    return None


def _check_columns(cluster, names):
    """Raise InvalidArgument for a value not finite and >= 0 in any partition (one round trip)."""
    client = cluster.client
    for msg in cluster.gather([client.submit(_check_nonneg, names, p, pure=False) for p in cluster.parts]):
        if msg is not None:
            raise InvalidArgument(msg)


# ---- sBG ------------------------------------------------------------------------------

def _sbg_part(arrays):
    """A partition's customers per (duration, churned) pair: (durations, flags, counts), or
    the message of a bad weight (a negative weight could hide in a group's sum)."""
    d, c, w = arrays
    msg = _check_nonneg(("weights",), (w,))
    if msg is not None:
        return msg
    pairs, inv = np.unique(np.column_stack([d, c]), axis=0, return_inverse=True)
    counts = np.bincount(inv.ravel(), weights=w, minlength=len(pairs))
    return pairs[:, 0].copy(), pairs[:, 1].copy(), counts


def sbg(ddf, duration_col, churned_col, weights_col=None, *, client=None):
    """sBG retention model fitted to the customers of a dask DataFrame (merged per-partition counts).

    Each partition counts its customers per (duration, churned) pair where it lives; the
    client adds the counts and fits them with SBG.fit_durations(..., weights=counts)
    (csat_sbg_fit_duration_counts). One round trip besides the partitions' sizes. With
    integer counts the fit is bit for bit that of SBG.fit_durations on the whole data.
    Rows may be in any partition (a customer is one row; groups of customers given as
    weighted rows may be split over partitions: their counts are added).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per customer (or per group of customers, with weights_col).
    duration_col : str
        Whole periods each customer stayed (1 .. 1e7).
    churned_col : str
        1 = left in that period, 0 = still active after it (censored).
    weights_col : str, optional
        Customers per row (finite, >= 0).
    client : distributed.Client, optional
        The cluster; None: the default client.

    Returns
    -------
    SBG
        Fitted (params_, standard_errors_, log_likelihood_, n_customers_); round_trips_
        counts the round trips.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, or bad values.
    EmptyInput
        Every weight is 0.
    DomainError, NoConvergence
        As for SBG.fit_durations.
    """
    client = _client(client)
    _need(_frame(ddf), [duration_col, churned_col, weights_col])
    cluster = _Cluster(client, ddf, [duration_col, churned_col, weights_col])
    tables = cluster.gather([client.submit(_sbg_part, p, pure=False) for p in cluster.parts])
    for t in tables:
        if isinstance(t, str):
            raise InvalidArgument(t)
    d = np.concatenate([t[0] for t in tables])
    c = np.concatenate([t[1] for t in tables])
    w = np.concatenate([t[2] for t in tables])
    pairs, inv = np.unique(np.column_stack([d, c]), axis=0, return_inverse=True)
    counts = np.zeros(len(pairs))
    np.add.at(counts, inv.ravel(), w)
    model = SBG().fit_durations(pairs[:, 0].copy(), pairs[:, 1].copy(), weights=counts)
    model.round_trips_ = cluster.trips
    return model


# ---- cohort tables --------------------------------------------------------------------

def _cohort_part(pdf, id_col, time_col, amount_col, period, origin, n_offsets):
    if len(pdf) == 0:
        return None
    r = _cohort_table(pdf[id_col].to_numpy(), pdf[time_col].to_numpy(dtype=float),
                      None if amount_col is None else pdf[amount_col].to_numpy(dtype=float),
                      period=period, origin=origin, n_offsets=n_offsets)
    return (np.asarray(r.cohort_start), np.asarray(r.cohort_size), np.asarray(r.active),
            np.asarray(r.revenue))


def _padded(m, rows, cols):
    out = np.zeros((rows, cols))
    out[:m.shape[0], :m.shape[1]] = m
    return out


def cohort_table(ddf, customer_id_col, time_col, amount_col=None, period=1.0, origin=None,
                 n_offsets=None, *, partitioned_by_customer=False, client=None):
    """Acquisition-cohort table of the transactions of a dask DataFrame, as csat.cohort_table.

    A customer's cohort is the period of their first transaction, so every customer's
    transactions must be within one partition: the transactions are shuffled by customer
    id first, unless partitioned_by_customer=True says they are (the result is wrong if
    they are not). The period grid is fixed for the whole data before the partitions are
    tabulated (origin=None: the earliest transaction, one pass); then each partition's
    cohort sizes, active counts and revenue per cohort x offset are added. Sizes and
    active counts equal the single-machine table's; revenue, and revenue_retention, to
    the rounding of the reordered sums (about 1e-15 relative).

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per transaction.
    customer_id_col : str
        Customer ids (integers >= 0).
    time_col : str
        Transaction times (numbers, finite, >= 0).
    amount_col : str, optional
        Amounts (finite, >= 0); None = 0.
    period : float, default 1.0
        Length of a period in time units (> 0).
    origin : float, optional
        Start of the period grid (not after any transaction); None = the earliest one.
    n_offsets : int, optional
        Periods since acquisition to tabulate; None = all.
    partitioned_by_customer : bool, default False
        True: every customer's transactions are within one partition already (no shuffle).
    client : distributed.Client, optional
        The cluster; None: the default client.

    Returns
    -------
    Result
        cohort_start, cohort_size, active, revenue, retention and revenue_retention, as
        csat.cohort_table.

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing or non-numeric time column, bad values, a bad period or origin.
    EmptyInput
        No transactions.
    DomainError
        A revenue sum beyond the double range.
    """
    client = _client(client)
    _need(_frame(ddf), [customer_id_col, time_col, amount_col])
    if not pd.api.types.is_numeric_dtype(ddf[time_col].dtype):
        raise InvalidArgument(f"{time_col!r} must hold numbers (times), not {ddf[time_col].dtype}: "
                              "convert dates to numbers first")
    if origin is None:
        origin = client.compute(ddf[time_col].min()).result()
        if origin is None or not np.isfinite(origin):
            raise EmptyInput("cohort_table: no transactions")
    if not partitioned_by_customer:
        ddf = ddf.shuffle(on=customer_id_col)
    parts = client.gather(client.compute([dask.delayed(_cohort_part)(p, customer_id_col, time_col, amount_col,
                                                                     period, float(origin), n_offsets)
                                          for p in ddf.to_delayed()]))
    parts = [p for p in parts if p is not None]
    if not parts:
        raise EmptyInput("cohort_table: no transactions")
    k = max(len(p[0]) for p in parts)
    m = n_offsets if n_offsets is not None else k
    start = max(parts, key=lambda p: len(p[0]))[0]
    size = sum(_padded(p[1][None, :], 1, k)[0] for p in parts)
    active = sum(_padded(p[2], k, m) for p in parts)
    revenue = np.zeros((k, m))
    for p in sorted(parts, key=lambda p: len(p[0])):
        revenue += _padded(p[3], k, m)
    if not np.all(np.isfinite(revenue)):
        raise DomainError("cohort_table: a revenue sum is beyond the double range")
    with np.errstate(divide="ignore", invalid="ignore"):
        retention = np.where(size[:, None] > 0, active / size[:, None], 0.0)
        first = revenue[:, :1]
        revenue_retention = np.where(first > 0, revenue / first, 0.0)
    if not np.all(np.isfinite(revenue_retention)):
        raise DomainError("cohort_table: a revenue ratio is beyond the double range")
    return Result(cohort_start=start, cohort_size=size, active=active, revenue=revenue,
                  retention=retention, revenue_retention=revenue_retention)


# ---- value tiers ----------------------------------------------------------------------

def _median7(values, counts):
    """The type-7 median from distinct values (ascending) and their counts: the order
    statistics at ranks floor and ceil of (n - 1) / 2, combined as csat_value_tiers."""
    n = int(round(float(counts.sum())))
    cum = np.cumsum(counts)
    idx = 0.5 * (n - 1)
    # the order statistic of 0-based rank r: the first value whose cumulative count exceeds r
    lo = values[np.searchsorted(cum, math.floor(idx), side="right")]
    hi = values[np.searchsorted(cum, math.ceil(idx), side="right")]
    h = idx - math.floor(idx)
    if h <= 0.0 or hi == lo:
        return float(lo)
    return float((1.0 - h) * lo + h * hi)


def _tier_part(pdf, cols, cuts, potential_high_amount):
    if len(pdf) == 0:
        return pd.DataFrame({"tier": pd.Series(dtype="int32"), "names": pd.Series(dtype=object)},
                            index=pdf.index)
    r = _value_tiers(pdf[cols[0]].to_numpy(dtype=float), pdf[cols[1]].to_numpy(dtype=float),
                     frequency_cut=cuts[0], amount_cut=cuts[1],
                     potential_high_amount=potential_high_amount)
    return pd.DataFrame({"tier": np.asarray(r.tier, dtype="int32"), "names": list(r.names)},
                        index=pdf.index)


def _tier_counts(cuts, potential_high_amount, arrays):
    f, a = arrays
    if len(f) == 0:
        return [0] * 4
    r = _value_tiers(f, a, frequency_cut=cuts[0], amount_cut=cuts[1],
                     potential_high_amount=potential_high_amount)
    return [r.counts[name] for name in VALUE_TIERS]


def value_tiers(ddf, frequency="frequency", amount="monetary_value", frequency_cut=None,
                amount_cut=None, potential_high_amount=True, *, client=None):
    """Value tier per customer of a dask DataFrame, as csat.value_tiers.

    The median cuts are exact, by the method of rfm_scores: each partition sends its
    columns' distinct values with their counts, the client merges them and takes the
    type-7 median (the mean of the two middle order statistics for an even count), as
    csat_value_tiers does; then each partition is tiered where it lives with those cuts.
    Tiers, cuts and counts equal csat.value_tiers on the whole data.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per customer.
    frequency, amount : str
        Column names (finite, >= 0).
    frequency_cut, amount_cut : float, optional
        The cuts ("high" is strictly above); None = the column's median.
    potential_high_amount : bool, default True
        Which mixed cell is "potential", as csat.value_tiers.
    client : distributed.Client, optional
        The cluster; None: the default client.

    Returns
    -------
    tuple of (dask.dataframe.DataFrame, Result)
        The tier (int32 index into VALUE_TIERS) and names with ddf's index (lazy), and
        cuts (frequency, amount) and counts (customers per tier).

    Raises
    ------
    InvalidType
        ddf is not a dask DataFrame, or a bad client.
    InvalidArgument
        A missing column, no rows, bad values or cuts.
    DomainError
        A median cut of a column whose values are all equal.
    """
    client = _client(client)
    cols = [frequency, amount]
    _need(_frame(ddf), cols)
    given = []
    for name, cut in (("frequency_cut", frequency_cut), ("amount_cut", amount_cut)):
        if cut is not None and not (isinstance(cut, (int, float)) and math.isfinite(cut)):
            raise InvalidArgument(f"{name} must be a finite number or None, not {cut!r}")
        given.append(None if cut is None else float(cut))
    cluster = _Cluster(client, ddf, cols)
    _check_columns(cluster, ("frequency", "amount"))
    cuts = list(given)
    if None in given:
        parts = cluster.gather([client.submit(_distinct, p, pure=False) for p in cluster.parts])
        for i, name in enumerate(cols):
            if given[i] is None:
                values, counts = _merge_counts([p[i] for p in parts])
                if len(values) == 1:
                    raise DomainError(f"value_tiers: every {name} is {values[0]!r}: a median cut "
                                      "would put every customer on one side")
                cuts[i] = _median7(values, counts)
    counts = np.sum(cluster.map(_tier_counts, cuts, bool(potential_high_amount)), axis=0)
    meta = _tier_part(ddf._meta, cols, cuts, bool(potential_high_amount))
    tiers = ddf.map_partitions(_tier_part, cols, cuts, bool(potential_high_amount), meta=meta)
    return tiers, Result(cuts=(cuts[0], cuts[1]),
                         counts={name: int(c) for name, c in zip(VALUE_TIERS, counts)})
