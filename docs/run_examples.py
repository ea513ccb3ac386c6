#!/usr/bin/env python3
"""Run the documentation's examples and compare their output with the pages'.

docs/examples/*.c are compiled against the build tree's libcsat and run;
docs/examples/*.py are run with this Python and the source tree's bindings.
Each one's standard output must equal docs/examples/<name>.out, which the
pages show next to the code (literalinclude), so the code and output on the
site are what the library does. All run from the top of the source tree (the
examples read tests/data/).

Usage: run_examples.py [--update] [--build DIR] [NAME...]
  --update   write the .out files instead of comparing
  --build    the Meson build directory (default: build); its src/libcsat.so
             is used (CSAT_LIBRARY for Python, -L and rpath for C)
Exit 1 on any difference or failure.
"""
import argparse
import difflib
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(path, build, tmp):
    name = os.path.splitext(os.path.basename(path))[0]
    env = dict(os.environ)
    lib = os.path.join(build, "src")
    if path.endswith(".c"):
        exe = os.path.join(tmp, name)
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", os.path.join(ROOT, "include"),
                        path, "-L", lib, "-lcsat", "-lm", "-Wl,-rpath," + lib, "-o", exe], check=True)
        cmd = [exe]
    else:
        env["PYTHONPATH"] = os.path.join(ROOT, "bindings", "python")
        env["CSAT_LIBRARY"] = os.path.join(lib, "libcsat.so")
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        cmd = [sys.executable, path]
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"{name}: exit {p.returncode}\n{p.stderr}")
    return name, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    files = sorted(glob.glob(os.path.join(HERE, "examples", "*.c")) +
                   glob.glob(os.path.join(HERE, "examples", "*.py")))
    if a.names:
        files = [f for f in files if os.path.splitext(os.path.basename(f))[0] in a.names]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            try:
                name, out = run(f, build, tmp)
            except (RuntimeError, subprocess.CalledProcessError) as e:
                print(f"FAIL {os.path.basename(f)}: {e}")
                bad += 1
                continue
            ref = os.path.join(HERE, "examples", name + ".out")
            if a.update:
                with open(ref, "w", encoding="utf-8") as fh:
                    fh.write(out)
                print(f"wrote {os.path.relpath(ref, ROOT)}")
                continue
            try:
                with open(ref, encoding="utf-8") as fh:
                    want = fh.read()
            except FileNotFoundError:
                want = ""
            if out != want:
                bad += 1
                print(f"DIFF {os.path.basename(f)} (run with --update after checking):")
                sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), out.splitlines(True),
                                                           "expected", "got"))
            else:
                print(f"ok   {os.path.basename(f)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
