from typing import Any

from django.apps import AppConfig


def keep_serving_rank(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A department's new rank reaches its tickets' copy (rare: an admin reorders departments)."""
    from hotro.desk.models import Ticket

    Ticket.objects.filter(department=instance).exclude(serving_rank=instance.rank).update(serving_rank=instance.rank)


class DeskConfig(AppConfig):
    name = "hotro.desk"
    label = "desk"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from hotro.core import timeline
        from hotro.desk import search
        from hotro.desk.models import Department
        from hotro.desk.timeline import ticket_entries

        search.connect()
        timeline.register("tickets", ticket_entries)
        post_save.connect(keep_serving_rank, sender=Department, dispatch_uid="hotro.desk.serving_rank")
