#!/usr/bin/env python3
"""Checks that test_sizes.c has a row for every size-taking public function.

A size-taking function is a CSAT_API function of the public header with a
size_t parameter that is not a pointer (an element count n, n_rows, cap,
...). test_sizes.c lists them in two tables of ROW(name) entries (name
without the csat_ prefix): rows[], whose functions must reject sizes whose
byte count overflows, and huge_is_valid[], the short allow-list of
functions for which every size is valid (each with a comment saying why).
Every such function must be in exactly one table, and every entry must be
a size-taking function of the header, so that a new function cannot be
missed and a removed one cannot linger. Run by meson test (suite 'core');
exits 1 and lists each problem.

Usage: check_sizes_table.py HEADER TEST_SIZES_C
"""
import re
import sys

API = re.compile(r"\bCSAT_API\b[^;{]*?\b(csat_\w+)\s*\(([^;{]*?)\)\s*;", re.S)
SIZE_PARAM = re.compile(r"^(?:const\s+)?size_t\s+[A-Za-z_]\w*$")
ROW = re.compile(r"\bROW\(\s*(\w+)\s*\)")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def size_taking(header_text):
    """{function name: [its size_t parameters]} of the header."""
    found = {}
    for m in API.finditer(strip_comments(header_text)):
        params = [" ".join(p.split()) for p in m.group(2).split(",")]
        sizes = [p.split()[-1] for p in params if SIZE_PARAM.match(p)]
        if sizes:
            found[m.group(1)] = sizes
    return found


def table(test_text, name):
    """The csat_ names of the ROW entries of the array `name` in test_sizes.c."""
    m = re.search(r"\b" + name + r"\s*\[\s*\]\s*=\s*\{(.*?)\};", strip_comments(test_text), re.S)
    if m is None:
        return None
    return ["csat_" + r for r in ROW.findall(m.group(1))]


def check(header_text, test_text):
    funcs = size_taking(header_text)
    rows, allowed = table(test_text, "rows"), table(test_text, "huge_is_valid")
    problems = []
    if rows is None or allowed is None:
        return funcs, ["test_sizes.c: no rows[] or huge_is_valid[] table of ROW(...) entries"]
    for name in sorted(set(n for n in rows + allowed if (rows + allowed).count(n) > 1)):
        problems.append(f"{name}: listed more than once (rows[] and huge_is_valid[] together)")
    for name in rows + allowed:
        if name not in funcs:
            problems.append(f"{name}: in test_sizes.c but not a size-taking function of csat.h")
    for name, sizes in sorted(funcs.items()):
        if name not in rows and name not in allowed:
            problems.append(f"{name} ({', '.join(sizes)}): size-taking function without a row in "
                            "test_sizes.c (add one to rows[], or to huge_is_valid[] with the reason)")
    return funcs, problems


def self_test():
    """The checker must catch what it is for: a missing, a stale and a doubled row."""
    header = """
        /** Doc mentioning csat_fake_doc(size_t n); which is not a declaration. */
        CSAT_API csat_status csat_one(const double *x, size_t n, double *out);
        CSAT_API CSAT_WARN_UNUSED csat_status csat_two(const double *x,
                                                       size_t n_rows, size_t n_cols);
        CSAT_API csat_status csat_counts(size_t *n_out);       /* pointer: not a size */
        CSAT_API csat_status csat_bytes(unsigned char *f, size_t cap);
        CSAT_API csat_status csat_missing(const double *x, const size_t n);
    """
    test = """
        static size_row rows[] = {
            ROW(one),
            ROW(two),
            /* ROW(missing), commented out: does not count */
            ROW(gone),
        };
        static size_row huge_is_valid[] = {
            ROW(bytes),
            ROW(one),
        };
    """
    funcs, problems = check(header, test)
    text = "\n".join(problems)
    expected = ["csat_one: listed more than once", "csat_gone: in test_sizes.c but not",
                "csat_missing (n): size-taking function without a row"]
    missing = [e for e in expected if e not in text]
    if (missing or len(problems) != len(expected)
            or sorted(funcs) != ["csat_bytes", "csat_missing", "csat_one", "csat_two"]
            or funcs["csat_two"] != ["n_rows", "n_cols"]):
        print("self-test failed; functions " + ", ".join(sorted(funcs)) + "; problems found:\n"
              + text)
        return 1
    print("self-test: the checker finds missing, stale and doubled rows")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        header_text = f.read()
    with open(argv[2], encoding="utf-8") as f:
        test_text = f.read()
    funcs, problems = check(header_text, test_text)
    for p in problems:
        print(p)
    if not funcs:
        print("no size-taking functions found in", argv[1])
        return 1
    print(f"{len(funcs)} size-taking functions of csat.h checked against test_sizes.c, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
