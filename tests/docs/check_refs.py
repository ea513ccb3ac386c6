#!/usr/bin/env python3
"""Every documentation reference in a source file resolves.

A reference is ``docs/<path>`` (a file under the project's docs/ folder),
optionally followed by ``, N`` / ``, N.M`` or a range ``, N.M-N.M`` /
``, sections N-M``: the section numbers of the theory pages. The file must
exist; for a numbered reference, the file must hold the section label
``.. _theory-N.M:`` for each number given (both ends of a range), or, when
the file is an ``index.rst``, some page in its folder must. Also fails on
any reference to ``models.md``, the research notes that are not part of the
project.

Usage: check_refs.py DOCS_DIR FILE_OR_FOLDER...
       (meson test docs_refs: include/csat.h, README.md and the source
       files under src/, tests/, examples/ and bindings/: .c .h .py .R .sh,
       except this checker and its self-test data)
       check_refs.py --self-test
Needs no Sphinx. Prints each problem as FILE:LINE: message; exit 1 if any.
"""
import os
import re
import sys
import tempfile

REF = re.compile(r"docs/([\w./-]+\.(?:rst|md|txt|py))"
                 r"(?:,\s*(?:sections?\s+)?(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?)?")


def labels_in(path):
    try:
        with open(path, encoding="utf-8") as f:
            return set(re.findall(r"^\.\. _theory-([\d.]+):\s*$", f.read(), re.M))
    except OSError:
        return set()


def check(docs_dir, files):
    problems = []
    for src in files:
        with open(src, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for no, line in enumerate(lines, 1):
            if "models.md" in line:
                problems.append(f"{src}:{no}: cites models.md, which the project does not contain")
            for m in REF.finditer(line):
                rel, first, last = m.group(1), m.group(2), m.group(3)
                path = os.path.join(docs_dir, rel)
                if not os.path.isfile(path):
                    problems.append(f"{src}:{no}: docs/{rel} does not exist")
                    continue
                wanted = [x for x in (first, last) if x]
                if not wanted:
                    continue
                have = labels_in(path)
                if os.path.basename(path) == "index.rst":
                    folder = os.path.dirname(path)
                    for f in os.listdir(folder):
                        if f.endswith(".rst"):
                            have |= labels_in(os.path.join(folder, f))
                for w in wanted:
                    if w not in have:
                        problems.append(f"{src}:{no}: docs/{rel} has no section {w} "
                                        f"(label '.. _theory-{w}:')")
    return problems


def self_test():
    with tempfile.TemporaryDirectory() as d:
        docs = os.path.join(d, "docs")
        os.makedirs(os.path.join(docs, "theory"))
        with open(os.path.join(docs, "theory", "a.rst"), "w") as f:
            f.write(".. _theory-3:\n\nT\n=\n\n.. _theory-3.2:\n\nx\n-\n")
        with open(os.path.join(docs, "theory", "index.rst"), "w") as f:
            f.write("Theory\n======\n")
        good = os.path.join(d, "good.h")
        with open(good, "w") as f:
            f.write("/* (docs/theory/a.rst, 3.2) and docs/theory/a.rst, 3 */\n"
                    "/* docs/theory/a.rst and (docs/theory/index.rst, sections 3-3.2) */\n"
                    "/* (docs/theory/a.rst, 3-3.2): a range */\n")
        bad = os.path.join(d, "bad.h")
        with open(bad, "w") as f:
            f.write("/* (docs/theory/b.rst, 1) */\n/* (docs/theory/a.rst, 3.3) */\n"
                    "/* models.md 3.2 */\n/* (docs/theory/a.rst, 3.2-4) */\n")
        assert check(docs, [good]) == [], check(docs, [good])
        found = check(docs, [bad])
        assert len(found) == 4, found
        assert "b.rst does not exist" in found[0] and "no section 3.3" in found[1]
        assert "models.md" in found[2] and "no section 4 " in found[3], found
    print("self-test passed")
    return 0


SOURCES = (".c", ".h", ".py", ".R", ".sh", ".md", ".rst")


def expand(paths):
    """Files as given; folders walked for source files (this checker left out:
    it cites what it looks for)."""
    me = os.path.abspath(__file__)
    out = []
    for p in paths:
        if not os.path.isdir(p):
            out.append(p)
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "build")))
            out += [os.path.join(root, n) for n in sorted(names)
                    if n.endswith(SOURCES) and os.path.abspath(os.path.join(root, n)) != me]
    return out


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    files = expand(argv[2:])
    problems = check(argv[1], files)
    for p in problems:
        print(p)
    n = sum(len(REF.findall(open(f, encoding="utf-8").read())) for f in files)
    print(f"{n} references checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
