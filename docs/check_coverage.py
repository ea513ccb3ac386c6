#!/usr/bin/env python3
"""Every public C function and Python callable is in the built reference.

Reads the site's objects.inv (written by Sphinx into the HTML folder) and
checks that it holds:

- a ``c:function`` entry for every ``CSAT_API`` function of include/csat.h
  (the header's declarations, read by docs/gen_c_api.py's parser, are
  cross-checked against a plain regex over the header so the parser cannot
  skip one unnoticed);
- a ``py:*`` entry ``csat.<name>`` for every public callable that
  bindings/python/tests/test_docstrings.py enumerates (``public_api()``: the
  functions and classes of ``csat.__all__`` and their public members).

Usage: check_coverage.py HTML_DIR       (run by .ci/docs after the build)
Prints the missing names; exit 1 if any (or if the check, run again with
csat_strerror and csat.BGNBD.fit taken out of the inventory, misses them).
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def inventory(html_dir):
    from sphinx.util.inventory import InventoryFile
    with open(os.path.join(html_dir, "objects.inv"), "rb") as f:
        inv = InventoryFile.load(f, "", os.path.join)
    return inv


def missing(inv):
    """Problems (strings) of an inventory {role: {name: ...}}; and the counts checked."""
    c_funcs = set(inv.get("c:function", {}))
    py = set()
    for role, entries in inv.items():
        if role.startswith("py:"):
            py |= set(entries)

    sys.path.insert(0, HERE)
    sys.path.insert(0, os.path.join(ROOT, "bindings", "python"))
    import gen_c_api
    import gen_py_api

    with open(os.path.join(ROOT, "include", "csat.h"), encoding="utf-8") as f:
        header = f.read()
    parsed = set(gen_c_api.api_functions(header))
    flat = re.sub(r"/\*.*?\*/", " ", header, flags=re.S)
    declared = set(re.findall(r"\bCSAT_API\b[^;{}#]*?\b(csat_\w+)\s*\(", flat))
    problems = []
    for name in sorted(declared - parsed):
        problems.append(f"C: {name} is declared in csat.h but docs/gen_c_api.py did not read it")
    for name in sorted((declared | parsed) - c_funcs):
        problems.append(f"C: {name} is not in the C API reference")

    api = gen_py_api.public_api()
    for name in sorted(api):
        if f"csat.{name}" not in py:
            problems.append(f"Python: csat.{name} is not in the Python API reference")
    return problems, len(declared), len(api)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    inv = inventory(argv[1])
    problems, n_c, n_py = missing(inv)
    for p in problems:
        print(p)
    # the check itself: one C function and one Python method taken out must be reported
    pruned = {role: dict(entries) for role, entries in inv.items()}
    pruned.get("c:function", {}).pop("csat_strerror", None)
    pruned.get("py:method", {}).pop("csat.BGNBD.fit", None)
    found = missing(pruned)[0]
    if not any("csat_strerror" in p for p in found) or not any("csat.BGNBD.fit" in p for p in found):
        print("check_coverage.py does not notice a missing name (self-check failed)")
        return 1
    print(f"reference coverage: {n_c} C functions, {n_py} Python callables; {len(problems)} missing")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
