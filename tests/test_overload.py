"""No free database connection in time (the pool's timeout): 503 with Retry-After and a sentence,
never a 500, on API routes and on pages alike."""
import pytest
from django.db import OperationalError
from psycopg_pool import PoolTimeout

pytestmark = pytest.mark.django_db


def _pool_exhausted(*args, **kwargs):
    try:
        raise PoolTimeout("couldn't get a connection after 10.00 sec")
    except PoolTimeout as timeout:
        raise OperationalError(str(timeout)) from timeout


@pytest.mark.parametrize("path,target", [
    ("/api/layers/", "layers.views.layer_list"),
    ("/ogc/collections?f=json", "ogc.views.readable_layers"),
])
def test_an_exhausted_pool_answers_503_with_retry_after(client, monkeypatch, path, target):
    monkeypatch.setattr(target, _pool_exhausted)
    response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "Overloaded" and response.json()["detail"]


def test_other_database_errors_are_not_called_overload(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")
    monkeypatch.setattr("layers.views.layer_list", broken)
    client.raise_request_exception = False
    assert client.get("/api/layers/").status_code == 500


def test_an_exhausted_pool_in_a_middleware_answers_503_too(client, django_user_model, monkeypatch):
    # A write's audit context reads the session in a middleware, before any view: Django would
    # make that a 500.
    client.force_login(django_user_model.objects.create_user("overload_mw"))
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", _pool_exhausted)
    client.raise_request_exception = False
    response = client.post("/api/events/", "{}", content_type="application/json")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response.json()["code"] == "Overloaded"
