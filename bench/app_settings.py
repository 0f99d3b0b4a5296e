"""Hotro's settings as production has them; ``BENCH_CONN_MAX_AGE`` (seconds) overrides ``CONN_MAX_AGE`` only.

Under ASGI, Django runs each request's sync code in a thread of its own, so persistent
connections (``CONN_MAX_AGE`` > 0) pile up: one per request thread until the age runs out.
``bench.run --conn-max-age 0`` measures with them off.
"""

import os

from hotro.settings import *  # noqa: F403
from hotro.settings import DATABASES

if os.environ.get("BENCH_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ["BENCH_CONN_MAX_AGE"])
