# Sphinx configuration of the libcsat documentation site.
#
# Build (from the source tree, after `meson setup build && ninja -C build`):
#   /usr/bin/python3 -m sphinx -W --keep-going -b html docs build/docs-html
# or `bash .ci/docs`, which also runs the reference-coverage check.
#
# The Python API pages import the csat package from bindings/python; it loads
# the library named by CSAT_LIBRARY, else the source tree's build/src/libcsat.so
# (see bindings/python/csat/_lib.py). Both reference sections are generated at
# every build: docs/c_api/ from include/csat.h by gen_c_api.py, docs/python_api/
# from the package by gen_py_api.py. The plots are drawn at every build too
# (examples/python/gallery.py into docs/_gallery; needs matplotlib). Offline: no
# intersphinx, built-in theme.
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
sys.path.insert(0, HERE)

import gen_c_api  # noqa: E402
import gen_py_api  # noqa: E402

gen_c_api.main(["gen_c_api.py", os.path.join(ROOT, "include", "csat.h"),
                os.path.join(HERE, "c_api")])
gen_py_api.generate(os.path.join(HERE, "python_api"))


def _gallery():
    """Every csat.plotting plot, drawn from the bundled data into docs/_gallery
    by the same script users run (the guide and gallery pages show them).
    Needs matplotlib, numpy and pandas (Debian: python3-matplotlib)."""
    import subprocess
    out = os.path.join(HERE, "_gallery")
    script = os.path.join(ROOT, "examples", "python", "gallery.py")
    path = os.pathsep.join(p for p in (os.path.join(ROOT, "bindings", "python"),
                                       os.environ.get("PYTHONPATH")) if p)
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=path)
    r = subprocess.run([sys.executable, script, out, "--dpi", "72"], env=env)
    if r.returncode != 0:
        raise RuntimeError(f"{script} failed (exit {r.returncode}; 77: matplotlib, numpy "
                           "or pandas missing): the site shows its plots")


_gallery()

project = "libcsat"
author = "the libcsat authors"
copyright = "2026, the libcsat authors (MIT licence)"


def _version():
    with open(os.path.join(ROOT, "include", "csat.h"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#define CSAT_VERSION_STRING"):
                return line.split('"')[1]
    return "unknown"


release = version = _version()

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

# numpydoc docstrings through napoleon (numpydoc itself is not a Debian package
# dependency of python3-sphinx).
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_use_ivar = True
autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_inherit_docstrings = False

# The header's attribute macros, so the C domain reads the declarations as written.
c_id_attributes = ["CSAT_API", "CSAT_WARN_UNUSED"]
c_paren_attributes = ["CSAT_DEPRECATED"]

exclude_patterns = ["_build", "scaling.md", "README.md"]
templates_path = []
html_theme = "alabaster"
html_theme_options = {"description": "Customer satisfaction, loyalty, churn and CLV in C",
                      "fixed_sidebar": False}
html_static_path = []
html_show_sourcelink = True
html_copy_source = True


# ---- docstrings as reStructuredText ---------------------------------------
# The docstrings are written for help() and numpydoc: fitted attributes end in
# "_" (params_, fit_report_) and |d| means an absolute value, which
# reStructuredText would read as a reference and a substitution. This escapes
# them outside code (``...``, doctest blocks, literal blocks); the text shown
# is unchanged. Data constants (tuples, dicts) have their type's docstring,
# which is not theirs: it is dropped.
import re  # noqa: E402

_TRAILING_UNDERSCORE = re.compile(r"(?<![`\w\\])([A-Za-z]\w*)_(?![\w`])")
_BARS = re.compile(r"(?<![`\\])\|([^|`\s][^|`]*)\|")


def _escape_line(line):
    parts = re.split(r"(``[^`]*``|`[^`]*`)", line)
    for k in range(0, len(parts), 2):
        parts[k] = _BARS.sub(r"\\|\1\\|", _TRAILING_UNDERSCORE.sub(r"\1\\_", parts[k]))
    return "".join(parts)


def _process_docstring(app, what, name, obj, options, lines):
    if what == "data" and getattr(type(obj), "__doc__", None) is not None and \
            "\n".join(lines).strip() == (type(obj).__doc__ or "").strip():
        lines[:] = []
        return
    literal_indent = None
    doctest = False
    for k, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None:
            if stripped and indent <= literal_indent:
                literal_indent = None
            else:
                continue
        if stripped.startswith(">>>"):
            doctest = True
        if doctest:
            if not stripped:
                doctest = False
            continue
        lines[k] = _escape_line(line)
        if stripped.endswith("::") and not stripped.startswith(".."):
            literal_indent = indent
        elif stripped.startswith(".. code-block::") or stripped.startswith(".. math::"):
            literal_indent = indent


def setup(app):
    app.connect("autodoc-process-docstring", _process_docstring)
