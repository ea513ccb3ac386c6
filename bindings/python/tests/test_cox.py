"""csat.CoxPH against R's survival::coxph (survival 3.5.3): the values and the
data (survival's lung, veteran and ovarian, LGPL >= 2) that
tests/reference/cox_coxph.R wrote into tests/retention/cox_reference.h, read
here, as the C tests read them."""
import copy
import math
import os
import pickle
import re
import tempfile
import unittest

import csat
from _util import assert_close

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "..", "..", "..", "tests", "retention", "cox_reference.h")


def _reference():
    with open(REF) as f:
        text = f.read()
    out = {}
    for name, body in re.findall(r"static const \w+ (\w+)\[\d+\] = \{([^}]*)\}", text):
        out[name] = [math.nan if v.strip() == "NAN" else float(v.strip().rstrip("U"))
                     for v in body.split(",") if v.strip()]
    return out


R = _reference()


def rows(flat, p):
    return [flat[i:i + p] for i in range(0, len(flat), p)]


class TestCoxAgainstR(unittest.TestCase):
    def check(self, m, case, robust=False):
        coef, se, rse, st = (R[case + s] for s in ("_coef", "_se", "_rse", "_stats"))
        assert_close(list(m.coef_), coef, rtol=1e-7)
        assert_close(list(m.standard_errors_), se, rtol=1e-7)
        if robust:
            assert_close(list(m.robust_standard_errors_), rse, rtol=1e-7)
        else:
            self.assertIsNone(m.robust_standard_errors_)
        assert_close([m.log_likelihood_null_, m.log_likelihood_], st[:2], rtol=1e-12)
        assert_close(m.tests_.likelihood_ratio, st[2], rtol=1e-8)
        assert_close(m.tests_.wald, st[3], rtol=1e-7)
        assert_close(m.tests_.score, st[4], rtol=1e-10)
        assert_close(m.concordance_, st[5], rtol=1e-12)
        self.assertEqual(m.fit_report_.iterations, int(st[6]))

    def test_lung_efron_breslow_strata_weights(self):
        X = rows(R["lung_X"], 3)
        t, e = R["lung_time"], R["lung_event"]
        self.check(csat.CoxPH().fit(X, t, e), "lung_efron")
        self.check(csat.CoxPH(ties="breslow").fit(X, t, e), "lung_breslow")
        sex = [int(r[1]) for r in X]
        self.check(csat.CoxPH().fit([[r[0], r[2]] for r in X], t, e, strata=sex), "lung_strata")
        self.check(csat.CoxPH(robust=True).fit(X, t, e, weights=R["lung_w"]), "lung_wrobust",
                   robust=True)

    def test_veteran_robust_and_cluster(self):
        X = rows(R["vet_X"], 5)
        t, e = R["vet_time"], R["vet_event"]
        self.check(csat.CoxPH(robust=True).fit(X, t, e), "vet_robust", robust=True)
        cl = [int(v) for v in R["vet_cluster"]]
        self.check(csat.CoxPH().fit(X, t, e, cluster=cl), "vet_cluster", robust=True)

    def test_counting_process(self):
        t0, t, e = R["vsplit_start"], R["vsplit_stop"], R["vsplit_event"]
        self.check(csat.CoxPH().fit(rows(R["vsplit_X5"], 5), t, e, entry=t0), "vsplit_same")
        ids = [int(v) for v in R["vsplit_id"]]
        self.check(csat.CoxPH().fit(rows(R["vsplit_X"], 4), t, e, entry=t0, cluster=ids),
                   "vsplit_tv", robust=True)

    def test_ovarian(self):
        self.check(csat.CoxPH().fit(rows(R["ov_X"], 3), R["ov_time"], R["ov_event"]), "ov_efron")


class TestCoxModel(unittest.TestCase):
    def fitted(self, **kw):
        return csat.CoxPH(**kw).fit(rows(R["ov_X"], 3), R["ov_time"], R["ov_event"])

    def test_model_conventions(self):
        m = self.fitted(robust=True)
        self.assertIn("fitted on 26 customers", repr(m))
        self.assertEqual(repr(csat.CoxPH()), "<csat.CoxPH: not fitted>")
        self.assertEqual(m.get_params(), dict(ties="efron", robust=True, max_iter=20, eps=1e-9,
                                               n_jobs=None, keep_data=True))
        self.assertEqual(list(m.params_), ["x0", "x1", "x2"])
        s = m.summary
        attrs = s.attrs
        self.assertEqual(attrs["n_events"], 12.0)
        assert_close(attrs["log_likelihood"], R["ov_efron_stats"][1], rtol=1e-12)
        coef = list(s["coef"])
        assert_close(coef, R["ov_efron_coef"], rtol=1e-7)
        assert_close(list(s["exp(coef)"]), [math.exp(c) for c in coef], rtol=1e-15)
        z = list(s["z"])
        assert_close(z, [c / r for c, r in zip(coef, m.robust_standard_errors_)], rtol=1e-15)
        for c in (copy.copy(m), copy.deepcopy(m), pickle.loads(pickle.dumps(m))):
            self.assertEqual(list(c.coef_), list(m.coef_))
            self.assertEqual(list(c.robust_standard_errors_), list(m.robust_standard_errors_))
            self.assertEqual(c.log_likelihood_, m.log_likelihood_)
            self.assertEqual(c.concordance_, m.concordance_)
        path = os.path.join(tempfile.mkdtemp(), "cox.json")
        m.save(path)
        back = csat.load(path)
        self.assertIsInstance(back, csat.CoxPH)
        self.assertEqual(list(back.coef_), list(m.coef_))
        self.assertEqual(back.tests_, m.tests_)
        self.assertEqual(back.feature_names_in_, m.feature_names_in_)

    def test_dataframe_names(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas")
        X = pd.DataFrame(rows(R["ov_X"], 3), columns=["age", "ecog.ps", "rx"])
        m = csat.CoxPH().fit(X, R["ov_time"], R["ov_event"])
        self.assertEqual(list(m.summary.index), ["age", "ecog.ps", "rx"])
        self.assertEqual(list(m.params_), ["age", "ecog.ps", "rx"])

    def test_bad_input(self):
        X = rows(R["ov_X"], 3)
        t, e = list(R["ov_time"]), list(R["ov_event"])
        bad = [list(r) for r in X]
        bad[4][1] = math.nan
        with self.assertRaisesRegex(csat.InvalidArgument, "X"):
            csat.CoxPH().fit(bad, t, e)
        col = [[r[0], r[1], 2 * r[0] - r[1]] for r in X]
        with self.assertRaisesRegex(csat.DomainError, "column 2 of X is constant within strata or collinear"):
            csat.CoxPH().fit(col, t, e)
        with self.assertRaisesRegex(csat.InvalidArgument, "entry"):
            csat.CoxPH().fit(X, t, e, entry=t)
        with self.assertRaisesRegex(csat.DomainError, "monotone likelihood"):
            csat.CoxPH().fit([[1.0]] * 5 + [[0.0]] * 5, list(range(1, 11)), [1] * 5 + [0, 1] * 2 + [0])
        with self.assertRaisesRegex(csat.DomainError, "stratum 1 has no events"):
            csat.CoxPH().fit(X, t, e, strata=[1 if v == 0 and i % 2 else 0 for i, v in enumerate(e)])
        with self.assertRaises(csat.InvalidArgument):
            csat.CoxPH(ties="exact")
        with self.assertRaises(csat.NotFittedError):
            csat.CoxPH().params_



# ---- the proportional-hazards test (issue 15): R's cox.zph, survival 3.5.3 ----------
# tests/reference/cox_zph.R wrote tests/retention/cox_zph_reference.h (chisq and p per
# covariate and GLOBAL; every 5th event's row, transformed time and scaled residuals).
ZREF = os.path.join(HERE, "..", "..", "..", "tests", "retention", "cox_zph_reference.h")
with open(ZREF) as _f:
    Z = {name: [math.nan if v.strip() == "NAN" else float(v.strip().rstrip("U"))
                for v in body.split(",") if v.strip()]
         for name, body in re.findall(r"static const \w+ (\w+)\[\d+\] = \{([^}]*)\}", _f.read())}


def _col(table, name):
    return list(table[name])


class TestCoxZphAgainstR(unittest.TestCase):
    def check(self, m, case):
        k = m.n_features_in_
        for tr in ("km", "rank", "identity", "log"):
            tab = m.proportional_hazard_test(tr)
            assert_close(_col(tab, "chisq"), Z[f"{case}_{tr}_chisq"], rtol=1e-9)
            assert_close(_col(tab, "p"), Z[f"{case}_{tr}_p"], rtol=1e-9)
            self.assertEqual(_col(tab, "df"), [1.0] * k + [float(k)])
            res = m.schoenfeld_residuals(tr)
            at = {int(r): i for i, r in enumerate(_col(res, "row"))}
            y = Z[f"{case}_{tr}_y"]
            for q, r in enumerate(Z[f"{case}_rows"]):
                i = at[int(r)]
                assert_close(_col(res, "transformed_time")[i], Z[f"{case}_{tr}_x"][q], rtol=1e-12)
                assert_close([_col(res, n)[i] for n in m.feature_names_in_], y[q * k:(q + 1) * k],
                             rtol=1e-9, atol=1e-9)

    def test_lung_ovarian_veteran(self):
        X = rows(R["lung_X"], 3)
        t, e = R["lung_time"], R["lung_event"]
        self.check(csat.CoxPH().fit(X, t, e), "zlung")
        self.check(csat.CoxPH(ties="breslow").fit(X, t, e), "zlungbr")
        self.check(csat.CoxPH().fit(X, t, e, weights=R["lung_w"]), "zlungw")
        self.check(csat.CoxPH().fit(rows(R["vet_X"], 5), R["vet_time"], R["vet_event"]), "zvet")
        self.check(csat.CoxPH().fit(rows(R["vsplit_X"], 4), R["vsplit_stop"], R["vsplit_event"],
                                    entry=R["vsplit_start"]), "zvsplit")
        self.check(csat.CoxPH().fit(rows(R["ov_X"], 3), R["ov_time"], R["ov_event"]), "zov")

    def test_strata_by_name(self):
        X = rows(R["lung_X"], 3)
        t, e = R["lung_time"], R["lung_event"]
        X2 = [[r[0], r[2]] for r in X]
        # R's strata(sex): 1 = male before 2 = female; labels sort alphabetically, so
        # name them to keep R's order ("a male" < "b female")
        names = ["a male" if r[1] == 1 else "b female" for r in X]
        m = csat.CoxPH().fit(X2, t, e, strata=names)
        self.assertEqual(m.strata_labels_, ["a male", "b female"])
        self.check(m, "zlungst")
        # a covariate constant (0) in the stratum sex = 2: NaN residuals there, as R's NA
        z = [[r[0], r[2] if r[1] == 1 else 0.0] for r in X]
        self.check(csat.CoxPH().fit(z, t, e, strata=names), "zlungz")
        codes = csat.CoxPH().fit(X2, t, e, strata=[int(r[1]) for r in X])
        self.assertIsNone(codes.strata_labels_)
        self.assertEqual(list(codes.coef_), list(m.coef_))
        res = m.schoenfeld_residuals()
        self.assertEqual(set(_col(res, "stratum")), {"a male", "b female"})
        for i, r in enumerate(_col(res, "row")):
            self.assertEqual(_col(res, "stratum")[i], names[int(r)])
        # objects, and clusters by name: the same fit as by number
        ids = [f"customer {i // 2}" for i in range(len(t))]
        a = csat.CoxPH().fit(X, t, e, cluster=ids)
        b = csat.CoxPH().fit(X, t, e, cluster=[i // 2 for i in range(len(t))])
        assert_close(list(a.robust_standard_errors_), list(b.robust_standard_errors_), rtol=1e-12)
        try:
            import pandas as pd
        except ImportError:
            return
        cat = pd.Categorical(["b female" if r[1] == 2 else "a male" for r in X],
                             categories=["a male", "b female"])
        mc = csat.CoxPH().fit(X2, t, e, strata=pd.Series(cat))
        self.assertEqual(mc.strata_labels_, ["a male", "b female"])
        self.assertEqual(list(mc.coef_), list(m.coef_))

    def test_bad_input(self):
        X = rows(R["ov_X"], 3)
        m = csat.CoxPH().fit(X, R["ov_time"], R["ov_event"])
        with self.assertRaisesRegex(csat.InvalidArgument, "transform"):
            m.proportional_hazard_test("loess")
        with self.assertRaises(csat.NotFittedError):
            csat.CoxPH().proportional_hazard_test()
        with self.assertRaises(csat.NotFittedError):
            csat.CoxPH().schoenfeld_residuals()
        nodata = csat.CoxPH(keep_data=False).fit(X, R["ov_time"], R["ov_event"])  # coxdata: copies
        for other in (nodata, copy.deepcopy(nodata), pickle.loads(pickle.dumps(nodata))):  # carry data
            with self.assertRaisesRegex(csat.Misuse, "no residual data|keep_data = 0"):
                other.proportional_hazard_test()
            with self.assertRaisesRegex(csat.Misuse, "no residual data|keep_data = 0"):
                other.schoenfeld_residuals("rank")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "cox.json")
            m.save(path)
            with self.assertRaisesRegex(csat.Misuse, "no residual data"):
                csat.load(path).proportional_hazard_test()
        with self.assertRaisesRegex(csat.InvalidArgument, r"strata\[1\] is missing"):
            csat.CoxPH().fit(X, R["ov_time"], R["ov_event"], strata=["a", None] + ["b"] * 24)
        with self.assertRaises(csat.InvalidType):
            csat.CoxPH().fit(X, R["ov_time"], R["ov_event"], strata=[["a"]] * 26)
        z = csat.CoxPH().fit([[1.0], [0.0], [1.0], [0.0]], [0.0, 2.0, 3.0, 4.0], [1, 1, 0, 1])
        with self.assertRaisesRegex(csat.DomainError, "log transform"):
            z.proportional_hazard_test("log")


# ---- tests per model term (issue 15, coxzphterms): R's cox.zph(fit, terms = TRUE) ----
# tests/reference/cox_zph_terms.R wrote tests/retention/cox_zph_terms_reference.h: chisq,
# df and p per term and GLOBAL for veteran with celltype as a factor and lung with
# ph.ecog as a factor (survival 3.5.3), every transform.
TREF = os.path.join(HERE, "..", "..", "..", "tests", "retention", "cox_zph_terms_reference.h")
with open(TREF) as _f:
    T = {name: [float(v.strip().rstrip("U")) for v in body.split(",") if v.strip()]
         for name, body in re.findall(r"static const \w+ (\w+)\[\d+\] = \{([^}]*)\}", _f.read())}
CELLTYPES = ["squamous", "smallcell", "adeno", "large"]  # R's level order


class TestCoxZphTermsAgainstR(unittest.TestCase):
    def check(self, m, case, terms, labels, rtol=1e-9):
        for tr in ("km", "rank", "identity", "log"):
            tab = m.proportional_hazard_test(tr, terms=terms)
            self.assertEqual(list(_index(tab)), labels + ["GLOBAL"])
            assert_close(_col(tab, "chisq"), T[f"{case}_{tr}_chisq"], rtol=rtol)
            assert_close(_col(tab, "p"), T[f"{case}_{tr}_p"], rtol=rtol)
            self.assertEqual(_col(tab, "df"), T[f"{case}_{tr}_df"])
            self.assertEqual(tab.attrs["transform"], tr)

    def test_positions(self):
        # veteran: trt, celltype (3 dummies against squamous), karno, diagtime, age, prior
        X = [[v[0]] + [1.0 if c == j else 0.0 for j in (1, 2, 3)] + list(v[1:])
             for v, c in zip(rows(R["vet_X"], 5), T["vet_celltype"])]
        m = csat.CoxPH().fit(X, R["vet_time"], R["vet_event"])
        names = ["x0", "celltype", "x4", "x5", "x6", "x7"]
        self.check(m, "tvet", {"celltype": [1, 2, 3]}, names)
        self.check(csat.CoxPH(ties="breslow").fit(X, R["vet_time"], R["vet_event"]), "tvetbr",
                   {"celltype": (3, 1, 2)}, names)
        # lung with weights: age, sex, factor(ph.ecog) (3 dummies against 0)
        L = [[v[0], v[1]] + [1.0 if v[2] == j else 0.0 for j in (1, 2, 3)]
             for v in rows(R["lung_X"], 3)]
        mw = csat.CoxPH().fit(L, R["lung_time"], R["lung_event"], weights=R["lung_w"])
        self.check(mw, "tlungw", {"ecog": [2, 3, 4]}, ["x0", "x1", "ecog"])
        # each column its own term: the per-covariate table's values
        one = mw.proportional_hazard_test(terms={f"c{j}": [j] for j in range(5)})
        plain = mw.proportional_hazard_test()
        self.assertEqual(_col(one, "chisq"), _col(plain, "chisq"))
        self.assertEqual(list(_index(one))[:2], ["c0", "c1"])

    def test_get_dummies_frame(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas")
        vet = pd.DataFrame(rows(R["vet_X"], 5), columns=["trt", "karno", "diagtime", "age", "prior"])
        vet["celltype"] = pd.Categorical([CELLTYPES[int(c)] for c in T["vet_celltype"]],
                                         categories=CELLTYPES)
        X = pd.get_dummies(vet[["trt", "celltype", "karno", "diagtime", "age", "prior"]],
                           columns=["celltype"], prefix_sep="_", drop_first=True)
        X = X[["trt", "celltype_smallcell", "celltype_adeno", "celltype_large", "karno",
               "diagtime", "age", "prior"]]
        cell = ["celltype_smallcell", "celltype_adeno", "celltype_large"]
        m = csat.CoxPH().fit(X, R["vet_time"], R["vet_event"])
        labels = ["trt", "celltype", "karno", "diagtime", "age", "prior"]
        self.check(m, "tvet", {"celltype": cell}, labels)
        # the dummies' order in the frame and the reference level do not change a term's
        # test: celltype as plain strings (get_dummies: alphabetical, adeno dropped), last
        vs = vet.assign(celltype=vet["celltype"].astype(str))
        X2 = pd.get_dummies(vs, columns=["celltype"], prefix_sep="_", drop_first=True)
        cell2 = [c for c in X2.columns if c.startswith("celltype_")]
        self.assertEqual(cell2, ["celltype_large", "celltype_smallcell", "celltype_squamous"])
        m2 = csat.CoxPH().fit(X2, R["vet_time"], R["vet_event"])
        tab = m2.proportional_hazard_test(terms={"celltype": cell2})
        want = dict(zip(labels + ["GLOBAL"], T["tvet_km_chisq"]))
        for label, v in zip(_index(tab), _col(tab, "chisq")):
            assert_close(v, want[label], rtol=1e-8)
        # stratified by trt: celltype + karno + age
        m3 = csat.CoxPH().fit(X[cell + ["karno", "age"]], R["vet_time"], R["vet_event"],
                              strata=[int(v) for v in vet["trt"]])
        self.check(m3, "tvetst", {"celltype": cell}, ["celltype", "karno", "age"])
        # (start, stop] rows: trt + celltype + karno + karno_late + age
        sp = pd.DataFrame(rows(R["vsplit_X"], 4), columns=["trt", "karno", "karno_late", "age"])
        sp["celltype"] = pd.Categorical([CELLTYPES[int(c)] for c in T["vsplit_celltype"]],
                                        categories=CELLTYPES)
        Xs = pd.get_dummies(sp, columns=["celltype"], prefix_sep="_", drop_first=True)
        Xs = Xs[["trt"] + cell + ["karno", "karno_late", "age"]]
        ms = csat.CoxPH().fit(Xs, R["vsplit_stop"], R["vsplit_event"], entry=R["vsplit_start"])
        self.check(ms, "tvsplit", {"celltype": cell}, ["trt", "celltype", "karno", "karno_late",
                                                       "age"])
        # lung: age + sex + factor(ph.ecog); strata(sex), where ph.ecog = 3 (one row, sex 1)
        # is constant within the stratum sex = 2
        lung = pd.DataFrame(rows(R["lung_X"], 3), columns=["age", "sex", "ph.ecog"])
        lung["ph.ecog"] = lung["ph.ecog"].astype(int)
        Xl = pd.get_dummies(lung, columns=["ph.ecog"], prefix_sep="_", drop_first=True)
        ecog = ["ph.ecog_1", "ph.ecog_2", "ph.ecog_3"]
        self.assertEqual(list(Xl.columns), ["age", "sex"] + ecog)
        t, e = R["lung_time"], R["lung_event"]
        self.check(csat.CoxPH().fit(Xl, t, e), "tlung", {"ph.ecog": ecog}, ["age", "sex", "ph.ecog"])
        self.check(csat.CoxPH().fit(Xl[["age"] + ecog], t, e, strata=list(lung["sex"])), "tlungst",
                   {"ph.ecog": ecog}, ["age", "ph.ecog"])
        self.check(csat.CoxPH().fit(Xl, t, e, weights=R["lung_w"]), "tlungw",
                   {"ph.ecog": ["ph.ecog_1", 3, "ph.ecog_3"]}, ["age", "sex", "ph.ecog"])

    def test_bad_terms(self):
        fit_args = (rows(R["ov_X"], 3), R["ov_time"], R["ov_event"])
        m = csat.CoxPH().fit(*fit_args)
        bad = [({"a": []}, csat.InvalidArgument, "has no column"),
               ({"a": [3]}, csat.InvalidArgument, "position 3 is not in 0..2"),
               ({"a": [-1]}, csat.InvalidArgument, "position -1"),
               ({"a": ["age"]}, csat.InvalidArgument, "no covariate named 'age'"),
               ({"a": [0, 1], "b": [1]}, csat.InvalidArgument, "column 'x1' is in terms 'a' and 'b'"),
               ({"GLOBAL": [0]}, csat.InvalidArgument, "GLOBAL"),
               ({"x2": [0, 1]}, csat.InvalidArgument, "names a term and the covariate 'x2'"),
               ({1: [0]}, csat.InvalidType, "term name must be a str"),
               ({"a": 0}, csat.InvalidType, r"terms\['a'\] must be a list"),
               ({"a": "x0"}, csat.InvalidType, r"terms\['a'\] must be a list"),
               ({"a": [0.5]}, csat.InvalidType, "a column is a name"),
               ({"a": [True]}, csat.InvalidType, "a column is a name"),
               ("auto", csat.InvalidArgument, "not offered"),
               ([0, 1], csat.InvalidType, "terms must be None or a dict")]
        for terms, exc, msg in bad:
            with self.assertRaisesRegex(exc, msg):
                m.proportional_hazard_test(terms=terms)
        with self.assertRaises(csat.NotFittedError):
            csat.CoxPH().proportional_hazard_test(terms={"a": [0]})
        # a copy carries the fit's data (coxdata): the same tests, bit for bit
        def flat(t):
            return repr(t.to_dict() if hasattr(t, "to_dict") else dict(t))
        self.assertEqual(flat(copy.deepcopy(m).proportional_hazard_test(terms={"a": [0, 1]})),
                         flat(m.proportional_hazard_test(terms={"a": [0, 1]})))
        with self.assertRaisesRegex(csat.Misuse, "keep_data = 0"):
            csat.CoxPH(keep_data=False).fit(*fit_args).proportional_hazard_test(terms={"a": [0, 1]})
        # covariates of one name: positions tell them apart
        try:
            import pandas as pd
        except ImportError:
            pd = None
        if pd is not None:
            d = csat.CoxPH().fit(pd.DataFrame(rows(R["ov_X"], 3), columns=["a", "a", "b"]),
                                 R["ov_time"], R["ov_event"])
            with self.assertRaisesRegex(csat.InvalidArgument, "two covariates are named 'a'"):
                d.proportional_hazard_test(terms={"t": ["a"]})
            with self.assertRaisesRegex(csat.InvalidArgument, "two covariates are named 'a'"):
                d.proportional_hazard_test(terms={"t": ["b"]})
            tab = d.proportional_hazard_test(terms={"t": [0, 2]})
            self.assertEqual(list(_index(tab)), ["t", "a", "GLOBAL"])
        # all columns in one term: its test is the global test
        tab = m.proportional_hazard_test("rank", terms={"all": [0, 1, 2]})
        assert_close(_col(tab, "chisq")[0], _col(tab, "chisq")[1], rtol=1e-12)
        self.assertEqual(_col(tab, "df"), [3.0, 3.0])


def _index(table):
    idx = getattr(table, "index", None)
    if idx is not None and not callable(idx):
        return list(idx)
    return list(table["term"] if "term" in table else table["covariate"])


if __name__ == "__main__":
    unittest.main()
