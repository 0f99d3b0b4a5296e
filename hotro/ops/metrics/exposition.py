"""``/metrics``: who may read it, and what it answers.

The metrics say how busy the desk is and how many tickets each department holds: not for
everyone. Access is by bearer token (``HOTRO_METRICS_TOKEN``) or from an allowed address
(``HOTRO_METRICS_ALLOW``: addresses or networks); with neither set the endpoint does not
exist (404). The client's address is ``REMOTE_ADDR``, which the server sets from the proxy's
``X-Forwarded-For`` only when started with ``--proxy-headers``: never read from a header here.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

from hotro.ops.metrics import instruments  # noqa: F401 (registers the request instruments)
from hotro.ops.metrics.collector import DeskCollector

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def allowed_networks(values: list[str] | None = None) -> list[Network]:
    """HOTRO_METRICS_ALLOW parsed; a bad entry is a configuration error naming the variable."""
    networks = []
    for value in settings.HOTRO_METRICS_ALLOW if values is None else values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"HOTRO_METRICS_ALLOW: {value!r} is not an address or network") from error
    return networks


def enabled() -> bool:
    return bool(settings.HOTRO_METRICS_TOKEN or settings.HOTRO_METRICS_ALLOW)


def may_read(request: HttpRequest) -> bool:
    token = settings.HOTRO_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip().encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in allowed_networks())


class _Forward(Collector):
    """This process's own registry (request instruments, process and GC metrics) in single-process mode."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    """Every worker's request metrics (from the multi-process folder, or this process), then the gauges."""
    registry = CollectorRegistry()
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Forward())
    registry.register(DeskCollector())
    return registry


def render() -> bytes:
    return generate_latest(scrape_registry())
