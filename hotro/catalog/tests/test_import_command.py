"""``import_services FILE.csv`` as the billing export uses it: one JSON line, idempotent, per-line errors, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hotro.catalog.models import Instance, Product

HEADER = "external_id,customer_email,product,label,hostname,ip,region,status,start_date,end_date\n"


def run(path: Path) -> dict:
    out = StringIO()
    call_command("import_services", str(path), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


@pytest.fixture
def good_file(tmp_path, provider_defaults, customer_a, customer_b) -> Path:
    path = tmp_path / "services.csv"
    path.write_text(
        HEADER
        + "VPS-1,an.nguyen@example.com,cloud-vps,Web chính,web1.example.vn,103.1.2.3,HN1,active,2025-01-01,\n"
        + "HOST-7,BINH.TRAN@example.com,shared-hosting,Shop,shop.example.com,,HCM1,suspended,2024-05-01,2026-05-01\n",
        encoding="utf-8",
    )
    return path


def test_load_provider_defaults_creates_the_products(provider_defaults):
    slugs = set(Product.objects.values_list("slug", flat=True))
    assert {"cloud-vps", "dedicated-server", "shared-hosting", "domain", "email-hosting", "backup"} <= slugs


def test_it_imports_a_file_and_a_second_run_changes_nothing(good_file):
    assert run(good_file) == {"created": 2, "updated": 0, "unchanged": 0, "errors": []}
    vps = Instance.objects.get(external_id="VPS-1")
    assert (vps.contact.email, vps.product.slug, vps.hostname, vps.ip_addresses) == (
        "an.nguyen@example.com",
        "cloud-vps",
        "web1.example.vn",
        "103.1.2.3",
    )
    assert run(good_file) == {"created": 0, "updated": 0, "unchanged": 2, "errors": []}


def test_a_changed_line_is_an_update(good_file):
    run(good_file)
    good_file.write_text(good_file.read_text().replace("103.1.2.3", "103.1.2.4"), encoding="utf-8")
    assert run(good_file) == {"created": 0, "updated": 1, "unchanged": 1, "errors": []}
    assert Instance.objects.get(external_id="VPS-1").ip_addresses == "103.1.2.4"


def test_lines_with_an_unknown_customer_or_product_are_reported_and_skipped(tmp_path, provider_defaults, customer_a):
    path = tmp_path / "mixed.csv"
    path.write_text(
        HEADER
        + "A-1,nobody@example.com,cloud-vps,x,a.example.vn,,HN1,active,,\n"
        + "A-2,an.nguyen@example.com,spaceship,x,b.example.vn,,HN1,active,,\n"
        + "A-3,an.nguyen@example.com,domain,example.vn,,,,active,2025-02-30,\n"
        + "A-4,an.nguyen@example.com,cloud-vps,ok,ok.example.vn,10.0.0.1,HN1,active,,\n",
        encoding="utf-8",
    )
    report = run(path)
    assert (report["created"], report["updated"], report["unchanged"]) == (1, 0, 0)
    assert [e["line"] for e in report["errors"]] == [2, 3, 4]
    assert "nobody@example.com" in report["errors"][0]["error"]
    assert "spaceship" in report["errors"][1]["error"]
    assert "start_date" in report["errors"][2]["error"]
    assert list(Instance.objects.values_list("external_id", flat=True)) == ["A-4"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"id,email\n1,a@example.com\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"external_id;customer_email;product\n",
    ],
)
def test_a_file_that_is_not_such_a_csv_exits_2_and_writes_nothing(tmp_path, provider_defaults, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_services", str(path), stdout=StringIO())
    assert refused.value.returncode == 2
    assert Instance.objects.count() == 0


def test_the_real_command_line_exits_2_with_a_message(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("not,the,header\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_services", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        check=False,
    )
    assert done.returncode == 2
    assert "header" in done.stderr


def test_a_customer_who_signed_up_but_never_wrote_is_found_by_their_address(tmp_path, provider_defaults, db):
    from hotro.accounts.services import register_customer

    register_customer("lan@khach.example", "x-pass-123456", name="Lan")  # an account, no contact yet
    path = tmp_path / "services.csv"
    path.write_text(HEADER + "VPS-9,lan@khach.example,cloud-vps,VPS,vps9.lan.vn,,HN1,active,2026-01-01,\n")
    assert run(path)["created"] == 1
    assert Instance.objects.get().contact.email == "lan@khach.example"
