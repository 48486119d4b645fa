"""A pull over real HTTP: the feed GETs its simulator from a live server, stores and applies what
is new; the next pull of the same list stores nothing and still counts as contact; a dead agency
is a transient error the job retries."""
import pytest
from django.utils import timezone

from etl.feeds.adapters.base import TransientError
from etl.feeds.models import FeedMessage, FeedStatus
from etl.feeds.services import feed_pull
from etl.feeds.tasks import pull_feed
from geo_api.reference.models import Camera
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_pull_from_the_simulator_over_http(live_server, settings):
    factories.district(1)
    settings.ONEMAP_FEED_SIMULATOR_BASE = live_server.url
    import requests

    # The live server's first request loads the URLconf (slow on a busy machine); the pull's own
    # 10-second timeout is for agencies, not for warming up.
    requests.get(f"{live_server.url}/simulators/cameras/", timeout=120)
    message = feed_pull(feed="cameras")
    assert message.state == "applied" and message.via == "pull"
    assert Camera.objects.count() == 12
    first_contact = FeedStatus.objects.get(feed="cameras").last_contact_at
    again = feed_pull(feed="cameras")
    assert again.pk == message.pk  # the same list: not stored again
    assert FeedMessage.objects.filter(parent=None).count() == 1
    assert FeedStatus.objects.get(feed="cameras").last_contact_at >= first_contact


@pytest.mark.django_db
def test_an_agency_that_does_not_answer_is_retried(settings):
    settings.ONEMAP_FEED_URLS = {"cameras": "http://127.0.0.1:9/nothing-listens-here/"}
    with pytest.raises(TransientError):
        feed_pull(feed="cameras")
    status = FeedStatus.objects.get(feed="cameras")
    assert status.last_error and status.last_contact_at is None and status.last_pull_at <= timezone.now()
    # The Celery task retries transient errors with backoff (autoretry_for).
    assert TransientError in pull_feed.autoretry_for and pull_feed.retry_backoff


def test_make_runs_worker_pulls_from_the_web_servers_port_not_its_own(monkeypatch, settings):
    # honcho gives each Procfile line a PORT of its own (web 8000, worker 8100, beat 8200); the
    # Makefile passes the web server's as ONEMAP_WEB_PORT.
    from etl.feeds.registry import adapter

    settings.ONEMAP_FEED_SIMULATOR_BASE = ""
    settings.ONEMAP_PUBLIC_URL = ""
    monkeypatch.delenv("ONEMAP_FEED_SIMULATOR_BASE", raising=False)
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8100")
    monkeypatch.setenv("ONEMAP_WEB_PORT", "8000")
    assert adapter("alarms").pull_url() == "http://127.0.0.1:8000/simulators/alarms/"
