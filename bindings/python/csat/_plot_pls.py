"""PLS path models (issue 16): the path diagram with its coefficients and R^2, and the
importance-performance map (IPMA) of a target latent variable."""
from ._lib import InvalidArgument, InvalidType, describe
from ._plot_common import axes
from ._plot_survey import plot_ipa

__all__ = ["plot_path_diagram", "plot_ipma"]


def _fitted_pls(model, what):
    from .pls import PLSPathModel
    if not isinstance(model, PLSPathModel):
        raise InvalidType(f"{what}: model must be a fitted csat.PLSPathModel, not {describe(model)}")
    with model._use():  # a closed model raises ClosedError
        model._require_fit(what)
    return model


def _layers(lvs, pairs):
    """Column of each LV: the length of the longest chain of paths leading to it."""
    depth = {lv: 0 for lv in lvs}
    for _ in lvs:  # the inner model is acyclic: len(lvs) relaxations settle it
        for a, b in pairs:
            depth[b] = max(depth[b], depth[a] + 1)
    return depth


def _positions(lvs, pairs):
    """(x, y) per LV: columns by depth, the LVs of a column spread evenly in the model's
    order; a column of one LV alternates above and below the middle (zig-zag), so that
    paths that skip columns do not run through the LVs between."""
    depth = _layers(lvs, pairs)
    cols = {}
    for lv in lvs:
        cols.setdefault(depth[lv], []).append(lv)
    pos = {}
    for d, members in cols.items():
        k = len(members)
        for i, lv in enumerate(members):
            pos[lv] = (float(d), 0.6 * (1 if d % 2 else -1) if k == 1 else 1.2 * ((k - 1) / 2.0 - i))
    return pos


def _blocked(pos, a, b):
    """Whether the straight segment a -> b passes near another LV."""
    (x0, y0), (x1, y1) = pos[a], pos[b]
    dx, dy = x1 - x0, y1 - y0
    n2 = dx * dx + dy * dy
    for lv, (x, y) in pos.items():
        if lv in (a, b) or n2 == 0:
            continue
        t = ((x - x0) * dx + (y - y0) * dy) / n2
        if 0 < t < 1 and (x0 + t * dx - x) ** 2 + ((y0 + t * dy - y) * 2.5) ** 2 < 0.35 ** 2:
            return True
    return False


def plot_path_diagram(model, significance=True, ax=None):
    """The inner model as a figure: a node per latent variable (with its R^2 when it has
    predecessors), an arrow per path labelled with its coefficient.

    Parameters
    ----------
    model : csat.PLSPathModel
        A fitted model (its path_coefficients_ and r2_ are drawn).
    significance : bool, default True
        After model.bootstrap(), mark a coefficient whose percentile interval excludes 0
        with "*".
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        One text per LV (its gid "lv:<name>", the text "<name>" or "<name>\\nR² = 0.xx"), one
        arrow annotation per path (gid "path:<from>-><to>", text the coefficient to 2
        decimals). LVs are placed in columns by the longest chain of paths leading to
        them, left to right.

    Raises
    ------
    ImportError
        Without matplotlib.
    InvalidType
        model is not a PLSPathModel. NotFittedError before a fit, ClosedError after close().
    """
    m = _fitted_pls(model, "plot_path_diagram")
    if not isinstance(significance, bool):
        raise InvalidType(f"significance must be True or False, not {describe(significance)}")
    ax = axes(ax)
    lvs, pairs = list(m._lvs), list(m._pairs)
    pos = _positions(lvs, pairs)
    endo = {b for _, b in pairs}
    boot = m.__dict__.get("bootstrap_") if significance else None
    box = dict(boxstyle="round,pad=0.5", facecolor="#dbe9f6", edgecolor="tab:blue")
    for lv in lvs:
        text = f"{lv}\nR² = {m.r2_[lv]:.2f}" if lv in endo else lv
        ax.text(*pos[lv], text, ha="center", va="center", fontsize=9, bbox=box, zorder=3, gid=f"lv:{lv}")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.9)
    to_disp, to_data = ax.transData, ax.transData.inverted()
    for a, b in pairs:
        coef = m.path_coefficients_[(a, b)]
        label = f"{coef:.2f}"
        if boot is not None:
            r = boot["paths"][(a, b)]
            if r.lower > 0 or r.upper < 0:
                label += "*"
        rad = 0.3 if _blocked(pos, a, b) else 0.0  # bend around the LVs in the way
        ax.annotate("", xy=pos[b], xytext=pos[a], zorder=2, gid=f"path:{a}->{b}",
                    arrowprops=dict(arrowstyle="-|>", color="dimgrey", shrinkA=30, shrinkB=30,
                                    connectionstyle=f"arc3,rad={rad}"))
        # the label 40% along the curve (crossing paths meet at their middles): matplotlib's
        # arc3 is the quadratic Bezier with control point middle + rad (dy, -dx) in display space
        (u0, v0), (u1, v1) = to_disp.transform(pos[a]), to_disp.transform(pos[b])
        cu, cv = (u0 + u1) / 2.0 + rad * (v1 - v0), (v0 + v1) / 2.0 - rad * (u1 - u0)
        t = 0.4
        pt = ((1 - t) ** 2 * u0 + 2 * t * (1 - t) * cu + t * t * u1,
              (1 - t) ** 2 * v0 + 2 * t * (1 - t) * cv + t * t * v1)
        mx, my = to_data.transform(pt)
        ax.text(mx, my, label, ha="center", va="center", fontsize=8, zorder=4, gid=f"coef:{a}->{b}",
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none"))
    ax.set_axis_off()
    title = "PLS path model: path coefficients"
    if boot is not None:
        title += " (* 95% bootstrap interval excludes 0)" if abs(m._boot_args[2] - 0.95) < 1e-12 else \
            f" (* {m._boot_args[2]:.0%} bootstrap interval excludes 0)"
    ax.set_title(title)
    return ax


def plot_ipma(model, target, ax=None):
    """Importance-performance map of a target latent variable (PLSPathModel.ipma drawn with
    plot_ipa): each driver's unstandardised total effect on the target against its 0-100
    index.

    Parameters
    ----------
    model : csat.PLSPathModel
        A fitted model.
    target : str
        The LV whose drivers are mapped (e.g. "satisfaction").
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: the current Axes).

    Returns
    -------
    matplotlib.axes.Axes
        As plot_ipa: one scatter (performance 0-100, importance = total effect), a label per
        driver, the cross-hairs at the means of the drivers, the quadrant names; the
        importance axis runs from min(0, smallest effect) to 1.2 x the largest.

    Raises
    ------
    InvalidArgument
        An unknown target, or a target with no drivers.
    InvalidType, NotFittedError
        model is not a PLSPathModel, or not fitted.
    ImportError
        Without matplotlib.
    """
    m = _fitted_pls(model, "plot_ipma")
    r = m.ipma(target)
    if not r:
        raise InvalidArgument(f"plot_ipma: {target!r} has no drivers (no LV has an effect on it)")
    drivers = list(r)
    imp = [r[d].importance for d in drivers]
    perf = [r[d].performance for d in drivers]
    hi = max(imp)
    top = 1.2 * hi if hi > 0 else 1.0
    bottom = min(0.0, 1.2 * min(imp))
    ax = plot_ipa(imp, perf, labels=drivers, importance_scale=(bottom, top),
                  performance_scale=(min(0.0, min(perf)), max(100.0, max(perf))), ax=ax)
    ax.set_xlabel("performance (0-100 index)")
    ax.set_ylabel(f"importance (total effect on {target})")
    ax.set_title(f"Importance-performance map: {target}")
    return ax
