"""Property-based requests generated from our two OpenAPI documents (/api/schema/ and the OGC
document at /ogc/openapi): whatever a client sends, the server never answers with a 5xx.
Bounded (max_examples) to keep the suite fast."""
import functools
import http.server
import json
import threading
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

SCHEMAS = Path(__file__).parent / "ogc_schemas"
pytestmark = pytest.mark.django_db
SETTINGS = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def _serve_local_schemas() -> str:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SCHEMAS))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def _ogc_document(app) -> dict:
    from django.test import Client

    text = Client().get("/ogc/openapi?f=json").content.decode()
    local = _serve_local_schemas()
    text = text.replace("https://schemas.opengis.net/", f"{local}/schemas.opengis.net/")
    text = text.replace("https://raw.githubusercontent.com/", f"{local}/raw.githubusercontent.com/")
    document = json.loads(text)
    # Served under /ogc: the document's paths are relative to its server URL.
    document["servers"] = [{"url": "/ogc"}]
    return document


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Calling the WSGI app directly fires request_finished, which would close the connection the
    test's transaction lives on; Django's own test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


app = get_wsgi_application()
api_schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
ogc_schema = schemathesis.openapi.from_dict(_ogc_document(app))
ogc_schema.app = app


@api_schema.parametrize()
@SETTINGS
def test_api_never_errors(case, one_of_each):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"


@ogc_schema.include(method="GET").parametrize()
@SETTINGS
def test_ogc_never_errors(case, one_of_each):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
