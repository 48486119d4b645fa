"""The production shape: docker-compose.yml is valid, and pg_tileserv's role sees public layers only."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from layers.registry import load_catalog

ROOT = Path(__file__).resolve().parents[1]


def test_compose_file_is_valid():
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        command = ["docker", "compose", "config", "-q"]
    else:
        command = ["docker-compose", "config", "-q"]  # Debian's docker-compose, installed by make
    env = {**os.environ, "POSTGRES_PASSWORD": "x", "TILESERV_PASSWORD": "y", "DJANGO_SECRET_KEY": "z"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


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
