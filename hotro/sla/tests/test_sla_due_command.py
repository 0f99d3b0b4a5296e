"""``manage.py sla_due``: the operator's view of when a ticket's clock starts and what is due."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("sla_due", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_the_clock_start_and_first_response_due_of_a_technical_ticket(provider_defaults):
    """P10: urgent technical at 03:00 on Sunday, due 30 minutes later, in +07:00."""
    result = run("--department", "technical", "--priority", "urgent", "--at", "2026-03-08T03:00:00+07:00")
    assert result == {"clock_starts": "2026-03-08T03:00:00+07:00", "first_response_due": "2026-03-08T03:30:00+07:00"}


def test_it_starts_a_sales_ticket_received_after_hours_at_the_next_opening(provider_defaults):
    """P12: Saturday 12:00 (UTC 05:00) is after closing; normal is one business day from Monday 08:00."""
    result = run("--department", "sales", "--priority", "normal", "--at", "2026-03-07T05:00:00Z")
    assert result == {"clock_starts": "2026-03-09T08:00:00+07:00", "first_response_due": "2026-03-09T17:00:00+07:00"}


def test_a_naive_instant_is_read_in_the_calendars_zone(provider_defaults):
    result = run("--department", "technical", "--priority", "low", "--at", "2026-03-08T03:00")
    assert result["first_response_due"] == "2026-03-08T07:00:00+07:00"


def test_an_unknown_department_is_refused_with_status_2(provider_defaults):
    with pytest.raises(CommandError) as caught:
        run("--department", "marketing", "--priority", "urgent", "--at", "2026-03-08T03:00:00+07:00")
    assert caught.value.returncode == 2
    assert "marketing" in str(caught.value) and "technical" in str(caught.value)


@pytest.mark.parametrize(
    "args",
    [
        ["--department", "technical", "--priority", "asap", "--at", "2026-03-08T03:00:00+07:00"],
        ["--department", "technical", "--priority", "urgent", "--at", "yesterday"],
        ["--department", "technical", "--priority", "urgent"],
    ],
)
def test_bad_arguments_exit_with_status_2(provider_defaults, args, capsys):
    """argparse errors: a message on stderr and exit status 2, nothing on stdout."""
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as caught:
        ManagementUtility(["manage.py", "sla_due", *args]).execute()
    assert caught.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "error" in captured.err


def test_a_priority_without_a_policy_is_refused_with_status_2(provider_defaults):
    from hotro.sla.models import SlaPolicy

    SlaPolicy.objects.filter(department__slug="sales", priority=4).delete()
    with pytest.raises(CommandError) as caught:
        run("--department", "sales", "--priority", "low", "--at", "2026-03-08T03:00:00+07:00")
    assert caught.value.returncode == 2
