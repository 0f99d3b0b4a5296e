"""The operator command ``hours_check``: one JSON object, exit status 2 on bad arguments (P8)."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hotro.hours.models import Calendar

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def check(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("hours_check", *args, stdout=out)
    text = out.getvalue()
    assert text.count("\n") == 1  # one line, one object
    return json.loads(text)


def test_a_closed_sales_hotline_says_when_it_opens_with_a_plus_7_offset(sales):
    result = check("--department", "sales", "--channel", "hotline", "--at", "2026-02-14T12:00:00+07:00")
    assert result == {
        "open": False,
        "next_opening": "2026-02-21T08:00:00+07:00",
        "next_closing": "2026-02-21T11:30:00+07:00",
    }


def test_an_open_calendar_has_no_next_opening_and_an_instant_in_utc_is_answered_in_local_time(sales):
    result = check("--department", "sales", "--channel", "email", "--at", "2026-03-09T02:00:00Z")
    assert result == {"open": True, "next_opening": None, "next_closing": "2026-03-09T17:00:00+07:00"}


def test_an_always_open_calendar_has_no_next_closing(technical):
    result = check("--department", "technical", "--channel", "chat", "--at", "2026-02-17T10:00:00+07:00")
    assert result == {"open": True, "next_opening": None, "next_closing": None}


def test_the_technical_hotline_closes_at_the_start_of_the_next_holiday(technical):
    result = check("--department", "technical", "--channel", "hotline", "--at", "2026-04-29T10:00:00+07:00")
    assert result == {"open": True, "next_opening": None, "next_closing": "2026-04-30T00:00:00+07:00"}


def test_a_naive_at_is_read_as_ho_chi_minh_local_time(sales):
    result = check("--department", "sales", "--channel", "chat", "--at", "2026-03-09T07:00")
    assert result["open"] is False
    assert result["next_opening"] == "2026-03-09T08:00:00+07:00"


def test_without_at_it_answers_for_now(technical):
    assert check("--department", "technical", "--channel", "email")["open"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--department", "marketing", "--channel", "chat", "--at", "2026-03-09T07:00"], "unknown department"),
        (["--department", "sales", "--channel", "fax", "--at", "2026-03-09T07:00"], "invalid choice"),
        (["--department", "sales", "--channel", "chat", "--at", "next tuesday"], "not an ISO 8601 date-time"),
    ],
)
def test_bad_arguments_are_a_clear_error(sales, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("hours_check", *args)


def test_an_unknown_department_or_a_missing_calendar_exits_with_status_2(technical):
    with pytest.raises(CommandError) as unknown:
        call_command("hours_check", "--department", "nope", "--channel", "chat")
    assert unknown.value.returncode == 2
    Calendar.objects.filter(department=technical, channel="chat").delete()
    with pytest.raises(CommandError, match="No business-hours calendar") as missing:
        call_command("hours_check", "--department", "technical", "--channel", "chat")
    assert missing.value.returncode == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--channel", "fax"], "invalid choice: 'fax'"),
        (["--channel", "chat", "--at", "16/02/2026 08:00"], "not an ISO 8601 date-time"),
    ],
)
def test_from_the_command_line_bad_arguments_exit_2_before_touching_the_database(args, message):
    run = subprocess.run(
        [sys.executable, "manage.py", "hours_check", "--department", "sales", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2
    assert message in run.stderr
    assert run.stdout == ""
