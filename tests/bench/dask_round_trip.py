#!/usr/bin/env python3
"""The cost of one csat.dask round trip without the computing: on a LocalCluster
of 2 single-threaded workers, rounds of N no-op tasks, each returning what a
fit's chunk returns (a log-likelihood, a gradient of 4 and a 4 x 4 Hessian),
N = 16 .. 2048; the median and minimum of 7 rounds. Run by hand (see
docs/scaling.md):

    /usr/bin/python3 tests/bench/dask_round_trip.py
"""
import time, statistics
import distributed

def noop(p, x):
    return (x, [0.0] * 4, [[0.0] * 4] * 4)

if __name__ == "__main__":
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cl, distributed.Client(cl) as c:
        for n in (16, 64, 256, 1024, 2048):
            parts = c.scatter(list(range(n)))
            times = []
            for rep in range(7):
                t = time.perf_counter()
                c.gather([c.submit(noop, [1.0, 2.0, 3.0, 4.0], p, pure=False) for p in parts])
                times.append(time.perf_counter() - t)
            print(f"{n:5d} tasks a round: median {statistics.median(times)*1e3:7.1f} ms, "
                  f"min {min(times)*1e3:7.1f} ms ({statistics.median(times)/n*1e3:.2f} ms a task)", flush=True)
