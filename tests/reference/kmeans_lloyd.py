"""Independent reference for tests/segments/test_kmeans.c: plain-Python Lloyd iterations
(no numpy, no libcsat) from fixed starting centres on a deterministic data set.

Data: 300 rows x 3 features, row i = (sin(1.3 i) * 4 + (i % 3) * 5,
cos(0.7 i) * 3 + (i % 3), ((i * 37) % 101) / 25). Start centres: rows 0, 1, 2, 3.
Runs to a fixed point (labels unchanged) and prints centres, inertia, iterations.
Run: python3 tests/reference/kmeans_lloyd.py
"""
import math


def data():
    return [[math.sin(1.3 * i) * 4 + (i % 3) * 5, math.cos(0.7 * i) * 3 + (i % 3), ((i * 37) % 101) / 25]
            for i in range(300)]


def lloyd(X, C):
    labels = None
    it = 0
    while True:
        new = [min(range(len(C)), key=lambda c: sum((x[j] - C[c][j]) ** 2 for j in range(3))) for x in X]
        if new == labels:
            break
        labels = new
        it += 1
        for c in range(len(C)):
            pts = [x for x, l in zip(X, labels) if l == c]
            if pts:
                C[c] = [math.fsum(p[j] for p in pts) / len(pts) for j in range(3)]
    inertia = math.fsum(sum((x[j] - C[l][j]) ** 2 for j in range(3)) for x, l in zip(X, labels))
    return C, inertia, labels, it


if __name__ == "__main__":
    X = data()
    C, inertia, labels, it = lloyd(X, [list(X[i]) for i in range(4)])
    for c in C:
        print("{%r, %r, %r}," % tuple(c))
    print("inertia %r iterations %d" % (inertia, it))
    print("counts", [labels.count(c) for c in range(4)])
