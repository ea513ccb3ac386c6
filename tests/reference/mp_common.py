"""Helpers shared by the mpmath reference scripts in this folder: scaled
quadrature and the C table format of the generated headers."""
import os
import sys

from mpmath import inf, mpf, quad


def rquad(f, pts):
    """quad over the pieces pts with the integrand scaled to about 1: mpmath's
    convergence test is absolute, so a tiny integrand (1e-182 at x = 40,
    T = 10000) stops at a low degree with only ~14 correct digits."""
    grid = [pts[i] + (pts[i + 1] - pts[i]) * j / 16 for i in range(len(pts) - 1) for j in range(17)
            if pts[i + 1] != inf]
    sc = max(abs(f(u)) for u in grid) or mpf(1)
    return sc * quad(lambda u: f(u) / sc, pts)


def fmt(v):
    return "%.17g" % float(v)


def table(out, name, comment, rows):
    """Append a static C table of rows (one line each) to the list out."""
    print(name, len(rows), file=sys.stderr)
    out.append("/* " + comment + " */")
    out.append("static const double %s[][%d] = {" % (name, len(rows[0])))
    for row in rows:
        out.append("    {" + ", ".join(fmt(v) for v in row) + "},")
    out.append("};")


def write_header(out, path):
    """Write the lines out to path, relative to tests/ (e.g. numerics/x.h)."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", path), "w") as f:
        f.write("\n".join(out) + "\n")
