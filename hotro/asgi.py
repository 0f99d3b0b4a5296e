import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotro.settings")
django.setup(set_prefix=False)

from channels.auth import AuthMiddlewareStack  # noqa: E402 - needs the settings
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from hotro.chat.routing import websocket_urlpatterns  # noqa: E402
from hotro.core.asgi_http import WSGIOverASGI  # noqa: E402
from hotro.live.routing import websocket_urlpatterns as console_websockets  # noqa: E402

# Plain HTTP goes to Django's WSGI handler in one thread hop (hotro.core.asgi_http); WebSockets through Channels. The
# sockets check the page's origin themselves (hotro.chat.consumers): the desk's own pages, and
# for visitors the websites their widget allows.
application = ProtocolTypeRouter(
    {
        "http": WSGIOverASGI(),
        "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns + console_websockets)),
    }
)
