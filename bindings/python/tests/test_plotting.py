"""csat.plotting (issue 14, section 1): every plot is rendered with the Agg backend into
a PNG file, and what is drawn must equal libcsat's numbers -- a line's y-data, bar
heights, image cells, texts and titles -- computed here by calling the library directly.

Skipped, with the reason, without matplotlib (CI installs Debian's python3-matplotlib).
Without matplotlib, every plot raises an ImportError that says how to install it: that
test runs everywhere (matplotlib hidden from the import system).
"""
import math
import os
import shutil
import sys
import tempfile
import unittest
from collections import Counter
from unittest import mock

import csat
import csat.plotting as cp
from _util import load_csv

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    HAVE_MPL, WHY = True, ""
except ImportError as e:
    HAVE_MPL, WHY = False, f"csat.plotting needs matplotlib: {e}"

_, X, TX, T, Z = load_csv("cdnow_customers_summary_with_transactions.csv", 300)
PARAMS = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)  # Fader, Hardie & Lee (2005), CDNOW
SCORES = [0.9, 0.8, 0.75, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.7, 0.65, 0.35, 0.15, 0.45]
Y = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]  # Fader & Hardie (2007)
KF = [[1, 2, 3, 1], [1, 1, 2, 3], [2, 1, 3, 3], [1, 2, 3, 1], [1, 1, 2, 3], [3, 1, 2, 3]]
KD = [[5, 4, 5, 3], [5, 3, 5, 3], [4, 3, 4, 3], [5, 4, 5, 3], [2, 3, 5, 3], [5, 3, 5, 3]]
TXLOG = {"id": [1, 1, 1, 2, 2, 3, 3, 3, 3, 4],
         "date": ["2020-01-01", "2020-01-09", "2020-02-01", "2020-01-03", "2020-01-20",
                  "2020-01-05", "2020-01-06", "2020-01-25", "2020-02-20", "2020-02-02"]}


def bgnbd():
    m = csat.BGNBD()
    m.params_ = PARAMS
    return m


def gg():
    g = csat.GammaGamma()
    g.params_ = dict(p=6.25, q=3.74, gamma=15.44)
    return g


def bars(ax):
    return [p.get_height() for p in ax.patches]


def texts(ax):
    return [t.get_text() for t in ax.texts]


class NoMatplotlib(unittest.TestCase):
    def test_import_error_says_how_to_install(self):
        hidden = {k: None for k in ("matplotlib", "matplotlib.pyplot", "matplotlib.axes")}
        with mock.patch.dict(sys.modules, hidden):
            with self.assertRaises(ImportError) as cm:
                cp.plot_probability_alive_matrix(bgnbd(), 5, 10)
        self.assertIn("apt install python3-matplotlib", str(cm.exception))
        self.assertIn("pip install matplotlib", str(cm.exception))

    def test_import_is_lazy(self):
        self.assertFalse(any(n.startswith("matplotlib") for n in vars(cp)))


@unittest.skipUnless(HAVE_MPL, WHY)
class Plots(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="csat-plots-")
        cls.drawn = set()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def setUp(self):
        self.fig, self.ax = plt.subplots()

    def tearDown(self):
        plt.close(self.fig)

    def render(self, name, ax):
        """ax is the Axes passed in; the figure saves as a non-empty PNG."""
        self.assertIs(ax, self.ax)
        path = os.path.join(self.dir, name + ".png")
        self.fig.savefig(path, dpi=50)
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        type(self).drawn.add(name)
        return ax

    def close(self, a, b, tol=1e-12):
        a, b = [float(v) for v in a], [float(v) for v in b]
        self.assertEqual(len(a), len(b))
        for u, v in zip(a, b):
            if math.isnan(v):
                self.assertTrue(math.isnan(u))
            else:
                self.assertLessEqual(abs(u - v), tol * max(1.0, abs(v)), f"{u} != {v}")

    def line(self, ax, label):
        for ln in ax.get_lines():
            if ln.get_label() == label:
                return ln
        self.fail(f"no line labelled {label!r}: {[ln.get_label() for ln in ax.get_lines()]}")

    # ---- churn and CLV ----------------------------------------------------------------

    def test_frequency_recency_matrix(self):
        m = bgnbd()
        ax = self.render("plot_frequency_recency_matrix",
                         cp.plot_frequency_recency_matrix(m, 4, 6, T=10, ax=self.ax))
        z = ax.images[0].get_array()
        self.assertEqual(z.shape, (5, 7))
        self.close([z[2][3], z[4][6], z[0][0]],
                   m.expected_purchases(10, [2, 4, 0], [3, 6, 0], [6, 6, 6]))
        self.assertTrue(z.mask[0][3])  # x = 0 with t_x > 0: blank

    def test_probability_alive_matrix(self):
        m = bgnbd()
        ax = self.render("plot_probability_alive_matrix",
                         cp.plot_probability_alive_matrix(m, 3, 5, ax=self.ax))
        z = ax.images[0].get_array()
        self.close([z[f][r] for f in range(1, 4) for r in range(6)],
                   m.p_alive([f for f in range(1, 4) for r in range(6)],
                             [r for f in range(1, 4) for r in range(6)], [5] * 18))

    def test_period_transactions(self):
        m = bgnbd()
        ax = self.render("plot_period_transactions",
                         cp.plot_period_transactions(m, X, TX, T, max_frequency=4, seed=5,
                                                     ax=self.ax))
        actual = Counter(min(int(x), 4) for x in X)
        sim = Counter(min(int(x), 4) for x in m.generate_data(len(T), T, seed=5)["frequency"])
        self.assertEqual(bars(ax), [actual[k] for k in range(5)] + [sim[k] for k in range(5)])

    def test_calibration_vs_holdout(self):
        m = bgnbd()
        ch = {"frequency_cal": [0, 1, 1, 2, 5, 0], "recency_cal": [0, 3, 5, 8, 20, 0],
              "T_cal": [30, 30, 25, 30, 30, 10], "frequency_holdout": [0, 1, 2, 1, 4, 1],
              "duration_holdout": [20] * 6}
        ax = self.render("plot_calibration_purchases_vs_holdout_purchases",
                         cp.plot_calibration_purchases_vs_holdout_purchases(m, ch, n=2,
                                                                            ax=self.ax))
        pred = m.expected_purchases(20, ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
        self.close(self.line(ax, "Actual").get_ydata(), [0.5, 1.5, 2.5])
        self.close(self.line(ax, "Model").get_ydata(),
                   [(pred[0] + pred[5]) / 2, (pred[1] + pred[2]) / 2, (pred[3] + pred[4]) / 2])

    def test_cumulative_and_incremental_transactions(self):
        m = bgnbd()
        kw = dict(datetime_col="date", customer_id_col="id", t=56, freq_multiplier=7)
        for name, fn, data in (
                ("plot_cumulative_transactions", cp.plot_cumulative_transactions,
                 csat.expected_cumulative_transactions),
                ("plot_incremental_transactions", cp.plot_incremental_transactions,
                 csat.expected_incremental_transactions)):
            with self.subTest(name):
                self.ax.clear()
                ax = self.render(name, fn(m, TXLOG, t_cal=28, ax=self.ax, **kw))
                want = data(m, TXLOG, **kw)
                self.close(self.line(ax, "Actual").get_ydata(), want["actual"])
                self.close(self.line(ax, "Model").get_ydata(), want["predicted"])
                self.close(self.line(ax, "Actual").get_xdata(), range(1, 9))
                self.close(self.line(ax, "End of calibration").get_xdata(), [4, 4])

    def test_history_alive(self):
        m = bgnbd()
        one = {"date": [0.0, 3.0, 3.0, 10.0]}
        ax = self.render("plot_history_alive", cp.plot_history_alive(m, 15, one, "date",
                                                                      ax=self.ax))
        self.close(self.line(ax, "P(alive)").get_ydata(),
                   csat.calculate_alive_path(m, one, "date", 15))
        marks = [ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_label() != "P(alive)"]
        self.close(marks, [0, 3, 10])

    def test_heterogeneity(self):
        r, alpha, a, b = PARAMS["r"], PARAMS["alpha"], PARAMS["a"], PARAMS["b"]

        def gamma_pdf(x):
            return alpha ** r * x ** (r - 1) * math.exp(-alpha * x) / math.gamma(r)

        def beta_pdf(x):
            return x ** (a - 1) * (1 - x) ** (b - 1) * math.gamma(a + b) / (math.gamma(a) * math.gamma(b))
        for name, fn, pdf, label in (
                ("plot_transaction_rate_heterogeneity", cp.plot_transaction_rate_heterogeneity,
                 gamma_pdf, "Gamma(shape 0.243, rate 4.41)"),
                ("plot_dropout_rate_heterogeneity", cp.plot_dropout_rate_heterogeneity,
                 beta_pdf, "Beta(0.793, 2.43)")):
            with self.subTest(name):
                self.ax.clear()
                ax = self.render(name, fn(bgnbd(), ax=self.ax))
                ln = ax.get_lines()[0]
                self.assertTrue(ln.get_label().startswith(label), ln.get_label())
                x, y = ln.get_xdata(), ln.get_ydata()
                self.close(y, [pdf(v) for v in x], tol=1e-10)
        p = csat.ParetoNBD()
        p.params_ = dict(r=0.55, alpha=10.58, s=0.61, beta=11.67)
        self.ax.clear()
        ax = cp.plot_dropout_rate_heterogeneity(p, ax=self.ax)
        self.assertTrue(ax.get_lines()[0].get_label().startswith("Gamma(shape 0.61, rate 11.7)"))
        b = csat.BGBB()
        b.params_ = dict(alpha=1.2, beta=0.75, gamma=0.66, delta=2.78)
        self.ax.clear()
        ax = cp.plot_transaction_rate_heterogeneity(b, ax=self.ax)
        self.assertTrue(ax.get_lines()[0].get_label().startswith("Beta(1.2, 0.75)"))

    def test_clv_distribution_and_equity(self):
        m, g = bgnbd(), gg()
        r = csat.clv(m, g, X, TX, T, Z)
        ax = self.render("plot_clv_distribution",
                         cp.plot_clv_distribution(m, g, X, TX, T, Z, bins=20, ax=self.ax))
        self.assertEqual(len(ax.patches), 20)
        self.assertEqual(sum(bars(ax)), len(X))
        self.assertIn(f"{r.equity:,.0f}", ax.get_title())
        self.ax.clear()
        ax = self.render("plot_customer_equity",
                         cp.plot_customer_equity(m, g, X, TX, T, Z, ax=self.ax))
        self.close(self.line(ax, "customer equity").get_ydata(), csat.abc(r.clv).curve)
        self.assertIn(f"{csat.abc(r.clv).top_share:.0%}", ax.get_title())

    # ---- retention and survival ----------------------------------------------------------

    def test_kaplan_meier(self):
        t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
        e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
        g = [0] * 11 + [1] * 12  # the AML data (Miller 1981), as R's survival::aml
        ax = self.render("plot_kaplan_meier",
                         cp.plot_kaplan_meier(t, e, groups=g, labels=["maintained", "not"],
                                              at=[0, 10, 20, 40], ax=self.ax))
        cells = ax.tables[0].get_celld()
        for gi, name in enumerate(["maintained", "not"]):
            km = csat.KaplanMeier().fit(t, e, groups=g, group=gi)
            self.close(self.line(ax, name).get_ydata(), [1.0] + list(km.survival_))
            self.close(self.line(ax, name).get_xdata(), [0.0] + list(km.time_))
            risk = [float(cells[(gi + 1, j)].get_text().get_text()) for j in range(4)]
            want = [sum(1 for ti, gg_ in zip(t, g) if gg_ == gi and ti >= a) for a in (0, 10, 20, 40)]
            self.assertEqual(risk, want)
        self.assertEqual(len(ax.collections), 2)  # the bands

    def test_sbg(self):
        m = csat.SBG().fit(REGULAR)
        ax = self.render("plot_sbg_survival", cp.plot_sbg_survival(m, REGULAR, horizon=10,
                                                                   ax=self.ax))
        self.close(self.line(ax, "sBG").get_ydata(), m.survival(list(range(11))))
        self.close(self.line(ax, "Actual").get_ydata(), [s / 1000 for s in REGULAR])
        self.ax.clear()
        ax = self.render("plot_sbg_retention", cp.plot_sbg_retention(m, REGULAR, ax=self.ax))
        self.close(self.line(ax, "sBG").get_ydata(), m.retention(list(range(1, 8))))
        self.close(self.line(ax, "Actual").get_ydata(),
                   [REGULAR[i] / REGULAR[i - 1] for i in range(1, 8)])

    def test_cohort_retention(self):
        ids = [3, 1, 2, 4, 1, 3, 2, 1]
        times = [1.25, 0, 0.5, 2.0, 1.5, 1.25, 2.75, 2.25]
        ax = self.render("plot_cohort_retention",
                         cp.plot_cohort_retention(ids, times, period=1.0, ax=self.ax))
        ct = csat.cohort_table(ids, times, period=1.0)
        z = ax.images[0].get_array()
        keep = [i for i, n in enumerate(ct.cohort_size) if n > 0]
        self.close([v for i in keep for v in ct.retention[i]], z.ravel().tolist())

    def test_roc_lift_gains(self):
        auc = csat.roc_auc(SCORES, Y)
        ax = self.render("plot_roc", cp.plot_roc(SCORES, Y, ax=self.ax))
        roc = ax.get_lines()[0]
        self.assertIn(f"AUC = {auc:.3f}", roc.get_label())
        want = [csat.confusion(SCORES, Y, c).recall for c in sorted(set(SCORES), reverse=True)]
        self.close(roc.get_ydata(), [0.0] + want)
        # the trapezoids under the drawn curve give the library's AUC (every score distinct)
        x, y = roc.get_xdata(), roc.get_ydata()
        self.close([sum((x[i + 1] - x[i]) * (y[i] + y[i + 1]) / 2 for i in range(len(x) - 1))],
                   [auc])
        lt = csat.lift_table(SCORES, Y, n_bins=4)
        self.ax.clear()
        ax = self.render("plot_lift", cp.plot_lift(SCORES, Y, n_bins=4, ax=self.ax))
        self.close(bars(ax), lt.lift)
        self.assertIn(f"AUC = {auc:.3f}", ax.get_title())
        self.ax.clear()
        ax = self.render("plot_cumulative_gains",
                         cp.plot_cumulative_gains(SCORES, Y, n_bins=4, ax=self.ax))
        self.close(self.line(ax, "model").get_ydata(), [0.0] + list(lt.cum_gain))
        self.close(self.line(ax, "model").get_xdata(), [0, 0.25, 0.5, 0.75, 1.0])

    def test_campaign_profit(self):
        args = (SCORES, Y, 100.0, 2.0, 10.0, 0.4)
        r = csat.campaign_profit(*args, n_bins=4)
        ax = self.render("plot_campaign_profit",
                         cp.plot_campaign_profit(*args, n_bins=4, ax=self.ax))
        self.close(self.line(ax, "profit").get_ydata(), r.profit)
        self.close(self.line(ax, f"best: {r.best_bins} bins").get_xdata(), [r.best_bins] * 2)

    # ---- satisfaction and loyalty ----------------------------------------------------------

    def test_kano(self):
        k = csat.kano(KF, KD)
        ax = self.render("plot_kano", cp.plot_kano(KF, KD, labels=["a", "b", "c", "d"],
                                                  ax=self.ax))
        xy = ax.collections[0].get_offsets()
        self.close([p[0] for p in xy], [abs(w) for w in k.worse])
        self.close([p[1] for p in xy], k.better)
        names = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent",
                 "R": "reverse", "Q": "questionable"}
        for label, c in zip("abcd", k.category):
            self.assertIn(f"{label} ({names[c]})", texts(ax))
        for region in ("Attractive", "One-dimensional", "Must-be", "Indifferent"):
            self.assertIn(region, texts(ax))

    def test_ipa(self):
        imp, perf = [4.5, 3.0, 2.5, 4.0], [2.0, 4.5, 2.0, 4.2]
        r = csat.ipa(imp, perf, crosshair="medians")
        ax = self.render("plot_ipa", cp.plot_ipa(imp, perf, labels=list("wxyz"),
                                                 crosshair="medians", ax=self.ax))
        self.close(self.line(ax, "importance cut").get_ydata(), [r.importance_cut] * 2)
        self.close(self.line(ax, "performance cut").get_xdata(), [r.performance_cut] * 2)
        xy = ax.collections[0].get_offsets()
        self.close([p[0] for p in xy], perf)
        self.close([p[1] for p in xy], imp)
        self.assertIn("Concentrate here", texts(ax))

    def test_servqual_and_zot(self):
        p = [[5.5 + (i % 3) * 0.25 for i in range(22)], [4.5 + (i % 2) * 0.5 for i in range(22)]]
        e = [[5.0] * 22, [5.5] * 22]
        r = csat.servqual(p, e)
        ax = self.render("plot_servqual_gaps", cp.plot_servqual_gaps(p, e, ax=self.ax))
        self.close(bars(ax), r.dimensions)
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()], list(csat.DIMENSIONS))
        a = [[4, 5, 3], [5, 5, 4], [3, 4, 4]]
        d = [[7, 8, 6], [8, 8, 7], [6, 7, 8]]
        s = [[6, 4, 5], [7, 6, 3], [5, 5, 6]]
        z = csat.zot(a, d, s, item_dimension=[0, 0, 1], n_dimensions=2)
        self.ax.clear()
        ax = self.render("plot_zone_of_tolerance",
                         cp.plot_zone_of_tolerance(a, d, s, item_dimension=[0, 0, 1],
                                                   n_dimensions=2, ax=self.ax))
        self.close(bars(ax), z["dimensions"]["width"])
        self.close([b.get_y() for b in ax.patches], z["dimensions"]["adequate"])
        self.close(self.line(ax, "perceived").get_ydata(), z["dimensions"]["perceived"])

    def test_nps(self):
        scores = [10, 9, 9, 8, 7, 6, 5, 10, 3, 0, 9, 8]
        r = csat.nps(scores)
        ci = r.interval(method="wald", level=0.9)
        ax = self.render("plot_nps", cp.plot_nps(scores, level=0.9, ax=self.ax))
        self.assertEqual(bars(ax), [r.detractors, r.passives, r.promoters])
        self.assertIn(f"NPS = {r.score:.1f}", ax.get_title())
        self.assertIn(f"{ci.lower:.1f} to {ci.upper:.1f}", ax.get_title())

    def test_jones_sasser_and_dick_basu(self):
        sat, loy = [5, 4, 1, 2, 5, 3, 4, 1], [5, 2, 1, 4, 4, 2, 5, 1]
        n = Counter(csat.jones_sasser(sat, loy))
        ax = self.render("plot_jones_sasser", cp.plot_jones_sasser(sat, loy, ax=self.ax))
        self.assertIn(f"loyalists\n{n['loyalist'] + n['apostle']} (apostles {n['apostle']})",
                      texts(ax))
        self.assertIn(f"mercenaries\n{n['mercenary']}", texts(ax))
        att, pat = [0.9, 0.2, 0.8, 0.1, 0.6], [0.9, 0.9, 0.1, 0.2, 0.7]
        n = Counter(csat.dick_basu(a, p, 0.5, 0.5) for a, p in zip(att, pat))
        self.ax.clear()
        ax = self.render("plot_dick_basu", cp.plot_dick_basu(att, pat, 0.5, 0.5, ax=self.ax))
        for name, key in (("loyalty", "loyalty"), ("latent loyalty", "latent"),
                          ("spurious loyalty", "spurious"), ("no loyalty", "none")):
            self.assertIn(f"{name}\n{n[key]}", texts(ax))

    # ---- segmentation and value ----------------------------------------------------------

    def test_rfm_segments(self):
        rec, freq, mon = [float(v) for v in T[:100]], X[:100], Z[:100]
        s = csat.rfm_scores(rec, freq, mon)
        seg = csat.rfm_segments(s.r, s.f, s.m)
        ax = self.render("plot_rfm_segments", cp.plot_rfm_segments(rec, freq, mon, ax=self.ax))
        self.assertEqual(bars(ax), list(seg.counts.values()))
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()], list(seg.counts))

    def test_customer_pyramid(self):
        profit = [10, 5, 3, 1, 0, -1, 8, 2]
        p = csat.pyramid(profit)
        ax = self.render("plot_customer_pyramid", cp.plot_customer_pyramid(profit, ax=self.ax))
        self.assertEqual([b.get_width() for b in ax.patches],
                         [p.counts[t] for t in ("lead", "iron", "gold", "platinum")])

    def test_lorenz(self):
        v = [5, 3, 2, 0, 9, 1]
        a = csat.abc(v)
        ax = self.render("plot_lorenz", cp.plot_lorenz(v, ax=self.ax))
        self.close(self.line(ax, "customers, best first").get_ydata(), a.curve)
        self.assertIn(f"Gini = {a.gini:.3f}", ax.get_title())

    def test_kmeans_plots(self):
        pts = [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10], [0, 10], [1, 11], [0, 11]]
        ax = self.render("plot_elbow", cp.plot_elbow(pts, 1, 4, seed=2, ax=self.ax))
        e = csat.elbow(pts, 1, 4, seed=2)
        self.close(self.line(ax, "inertia").get_ydata(), [e[k] for k in (1, 2, 3, 4)])
        self.ax.clear()
        ax = self.render("plot_silhouette", cp.plot_silhouette(pts, 1, 4, seed=2, ax=self.ax))
        want = [csat.silhouette(pts, csat.KMeans(k, seed=2).fit(pts).labels_, k=k)
                for k in (2, 3, 4)]
        self.close(self.line(ax, "mean silhouette").get_ydata(), want)
        km = csat.KMeans(3, seed=2).fit(pts)
        self.ax.clear()
        ax = self.render("plot_clusters", cp.plot_clusters(km, pts, ax=self.ax))
        labels = list(km.predict(pts))
        for coll in ax.collections[:-1]:
            c = int(coll.get_label().split()[-1])
            self.assertEqual(len(coll.get_offsets()), labels.count(c))
        self.close([p[0] for p in ax.collections[-1].get_offsets()],
                   [r[0] for r in km.cluster_centers_])

    def test_value_plots(self):
        m = csat.ValueModel()
        m.add_offering("A", product=4, service=1, monetary=1, time=0.5)
        m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
        m.add_segment("s", dict(product=2, monetary=1, time=3))
        for seg in (None, "s"):
            self.ax.clear()
            ax = self.render("plot_delivered_value", cp.plot_delivered_value(m, seg, ax=self.ax))
            ev = m.evaluate(seg, ratio=False)
            self.close(self.line(ax, "delivered value").get_ydata(), ev.delivered_value)
            top, bottom = [0.0, 0.0], [0.0, 0.0]
            for b in ax.patches:
                i = round(b.get_x() + b.get_width() / 2)
                top[i] = max(top[i], b.get_y() + b.get_height())
                bottom[i] = min(bottom[i], b.get_y() + b.get_height())
            self.close(top, ev.total_value)
            self.close(bottom, [-c for c in ev.total_cost])
        r = m.improvement("B")
        self.ax.clear()
        ax = self.render("plot_improvement", cp.plot_improvement(m, "B", ax=self.ax))
        self.close(bars(ax), [r.required[c] for c in csat.value.COMPONENTS])
        self.assertIn(f"gap {r.gap:.3g}", ax.get_title())

    # ---- the API ------------------------------------------------------------------------------

    def test_default_axes_and_bad_ax(self):
        plt.sca(self.ax)
        self.assertIs(cp.plot_lorenz([3, 2, 1]), self.ax)
        with self.assertRaises(csat.InvalidType) as cm:
            cp.plot_lorenz([3, 2, 1], ax="axes")
        self.assertIn("ax", str(cm.exception))

    def test_bad_input_raises_csat_errors(self):
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_probability_alive_matrix(bgnbd(), 0, 5, ax=self.ax)
        with self.assertRaises(csat.InvalidType):
            cp.plot_period_transactions("model", X, TX, T, ax=self.ax)
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_kano(KF, KD, labels=["one"], ax=self.ax)
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_calibration_purchases_vs_holdout_purchases(bgnbd(), {"x": [1]}, ax=self.ax)

    # ---- satisfaction over time (issue 16) ----

    def test_tracking(self):
        """The p-chart draws csat.track_shares' numbers: estimates, centre, limits, and the
        flagged wave (60 of 100 above UCL 58.63, tests/survey/test_sat_compare.c)."""
        k, n = [40, 45, 30, 60], [100, 100, 100, 100]
        t = csat.track_shares(k, n)
        ax = self.render("plot_tracking", cp.plot_tracking(n, counts=k, labels=list("ABCD"),
                                                           ax=self.ax))
        by = {ln.get_label(): ln for ln in ax.lines}
        self.assertEqual(ax.containers[0].get_label(), "estimate (95% CI)")
        self.close(ax.containers[0].lines[0].get_ydata(), t["estimate"])
        self.close(by["centre"].get_ydata(), t["center"])
        self.close(by["UCL (3 sigma)"].get_ydata(), t["ucl"])
        self.close(by["LCL"].get_ydata(), t["lcl"])
        self.close(by["beyond a limit (rule 1)"].get_xdata(), [3])
        self.assertEqual([x.get_text() for x in ax.get_xticklabels()], list("ABCD"))
        self.fig.clf()
        self.ax = self.fig.add_subplot()
        m = csat.track_means([7.1, 7.3, 6.8], [1.5, 1.4, 1.6], [50, 60, 40], sigma=0.5)
        ax = cp.plot_tracking([50, 60, 40], means=[7.1, 7.3, 6.8], sds=[1.5, 1.4, 1.6],
                              sigma=0.5, ax=self.ax)
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(by["UCL (3 sigma)"].get_ydata(), m["ucl"])
        self.close(by["beyond a limit (rule 1)"].get_xdata(), [1, 2])
        # run rules 2-4 (docs/theory/tracking.rst, 23.8): 50, 62, 61, 27 of 100 -> rule 2 at wave 2
        self.fig.clf()
        self.ax = self.fig.add_subplot()
        ax = cp.plot_tracking([100] * 4, counts=[50, 62, 61, 27], ax=self.ax)
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(by["run rule (2-4)"].get_xdata(), [2])
        self.close(by["beyond a limit (rule 1)"].get_xdata(), [3])
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_tracking(n, counts=k, means=k, sds=k, ax=self.ax)

    # ---- Cox proportional-hazards test (issue 15) ----

    def test_schoenfeld(self):
        """The points are CoxPH.schoenfeld_residuals' (ovarian data, R's cox.zph values in
        test_cox.py), the dashed line the coefficient, the title the test's p."""
        from test_cox import R, rows
        m = csat.CoxPH().fit(rows(R["ov_X"], 3), R["ov_time"], R["ov_event"])  # x2 = rx
        ax = self.render("plot_schoenfeld", cp.plot_schoenfeld(m, "x2", transform="rank",
                                                               ax=self.ax))
        res = m.schoenfeld_residuals("rank")
        pts = ax.collections[0].get_offsets()
        self.close([float(v) for v in pts[:, 0]], list(res["transformed_time"]))
        self.close([float(v) for v in pts[:, 1]], list(res["x2"]))
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(list(by["coefficient"].get_ydata()), [float(m.coef_[2])] * 2)
        smooth = list(by["smooth"].get_ydata())
        self.assertEqual(len(smooth), 60)
        self.assertTrue(min(res["x2"]) <= min(smooth) <= max(smooth) <= max(res["x2"]))
        p = float(m.proportional_hazard_test("rank")["p"][2])
        self.assertIn(f"p = {p:.3g}", ax.get_title())
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_schoenfeld(m, "nobody", ax=self.ax)
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_schoenfeld(m, 3, ax=self.ax)
        with self.assertRaises(csat.InvalidType):
            cp.plot_schoenfeld("model", ax=self.ax)
        with self.assertRaises(csat.Misuse):  # no data (coxdata: copies carry them)
            cp.plot_schoenfeld(csat.CoxPH(keep_data=False).fit(rows(R["ov_X"], 3), R["ov_time"],
                                                               R["ov_event"]), ax=self.ax)
    # ---- PLS path models (issue 16) ----

    def _acsi(self):
        from test_pls import ITEMS, survey
        return csat.PLSPathModel.preset("acsi", ITEMS, scale=(1, 10)).fit(survey())

    def test_path_diagram(self):
        """One node per LV with its R^2 (endogenous LVs), one arrow per path labelled with
        the model's coefficient; after a bootstrap, "*" where the interval excludes 0."""
        m = self._acsi()
        ax = self.render("plot_path_diagram", cp.plot_path_diagram(m, ax=self.ax))
        texts = {t.get_gid(): t.get_text() for t in ax.texts}
        self.assertEqual(texts["lv:expectations"], "expectations")
        self.assertEqual(texts["lv:satisfaction"], f"satisfaction\nR² = {m.r2_['satisfaction']:.2f}")
        arrows = [t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("path:")]
        self.assertEqual(sorted(arrows), sorted(f"path:{a}->{b}" for a, b in m.path_coefficients_))
        for (a, b), v in m.path_coefficients_.items():
            self.assertEqual(texts[f"coef:{a}->{b}"], f"{v:.2f}")
        # columns by the longest chain: expectations left, loyalty right
        x = {g[3:]: t.get_position()[0] for t in ax.texts if (g := t.get_gid() or "").startswith("lv:")}
        self.assertLess(x["expectations"], x["quality"])
        self.assertLess(x["satisfaction"], x["complaints"])
        self.assertLess(x["complaints"], x["loyalty"])
        m.bootstrap(50, seed=2)
        self.fig.clf()
        self.ax = self.fig.add_subplot()
        ax = cp.plot_path_diagram(m, ax=self.ax)
        texts = {t.get_gid(): t.get_text() for t in ax.texts}
        for k, r in m.bootstrap_["paths"].items():
            star = r.lower > 0 or r.upper < 0
            self.assertEqual(texts["coef:%s->%s" % k].endswith("*"), star)
        with self.assertRaises(csat.NotFittedError):
            cp.plot_path_diagram(csat.PLSPathModel({"A": ["a"], "B": ["b"]}, [("A", "B")]), ax=self.ax)
        with self.assertRaises(csat.InvalidType):
            cp.plot_path_diagram("model", ax=self.ax)

    def test_ipma(self):
        """The IPMA is plot_ipa of PLSPathModel.ipma: performance (0-100) against the total
        effect, one point per driver of the target."""
        m = self._acsi()
        r = m.ipma("satisfaction")
        ax = self.render("plot_ipma", cp.plot_ipma(m, "satisfaction", ax=self.ax))
        pts = ax.collections[0].get_offsets()
        self.close([p[0] for p in pts], [v.performance for v in r.values()])
        self.close([p[1] for p in pts], [v.importance for v in r.values()])
        self.assertEqual(ax.get_xlim(), (0.0, 100.0))
        self.assertIn("satisfaction", ax.get_ylabel())
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_ipma(m, "expectations", ax=self.ax)  # no drivers
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_ipma(m, "nope", ax=self.ax)
    # ---- profitability (issue 17) ----

    def test_profitability(self):
        """The whale curve and tier bars draw csat.whale_curve's and csat.profit_tiers' numbers
        (the hand case of tests/retention/test_profit.c: profits 100, -10, 100)."""
        ax = self.render("plot_whale_curve", cp.plot_whale_curve([100, -10, 100], ax=self.ax))
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(by["cumulative profit"].get_ydata(), [0, 100 / 190, 200 / 190, 1])
        self.close(by["peak"].get_xdata(), [2 / 3])
        self.fig.clf()
        self.ax = self.fig.add_subplot()
        ax = self.render("plot_tier_profitability",
                         cp.plot_tier_profitability([230, 30, 200], [100, -10, 100], [0, 1, 0],
                                                    labels=["top", "rest"], ax=self.ax))
        self.close([p.get_height() for p in ax.patches], [100, -10])
        self.assertTrue(ax.get_xticklabels()[0].get_text().startswith("top"))
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_tier_profitability([1], [1], [0], labels=["a", "b"], ax=self.ax)

    # ---- profit by tenure, complaint times, retention-profit table (issue 17) ----

    def _tenure_store(self):
        """The hand-computed store of test_crm.TestChainDrivers (yearly periods from 0):
        profit per acquired customer 20/3, 26/3, 10 and per active customer 20/3, 13, 20;
        complaints answered after 0.2, 2.0, 0 and resolved after 3, 8, 0.5 (one not
        answered, one open)."""
        s = csat.Customers()
        s.add([1, 1, 1, 2, 3, 3], [0.5, 1.5, 2.5, 0.2, 1.1, 2.3], [10, 20, 30, 10, 12, 16],
              costs=[4, 6, 10, 6, 2, 4])
        nan = float("nan")
        s.add_complaints([1, 2, 3, 1], [0.5, 0.6, 1.2, 2.0], first_response=[0.7, 2.6, 1.2, nan],
                         resolved=[3.5, nan, 9.2, 2.5])
        return s

    def test_profit_by_tenure(self):
        ax = self.render("plot_profit_by_tenure",
                         cp.plot_profit_by_tenure(self._tenure_store(), origin=0, cohorts=True,
                                                  ax=self.ax))
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(by["per acquired customer"].get_xdata(), [1, 2, 3])
        self.close(by["per acquired customer"].get_ydata(), [20 / 3, 26 / 3, 10])
        self.close(by["per active customer"].get_ydata(), [20 / 3, 13, 20])
        # cohort 0: customers 1, 2 (6 + 4, 14, 20 over 2); cohort 1: customer 3 (10, 12)
        self.close(by["cohort 0"].get_ydata(), [5, 7, 10])
        self.close(by["cohort 1"].get_ydata(), [10, 12])
        # the same from a profit_by_tenure Result
        tab = csat.profit_by_tenure_customers(self._tenure_store(), origin=0)
        self.fig.clf()
        self.ax = self.fig.add_subplot()
        ax = cp.plot_profit_by_tenure(tab, ax=self.ax)
        self.assertNotIn("cohort 0", [ln.get_label() for ln in ax.lines])
        with self.assertRaises(csat.InvalidArgument):
            cp.plot_profit_by_tenure(tab, period=2, ax=self.ax)
        with self.assertRaises(csat.InvalidType):
            cp.plot_profit_by_tenure([1, 2], ax=self.ax)

    def test_complaint_times(self):
        ax = self.render("plot_complaint_times",
                         cp.plot_complaint_times(self._tenure_store(), response_target=1,
                                                 resolution_target=7, ax=self.ax))
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(by["response target"].get_xdata(), [1, 1])
        self.close(by["resolution target"].get_xdata(), [7, 7])
        # type-7 quantiles: response times 0, 0.2, 2 (median 0.2, p90 0.2 + 0.8 * 1.8);
        # resolution times 0.5, 3, 8 (median 3, p90 3 + 0.8 * 5 = 7)
        self.close(by["medians"].get_xdata(), [0.2, 3], tol=1e-9)
        self.close(by["90th percentiles"].get_xdata(), [1.64, 7], tol=1e-9)
        labels = [p.get_label() for p in ax.patches]
        self.assertIn("response time (67% within target)", labels)
        self.assertIn("resolution time (67% within target)", labels)
        h = [p.get_height() for p in ax.patches]  # 20 bins over [0, 8] each: width 0.4
        self.assertEqual(len(h), 40)
        self.assertEqual((sum(h[:20]), h[0], h[5]), (3, 2, 1))  # 0 and 0.2; 2.0
        self.assertEqual((sum(h[20:]), h[21], h[27], h[39]), (3, 1, 1, 1))  # 0.5, 3, 8
        with self.assertRaises(csat.EmptyInput):
            s = csat.Customers()
            s.add([1], [0.0], [1.0])
            cp.plot_complaint_times(s, ax=self.ax)

    def test_retention_profit(self):
        d, rates = [30, 42, 44, 50, 56], [0.7, 0.75, 0.8, 0.85, 0.9]
        ax = self.render("plot_retention_profit",
                         cp.plot_retention_profit(d, 60, rates, base_retention=0.8, discount=0.1,
                                                  ax=self.ax))
        by = {ln.get_label(): ln for ln in ax.lines}
        want = [csat.retention_profit(d, 60, r, discount=0.1).value for r in rates]
        self.close(by["customer value"].get_xdata(), rates)
        self.close(by["customer value"].get_ydata(), want)
        self.close(by["base retention"].get_ydata(), [want[2]])
        self.fig.clf()
        self.ax = self.fig.add_subplot()
        ax = cp.plot_retention_profit(d, 60, rates, base_retention=0.8, discount=0.1, gain=True,
                                      ax=self.ax)
        by = {ln.get_label(): ln for ln in ax.lines}
        self.close(by["profit gain"].get_ydata(), [100 * (w / want[2] - 1) for w in want],
                   tol=1e-9)
        self.close(by["base retention"].get_ydata(), [0])

    def test_zz_every_plot_rendered(self):
        # runs last (alphabetical order): every public function has drawn a PNG
        self.assertEqual(sorted(set(cp.__all__) - self.drawn), [])


if __name__ == "__main__":
    unittest.main()
