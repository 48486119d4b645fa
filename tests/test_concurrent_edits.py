"""Two people edit the same feature at the same time: one wins, the other gets 412 with the
current version; nothing is silently overwritten."""
import threading

import pytest
from django.db import connection
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_edit_wins_the_other_is_told(editor):
    shelter = factories.shelter(1)
    url = f"/api/layers/shelters/features/{shelter.pk}/"
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(editor)
    etag = clients[0].get(url)["ETag"]
    barrier = threading.Barrier(2)
    results = {}

    def edit(i, capacity):
        barrier.wait()
        response = clients[i].patch(url, {"type": "Feature", "properties": {"capacity": capacity}},
                                    content_type="application/json", HTTP_IF_MATCH=etag)
        results[i] = (response.status_code, response.json())
        connection.close()

    threads = [threading.Thread(target=edit, args=(i, 1000 + i)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    statuses = sorted(code for code, _ in results.values())
    assert statuses == [200, 412], results
    winner = next(body for code, body in results.values() if code == 200)
    loser = next(body for code, body in results.values() if code == 412)
    assert loser["current"]["properties"]["capacity"] == winner["properties"]["capacity"]
    saved = clients[0].get(url).json()["properties"]["capacity"]
    assert saved == winner["properties"]["capacity"]


def test_edit_without_version_is_refused(editor, client):
    shelter = factories.shelter(1)
    client.force_login(editor)
    response = client.patch(f"/api/layers/shelters/features/{shelter.pk}/",
                            {"type": "Feature", "properties": {"capacity": 1}}, content_type="application/json")
    assert response.status_code == 428
