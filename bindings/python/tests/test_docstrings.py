"""Every public class, function, method and property of csat has a numpydoc docstring
(issue 11, section 5).

The public API is enumerated as the bad-input walk does (test_bad_input.public_callables):
every function of csat.plotting.__all__, every name of csat.__all__ that is a function or a class (exceptions excepted), and every
public member (name not starting with "_"; callables and properties) that a class defines
or inherits from a csat base class. close() and the closed property, which the walk leaves
out, are checked here too.

The rule, kept simple:

1. each one has a docstring of its own (not inherited from object), whose first line is a
   summary;
2. a callable that takes a parameter (besides self; for a class: its __init__, documented
   in the class docstring as numpydoc asks) has a "Parameters" section (the heading
   underlined with dashes);
3. a function or method whose body returns a value (a ``return <expr>`` other than
   ``return None``, found in its source, decorators unwrapped) has a "Returns" section;
4. properties need only rule 1 (numpydoc documents a property like an attribute);
5. the main entry points (MAIN below) have an "Examples" section with ``>>>`` lines;
6. the examples run: every docstring of the package is run as a doctest (ELLIPSIS and
   NORMALIZE_WHITESPACE on), with numpy and without, so they must print the same either
   way (they print rounded floats or lists, not arrays).
"""
import ast
import doctest
import importlib
import inspect
import re
import textwrap
import unittest

import csat

MAIN = ["BGNBD", "BGNBD.fit", "BGNBD.p_alive", "BGNBD.expected_purchases", "ParetoNBD",
        "BGBB.fit", "GammaGamma.fit", "GammaGamma.expected_spend", "clv", "Customers",
        "Customers.summary", "nps", "servqual", "csi", "kano", "rfm_scores", "rfm_segments",
        "KMeans", "KMeans.fit", "SBG.fit", "kaplan_meier", "LogisticChurn.fit",
        "clv_retention", "ValueModel", "ValueModel.evaluate", "load", "BGNBD.save",
        "KaplanMeier.fit"]

MODULES = ["_lib", "btyd", "customers", "plotting", "retention", "satisfaction", "segmentation",
           "transactions", "value"]


def public_api():
    """(name, object) of every public function, class and class member of csat."""
    out = {}
    for n in csat.__all__:
        obj = getattr(csat, n)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            out[n] = obj
            for base in reversed(obj.__mro__):
                if not base.__module__.startswith("csat"):
                    continue
                for m, v in vars(base).items():
                    if m.startswith("_"):
                        continue
                    if callable(v) or isinstance(v, (property, staticmethod, classmethod)):
                        out[f"{n}.{m}"] = v
        elif callable(obj):
            out[n] = obj
    from csat import plotting  # imports without matplotlib (it is loaded by the first plot)
    for n in plotting.__all__:
        out[f"plotting.{n}"] = getattr(plotting, n)
    try:  # csat.dask needs dask and distributed: without them it is not part of the API
        from csat import dask as csat_dask
    except ImportError:
        csat_dask = None
    for n in getattr(csat_dask, "__all__", ()):
        out[f"dask.{n}"] = getattr(csat_dask, n)
    return out


def section(doc, title):
    return re.search(rf"^\s*{title}\n\s*-{{{len(title)}}}\s*$", doc, re.M) is not None


def returns_value(fn):
    """True when the function's own body has a return with a value (not None)."""
    fn = inspect.unwrap(fn)
    try:
        src = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return False
    tree = ast.parse(src).body[0]

    def walk(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if isinstance(child, ast.Return) and child.value is not None and not (
                    isinstance(child.value, ast.Constant) and child.value.value is None):
                return True
            if isinstance(child, (ast.Yield, ast.YieldFrom)) or walk(child):
                return True
        return False
    return walk(tree)


def takes_parameters(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    return any(p.name not in ("self", "cls") for p in sig.parameters.values())


def problems():
    found = []
    for name, obj in sorted(public_api().items()):
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
        doc = obj.__doc__ if not isinstance(obj, property) else obj.fget.__doc__
        if inspect.isclass(obj) and obj.__doc__ is not None and obj.__doc__ == object.__doc__:
            doc = None
        doc = inspect.cleandoc(doc or "")
        if not doc or not doc.splitlines()[0].strip():
            found.append(f"{name}: no docstring (or no summary line)")
            continue
        if isinstance(obj, property):
            continue
        if inspect.isclass(obj):
            init = obj.__init__
            init_doc = inspect.cleandoc(init.__doc__ or "") if init is not object.__init__ else ""
            if (init is not object.__init__ and takes_parameters(init)
                    and not (section(doc, "Parameters") or section(init_doc, "Parameters"))):
                found.append(f"{name}: takes parameters, no Parameters section")
        else:
            if takes_parameters(obj) and not section(doc, "Parameters"):
                found.append(f"{name}: takes parameters, no Parameters section")
            if returns_value(obj) and not section(doc, "Returns"):
                found.append(f"{name}: returns a value, no Returns section")
        if name in MAIN and not (section(doc, "Examples") and ">>>" in doc):
            found.append(f"{name}: a main entry point without an Examples section")
    return found


class TestDocstrings(unittest.TestCase):
    def test_every_public_name_is_documented(self):
        found = problems()
        self.assertEqual(found, [], f"{len(found)} docstring problems (rule: test_docstrings.py)")

    def test_main_names_exist(self):
        api = public_api()
        self.assertEqual([n for n in MAIN if n not in api], [])

    def test_examples_run(self):
        failed = attempted = 0
        for m in MODULES:
            module = importlib.import_module(f"csat.{m}")
            finder = doctest.DocTestFinder(exclude_empty=True)
            runner = doctest.DocTestRunner(
                optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
            for test in finder.find(module, globs={"csat": csat}):
                runner.run(test)
            f, a = runner.summarize(verbose=False)
            failed += f
            attempted += a
        self.assertGreater(attempted, 0)
        self.assertEqual(failed, 0, "docstring examples failed (see the output above)")


if __name__ == "__main__":
    for p in problems():
        print(p)
