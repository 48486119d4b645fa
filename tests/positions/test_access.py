"""Who may send positions and read or make check-ins, role by role (tokens for trackers)."""
import pytest
from django.test import Client

from geo_api.accounts.roles import Role
from geo_api.responders.models import CheckIn, PositionReport, Responder
from tests import factories
from tests.conftest import user_with_roles

from .conftest import post, sample

pytestmark = pytest.mark.django_db


def token_for(user, scopes=("read", "write")):
    from datetime import timedelta

    from django.utils import timezone

    from geo_api.accounts.models import ApiToken, hash_token

    key = ApiToken.new_key()
    ApiToken.objects.create(name="tracker", owner=user, scopes=list(scopes), key_hash=hash_token(key),
                            key_prefix=key[:12], created_by=user, expires_at=timezone.now() + timedelta(days=1))
    return key


def test_anonymous_is_401():
    answer = post(Client(), sample())
    assert answer.status_code in (401, 403) and answer.json()["detail"]
    assert Client().get("/api/events/1/check-ins/").status_code in (401, 403)


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.FIELD_RESPONDER}))
def test_other_roles_may_not_post_their_own_position(as_role, role):
    answer = post(as_role(role), sample())
    assert answer.status_code == 403 and "现场人员角色" in answer.json()["detail"]  # Chinese first: the .po says it


def test_a_responder_role_without_a_linked_responder_is_told_what_to_do(as_role):
    answer = post(as_role("field_responder"), sample())
    assert answer.status_code == 403 and "尚未关联现场人员" in answer.json()["detail"]


def test_a_tracker_token_posts_for_named_responders(db):
    officer = user_with_roles("p_tracker", "duty_officer")
    r = Responder.objects.create(name="车载终端1", organization="消防", on_duty=True)
    key = token_for(officer)
    answer = post(Client(), {"samples": [sample(responder=r.pk), sample()]}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["accepted"] == 1 and body["rejected"][0]["reason"] == "invalid"
    assert PositionReport.objects.get().responder == r


def test_a_token_of_another_role_or_read_only_is_refused(db):
    liaison = user_with_roles("p_liaison", "department_liaison")
    answer = post(Client(), sample(responder=1), HTTP_AUTHORIZATION=f"Bearer {token_for(liaison)}")
    assert answer.status_code == 403 and "定位终端" in answer.json()["detail"]
    officer = user_with_roles("p_ro", "duty_officer")
    read_only = post(Client(), sample(responder=1), HTTP_AUTHORIZATION=f"Bearer {token_for(officer, ('read',))}")
    assert read_only.status_code in (401, 403)


def test_check_ins_are_read_by_command_roles_and_the_responder_themself(as_role, field):
    event = factories.event(1, status="responding")
    mine, other = field("p_me"), field("p_other")
    for c in (mine, other):
        assert post(c, {"lon": 121.40, "lat": 31.211}, path=f"/api/events/{event.pk}/check-ins/").status_code == 201
    url = f"/api/events/{event.pk}/check-ins/"
    for role in ("commander", "duty_officer", "administrator"):
        assert len(as_role(role).get(url).json()["check_ins"]) == 2, role
    assert [c["responder"] for c in mine.get(url).json()["check_ins"]] == [mine.responder.pk]
    for role in ("department_liaison", "warehouse_staff", "gis_analyst"):
        answer = as_role(role).get(url)
        assert answer.status_code == 403, role
    assert as_role("external_agency").get(url).status_code in (403, 404)
    # Only responders check in.
    assert post(as_role("commander"), {"lon": 121.40, "lat": 31.211}, path=url).status_code == 403
    assert CheckIn.objects.count() == 2
