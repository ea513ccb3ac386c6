"""4 threads share one Customers store, one KMeans, one LogisticChurn and one
BG/NBD model (each object serialises its own C calls with its lock); a fifth
thread closes a second set of shared objects while the four use them, and
they must then see ClosedError, never a crash. Run by test_safety.py in a
subprocess (a crash is its exit status); prints "hammer ok" on success."""
import random
import sys
import threading

import csat
from _util import model

N_THREADS, ROUNDS = 4, 12
errors = []


def data(seed):
    rnd = random.Random(seed)
    X = [[rnd.gauss(0, 1) + 4 * (i % 3), rnd.gauss(0, 1)] for i in range(3000)]
    y = [1.0 if x[0] + rnd.gauss(0, 2) > 4 else 0.0 for x in X]
    ids = [rnd.randrange(500) for _ in range(4000)]
    times = [float(rnd.randrange(365)) for _ in range(4000)]
    return X, y, ids, times


def objects():
    m = model(csat.BGNBD, r=0.25, alpha=4.5, a=0.75, b=2.5)
    return {"store": csat.Customers(), "km": csat.KMeans(3, seed=1, n_init=2),
            "lr": csat.LogisticChurn(l2=0.1), "bg": m}


shared = objects()
victims = objects()  # closed midway by the closer thread
started = threading.Barrier(N_THREADS + 1)


def work(objs, X, y, ids, times, who):
    store, km, lr, bg = objs["store"], objs["km"], objs["lr"], objs["bg"]
    store.add(ids, times)
    try:
        s = store.summary(observation_end=400.0)
    except csat.Misuse:
        s = None  # another thread added after this summary: fine
    ids = None if s is None else (s["id"] if isinstance(s, dict) else s.index)  # DataFrame: by id
    if ids is not None and len(ids):
        store.transactions(int(ids[0]))
        try:
            store.lookup(int(ids[0]))
        except csat.Misuse:
            pass  # the summary was discarded by another thread's add
    store.ids()
    km.fit(X)
    lr.fit(X, y)
    lr.predict(X[:100])
    f = [float(i % 5) for i in range(500)]
    bg.p_alive(f, [v * 2 for v in f], [20.0] * 500)
    bg.expected_purchases(10, f, [v * 2 for v in f], [20.0] * 500)
    if who == 0:
        bg.params_ = dict(r=0.25, alpha=4.5, a=0.75, b=2.5)


def runner(i):
    X, y, ids, times = data(i)
    started.wait()
    for _ in range(ROUNDS):
        try:
            work(shared, X, y, ids, times, i)
        except Exception as e:  # noqa: BLE001
            errors.append(f"shared, thread {i}: {type(e).__name__}: {e}")
        try:
            work(victims, X, y, ids, times, i)
        except csat.ClosedError:
            pass
        except Exception as e:  # noqa: BLE001
            errors.append(f"victims, thread {i}: {type(e).__name__}: {e}")


def closer():
    started.wait()
    for obj in victims.values():
        threading.Event().wait(0.05)
        obj.close()


threads = [threading.Thread(target=runner, args=(i,)) for i in range(N_THREADS)]
threads.append(threading.Thread(target=closer))
for t in threads:
    t.start()
for t in threads:
    t.join()
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("hammer ok")
