"""Plots of libcsat's results with matplotlib (optional: imported on the first plot).

Every function takes the fitted object(s) and the data, draws on ``ax`` (default: the
current Axes of pyplot) and returns the Axes, as lifetimes.plotting and scikit-learn's
displays do. The numbers drawn are the library's (the function named in each docstring);
the plotting code only arranges them. Without matplotlib every function raises an
ImportError saying how to install it (``apt install python3-matplotlib`` or
``pip install matplotlib``).

    import csat, csat.plotting as cp
    m = csat.BGNBD().fit(frequency, recency, T)
    ax = cp.plot_probability_alive_matrix(m, max_frequency=20, max_recency=40)
    ax.figure.savefig("p_alive.png")

Churn and CLV (lifetimes' names): plot_frequency_recency_matrix,
plot_probability_alive_matrix, plot_period_transactions,
plot_calibration_purchases_vs_holdout_purchases, plot_cumulative_transactions,
plot_incremental_transactions, plot_history_alive, plot_transaction_rate_heterogeneity,
plot_dropout_rate_heterogeneity, plot_clv_distribution, plot_customer_equity.
Retention and survival: plot_kaplan_meier, plot_sbg_survival, plot_sbg_retention,
plot_cohort_retention, plot_roc, plot_lift, plot_cumulative_gains, plot_campaign_profit,
plot_schoenfeld (Cox: the proportional-hazards check).
Satisfaction and loyalty: plot_kano, plot_ipa, plot_servqual_gaps, plot_zone_of_tolerance,
plot_nps, plot_jones_sasser, plot_dick_basu.
Segmentation and value: plot_rfm_segments, plot_customer_pyramid, plot_lorenz, plot_elbow,
plot_silhouette, plot_clusters, plot_delivered_value, plot_improvement.
Satisfaction over time and PLS path models: plot_tracking, plot_path_diagram, plot_ipma.
"""
from . import _plot_btyd, _plot_retention, _plot_segments, _plot_survey
from ._plot_btyd import *  # noqa: F401,F403
from ._plot_common import INSTALL  # noqa: F401
from ._plot_retention import *  # noqa: F401,F403
from ._plot_segments import *  # noqa: F401,F403
from ._plot_survey import *  # noqa: F401,F403

__all__ = (list(_plot_btyd.__all__) + list(_plot_retention.__all__) + list(_plot_survey.__all__)
           + list(_plot_segments.__all__))

# satisfaction over time (issue 16)
from . import _plot_tracking  # noqa: E402
from ._plot_tracking import *  # noqa: F401,F403,E402
__all__ += list(_plot_tracking.__all__)

# Cox proportional-hazards test (issue 15)
from . import _plot_cox  # noqa: E402
from ._plot_cox import *  # noqa: F401,F403,E402
__all__ += list(_plot_cox.__all__)
# PLS path models (issue 16): the path diagram and the IPMA chart
from . import _plot_pls  # noqa: E402
from ._plot_pls import *  # noqa: F401,F403,E402
__all__ += list(_plot_pls.__all__)
# profitability (issue 17)
from . import _plot_profit  # noqa: E402
from ._plot_profit import *  # noqa: F401,F403,E402
__all__ += list(_plot_profit.__all__)
