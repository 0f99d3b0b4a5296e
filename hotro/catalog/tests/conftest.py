"""Customers' services for the catalogue's tests, made through the catalogue's own service (as billing does)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hotro.catalog.models import Instance
from hotro.catalog.services import upsert_instance


@pytest.fixture
def make_instance(provider_defaults) -> Callable[..., Instance]:
    counter = iter(range(1, 1_000_000))

    def make(email: str, product: str = "cloud-vps", **fields: str) -> Instance:
        n = next(counter)
        record = {
            "external_id": fields.pop("external_id", f"SRV-{n}"),
            "customer_email": email,
            "product": product,
            "label": fields.pop("label", f"vps-{n}"),
            "hostname": fields.pop("hostname", f"vps{n}.example.vn"),
            "ip": fields.pop("ip", f"103.20.{n // 250}.{n % 250 + 1}"),
            "region": fields.pop("region", "HN1"),
            "status": fields.pop("status", "active"),
            **fields,
        }
        instance, _outcome = upsert_instance(record)
        return instance

    return make
