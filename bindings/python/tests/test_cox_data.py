"""The data a csat.CoxPH fit keeps (issue 15, coxdata): keep_data, and the data in copies,
pickles and model files (save(path, include_data=True)).

A copy, a pickle or a model loaded from a file saved with include_data=True gives the fitted
model's proportional-hazards tests, scaled Schoenfeld residuals and bootstrap bounds (parametric
and resampling, same seed) bit for bit. Data: survival's lung and the veteran data split at
90/180 days, as tests/reference/cox_coxph.R exported them into tests/retention/cox_reference.h
(the fitted values themselves are checked against R's coxph and cox.zph in test_cox.py)."""
import copy
import json
import os
import pickle
import struct
import tempfile
import unittest

import csat
from test_cox import R, rows

try:
    from sklearn.base import clone
except ImportError:
    clone = None

LUNG_X = rows(R["lung_X"], 3)
SEX = ["male" if r[1] == 1 else "female" for r in LUNG_X]
NEW = LUNG_X[:3]


def bits(x):
    """A structure of hex doubles (bit for bit) from a DataFrame, Result, array or number."""
    if hasattr(x, "reset_index") and hasattr(x, "columns"):
        x = x.reset_index()
        return {str(c): bits(x[c]) for c in x.columns}
    if isinstance(x, dict):
        return {str(k): bits(v) for k, v in x.items()}
    if hasattr(x, "tolist"):
        x = x.tolist()
    if isinstance(x, (list, tuple)):
        return [bits(v) for v in x]
    if isinstance(x, float):
        return struct.pack("<d", x).hex()
    return repr(x)


def fits():
    """(model, predict kwargs): lung stratified by sex labels with weights, robust; lung
    Breslow; veteran split (entry, stop] clustered by patient."""
    t, e = R["lung_time"], R["lung_event"]
    X2 = [[r[0], r[2]] for r in LUNG_X]
    yield (csat.CoxPH(robust=True).fit(X2, t, e, strata=SEX, weights=R["lung_w"]),
           dict(X=[r[:2] for r in X2[:3]], strata=SEX[:3]))
    yield csat.CoxPH(ties="breslow").fit(LUNG_X, t, e), dict(X=NEW)
    ids = [int(v) for v in R["vsplit_id"]]
    Xv = rows(R["vsplit_X"], 4)
    yield (csat.CoxPH().fit(Xv, R["vsplit_stop"], R["vsplit_event"], entry=R["vsplit_start"],
                            cluster=ids), dict(X=Xv[:3]))


def results(m, kw):
    """Everything of m that needs the fit's data, as bits."""
    out = {}
    for tr in ("km", "rank", "identity", "log"):
        out["zph " + tr] = bits(m.proportional_hazard_test(tr))
        out["resid " + tr] = bits(m.schoenfeld_residuals(tr))
    for method in ("parametric", "bootstrap"):
        out["surv " + method] = bits(m.predict_survival(times=[60.0, 200.0, 400.0], interval=0.9,
                                                        method=method, n_draws=25, seed=5, **kw))
        out["rmst " + method] = bits(m.predict_rmst(horizon=300.0, interval=0.9, method=method,
                                                    n_draws=25, seed=5, **kw))
    return out


class TestCoxData(unittest.TestCase):
    def test_copies_and_pickles_carry_the_data(self):
        for m, kw in fits():
            want = results(m, kw)
            for c in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
                with self.subTest(model=repr(m), copy=type(c).__name__):
                    self.assertEqual(results(c, kw), want)
                    self.assertEqual(list(c.coef_), list(m.coef_))
                    self.assertEqual(c.strata_labels_, m.strata_labels_)

    def test_model_files_with_and_without_data(self):
        d = tempfile.mkdtemp()
        for k, (m, kw) in enumerate(fits()):
            small, full = os.path.join(d, f"{k}.json"), os.path.join(d, f"{k}-data.json")
            m.save(small)
            m.save(full, include_data=True)
            with open(small) as f:
                self.assertNotIn("data", json.load(f)["fitted"])
            with open(full) as f:
                data = json.load(f)["fitted"]["data"]
            self.assertEqual(data["n_rows"], int(m.n_customers_))
            self.assertEqual(len(data["X"]), data["n_rows"] * data["n_cols"])
            self.assertGreater(os.path.getsize(full), os.path.getsize(small))
            loaded = csat.load(full)
            self.assertEqual(results(loaded, kw), results(m, kw))
            self.assertEqual(bits(loaded.predict_survival(times=[100.0], **kw)),
                             bits(m.predict_survival(times=[100.0], **kw)))
            with self.assertRaisesRegex(csat.Misuse, "no residual data"):
                csat.load(small).proportional_hazard_test()
            with self.assertRaisesRegex(csat.Misuse, "no residual data"):
                csat.load(small).predict_rmst(horizon=300.0, interval=0.9, method="parametric", **kw)
            # a copy of the loaded model keeps them too; a file of a file the same
            again = os.path.join(d, f"{k}-again.json")
            copy.deepcopy(loaded).save(again, include_data=True)
            with open(full) as f, open(again) as g:
                self.assertEqual(json.load(f)["fitted"], json.load(g)["fitted"])

    def test_bad_data_in_a_file(self):
        m = csat.CoxPH().fit(LUNG_X, R["lung_time"], R["lung_event"])
        path = os.path.join(tempfile.mkdtemp(), "cox.json")
        m.save(path, include_data=True)
        with open(path) as f:
            doc = json.load(f)
        cases = [("stop", lambda d: d.__setitem__("stop", d["stop"][:-1]), csat.InvalidArgument,
                  "data.stop has 226 values, not 227"),
                 ("events", lambda d: d["events"].__setitem__(4, 1.0 - d["events"][4]),
                  csat.InvalidArgument, "not the data of this fit"),
                 ("X", lambda d: d["X"].__setitem__(7, "nan"), csat.InvalidArgument, r"X\[7\]"),
                 ("ties", lambda d: d.__setitem__("ties", "exact"), csat.InvalidArgument, "ties"),
                 ("n_cols", lambda d: d.__setitem__("n_cols", 2), csat.InvalidArgument,
                  "data.X has 681 values, not 454")]
        for name, change, exc, msg in cases:
            with self.subTest(field=name):
                bad = copy.deepcopy(doc)
                change(bad["fitted"]["data"])
                with open(path, "w") as f:
                    json.dump(bad, f)
                with self.assertRaisesRegex(exc, msg):
                    csat.load(path)

    def test_keep_data_false(self):
        t, e = R["lung_time"], R["lung_event"]
        m = csat.CoxPH().fit(LUNG_X, t, e)
        z = csat.CoxPH(keep_data=False).fit(LUNG_X, t, e)
        self.assertEqual(list(z.coef_), list(m.coef_))
        self.assertEqual(bits(z.predict_survival(NEW, [100.0, 300.0], interval=0.95)),
                         bits(m.predict_survival(NEW, [100.0, 300.0], interval=0.95)))
        for call in (lambda c: c.proportional_hazard_test(), lambda c: c.schoenfeld_residuals(),
                     lambda c: c.predict_rmst(NEW, 300.0, interval=0.9, method="parametric"),
                     lambda c: c.predict_survival(NEW, [100.0], interval=0.9, method="bootstrap")):
            with self.assertRaisesRegex(csat.Misuse, "keep_data = 0"):
                call(z)
            with self.assertRaisesRegex(csat.Misuse, "no residual data"):
                call(copy.deepcopy(z))
        with self.assertRaisesRegex(csat.Misuse, "keeps no data"):
            z.save(os.path.join(tempfile.mkdtemp(), "z.json"), include_data=True)
        # a hyperparameter like the others: kept as given, in get_params, applied at fit
        self.assertIs(z.get_params()["keep_data"], False)
        self.assertIs(csat.CoxPH().keep_data, True)
        m.set_params(keep_data=0)
        m.fit(LUNG_X, t, e)
        with self.assertRaisesRegex(csat.Misuse, "keep_data = 0"):
            m.proportional_hazard_test()
        with self.assertRaises(csat.InvalidType):
            csat.CoxPH(keep_data="yes")
        if clone is not None:
            self.assertEqual(clone(z).get_params()["keep_data"], False)


if __name__ == "__main__":
    unittest.main()
