"""Every public callable of csat against a matrix of bad inputs (issue 11, section 2).

For each public function, class and public method (found by walking csat.__all__
and the classes' members: a callable missing from SPECS fails the test), each
parameter is given every bad value of its kind -- None, strings, nested and
ragged lists, object / bool / complex / string / date arrays, 2-D where 1-D is
expected, NaN and Inf, empty input, mismatched lengths, wrong handles, closed
handles -- and must raise a csat.CsatError subclass with a useful message (for
a wrong type: an InvalidType naming the argument; never a ctypes, numpy or C
function name), never crash, hang or return. Valid variants of the same data
(float32, int, non-contiguous, read-only and object arrays; tuples; array('d'))
must give exactly the result of the same values as a list of floats. Every
method is also called on a closed object and must raise csat.ClosedError.

Each module's callables run in a subprocess with faulthandler on, so a crash
is reported as a failure of that module (with the C stack) instead of killing
the test runner. Run one module by hand: python3 test_bad_input.py btyd
"""
import array
import copy
import faulthandler
import inspect
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import csat
import csat.plotting
from _util import load_csv, regular_cohort_payments, model
from test_segmentation import FREQ, MON, REC
from test_segmentation import F as FS, M as MS, R as RS

np = None
if csat.HAVE_NUMPY:
    import numpy as np

MODULES = ("_lib", "customers", "transactions", "value", "satisfaction", "btyd", "retention",
           "segmentation", "tracking", "plotting")
MODULES = MODULES + ("pls",)  # PLS path modelling (issue 16)
# satisfaction over time (issue 16)
MODULES += ("satisfaction_time",)
MODULES += ("profitability",)  # issue 17

try:  # csat.plotting's walk draws on Agg Axes; without matplotlib it is skipped
    import matplotlib
    matplotlib.use("Agg")
    HAVE_MPL = True
except ImportError:
    HAVE_MPL = False

# ---- data ----------------------------------------------------------------------------


_, X200, TX200, T200, Z200 = load_csv("cdnow_customers_summary_with_transactions.csv", 200)
GG_X = [x for x, z in zip(X200, Z200) if x > 0]
GG_Z = [z for x, z in zip(X200, Z200) if x > 0]
BB_F, BB_R, BB_N, BB_W = load_csv("donations.csv")
AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
AML_G = [0] * 11 + [1] * 12
SCORES = [0.9, 0.8, 0.75, 0.6, 0.55, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.7]
Y = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1]
IDS = [3, 1, 2, 4, 1, 3, 2, 1]
TIMES = [1.25, 0, 0.5, 2.0, 1.5, 1.25, 2.75, 2.25]
AMTS = [7, 10, 5, 100, 20, 3, 5, 30]
KX = [[0, 0], [0, 1], [10, 10], [10, 11], [0, 0.5], [10, 10.5]]
LX = [[-2.0], [-1.0], [1.0], [2.0], [0.5], [-0.5], [1.5], [-1.5]]
LY = [0, 1, 1, 1, 0, 0, 1, 0]
DIM22 = [0] * 4 + [1] * 5 + [2] * 4 + [3] * 4 + [4] * 5
SQ_P = [[5.5 + (i % 3) * 0.25 for i in range(22)], [4.5 + (i % 2) * 0.5 for i in range(22)]]
SQ_E = [[5.0] * 22, [5.5] * 22]


# A transaction log for the lifetimes-style summaries. Column names and end dates
# are not fuzzed here (any hashable can name a column; ends are dates, strings or
# numbers): test_transactions.py feeds them odd values.
TX = {"id": [1, 2, 1, 3], "date": ["2020-01-01", "2020-01-02", "2020-01-05", "2020-01-06"],
      "amount": [1.0, 2.0, 3.0, 4.0]}
TX_COLS = dict(customer_id_col="id", datetime_col="date", monetary_value_col="amount")
TX_KINDS = dict(transactions="none", customer_id_col="none", datetime_col="none",
                monetary_value_col="none", datetime_format="text?", observation_period_end="none",
                freq="choice", freq_multiplier="real", include_first_transaction="flag", n_jobs="njobs")


def bgnbd():
    return model(csat.BGNBD, r=0.25, alpha=4.5, a=0.75, b=2.5)


def store():
    c = csat.Customers()
    c.add(IDS, TIMES, AMTS)
    c.summary(observation_end=3)
    return c


def detail_store():
    """store() with costs, categories, groups, acquisition costs and complaints (issue 17)."""
    c = store()
    c.add([1, 2], [3.0, 3.5], [4.0, 6.0], costs=[1.0, 2.0], categories=[0, 2])
    c.set_groups([1, 2], [0, 1])
    c.set_acquisition_costs([1], [20.0])
    c.add_complaints([2], [1.0], resolved=[2.0])
    return c


def btyd_store():
    """The first 40 CDNOW customers (Fader, Hardie & Lee 2005) as transactions in
    days, summarised in weeks: fits with an interior maximum (store()'s four
    customers drive the BTYD estimates to the edge of the parameters, DomainError)."""
    rows = [(2, 30.43, 38.86), (1, 1.71, 38.86), (0, 0, 38.86), (0, 0, 38.86), (0, 0, 38.86),
            (7, 29.43, 38.86), (1, 5.0, 38.86), (0, 0, 38.86), (2, 35.71, 38.86), (0, 0, 38.86),
            (5, 24.43, 38.86), (0, 0, 38.86), (0, 0, 38.86), (0, 0, 38.86), (0, 0, 38.86),
            (0, 0, 38.86), (10, 34.14, 38.86), (1, 4.86, 38.86), (3, 28.29, 38.71), (0, 0, 38.71),
            (2, 14.57, 38.71), (0, 0, 38.71), (0, 0, 38.71), (0, 0, 38.71), (0, 0, 38.71),
            (1, 1.57, 38.71), (0, 0, 38.71), (1, 29.43, 38.71), (0, 0, 38.71), (1, 5.86, 38.71),
            (0, 0, 38.71), (0, 0, 38.71), (0, 0, 38.71), (0, 0, 38.71), (1, 27.14, 38.71),
            (0, 0, 38.71), (0, 0, 38.71), (1, 2.14, 38.71), (0, 0, 38.71), (0, 0, 38.71)]
    ids, times, amts = [], [], []
    for i, (x, tx, T) in enumerate(rows):
        first = 273 - round(T * 7)
        ids.append(i + 1), times.append(first), amts.append(10.0)
        for k in range(1, x + 1):
            ids.append(i + 1), times.append(first + round(round(tx * 7) * k / x)), amts.append(10.0 + k)
    c = csat.Customers()
    c.add(ids, times, amts)
    c.summary(observation_end=272, time_scale=7)
    return c


def cohort_store():
    c = csat.Customers()
    c.add(*regular_cohort_payments())
    return c


def value_model():
    m = csat.ValueModel()
    m.add_offering("A", product=4, monetary=1)
    m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
    m.add_segment("S", {"product": 2}, 3.0)
    return m


# ---- parameter kinds -----------------------------------------------------------------
#
# Kind strings: col (double column, same length as the call's other linked
# columns), colx (a column not linked to others), flags (0/1 column; booleans
# are valid), ids / ints (integer columns), mat (matrix), fixed (a column C
# reads a fixed number of values from), scol (a number or a column), real,
# count (an integer), choice, flag (a bool), scale, scales, handle:Name,
# modelclass, params (dict or sequence of parameters), dict, text, seq,
# table (RFM rules), pairs (dict of pairs), nps (NPS result or 3 counts),
# none (not fuzzed: the matrix does not apply). A trailing "?" means None is
# valid; options after ":" in the spec's extra dict.

class Spec:
    def __init__(self, name, call, base, kinds, obj=None, ok=(), empty_ok=(), nan_ok=(),
                 linked=None, check_message=True, baseline_error=False):
        self.name, self.call, self.base, self.kinds, self.obj = name, call, base, kinds, obj
        self.ok = set(ok)            # (param, case) pairs that are valid input
        self.empty_ok = set(empty_ok)
        self.nan_ok = set(nan_ok)
        self.linked = linked         # the params whose lengths must agree (default: col/flags/ids)
        self.check_message = check_message
        self.baseline_error = baseline_error  # the call always fails (e.g. BG/BB from a store)


def S(name, base, kinds, **kw):
    """Spec of a module-level function or class constructor csat.<name>."""
    return Spec(name, lambda **a: getattr(csat, name)(**a), base, kinds, **kw)


def M(cls, method, obj, base, kinds, **kw):
    """Spec of a method: obj() makes a fresh instance."""
    def call(_obj=None, **a):
        return getattr(_obj, method)(**a)
    return Spec(f"{cls}.{method}", call, base, kinds, obj=obj, **kw)


def P(cls, prop, obj):
    """Spec of a property (only use after close is checked)."""
    return Spec(f"{cls}.{prop}", lambda _obj=None: getattr(_obj, prop), {}, {}, obj=obj)


BTYD_FIT_KINDS = dict(frequency="col", recency="col", T="col", weights="col?", start="params?")
FIT_HYPER = dict(l2_penalty=0.5, max_iter=100, gtol=1e-8, with_standard_errors=False, n_jobs=2)
FIT_HYPER_KINDS = dict(l2_penalty="real", max_iter="count", gtol="real", with_standard_errors="flag",
                       n_jobs="njobs")
SAVED = os.path.join(tempfile.mkdtemp(prefix="csat-bad-input-"), "model.json")


def saved_model():
    """A file written by BGNBD.save (for the walk of csat.load)."""
    with csat.BGNBD().fit(X200, TX200, T200) as m:
        m.save(SAVED)
    return SAVED


def model_specs(cls, unfitted, fitted, hyper, hyper_kinds, props=()):
    """The members every fitted model class has (csat._models.Model): get_params,
    set_params, save, summary, and the given fitted properties."""
    return [
        S(cls, hyper, hyper_kinds),
        M(cls, "get_params", unfitted, {}, {"deep": "none"}),
        M(cls, "set_params", unfitted, hyper, {"**params": "hyperkw"}),
        M(cls, "save", fitted, dict(path=os.path.join(os.path.dirname(SAVED), cls + ".json")),
          dict(path="path")),
    ] + [P(cls, p, fitted) for p in ("summary",) + tuple(props)]


FIT_PROPS = ("params_", "standard_errors_", "log_likelihood_", "aic_", "bic_", "fit_report_",
             "n_customers_")
BTYD_PRED = dict(frequency=X200[:20], recency=TX200[:20], T=T200[:20])
PRED_KINDS = dict(frequency="col", recency="col", T="col")


def _btyd_specs(cls, fit_base):
    kinds = dict(BTYD_FIT_KINDS)
    if cls == "BGBB":
        kinds["n_periods"] = kinds.pop("T")
    make = {"BGNBD": bgnbd,
            "ParetoNBD": lambda: model(csat.ParetoNBD, r=0.55, alpha=10.5, s=0.6, beta=11.5),
            "ModifiedBGNBD": lambda: model(csat.ModifiedBGNBD, r=0.25, alpha=4.5, a=0.75, b=2.5),
            "BGBB": lambda: model(csat.BGBB, alpha=1.25, beta=0.75, gamma=0.75, delta=2.75)}[cls]
    pred = (dict(frequency=BB_F[:10], recency=BB_R[:10], T=BB_N[:10]) if cls == "BGBB"
            else BTYD_PRED)
    names = getattr(csat, cls)._names
    fit_args = list(fit_base.values())

    def fitted():
        return getattr(csat, cls)().fit(*fit_args)
    return model_specs(cls, getattr(csat, cls), fitted, FIT_HYPER, FIT_HYPER_KINDS,
                       FIT_PROPS) + [
        M(cls, "fit", lambda: getattr(csat, cls)(), fit_base, kinds),
        M(cls, "fit_customers", lambda: getattr(csat, cls)(), {"customers": btyd_store()},
          dict(customers="handle:Customers", start="params?"), baseline_error=cls == "BGBB"),
        M(cls, "p_alive", make, pred, PRED_KINDS),
        M(cls, "expected_purchases", make, dict(t=4, **pred), dict(t="real", **PRED_KINDS)),
        M(cls, "expected_purchases_new", make, dict(t=[1.0, 3.0, 8.0]), dict(t="scol")),
        M(cls, "prob_purchases", make, dict(k=[0.0, 1.0, 2.0], t=4.0), dict(k="scol", t="real")),
        M(cls, "prob_purchases_cond", make, dict(k=1, t=4, **pred), dict(k="real", t="real", **PRED_KINDS)),
        M(cls, "dert", make, dict(discount=0.05, **pred), dict(discount="real", **PRED_KINDS)),
        M(cls, "generate_data", make, dict(n=5, T=[6.0, 6.0, 7.0, 7.0, 8.0], seed=3),
          dict(n="count", T="scol", seed="count")),
    ] + [P(cls, "kind", fitted)]


def _ggom_specs():
    """GGom/NBD: the fit's arguments are checked before fitting; the baseline is
    two copies of one history, which identify nothing (DomainError at once);
    the rest with parameters set by hand."""
    cls = "GGomNBD"

    def make():
        return model(csat.GGomNBD, r=0.8, alpha=5.0, b=0.05, s=1.5, beta=3.0)
    small = dict(frequency=[2.0, 2.0], recency=[30.43, 30.43], T=[38.86, 38.86])
    return [
        S(cls, FIT_HYPER, FIT_HYPER_KINDS),
        M(cls, "get_params", csat.GGomNBD, {}, {"deep": "none"}),
        M(cls, "set_params", csat.GGomNBD, FIT_HYPER, {"**params": "hyperkw"}),
        M(cls, "save", make, dict(path=os.path.join(os.path.dirname(SAVED), cls + ".json")),
          dict(path="path")),
        M(cls, "fit", csat.GGomNBD, small, dict(BTYD_FIT_KINDS), baseline_error=True),
        M(cls, "fit_customers", csat.GGomNBD, {"customers": btyd_store()},
          dict(customers="handle:Customers", start="params?"), baseline_error=True),
        M(cls, "p_alive", make, BTYD_PRED, PRED_KINDS),
        M(cls, "expected_purchases", make, dict(t=4, **BTYD_PRED), dict(t="real", **PRED_KINDS)),
        M(cls, "expected_purchases_new", make, dict(t=[1.0, 3.0, 8.0]), dict(t="scol")),
        M(cls, "prob_purchases", make, dict(k=[0.0, 1.0, 2.0], t=4.0), dict(k="scol", t="real")),
        M(cls, "prob_purchases_cond", make, dict(k=1, t=4, **BTYD_PRED),
          dict(k="real", t="real", **PRED_KINDS)),
        M(cls, "dert", make, dict(discount=0.05, **BTYD_PRED), dict(discount="real", **PRED_KINDS)),
        M(cls, "generate_data", make, dict(n=5, T=[6.0, 6.0, 7.0, 7.0, 8.0], seed=3),
          dict(n="count", T="scol", seed="count")),
    ] + [P(cls, p, make) for p in ("summary", "params_", "kind")] + [
        # the fit statistics of a model without a fit: Misuse
        Spec(f"{cls}.{p}", lambda _obj=None, p=p: getattr(_obj, p), {}, {}, obj=make, baseline_error=True)
        for p in FIT_PROPS if p != "params_"]


TRACK_KINDS = dict(model="handle:BGNBD", transactions="none", datetime_col="none",
                   customer_id_col="none", t="count", datetime_format="text?", freq="choice",
                   freq_multiplier="count", set_index_date="flag")

SPECS = {
    "_lib": [
        S("strerror", dict(status=-1), dict(status="int")),
    ],
    "customers": [
        S("to_days", dict(x=[1.0, 2.0]), dict(x="none")),
        S("Customers", dict(n_jobs=2), dict(n_jobs="njobs")),
        M("Customers", "add", csat.Customers, dict(ids=IDS, times=TIMES, amounts=AMTS),
          dict(ids="ids", times="col", amounts="col?", costs="col?", categories="ints?",
               channels="ints?"), empty_ok={"*"},
          ok={("times", "datetime64 array")}),
        M("Customers", "summary", store, dict(observation_end=3.0),
          dict(period="real", observation_end="real", calibration_end="real?", time_scale="real",
               period_origin="real"), nan_ok={"calibration_end"}),
        M("Customers", "transactions", store, dict(id=3), dict(id="count")),
        M("Customers", "lookup", store, dict(id=3), dict(id="count")),
        M("Customers", "ids", store, {}, {}),
        P("Customers", "n_transactions", store),
        P("Customers", "memory_bytes", store),
        Spec("Customers.__len__", lambda _obj=None: len(_obj), {}, {}, obj=store),
        # richer customer records (issue 17)
        M("Customers", "set_groups", store, dict(ids=[1, 2, 5], groups=[0, 3, 1]),
          dict(ids="ids", groups="ints")),
        M("Customers", "set_acquisition_costs", store, dict(ids=[1, 2, 5], costs=[10.0, 0.0, 2.5]),
          dict(ids="ids", costs="col")),
        M("Customers", "attributes", detail_store, dict(ids=[1, 2, 9]), dict(ids="ids?")),
        M("Customers", "rows", detail_store, {}, {}),
        M("Customers", "complaints", detail_store, {}, {}),
        M("Customers", "add_complaints", store,
          dict(ids=[1, 2, 1], opened=[1.0, 2.0, 0.5], first_response=[1.5, 2.0, 0.5],
               resolved=[3.0, 4.0, 0.5], first_contact=[0, 0, 1], causes=[2, 0, 1],
               recovery_satisfaction=[4.0, 3.0, 5.0]),
          dict(ids="ids", opened="col", first_response="col?", resolved="col?",
               first_contact="flags?", causes="ints?", recovery_satisfaction="col?"),
          nan_ok={"first_response", "resolved", "recovery_satisfaction"},
          ok={(k, "datetime64 array") for k in ("opened", "first_response", "resolved")}),
        P("Customers", "columns", detail_store),
    ],
    "profitability": [  # issue 17
        S("customer_profit", dict(ids=IDS, times=TIMES, amounts=AMTS, costs=AMTS, acquisition_ids=[1, 3],
                                  acquisition_costs=[10.0, 5.0]),
          dict(ids="ids", times="col", amounts="col?", costs="col?", acquisition_ids="ids?",
               acquisition_costs="colx?", t1="real?", t2="real?", discount="real", period="real",
               reference="real?"), ok={("times", "datetime64 array")},
          linked=("ids", "times", "amounts", "costs")),
        S("customer_profit_customers", dict(customers=None), dict(customers="handle:Customers",
          t1="real?", t2="real?", discount="real", period="real", reference="real?")),
        S("profit_tiers", dict(revenue=[230.0, 30.0, 200.0], profit=[100.0, -10.0, 100.0], tiers=[0, 1, 0]),
          dict(revenue="col", profit="col", tiers="ints", n_tiers="count?")),
        S("profit_tiers_customers", dict(customers=None, tiers=[0, 1, 0, 1]),
          dict(customers="handle:Customers", tiers="ints?", n_tiers="count?", t1="real?", t2="real?")),
        S("whale_curve", dict(profit=[100.0, -10.0, 100.0]), dict(profit="col")),
        S("whale_curve_customers", dict(customers=None), dict(customers="handle:Customers",
          t1="real?", t2="real?")),
        S("profit_by_tenure", dict(ids=IDS, times=TIMES, amounts=AMTS, costs=AMTS),
          dict(ids="ids", times="col", amounts="col?", costs="col?", period="real", origin="real?",
               n_offsets="count?"), ok={("times", "datetime64 array")}),
        S("profit_by_tenure_customers", dict(customers=None), dict(customers="handle:Customers",
          period="real", origin="real?", n_offsets="count?")),
        S("complaint_report", dict(customers=None), dict(customers="handle:Customers",
          response_target="real", resolution_target="real", reopen_window="real",
          retention_window="real", observation_end="real?")),
        S("complaint_pareto", dict(causes=[2, 2, 1, 0, 1]), dict(causes="ints", n_causes="count?",
          a_cut="real", b_cut="real")),
    ],
    "transactions": [
        S("summary_data_from_transaction_data", dict(transactions=TX, **TX_COLS), TX_KINDS),
        S("calibration_and_holdout_data",
          dict(transactions=TX, calibration_period_end="2020-01-03", **TX_COLS),
          dict(TX_KINDS, calibration_period_end="none")),
    ],
    "value": [
        S("ValueModel", dict(weights={"product": 2.0}), dict(weights="eight?")),
        M("ValueModel", "add_offering", value_model, dict(name="C", values=[1, 2, 3, 4, 1, 0, 0, 0]),
          dict(name="text", values="eight?", competitor="flag", **{"**components": "compkw"})),
        M("ValueModel", "set_offering", value_model, dict(offering="A", values=[1, 2, 3, 4, 1, 0, 0, 0]),
          dict(offering="index", values="eight?", **{"**components": "compkw"})),
        M("ValueModel", "add_segment", value_model, dict(name="T", weights={"product": 2}, size=2.0),
          dict(name="text", weights="eight", size="real")),
        M("ValueModel", "set_segment", value_model, dict(segment="S", weights={"product": 3}, size=2.0),
          dict(segment="index", weights="eight", size="real")),
        M("ValueModel", "offering", value_model, dict(offering=1), dict(offering="index")),
        M("ValueModel", "segment", value_model, dict(segment=0), dict(segment="index")),
        M("ValueModel", "evaluate", value_model, dict(segment="S", scale=0.5),
          dict(segment="index?", scale="real", ratio="flag"), ok={("scale", "Inf")}),
        M("ValueModel", "market_share", value_model, dict(scale=0.5), dict(scale="real"),
          ok={("scale", "Inf")}),
        M("ValueModel", "improvement", value_model, dict(offering="B", segment=None, margin=0.5),
          dict(offering="index", segment="index?", margin="real")),
        M("ValueModel", "customers", value_model,
          dict(components={"product": [4.0, 3.0, 5.0], "monetary": [1.0, 2.0, 1.5]},
               expected=[2.0, 2.0, 2.0], tolerance=0.25),
          dict(components="cols", expected="col?", tolerance="real", segment="index?",
               ratio="flag", **{"**columns": "none"})),
        P("ValueModel", "weights", value_model),
        P("ValueModel", "offerings", value_model),
        P("ValueModel", "segments", value_model),
        Spec("ValueModel.__len__", lambda _obj=None: len(_obj), {}, {}, obj=value_model),
    ],
    "satisfaction": [
        S("kano", dict(functional=[[1, 1], [3, 1], [3, 3], [2, 1]],
                       dysfunctional=[[5, 1], [3, 5], [3, 3], [5, 3]],
                       importance=[[5, 6], [7, 8], [2, 3], [9, 9]]),
          dict(functional="mat", dysfunctional="mat", rule="choice", delta="real",
               grid_threshold="real", fong_z="real", chisq_min_n="real", nan_policy="choice",
               importance="mat?", importance_scale="scale", score_factor="real",
               max_questionable="count?", max_indifferent="count?")),
        S("kano_from_counts", dict(counts=[95, 123, 45, 33, 0, 0]),
          dict(counts="fixed", rule="choice", delta="real", grid_threshold="real",
               fong_z="real", chisq_min_n="real"), ok={("counts", "dict")}),
        S("kano_classify", dict(functional=1, dysfunctional=5),
          dict(functional="count", dysfunctional="count")),
        S("servqual", dict(perceived=SQ_P, expected=SQ_E, weights=[[11, 32, 22, 19, 16]] * 2,
                           item_dimension=DIM22),
          dict(perceived="mat", expected="mat?", weights="mat?", scale="scale",
               item_dimension="idxseq?", n_dimensions="count?", reversed_items="flagseq?",
               nan_policy="choice")),
        S("servqual_combine", dict(dimension_gaps=[-0.65, -1.1, -0.83, -0.7, -1.01],
                                   weights=[11, 32, 22, 19, 16]),
          dict(dimension_gaps="col", weights="col?")),
        S("zot", dict(adequate=[[5], [5], [5]], desired=[[7.5], [7.5], [7.5]],
                      perceived=[[6.25], [4.5], [8.0]]),
          dict(adequate="mat", desired="mat", perceived="mat", scale="scale",
               item_dimension="idxseq?", n_dimensions="count?", nan_policy="choice")),
        S("service_gaps", dict(expected=[6, 5], perceived=[4, 4], delivered=[5, 4.5]),
          dict(expected="col?", management="col?", specification="col?", delivered="col?",
               communicated="col?", perceived="col?")),
        S("nps", dict(scores=[0, 7, 9, 10, 8, 3]),
          dict(scores="col", scale="scale", detractor_max="real", promoter_min="real",
               nan_policy="choice")),
        S("nps_from_counts", dict(promoters=250, passives=675, detractors=75),
          dict(promoters="real", passives="real", detractors="real")),
        S("nps_compare", dict(a=(20, 0, 10), b=(12, 0, 18)), dict(a="nps", b="nps", level="real")),
        S("nps_sample_size", dict(variance=2 / 3, half_width=5), dict(variance="real",
                                                                     half_width="real",
                                                                     level="real")),
        S("csat_score", dict(answers=[5, 5, 4, 3, 2, 1, 4]),
          dict(answers="col", scale="scale", top_min="real", nan_policy="choice")),
        S("ces", dict(answers=[1, 2, 2, 5], scale=(1, 5)),
          dict(answers="col", scale="scale", nan_policy="choice")),
        S("csi", dict(answers=[[8, 7, 7], [8, 7, 8]], weights=[0.5, 0.25, 0.25]),
          dict(answers="mat", weights="fixed?", scale="scale", method="choice",
               nan_policy="choice")),
        S("disconfirm", dict(perceived=[5, 4, 3.5, 3], expected=[4, 4, 4, 4], weights=[1, 2, 1, 1],
                             scale=(1, 5), tau=0.5),
          dict(perceived="col", expected="col", weights="col?", scale="scale", tau="real",
               nan_policy="choice")),
        S("seven_factor", dict(desires=6, expectations=4, performance=5,
                               paths=dict(a_dc=.5, a_ec=.25, b_dc=.25, b_ec=.75, c_as=.75,
                                          c_is=.25)),
          dict(desires="real", expectations="real", performance="real", paths="params",
               scale="scale")),
        S("ipa", dict(importance=[4.5, 4.25, 3.0, 2.75, 3.75], performance=[3.25, 4.5, 2.75, 4.0, 3.75]),
          dict(importance="col", performance="col", crosshair="choice", importance_scale="scale",
               performance_scale="scale", importance_cut="real", performance_cut="real")),
        S("derived_importance", dict(performance=[[1, 2], [2, 4], [3, 5], [4, 4], [5, 5]],
                                     overall=[2, 4, 5, 4, 5]),
          dict(performance="mat", overall="col", method="choice", nan_policy="choice"),
          linked=("performance", "overall")),
        S("jones_sasser", dict(satisfaction=[5, 4, 5, 2, 3, 1], loyalty=[5, 4, 2, 5, 3, 1]),
          dict(satisfaction="col", loyalty="col", scale="scale", high="real", apostle="real",
               terrorist="real", nan_policy="choice")),
        S("dick_basu", dict(relative_attitude=1, repeat_patronage=0.25, attitude_cut=0,
                            patronage_cut=0.5),
          dict(relative_attitude="real", repeat_patronage="real", attitude_cut="real",
               patronage_cut="real")),
        S("oliver_phase", dict(scores=[4, 4, 5, 4], thresholds=[3, 3, 4, 4]),
          dict(scores="fixed", thresholds="fixed", scale="scale")),
        S("loyalty_index", dict(values=[[12, 5, 0, 1, 1, 5], [6, 3, 30, 4, 3, 3]],
                                scales=[(0, 12), (1, 5), (0, 60), (1, 7), (1, 5), (1, 5)],
                                weights=[1, 1, 1, 1, 1, 2]),
          dict(values="mat", scales="scales", weights="fixed?", nan_policy="choice")),
        S("bond_score", dict(scores=[5, 4, 3, 2], weights=[1, 2, 3, 4]),
          dict(scores="fixed", scale="scale", weights="fixed?")),
        S("retention_forecast", dict(counts={1: 10, 2: 20, 3: 30, 4: 25, 5: 15},
                                     revenue_per_customer=2),
          dict(counts="dict", revenue_per_customer="real", table="pairs?")),
        S("retention_table", {}, {}),
        S("servqual_pzb_weights", {}, {}),
        S("servqual_standard_map", {}, {}),
        S("zot_item", dict(adequate=5.0, desired=7.5, perceived=7.75),
          dict(adequate="real", desired="real", perceived="real", scale="scale")),
        S("iceberg", dict(complaints=10),
          dict(complaints="real", revenue_per_customer="real", acquisition_cost="real",
               complain_share="real", silent_lost_share="real", people_told="real",
               acquisition_ratio="real")),
        M("NPSResult", "interval", lambda: csat.nps_from_counts(250, 675, 75), {},
          dict(method="choice", level="real", clip="flag", population="real")),
    ],
    "btyd": (_btyd_specs("BGNBD", dict(frequency=X200, recency=TX200, T=T200))
             + _btyd_specs("ParetoNBD", dict(frequency=X200, recency=TX200, T=T200))
             + _btyd_specs("ModifiedBGNBD", dict(frequency=X200, recency=TX200, T=T200))
             + _btyd_specs("BGBB", dict(frequency=BB_F, recency=BB_R, n_periods=BB_N,
                                        weights=BB_W))
             + _ggom_specs()
             + [
                 M("GammaGamma", "fit", csat.GammaGamma, dict(frequency=GG_X, monetary_value=GG_Z),
                   dict(frequency="col", monetary_value="col", weights="col?", start="params?")),
                 M("GammaGamma", "expected_spend", lambda: model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5),
                   dict(frequency=GG_X[:10], monetary_value=GG_Z[:10]),
                   dict(frequency="col", monetary_value="col")),
                 M("GammaGamma", "generate_data", lambda: model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5),
                   dict(n=4, frequency=[0.0, 1.0, 2.0, 5.0], seed=3),
                   dict(n="count", frequency="scol", seed="count")),
                 S("clv", dict(purchase_model=bgnbd(), spend_model=model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5),
                               frequency=GG_X[:10], recency=[t for x, t in zip(X200, TX200) if x > 0][:10],
                               T=[t for x, t in zip(X200, T200) if x > 0][:10], monetary_value=GG_Z[:10]),
                   dict(purchase_model="handle:BGNBD", spend_model="handle:GammaGamma",
                        frequency="col", recency="col", T="col", monetary_value="col",
                        n_steps="count", step="real", discount_rate="real",
                        margin="scol?")),  # margin: issue 17
                 S("chunk_log_likelihood", dict(model_class=csat.BGNBD,
                                                params=dict(r=0.25, alpha=4.5, a=0.75, b=2.5),
                                                frequency=X200, recency=TX200, T=T200),
                   dict(model_class="modelclass", params="params", frequency="col",
                        recency="col", T="col", weights="col?")),
                 S("chunk_hessian", dict(model_class=csat.BGNBD,
                                         params=dict(r=0.25, alpha=4.5, a=0.75, b=2.5),
                                         frequency=X200, recency=TX200, T=T200),
                   dict(model_class="modelclass", params="params", frequency="col",
                        recency="col", T="col", weights="col?")),
                 S("spend_chunk_log_likelihood", dict(params=dict(p=6.25, q=3.75, gamma=15.5),
                                                      frequency=GG_X, monetary_value=GG_Z),
                   dict(params="params", frequency="col", monetary_value="col", weights="col?")),
             ] + model_specs("GammaGamma", csat.GammaGamma,
                             lambda: csat.GammaGamma().fit(GG_X, GG_Z), FIT_HYPER,
                             FIT_HYPER_KINDS, FIT_PROPS)
             + [P("Summary", "attrs", lambda: csat.Summary()),
                S("load", dict(path=saved_model()), dict(path="path"))]),
    "retention": [
        *model_specs("SBG", csat.SBG, lambda: csat.SBG().fit([1000, 631, 468, 382, 326, 289]),
                     dict(n_jobs=2), dict(n_jobs="njobs"), FIT_PROPS),
        M("SBG", "fit", csat.SBG, dict(survivors=[1000, 631, 468, 382, 326, 289, 262, 241]),
          dict(survivors="col")),
        M("SBG", "fit_durations", csat.SBG, dict(durations=[1, 2, 2, 3, 4, 4, 5, 1, 3, 6],
                                                 churned=[1, 1, 0, 1, 1, 0, 0, 1, 1, 0]),
          dict(durations="col", churned="flags", weights="col?")),
        M("SBG", "fit_customers", csat.SBG,
          dict(customers=cohort_store(), period=1.0, first_from=0.0, first_to=1.0, observation_end=7.5),
          dict(customers="handle:Customers", period="real", first_from="real", first_to="real",
               observation_end="real")),
        M("SBG", "survival", lambda: model(csat.SBG, alpha=0.75, beta=1.25), dict(t=[0, 1, 2, 8]), dict(t="col"),
          empty_ok={"t"}),
        M("SBG", "retention", lambda: model(csat.SBG, alpha=0.75, beta=1.25), dict(t=[1, 2, 8]), dict(t="col"),
          empty_ok={"t"}),
        M("SBG", "churn_pmf", lambda: model(csat.SBG, alpha=0.75, beta=1.25), dict(t=[1, 2, 8]), dict(t="col"),
          empty_ok={"t"}),
        M("SBG", "log_likelihood", lambda: model(csat.SBG, alpha=0.75, beta=1.25),
          dict(survivors=[1000, 631, 468, 382]), dict(survivors="col")),
        M("SBG", "expected_lifetime", lambda: model(csat.SBG, alpha=1.5, beta=1.25), {}, {}),
        M("SBG", "derl", lambda: model(csat.SBG, alpha=0.75, beta=1.25), dict(discount=0.1, n_renewals=4),
          dict(discount="real", n_renewals="real")),
        M("SBG", "del_", lambda: model(csat.SBG, alpha=0.75, beta=1.25), dict(discount=0.1), dict(discount="real")),
        M("SBG", "clv", lambda: model(csat.SBG, alpha=0.75, beta=1.25), dict(margin=100, discount=0.1),
          dict(margin="real", discount="real")),
        *model_specs("KaplanMeier", csat.KaplanMeier,
                     lambda: csat.KaplanMeier().fit(AML_T, AML_E),
                     dict(conf_type="log-log", conf_level=0.9),
                     dict(conf_type="choice", conf_level="real", n_jobs="njobs")),
        M("KaplanMeier", "fit", csat.KaplanMeier, dict(times=AML_T, events=AML_E, groups=AML_G,
                                                       group=1),
          dict(times="col", events="flags", weights="col?", groups="ids?", group="count?")),
        M("KaplanMeier", "restricted_mean", lambda: csat.kaplan_meier(AML_T, AML_E),
          dict(tau=161), dict(tau="real")),
        M("KaplanMeier", "survival_at", lambda: csat.kaplan_meier(AML_T, AML_E),
          dict(t=[0, 5, 10.5, 200]), dict(t="col"), empty_ok={"t"}),
        S("kaplan_meier", dict(times=AML_T, events=AML_E, weights=[1.0] * 23),
          dict(times="col", events="flags", weights="col?", conf_type="choice",
               conf_level="real")),
        S("logrank_test", dict(times=AML_T, events=AML_E, groups=AML_G),
          dict(times="col", events="flags", groups="ids")),
        *model_specs("LogisticChurn", csat.LogisticChurn,
                     lambda: csat.LogisticChurn().fit(LX, LY), dict(l2=0.5),
                     dict(l2="real", fit_intercept="flag", max_iter="count", tol="real", n_jobs="njobs")),
        M("LogisticChurn", "fit", csat.LogisticChurn, dict(X=LX, y=LY, sample_weight=[1.0] * len(LY)),
          dict(X="mat", y="flags", sample_weight="col?"), linked=("X", "y", "sample_weight")),
        M("LogisticChurn", "conf_int", lambda: csat.LogisticChurn().fit(LX, LY), dict(level=0.9),
          dict(level="real")),
        M("LogisticChurn", "predict", lambda: csat.LogisticChurn().fit(LX, LY), dict(X=LX[:3]),
          dict(X="mat"), ok={("X", "empty")}),
        M("LogisticChurn", "predict_proba", lambda: csat.LogisticChurn().fit(LX, LY),
          dict(X=LX[:3]), dict(X="mat"), ok={("X", "empty")}),
        S("logistic_chunk_score", dict(X=LX, y=LY, coef=[0.1] * (len(LX[0]) + 1), sample_weight=[1.0] * len(LY)),
          dict(X="mat", y="flags", coef="col", fit_intercept="flag", sample_weight="col?"),
          linked=("X", "y", "sample_weight")),
        S("roc_auc", dict(scores=SCORES, y=Y), dict(scores="col", y="flags")),
        S("confusion", dict(scores=SCORES, y=Y, threshold=0.5),
          dict(scores="col", y="flags", threshold="real")),
        S("lift_table", dict(scores=SCORES, y=Y, n_bins=4),
          dict(scores="col", y="flags", n_bins="count")),
        S("campaign_profit", dict(scores=SCORES, y=Y, customer_value=500, contact_cost=5,
                                  incentive_cost=50, acceptance_rate=0.25, n_bins=4),
          dict(scores="col", y="flags", customer_value="real", contact_cost="real",
               incentive_cost="real", acceptance_rate="real", fixed_cost="real",
               n_bins="count")),
        S("margin_multiple", dict(retention=0.75, discount=0.125),
          dict(retention="real", discount="real")),
        S("clv_gupta_lehmann", dict(margin=100, retention=0.75, discount=0.125, growth=0.25,
                                    acquisition_cost=200),
          dict(margin="real", retention="real", discount="real", growth="real",
               acquisition_cost="real", timing="choice")),
        S("clv_berger_nasr", dict(gross_contribution=260, promotion_cost=50, retention=0.75,
                                  discount=0.25, years=10),
          dict(gross_contribution="real", promotion_cost="real", retention="real",
               discount="real", years="count")),
        S("clv_survival", dict(margins=[30, 42, 44], survival=[1, 0.75, 0.5], discount=0.125),
          dict(margins="col", survival="col", discount="real", acquisition_cost="real",
               timing="choice")),
        S("clv_retention", dict(margins=[30, 42, 44, 49, 55], retention=0.75, discount=0.125,
                                acquisition_cost=51),
          dict(margins="scol", retention="real", discount="real", acquisition_cost="real",
               timing="choice"), empty_ok={"margins"}),
        S("payback_period", dict(margin=100, retention=0.75, discount=0.125, acquisition_cost=150),
          dict(margin="real", retention="real", discount="real", acquisition_cost="real",
               discounted="flag")),
        S("customer_equity", dict(clv_current=[100, 200, 50], new_customers=[10, 20],
                                  clv_new=150, acquisition_cost=50, discount=0.125),
          dict(clv_current="colx", new_customers="colx", clv_new="real",
               acquisition_cost="real", discount="real"), empty_ok={"*"}),
        S("retention_effect", dict(margin=100, r_before=0.875, r_after=0.9375, discount=0.125),
          dict(margin="real", r_before="real", r_after="real", discount="real",
               acquisition_cost="real")),
        S("replacement", dict(n_lost=100, clv_lost=500, clv_new=400, acquisition_cost=50),
          dict(n_lost="real", clv_lost="real", clv_new="real", acquisition_cost="real",
               cost_ratio="real")),
        S("kpi_rates", dict(start=200, new_customers=40, end=220),
          dict(start="real", new_customers="real", end="real")),
        S("cohort_table", dict(ids=IDS, times=TIMES, amounts=AMTS, n_offsets=2),
          dict(ids="ids", times="col", amounts="col?", period="real", origin="real?",
               n_offsets="count?"), nan_ok={"origin"}),
        S("kpis", dict(ids=IDS, times=TIMES, amounts=AMTS, t1=1.5, t2=2.5, lost_after=1.0,
                       tier_bounds=[15, 25]),
          dict(ids="ids", times="col", amounts="col?", t1="real", t2="real", lost_after="real",
               tier_bounds="colx"), empty_ok={"tier_bounds"}),
        S("cohort_table_customers", dict(customers=None),
          dict(customers="handle:Customers", period="real", origin="real?",
               n_offsets="count?"), nan_ok={"origin"}),
        S("kpis_customers", dict(customers=None, t1=1.5, t2=2.5, lost_after=1.0,
                                 tier_bounds=[15, 25]),
          dict(customers="handle:Customers", t1="real", t2="real", lost_after="real",
               tier_bounds="colx"), empty_ok={"tier_bounds"}),
    ],
    "tracking": [
        S("expected_cumulative_transactions",
          dict(model=None, transactions=TX, datetime_col="date", customer_id_col="id", t=6),
          TRACK_KINDS),
        S("expected_incremental_transactions",
          dict(model=None, transactions=TX, datetime_col="date", customer_id_col="id", t=6),
          TRACK_KINDS),
        S("calculate_alive_path", dict(model=None, transactions=TX, datetime_col="date", t=8),
          dict(model="handle:BGNBD", transactions="none", datetime_col="none", t="count",
               freq="choice", datetime_format="text?")),
        S("expected_cumulative", dict(model=None, birth=[0.0, 1.0, 2.5], count=[10.0, 5.0, 2.0],
                                      t=[1.0, 3.0, 8.0]),
          dict(model="handle:BGNBD", birth="col", count="col", t="colx"), linked=("birth", "count")),
        S("alive_path", dict(model=None, times=[0.0, 1.0, 2.5], at=[0.0, 3.0, 8.0]),
          dict(model="handle:BGNBD", times="colx", at="colx")),
    ],
    "segmentation": [
        S("rfm_scores", dict(recency=REC, frequency=FREQ, monetary=MON),
          dict(recency="col", frequency="col", monetary="col", bins="count", binning="choice",
               breaks="none", n_jobs="njobs")),
        S("rfm_segments", dict(r=RS, f=FS, m=MS),
          dict(r="ints", f="ints", m="ints", table="table", bins="count", others="text?",
               allow_unassigned="flag")),
        S("rfm_table_validate", dict(table=[("top", 4, 5, 1, 5, 1, 5), ("mid", 3, 4, 1, 5, 1, 5)]),
          dict(table="table", bins="count", others="text?")),
        S("value_tiers", dict(frequency=[1, 1, 2, 3, 5, 1], amount=[10, 50, 20, 60, 5, 100]),
          dict(frequency="col", amount="col", frequency_cut="real?", amount_cut="real?",
               potential_high_amount="flag"), nan_ok={"frequency_cut", "amount_cut"}),
        S("pyramid", dict(profit=[100, 50, 50, 20, 10, 5, 0, -5, -10, 30]),
          dict(profit="col", rule="choice", platinum="real", gold="real", lead_below="real")),
        S("abc", dict(value=[4, 50, 1, 20, 8, 10, 5, 2]),
          dict(value="col", a_cut="real", b_cut="real", top_fraction="real")),
        S("lifecycle_stages", dict(tenure=[30, 400, 400, 400], recent=[2, 4, 3, 2],
                                   earlier=[0, 2, 3, 4]),
          dict(tenure="col", recent="col", earlier="col", acquisition_tenure="real",
               growth="real", decline="real")),
        S("lifecycle_from_history", dict(times=[0, 200, 250, 300, 320, 340, 360], now=365,
                                         amounts=[1, 2, 3, 4, 5, 6, 7]),
          dict(times="col", now="real", amounts="col?", window="real",
               acquisition_tenure="real", growth="real", decline="real", measure="choice")),
        S("lifecycle_from_store", dict(customers=None, now=3.0),
          dict(customers="handle:Customers", now="real", window="real",
               acquisition_tenure="real", growth="real", decline="real", measure="choice")),
        S("benefit_segments", dict(importance=[[9, 5, 3, 2, 1], [5, 5, 1, 1, 1]]),
          dict(importance="mat", benefits="textseq")),
        S("benefit_theory_shares", {}, {}),
        *model_specs("KMeans", lambda: csat.KMeans(2), lambda: csat.KMeans(2, seed=3).fit(KX),
                     dict(k=2, seed=3, init=[[0, 0], [10, 10]]),
                     dict(k="count", seed="count", n_init="count", max_iter="count", tol="real",
                          standardize="flag", algorithm="choice", init="mat?", n_jobs="njobs")),
        M("KMeans", "fit", lambda: csat.KMeans(2, seed=3), dict(X=KX), dict(X="mat", y="none")),
        M("KMeans", "predict", lambda: csat.KMeans(2, seed=3).fit(KX), dict(X=KX[:3]),
          dict(X="mat")),
        M("KMeans", "elbow", lambda: csat.KMeans(2, seed=3), dict(X=KX, k_min=1, k_max=3),
          dict(X="mat", k_min="count", k_max="count")),
        S("elbow", dict(X=KX, k_min=1, k_max=3, seed=1),
          dict(X="mat", k_min="count", k_max="count", **{"**kw": "none"})),
        S("kmeans_chunk_step", dict(X=KX, centers=KX[:2]), dict(X="mat", centers="mat")),
        S("silhouette", dict(X=KX, labels=[0, 0, 1, 1, 0, 1]),
          dict(X="mat", labels="ints", k="count?", sample="count", seed="count"),
          linked=("X", "labels")),
    ],
}


# ---- PLS path modelling (issue 16) ---------------------------------------------------
PLS_DATA = {"x1": [1, 2, 3, 4, 5, 2, 4, 3], "x2": [2, 2, 4, 5, 4, 1, 5, 3],
            "y1": [1, 3, 3, 5, 4, 2, 5, 2], "y2": [2, 3, 2, 5, 5, 1, 4, 3]}
PLS_SPEC = dict(blocks={"X": ["x1", "x2"], "Y": ["y1", "y2"]}, paths=[("X", "Y")])


def _pls(fit=True):
    m = csat.PLSPathModel(**PLS_SPEC)
    return m.fit(PLS_DATA) if fit else m


SPECS["pls"] = [
    *model_specs("PLSPathModel", lambda: _pls(False), _pls, dict(PLS_SPEC),
                 dict(blocks="none", paths="none", modes="none", scheme="choice", scale="none",
                      missing="choice", tol="real", max_iter="count", n_jobs="njobs"),
                 ("summary_tables", "scores_", "scores_scaled_")),
    M("PLSPathModel", "fit", lambda: _pls(False), dict(data=PLS_DATA), dict(data="none")),
    M("PLSPathModel", "bootstrap", _pls, dict(n_boot=20, seed=1, level=0.9),
      dict(n_boot="count", seed="count", level="real")),
    M("PLSPathModel", "ipma", _pls, dict(target="Y"), dict(target="none")),
    M("PLSPathModel", "preset", lambda: _pls(False),
      dict(name="acsi", items={k: [k + "1"] for k in ("expectations", "quality", "value", "satisfaction",
                                                       "complaints", "loyalty")}),
      dict(name="choice", items="none", **{"**kwargs": "none"})),
]

# ---- Cox regression (issue 15) ----------------------------------------------------------
MODULES = MODULES + ("cox",)
CX = [[0.5, 1.0], [1.5, 0.0], [-0.5, 1.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.0],
      [0.25, 0.0], [1.25, 1.0], [-0.75, 0.0]]
CT = [5.0, 3.0, 6.0, 2.0, 4.0, 7.0, 9.0, 8.0, 1.0, 10.0]
CE = [1, 1, 0, 1, 1, 0, 1, 1, 1, 0]


def _cox():
    return csat.CoxPH().fit(CX, CT, CE)


SPECS["cox"] = [
    *model_specs("CoxPH", csat.CoxPH, _cox, dict(ties="breslow", robust=True),
                 dict(ties="choice", robust="flag", max_iter="count", eps="real", n_jobs="njobs"),
                 ("params_", "hazard_ratios_")),
    M("CoxPH", "fit", csat.CoxPH,
      dict(X=CX, durations=CT, events=CE, strata=[0, 1] * 5, weights=[1.0] * 10,
           entry=[0.0] * 10, cluster=list(range(10))),
      dict(X="mat", durations="col", events="flags", strata="labels?", weights="col?",
           entry="col?", cluster="labels?"),
      linked=("X", "durations", "events", "strata", "weights", "entry", "cluster")),
    # the proportional-hazards test (issue 15, cox.zph)
    M("CoxPH", "proportional_hazard_test", _cox, dict(transform="km", terms={"t": [0, 1]}),
      dict(transform="choice", terms="zphterms?")),
    M("CoxPH", "schoenfeld_residuals", _cox, dict(transform="rank"), dict(transform="choice")),
]

# Cox prediction (issue 15): on a fit stratified by [0, 1] * 5
def _cox_strata():
    return csat.CoxPH().fit(CX, CT, CE, strata=[0, 1] * 5)


SPECS["cox"] = SPECS["cox"] + [
    M("CoxPH", "predict_survival", _cox_strata,
      dict(X=CX[:3], times=[1.0, 4.0, 12.0], strata=[0, 1, 0], interval=0.9, conf_type="log-log",
           method="delta", n_draws=20, seed=3),
      dict(X="mat", times="colx", strata="ids", interval="real?", conf_type="choice",
           method="choice", n_draws="count", seed="count"),
      linked=("X", "strata")),
    M("CoxPH", "predict_median", _cox_strata, dict(X=CX[:3], strata=[0, 1, 0]),
      dict(X="mat", strata="ids", interval="real?", conf_type="choice"), linked=("X", "strata")),
    M("CoxPH", "predict_rmst", _cox_strata, dict(X=CX[:3], horizon=6.0, strata=[0, 1, 0]),
      dict(X="mat", horizon="real", strata="ids", interval="real?", method="choice",
           n_draws="count", seed="count"), linked=("X", "strata")),
    M("CoxPH", "predict_partial_hazard", _cox, dict(X=CX[:3]), dict(X="mat")),
    P("CoxPH", "baseline_cumulative_hazard_", _cox),
    # bootstrap intervals (issue 15 §4, coxboot)
    M("CoxPH", "predict_survival", _cox_strata,
      dict(X=CX[:3], times=[1.0, 4.0], strata=[0, 1, 0], interval=0.9, method="parametric",
           n_draws=20, seed=3, conf_type="log"),
      dict(X="mat", times="colx", strata="ids", interval="real?", method="choice",
           n_draws="count", seed="count", conf_type="choice"),
      linked=("X", "strata")),
    M("CoxPH", "predict_rmst", _cox_strata,
      dict(X=CX[:3], horizon=6.0, strata=[0, 1, 0], interval=0.9, method="bootstrap", n_draws=20,
           seed=3),
      dict(X="mat", horizon="real", strata="ids", interval="real?", method="choice",
           n_draws="count", seed="count"), linked=("X", "strata")),
    # median bounds (issue 15, ggomiv)
    M("CoxPH", "predict_median", _cox_strata,
      dict(X=CX[:3], strata=[0, 1, 0], interval=0.9, conf_type="plain"),
      dict(X="mat", strata="ids", interval="real?", conf_type="choice"), linked=("X", "strata")),
    # RMST standard error as R's (issue 15, coxrmst)
    M("CoxPH", "predict_rmst", _cox_strata,
      dict(X=CX[:3], horizon=6.0, strata=[0, 1, 0], interval=0.9, method="delta", n_draws=20,
           seed=3),
      dict(X="mat", horizon="real", strata="ids", interval="real?", method="choice",
           n_draws="count", seed="count"), linked=("X", "strata")),
]
# the data a Cox fit keeps (issue 15, coxdata): keep_data, save(include_data)
SPECS["cox"] = [s for s in SPECS["cox"] if s.name not in ("CoxPH", "CoxPH.save")] + [
    S("CoxPH", dict(ties="breslow", robust=True, keep_data=False),
      dict(ties="choice", robust="flag", max_iter="count", eps="real", n_jobs="njobs",
           keep_data="flag")),
    M("CoxPH", "save", _cox,
      dict(path=os.path.join(os.path.dirname(SAVED), "CoxPH-data.json"), include_data=True),
      dict(path="path", include_data="flag")),
]


# ---- csat.plotting: each call draws on a fresh Agg Axes and returns what was drawn
# (lines' data, bar heights, images, texts), so valid variants must draw the same.


def _drawn(ax):
    out = [[[float(v) for v in ln.get_xdata()], [float(v) for v in ln.get_ydata()]]
           for ln in ax.get_lines()]
    out.append([float(p.get_height()) for p in ax.patches])
    out.append([np.ma.filled(im.get_array().astype(float), np.nan).tolist() for im in ax.images])
    out.append([c.get_offsets().tolist() for c in ax.collections if hasattr(c, "get_offsets")])
    out.append([t.get_text() for t in ax.texts] + [ax.get_title()])
    return out


def PL(name, base, kinds, **kw):
    """Spec of csat.plotting.<name> (ax is not fuzzed: test_plotting checks it)."""
    def call(**a):
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        try:
            getattr(csat.plotting, name)(ax=ax, **a)
            return _drawn(ax)
        finally:
            plt.close(fig)
    return Spec(f"plotting.{name}", call, base, dict(kinds, ax="none"), **kw)


def gg():
    return model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5)


def sbg():
    return model(csat.SBG, alpha=0.75, beta=1.25)


def value_model_offerings():
    m = csat.ValueModel()
    m.add_offering("A", product=4, service=1, monetary=1)
    m.add_offering("B", product=3, service=1, monetary=2, competitor=True)
    m.add_segment("s", dict(product=2, monetary=1))
    return m


KX9 = KX + [[0, 10], [1, 11], [0, 11]]
CLV_BASE = dict(frequency=GG_X[:10], recency=[t for x, t in zip(X200, TX200) if x > 0][:10],
                T=[t for x, t in zip(X200, T200) if x > 0][:10], monetary_value=GG_Z[:10])
CLV_KINDS = dict(purchase_model="handle:BGNBD", spend_model="handle:GammaGamma",
                 frequency="col", recency="col", T="col", monetary_value="col", n_steps="count",
                 step="real", discount_rate="real")
CH = {"frequency_cal": [0, 1, 1, 2], "recency_cal": [0, 3, 5, 8], "T_cal": [30, 30, 25, 30],
      "frequency_holdout": [0, 1, 2, 1], "duration_holdout": [20] * 4}
SCORES_Y = dict(scores=SCORES, y=Y)
SCORES_KINDS = dict(scores="col", y="flags")
PLOT_TRACK = dict(TRACK_KINDS, t_cal="count")
del PLOT_TRACK["set_index_date"]

SPECS["plotting"] = [
    PL("plot_frequency_recency_matrix", dict(model=None, max_frequency=3, max_recency=5, T=4),
       dict(model="handle:BGNBD", max_frequency="count", max_recency="count", T="real")),
    PL("plot_probability_alive_matrix", dict(model=None, max_frequency=3, max_recency=5),
       dict(model="handle:BGNBD", max_frequency="count", max_recency="count")),
    PL("plot_period_transactions", dict(model=None, **BTYD_PRED, max_frequency=3, seed=2),
       dict(model="handle:BGNBD", **PRED_KINDS, max_frequency="count", seed="count")),
    PL("plot_calibration_purchases_vs_holdout_purchases",
       dict(model=None, calibration_holdout=CH, n=2),
       dict(model="handle:BGNBD", calibration_holdout="none", n="count")),
    PL("plot_cumulative_transactions",
       dict(model=None, transactions=TX, datetime_col="date", customer_id_col="id", t=6, t_cal=3),
       PLOT_TRACK),
    PL("plot_incremental_transactions",
       dict(model=None, transactions=TX, datetime_col="date", customer_id_col="id", t=6, t_cal=3),
       PLOT_TRACK),
    PL("plot_history_alive", dict(model=None, t=8, transactions=TX, datetime_col="date"),
       dict(model="handle:BGNBD", t="count", transactions="none", datetime_col="none",
            freq="choice", datetime_format="text?")),
    PL("plot_transaction_rate_heterogeneity", dict(model=None), dict(model="handle:BGNBD")),
    PL("plot_dropout_rate_heterogeneity", dict(model=None), dict(model="handle:BGNBD")),
    PL("plot_clv_distribution", dict(purchase_model=None, spend_model=None, **CLV_BASE, bins=5),
       dict(CLV_KINDS, bins="count")),
    PL("plot_customer_equity", dict(purchase_model=None, spend_model=None, **CLV_BASE),
       CLV_KINDS),
    PL("plot_kaplan_meier", dict(times=AML_T, events=AML_E, groups=AML_G),
       dict(times="col", events="flags", groups="ids?", labels="none", conf_type="choice",
            conf_level="real", at="none")),
    PL("plot_sbg_survival", dict(model=sbg(), survivors=[1000, 869, 743, 653], horizon=6),
       dict(model="none", survivors="col", horizon="count?")),
    PL("plot_sbg_retention", dict(model=sbg(), survivors=[1000, 869, 743, 653], horizon=6),
       dict(model="none", survivors="col", horizon="count?")),
    PL("plot_cohort_retention", dict(ids=IDS, times=TIMES, amounts=AMTS, n_offsets=2),
       dict(ids="ids", times="col", amounts="col?", period="real", origin="real?",
            n_offsets="count?"), nan_ok={"origin"}),
    PL("plot_roc", dict(SCORES_Y, max_points=5), dict(SCORES_KINDS, max_points="count")),
    PL("plot_lift", dict(SCORES_Y, n_bins=4), dict(SCORES_KINDS, n_bins="count")),
    PL("plot_cumulative_gains", dict(SCORES_Y, n_bins=4), dict(SCORES_KINDS, n_bins="count")),
    PL("plot_campaign_profit", dict(SCORES_Y, customer_value=500, contact_cost=5,
                                    incentive_cost=50, acceptance_rate=0.25, n_bins=4),
       dict(SCORES_KINDS, customer_value="real", contact_cost="real", incentive_cost="real",
            acceptance_rate="real", fixed_cost="real", n_bins="count")),
    PL("plot_kano", dict(functional=[[1, 1], [3, 1], [3, 3], [2, 1]],
                         dysfunctional=[[5, 1], [3, 5], [3, 3], [5, 3]]),
       dict(functional="mat", dysfunctional="mat", labels="none", rule="choice",
            nan_policy="choice")),
    PL("plot_ipa", dict(importance=[4.5, 4.25, 3.0, 2.75, 3.75],
                        performance=[3.25, 4.5, 2.75, 4.0, 3.75]),
       dict(importance="col", performance="col", labels="none", crosshair="choice",
            importance_scale="scale", performance_scale="scale", importance_cut="real",
            performance_cut="real")),
    PL("plot_servqual_gaps", dict(perceived=SQ_P, expected=SQ_E),
       dict(perceived="mat", expected="mat?", item_dimension="idxseq?", n_dimensions="count?",
            dimension_names="none", scale="scale", nan_policy="choice")),
    PL("plot_zone_of_tolerance", dict(adequate=[[5], [5], [5]], desired=[[7.5], [7.5], [7.5]],
                                      perceived=[[6.25], [4.5], [8.0]]),
       dict(adequate="mat", desired="mat", perceived="mat", item_dimension="none",
            n_dimensions="none", dimension_names="none", scale="scale", nan_policy="choice")),
    PL("plot_nps", dict(scores=[0, 7, 9, 10, 8, 3]),
       dict(scores="col", scale="scale", detractor_max="real", promoter_min="real",
            nan_policy="choice", method="choice", level="real")),
    PL("plot_jones_sasser", dict(satisfaction=[5, 4, 5, 2, 3, 1], loyalty=[5, 4, 2, 5, 3, 1]),
       dict(satisfaction="col", loyalty="col", scale="scale", high="real", apostle="real",
            terrorist="real", nan_policy="choice")),
    PL("plot_dick_basu", dict(relative_attitude=[1, 0.2, 0.7], repeat_patronage=[0.25, 0.9, 0.6],
                              attitude_cut=0.5, patronage_cut=0.5),
       dict(relative_attitude="col", repeat_patronage="col", attitude_cut="real",
            patronage_cut="real")),
    PL("plot_rfm_segments", dict(recency=REC, frequency=FREQ, monetary=MON),
       dict(recency="col", frequency="col", monetary="col", bins="count", table="table")),
    PL("plot_customer_pyramid", dict(profit=[100, 50, 50, 20, 10, 5, 0, -5, -10, 30]),
       dict(profit="col", rule="choice", platinum="real", gold="real", lead_below="real")),
    PL("plot_lorenz", dict(value=[4, 50, 1, 20, 8, 10, 5, 2]),
       dict(value="col", a_cut="real", b_cut="real", top_fraction="real")),
    PL("plot_elbow", dict(X=KX, k_min=1, k_max=3, seed=1),
       dict(X="mat", k_min="count", k_max="count", seed="count")),
    PL("plot_silhouette", dict(X=KX9, k_min=2, k_max=3, seed=1),
       dict(X="mat", k_min="count", k_max="count", seed="count", sample="count")),
    PL("plot_clusters", dict(model=csat.KMeans(2, seed=3).fit(KX), X=KX),
       dict(model="none", X="mat", features="none", feature_names="none")),
    PL("plot_delivered_value", dict(model=value_model_offerings()),
       dict(model="none", segment="none")),
    PL("plot_improvement", dict(model=value_model_offerings(), offering="B", margin=0.5),
       dict(model="none", offering="none", segment="none", margin="real")),
]

# ---- satisfaction over time (issue 16) ----
SPECS["satisfaction_time"] = [
    S("proportions_compare", dict(count1=56, n1=70, count2=48, n2=80),
      dict(count1="real", n1="real", count2="real", n2="real", method="choice", level="real")),
    S("means_compare", dict(mean1=4.2, sd1=0.9, n1=50, mean2=3.9, sd2=1.1, n2=60),
      dict(mean1="real", sd1="real", n1="real", mean2="real", sd2="real", n2="real",
           level="real")),
    S("csi_compare", dict(answers1=[[8, 9], [7, 9], [10, 8]], answers2=[[6, 7], [8, 6], [7, 7]],
                          n_boot=20),
      dict(answers1="mat", answers2="mat", weights="fixed?", scale="scale", method="choice",
           nan_policy="choice", n_boot="count", seed="count", level="real")),
    S("proportion_sample_size", dict(percent=50, half_width=5),
      dict(percent="real", half_width="real", level="real", population="real")),
    S("mean_sample_size", dict(sd=1.2, half_width=0.1),
      dict(sd="real", half_width="real", level="real", population="real")),
    S("nps_sample_size_population", dict(variance=0.5, half_width=5),
      dict(variance="real", half_width="real", level="real", population="real")),
    S("track_shares", dict(counts=[40, 45, 30, 60], n=[100, 100, 100, 100]),
      dict(counts="col", n="col", level="real", limit_sigmas="real", method="choice")),
    S("track_means", dict(means=[7.1, 7.3, 6.8], sds=[1.5, 1.4, 1.6], n=[50, 60, 40]),
      dict(means="col", sds="col", n="col", level="real", limit_sigmas="real", sigma="real?")),
    S("relative_score", dict(own=80, own_se=2, competitors=[70, 75], competitor_se=[1.5, 2.5]),
      dict(own="real", own_se="real", competitors="col", competitor_se="col", level="real")),
]
# PLS index two-sample test (issue 16)
SPECS["satisfaction_time"] += [
    S("pls_index_compare", dict(model1=None, model2=None, lv="Y", n_boot=20),
      dict(model1="handle:PLSPathModel", model2="handle:PLSPathModel", lv="none", n_boot="count",
           seed="count", level="real")),
]
SPECS["plotting"] += [
    PL("plot_tracking", dict(n=[100, 100, 100, 100], counts=[40, 45, 30, 60]),
       dict(n="col", counts="col?", means="col?", sds="col?", labels="none", level="real",
            limit_sigmas="real", method="choice", sigma="real?")),
    # Cox proportional-hazards test (issue 15)
    PL("plot_schoenfeld", dict(model=_cox(), covariate=0, transform="km", bandwidth=0.2),
       dict(model="none", covariate="none", transform="choice", bandwidth="real")),
]
# PLS plots (issue 16)
SPECS["plotting"] += [
    PL("plot_path_diagram", dict(model=None), dict(model="handle:PLSPathModel", significance="flag")),
    PL("plot_ipma", dict(model=None, target="Y"), dict(model="handle:PLSPathModel", target="none")),
]

SPECS["plotting"] += [  # profitability (issue 17)
    PL("plot_whale_curve", dict(profit=[100.0, -10.0, 100.0]), dict(profit="col")),
    PL("plot_tier_profitability", dict(revenue=[230.0, 30.0, 200.0], profit=[100.0, -10.0, 100.0],
                                       tiers=[0, 1, 0]),
       dict(revenue="col", profit="col", tiers="ints", n_tiers="count?", labels="none")),
]

# Handle-typed parameters get a fresh store / model per call (a closed one is a case).
_HANDLE_FACTORIES = {"Customers": store, "BGNBD": bgnbd,
                     "GammaGamma": lambda: model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5)}
_HANDLE_FACTORIES["PLSPathModel"] = _pls  # PLS index two-sample test (issue 16)
# profit by tenure, complaint times, retention-profit table plots (issue 17)
_HANDLE_FACTORIES["ComplaintStore"] = detail_store  # a Customers store with complaints
SPECS["plotting"] += [
    PL("plot_profit_by_tenure", dict(tenure=None), dict(tenure="handle:Customers", period="real",
                                                         origin="real?", cohorts="flag")),
    PL("plot_complaint_times", dict(customers=None),
       dict(customers="handle:ComplaintStore", response_target="real", resolution_target="real",
            bins="count")),
    PL("plot_retention_profit", dict(drivers=[30, 42, 44, 50, 56], acquisition_cost=60,
                                     retention=[0.75, 0.8, 0.85], discount=0.125, horizon=10),
       dict(drivers="colx", acquisition_cost="real", retention="colx", base_retention="real?",
            discount="real", horizon="count", gain="flag")),
]


# ---- the matrix ---------------------------------------------------------------------

class _Other:
    """An object of no expected type."""


def _floats(v):
    return [float(x) for x in v]


def _column_cases(kind, base, linked_with_others, nan_ok, empty_ok):
    """(case name, value, expectation) for a column parameter; expectation is
    'type', 'error', 'ok' (anything but a crash or a non-csat exception) or
    ('same', canonical value) (must equal the call with the canonical value)."""
    optional = kind.endswith("?")
    kind = kind.rstrip("?")
    flags = kind == "flags"
    vals = _floats(base)
    n = len(vals)
    yield "None", None, "ok" if optional else "type"
    yield "str", "abc", "type"
    yield "bytes", b"\x01\x02", "type"
    yield "list of str", [str(v) for v in vals], "type"
    yield "nested list (2-D)", [[v] for v in vals], "type"
    yield "ragged", [[vals[0], vals[0]], [vals[0]]] + [[v] for v in vals[2:]], "type"
    yield "None inside", [None] + vals[1:], "type"
    yield "complex inside", [complex(vals[0], 1)] + vals[1:], "type"
    yield "dict", {"a": 1.0}, "type"
    if kind != "scol":
        yield "scalar", vals[0], "type"
    yield "object()", _Other(), "type"
    if flags:
        yield "bool list", [bool(v) for v in vals], ("same", vals)
    else:
        yield "bool list", [True] * n, "type"
    yield "NaN", [math.nan] + vals[1:], "ok" if nan_ok else "error"
    yield "Inf", [math.inf] + vals[1:], "error"
    if kind == "fixed":
        yield "one short", vals[:-1], "error"
        yield "one long", vals + [vals[0]], "error"
    elif linked_with_others:
        yield "one short (mismatched lengths)", vals[:-1], "error"
    yield "empty", [], "ok" if (empty_ok or (kind == "fixed" and False)) else "error"
    yield "tuple", tuple(vals), ("same", vals)
    yield "array('d')", array.array("d", vals), ("same", vals)
    if np is not None:
        a = np.array(vals)
        yield "object array with None", np.array([None] + vals[1:], dtype=object), "type"
        yield "object array of floats", np.array(vals, dtype=object), ("same", vals)
        yield "complex array", a.astype(complex), "type"
        yield "string array", a.astype(str), "type"
        yield "datetime64 array", np.zeros(n, dtype="datetime64[D]"), "type"
        yield "2-D array", a.reshape(-1, 1), "type"
        yield "0-d array", np.array(vals[0]), ("same", vals[0]) if kind == "scol" else "type"
        if flags:
            yield "bool array", a.astype(bool), ("same", vals)
        else:
            yield "bool array", np.ones(n, dtype=bool), "type"
        f32 = a.astype(np.float32)
        yield "float32 array", f32, ("same", _floats(f32))
        yield "float16 array", a.astype(np.float16), ("same", _floats(a.astype(np.float16)))
        ints = a.astype(np.int64)
        yield "int64 array", ints, ("same", _floats(ints))
        yield "int32 array", a.astype(np.int32), ("same", _floats(a.astype(np.int32)))
        yield "uint8 array", np.abs(a).astype(np.uint8), ("same", _floats(np.abs(a).astype(np.uint8)))
        big = np.empty(2 * n)
        big[::2] = a
        big[1::2] = -12345.0
        yield "non-contiguous array", big[::2], ("same", vals)
        ro = a.copy()
        ro.setflags(write=False)
        yield "read-only array", ro, ("same", vals)
        yield "big-endian array", a.astype(">f8"), ("same", vals)
        yield "NaN array", np.concatenate([[np.nan], a[1:]]), "ok" if nan_ok else "error"


def _matrix_cases(kind, base, linked_with_others):
    optional = kind.endswith("?")
    rows = [_floats(r) if isinstance(r, (list, tuple)) else [float(r)] for r in base]
    yield "None", None, "ok" if optional else "type"
    yield "str", "abc", "type"
    yield "ragged rows", [rows[0] + [1.0]] + rows[1:], "type"
    yield "str cell", [[str(rows[0][0])] + rows[0][1:]] + rows[1:], "type"
    yield "None cell", [[None] + rows[0][1:]] + rows[1:], "type"
    yield "row of str", ["abc"] + rows[1:], "type"
    yield "3-D", [[r] for r in rows], "type"
    yield "dict", {"a": [1.0]}, "type"
    yield "scalar", 1.0, "type"
    yield "bool rows", [[True] * len(r) for r in rows], "type"
    yield "NaN cell", [[math.nan] + rows[0][1:]] + rows[1:], "error"
    yield "Inf cell", [[math.inf] + rows[0][1:]] + rows[1:], "error"
    if linked_with_others:
        yield "one row short", rows[:-1], "error"
    yield "empty", [], "error"
    yield "tuple of tuples", tuple(tuple(r) for r in rows), ("same", rows)
    if np is not None:
        a = np.array(rows)
        yield "object array with None", np.array([[None] * a.shape[1]] * a.shape[0], dtype=object), "type"
        yield "object array of floats", a.astype(object), ("same", rows)
        yield "complex array", a.astype(complex), "type"
        yield "string array", a.astype(str), "type"
        yield "bool array", a.astype(bool), "type"
        yield "3-D array", a.reshape(a.shape + (1,)), "type"
        f32 = a.astype(np.float32)
        yield "float32 array", f32, ("same", f32.astype(float).tolist())
        ints = a.astype(np.int64)
        yield "int64 array", ints, ("same", ints.astype(float).tolist())
        yield "Fortran-order array", np.asfortranarray(a), ("same", rows)
        wide = np.zeros((a.shape[0], 2 * a.shape[1]))
        wide[:, ::2] = a
        yield "non-contiguous array", wide[:, ::2], ("same", rows)
        ro = a.copy()
        ro.setflags(write=False)
        yield "read-only array", ro, ("same", rows)


def _int_column_cases(kind, base, linked_with_others):
    optional = kind.endswith("?")
    vals = [int(v) for v in base]
    n = len(vals)
    yield "None", None, "ok" if optional else "type"
    yield "str", "abc", "type"
    yield "list of str", [str(v) for v in vals], "type"
    yield "fraction", [vals[0] + 0.9] + vals[1:], "error"
    yield "0.9", [0.9] + vals[1:], "error"
    yield "huge", [2 ** 70] + vals[1:], "error"
    yield "negative huge", [-2 ** 70] + vals[1:], "error"
    yield "NaN", [math.nan] + vals[1:], "error"
    yield "bool list", [True] * n, "type"
    yield "None inside", [None] + vals[1:], "type"
    yield "nested", [[v] for v in vals], "type"
    if kind.startswith("ids"):
        yield "negative", [-1] + vals[1:], "error"
    else:
        yield "past C int", [2 ** 31] + vals[1:], "error"
    if linked_with_others:
        yield "one short (mismatched lengths)", vals[:-1], "error"
    yield "integral floats", [float(v) for v in vals], ("same", vals)
    yield "tuple", tuple(vals), ("same", vals)
    if np is not None:
        a = np.array(vals)
        yield "bool array", a.astype(bool), "type"
        yield "float array with 0.5", a + 0.5, "error"
        yield "object array with None", np.array([None] * n, dtype=object), "type"
        yield "2-D array", a.reshape(-1, 1), "type"
        yield "int32 array", a.astype(np.int32), ("same", vals)
        yield "uint64 array", a.astype(np.uint64), ("same", vals)
        yield "float array", a.astype(float), ("same", vals)
        big = np.zeros(2 * n, dtype=np.int64)
        big[::2] = a
        yield "non-contiguous array", big[::2], ("same", vals)
        ro = a.copy()
        ro.setflags(write=False)
        yield "read-only array", ro, ("same", vals)


def _label_cases(kind, base, linked_with_others):
    """Groups given as whole numbers >= 0 or as labels (CoxPH strata and cluster,
    issue 15): strings, categoricals and other hashable objects are valid."""
    optional = kind.endswith("?")
    vals = [int(v) for v in base]
    names = [f"g{v}" for v in vals]
    n = len(vals)
    yield "None", None, "ok" if optional else "type"
    yield "str", "abc", "type"
    yield "bytes", b"ab", "type"
    yield "dict", {"a": 1}, "type"
    yield "scalar", vals[0], "type"
    yield "object()", _Other(), "type"
    yield "list of str", names, "ok"
    yield "tuple of str", tuple(names), ("same", names)
    yield "None inside", [None] + names[1:], "error"
    yield "NaN among labels", [math.nan] + names[1:], "error"
    yield "nested", [[v] for v in names], "type"
    yield "bool list", [True] * n, "type"
    yield "negative", [-1] + vals[1:], "error"
    yield "fraction", [0.5] + vals[1:], "error"
    yield "huge", [2 ** 70] + vals[1:], "error"
    yield "integral floats", [float(v) for v in vals], ("same", vals)
    if linked_with_others:
        yield "one short (mismatched lengths)", names[:-1], "error"
    yield "empty", [], "error"
    if np is not None:
        yield "string array", np.array(names), ("same", names)
        yield "object array of str", np.array(names, dtype=object), ("same", names)
        yield "object array with None", np.array([None] * n, dtype=object), "error"
        yield "bool array", np.ones(n, dtype=bool), "type"
        yield "float array with 0.5", np.array(vals) + 0.5, "error"
        yield "uint64 array", np.array(vals, dtype=np.uint64), ("same", vals)
        try:
            import pandas as pd
        except ImportError:
            pd = None
        if pd is not None:
            yield "categorical", pd.Categorical(names), ("same", names)
            yield "categorical Series", pd.Series(names, dtype="category"), ("same", names)


def _scalar_cases(kind, base, param, spec):
    optional = kind.endswith("?")
    kind = kind.rstrip("?")
    yield "None", None, "ok" if optional else "type"
    if kind == "choice":
        yield "str", "3", "error"
    elif kind != "text":
        yield "str", "3", "type"
    yield "list", [base if base is not None else 1], "type"
    yield "complex", 1j, "type"
    yield "dict", {}, "type"
    yield "object()", _Other(), "type"
    if kind == "real":
        yield "bool", True, "type"
        yield "NaN", math.nan, "ok" if param in spec.nan_ok else "error"
        yield "Inf", math.inf, "error"
        yield "-Inf", -math.inf, "error"
        if base is not None:
            yield "numpy-free Fraction", __import__("fractions").Fraction(base).limit_denominator(), \
                ("same", float(__import__("fractions").Fraction(base).limit_denominator()))
            if np is not None:
                yield "np.float64", np.float64(base), ("same", float(base))
                yield "0-d array", np.array(float(base)), ("same", float(base))
    elif kind in ("count", "int"):
        yield "bool", True, "type"
        yield "fraction", 2.5, "error"
        yield "NaN", math.nan, "error"
        yield "Inf", math.inf, "error"
        if kind == "count":
            yield "negative", -1, "error"
        yield "2**64", 2 ** 64, "error"
        yield "-2**32 + 5", 5 - 2 ** 32, "error"
        if base is not None:
            yield "integral float", float(base), ("same", base)
            if np is not None:
                yield "np.int64", np.int64(base), ("same", base)
                if 0 <= base <= 255:
                    yield "np.uint8", np.uint8(base), ("same", base)
    elif kind == "flag":
        yield "str 'yes'", "yes", "type"
        yield "2", 2, "type"
        yield "0.5", 0.5, "type"
        if np is not None:
            yield "np.bool_", np.bool_(True), "ok"
    elif kind == "choice":
        yield "unknown name", "no-such-choice", "error"
        yield "int", 3, "type"
    elif kind == "text":
        yield "int", 5, "type"
        yield "bytes", b"x", "type"


def _cases(spec, param, kind, base):
    """Every (case, value, expectation) for one parameter."""
    bare = kind.rstrip("?")
    optional = kind.endswith("?")
    linked = spec.linked if spec.linked is not None else [
        p for p, k in spec.kinds.items() if k.rstrip("?") in ("col", "flags", "ids", "ints", "scol")
        and p in spec.base]
    others = param in linked and len(linked) > 1
    if bare in ("col", "colx", "flags", "fixed", "scol"):
        if base is None:  # an optional column the baseline leaves out: fuzz with a valid length
            n = len(next((spec.base[p] for p in linked if p in spec.base), [1.0, 2.0]))
            base = [1.0] * n
        yield from _column_cases(kind, base, others and bare != "colx",
                                 param in spec.nan_ok, param in spec.empty_ok or "*" in spec.empty_ok)
    elif bare == "mat":
        if base is None:
            return
        yield from _matrix_cases(kind, base, others)
    elif bare in ("ids", "ints"):
        if base is None:
            base = [0] * len(next(spec.base[p] for p in linked if p in spec.base))
        yield from _int_column_cases(kind, base, others)
    elif bare == "labels":  # whole numbers or labels (CoxPH strata, cluster: issue 15)
        if base is None:
            base = [0] * len(next(spec.base[p] for p in linked if p in spec.base))
        yield from _label_cases(kind, base, others)
    elif bare == "path":
        yield "None", None, "type"
        yield "int", 5, "type"
        yield "list", ["a"], "type"
    elif bare in ("real", "count", "int", "flag", "choice", "text"):
        yield from _scalar_cases(kind, base, param, spec)
    elif bare == "njobs":  # scikit-learn's n_jobs (issue 18)
        yield "None", None, "ok"
        yield "-1", -1, "ok"
        yield "2", 2, "ok"
        yield "0", 0, "error"
        yield "-2**40", -2 ** 40, "ok"  # all but 2**40 - 1 cores: at least one thread
        yield "2**40", 2 ** 40, "error"
        yield "fraction", 1.5, "type"
        yield "bool", True, "type"
        yield "str", "2", "type"
        yield "list", [2], "type"
        if np is not None:
            yield "np.int64", np.int64(2), "ok"
    elif bare == "index":
        yield "None", None, "ok" if optional else "error"
        yield "bool", True, "type"
        yield "fraction", 0.5, "error"
        yield "negative", -1, "error"
        yield "2**64", 2 ** 64, "error"
        yield "unknown name", "nobody", "error"
        yield "list", [0], "type"
        yield "past the end", 99, "error"
    elif bare == "scale":
        yield "None", None, "type"
        yield "str", "1-5", "type"
        yield "one value", (1,), "error"
        yield "four values", (1, 2, 3, 4), "error"
        yield "str bound", ("a", 5), "type"
        yield "scalar", 5, "type"
        yield "bad reversed flag", (1, 5, "x"), "type"
        yield "NaN bound", (math.nan, 5), "error"
        yield "list", [1, 5], "ok"
    elif bare == "scales":
        yield "None", None, "type"
        yield "five scales", base[:5], "error"
        yield "str", "abc", "type"
        yield "bad scale", [(1,)] + list(base[1:]), "error"
    elif bare.startswith("handle:"):
        cls = bare.split(":")[1]
        yield "None", None, "type"
        yield "int 4096", 4096, "type"
        yield "str", "x", "type"
        yield "wrong handle", csat.KMeans(2) if cls != "KMeans" else csat.Customers(), "type"
        closed = _HANDLE_FACTORIES[cls]()
        closed.close()
        yield "closed handle", closed, "closed"
    elif bare == "modelclass":
        yield "None", None, "type"
        yield "GammaGamma", csat.GammaGamma, "type"
        yield "instance", bgnbd(), "type"
        yield "str", "BGNBD", "type"
    elif bare == "params":
        yield "None", None, "ok" if optional else "type"
        yield "str", "abc", "type"
        yield "too few", [1.0], "error"
        yield "too many", [1.0] * 7, "error"
        yield "missing key", {"r": 1.0}, "error"
        yield "unknown key", {"zzz": 1.0}, "error"
        yield "str value", ["1"] * 4, "type" if isinstance(base, (dict, list)) else "error"
        if isinstance(base, dict):
            yield "str in dict", {k: "1" for k in base}, "type"
            yield "NaN in dict", {k: math.nan for k in base}, "error"
    elif bare == "paramkw":
        pass  # handled in _kw_cases
    elif bare == "nps":
        yield "None", None, "type"
        yield "two counts", (1, 2), "error"
        yield "str counts", ("1", "2", "3"), "type"
        yield "dict missing", {"promoters": 1}, "error"
        yield "str", "abc", "type"
    elif bare == "eight":
        yield "None", None, "ok" if optional else "type"
        yield "seven", [1.0] * 7, "error"
        yield "nine", [1.0] * 9, "error"
        yield "str values", ["1"] * 8, "type"
        yield "unknown component", {"price": 1.0}, "error"
        yield "str", "abc", "type"
        yield "NaN", [math.nan] * 8, "error"
    elif bare == "dict":
        yield "None", None, "type"
        yield "list", [1, 2], "type"
        yield "str value", {1: "10"}, "type"
        yield "str key", {"a": 10}, "type"
        yield "NaN value", {1: math.nan}, "error"
    elif bare == "pairs":
        yield "None", None, "ok"
        yield "list", [1, 2], "type"
        yield "not a pair", {1: 0.5}, "type"
        yield "three values", {1: (0.1, 0.2, 0.3)}, "error"
        yield "str", {1: ("a", "b")}, "type"
    elif bare == "idxseq":
        yield "None", None, "ok"
        yield "fraction", [0.5] + [0] * 21, "error"
        yield "negative", [-1] + [0] * 21, "error"
        yield "short", [0] * 3, "error"
        yield "str", "abc", "type"
        yield "huge", [2 ** 70] + [0] * 21, "error"
    elif bare == "flagseq":
        yield "None", None, "ok"
        yield "'1988'", "1988", "ok"
        yield "other str", "1999", "error"
        yield "short", [0] * 3, "error"
        yield "non-flags", [2] * 22, "type"
    elif bare == "table":
        yield "None", None, "type"
        yield "unknown name", "nope", "error"
        yield "empty", [], "error"
        yield "short rule", [("x", 1, 5)], "error"
        yield "str bound", [("x", "1", 5, 1, 5, 1, 5)], "type"
        yield "fraction bound", [("x", 1.5, 5, 1, 5, 1, 5)], "error"
        yield "huge bound", [("x", 2 ** 40, 5, 1, 5, 1, 5)], "error"
        yield "name not str", [(5, 1, 5, 1, 5, 1, 5)], "type"
        yield "dict rule without r", [{"name": "x"}], "error"
        yield "int", 3, "type"
    elif bare == "textseq":
        yield "None", None, "type"
        yield "str", "abc", "type"
        yield "int names", [1, 2, 3, 4, 5], "type"
        yield "too few", ["a", "b"], "error"
    elif bare == "cols":
        yield "None", None, "error"
        yield "list", [1, 2], "type"
        yield "unknown component", {"price": [1.0, 2.0, 3.0]}, "error"
        yield "str column", {"product": "abc"}, "error"  # named by its key, product
        yield "mismatched", {"product": [1.0, 2.0, 3.0], "monetary": [1.0]}, "error"
        yield "NaN", {"product": [math.nan, 1.0, 2.0]}, "error"
    elif bare == "none":
        return
    elif bare == "zphterms":  # CoxPH.proportional_hazard_test(terms=) (issue 15, coxzphterms)
        yield "None", None, "ok"
        yield "'auto'", "auto", "error"
        yield "str", "x0", "type"
        yield "list", [0, 1], "type"
        yield "int name", {1: [0]}, "type"
        yield "int value", {"t": 0}, "type"
        yield "str value", {"t": "x0"}, "type"
        yield "fraction", {"t": [0.5]}, "type"
        yield "bool", {"t": [True]}, "type"
        yield "NaN", {"t": [math.nan]}, "type"
        yield "None column", {"t": [None]}, "type"
        yield "empty term", {"t": []}, "error"
        yield "past the end", {"t": [2]}, "error"
        yield "negative", {"t": [-1]}, "error"
        yield "2**64", {"t": [2 ** 64]}, "error"
        yield "unknown name", {"t": ["nobody"]}, "error"
        yield "twice", {"t": [0], "u": [0, 1]}, "error"
        yield "GLOBAL", {"GLOBAL": [0]}, "error"
        yield "a covariate's name", {"x1": [0]}, "error"
        yield "names", {"t": ["x1", "x0"]}, ("same", base)
        yield "tuple", {"t": (0, 1)}, ("same", base)
        if np is not None:
            yield "np.int64", {"t": [np.int64(0), np.int64(1)]}, ("same", base)
            yield "array", {"t": np.array([1, 0])}, ("same", base)
    else:
        raise AssertionError(f"{spec.name}: unknown kind {kind!r} of {param}")


def _kw_cases(spec, kind):
    """Cases of a **kwargs parameter (the whole keyword set is replaced)."""
    if kind == "paramkw":
        good = dict(spec.base)
        first = next(iter(good))
        yield "str value", {**good, first: "1"}, "type"
        yield "None value", {**good, first: None}, "type"
        yield "NaN value", {**good, first: math.nan}, "error"
        yield "missing one", {k: v for k, v in good.items() if k != first}, "error"
        yield "unknown key", {**good, "zzz": 1.0}, "error"
        yield "bool value", {**good, first: True}, "type"
    elif kind == "hyperkw":
        good = dict(spec.base)
        yield "unknown key", {**good, "zzz": 1.0}, "error"
        if good:
            first = next(iter(good))
            yield "str value", {**good, first: b"1"}, "type"
            none_ok = first in ("init", "n_jobs")  # None is a valid value of these
            yield "None value" if not none_ok else "bool value", \
                {**good, first: None if not none_ok else True}, "type"
    elif kind == "compkw":
        yield "unknown component", {"price": 1.0}, "error"
        yield "str value", {"product": "1"}, "type"
        yield "with values too", {"product": 1.0}, "error"


# ---- running a spec ------------------------------------------------------------------


def _fresh(value):
    """Handles in a baseline are made anew for every call (a call may close or change them)."""
    if isinstance(value, csat.Customers):
        return cohort_store() if len(value) > 100 else btyd_store() if len(value) == 40 else store()
    if isinstance(value, csat.BGNBD):
        return bgnbd()
    if isinstance(value, csat.GammaGamma):
        return model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5)
    if isinstance(value, csat.CoxPH):  # a fitted one: copies keep no data for cox.zph
        return _cox()
    return copy.deepcopy(value)


def _invoke(spec, kwargs, raw=()):
    """Call the spec with kwargs (the values of raw as given, the others made anew)."""
    args = {k: (v if k in raw else _fresh(v)) for k, v in kwargs.items()}
    for k, v in spec.kinds.items():  # handle parameters the baseline gives as None
        if v.startswith("handle:") and args.get(k, 0) is None and k not in kwargs.get("_set", ()):
            args[k] = _HANDLE_FACTORIES[v.split(":")[1]]()
    args.pop("_set", None)
    kw = args.pop("**", {})
    obj = spec.obj() if spec.obj is not None else None
    try:
        result = spec.call(_obj=obj, **args, **kw) if obj is not None else spec.call(**args, **kw)
        return _snapshot(result)
    finally:
        for v in list(args.values()) + [obj]:
            if isinstance(v, csat._lib.Handle):
                v.close()


def _snapshot(result):
    """A result that outlives its objects: a handle becomes its state (and is closed)."""
    if not isinstance(result, csat._lib.Handle):
        return result
    try:
        state = result.__getstate__()
    except TypeError:  # a fitted LogisticChurn cannot be copied: its attributes
        state = {k: v for k, v in vars(result).items() if not k.startswith("_")}
    result.close()
    return state


def _pandas_plain(v):
    """A pandas DataFrame or Series as a dict of lists (index included); anything else as is."""
    if not type(v).__module__.startswith("pandas"):
        return v
    if hasattr(v, "columns"):
        return {"index": v.index.tolist(), **{c: v[c].tolist() for c in v.columns},
                "attrs": dict(v.attrs)}
    return {"index": v.index.tolist(), "values": v.tolist(), "name": v.name}


def _same(a, b):
    """Exact equality of results (NaN equals NaN; arrays, lists, dicts and pandas
    objects by value)."""
    a, b = _pandas_plain(a), _pandas_plain(b)
    if np is not None and isinstance(a, np.ndarray):
        a = a.tolist()
    if np is not None and isinstance(b, np.ndarray):
        b = b.tolist()
    if isinstance(a, array.array):
        a = a.tolist()
    if isinstance(b, array.array):
        b = b.tolist()
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


_BAD_WORDS = ("ctypes", "argument 1", "argument 2", "LP_c_", "c_double", "numpy.", "ndarray",
              "has no attribute", "object is not", "csat_")


def _outcome(fn):
    try:
        return "ok", fn()
    except csat.CsatError as e:
        return "csat", e
    except BaseException as e:  # noqa: BLE001 -- reported as a failure
        return "raw", e


def run_module(module):
    """Run every spec of one module; return (n_callables, n_cases, failures)."""
    failures, n_cases = [], 0

    def fail(spec, param, case, why):
        failures.append(f"{spec.name}({param}) [{case}]: {why}")

    for spec in SPECS[module]:
        kind_of = dict(spec.kinds)
        # the baseline works
        status, result = _outcome(lambda: _invoke(spec, spec.base))
        n_cases += 1
        if spec.baseline_error:
            if status != "csat":
                fail(spec, "-", "baseline", f"expected a CsatError, got {status} {result!r:.100}")
        elif status != "ok":
            fail(spec, "-", "baseline", f"raised {type(result).__name__}: {result}")
            continue
        # use after close
        if spec.obj is not None and isinstance(spec.obj(), csat._lib.Handle):
            n_cases += 1

            def after_close():
                obj = spec.obj()
                obj.close()
                obj.close()  # twice is fine
                return spec.call(_obj=obj, **{k: _fresh(v) for k, v in spec.base.items()})
            status, err = _outcome(after_close)
            if status != "csat" or not isinstance(err, csat.ClosedError):
                fail(spec, "-", "use after close", f"gave {status} {type(err).__name__}: {err}")
            elif "closed" not in str(err):
                fail(spec, "-", "use after close", f"message does not say closed: {err}")
        for param, kind in kind_of.items():
            if param.startswith("**"):
                cases = [(c, {"**": v}, e) for c, v, e in _kw_cases(spec, kind)]
                if kind == "compkw":
                    cases = [(c, {"**": v, **({} if c == "with values too" else {"values": None})}, e)
                             for c, v, e in _kw_cases(spec, kind)]
            else:
                base_value = spec.base.get(param)
                if kind.startswith("handle:") and base_value is None:
                    base_value = "handle"
                cases = [(c, {param: v, "_set": (param,)}, e)
                         for c, v, e in _cases(spec, param, kind, base_value)]
            for case, override, expect in cases:
                n_cases += 1
                kwargs = {k: v for k, v in spec.base.items() if not (k in spec.kinds and
                                                                     spec.kinds[k] == "paramkw")}
                if "**" in override:
                    kwargs = {k: v for k, v in kwargs.items() if spec.kinds.get(k) != "paramkw"}
                    if kind in ("paramkw", "hyperkw"):
                        kwargs = {}
                kwargs.update(override)
                if (param, case) in spec.ok:
                    expect = "ok"
                status, got = _outcome(lambda: _invoke(spec, kwargs, raw=set(override)))
                if status == "raw":
                    fail(spec, param, case, f"raw {type(got).__name__}: {got}")
                    continue
                if spec.baseline_error:
                    expect = "error" if expect != "closed" else expect
                if isinstance(expect, tuple):  # a valid variant: same as the canonical values
                    canon = dict(kwargs, **{param: expect[1]})
                    status2, want = _outcome(lambda: _invoke(spec, canon, raw=set(override)))
                    if status != status2 or (status == "ok" and not _same(got, want)) or (
                            status == "csat" and str(got) != str(want)):
                        fail(spec, param, case, f"differs from the same values as floats: "
                                                f"{status} {got!r:.200} vs {status2} {want!r:.200}")
                    continue
                if expect == "ok":
                    continue
                if status == "ok":
                    fail(spec, param, case, f"accepted (returned {got!r:.120})")
                    continue
                message = str(got)
                if len(message) < 12:
                    fail(spec, param, case, f"message too short: {message!r}")
                if spec.check_message and any(w in message for w in _BAD_WORDS):
                    fail(spec, param, case, f"message leaks internals: {message}")
                if expect == "type":
                    if not isinstance(got, csat.InvalidType) or not isinstance(got, TypeError):
                        fail(spec, param, case, f"{type(got).__name__} instead of InvalidType: "
                                                f"{message}")
                    elif not param.startswith("**") and param not in message:
                        fail(spec, param, case, f"message does not name {param}: {message}")
                elif expect == "closed" and not isinstance(got, csat.ClosedError):
                    fail(spec, param, case, f"{type(got).__name__} instead of ClosedError")
    return len(SPECS[module]), n_cases, failures


# ---- prediction intervals (issue 15) -------------------------------------------------
IV_KINDS = dict(frequency="col", recency="col", T="col", weights="col?", interval="choice", level="real",
                n_draws="count", seed="count")
for _spec in SPECS["btyd"]:  # the interval arguments of the prediction methods
    if _spec.name.endswith((".p_alive", ".expected_purchases", ".dert")):
        _spec.kinds = dict(_spec.kinds, interval="choice?", level="real", n_draws="count", seed="count")
IV_ROWS = dict(frequency=X200, recency=TX200, T=T200)  # the data the models are fitted to
SPECS["btyd"] += [
    S("btyd_intervals", dict(model=csat.BGNBD().fit(**IV_ROWS), what="expected_purchases", **IV_ROWS,
                             t=10.0),
      dict(IV_KINDS, model="handle:BGNBD", what="choice", t="real?", discount="real?")),
    S("clv_intervals", dict(purchase_model=csat.BGNBD().fit(**IV_ROWS), spend_model=csat.GammaGamma().fit(
        X200, Z200), **IV_ROWS, monetary_value=Z200), dict(IV_KINDS, **CLV_KINDS)),
]
# more intervals (issue 15 §4, intervals2): P(X(t) = k) and the Gamma-Gamma expected spend
for _spec in SPECS["btyd"]:
    if _spec.name.endswith((".prob_purchases_cond", "GammaGamma.expected_spend")):
        _spec.kinds = dict(_spec.kinds, interval="choice?", level="real", n_draws="count", seed="count")
SPECS["btyd"] += [
    S("prob_intervals", dict(model=csat.BGNBD().fit(**IV_ROWS), k=1, t=10.0, **IV_ROWS),
      dict(IV_KINDS, model="handle:BGNBD", k="real", t="real")),
    S("spend_intervals", dict(model=csat.GammaGamma().fit(X200, Z200), frequency=X200, monetary_value=Z200),
      dict(model="handle:GammaGamma", frequency="col", monetary_value="col", weights="col?",
           interval="choice", level="real", n_draws="count", seed="count")),
]
# sBG intervals (issue 15 §4, intervals2)
for _spec in SPECS["retention"]:
    if _spec.name in ("SBG.survival", "SBG.retention", "SBG.derl", "SBG.del_"):
        _spec.kinds = dict(_spec.kinds, interval="choice?", level="real", n_draws="count", seed="count")
_HANDLE_FACTORIES["SBG"] = lambda: model(csat.SBG, alpha=0.75, beta=1.25)
SBG_IV_ROWS = dict(durations=[1.0, 2.0, 3.0, 4.0, 5.0, 5.0], churned=[1.0, 1.0, 1.0, 1.0, 1.0, 0.0],
                   counts=[369.0, 163.0, 86.0, 56.0, 37.0, 289.0])
SPECS["btyd"] += [
    S("sbg_intervals", dict(model=csat.SBG().fit([1000, 631, 468, 382, 326, 289]), what="derl", t=[0.0, 4.0],
                            **SBG_IV_ROWS, discount=0.1),
      dict(model="handle:SBG", what="choice", t="colx", durations="col", churned="col", counts="col?",
           discount="real?", interval="choice", level="real", n_draws="count", seed="count")),
]
# ---- issue 15: BTYD with covariates -------------------------------------------------------

MODULES = MODULES + ("btyd_cov",)
COV_Z1 = [[(i % 5) - 2.0, float(i % 3)] for i in range(len(X200))]
COV_Z2 = [[(i % 7) / 7.0] for i in range(len(X200))]
COV_HYPER = dict(max_iter=200, gtol=1e-8, with_standard_errors=True, lambda_purchase=0.01,
                 lambda_dropout=0.0, n_jobs=2)
COV_HYPER_KINDS = dict(max_iter="count", gtol="real", with_standard_errors="flag",
                       lambda_purchase="real", lambda_dropout="real", n_jobs="njobs")
COV_PRED = dict(BTYD_PRED, covariates_purchase=COV_Z1[:20], covariates_dropout=COV_Z2[:20])
COV_PRED_KINDS = dict(PRED_KINDS, covariates_purchase="mat?", covariates_dropout="mat?")


def _cov_specs(cls):
    base = (dict(r=0.55, alpha=10.5, s=0.6, beta=11.5) if cls == "ParetoNBDCovariates"
            else dict(r=0.25, alpha=4.5, a=0.75, b=2.5))

    def make():
        m = model(getattr(csat, cls), **base)
        m.set_coefficients([0.1, -0.1], [0.2])
        return m

    def fitted():
        return getattr(csat, cls)().fit(X200, TX200, T200, COV_Z1, COV_Z2)
    gg = lambda: model(csat.GammaGamma, p=6.25, q=3.75, gamma=15.5)  # noqa: E731
    keep = [i for i in range(20) if X200[i] > 0]
    clv_base = dict(spend_model=gg(), frequency=[X200[i] for i in keep],
                    recency=[TX200[i] for i in keep], T=[T200[i] for i in keep],
                    monetary_value=[GG_Z[GG_X.index(X200[i])] if X200[i] in GG_X else 20.0
                                    for i in keep],
                    covariates_purchase=[COV_Z1[i] for i in keep],
                    covariates_dropout=[COV_Z2[i] for i in keep])
    return model_specs(cls, getattr(csat, cls), fitted, COV_HYPER, COV_HYPER_KINDS,
                       FIT_PROPS + ("coef_", "coef_standard_errors_")) + [
        M(cls, "fit", lambda: getattr(csat, cls)(),
          dict(frequency=X200, recency=TX200, T=T200, covariates_purchase=COV_Z1,
               covariates_dropout=COV_Z2),
          dict(frequency="col", recency="col", T="col", covariates_purchase="mat?",
               covariates_dropout="mat?", constraints="none")),
        M(cls, "set_coefficients", lambda: model(getattr(csat, cls), **base),
          dict(purchase=[0.1, -0.1], dropout=[0.2]),
          dict(purchase="colx", dropout="colx", names_purchase="none", names_dropout="none"),
          empty_ok={"purchase", "dropout"}),
        M(cls, "p_alive", make, COV_PRED, COV_PRED_KINDS),
        M(cls, "expected_purchases", make, dict(t=4, **COV_PRED), dict(t="real", **COV_PRED_KINDS)),
        M(cls, "dert", make, dict(discount=0.05, **COV_PRED), dict(discount="real", **COV_PRED_KINDS)),
        M(cls, "clv", make, clv_base,
          dict(spend_model="none", frequency="col", recency="col", T="col", monetary_value="col",
               covariates_purchase="mat?", covariates_dropout="mat?", n_steps="count",
               step="real", discount_rate="real")),
    ]


SPECS["btyd_cov"] = _cov_specs("ParetoNBDCovariates") + _cov_specs("BGNBDCovariates")


# KPIs by group, repeat buying, referral value, retention-profit chain (issue 17)
MODULES = MODULES + ("crm",)
CRM_GROUPS = [1, 0, 1, 1, 0, 0, 0, 1]
CRM_DRIVERS = [30, 42, 44, 50, 56]
CRM_KPIS = csat.kpis_by_group(IDS, TIMES, AMTS, CRM_GROUPS, 1.5, 2.5, 1.0)
SPECS["crm"] = [
    S("kpis_by_group", dict(ids=IDS, times=TIMES, amounts=AMTS, groups=CRM_GROUPS, t1=1.5, t2=2.5,
                            lost_after=1.0, tier_bounds=[15, 25]),
      dict(ids="ids", times="col", amounts="col?", groups="ints", t1="real", t2="real",
           lost_after="real", tier_bounds="colx", n_groups="count?"), empty_ok={"tier_bounds"}),
    S("kpi_scorecard", dict(reports=CRM_KPIS, weights={"retention_rate": 1.0, "revenue": 1.0}),
      dict(reports="none", weights="none")),
    S("repeat_purchase_rate", dict(store=IDS, window=1.5, observation_end=3.0, times=TIMES,
                                   groups=CRM_GROUPS),
      dict(store="ids", window="real", observation_end="real", times="col?", groups="ints?",
           period="real", n_groups="count?")),
    S("inter_purchase_times", dict(store=IDS, times=TIMES),
      dict(store="ids", times="col?", period="real")),
    S("kpis_by_group_customers", dict(customers=None, t1=1.5, t2=2.5, lost_after=1.0),
      dict(customers="handle:Customers", t1="real", t2="real", lost_after="real",
           tier_bounds="colx", n_groups="count?"), empty_ok={"tier_bounds"}),
    S("cross_sell_customers", dict(customers=None),
      dict(customers="handle:Customers", period="real", n_categories="count?")),
    S("cross_sell", dict(ids=IDS, times=TIMES, categories=[0, 0, 1, 2, 1, 1, 1, 0]),
      dict(ids="ids", times="col", categories="ints", period="real", n_categories="count?")),
    S("loyalty_behaviour", dict(store=IDS, observation_end=2.5, times=TIMES,
                                categories=[0, 0, 1, 2, 1, 1, 1, 0]),
      dict(store="ids", observation_end="real", times="col?", categories="ints?",
           period="real", n_categories="count?")),
    S("share_of_wallet", dict(spend=[1, 2, 0, 3], category_spend=[2, 4, 0, 3]),
      dict(spend="col", category_spend="col")),
    S("referral_value", dict(satisfied=100, value_per_customer=500, dissatisfied=10),
      dict(satisfied="real", value_per_customer="real", dissatisfied="real",
           leads_per_satisfied="real", closing_rate="real", people_told="real")),
    S("retention_profit", dict(drivers=CRM_DRIVERS, acquisition_cost=60, retention=0.75,
                               discount=0.125, horizon=5),
      dict(drivers="colx", acquisition_cost="real", retention="real", discount="real",
           horizon="count")),
    S("retention_profit_table", dict(drivers=CRM_DRIVERS, acquisition_cost=60,
                                     retention=[0.75, 0.8, 0.85], discount=0.125, horizon=10),
      dict(drivers="colx", acquisition_cost="real", retention="colx", base_retention="real?",
           discount="real", horizon="count")),
    S("retention_profit_gain", dict(drivers=CRM_DRIVERS, acquisition_cost=60, retention=0.75,
                                    improvement=0.05, discount=0.125, horizon=10),
      dict(drivers="colx", acquisition_cost="real", retention="real", improvement="real",
           relative="flag", discount="real", horizon="count")),
    # chain drivers from the store (issue 17)
    S("chain_drivers", dict(store=None, origin=0.0, referrals=[1.0, 2.0]),
      dict(store="handle:Customers", period="real", per="choice", origin="real?", n_years="count?",
           cost_savings="scol?", referrals="scol?", price_premium="scol?")),
]


# ---- coverage of the public API ----------------------------------------------------------


def public_callables():
    """Every public function, class and method/property name of csat."""
    names = set()
    for n in csat.__all__:
        obj = getattr(csat, n)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            if not issubclass(obj, csat.Result):
                names.add(n)
            for base in obj.__mro__:
                if not base.__module__.startswith("csat"):
                    continue
                for m, v in vars(base).items():
                    if m.startswith("_") or m in ("close", "closed"):
                        continue
                    if callable(v) or isinstance(v, property):
                        names.add(f"{n}.{m}")
            if "__len__" in vars(obj):
                names.add(f"{n}.__len__")
        elif callable(obj):
            names.add(n)
    names.update(f"plotting.{n}" for n in csat.plotting.__all__)
    return names


class TestBadInput(unittest.TestCase):
    def test_every_public_callable_is_walked(self):
        walked = {s.name for specs in SPECS.values() for s in specs}
        missing = sorted(public_callables() - walked)
        self.assertEqual(missing, [], "public callables without a spec in test_bad_input.SPECS")

    def test_every_parameter_has_a_kind(self):
        missing = []
        for specs in SPECS.values():
            for s in specs:
                target = _target(s)
                if target is None:
                    continue
                for p in inspect.signature(target).parameters.values():
                    key = f"**{p.name}" if p.kind is p.VAR_KEYWORD else p.name
                    if p.name != "self" and key not in s.kinds:
                        missing.append(f"{s.name}({key})")
        self.assertEqual(missing, [], "parameters without a kind in test_bad_input.SPECS")

    def test_modules(self):
        total_callables = total_cases = 0
        for module in MODULES:
            if module == "plotting" and not HAVE_MPL:
                print("\nbad-input walk: csat.plotting skipped (no matplotlib)", file=sys.stderr)
                continue
            with self.subTest(module=module):
                proc = subprocess.run([sys.executable, "-X", "faulthandler", os.path.abspath(__file__),
                                       module, "--json"], capture_output=True, text=True,
                                      timeout=600)
                self.assertEqual(proc.returncode, 0, f"the walk of {module} crashed or failed "
                                 f"(exit {proc.returncode}):\n{proc.stderr[-4000:]}")
                report = json.loads(proc.stdout.strip().splitlines()[-1])
                total_callables += report["callables"]
                total_cases += report["cases"]
                self.assertEqual(report["failures"], [], f"{len(report['failures'])} cases")
        print(f"\nbad-input walk: {total_callables} callables, {total_cases} cases",
              file=sys.stderr)


def _target(spec):
    """The Python function or class whose signature the spec fuzzes."""
    name = spec.name
    if "." in name:
        cls, method = name.split(".")
        attr = inspect.getattr_static(getattr(csat, cls), method)
        if isinstance(attr, property) or method.startswith("__"):
            return None
        return getattr(getattr(csat, cls), method)
    obj = getattr(csat, name)
    return obj.__init__ if inspect.isclass(obj) else obj


def main(argv):
    faulthandler.enable()
    modules = [a for a in argv if not a.startswith("--")] or list(MODULES)
    callables = cases = 0
    failures = []
    for module in modules:
        c, n, f = run_module(module)
        callables, cases, failures = callables + c, cases + n, failures + f
    if "--json" in argv:
        print(json.dumps({"callables": callables, "cases": cases, "failures": failures}))
    else:
        for line in failures:
            print(line)
        print(f"{callables} callables, {cases} cases, {len(failures)} failures")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
