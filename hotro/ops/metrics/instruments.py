"""The request metrics every web process records (``hotro.ops.middleware``).

Labelled by view name, never by URL: ``/console/tickets/CM-000123/`` and every other ticket
are one series, so the number of series stays fixed however many tickets there are.
With ``PROMETHEUS_MULTIPROC_DIR`` set (before this module is imported, as ``hotro.core.serve``
must do for its workers) each process writes its values to files there and ``/metrics`` adds
them up, so totals are right whichever worker answers the scrape.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

# From a fast cached page (5 ms) to a slow search or upload (10 s); Prometheus adds +Inf.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_LATENCY = Histogram(
    "hotro_http_request_duration_seconds",
    "Time to answer a request, by view name and method.",
    ["view", "method"],
    buckets=LATENCY_BUCKETS,
)
REQUESTS = Counter(
    "hotro_http_requests",
    "Requests answered, by view name, method and status code.",
    ["view", "method", "status"],
)

NO_VIEW = "<unresolved>"  # 404s for unknown paths, and answers given by middleware before any view
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe(view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in KNOWN_METHODS else "OTHER"  # a client may send any word as a method
    REQUEST_LATENCY.labels(view, method).observe(seconds)
    REQUESTS.labels(view, method, str(status)).inc()
