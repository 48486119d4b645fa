"""Camera video in the command view: a real HLS stream made here with ffmpeg (10 fps test pattern,
320×240, one-second segments), kept in the platform's streams folder and served at /streams/ by the
server under test; the camera's stream_url points at it. Clicking the camera's play button opens
the player, hls.js feeds the <video> through Media Source Extensions (Chromium has no native HLS)
and the picture advances. A camera whose link is not HLS opens that link in a new tab."""
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stream(served):
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is not installed (apt-get install ffmpeg): the video test makes its stream with it")
    folder = Path(served.var_dir) / "streams" / "cam-test"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run([ffmpeg, "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "6",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "10", "-hls_time", "1", "-hls_list_size", "0",
                    "-f", "hls", str(folder / "index.m3u8")], check=True, timeout=120)
    assert len(list(folder.glob("*.ts"))) >= 5
    return "/streams/cam-test/index.m3u8"


@pytest.fixture
def incident(transactional_db, stream):
    event = factories.event(0, title="仙霞路火灾")  # at 121.40, 31.21
    # 100 m east of the event, looking west at it; and one facing away with a plain web link.
    factories.camera(1, name="仙霞路西向球机", heading=270.0, field_of_view=60.0, stream_url=stream,
                     geom=Point(121.40105, 31.21, srid=4326))
    factories.camera(2, name="仙霞路东向枪机", heading=90.0, field_of_view=60.0,
                     stream_url="http://video.example.invalid/cam2", geom=Point(121.4003, 31.2101, srid=4326))
    User.objects.create_superuser("commander1", "c@example.invalid", "correct-horse-battery")
    return event


def test_a_camera_that_sees_the_event_plays_its_hls_stream(page, incident):
    page.login("commander1", next_path=f"/command/{incident.pk}/")
    page.wait_idle(timeout=90)
    cameras = page.locator(".cmd-panel[data-panel=cameras] .camera")
    cameras.first.wait_for()
    assert [c.get_attribute("data-covers") for c in cameras.all()] == ["1", "0"], "the covering camera first"
    assert "仙霞路西向球机" in cameras.first.inner_text() and "覆盖事发点" in cameras.first.inner_text()
    # Its view cone is drawn, highlighted as covering.
    page.wait("window.onemapTestHook.map.querySourceFeatures('cmd-cones').length >= 2")
    covers = page.js("window.onemapTestHook.map.querySourceFeatures('cmd-cones').filter(f => f.properties.covers).map(f => f.properties.name)")
    assert set(covers) == {"仙霞路西向球机"}

    cameras.first.locator("button.play").click()
    page.locator(".cmd-video-panel video").wait_for()
    played = page.wait("""(() => { const v = document.querySelector('.cmd-video-panel video');
        return v && v.currentTime > 0.5 && v.videoWidth === 320 ? [v.currentTime, v.videoWidth, v.videoHeight] : null; })()""",
                       timeout=60, message="the video never played")
    assert played[1:] == [320, 240]
    assert page.js("document.querySelector('.cmd-video-panel video').src").startswith("blob:"), "through MSE (hls.js)"
    page.shot("command-video")
    assert page.errors == []

    # The other camera's link is not HLS: it opens in a new tab instead.
    with page.context.expect_page() as opened:
        cameras.nth(1).locator("button.play").click()
    # (the address does not resolve here: the tab shows Chromium's error page, but it was opened)
    assert opened.value is not None and page.locator(".cmd-video-panel video").count() == 1
    page.locator(".cmd-video-panel button.close").click()
    assert page.locator(".cmd-video-panel").count() == 0
