"""Production settings, security headers, request limits, and no XML parsed without defusedxml."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_DIRS = ["data", "geo_api", "layers", "ogc"]


def test_production_settings_pass_check_deploy():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "geo_api.settings.production",
           "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-with-enough-entropy-0123456789",
           "ALLOWED_HOSTS": "onemap.example.cn"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/ogc/collections?f=json")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_oversized_body_refused(client):
    big = '{"op": "=", "args": [{"property": "name"}, "' + "x" * (6 * 1024 * 1024) + '"]}'
    response = client.post("/ogc/collections/shelters/items", big, content_type="application/query-cql-json")
    assert response.status_code in (400, 413)


@pytest.mark.django_db
def test_deeply_nested_filter_refused(client):
    nested = "name = 'a'"
    for _ in range(40):
        nested = f"NOT ({nested})"
    response = client.get("/ogc/collections/shelters/items", {"filter": nested, "f": "json"})
    assert response.status_code == 400
    assert "too complex" in response.json()["description"] or "filter" in response.json()["description"]


@pytest.mark.django_db
def test_no_debug_pages(client, settings):
    assert settings.DEBUG is False
    response = client.get("/api/no-such-route/")
    assert response.status_code == 404 and b"Traceback" not in response.content and b"URLconf" not in response.content


def test_xml_only_through_defusedxml():
    unsafe = re.compile(r"^\s*(import|from)\s+(xml\.(etree|dom|sax)|lxml)\b", re.M)
    offenders = [str(path.relative_to(ROOT)) for folder in PROJECT_DIRS if (ROOT / folder).exists()
                 for path in (ROOT / folder).rglob("*.py") if unsafe.search(path.read_text(encoding="utf-8"))]
    assert not offenders, f"parse XML with defusedxml instead: {offenders}"
