"""csat.plotting: satisfaction and loyalty."""
from collections import Counter

from . import satisfaction as _sat
from ._lib import EmptyInput, InvalidArgument, as_doubles, real
from ._plot_common import axes, floats, names

__all__ = ["plot_kano", "plot_ipa", "plot_servqual_gaps", "plot_zone_of_tolerance", "plot_nps",
           "plot_jones_sasser", "plot_dick_basu"]

_KANO_NAMES = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent",
               "R": "reverse", "Q": "questionable"}


def _corners(ax, texts, color="grey"):
    """Names in the four corners: (top-left, top-right, bottom-left, bottom-right)."""
    for (x, y, ha, va), t in zip(((0.02, 0.98, "left", "top"), (0.98, 0.98, "right", "top"),
                                  (0.02, 0.02, "left", "bottom"), (0.98, 0.02, "right", "bottom")),
                                 texts):
        ax.text(x, y, t, transform=ax.transAxes, ha=ha, va=va, color=color, fontsize=9,
                style="italic")


def plot_kano(functional, dysfunctional, labels=None, rule="mode", nan_policy="error", ax=None):
    """Kano better/worse chart: one point per attribute, the category regions and labels.

    The coefficients and categories are csat.kano(functional, dysfunctional, rule=rule,
    nan_policy=nan_policy)'s: x = |worse| (dissatisfaction if the feature is missing),
    y = better (satisfaction if present); the regions split at 0.5.

    Parameters
    ----------
    functional, dysfunctional : matrix of float
        Answers (1..5), respondents x attributes (or one attribute's column).
    labels : sequence of str, optional
        Attribute names (default "attribute 1", ...).
    rule : str, default "mode"
        As for csat.kano.
    nan_policy : {"error", "skip"}, default "error"
        As for csat.kano.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One scatter (offsets = (|worse|, better) per attribute), a text "name (category)"
        per attribute and the region names.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.kano; labels of the wrong length.
    """
    k = _sat.kano(functional, dysfunctional, rule=rule, nan_policy=nan_policy)
    better, worse = floats(k.better), floats(k.worse)
    cats = [k.category] if isinstance(k.category, str) else list(k.category)
    shown = names(labels, len(better), "labels", lambda i: f"attribute {i + 1}")
    x = [abs(w) for w in worse]
    ax = axes(ax)
    ax.scatter(x, better, zorder=3)
    for xi, yi, name, c in zip(x, better, shown, cats):
        ax.annotate(f"{name} ({_KANO_NAMES.get(c, c)})", (xi, yi), textcoords="offset points",
                    xytext=(5, 5), fontsize=9)
    ax.axhline(0.5, color="grey", linewidth=0.8)
    ax.axvline(0.5, color="grey", linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _corners(ax, ("Attractive", "One-dimensional", "Indifferent", "Must-be"))
    ax.set_xlabel("|worse|: dissatisfaction when absent")
    ax.set_ylabel("better: satisfaction when present")
    ax.set_title("Kano better/worse chart")
    return ax


def plot_ipa(importance, performance, labels=None, crosshair="means", importance_scale=(1, 5),
             performance_scale=(1, 5), importance_cut=0.0, performance_cut=0.0, ax=None):
    """Importance-performance quadrant chart with the cross-hairs csat.ipa chose.

    Parameters
    ----------
    importance, performance : sequence of float
        Importance and performance of each attribute.
    labels : sequence of str, optional
        Attribute names (default "attribute 1", ...).
    crosshair, importance_scale, performance_scale, importance_cut, performance_cut
        As for csat.ipa.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One scatter (performance, importance), a label per attribute, the horizontal line at
        the importance cut and the vertical one at the performance cut, the quadrant names.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.ipa; labels of the wrong length.
    """
    r = _sat.ipa(importance, performance, crosshair=crosshair, importance_scale=importance_scale,
                 performance_scale=performance_scale, importance_cut=importance_cut,
                 performance_cut=performance_cut)
    imp, perf = floats(importance), floats(performance)
    shown = names(labels, len(imp), "labels", lambda i: f"attribute {i + 1}")
    ax = axes(ax)
    ax.scatter(perf, imp, zorder=3)
    for p, i, name in zip(perf, imp, shown):
        ax.annotate(name, (p, i), textcoords="offset points", xytext=(5, 5), fontsize=9)
    ax.axhline(r.importance_cut, color="grey", linestyle="--", label="importance cut")
    ax.axvline(r.performance_cut, color="grey", linestyle=":", label="performance cut")
    ax.set_xlim(*[float(v) for v in performance_scale[:2]])
    ax.set_ylim(*[float(v) for v in importance_scale[:2]])
    _corners(ax, ("Concentrate here", "Keep up the good work", "Low priority",
                  "Possible overkill"))
    ax.set_xlabel("performance")
    ax.set_ylabel("importance")
    ax.set_title(f"Importance-performance analysis (cross-hairs: {crosshair})")
    return ax


def _dimension_names(dimension_names, n):
    return names(dimension_names, n, "dimension_names",
                 lambda i: _sat.DIMENSIONS[i] if n == len(_sat.DIMENSIONS) else f"dimension {i + 1}")


def plot_servqual_gaps(perceived, expected, item_dimension=None, n_dimensions=None,
                       dimension_names=None, scale=(1, 7), nan_policy="error", ax=None):
    """SERVQUAL gaps (perception - expectation) by dimension, with 95% error bars
    (csat.servqual's dimensions and dimensions_se).

    Parameters
    ----------
    perceived, expected : matrix of float
        Answers, respondents x items.
    item_dimension, n_dimensions, scale, nan_policy
        As for csat.servqual (default: the 22 items of Parasuraman et al. in 5 dimensions).
    dimension_names : sequence of str, optional
        Names of the dimensions (default: csat.DIMENSIONS for 5).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per dimension, height = its gap.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.servqual.
    """
    r = _sat.servqual(perceived, expected, scale=scale, item_dimension=item_dimension,
                      n_dimensions=n_dimensions, nan_policy=nan_policy)
    gaps, se = floats(r.dimensions), floats(r.dimensions_se)
    shown = _dimension_names(dimension_names, len(gaps))
    ax = axes(ax)
    ax.bar(shown, gaps, yerr=[1.96 * s for s in se], capsize=4,
           color=["tab:red" if g < 0 else "tab:green" for g in gaps])
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.set_ylabel("gap: perception - expectation")
    ax.set_title(f"SERVQUAL gaps by dimension (overall {r.overall:+.2f})")
    ax.tick_params(axis="x", labelrotation=20)
    return ax


def plot_zone_of_tolerance(adequate, desired, perceived, item_dimension=None, n_dimensions=None,
                           dimension_names=None, scale=(1, 9), nan_policy="error", ax=None):
    """Zone of tolerance per dimension (adequate to desired) with the perceived level
    (csat.zot's means).

    Parameters
    ----------
    adequate, desired, perceived : matrix of float
        Answers, respondents x items.
    item_dimension, n_dimensions, scale, nan_policy
        As for csat.zot; without item_dimension each item is drawn.
    dimension_names : sequence of str, optional
        Names of the dimensions or items.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per dimension at x = 0, 1, ... from the adequate to the desired mean
        (bottom = adequate, height = width), and the markers "perceived".

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.zot.
    """
    r = _sat.zot(adequate, desired, perceived, scale=scale, item_dimension=item_dimension,
                 n_dimensions=n_dimensions, nan_policy=nan_policy)
    part = r["dimensions"] if item_dimension is not None else r["items"]
    low, width, seen = floats(part["adequate"]), floats(part["width"]), floats(part["perceived"])
    shown = _dimension_names(dimension_names, len(low))
    ax = axes(ax)
    x = list(range(len(shown)))
    ax.bar(x, width, bottom=low, color="tab:blue", alpha=0.35, label="zone of tolerance")
    ax.plot(x, seen, "D", color="black", label="perceived")
    ax.set_xticks(x)
    ax.set_xticklabels(shown)
    ax.set_ylim(*[float(v) for v in scale[:2]])
    ax.set_ylabel("mean answer")
    ax.set_title("Zone of tolerance and perceived service")
    ax.legend()
    ax.tick_params(axis="x", labelrotation=20)
    return ax


def plot_nps(scores, scale=(0, 10), detractor_max=6, promoter_min=9, nan_policy="error",
             method="wald", level=0.95, ax=None):
    """Detractors, passives and promoters, with the NPS and its interval in the title
    (csat.nps and its interval(method, level)).

    Parameters
    ----------
    scores, scale, detractor_max, promoter_min, nan_policy
        As for csat.nps.
    method, level
        As for NPSResult.interval.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Three bars (heights = the counts), labelled with their shares.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.nps and NPSResult.interval.
    """
    r = _sat.nps(scores, scale=scale, detractor_max=detractor_max, promoter_min=promoter_min,
                 nan_policy=nan_policy)
    ci = r.interval(method=method, level=level)
    counts = [r.detractors, r.passives, r.promoters]
    ax = axes(ax)
    bars = ax.bar(["detractors", "passives", "promoters"], counts,
                  color=["tab:red", "tab:grey", "tab:green"])
    ax.bar_label(bars, labels=[f"{c:g} ({c / r.n:.0%})" for c in counts])
    ax.set_ylabel("respondents")
    ax.set_title(f"NPS = {r.score:.1f} ({real(level, 'level'):.0%} CI {ci.lower:.1f} to "
                 f"{ci.upper:.1f}), n = {r.n:g}")
    return ax


def _cells(ax, cells, xlabel, ylabel, title):
    """A 2 x 2 cell map: cells = {(col, row): text} with col, row in {0, 1}."""
    from matplotlib.patches import Rectangle
    for (c, r), t in cells.items():
        ax.add_patch(Rectangle((c, r), 1, 1, fill=True, alpha=0.15 + 0.1 * (c + r),
                               edgecolor="black"))
        ax.text(c + 0.5, r + 0.5, t, ha="center", va="center", fontsize=10)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5])
    ax.set_xticklabels(["low", "high"])
    ax.set_yticks([0.5, 1.5])
    ax.set_yticklabels(["low", "high"])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return ax


def plot_jones_sasser(satisfaction, loyalty, scale=(1, 5), high=4, apostle=5, terrorist=1,
                      nan_policy="error", ax=None):
    """Jones & Sasser cell map: respondents per satisfaction x loyalty type
    (csat.jones_sasser's types, counted).

    Parameters
    ----------
    satisfaction, loyalty, scale, high, apostle, terrorist, nan_policy
        As for csat.jones_sasser.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Four cells (loyalists with their apostles, mercenaries, hostages, defectors with
        their terrorists), each text giving the count.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.jones_sasser.
    """
    n = Counter(_sat.jones_sasser(satisfaction, loyalty, scale=scale, high=high, apostle=apostle,
                                  terrorist=terrorist, nan_policy=nan_policy))
    cells = {(1, 1): f"loyalists\n{n['loyalist'] + n['apostle']} "
                     f"(apostles {n['apostle']})",
             (1, 0): f"mercenaries\n{n['mercenary']}",
             (0, 1): f"hostages\n{n['hostage']}",
             (0, 0): f"defectors\n{n['defector'] + n['terrorist']} "
                     f"(terrorists {n['terrorist']})"}
    return _cells(axes(ax), cells, "satisfaction", "loyalty",
                  "Jones & Sasser: satisfaction and loyalty")


def plot_dick_basu(relative_attitude, repeat_patronage, attitude_cut, patronage_cut, ax=None):
    """Dick & Basu cell map: customers per loyalty type (csat.dick_basu of each customer).

    Parameters
    ----------
    relative_attitude, repeat_patronage : sequence of float
        Each customer's relative attitude and repeat patronage.
    attitude_cut, patronage_cut : float
        As for csat.dick_basu.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        Four cells (loyalty, latent loyalty, spurious loyalty, no loyalty), each text giving
        the count.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidArgument, InvalidType, EmptyInput
        As csat.dick_basu; columns of different lengths; no customers.
    """
    a = as_doubles(relative_attitude, "relative_attitude", finite=True).values()
    p = as_doubles(repeat_patronage, "repeat_patronage", finite=True).values()
    if len(a) != len(p):
        raise InvalidArgument(f"relative_attitude has {len(a)} values, repeat_patronage "
                              f"{len(p)}")
    if not a:
        raise EmptyInput("relative_attitude and repeat_patronage are empty")
    n = Counter(_sat.dick_basu(x, y, attitude_cut, patronage_cut) for x, y in zip(a, p))
    cells = {(1, 1): f"loyalty\n{n['loyalty']}", (1, 0): f"latent loyalty\n{n['latent']}",
             (0, 1): f"spurious loyalty\n{n['spurious']}", (0, 0): f"no loyalty\n{n['none']}"}
    return _cells(axes(ax), cells, "relative attitude", "repeat patronage",
                  "Dick & Basu: attitude and patronage")
