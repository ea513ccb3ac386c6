"""csat.plotting: segmentation and value."""
from ctypes import c_size_t

from . import segmentation as _seg
from . import value as _value
from ._lib import InvalidType, as_matrix, describe, handle_arg, integer
from ._plot_common import axes, floats, share_curve

__all__ = ["plot_rfm_segments", "plot_customer_pyramid", "plot_lorenz", "plot_elbow",
           "plot_silhouette", "plot_clusters", "plot_delivered_value", "plot_improvement"]


def plot_rfm_segments(recency, frequency, monetary, bins=5, table="r_v03", ax=None):
    """Customers per RFM segment (bars) and their total monetary value (markers, right axis).

    The scores are csat.rfm_scores(recency, frequency, monetary, bins), the segments
    csat.rfm_segments(r, f, m, table, bins); segments in the order of its counts.

    Parameters
    ----------
    recency, frequency, monetary : sequence of float
        As for csat.rfm_scores.
    bins : int, default 5
        Score range.
    table : str or list of rules, default "r_v03"
        As for csat.rfm_segments.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per segment (height = customers); the value markers are on ax's twin.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.rfm_scores and csat.rfm_segments.
    """
    s = _seg.rfm_scores(recency, frequency, monetary, bins=bins)
    seg = _seg.rfm_segments(s.r, s.f, s.m, table=table, bins=bins)
    order = list(seg.counts)
    value = dict.fromkeys(order, 0.0)
    for name, m in zip(seg.names, floats(monetary)):
        value[name] += m
    ax = axes(ax)
    ax.bar(order, [seg.counts[k] for k in order], label="customers")
    ax.set_ylabel("customers")
    ax.tick_params(axis="x", labelrotation=60)
    twin = ax.twinx()
    twin.plot(order, [value[k] for k in order], "o", color="tab:orange", label="monetary value")
    twin.set_ylabel("total monetary value")
    ax.set_title("RFM segments: size and value")
    return ax


def plot_customer_pyramid(profit, rule="rank", platinum=0.20, gold=0.50, lead_below=0.0,
                          ax=None):
    """The customer pyramid: customers per tier (csat.pyramid), platinum at the top, with the
    tier's total profit.

    Parameters
    ----------
    profit, rule, platinum, gold, lead_below
        As for csat.pyramid.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Four horizontal bars centred on 0 (width = customers in the tier), lead at the
        bottom.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.pyramid.
    """
    p = _seg.pyramid(profit, rule=rule, platinum=platinum, gold=gold, lead_below=lead_below)
    tiers = list(reversed(_seg.PYRAMID_TIERS))
    total = dict.fromkeys(tiers, 0.0)
    for name, v in zip(p.names, floats(profit)):
        total[name] += v
    counts = [p.counts[t] for t in tiers]
    ax = axes(ax)
    ax.barh(tiers, counts, left=[-c / 2 for c in counts],
            color=["#6d6d6d", "#a0a0a0", "#d4af37", "#b0c4de"])
    for i, (t, c) in enumerate(zip(tiers, counts)):
        ax.text(0, i, f"{t}: {c:g} customers, profit {total[t]:,.0f}", ha="center",
                va="center", fontsize=9)
    ax.set_yticks([])
    ax.set_xlabel("customers")
    ax.set_title("Customer pyramid")
    return ax


def plot_lorenz(value, a_cut=0.80, b_cut=0.95, top_fraction=0.20, ax=None):
    """ABC / Lorenz curve of customer value with the Gini coefficient (csat.abc).

    Parameters
    ----------
    value, a_cut, b_cut, top_fraction
        As for csat.abc.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "customers, best first" at x = i / n, y = csat.abc's curve; the diagonal
        and the class cuts; the Gini in the title.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.abc.
    """
    a = _seg.abc(value, a_cut=a_cut, b_cut=b_cut, top_fraction=top_fraction)
    ax = share_curve(axes(ax), a.curve, "customers, best first", "equal value")
    for cut, klass in ((a_cut, "A"), (b_cut, "B")):
        ax.axhline(cut, color="tab:red", linestyle="--", linewidth=0.8)
        ax.text(1.0, cut, f" {klass}: {a.counts[klass]} customers", va="bottom", ha="right",
                fontsize=8)
    ax.set_xlabel("share of customers")
    ax.set_ylabel("share of value")
    ax.set_title(f"ABC / Lorenz curve: Gini = {a.gini:.3f}")
    ax.legend(loc="lower right")
    return ax


def plot_elbow(X, k_min, k_max, seed=0, ax=None):
    """k-means inertia by k (csat.elbow), to choose k at the elbow.

    Parameters
    ----------
    X : matrix of float
        Observations, n x d.
    k_min, k_max : int
        The range of k.
    seed : int, default 0
        Seed of the k-means++ seeding.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "inertia" over k.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.elbow.
    """
    e = _seg.elbow(X, k_min, k_max, seed=seed)
    ks = sorted(e)
    ax = axes(ax)
    ax.plot(ks, [e[k] for k in ks], marker="o", label="inertia")
    ax.set_xticks(ks)
    ax.set_xlabel("k (clusters)")
    ax.set_ylabel("inertia (within-cluster sum of squares)")
    ax.set_title("k-means elbow")
    return ax


def plot_silhouette(X, k_min, k_max, seed=0, sample=0, ax=None):
    """Mean silhouette by k: csat.silhouette of csat.KMeans(k, seed).fit(X)'s labels.

    Parameters
    ----------
    X : matrix of float
        Observations, n x d.
    k_min, k_max : int
        The range of k (k = 1 is left out: no silhouette).
    seed : int, default 0
        Seed of the k-means++ seeding and of the sample.
    sample : int, default 0
        As for csat.silhouette (0 = every row).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The line "mean silhouette" over k.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.KMeans.fit and csat.silhouette; k_max < 2.
    """
    lo = max(2, integer(k_min, "k_min", ctype=c_size_t, lo=1))
    hi = integer(k_max, "k_max", ctype=c_size_t, lo=2)
    ks, values = list(range(lo, hi + 1)), []
    for k in ks:
        with _seg.KMeans(k, seed=seed) as km:
            km.fit(X)
            values.append(_seg.silhouette(X, km.labels_, k=k, sample=sample, seed=seed))
    ax = axes(ax)
    ax.plot(ks, values, marker="o", label="mean silhouette")
    ax.set_xticks(ks)
    ax.set_xlabel("k (clusters)")
    ax.set_ylabel("mean silhouette")
    ax.set_title("k-means silhouette")
    return ax


def plot_clusters(model, X, features=(0, 1), feature_names=None, ax=None):
    """2-D scatter of the rows of X coloured by their cluster (model.predict(X)), with the
    cluster centres.

    Parameters
    ----------
    model : KMeans
        A fitted k-means model.
    X : matrix of float
        Observations, n x d (d = the model's features).
    features : pair of int, default (0, 1)
        The two columns shown.
    feature_names : pair of str, optional
        Axis labels (default "feature i").
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One scatter per cluster ("cluster c") and one of the centres ("centres").

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput, Misuse
        As KMeans.predict; features out of range.
    """
    handle_arg(model, _seg.KMeans, "model")
    labels = [int(v) for v in model.predict(X)]
    col, n, d = as_matrix(X, "X", finite=True)
    flat = col.keep.ravel().tolist() if hasattr(col.keep, "ravel") else list(col.keep)
    rows = [flat[r * d:(r + 1) * d] for r in range(n)]
    if isinstance(features, (str, bytes)) or not hasattr(features, "__len__") or len(features) != 2:
        raise InvalidType(f"features must be a pair of column numbers, not {describe(features)}")
    i, j = (integer(f, "features", ctype=c_size_t, hi=d - 1) for f in features)
    xname, yname = feature_names if feature_names is not None else (f"feature {i}", f"feature {j}")
    ax = axes(ax)
    for c in sorted(set(labels)):
        pts = [r for r, lab in zip(rows, labels) if lab == c]
        ax.scatter([r[i] for r in pts], [r[j] for r in pts], s=8, alpha=0.6, label=f"cluster {c}")
    centres = [floats(r) for r in model.cluster_centers_]
    ax.scatter([r[i] for r in centres], [r[j] for r in centres], marker="X", s=120,
               color="black", label="centres")
    ax.set_xlabel(str(xname))
    ax.set_ylabel(str(yname))
    ax.set_title(f"k-means clusters (k = {len(centres)})")
    ax.legend()
    return ax


def _weights(model, segment):
    return model.weights if segment is None else model.segment(segment)["weights"]


def plot_delivered_value(model, segment=None, ax=None):
    """Delivered-value stacked bars per offering: the weighted values up, the weighted costs
    down, and the delivered value (ValueModel.evaluate) as a marker.

    Parameters
    ----------
    model : ValueModel
        A model with offerings.
    segment : str or int, optional
        The segment whose weights apply (None = the model weights).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Per component one bar container (label = the component; heights = weight x value,
        negative for costs), and the markers "delivered value".

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType, InvalidArgument, EmptyInput
        Not a ValueModel, an unknown segment, no offerings.
    """
    handle_arg(model, _value.ValueModel, "model")
    ev = model.evaluate(segment, ratio=False)
    w = _weights(model, segment)
    offers = [model.offering(i) for i in range(len(ev.name))]
    ax = axes(ax)
    x = list(range(len(offers)))
    up, down = [0.0] * len(x), [0.0] * len(x)
    for k, comp in enumerate(_value.COMPONENTS):
        cost = k >= 4
        h = [(-1.0 if cost else 1.0) * w[comp] * o[comp] for o in offers]
        base = down if cost else up
        ax.bar(x, h, bottom=list(base), label=comp, color=f"C{k}")
        for i, v in enumerate(h):
            base[i] += v
    ax.plot(x, floats(ev.delivered_value), "D", color="black", label="delivered value")
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_xticks(x)
    ax.set_xticklabels([o["name"] + (" (competitor)" if o["competitor"] else "") for o in offers])
    ax.set_ylabel("weighted value (+) and cost (-)")
    ax.set_title("Customer delivered value" + ("" if segment is None else f": {segment}"))
    ax.legend(fontsize=7, ncol=2)
    return ax


def plot_improvement(model, offering, segment=None, margin=0.0, ax=None):
    """What one offering needs to overtake its rival, per component (ValueModel.improvement):
    the change required, coloured by its status.

    Parameters
    ----------
    model : ValueModel
        A model with offerings.
    offering, segment, margin
        As for ValueModel.improvement.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per component (height = required; a value to raise or a cost to cut), each
        labelled with its status.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType, InvalidArgument, EmptyInput
        As ValueModel.improvement.
    """
    handle_arg(model, _value.ValueModel, "model")
    r = model.improvement(offering, segment=segment, margin=margin)
    colors = {"reachable": "tab:green", "leads": "tab:blue", "no_effect": "tab:grey",
              "infeasible": "tab:red"}
    comps = list(_value.COMPONENTS)
    ax = axes(ax)
    bars = ax.bar(comps, [r.required[c] for c in comps],
                  color=[colors[r.status[c]] for c in comps])
    ax.bar_label(bars, labels=[r.status[c] for c in comps], fontsize=7, rotation=90,
                 padding=2)
    ax.set_ylabel("change required (raise a value, cut a cost)")
    rival = r.rival if r.rival is not None else "no rival"
    ax.set_title(f"{r.offering} against {rival}: gap {r.gap:.3g}, needed {r.needed:.3g}")
    ax.tick_params(axis="x", labelrotation=30)
    return ax
