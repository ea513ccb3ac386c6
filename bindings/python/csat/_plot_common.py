"""What the csat.plotting modules share: matplotlib imported on first use, the Axes to
draw on, columns as plain lists and labels."""
from ._lib import InvalidArgument, InvalidType, describe

INSTALL = ("csat.plotting needs matplotlib: install it with `apt install python3-matplotlib` "
           "(Debian, Ubuntu) or `pip install matplotlib`")


def pyplot():
    """matplotlib.pyplot, imported now (an ImportError saying how to install it)."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(f"{INSTALL} ({e})") from e
    return plt


def axes(ax):
    """ax (checked), or pyplot's current Axes when ax is None."""
    plt = pyplot()
    if ax is None:
        return plt.gca()
    from matplotlib.axes import Axes
    if not isinstance(ax, Axes):
        raise InvalidType(f"ax must be a matplotlib Axes or None, not {describe(ax)}")
    return ax


def floats(values):
    """A library column (array, list or scalar) as a list of floats."""
    if not hasattr(values, "__len__"):
        return [float(values)]
    return [float(v) for v in values]


def names(labels, n, what, default):
    """n text labels: the given ones (checked) or default(i) for i in range(n)."""
    if labels is None:
        return [default(i) for i in range(n)]
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__len__"):
        raise InvalidType(f"{what} must be a sequence of {n} names, not {describe(labels)}")
    if len(labels) != n:
        raise InvalidArgument(f"{what} must have {n} names, not {len(labels)}")
    return [str(v) for v in labels]


def colorbar(ax, mappable, label):
    """A colour bar beside ax."""
    bar = ax.figure.colorbar(mappable, ax=ax)
    bar.set_label(label)
    return bar


def share_curve(ax, curve, label, equal_label):
    """A concentration curve: curve[i] (share of the total held by the top i of n) at
    x = i / n, and the diagonal of equal shares."""
    curve = floats(curve)
    n = len(curve) - 1
    ax.plot([i / n for i in range(n + 1)], curve, label=label)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label=equal_label)
    return ax
