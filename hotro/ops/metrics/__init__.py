"""Prometheus metrics: request instruments (``instruments``), gauges read at scrape time
(``collector``), and the ``/metrics`` exposition with its access rule (``exposition``)."""
