"""Memory safety of the bindings (issue 11, section 2): copies and pickles are
independent objects, closed objects refuse calls, one object shared by threads
does not crash, every length and integer is checked before C sees it, and the
calls that crashed the process before now raise."""
import copy
import gc
import math
import os
import pickle
import subprocess
import sys
import threading
import unittest

import csat
from _util import cdnow_sample, load_csv, model

HERE = os.path.dirname(os.path.abspath(__file__))
AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]


_, X, TX, T, Z = load_csv("cdnow_customers_summary_with_transactions.csv")
BB_F, BB_R, BB_N, BB_W = load_csv("donations.csv")

COPIERS = {
    "copy.copy": copy.copy,
    "copy.deepcopy": copy.deepcopy,
    "pickle": lambda o: pickle.loads(pickle.dumps(o)),
    "pickle protocol 0": lambda o: pickle.loads(pickle.dumps(o, protocol=0)),
}


def _plain(v):
    """Results as plain Python values, for exact comparison."""
    if type(v).__module__.startswith("pandas") and hasattr(v, "columns"):  # a DataFrame
        return {"index": v.index.tolist(), **{c: v[c].tolist() for c in v.columns},
                "attrs": dict(v.attrs)}
    if hasattr(v, "tolist"):
        return v.tolist()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)) or type(v).__name__ == "array":
        return [_plain(x) for x in v]
    return v


def _observe(obj, probes):
    """{probe name: result or the exception's class and message}."""
    out = {}
    for name, probe in probes.items():
        try:
            out[name] = _plain(probe(obj))
        except csat.CsatError as e:
            out[name] = (type(e).__name__, str(e))
    return out


def _churn_memory():
    """Reuse freed memory, so that a copy still pointing at it would read garbage."""
    junk = [model(csat.BGNBD, r=9.0, alpha=9.0, a=9.0, b=9.0) for _ in range(50)]
    junk += [csat.Customers() for _ in range(50)]
    for j in junk:
        if isinstance(j, csat.Customers):
            j.add([1, 2, 3], [0.0, 1.0, 2.0])
    return junk


BTYD_PROBES = {
    "params": lambda m: m.params_,
    "standard_errors": lambda m: m.standard_errors_,
    "log_likelihood": lambda m: (m.log_likelihood_, m.aic_, m.bic_, m.n_customers_),
    "fit_report": lambda m: m.fit_report_,
    "repr": repr,
    "p_alive": lambda m: m.p_alive(X[:300], TX[:300], T[:300]),
    "expected": lambda m: m.expected_purchases(39, X[:300], TX[:300], T[:300]),
    "expected_new": lambda m: m.expected_purchases_new([1.0, 10.0, 39.0]),
    "prob": lambda m: m.prob_purchases([0, 1, 2, 3], 39),
}
BGBB_PROBES = dict(BTYD_PROBES,
                   p_alive=lambda m: m.p_alive(BB_F, BB_R, BB_N),
                   expected=lambda m: m.expected_purchases(5, BB_F, BB_R, BB_N),
                   expected_new=lambda m: m.expected_purchases_new([1.0, 5.0]),
                   prob=lambda m: m.prob_purchases([0, 1, 2], 5))
GG_X = [x for x, z in zip(X, Z) if x > 0]
GG_Z = [z for x, z in zip(X, Z) if x > 0]
GG_PROBES = {"params": lambda m: m.params_, "standard_errors": lambda m: m.standard_errors_,
             "log_likelihood": lambda m: (m.log_likelihood_, m.aic_, m.bic_),
             "fit_report": lambda m: m.fit_report_, "repr": repr,
             "spend": lambda m: m.expected_spend(GG_X[:100], GG_Z[:100])}
SBG_PROBES = {"params": lambda m: m.params_, "std_err": lambda m: m.standard_errors_,
              "report": lambda m: m.fit_report_, "repr": repr,
              "stats": lambda m: (m.aic_, m.bic_, m.n_customers_),
              "survival": lambda m: m.survival(range(13)),
              "derl": lambda m: m.derl(0.1, 4)}
KM_COLUMNS = ("time", "n_risk", "n_event", "n_censor", "survival", "std_err", "lower", "upper")
KM_PROBES = dict({c: (lambda m, c=c: getattr(m, c + "_")) for c in KM_COLUMNS},
                 median=lambda m: (m.median_, m.median_ci_, m.n_customers_), repr=repr,
                 at=lambda m: m.survival_at([0, 5, 8.5, 30, 200]),
                 rmean=lambda m: m.restricted_mean(161))


def _store():
    c = csat.Customers()
    c.add(*cdnow_sample())
    return c


def _store_probes(ids):
    return {
        "len": len, "n_transactions": lambda c: c.n_transactions, "ids": lambda c: c.ids(),
        "transactions": lambda c: [c.transactions(i) for i in ids],
        "lookup": lambda c: [c.lookup(i) for i in ids],
    }


def _value_model():
    m = csat.ValueModel(weights={"monetary": 2.0})
    m.add_offering("A", product=4, monetary=1)
    m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
    m.add_segment("young", {"product": 2, "image": 3}, 0.25)
    return m


VALUE_PROBES = {"weights": lambda m: m.weights, "offerings": lambda m: m.offerings,
                "segments": lambda m: m.segments,
                "offering": lambda m: [m.offering(i) for i in range(len(m))],
                "segment": lambda m: m.segment(0),
                "evaluate": lambda m: m.evaluate(), "evaluate_young": lambda m: m.evaluate("young"),
                "share": lambda m: m.market_share(0.5)}


class TestCopies(unittest.TestCase):
    def check_copies(self, make, probes, mutate=None):
        """Each copier gives an object with its own handle that behaves as the
        original did, after the original is closed, deleted and collected."""
        for how, copier in COPIERS.items():
            with self.subTest(copier=how):
                original = make()
                before = _observe(original, probes)
                dup = copier(original)
                self.assertIsNot(dup, original)
                self.assertNotEqual(dup._ptr.value, original._ptr.value, "the copy shares the handle")
                if mutate is not None:  # changing the copy leaves the original alone
                    twin = copier(original)
                    mutate(twin)
                    self.assertEqual(_observe(original, probes), before)
                    twin.close()
                original.close()
                del original
                gc.collect()
                junk = _churn_memory()
                self.assertEqual(_observe(dup, probes), before)
                # a copy of the copy, from a copy that is itself a copy
                again = copier(dup)
                dup.close()
                self.assertEqual(_observe(again, probes), before)
                again.close()
                del junk

    def test_btyd(self):
        for cls in (csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD):
            with self.subTest(model=cls.__name__):
                self.check_copies(lambda: cls().fit(X, TX, T), BTYD_PROBES,
                                  mutate=lambda m: setattr(m, "params_", {k: 1.0 for k in m._names}))
        self.check_copies(lambda: csat.BGBB().fit(BB_F, BB_R, BB_N, weights=BB_W), BGBB_PROBES,
                          mutate=lambda m: setattr(m, "params_", dict(alpha=1.0, beta=1.0, gamma=1.0,
                                                                     delta=1.0)))

    def test_btyd_set_or_unfitted(self):
        # set by hand: parameters copy, the fit statistics are missing in both
        self.check_copies(lambda: model(csat.BGNBD, r=0.25, alpha=4.5, a=0.75, b=2.5), BTYD_PROBES)
        self.check_copies(csat.ParetoNBD, BTYD_PROBES)  # unfitted: every probe is Misuse

    def test_gamma_gamma(self):
        self.check_copies(lambda: csat.GammaGamma().fit(GG_X, GG_Z), GG_PROBES,
                          mutate=lambda m: setattr(m, "params_", dict(p=1.0, q=2.0, gamma=3.0)))

    def test_sbg(self):
        self.check_copies(lambda: csat.SBG().fit([1000, 631, 468, 382, 326, 289, 262, 241]),
                          SBG_PROBES, mutate=lambda m: m.fit([100, 50, 30, 20, 15]))
        self.check_copies(lambda: model(csat.SBG, alpha=0.75, beta=1.25), SBG_PROBES)

    def test_kaplan_meier(self):
        self.check_copies(lambda: csat.kaplan_meier(AML_T, AML_E), KM_PROBES)
        self.check_copies(lambda: csat.kaplan_meier(AML_T, AML_E, conf_type="log-log",
                                                    conf_level=0.9), KM_PROBES)
        self.check_copies(lambda: csat.KaplanMeier().fit(AML_T, AML_E, weights=[1, 2, 3] * 7 + [1, 2],
                                                         groups=[0, 1] * 11 + [1], group=1),
                          KM_PROBES)
        self.check_copies(csat.KaplanMeier, {"repr": repr, "params": lambda m: m.get_params()})

    def test_customers(self):
        some = [1, 2, 100, 2357]
        probes = _store_probes(some)
        del probes["lookup"]  # the summary probe makes a summary: lookup would depend on order
        probes["summary"] = lambda c: c.summary(observation_end=272, time_scale=7)
        self.check_copies(_store, probes, mutate=lambda c: c.add([1], [5.0], [1.0]))

        def summarized():
            c = _store()
            c.summary(observation_end=200, calibration_end=100, period=7)
            return c
        probes = _store_probes(some)  # lookup reads the summary made before the copy
        self.check_copies(summarized, probes)
        self.check_copies(csat.Customers, {"len": len, "ids": lambda c: c.ids()})

    def test_customers_summary_survives_pickle(self):
        c = _store()
        c.summary(observation_end=272, time_scale=7)
        d = pickle.loads(pickle.dumps(c))
        self.assertEqual(_plain(d.lookup(1)), _plain(c.lookup(1)))
        m1 = csat.BGNBD().fit_customers(c)
        m2 = csat.BGNBD().fit_customers(d)
        self.assertEqual(m1.params_, m2.params_)

    def test_value_model(self):
        self.check_copies(_value_model, VALUE_PROBES,
                          mutate=lambda m: m.add_offering("C", product=9))

    def test_kmeans(self):
        X2 = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5], [5, 5]]
        probes = {"labels": lambda k: k.labels_, "centers": lambda k: k.cluster_centers_,
                  "inertia": lambda k: (k.inertia_, k.n_iter_, k.converged_), "repr": repr,
                  "refit": lambda k: copy.copy(k).fit(X2).labels_,
                  "predict": lambda k: list(k.predict([[1, 2], [9, 9], [5, 6]]))}
        self.check_copies(lambda: csat.KMeans(2, seed=3, n_init=2).fit(X2), probes,
                          mutate=lambda k: k.fit([[1, 1], [2, 2], [9, 9]]))
        init = [[0, 0], [10, 10]]
        self.check_copies(lambda: csat.KMeans(2, init=init).fit(X2), probes)

    def test_logistic(self):
        LX = [[-2.0], [-1.0], [1.0], [2.0], [0.5], [-0.5], [1.5], [-1.5]]
        LY = [0, 1, 1, 1, 0, 0, 1, 0]
        probes = {"fit": lambda m: copy.copy(m).fit(LX, LY).coef_, "l2": lambda m: m.l2}
        self.check_copies(lambda: csat.LogisticChurn(l2=0.5), probes)
        # a fitted model is rebuilt in C (csat_logistic_set_coef): same predictions
        fitted_probes = {"predict": lambda m: [float(r[1]) for r in m.predict_proba(LX)],
                         "coef": lambda m: list(m.coef_), "se": lambda m: list(m.standard_errors_),
                         "ll": lambda m: (m.log_likelihood_, m.aic_, m.bic_), "repr": repr}
        self.check_copies(lambda: csat.LogisticChurn(l2=0.25).fit(LX, LY), fitted_probes,
                          mutate=lambda m: m.fit(LX, LY[::-1]))

    def test_closed_objects_do_not_copy(self):
        for make in (csat.Customers, csat.BGNBD, _value_model, lambda: csat.KMeans(2)):
            obj = make()
            obj.close()
            for how, copier in COPIERS.items():
                with self.subTest(obj=type(obj).__name__, copier=how):
                    with self.assertRaises(csat.ClosedError):
                        copier(obj)

    def test_foreign_state_is_refused(self):
        m = csat.BGNBD.__new__(csat.BGNBD)
        with self.assertRaises(csat.InvalidArgument):
            m.__setstate__({"csat_state": 99})


class TestClosed(unittest.TestCase):
    def test_closed_error(self):
        self.assertTrue(issubclass(csat.ClosedError, ValueError))
        self.assertTrue(issubclass(csat.ClosedError, csat.CsatError))
        self.assertTrue(issubclass(csat.InvalidType, TypeError))
        self.assertTrue(issubclass(csat.InvalidType, csat.InvalidArgument))
        m = model(csat.BGNBD, r=1, alpha=1, a=1, b=1)
        self.assertFalse(m.closed)
        m.close()
        m.close()
        self.assertTrue(m.closed)
        for call in (lambda: m.params_, lambda: m.p_alive([1], [1], [2]),
                     lambda: setattr(m, "params_", dict(r=1, alpha=1, a=1, b=1)),
                     lambda: m.fit([1, 2], [1, 2], [3, 3]), lambda: m.kind, lambda: m.summary,
                     lambda: m.save(os.devnull)):
            with self.assertRaises(csat.ClosedError) as cm:
                call()
            self.assertIn("BGNBD is closed", str(cm.exception))

    def test_with_block_closes(self):
        with csat.Customers() as c:
            c.add([1], [0.0])
        with self.assertRaises(csat.ClosedError):
            len(c)
        store = csat.Customers()
        store.close()
        with self.assertRaises(csat.ClosedError):
            csat.cohort_table_customers(store)
        with self.assertRaises(csat.ClosedError):
            csat.SBG().fit_customers(store, 1, 0, 1, 5)


class TestLocks(unittest.TestCase):
    @staticmethod
    def hold(obj):
        """A thread standing for a C call in progress on obj (it holds obj's lock)
        until the returned event is set; returns (thread, release event)."""
        held, release = threading.Event(), threading.Event()

        def long_call():
            with obj._use():
                held.set()
                release.wait(10)
        t = threading.Thread(target=long_call)
        t.start()
        held.wait(10)
        return t, release

    def test_close_waits_for_a_running_call(self):
        m = model(csat.BGNBD, r=1, alpha=1, a=1, b=1)
        closed = threading.Event()
        t, release = self.hold(m)
        c = threading.Thread(target=lambda: (m.close(), closed.set()))
        c.start()
        self.assertFalse(closed.wait(0.3), "close() did not wait for the running call")
        self.assertFalse(m.closed)
        release.set()
        t.join(10)
        self.assertTrue(closed.wait(10))
        self.assertTrue(m.closed)

    def test_other_objects_are_not_blocked(self):
        a, b = model(csat.BGNBD, r=1, alpha=1, a=1, b=1), model(csat.BGNBD, r=2, alpha=2, a=2, b=2)
        t, release = self.hold(a)
        done = []
        u = threading.Thread(target=lambda: done.append(b.p_alive([1], [1], [2])))
        u.start()
        u.join(5)
        self.assertEqual(len(done), 1, "a call on another object waited for a's lock")
        release.set()
        t.join(10)

    def test_threads_hammering_shared_objects(self):
        """4 threads share a Customers store, a KMeans, a LogisticChurn and a BG/NBD
        model; a fifth closes other shared objects while they are in use. Run in a
        subprocess so that a crash fails this test instead of the run."""
        script = os.path.join(HERE, "_threads_hammer.py")
        proc = subprocess.run([sys.executable, "-X", "faulthandler", script], capture_output=True,
                              text=True, timeout=600)
        self.assertEqual(proc.returncode, 0, f"exit {proc.returncode}\n{proc.stdout[-3000:]}"
                                             f"\n{proc.stderr[-3000:]}")
        self.assertIn("hammer ok", proc.stdout)


class TestLengthsAndIntegers(unittest.TestCase):
    """Each of these read or wrote past a buffer, or wrapped an integer, before."""

    def expect(self, exc, cases):
        """Each call raises exc with a message containing its text."""
        for call, text in cases:
            with self.subTest(text=text):
                with self.assertRaises(exc) as cm:
                    call()
                self.assertIn(text, str(cm.exception))

    def test_fixed_lengths(self):
        cases = [
            (lambda: csat.BGNBD().fit(X[:50], TX[:50], T[:50], start=[1.0]), "start must have 4"),
            (lambda: csat.GammaGamma().fit(GG_X, GG_Z, start=[1, 1, 1, 1]), "start must have 3"),
            (lambda: csat.bond_score([1, 2, 3, 4], weights=[1.0]), "weights must have 4"),
            (lambda: csat.loyalty_index([[1, 2, 3, 4, 5, 6]], [(0, 10)] * 6, weights=[1.0]),
             "weights must have 6"),
            (lambda: csat.csi([[8, 7, 7]], weights=[1.0]), "weights must have 3"),
            (lambda: csat.disconfirm([5, 4, 3], [4, 4, 4], weights=[1.0]), "same length"),
            (lambda: csat.oliver_phase([4, 4, 5], [3, 3, 4, 4]), "scores must have 4"),
            (lambda: csat.kano_from_counts([1, 2, 3]), "counts must have 6"),
            (lambda: csat.rfm_scores([1, 2, 3], [1, 2, 3], [1, 2, 3], bins=3, binning="breaks",
                                     breaks=([1], [1, 2], [1, 2])), "recency_breaks must have 2"),
            (lambda: csat.KMeans(2, init=[[0, 0], [1, 1]]).fit([[0, 0, 0], [1, 1, 1], [2, 2, 2]]),
             "init must be k x d = 2 x 3"),
            (lambda: csat.KMeans(3, init=[[0, 0], [1, 1]]), "init must have k = 3 rows"),
            (lambda: csat.chunk_log_likelihood(csat.BGNBD, {"r": 1.0}, [1], [1], [2]),
             "missing alpha"),
            (lambda: csat.seven_factor(6, 4, 5, {"a_dc": 0.5}), "paths needs exactly"),
            (lambda: csat.servqual([[5] * 22], item_dimension=[0] * 21),
             "one dimension per item"),
        ]
        self.expect(csat.InvalidArgument, cases)

    def test_integers_are_never_wrapped_or_truncated(self):
        cases = [
            (lambda: csat.rfm_scores([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5],
                                     bins=5 - 2 ** 32), "bins = -4294967291 must be >= 2"),
            (lambda: csat.KMeans(2, n_init=-1), "n_init = -1 must be >= 1"),
            (lambda: csat.KMeans(2.5), "k = 2.5 is not a whole number"),
            (lambda: csat.KMeans(2, seed=2 ** 64), "seed = 18446744073709551616 must be <="),
            (lambda: csat.rfm_segments([5, 1], [1, 1], [1, 0.9]), "m[1] = 0.9 is not a whole"),
            (lambda: csat.rfm_segments([5, 2 ** 40], [1, 1], [1, 1]), "r[1]"),
            (lambda: csat.silhouette([[0], [1], [5]], [0, 1, 0.5]), "labels[2] = 0.5"),
            (lambda: csat.lift_table([0.1, 0.9], [0, 1], n_bins=-1), "n_bins = -1 must be >= 1"),
            (lambda: csat.clv_berger_nasr(260, 50, 0.75, 0.2, 2.5), "years = 2.5"),
            (lambda: csat.Customers().add([2 ** 64], [1.0]), "ids[0]"),
            (lambda: csat.kano_classify(1.5, 3), "functional = 1.5"),
        ]
        self.expect(csat.InvalidArgument, cases)

    def test_results_too_large_to_allocate(self):
        with self.assertRaises(csat.OutOfMemory) as cm:  # 10^6 cohorts x 10^6 offsets
            csat.cohort_table([1, 2], [0.0, 1e6])
        self.assertIn("no memory for a result of 1,000,002,000,001 values", str(cm.exception))
        with self.assertRaises(csat.InvalidArgument) as cm:  # refused before allocating k x d
            csat.KMeans(2 ** 62).fit([[0.0], [1.0]])
        self.assertIn("more than the 2 rows", str(cm.exception))

    def test_bool_is_not_a_count_and_strings_are_not_numbers(self):
        cases = [
            (lambda: csat.KMeans(True), "k must be an integer, not a bool"),
            (lambda: csat.lift_table([0.1, 0.9], [0, 1], n_bins=True), "n_bins"),
            (lambda: csat.nps(["3", "9", "10"]), "strings are never converted"),
            (lambda: csat.nps("9"), "strings are never converted"),
            (lambda: csat.margin_multiple("0.8", 0.1), "retention must be a number"),
            (lambda: model(csat.BGNBD, r="1", alpha=1, a=1, b=1), "params_['r'] must be a number"),
            (lambda: csat.nps([1 + 0j, 9, 10]), "complex"),
            (lambda: csat.rfm_scores([1, 2], [1, 2], [True, False]), "monetary"),
            (lambda: csat.KMeans(2).fit([[1, 2], [3]]), "ragged"),
            (lambda: model(csat.BGNBD, r=1, alpha=1, a=1, b=1).p_alive(None, [1], [2]),
             "frequency is required"),
        ]
        self.expect(csat.InvalidType, cases)

    def test_wrong_handles(self):
        cases = [
            (lambda: csat.SBG().fit_customers(model(csat.BGNBD, r=1, alpha=1, a=1, b=1), 1, 0, 1, 5),
             "customers must be a csat.Customers, not a BGNBD object"),
            (lambda: csat.lifecycle_from_store(4096, 10), "customers must be a csat.Customers"),
            (lambda: csat.BGNBD().fit_customers(csat.KMeans(2)), "customers must be"),
            (lambda: csat.clv(model(csat.GammaGamma, p=1, q=2, gamma=3), model(csat.BGNBD, r=1, alpha=1, a=1, b=1),
                              [1], [1], [2], [5]), "purchase_model must be"),
            (lambda: csat.cohort_table_customers(None), "customers must be"),
            (lambda: csat.kpis_customers("store", 1, 2, 1), "customers must be"),
            (lambda: csat.chunk_log_likelihood(csat.GammaGamma, {}, [1], [1], [2]), "model_class"),
        ]
        self.expect(csat.InvalidType, cases)


class TestMessages(unittest.TestCase):
    def test_rows_are_named(self):
        rec = [10.0] * 20
        rec[17] = -3.0
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.rfm_scores(rec, [1.0] * 20, [1.0] * 20)
        self.assertEqual(str(cm.exception), "rfm_scores: recency[17] = -3 is negative")  # from C
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.nps([9, 10, float("nan")])
        self.assertEqual(str(cm.exception), "scores[2] = nan is NaN")
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.roc_auc([0.5, math.inf], [0, 1])
        self.assertEqual(str(cm.exception), "scores[1] = inf is infinite")
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.roc_auc([0.5, 0.2, 0.1], [0, 1])
        self.assertEqual(str(cm.exception),
                         "scores and y must have the same length: scores has 3, y has 2")
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.kaplan_meier([1, 2], [1, 2])
        self.assertEqual(str(cm.exception), "events[1] = 2.0 is not 0 or 1")

    def test_nan_skipped_but_inf_named(self):
        # with nan_policy="skip" a NaN is an answer to skip, an Inf still an error
        self.assertEqual(csat.nps([9, float("nan"), 10], nan_policy="skip").n_skipped, 1)
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.nps([9, float("nan"), math.inf], nan_policy="skip")
        self.assertEqual(str(cm.exception), "scores[2] = inf is infinite")
        with self.assertRaises(csat.InvalidArgument) as cm:  # a NaN does not hide a negative
            csat.rfm_scores([1.0, 2.0, 3.0], [1.0, float("nan"), -2.0], [1.0, 2.0, 3.0], bins=2)
        self.assertEqual(str(cm.exception), "rfm_scores: frequency[1] is NaN")

    def test_customer_ids_are_named(self):
        c = csat.Customers()
        with self.assertRaises(csat.InvalidArgument) as cm:
            c.add([7, 12345, 9], [1.0, float("nan"), 2.0])
        self.assertEqual(str(cm.exception), "times[1] = nan (customer 12345) is NaN")
        with self.assertRaises(csat.InvalidArgument) as cm:
            csat.cohort_table([7, 8], [1.0, 2.0], [5.0, -1.0])
        self.assertEqual(str(cm.exception), "amounts[1] = -1.0 (customer 8) is negative")

    def test_no_c_function_names(self):
        c = csat.Customers()
        c.add([1], [1.0])
        with self.assertRaises(csat.InvalidArgument) as cm:
            c.summary(observation_end=10, period=-1)
        self.assertNotIn("csat_", str(cm.exception))
        self.assertIn("period = -1 must be finite and > 0", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
