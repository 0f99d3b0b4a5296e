"""The scheduler runs each due job once, however many schedulers look at the same time."""

from datetime import timedelta

from django.core.management import call_command

from hotro.core.models import ScheduledJob
from hotro.core.scheduler import Job, claim, run_due_jobs

CALLS: list[str] = []


def record_call() -> None:
    CALLS.append("ran")


def explode() -> None:
    raise RuntimeError("boom")


JOB = Job("test.record", timedelta(minutes=5), "hotro.core.tests.test_scheduler.record_call")


def test_a_due_job_is_claimed_once(db):
    assert claim(JOB) is True
    assert claim(JOB) is False  # a second scheduler looking now finds it taken
    ScheduledJob.objects.filter(name=JOB.name).update(next_run_at=ScheduledJob.objects.get().last_started_at)
    assert claim(JOB) is True


def test_run_due_jobs_runs_and_records(db):
    CALLS.clear()
    assert run_due_jobs([JOB]) == ["test.record"]
    assert run_due_jobs([JOB]) == []
    assert CALLS == ["ran"]
    row = ScheduledJob.objects.get(name=JOB.name)
    assert row.runs == 1 and row.last_error == "" and row.last_finished_at


def test_a_failing_job_is_recorded_and_does_not_stop_the_others(db):
    CALLS.clear()
    bad = Job("test.explode", timedelta(minutes=5), "hotro.core.tests.test_scheduler.explode")
    assert run_due_jobs([bad, JOB]) == ["test.explode", "test.record"]
    assert "boom" in ScheduledJob.objects.get(name="test.explode").last_error
    assert CALLS == ["ran"]


def test_the_command_runs_once(db, monkeypatch):
    CALLS.clear()
    monkeypatch.setattr("hotro.core.scheduler.JOBS", [JOB])
    call_command("scheduler", "--once")
    assert CALLS == ["ran"]


def test_load_provider_defaults_is_idempotent(db):
    from hotro.desk.models import Category, Department

    call_command("load_provider_defaults", verbosity=0)
    counts = (Department.objects.count(), Category.objects.count())
    Department.objects.filter(slug="technical").update(name="Kỹ thuật (đã sửa)")
    call_command("load_provider_defaults", verbosity=0)
    assert (Department.objects.count(), Category.objects.count()) == counts
    assert Department.objects.get(slug="technical").name == "Kỹ thuật (đã sửa)"
    assert list(Department.objects.values_list("slug", flat=True)) == ["technical", "sales"]  # P11 order
