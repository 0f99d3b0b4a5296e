from django.db import models


class ScheduledJob(models.Model):
    """When a periodic job last ran and may next run; the row is the lock between schedulers."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return self.name
