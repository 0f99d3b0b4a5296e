from django.core.management.base import BaseCommand
from django.db import transaction

from hotro.core.defaults import load_all


class Command(BaseCommand):
    help = "Load the provider's default configuration from the support policy (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            load_all(lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Provider defaults loaded."))
