"""Hotro's settings with the bare "hello" URLconf (``bench.hello``); middleware, database and all else unchanged."""

from bench.app_settings import *  # noqa: F403

ROOT_URLCONF = "bench.hello"
