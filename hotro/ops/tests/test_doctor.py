"""``manage.py doctor``: one line per check, exit 1 on any failure; ``--json`` for machines."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from hotro.mail.models import Mailbox
from hotro.mail.testing import free_port, smtp_server
from hotro.mail.testing_imap import PASSWORD, USER, dovecot_server
from hotro.ops import checks
from hotro.ops.checks import Result, register


@pytest.fixture
def only_checks(monkeypatch):
    """Run doctor over the named registered checks only (the rest need servers a test does not have)."""

    def keep(*names: str) -> None:
        monkeypatch.setattr(checks, "_checks", {name: checks._checks[name] for name in names})

    return keep


def run_doctor(capsys, *args: str) -> tuple[int, str]:
    try:
        call_command("doctor", *args)
        code = 0
    except SystemExit as exit:
        code = int(exit.code or 0)
    return code, capsys.readouterr().out


@pytest.mark.django_db
def test_json_lists_every_check_and_exits_1_when_one_fails(capsys):
    code, out = run_doctor(capsys, "--json")
    report = json.loads(out)
    names = [check["name"] for check in report["checks"]]
    for expected in ("database", "migrations", "redis", "scheduler", "worker", "disk:media", "clock", "deploy", "smtp"):
        assert expected in names
    assert all(set(check) == {"name", "ok", "detail"} for check in report["checks"])
    assert code == 1  # no scheduler has ever run in a test database


@pytest.mark.django_db
def test_exit_0_only_when_every_check_passes(capsys, only_checks):
    only_checks("database", "migrations", "redis", "disk", "clock")
    code, out = run_doctor(capsys, "--json")
    assert code == 0
    assert all(check["ok"] for check in json.loads(out)["checks"])


@pytest.mark.django_db
def test_plain_output_is_one_line_per_check_with_what_to_do(capsys, monkeypatch):
    monkeypatch.setattr(checks, "_checks", {})
    register("fine", "Fine", "nothing")(lambda: Result("fine", True, "all good"))
    register("broken", "Broken", "Restart the thing.")(lambda: Result("broken", False, "it fell over"))
    code, out = run_doctor(capsys)
    assert code == 1
    assert out.splitlines() == ["ok   fine: all good", "FAIL broken: it fell over", "     Restart the thing."]


@pytest.mark.django_db
def test_a_crashing_check_is_a_failure_not_a_crash(capsys, monkeypatch):
    monkeypatch.setattr(checks, "_checks", {})

    def explode() -> Result:
        raise RuntimeError("boom")

    register("fragile", "Fragile", "Look at it.")(explode)
    code, out = run_doctor(capsys, "--json")
    assert code == 1
    assert json.loads(out)["checks"] == [
        {"name": "fragile", "ok": False, "detail": "the check itself failed: RuntimeError: boom"}
    ]


@pytest.mark.django_db
def test_smtp_is_checked_against_a_real_server(capsys, settings, only_checks):
    only_checks("smtp")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS = "127.0.0.1", "", False
    with smtp_server() as server:
        settings.EMAIL_PORT = server.port
        code, out = run_doctor(capsys, "--json")
    assert code == 0, out
    assert "answered EHLO" in json.loads(out)["checks"][0]["detail"]
    settings.EMAIL_PORT = free_port()
    code, out = run_doctor(capsys, "--json")
    assert code == 1 and "Connection refused" in out


@pytest.mark.django_db(transaction=True)
def test_each_mailbox_signs_in_or_is_reported(capsys, tmp_path, technical, only_checks):
    only_checks("imap")
    with dovecot_server(tmp_path) as imap:
        common = {"host": "127.0.0.1", "port": imap.port, "use_ssl": False, "username": USER, "department": technical}
        Mailbox.objects.create(name="good", password=PASSWORD, **common)
        Mailbox.objects.create(name="wrong-password", password="not-it", **common)
        code, out = run_doctor(capsys, "--json")
    results = {check["name"]: check for check in json.loads(out)["checks"]}
    assert code == 1
    assert results["imap:good"]["ok"] is True
    assert results["imap:wrong-password"]["ok"] is False
