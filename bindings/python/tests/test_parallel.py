"""n_jobs (issue 18): every model class and the customer store take scikit-learn's
n_jobs, keep it as given, apply it to the C handle before each call, and give
bit-identical results whatever its value."""
import copy
import pickle
import struct
import threading
import unittest

import csat
from csat import _parallel
from _util import cdnow_sample, load_csv


def bits(values):
    """The exact bits of a number or a (nested) sequence/dict of numbers."""
    if isinstance(values, dict):
        return {k: bits(v) for k, v in values.items()}
    if hasattr(values, "tolist"):
        values = values.tolist()
    if isinstance(values, (list, tuple)):
        return [bits(v) for v in values]
    if isinstance(values, float):
        return struct.pack("<d", values)
    return values


F, R, T = load_csv("cdnow_customers_summary.csv")[1:4]
JOBS = (None, 1, 2, 3, -1)


class TestThreads(unittest.TestCase):
    def test_n_jobs_to_threads(self):
        cores = _parallel.cpu_count()
        self.assertGreaterEqual(cores, 1)
        self.assertEqual(_parallel.threads(None), 1)
        self.assertEqual(_parallel.threads(1), 1)
        self.assertEqual(_parallel.threads(4), 4)
        self.assertEqual(_parallel.threads(-1), cores)
        self.assertEqual(_parallel.threads(-2), max(1, cores - 1))
        self.assertEqual(_parallel.threads(-10 ** 6), 1)
        with self.assertRaises(csat.InvalidArgument):
            _parallel.threads(0)
        with self.assertRaises(csat.InvalidType):
            _parallel.threads(2.0)

    def test_btyd_bit_identical(self):
        for cls in (csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD):
            ref = None
            for n_jobs in JOBS:
                m = cls(n_jobs=n_jobs).fit(F, R, T)
                got = bits((m.params_, m.standard_errors_, m.log_likelihood_,
                            m.p_alive(F, R, T), m.expected_purchases(39.0, F, R, T),
                            m.expected_purchases(500.0, F, R, T)))
                if ref is None:
                    ref = got
                self.assertEqual(got, ref, f"{cls.__name__}(n_jobs={n_jobs})")

    def test_kmeans_bit_identical(self):
        X = [[F[i], R[i], T[i]] for i in range(len(F))]
        ref = None
        for n_jobs in JOBS:
            km = csat.KMeans(4, seed=1, n_jobs=n_jobs).fit(X)
            got = bits((km.cluster_centers_, km.labels_, km.inertia_))
            ref = ref or got
            self.assertEqual(got, ref, f"n_jobs={n_jobs}")

    def test_store_and_survival_bit_identical(self):
        ids, days, amounts = cdnow_sample()
        ref = None
        for n_jobs in JOBS:
            c = csat.Customers(n_jobs=n_jobs)
            c.add(ids, days, amounts)
            s = c.summary(observation_end=545)
            km = csat.KaplanMeier(n_jobs=n_jobs).fit(T, [1.0 if f > 0 else 0.0 for f in F])
            km_s = km.survival_at([1.0, 10.0, 20.0, 30.0, 38.0])
            got = bits(([s[k] for k in ("frequency", "recency", "T")], km_s, km.restricted_mean(30.0)))
            ref = ref or got
            self.assertEqual(got, ref, f"n_jobs={n_jobs}")

    def test_transaction_summaries(self):
        ids, days, amounts = cdnow_sample()
        tx = {"id": ids, "t": [float(d) for d in days], "amount": amounts}
        ref = None
        for n_jobs in JOBS:
            s = csat.summary_data_from_transaction_data(tx, "id", "t", "amount", n_jobs=n_jobs)
            c = csat.calibration_and_holdout_data(tx, "id", "t", 272.0, n_jobs=n_jobs)
            got = bits(([s[k] for k in ("frequency", "recency", "T", "monetary_value")],
                        [c[k] for k in ("frequency_cal", "frequency_holdout")]))
            ref = ref or got
            self.assertEqual(got, ref, f"n_jobs={n_jobs}")
        with self.assertRaises(csat.InvalidArgument):
            csat.summary_data_from_transaction_data(tx, "id", "t", n_jobs=0)

    def test_regressions_bit_identical(self):
        X = [[F[i], R[i] / 10.0] for i in range(2000)]
        y = [1 if T[i] - R[i] > 20 else 0 for i in range(2000)]
        ref = None
        for n_jobs in JOBS:
            lr = csat.LogisticChurn(n_jobs=n_jobs).fit(X, y)
            cox = csat.CoxPH(n_jobs=n_jobs).fit(X, [T[i] - R[i] + 1.0 for i in range(2000)], y)
            got = bits((lr.coef_, lr.standard_errors_, cox.coef_, cox.standard_errors_))
            ref = ref or got
            self.assertEqual(got, ref, f"n_jobs={n_jobs}")

    def test_kept_as_given_and_copied(self):
        m = csat.BGNBD(n_jobs=-1)
        self.assertEqual(m.get_params()["n_jobs"], -1)
        m.set_params(n_jobs=2)
        self.assertEqual(m.n_jobs, 2)
        m.fit(F, R, T)
        for c in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
            self.assertEqual(c.n_jobs, 2)
            self.assertEqual(bits(c.p_alive(F[:50], R[:50], T[:50])),
                             bits(m.p_alive(F[:50], R[:50], T[:50])))
        with self.assertRaises(csat.InvalidArgument):
            m.set_params(n_jobs=0)
        m.n_jobs = 0  # set behind set_params' back: the next call says so
        with self.assertRaises(csat.InvalidArgument):
            m.p_alive(F[:5], R[:5], T[:5])
        m.n_jobs = None
        self.assertEqual(len(m.p_alive(F[:5], R[:5], T[:5])), 5)

    def test_threads_from_python_threads(self):
        """Threaded calls on separate objects from several Python threads (the GIL is
        released during C calls)."""
        out = [None] * 4

        def work(i):
            out[i] = bits(csat.BGNBD(n_jobs=2).fit(F, R, T).params_)
        ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertTrue(all(o == out[0] for o in out))


if __name__ == "__main__":
    unittest.main()
