"""The scheduler's heartbeat job and the workers' probe task; the checks that read them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hotro.core.scheduler import JOBS
from hotro.ops import heartbeat
from hotro.ops.checks import background
from hotro.ops.models import Heartbeat

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def probes_queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="hotro.ops.tasks.worker_probe", status="READY").count()


def test_the_scheduler_runs_the_heartbeat_job():
    assert any(job.function == "hotro.ops.heartbeat.tick" for job in JOBS)


@pytest.mark.django_db
def test_a_tick_is_the_schedulers_heartbeat_and_queues_one_probe_for_the_workers():
    heartbeat.tick()
    heartbeat.tick()
    assert Heartbeat.objects.get(component="scheduler").seen_at >= timezone.now() - timedelta(seconds=5)
    assert probes_queued() == 1  # the second tick waits for the first probe's answer
    assert background.scheduler().ok
    worker = background.worker()
    assert not worker.ok and worker.detail == "never seen"


@pytest.mark.django_db
def test_a_worker_running_the_probe_turns_the_worker_check_green(settings):
    settings.TASKS = IMMEDIATE_TASKS
    heartbeat.tick()
    result = background.worker()
    assert result.ok and result.last_seen is not None


@pytest.mark.django_db
def test_a_lost_probe_is_replaced_after_ten_minutes():
    heartbeat.tick()
    Heartbeat.objects.filter(component=heartbeat.PROBE).update(seen_at=timezone.now() - timedelta(minutes=11))
    heartbeat.tick()
    assert probes_queued() == 2


@pytest.mark.django_db
def test_stale_heartbeats_are_red_with_what_to_do():
    old = timezone.now() - timedelta(minutes=30)
    Heartbeat.objects.create(component="scheduler", seen_at=old, where="web-1 pid 42")
    Heartbeat.objects.create(component="worker", seen_at=old, where="web-1 pid 43")
    from hotro.ops.checks import run_all

    results = {result.name: result for result in run_all(deep=False)}
    assert not results["scheduler"].ok and "web-1 pid 42" in results["scheduler"].detail
    assert "hotro-scheduler" in results["scheduler"].remedy
    assert not results["worker"].ok and "db_worker" in results["worker"].remedy
