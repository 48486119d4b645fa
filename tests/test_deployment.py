"""The production shape: docker-compose.yml is valid and wires the services the image needs, nginx's
limits match the application's, and pg_tileserv's role sees public layers only. That the shape
serves is tests/test_production_smoke.py."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection

from layers.registry import load_catalog

ROOT = Path(__file__).resolve().parents[1]


def compose_config(*args):
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        command = ["docker", "compose", "config", *args]
    else:
        command = ["docker-compose", "config", *args]  # Debian's docker-compose, installed by make
    env = {**os.environ, "POSTGRES_PASSWORD": "x", "TILESERV_PASSWORD": "y", "DJANGO_SECRET_KEY": "z"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_compose_file_is_valid():
    compose_config("-q")


def test_compose_runs_app_jobs_and_tls_proxy():
    services = yaml.safe_load(compose_config())["services"]
    worker, beat = services["worker"]["command"], services["beat"]["command"]
    assert worker[:4] == ["celery", "-A", "geo_api", "worker"]
    assert beat[:4] == ["celery", "-A", "geo_api", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat
    for name in ("app", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "geo_api.settings.production", name
        assert services[name]["image"] == services["app"]["image"], name
    # The jobs start once the app has migrated (healthy = uvicorn listens, after deploy/prepare.py).
    assert services["worker"]["depends_on"]["app"]["condition"] == "service_healthy"
    web = services["web"]
    published = {str(port["target"]) if isinstance(port, dict) else port.rsplit(":", 1)[1] for port in web["ports"]}
    assert published == {"80", "443"}
    mounts = [v["target"] if isinstance(v, dict) else v.split(":")[1] for v in web["volumes"]]
    assert "/etc/nginx/certs" in mounts and "/etc/nginx/templates/default.conf.template" in mounts
    assert web["environment"]["ONEMAP_TLS_CERTIFICATE"].startswith("/etc/nginx/certs/")


def test_image_starts_with_the_start_script_the_smoke_test_runs():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r'^CMD \["sh", "deploy/start.sh"\]$', dockerfile, re.M)
    assert "npm ci" in dockerfile and "npm run build" in dockerfile
    start = (ROOT / "deploy" / "start.sh").read_text(encoding="utf-8")
    assert "python deploy/prepare.py" in start and "exec uvicorn geo_api.asgi:application" in start


def test_nginx_body_limit_matches_the_application():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    assert megabytes * 1024 * 1024 == settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.django_db
def test_public_reader_role_reads_public_views_only(settings):
    """`migrate` made the role and its grants (the test database is migrated like any other)."""
    role = settings.PUBLIC_READER_ROLE
    with connection.cursor() as cursor:
        for layer in load_catalog().all():
            cursor.execute("SELECT has_table_privilege(%s, %s, 'SELECT')", [role, layer.view_name])
            assert cursor.fetchone()[0] == (layer.access == "public"), layer.id
            cursor.execute("SELECT has_table_privilege(%s, %s, 'SELECT')", [role, layer.model_class._meta.db_table])
            assert cursor.fetchone()[0] is False
