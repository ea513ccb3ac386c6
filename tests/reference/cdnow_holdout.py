"""Independent check values for the CDNOW calibration/holdout split in
tests/customers/test_customers.c (plain Python, no libcsat).

Definitions as in lifetimes' calibration_and_holdout_data with freq='D':
calibration = days <= 1997-09-30, holdout = 1997-10-01 .. 1998-06-30;
frequency_holdout = distinct holdout purchase days; monetary_value_holdout =
mean per-day amount of those days (lifetimes averages raw transactions here
instead; libcsat uses per-period sums like the calibration monetary value).

Run: python3 tests/reference/cdnow_holdout.py tests/data/CDNOW_sample.txt
"""
import datetime
import sys
from collections import defaultdict


def main(path):
    cal_end = datetime.date(1997, 9, 30)
    obs_end = datetime.date(1998, 6, 30)
    days = defaultdict(lambda: defaultdict(float))
    first = {}
    for line in open(path):
        f = line.split()
        cid, d, amt = int(f[1]), datetime.datetime.strptime(f[2], "%Y%m%d").date(), float(f[4])
        days[cid][d] += amt
        first[cid] = min(first.get(cid, d), d)
    f_sum = 0
    m_sum = 0.0
    buyers = 0
    for cid in sorted(days):
        hold = [a for d, a in days[cid].items() if cal_end < d <= obs_end]
        f_sum += len(hold)
        if hold:
            buyers += 1
            m_sum += sum(hold) / len(hold)
    print("customers", len(days))
    print("sum frequency_holdout", f_sum)
    print("customers with holdout purchases", buyers)
    print("sum monetary_value_holdout %.10f" % m_sum)
    print("duration_holdout weeks %.17g" % ((obs_end - cal_end).days / 7))
    for cid in (1, 2, 6, 13, 46):
        hold = sorted((d, a) for d, a in days[cid].items() if cal_end < d <= obs_end)
        mv = sum(a for _, a in hold) / len(hold) if hold else 0.0
        print("customer", cid, "frequency_holdout", len(hold), "monetary_value_holdout %.10f" % mv)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/CDNOW_sample.txt")
