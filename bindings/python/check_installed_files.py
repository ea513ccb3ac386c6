#!/usr/bin/env python3
"""Fails when a module of bindings/python/csat is not in meson.build's
csat_py_sources (the list meson install and the wheel install), or the list
names a file that does not exist.

Usage: check_installed_files.py MESON_BUILD PACKAGE_DIR
"""
import os
import re
import sys


def main(argv):
    build, pkg = argv[1], argv[2]
    # meson comments out first: a ')' in one would end the list early
    text = re.sub(r"#[^\n]*", "", open(build, encoding="utf-8").read())
    block = re.search(r"csat_py_sources = files\((.*?)\)", text, re.S)
    listed = set(re.findall(r"'csat/([^']+\.py)'", block.group(1))) if block else set()
    present = {f for f in os.listdir(pkg) if f.endswith(".py")}
    missing, stale = sorted(present - listed), sorted(listed - present)
    for f in missing:
        print(f"csat/{f} is not in csat_py_sources ({build}): it would not be installed")
    for f in stale:
        print(f"csat_py_sources names csat/{f}, which does not exist")
    print(f"{len(present)} modules, {len(missing)} not installed, {len(stale)} stale")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
