#!/usr/bin/env python3
"""Checks that src/ includes only point down its layers.

Every source under src/ lives in an area folder. Areas come in layers, and a
file may include the public header, headers of its own area, and headers of
areas in lower layers: never one beside it (same layer, other area) or above
it. Internal includes are written with their area ("numerics/optim.h"), so
the include line alone says which way it points. Run by meson test (suite
'layout'); exits 1 and lists each offending line.

Usage: check_layers.py SRC_DIR
"""
import os
import re
import sys

# Lower number = lower layer. Keep in step with src/meson.build.
LAYERS = {
    "core": 0,
    "numerics": 1,
    "customers": 2, "value": 2, "survey": 2,
    "btyd": 3, "retention": 3, "segments": 3,
}
PUBLIC = {"csat.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def check(src):
    problems = []
    seen = 0
    for root, _dirs, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            parts = rel.split(os.sep)
            if len(parts) != 2 or parts[0] not in LAYERS:
                problems.append(f"{rel}: not in an area folder ({', '.join(LAYERS)})")
                continue
            area = parts[0]
            seen += 1
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = m.group(1)
                    where = f"{rel}:{lineno}: #include \"{target}\""
                    if target in PUBLIC:
                        continue
                    tparts = target.split("/")
                    if len(tparts) != 2 or tparts[0] not in LAYERS:
                        problems.append(f"{where}: name internal headers by area (\"core/internal.h\")")
                        continue
                    if not os.path.isfile(os.path.join(src, target)):
                        problems.append(f"{where}: no such header")
                        continue
                    tarea = tparts[0]
                    if tarea == area:
                        continue
                    if LAYERS[tarea] > LAYERS[area]:
                        problems.append(f"{where}: {area} (layer {LAYERS[area]}) includes from "
                                        f"{tarea} (layer {LAYERS[tarea]}), above it")
                    elif LAYERS[tarea] == LAYERS[area]:
                        problems.append(f"{where}: {area} includes from {tarea}, beside it in "
                                        f"layer {LAYERS[area]}")
    return seen, problems


def self_test():
    """The checker must catch what it is for: a tree with each kind of slip."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        files = {
            "core/a.h": "",
            "core/up.c": '#include "segments/s.h"\n',
            "numerics/n.h": '#include "core/a.h"\n',
            "btyd/side.c": '#include "retention/r.h"\n#include "numerics/n.h"\n',
            "retention/r.h": "",
            "segments/s.h": "",
            "survey/bare.c": '#include "a.h"\n',
            "loose.c": "",
        }
        for rel, text in files.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w") as f:
                f.write(text)
        _seen, problems = check(d)
    text = "\n".join(problems)
    expected = ["core/up.c:1", "btyd/side.c:1", "survey/bare.c:1", "loose.c: not in an area"]
    missing = [e for e in expected if e not in text]
    if missing or "btyd/side.c:2" in text or len(problems) != len(expected):
        print("self-test failed; problems found:\n" + text)
        return 1
    print("self-test: the checker finds upward, sideways, unqualified and loose files")
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    seen, problems = check(argv[1])
    for p in problems:
        print(p)
    if seen == 0:
        print("no sources found under", argv[1])
        return 1
    print(f"{seen} files checked, {len(problems)} layering problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
