#!/usr/bin/env python3
"""Lists the public functions that no fuzz target calls.

Every function declared in include/csat.h must be called by some
tests/fuzz/fuzz_*.c, except the few pure getters in ALLOWED (each with the
reason it needs no fuzzing). Exits 1 and prints the unfuzzed names when
any is missing, so that a new function cannot land without a fuzz target.

Usage: check_fuzzed.py HEADER FUZZ_DIR
       check_fuzzed.py --budget SECONDS HEADER FUZZ_DIR

With --budget, prints one line per target instead, "fuzz_NAME SECONDS COUNT
RUNS": a total fuzzing time split across the targets in proportion to the
number of public functions each calls (at least 1 s each; the shares never
add up to more than the total when it allows 1 s per target), and the number
of inputs that time holds at the target's rate in RATE. .ci/run runs each
target for exactly RUNS inputs from a fixed seed, so that a commit's fuzz run
is the same everywhere: what passes here passes in CI (a slower machine that
hits the time cap runs a prefix of the same inputs).
"""
import os
import re
import sys

# Functions that take no input a fuzzer could vary, or only a handle.
ALLOWED = {
    "csat_version_string": "no arguments",
    "csat_version_number": "no arguments",
    "csat_soversion": "no arguments",
    "csat_strerror": "a status code: total over int, tested in test_core",
}


def declared(header):
    text = re.sub(r"/\*.*?\*/", "", open(header, encoding="utf-8").read(), flags=re.S)
    return {name for name in re.findall(r"\b(csat_[a-z0-9_]+)\s*\(", text)
            if not name.endswith("_INIT")}


def names_in(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
    return set(re.findall(r"\b(csat_[a-z0-9_]+)\b", text))


def called(fuzz_dir):
    names = set()
    for f in sorted(os.listdir(fuzz_dir)):
        if f.startswith("fuzz_") and f.endswith((".c", ".h")):
            names |= names_in(os.path.join(fuzz_dir, f))
    return names


# Inputs per second of each target under ASan+UBSan with its corpus: half of
# what a 2-core machine of CI's kind ran while it was busy (2026-12-04: -seed
# 20261204, 12 s each), so that a loaded machine still runs every input within
# the time cap; a target missing here counts 50 a second.
RATE = {
    "fuzz_btyd": 425, "fuzz_churn": 1150, "fuzz_core": 15000, "fuzz_customers": 1200,
    "fuzz_retention": 25, "fuzz_segmentation": 400, "fuzz_spend": 550, "fuzz_survey": 7500,
    "fuzz_value_model": 2500,
}


def budget(total, api, fuzz_dir):
    """(target, seconds, public functions called, runs) for every fuzz_*.c."""
    counts = {f[:-2]: len(names_in(os.path.join(fuzz_dir, f)) & api)
              for f in sorted(os.listdir(fuzz_dir)) if f.startswith("fuzz_") and f.endswith(".c")}
    weight = sum(counts.values()) or 1
    shares = [(t, max(1, int(total * c / weight)), c) for t, c in counts.items()]
    return [(t, secs, c, secs * RATE.get(t, 50)) for t, secs, c in shares]


def main(argv):
    if len(argv) == 5 and argv[1] == "--budget":
        for target, secs, count, runs in budget(int(argv[2]), declared(argv[3]), argv[4]):
            print(target, secs, count, runs)
        return 0
    if len(argv) != 3:
        print("usage: check_fuzzed.py [--budget SECONDS] HEADER FUZZ_DIR", file=sys.stderr)
        return 2
    api = declared(argv[1])
    missing = sorted(api - called(argv[2]) - set(ALLOWED))
    stale = sorted(set(ALLOWED) - api)
    for name in missing:
        print(f"not called by any fuzz target: {name}")
    for name in stale:
        print(f"allow-listed but not in the header: {name}")
    print(f"{len(api)} public functions, {len(missing)} unfuzzed, {len(ALLOWED)} allow-listed")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
