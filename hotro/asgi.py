import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
django.setup(set_prefix=False)

from hotro.core.asgi_http import SyncChainASGIHandler  # noqa: E402 - needs the settings

application = SyncChainASGIHandler()
