"""Property-based requests generated from our two OpenAPI documents (/api/schema/ and the OGC
document with every collection in it), reads and writes (POST/PUT/PATCH/DELETE), each sent as an
administrator and as an external agency (API tokens with read and write scopes, so writes reach
the services rather than CSRF): whatever a client sends, the server never answers with a 5xx, and
a refusal of the input carries a message.

The OGC document references OGC schemas by URL; tests/ogc_schemas holds local copies, served on
127.0.0.1, so the test runs with no network. Bounded (max_examples per operation) to keep the file
within about three minutes on two cores."""
import functools
import http.server
import itertools
import json
import threading
from pathlib import Path

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, settings

from tests.conftest import user_with_roles

SCHEMAS = Path(__file__).parent / "ogc_schemas"
pytestmark = pytest.mark.django_db
ROLES = ("administrator", "external_agency")
# No shrinking: a failure is reported with the request that failed, which is enough to act on.
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
# Answers that refuse the input must say why (a JSON body with a message).
EXPLAINED = {400, 401, 403, 409, 412, 413, 428}


def _serve_local_schemas() -> str:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SCHEMAS))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


# CQL2 JSON for generated filters. The official schema (cql2.json) is recursive and large, which
# stalls the generator; this one is bounded and aims at what breaks servers: wrong operand types,
# unknown properties, and malformed geometries inside spatial predicates.
_GEOMETRY = {"type": "object", "required": ["type", "coordinates"], "properties": {
    "type": {"enum": ["Point", "LineString", "Polygon", "MultiPolygon", "Pointe"]},
    "coordinates": {"type": "array", "maxItems": 5, "items": {}}}}
_OPERAND = {"anyOf": [
    {"type": "object", "required": ["property"], "properties": {"property": {"type": "string"}}},
    _GEOMETRY, {"type": ["string", "number", "boolean", "null"]},
    {"type": "object", "required": ["bbox"], "properties": {"bbox": {"type": "array", "items": {"type": "number"}}}},
]}
CQL2_JSON = {"type": "object", "required": ["op", "args"], "properties": {
    "op": {"enum": ["=", "<>", "<", ">=", "like", "in", "between", "isNull", "not", "and", "or",
                    "s_intersects", "s_within", "s_contains", "s_disjoint", "t_before", "a_contains"]},
    "args": {"type": "array", "maxItems": 4, "items": {"anyOf": [
        _OPERAND, {"type": "object", "required": ["op", "args"], "properties": {
            "op": {"enum": ["=", "s_intersects", "not", "and"]}, "args": {"type": "array", "items": _OPERAND}}},
    ]}}}}


def _for_generation(node):
    """The bounded CQL2 schema in place of the official one; `f` without html (pages rendered for
    browsers cost 15 times a JSON answer and are covered by tests/test_ogc_features.py)."""
    if isinstance(node, dict):
        if node.get("$ref", "").endswith("/cql2/1.0/cql2.json"):
            return CQL2_JSON
        if node.get("name") == "f" and node.get("in") == "query" and "enum" in node.get("schema", {}):
            node = {**node, "schema": {**node["schema"], "enum": [v for v in node["schema"]["enum"] if v != "html"]}}
        return {key: _for_generation(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_for_generation(value) for value in node]
    return node


def _ogc_document() -> dict:
    """The OGC document as a reader of every layer gets it (anonymous callers see public layers only)."""
    from pygeoapi.util import to_json

    from pygeoapi.openapi import get_oas

    from layers.registry import load_catalog
    from ogc.config import pygeoapi_config
    from ogc.extents import CHANGNING_BBOX

    # Built at collection time, with no database: the extents (measured from the rows) do not
    # change the document's operations.
    layers = load_catalog().all()
    config = pygeoapi_config(layers, "http://testserver", extents={layer.id: CHANGNING_BBOX for layer in layers})
    text = to_json(get_oas(config), False)
    local = _serve_local_schemas()
    text = text.replace("https://schemas.opengis.net/", f"{local}/schemas.opengis.net/")
    text = text.replace("https://raw.githubusercontent.com/", f"{local}/raw.githubusercontent.com/")
    document = _for_generation(json.loads(text))
    document["servers"] = [{"url": "/ogc"}]  # the paths are relative to the mount
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


@pytest.fixture
def callers(one_of_each):
    """Bearer headers of an administrator and of an external agency, with read and write scopes."""
    from geo_api.accounts.services import token_create

    headers = []
    for role in ROLES:
        user = user_with_roles(f"st_{role}", role)
        _, key = token_create(owner=user, created_by=user, name="schemathesis", scopes=["read", "write"],
                              expires_in_days=1)
        headers.append({"Authorization": f"Bearer {key}"})
    return headers


def check(case, response):
    where = f"{case.method} {case.formatted_path} {case.query or ''}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if response.status_code in EXPLAINED and not response.headers.get("Content-Type", "").startswith("text/html"):
        try:
            body = json.loads(response.text)
        except ValueError:
            raise AssertionError(f"{where}: {response.status_code} without a JSON message: {response.text[:200]}")
        # {"description"} under /ogc, {"detail"} or DRF's {field: [messages]} under /api.
        messages = [v for v in (body.values() if isinstance(body, dict) else [body]) if v]
        assert messages, f"{where}: {response.status_code} without a message: {response.text[:200]}"


app = get_wsgi_application()
api_schema = schemathesis.openapi.from_wsgi("/api/schema/", app)
ogc_schema = schemathesis.openapi.from_dict(_ogc_document())
ogc_schema.app = app
for _schema in (api_schema, ogc_schema):
    # Fuzzing (positive and negative) and the schemas' own examples. The coverage phase would add
    # about 150 boundary cases per operation, six times the budget of this file.
    _schema.config.phases.update(phases=["examples", "fuzzing"])


_turn = itertools.count()


def caller(callers) -> dict:
    """The administrator and the external agency take turns: each operation is tried by both,
    at half the cost of sending every example twice."""
    return callers[next(_turn) % len(callers)]


@api_schema.parametrize()
@SETTINGS
def test_api_never_errors(case, callers):
    check(case, case.call(headers=caller(callers)))


@ogc_schema.parametrize()
@SETTINGS
def test_ogc_never_errors(case, callers):
    check(case, case.call(headers=caller(callers)))
