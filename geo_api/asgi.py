import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geo_api.settings.local")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402  (needs Django set up first)

from geo_api.accounts.asgi import websocket_auth  # noqa: E402
from geo_api.common.request_guard import limit_body  # noqa: E402
from geo_api.responders.ingest import positions_fast_path  # noqa: E402
from geo_api.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter({
    # The body limit holds for chunked bodies too, before Django spools them (request_guard.py).
    # The phones' 1 Hz positions: group commit, Django answers everything else (responders/ingest.py).
    "http": limit_body(positions_fast_path(django_asgi_app)),
    # Tokens (with their scopes) or the session with an Origin check: geo_api/accounts/asgi.py.
    "websocket": websocket_auth(URLRouter(websocket_urlpatterns)),
})
