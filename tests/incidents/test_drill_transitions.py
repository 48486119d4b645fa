"""A drill is worked like a real event: staff move it through its states, and closing it writes
its case; a role that sees only some events' rows never reaches a drill."""
import json

import pytest

from geo_api.cases.models import Case
from geo_api.incidents.models import Event
from tests import factories
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db


def move(client, event_id, name, reason=""):
    return client.post(f"/api/events/{event_id}/transitions/{name}/", json.dumps({"reason": reason}),
                       content_type="application/json")


def test_staff_take_a_drill_from_reported_to_closed(client):
    drill = factories.event(1, is_drill=True, severity=2)
    assert drill.status == Event.Status.REPORTED
    client.force_login(user_with_roles("drill_duty", "duty_officer"))
    allowed = client.get(f"/api/events/{drill.pk}/transitions/").json()["allowed"]
    assert "verify" in {t["name"] for t in allowed}
    assert move(client, drill.pk, "verify").status_code == 200
    client.force_login(user_with_roles("drill_cmd", "commander"))
    assert move(client, drill.pk, "respond").status_code == 200
    assert move(client, drill.pk, "close").status_code == 400  # closing needs a reason
    assert move(client, drill.pk, "close", "演练结束").status_code == 200
    drill.refresh_from_db()
    assert drill.status == Event.Status.CLOSED and Case.objects.filter(event=drill).exists()
    # The desk page offers the drill's next steps too.
    assert 'name="transition"' in client.get(f"/desk/events/{drill.pk}/").content.decode()


def test_a_filtered_role_never_reaches_a_drill(client):
    drill = factories.event(2, is_drill=True, severity=1)
    client.force_login(user_with_roles("drill_agency", "external_agency"))
    assert move(client, drill.pk, "verify").status_code == 404
    assert client.get(f"/api/events/{drill.pk}/transitions/").status_code == 404
    drill.refresh_from_db()
    assert drill.status == Event.Status.REPORTED
