"""The workers' heartbeat, as a task: it runs only where tasks are actually being taken from the queue."""

from __future__ import annotations

from django_tasks import task

from hotro.ops.heartbeat import WORKER, beat


@task()
def worker_probe() -> None:
    beat(WORKER)
