"""csat.dask on a real cluster: a distributed.LocalCluster of 2 worker processes
on 127.0.0.1. Every partitioned result must equal the single-machine result on
the same data: fits to 1e-10 relative, summaries and integer-valued results
identical. Partitions of very different sizes, empty partitions, a partition
holding one customer, and transactions not partitioned by customer.

Data: CDNOW (tests/data; Fader, Hardie & Lee 2005) and the Telco churn data.
Skipped, with the reason, without dask and distributed.
"""
import os
import unittest

import csat

try:
    import numpy as np
    import pandas as pd
    import dask.dataframe as dd
    import distributed
    import csat.dask as cd
    HAVE_DASK = True
except ImportError as e:  # noqa: F841
    HAVE_DASK = False
    WHY = f"csat.dask needs dask and distributed: {e}"

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "data")


def uneven(df, cuts):
    """df in partitions cut at the given row positions (empty ones where cuts repeat)."""
    parts = [df.iloc[a:b] for a, b in zip([0] + cuts, cuts + [len(df)])]
    return dd.from_delayed([__import__("dask").delayed(p) for p in parts], meta=df.iloc[:0])


@unittest.skipUnless(HAVE_DASK, "csat.dask needs dask and distributed" if not HAVE_DASK else "")
class DaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                               host="127.0.0.1", dashboard_address=None)
        cls.client = distributed.Client(cls.cluster)
        s = pd.read_csv(os.path.join(DATA, "cdnow_customers_summary_with_transactions.csv"))
        s = s.rename(columns={"x": "frequency", "t_x": "recency", "T": "T", "zbar": "monetary_value"})
        cls.summary = s.set_index(s.columns[0])
        # very different sizes, an empty partition, one customer alone
        cls.ddf = uneven(cls.summary, [1, 1, 700, 701, 2000])

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def assertClose(self, a, b, rtol):
        for k in a:
            self.assertLessEqual(abs(a[k] - b[k]), rtol * abs(b[k]), f"{k}: {a[k]!r} vs {b[k]!r}")

    def test_btyd_fits_equal_single_machine(self):
        s = self.summary
        for cls in (csat.BGNBD, csat.ParetoNBD, csat.ModifiedBGNBD):
            with self.subTest(model=cls.__name__):
                one = cls(gtol=1e-12).fit(s.frequency, s.recency, s["T"])
                m = cd.fit(cls(), self.ddf, client=self.client)
                # Pareto/NBD: the single-machine Newton stops with a last step of
                # 1.5e-10 relative (at the rounding floor of its log-likelihood);
                # the two ends are within that of the optimum and of each other
                self.assertClose(m.params_, one.params_, 3e-10 if cls is csat.ParetoNBD else 1e-10)
                self.assertClose(m.standard_errors_, one.standard_errors_, 1e-6)
                self.assertAlmostEqual(m.log_likelihood_, one.log_likelihood_, delta=1e-9 * abs(one.log_likelihood_))
                self.assertEqual(m.n_customers_, 2357)
                self.assertLessEqual(m.fit_report_.round_trips, 15, m.fit_report_)
                self.assertIn("fitted on 2,357", repr(m))

    def test_spend_fit_equals_single_machine(self):
        s = self.summary
        rep = s[s.frequency > 0]
        one = csat.GammaGamma(gtol=1e-12).fit(rep.frequency, rep.monetary_value)
        m = cd.fit(csat.GammaGamma(), self.ddf, client=self.client)
        self.assertClose(m.params_, one.params_, 1e-10)
        self.assertLessEqual(m.fit_report_.round_trips, 15)

    def test_bgbb_weighted(self):
        d = pd.read_csv(os.path.join(DATA, "donations.csv"))
        one = csat.BGBB(gtol=1e-12).fit(d.frequency, d.recency, d.periods, d.weights)
        m = cd.fit(csat.BGBB(), uneven(d, [1, 5, 5]), recency="recency", T="periods", weights="weights",
                   client=self.client)
        # the single-machine fit stops where a step changes the log-likelihood
        # (-33,226) by less than its rounding (~1e-11): about 3e-8 in the
        # estimates here (1.1e-8 from the Newton end since b + (n - x) keeps a
        # tiny beta's digits; tests/btyd/test_chunk.c)
        self.assertClose(m.params_, one.params_, 5e-8)

    def test_predictions_keep_the_index(self):
        s = self.summary
        m = csat.BGNBD().fit(s.frequency, s.recency, s["T"])
        g = csat.GammaGamma().fit(s.frequency[s.frequency > 0], s.monetary_value[s.frequency > 0])
        pa = cd.p_alive(m, self.ddf).compute()
        pd.testing.assert_series_equal(pa, pd.Series(m.p_alive(s.frequency, s.recency, s["T"]),
                                                     index=s.index, name="p_alive"))
        ex = cd.expected_purchases(m, self.ddf, 39.0).compute()
        # below 128 customers a partition is evaluated customer by customer,
        # above in batches sharing per-frequency work: equal to rounding
        np.testing.assert_allclose(ex.to_numpy(), np.asarray(m.expected_purchases(39.0, s.frequency,
                                                                                   s.recency, s["T"])),
                                   rtol=1e-13, atol=0)
        self.assertTrue(ex.index.equals(s.index))
        v = cd.clv(m, g, self.ddf).compute()
        np.testing.assert_allclose(v.to_numpy(), np.asarray(csat.clv(m, g, s.frequency, s.recency, s["T"],
                                                                     s.monetary_value).clv), rtol=1e-13, atol=0)

    def test_summary_from_unpartitioned_transactions(self):
        tx = pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+", header=None,
                         names=["customer_id", "date", "number_of_cds", "dollar_value"], skiprows=1)
        tx["date"] = tx["date"].astype(str)
        one = csat.summary_data_from_transaction_data(tx, "customer_id", "date", "dollar_value",
                                                       datetime_format="%Y%m%d", freq="W")
        # rows in date order: every customer spread over partitions
        ddf = dd.from_pandas(tx.sort_values("date", kind="stable"), npartitions=7)
        got = cd.summary_data_from_transaction_data(ddf, "customer_id", "date", "dollar_value",
                                                    datetime_format="%Y%m%d", freq="W").compute()
        pd.testing.assert_frame_equal(got.sort_index(), one.sort_index(), check_exact=True)

    def test_kaplan_meier_merged(self):
        t = pd.read_csv(os.path.join(DATA, "telco_churn.csv"))
        df = pd.DataFrame({"d": t["tenure"].astype(float), "e": (t["churn"] == "Yes").astype(float)})
        one = csat.KaplanMeier().fit(df.d, df.e)
        km = cd.kaplan_meier(uneven(df, [1, 3000, 3000]), "d", "e", client=self.client)
        for col in ("time_", "n_risk_", "n_event_", "n_censor_", "survival_", "std_err_", "lower_", "upper_"):
            np.testing.assert_array_equal(np.asarray(getattr(km, col)), np.asarray(getattr(one, col)), col)

    def test_kmeans_equals_single_machine(self):
        # the data of tests/segments/test_kmeans.c, its first 4 rows as the start
        i = np.arange(300)
        X = np.column_stack([np.sin(1.3 * i) * 4 + (i % 3) * 5, np.cos(0.7 * i) * 3 + (i % 3),
                             ((i * 37) % 101) / 25.0])
        df = pd.DataFrame(X, columns=["a", "b", "c"], index=pd.Index(i * 10, name="cust"))
        one = csat.KMeans(4, init=X[:4], tol=0).fit(X)
        km = cd.kmeans(uneven(df, [1, 100, 100, 250]), ["a", "b", "c"], 4, init=X[:4], tol=0,
                       client=self.client)
        labels = km.labels_.compute()
        self.assertTrue(labels.index.equals(df.index))
        np.testing.assert_array_equal(labels.to_numpy(), np.asarray(one.labels_))
        np.testing.assert_allclose(km.cluster_centers_, one.cluster_centers_, rtol=1e-12, atol=1e-12)
        self.assertAlmostEqual(km.inertia_, one.inertia_, delta=1e-9 * one.inertia_)
        self.assertEqual(km.round_trips_, km.n_iter_ + 1)
        # the sampled k-means++ start converges too
        km2 = cd.kmeans(uneven(df, [1, 100, 100, 250]), ["a", "b", "c"], 4, seed=3, client=self.client)
        self.assertTrue(km2.converged_)
        self.assertEqual(len(km2.labels_.compute()), 300)

    def test_logistic_equals_single_machine(self):
        t = pd.read_csv(os.path.join(DATA, "telco_churn.csv"))
        feats = ["tenure", "monthly_charges", "senior_citizen", "paperless_billing"]
        df = t[feats].astype(float).assign(y=(t["churn"] == "Yes").astype(float))
        one = csat.LogisticChurn().fit(df[feats].to_numpy(), df["y"].to_numpy())
        m = cd.logistic(uneven(df, [1, 3000, 3000]), feats, "y", client=self.client)
        np.testing.assert_allclose(m.coef_, one.coef_, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(m.standard_errors_, one.standard_errors_, rtol=1e-8)
        self.assertAlmostEqual(m.log_likelihood_, one.log_likelihood_, delta=1e-9 * abs(one.log_likelihood_))
        np.testing.assert_allclose(m.predict_proba(df[feats].to_numpy()[:5]),
                                   one.predict_proba(df[feats].to_numpy()[:5]), rtol=1e-10)
        self.assertLessEqual(m.round_trips_, 12)

    def test_rfm_scores_equal_single_machine(self):
        s = self.summary
        one = csat.rfm_scores(s.recency.to_numpy(), s.frequency.to_numpy(), s.monetary_value.to_numpy())
        for ddf in (self.ddf, dd.from_pandas(s.sample(frac=1.0, random_state=1), npartitions=5)):
            got, breaks = cd.rfm_scores(ddf, client=self.client)
            got = got.compute().loc[s.index]
            for k in ("r", "f", "m", "code", "total"):
                np.testing.assert_array_equal(got[k].to_numpy(), np.asarray(one[k]), k)
            for k in ("recency", "frequency", "monetary"):
                np.testing.assert_array_equal(breaks[k], np.asarray(one.breaks[k]), k)
        with self.assertRaises(csat.InvalidArgument):
            cd.rfm_scores(self.ddf, bins=12, client=self.client)

    def test_sbg_equals_single_machine(self):
        # durations of the regular cohort of Fader & Hardie (2007), one row a customer,
        # shuffled; partitions of very different sizes, empty ones, one customer alone
        surv = [1000, 869, 743, 653, 593, 551, 517, 491]
        d = np.concatenate([np.full(surv[t - 1] - surv[t], t, dtype=float) for t in range(1, 8)]
                           + [np.full(surv[7], 7.0)])
        c = np.concatenate([np.ones(1000 - surv[7]), np.zeros(surv[7])])
        df = pd.DataFrame({"d": d, "c": c}).sample(frac=1.0, random_state=2)
        one = csat.SBG().fit_durations(df.d, df.c)
        for ddf in (uneven(df, [1, 1, 800, 801]), dd.from_pandas(df, npartitions=3)):
            m = cd.sbg(ddf, "d", "c", client=self.client)
            # integer counts: the merged table is the single-machine grouping, bit for bit
            self.assertEqual(m.params_, one.params_)
            self.assertEqual(m.standard_errors_, one.standard_errors_)
            self.assertEqual(m.log_likelihood_, one.log_likelihood_)
            self.assertEqual(m.n_customers_, 1000)
            self.assertLessEqual(m.round_trips_, 2)
        # weights: fractional, as weighted rows of the single-machine fit
        w = np.where(np.arange(len(df)) % 3 == 0, 0.5, 2.0)
        dfw = df.assign(w=w)
        onew = csat.SBG().fit_durations(dfw.d, dfw.c, weights=dfw.w)
        m = cd.sbg(uneven(dfw, [1, 500, 500]), "d", "c", "w", client=self.client)
        self.assertClose(m.params_, onew.params_, 1e-10)
        with self.assertRaises(csat.InvalidArgument):
            cd.sbg(uneven(dfw.assign(w=-w), [1, 500]), "d", "c", "w", client=self.client)
        with self.assertRaises(csat.InvalidArgument):
            cd.sbg(uneven(df.assign(d=df.d + 0.5), [1, 500]), "d", "c", client=self.client)
        with self.assertRaises(csat.InvalidArgument):
            cd.sbg(self.ddf, "nope", "c", client=self.client)

    def transactions(self):
        tx = pd.read_csv(os.path.join(DATA, "CDNOW_master.txt"), sep=r"\s+", header=None,
                         names=["customer_id", "date", "number_of_cds", "dollar_value"], skiprows=1)
        day = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d")
        tx["day"] = (day - pd.Timestamp("1996-12-25")).dt.days.astype(float)
        return tx

    def test_cohort_table_equals_single_machine(self):
        tx = self.transactions()
        one = csat.cohort_table(tx.customer_id.to_numpy(), tx.day.to_numpy(), tx.dollar_value.to_numpy(),
                                period=28.0)
        by_customer = tx.sort_values("customer_id", kind="stable").reset_index(drop=True)
        ids = by_customer.customer_id.to_numpy()

        def at_customer(rows):  # the first row of the customer at or after each row position
            return [int(np.searchsorted(ids, ids[r], side="left")) for r in rows]
        cases = [
            # not partitioned by customer (rows in date order): shuffled by customer id
            (dd.from_pandas(tx.sort_values("day", kind="stable"), npartitions=7), False, None),
            # partitioned by customer, of very different sizes, an empty one, one customer alone
            (uneven(by_customer, [int((ids == ids[0]).sum())] * 2 + at_customer([20000, 60000])), True, None),
            (uneven(by_customer, at_customer([10000, 30000, 50000])), True, 5),
        ]
        for ddf, by_cust, offsets in cases:
            with self.subTest(partitioned_by_customer=by_cust, n_offsets=offsets):
                ref = one if offsets is None else csat.cohort_table(
                    tx.customer_id.to_numpy(), tx.day.to_numpy(), tx.dollar_value.to_numpy(), period=28.0,
                    n_offsets=offsets)
                got = cd.cohort_table(ddf, "customer_id", "day", "dollar_value", period=28.0,
                                      n_offsets=offsets, partitioned_by_customer=by_cust, client=self.client)
                for k in ("cohort_start", "cohort_size", "active", "retention"):
                    np.testing.assert_array_equal(got[k], np.asarray(ref[k]), k)
                for k in ("revenue", "revenue_retention"):
                    np.testing.assert_allclose(got[k], np.asarray(ref[k]), rtol=1e-12, atol=0, err_msg=k)
        with self.assertRaises(csat.InvalidArgument):
            cd.cohort_table(dd.from_pandas(tx.assign(date=tx.date.astype(str)), npartitions=2), "customer_id",
                            "date", client=self.client)

    def test_value_tiers_equal_single_machine(self):
        s = self.summary
        for cuts in ((None, None), (2.0, None), (None, 30.0)):
            one = csat.value_tiers(s.frequency.to_numpy(), s.monetary_value.to_numpy(), *cuts)
            # odd and even counts of customers (the median of an even count is a mean)
            for ddf in (self.ddf, dd.from_pandas(s.iloc[1:].sample(frac=1.0, random_state=1), npartitions=5)):
                with self.subTest(cuts=cuts, n=len(ddf)):
                    ref = one if len(ddf) == len(s) else csat.value_tiers(
                        s.frequency.to_numpy()[1:], s.monetary_value.to_numpy()[1:], *cuts)
                    idx = s.index if len(ddf) == len(s) else s.index[1:]
                    tiers, info = cd.value_tiers(ddf, frequency_cut=cuts[0], amount_cut=cuts[1],
                                                 client=self.client)
                    got = tiers.compute().loc[idx]
                    np.testing.assert_array_equal(got["tier"].to_numpy(), np.asarray(ref.tier))
                    self.assertEqual(list(got["names"]), list(ref.names))
                    self.assertEqual(info.cuts, tuple(ref.cuts))
                    self.assertEqual(info.counts, dict(ref.counts))
        with self.assertRaises(csat.DomainError):
            cd.value_tiers(dd.from_pandas(s.assign(frequency=3.0), npartitions=2), client=self.client)
        with self.assertRaises(csat.InvalidArgument):
            cd.value_tiers(self.ddf, amount_cut=float("nan"), client=self.client)

    def test_bad_arguments(self):
        with self.assertRaises(csat.InvalidType):
            cd.fit(csat.KaplanMeier(), self.ddf, client=self.client)
        with self.assertRaises(csat.InvalidType):
            cd.fit(csat.BGNBD(), self.summary, client=self.client)
        with self.assertRaises(csat.InvalidArgument):
            cd.fit(csat.BGNBD(), self.ddf, frequency="nope", client=self.client)
        with self.assertRaises(csat.InvalidType):
            cd.fit(csat.BGNBD(), self.ddf, client="localhost")
        bad = self.summary.copy()
        bad.iloc[5, bad.columns.get_loc("recency")] = 1e6
        with self.assertRaises(csat.InvalidArgument):
            cd.fit(csat.BGNBD(), dd.from_pandas(bad, npartitions=3), client=self.client)


@unittest.skipUnless(HAVE_DASK, "csat.dask needs dask and distributed" if not HAVE_DASK else "")
class DaskBadInputTest(unittest.TestCase):
    """The bad-input walk of test_bad_input.py, for csat.dask (which needs no
    cluster to refuse its arguments): every function, its required arguments
    all None, a string, a list, a numpy array or a dict, raises a csat.CsatError
    with a message, never a dask, pandas or AttributeError."""

    def test_every_function_refuses_bad_arguments(self):
        import inspect
        for name in cd.__all__:
            fn = getattr(cd, name)
            required = [p for p in inspect.signature(fn).parameters.values()
                        if p.default is inspect.Parameter.empty
                        and p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
            for bad in (None, "x", [1, 2], np.zeros(3), {"a": [1]}):
                with self.subTest(function=name, value=repr(bad)[:20]):
                    with self.assertRaises(csat.CsatError) as cm:
                        fn(*[bad] * len(required))
                    self.assertTrue(str(cm.exception))


if __name__ == "__main__":
    unittest.main()
