#!/bin/sh
# expect.sh STATUS STREAM [-p TEXT]... -- PROGRAM [ARGS...]
#
# Runs PROGRAM and passes (exit 0) when it exits with STATUS and its STREAM
# (stdout or stderr) contains every TEXT (fixed strings); otherwise prints
# what it got and fails. Used by examples/meson.build and .ci/examples to
# check the examples' --help, error messages and exit codes.
set -u
if [ $# -lt 4 ]; then
    echo "usage: expect.sh STATUS stdout|stderr [-p TEXT]... -- PROGRAM [ARGS...]" >&2
    exit 2
fi
want=$1 stream=$2
shift 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/patterns"
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
    [ "$1" = "-p" ] && [ $# -ge 2 ] || { echo "expect.sh: expected -p TEXT or --, got '$1'" >&2; exit 2; }
    printf '%s\n' "$2" >>"$tmp/patterns"
    shift 2
done
[ $# -ge 2 ] || { echo "expect.sh: no program after --" >&2; exit 2; }
shift
"$@" >"$tmp/stdout" 2>"$tmp/stderr"
got=$?
fail=0
if [ "$got" -ne "$want" ]; then
    echo "FAIL: $* exited with $got, expected $want" >&2
    fail=1
fi
while IFS= read -r text; do
    if ! grep -F -q -e "$text" "$tmp/$stream"; then
        echo "FAIL: $* did not print on $stream: $text" >&2
        fail=1
    fi
done <"$tmp/patterns"
if [ "$fail" -ne 0 ]; then
    echo "--- stdout (first 20 lines)" >&2
    head -20 "$tmp/stdout" >&2
    echo "--- stderr" >&2
    head -20 "$tmp/stderr" >&2
    exit 1
fi
echo "ok: $* -> exit $got"
exit 0
