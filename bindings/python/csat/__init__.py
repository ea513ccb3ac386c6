"""Python bindings for libcsat (ctypes).

Everything the C header offers, with numpy arrays in and out when numpy is
installed and plain sequences otherwise. Errors raise CsatError subclasses,
which also derive from ValueError, TypeError, MemoryError or RuntimeError as
apt: InvalidArgument (a bad value; its subclass InvalidType, also a
TypeError, for a wrong type), ClosedError (a method called after close()),
DomainError, EmptyInput, NoConvergence, Misuse, OutOfMemory, ...

Objects that own a libcsat handle (models, stores, k-means) are safe to
share between threads (one call at a time per object) and support
copy.copy, copy.deepcopy and pickle, each giving an independent object.

The fitted models (BGNBD, ParetoNBD, ModifiedBGNBD, BGBB, GammaGamma, SBG,
LogisticChurn, KaplanMeier, KMeans) follow scikit-learn's conventions
(hyperparameters in the constructor, get_params / set_params, fitted
attributes ending in "_"), print what they are and what was fitted, have a
summary table, and save to a documented JSON file that csat.load reads back
(csat._models describes the format).
"""
from . import (_lib, _models, btyd, btyd_cov, cox, customers, intervals, pls, retention,
               satisfaction, satisfaction_time, segmentation, tracking, transactions, value)
from ._lib import (HAVE_NUMPY, BufferTooSmall, ClosedError, CsatError, DomainError, EmptyInput,
                   InternalError, InvalidArgument, InvalidType, Misuse, NoConvergence,
                   NotFittedError,
                   OutOfMemory, Result, VersionError, lib as _clib, library_origin, library_path,
                   strerror)
from .customers import *  # noqa: F401,F403
from .transactions import *  # noqa: F401,F403
from .value import *  # noqa: F401,F403
from .satisfaction import *  # noqa: F401,F403
from .satisfaction_time import *  # noqa: F401,F403
from .pls import *  # noqa: F401,F403
from .btyd import *  # noqa: F401,F403
from .btyd_cov import *  # noqa: F401,F403
from .intervals import *  # noqa: F401,F403
from .retention import *  # noqa: F401,F403
from .cox import *  # noqa: F401,F403
from .segmentation import *  # noqa: F401,F403
from .tracking import *  # noqa: F401,F403
from . import profitability  # noqa: E402  (issue 17)
from .profitability import *  # noqa: F401,F403,E402
from ._models import Summary, load  # noqa: F401
from . import crm  # noqa: E402  (issue 17)
from .crm import *  # noqa: F401,F403,E402

__version__ = _clib.csat_version_string().decode()

# Each area module lists its public names; csat exports them all.
_AREAS = (customers, transactions, value, satisfaction, satisfaction_time, pls, btyd, btyd_cov,
          intervals, retention, cox, segmentation, tracking,
          crm)
_AREAS += (profitability,)  # issue 17
__all__ = (list(_lib.__all__) + ["library_origin", "library_path"] + list(_models.__all__)
           + [name for module in _AREAS for name in module.__all__])
