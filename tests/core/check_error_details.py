#!/usr/bin/env python3
"""Checks that test_error_details.c has a row for every public function that
takes a csat_error (the functions without a handle, issue 11), and that
every such function returns a csat_status and takes the csat_error last.

test_error_details.c lists them as ROW(name, ...) entries (name without
the csat_ prefix). Every function of the header with a `csat_error *`
parameter must have exactly one row, and every row must name such a
function, so that a new function cannot be missed and a removed one cannot
linger. Run by meson test (suite 'core'); exits 1 and lists each problem.

Usage: check_error_details.py HEADER TEST_ERROR_DETAILS_C
       check_error_details.py --self-test
"""
import re
import sys

API = re.compile(r"\bCSAT_API\b([^;{]*?)\b(csat_\w+)\s*\(([^;{]*?)\)\s*;", re.S)
ROW = re.compile(r"\bROW\(\s*(\w+)\s*,")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def with_error(header_text):
    """{name without csat_: problem or None} for each function taking a csat_error."""
    found = {}
    for m in API.finditer(strip_comments(header_text)):
        ret, name, params = m.group(1), m.group(2), m.group(3)
        parts = [p.strip() for p in params.split(",")]
        if not any(re.match(r"^csat_error\s*\*", p) for p in parts):
            continue
        problem = None
        if "csat_status" not in ret:
            problem = "does not return a csat_status"
        elif not re.match(r"^csat_error\s*\*\s*err$", parts[-1]):
            problem = "does not take `csat_error *err` last"
        found[name[len("csat_"):]] = problem
    return found


def problems(header_text, test_text):
    funcs = with_error(header_text)
    rows = ROW.findall(re.sub(r"(?m)^\s*#\s*define[^\n]*", " ", strip_comments(test_text)))
    out = [f"csat_{n} {p}" for n, p in sorted(funcs.items()) if p]
    for n in sorted(set(funcs) - set(rows)):
        out.append(f"csat_{n} takes a csat_error but has no ROW in the test")
    for n in sorted(set(rows) - set(funcs)):
        out.append(f"ROW({n}, ...) names no function of the header that takes a csat_error")
    for n in sorted({r for r in rows if rows.count(r) > 1}):
        out.append(f"ROW({n}, ...) appears more than once")
    return out


def self_test():
    header = """
    CSAT_API csat_status csat_a(const double *x, size_t n, double *out, csat_error *err);
    CSAT_API csat_status csat_b(csat_error *err, double *out);
    CSAT_API csat_status csat_c(csat_thing *t, double *out);
    CSAT_API csat_status csat_d(double x, csat_error *err);
    """
    assert with_error(header) == {"a": None, "b": "does not take `csat_error *err` last", "d": None}
    p = problems(header, "ROW(a, 1) ROW(e, 2) ROW(a, 3)")
    assert any("csat_d takes" in x for x in p), p
    assert any("ROW(e" in x for x in p), p
    assert any("more than once" in x for x in p), p
    assert any("csat_b does not" in x for x in p), p
    assert problems(header.replace("csat_error *err, double *out", "double *out, csat_error *err"),
                    "ROW(a, 1) ROW(b, 1) ROW(d, 1)") == []
    print("self-test ok")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        header = f.read()
    with open(argv[2]) as f:
        test = f.read()
    out = problems(header, test)
    for p in out:
        print(p)
    n = len(with_error(header))
    print(f"{n} functions take a csat_error; {len(out)} problems")
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
