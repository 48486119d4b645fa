"""GET /basemap/<name>: the configured PMTiles archive with HTTP range requests (what the pmtiles
client does), 416 for ranges outside the file, nothing but that one file, public like the wall."""
import pytest

from tests.pmtiles_archive import solid_png, write_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path, settings):
    path = write_archive(tmp_path / "changning.pmtiles", {(0, 0, 0): solid_png((200, 0, 0))})
    settings.ONEMAP_PMTILES_PATH = str(path)
    # A secret beside it that no URL may reach.
    (tmp_path / "secret.txt").write_text("do not serve")
    return path


def test_a_range_is_answered_with_206_and_exactly_those_bytes(client, archive):
    data = archive.read_bytes()
    response = client.get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=0-126")
    assert response.status_code == 206
    assert response.content == data[:127] and response.content.startswith(b"PMTiles\x03")
    assert response["Content-Range"] == f"bytes 0-126/{len(data)}"
    assert response["Content-Length"] == "127"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "application/vnd.pmtiles"

    middle = client.get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=130-139")
    assert middle.status_code == 206 and middle.content == data[130:140]


def test_open_ended_suffix_and_overlong_ranges_are_clamped_to_the_file(client, archive):
    data = archive.read_bytes()
    size = len(data)
    tail = client.get("/basemap/changning.pmtiles", HTTP_RANGE=f"bytes={size - 10}-")
    assert tail.status_code == 206 and tail.content == data[-10:]
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    suffix = client.get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=-5")
    assert suffix.status_code == 206 and suffix.content == data[-5:]
    # The pmtiles client asks for 16 KiB first, more than this small file has.
    first = client.get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=0-16383")
    assert first.status_code == 206 and first.content == data
    assert first["Content-Range"] == f"bytes 0-{size - 1}/{size}"


def test_no_range_sends_the_whole_file_and_head_sends_only_headers(client, archive):
    data = archive.read_bytes()
    whole = client.get("/basemap/changning.pmtiles")
    assert whole.status_code == 200 and whole.content == data and whole["Accept-Ranges"] == "bytes"
    head = client.head("/basemap/changning.pmtiles", HTTP_RANGE="bytes=0-9")
    assert head.status_code == 206 and head.content == b"" and head["Content-Length"] == "10"


@pytest.mark.parametrize("header", ["bytes=999999-", "bytes=50-10", "bytes=-0", "bytes=abc", "bytes=-"])
def test_ranges_that_cannot_be_met_are_416_with_the_size(client, archive, header):
    response = client.get("/basemap/changning.pmtiles", HTTP_RANGE=header)
    assert response.status_code == 416, header
    assert response["Content-Range"] == f"bytes */{archive.stat().st_size}"
    assert "Range not satisfiable" in response.content.decode() or "范围" in response.content.decode()


def test_several_ranges_are_coalesced_into_one(client, archive):
    data = archive.read_bytes()
    response = client.get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=0-9, 20-29")
    assert response.status_code == 206 and response.content == data[0:30]


@pytest.mark.parametrize("path", [
    "/basemap/secret.txt", "/basemap/..%2Fsecret.txt", "/basemap/%2E%2E%2Fsecret.txt",
    "/basemap/../secret.txt", "/basemap/changning.pmtiles%00", "/basemap/%2Fetc%2Fpasswd", "/basemap/",
])
def test_nothing_but_the_configured_file_is_reachable(client, archive, path):
    response = client.get(path, HTTP_RANGE="bytes=0-100")
    assert response.status_code in (400, 404), (path, response.status_code)
    assert b"do not serve" not in response.content and b"root:" not in response.content


def test_not_configured_or_missing_is_404(client, settings, tmp_path):
    settings.ONEMAP_PMTILES_PATH = ""
    assert client.get("/basemap/changning.pmtiles").status_code == 404
    settings.ONEMAP_PMTILES_PATH = str(tmp_path / "gone.pmtiles")
    assert client.get("/basemap/gone.pmtiles").status_code == 404


def test_public_like_the_wall_for_every_role_and_read_only(client, archive, as_role):
    assert client.get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=0-6").content == b"PMTiles"
    for role in ("duty_officer", "external_agency", "field_responder"):
        assert as_role(role).get("/basemap/changning.pmtiles", HTTP_RANGE="bytes=0-6").status_code == 206
    assert client.post("/basemap/changning.pmtiles").status_code in (403, 405)
