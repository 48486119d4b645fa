"""API tokens (create, use, scopes, expiry, revoke) and lockout after repeated failed sign-ins."""
import base64
from datetime import timedelta

import pytest
from django.utils import timezone

from geo_api.accounts import services
from geo_api.accounts.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db
RESTRICTED = "/ogc/collections/personnel_positions/items?f=json"


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("admin", password="correct-horse-battery")


def test_token_life_cycle(client, commander, admin_user, one_of_each):
    token, key = services.token_create(owner=commander, created_by=admin_user, name="市城运中心接口",
                                       scopes=["read"], expires_in_days=30)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_token(key) and key not in str(stored.__dict__)
    assert client.get(RESTRICTED).status_code == 401
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert client.get(RESTRICTED, HTTP_X_API_KEY=key).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    # Scope: a read token may not write, even though its owner could.
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.4, 31.2]}, "properties": {}}
    assert client.post("/api/layers/events/features/", feature, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 403
    # Expiry and revocation.
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(RESTRICTED, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert expired.status_code == 401 and "expired" in expired.json()["description"]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    services.token_revoke(token=ApiToken.objects.get(pk=token.pk))
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION="Bearer om_not-a-real-key").status_code == 401


def test_write_token_writes_without_csrf(client, editor, admin_user):
    _, key = services.token_create(owner=editor, created_by=admin_user, name="QGIS", scopes=["read", "write"],
                                   expires_in_days=1)
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[121.4, 31.2], [121.41, 31.2],
               [121.41, 31.21], [121.4, 31.2]]]}, "properties": {"name": "积水区", "zone_type": "waterlogging",
               "risk_colour": "blue", "responsible_unit": "长宁区水务局"}}
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/api/layers/risk_zones/features/", feature,
                                                     content_type="application/json",
                                                     HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201, response.content


def test_token_rules():
    with pytest.raises(ValueError):
        services.token_create(owner=None, created_by=None, name="x", scopes=["admin"], expires_in_days=1)
    with pytest.raises(ValueError):
        services.token_create(owner=None, created_by=None, name="x", scopes=["read"], expires_in_days=9999)


def test_admin_creates_token_and_shows_key_once(client, admin_user, commander):
    client.force_login(admin_user)
    response = client.post("/admin/accounts/apitoken/add/", {
        "name": "区城运中心", "owner": commander.pk, "scopes": ["read"], "expires_in_days": 30}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="区城运中心")
    shown = [str(m) for m in response.context["messages"]]
    key = next(word for message in shown for word in message.split() if word.startswith("om_"))
    assert hash_token(key) == token.key_hash and token.created_by == admin_user


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_lockout_after_repeated_failures(client, commander, settings, one_of_each):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "wrong")).status_code == 401
    locked = client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "correct-horse-battery"))
    assert locked.status_code == 401 and "locked" in locked.json()["description"]
    assert not client.login(username="commander", password="correct-horse-battery")
    from geo_api.accounts.models import LoginFailure

    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1))
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "correct-horse-battery")).status_code == 200


def test_password_rules(commander):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678901", "short1!", "commander1"]:
        with pytest.raises(ValidationError):
            validate_password(weak, commander)
    validate_password("长宁应急-Map-2026!", commander)


def test_basic_credentials_are_rechecked_after_a_password_change(client, commander, one_of_each):
    good = basic("commander", "correct-horse-battery")
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 200
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 200  # from the cache
    commander.set_password("another-long-passphrase")
    commander.save()
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 401
    commander.set_password("correct-horse-battery")
    commander.save()
    commander.is_active = False
    commander.save()
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 401
