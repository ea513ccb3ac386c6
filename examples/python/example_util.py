"""Helpers shared by the pandas examples in this folder (they import it as a
sibling module): the argument parser built from a script's docstring, the
error exit ("name: FILE:LINE: what is wrong", exit status 1), the numpy and
pandas import (exit 77, skipped, without them) and the two file readers.
"""
import argparse
import csv
import sys

PROG = "example"


def parser(prog, doc):
    """An ArgumentParser for script `prog`: the docstring's first paragraph
    as the description, the text after its usage block as the epilog."""
    global PROG
    PROG = prog
    return argparse.ArgumentParser(prog=prog, description=doc.split("\n\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter,
                                   epilog=doc.split("\n\n", 2)[2])


def fail(message):
    """Print "prog: message" on stderr and exit with status 1."""
    print(f"{PROG}: {message}", file=sys.stderr)
    sys.exit(1)


def numpy_pandas():
    """(numpy, pandas), or exit 77 (skipped) when either is missing."""
    try:
        import numpy
        import pandas
    except ImportError as e:
        print(f"{PROG}: skipped: {e} (needs numpy and pandas)", file=sys.stderr)
        sys.exit(77)
    return numpy, pandas


def _open_lines(path):
    try:
        with open(path, newline="") as f:
            return f.read().splitlines()
    except OSError as e:
        fail(f"cannot open {path}: {e.strerror}")


def read_transactions(path, pd, widths=(4,)):
    """A whitespace-separated log "[other_id] customer_id date count amount"
    (the field counts in widths; the first data line decides, every line
    must then have as many; one header line allowed) as a frame of
    customer_id, date (Timestamp) and amount. Exits naming FILE:LINE on a
    malformed line."""
    rows, width = [], None
    for number, line in enumerate(_open_lines(path), 1):
        fields = line.split()
        if not fields:
            continue
        if width is None:
            if len(fields) not in widths:
                fail(f"{path}:{number}: expected " + " or ".join(map(str, widths)) + f" fields, got {len(fields)}")
            if number == 1 and not fields[len(fields) - 4].isdigit():
                continue  # a header line
            width = len(fields)
        if len(fields) != width:
            fail(f"{path}:{number}: expected {width} fields, got {len(fields)}")
        cid, date, count, amount = fields[width - 4:]
        if not cid.isdigit():
            fail(f"{path}:{number}: customer id '{cid[:60]}' is not an unsigned integer")
        digits = date.replace("-", "") if len(date) == 10 and date[4] == date[7] == "-" else date
        try:
            day = pd.Timestamp(digits) if len(digits) == 8 and digits.isdigit() else None
        except ValueError:
            day = None
        if day is None:
            fail(f"{path}:{number}: date '{date[:60]}' is not a date (YYYYMMDD or YYYY-MM-DD)")
        try:
            value = float(amount)
            float(count)
        except ValueError:
            fail(f"{path}:{number}: count '{count[:60]}' or amount '{amount[:60]}' is not a number")
        rows.append((int(cid), day, value))
    if not rows:
        fail(f"{path}: no transactions")
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


def read_csv_rows(path, needed=()):
    """A CSV file with a header line: (header, [(line number, fields)]),
    every row as long as the header and every name in needed a column.
    Exits naming FILE:LINE otherwise."""
    rows = list(csv.reader(_open_lines(path)))
    if not rows:
        fail(f"{path}: empty file (expected a header line)")
    header, out = rows[0], []
    for name in needed:
        if name not in header:
            fail(f"{path}:1: no column '{name}' in the header (try --help)")
    for number, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(header):
            fail(f"{path}:{number}: expected {len(header)} fields (as in the header), got {len(row)}")
        out.append((number, row))
    if not out:
        fail(f"{path}: no rows after the header line")
    return header, out
