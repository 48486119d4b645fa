"""/streams/<path>: camera video kept on this server. Role by role the same decision as reading the
cameras layer; content types hls.js relies on; nothing outside the streams folder, no other kinds."""
import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from geo_api.accounts.roles import ALL_ROLES
from layers.registry import load_catalog
from tests.test_access_matrix import may_read

pytestmark = pytest.mark.django_db
PRINCIPALS = ["anonymous", "no_role", "superuser", *sorted(ALL_ROLES)]


@pytest.fixture
def streams(settings, tmp_path):
    root = tmp_path / "streams"
    (root / "cam1").mkdir(parents=True)
    (root / "cam1" / "index.m3u8").write_text("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n")
    (root / "cam1" / "index0.ts").write_bytes(b"\x47" * 188)
    (root / "cam1" / "notes.txt").write_text("not video")
    (tmp_path / "secret.m3u8").write_text("#EXTM3U\n")
    settings.ONEMAP_STREAMS_ROOT = root
    return root


def client_for(principal):
    client = Client()
    if principal == "anonymous":
        return client
    if principal == "superuser":
        user = User.objects.create_superuser("root", password="correct-horse-battery")
    else:
        user = User.objects.create_user(principal, password="correct-horse-battery")
        if principal != "no_role":
            user.groups.add(Group.objects.get(name=principal))
    client.force_login(user)
    return client


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_who_may_watch_is_who_may_read_cameras(streams, principal):
    client = client_for(principal)
    response = client.get("/streams/cam1/index.m3u8")
    if may_read(principal, load_catalog().get("cameras")):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.apple.mpegurl"
        assert b"".join(response.streaming_content).startswith(b"#EXTM3U")
    else:
        assert response.status_code == (401 if principal == "anonymous" else 403)
        assert "视频监控" in response.json()["detail"]


def test_segments_types_and_refusals(streams):
    client = client_for("superuser")
    segment = client.get("/streams/cam1/index0.ts")
    assert segment.status_code == 200 and segment["Content-Type"] == "video/mp2t"
    assert client.get("/streams/cam1/index.m3u8")["Cache-Control"] == "no-cache"
    for path in ["cam1/notes.txt", "cam1/missing.m3u8", "../secret.m3u8", "cam1/../../secret.m3u8"]:
        response = client.get(f"/streams/{path}")
        assert response.status_code == 404, path
        assert "视频" in response.json()["detail"]
    assert client.post("/streams/cam1/index.m3u8").status_code in (403, 405)  # CSRF or method: never served
