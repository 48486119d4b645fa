"""geo_api.idempotency: the first answer is kept and replayed; errors are not; keys are checked."""
import pytest
from django.test import RequestFactory

from geo_api.common.errors import Conflict, InvalidInput
from geo_api.idempotency.models import ClientRequest
from geo_api.idempotency.services import claim_many, client_key, once, record_many
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return user_with_roles("p_idem", "field_responder")


def test_a_repeat_answers_the_first_result_without_running(user):
    runs = []

    def run():
        runs.append(1)
        return 201, {"id": len(runs)}

    assert once(user=user, key="k-1", scope="check_in", run=run) == (201, {"id": 1})
    assert once(user=user, key="k-1", scope="check_in", run=run) == (201, {"id": 1})
    assert len(runs) == 1
    # Another scope or another key is another request.
    assert once(user=user, key="k-1", scope="ack", run=run) == (201, {"id": 2})
    assert once(user=user, key="k-2", scope="check_in", run=run) == (201, {"id": 3})
    assert ClientRequest.objects.filter(user=user).count() == 3


def test_another_user_with_the_same_key_runs_again(user):
    other = user_with_roles("p_idem_2", "field_responder")
    assert once(user=user, key="same", scope="s", run=lambda: (200, {"who": 1})) == (200, {"who": 1})
    assert once(user=other, key="same", scope="s", run=lambda: (200, {"who": 2})) == (200, {"who": 2})


def test_no_key_just_runs(user):
    runs = []
    for _ in range(2):
        once(user=user, key=None, scope="s", run=lambda: (runs.append(1), (200, {}))[1])
    assert len(runs) == 2 and not ClientRequest.objects.exists()


def test_a_failed_run_leaves_nothing_so_a_retry_runs(user):
    def fail():
        raise Conflict("too far")

    with pytest.raises(Conflict):
        once(user=user, key="k", scope="s", run=fail)
    assert not ClientRequest.objects.exists()
    assert once(user=user, key="k", scope="s", run=lambda: (201, {"ok": True})) == (201, {"ok": True})


def test_claim_many_splits_new_and_seen_keys(user):
    claimed, seen = claim_many(user=user, scope="position", keys=["a", "b", "a"])
    assert claimed == {"a", "b"} and seen == {}
    record_many(user=user, scope="position", results={"a": (200, {"result": "accepted"}),
                                                      "b": (200, {"result": "rejected", "reason": "future"})})
    claimed, seen = claim_many(user=user, scope="position", keys=["b", "c"])
    assert claimed == {"c"} and seen == {"b": {"result": "rejected", "reason": "future"}}


def test_client_key_from_body_or_header_and_checked():
    factory = RequestFactory()
    assert client_key(factory.post("/"), {"client_id": "abc"}) == "abc"
    assert client_key(factory.post("/", HTTP_IDEMPOTENCY_KEY="hdr"), {}) == "hdr"
    assert client_key(factory.post("/"), {}) is None
    with pytest.raises(InvalidInput) as too_long:
        client_key(factory.post("/"), {"client_id": "x" * 65})
    assert "64" in too_long.value.message
    with pytest.raises(InvalidInput):
        client_key(factory.post("/"), {"client_id": ["not", "text"]})
