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
    assert expired.status_code == 401 and "过期" in expired.json()["description"]
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


@pytest.fixture(autouse=True)
def _fresh_budgets():
    """The sign-in budgets live in Redis, outside the test transaction: start and end clean."""
    from geo_api.accounts import ratelimit

    def clear():
        for address in ("127.0.0.1", "10.0.0.9", "10.0.0.10"):
            for name in ("commander", "admin"):
                ratelimit.reset(client=address, account=name)

    clear()
    yield
    clear()


def test_lockout_after_repeated_failures(client, commander, settings, one_of_each):
    """django-axes: 5 failures of one account from one address lock that pair for 15 minutes, for
    Basic and the login form alike, with a Chinese message that says when to try again."""
    from axes.models import AccessAttempt

    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    for attempt in range(5):
        response = client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "wrong"))
        assert response.status_code == (401 if attempt < 4 else 429), (attempt, response.content)
    locked = client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "correct-horse-battery"))
    assert locked.status_code == 429 and locked.json()["code"] == "AccountLocked"
    assert "锁定" in locked.json()["description"] and "15" in locked.json()["description"]
    page = client.post("/accounts/login/", {"username": "commander", "password": "correct-horse-battery"})
    assert page.status_code == 429 and "锁定" in page.content.decode()
    assert "_auth_user_id" not in client.session
    # The pair is locked, not the account: the same person from another address still signs in.
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "correct-horse-battery"),
                      REMOTE_ADDR="10.0.0.9").status_code == 200
    # 16 minutes later: axes' records and the Redis budgets have both expired.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    from geo_api.accounts import ratelimit

    ratelimit.reset(client="127.0.0.1", account="commander")
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "correct-horse-battery")).status_code == 200
    # A success clears the count: four more failures do not lock again.
    for _ in range(4):
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "wrong")).status_code == 401


def test_remembered_basic_credentials_stop_at_lockout(client, commander, one_of_each):
    good = basic("commander", "correct-horse-battery")
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 200  # now remembered
    for _ in range(5):
        client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("commander", "wrong"))
    assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 429


def test_password_check_budget_per_client_and_per_account(client, commander, settings, one_of_each):
    """Beyond the budgets, password checks are refused at once with Retry-After; remembered
    credentials keep working from the same address, and other addresses are unaffected. (Small
    budgets in hour-long windows here, so that no window ends during the test.)"""
    from geo_api.accounts import ratelimit

    settings.ONEMAP_PASSWORD_CHECKS_PER_CLIENT = (6, 3600)
    settings.ONEMAP_PASSWORD_CHECKS_PER_ACCOUNT = (3, 3600)
    for address in ("127.0.0.1", "10.0.0.9", "10.0.0.10", "10.0.1.0", "10.0.1.1", "10.0.1.2"):
        ratelimit.reset(client=address, account="admin")
    try:
        good = basic("commander", "correct-horse-battery")
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 200  # remembered; refunded
        statuses = [client.get(RESTRICTED, HTTP_AUTHORIZATION=basic(f"nobody{i}", "guess")).status_code
                    for i in range(6 + 3)]
        assert statuses == [401] * 6 + [429] * 3
        refused = client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("nobody-else", "guess"))
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        assert "秒" in refused.json()["description"]
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION=good).status_code == 200
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("nobody", "guess"),
                          REMOTE_ADDR="10.0.0.9").status_code == 401
        # Per account: many addresses guessing one name use up that name's budget.
        for i in range(3):
            assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("admin", "guess"),
                              REMOTE_ADDR=f"10.0.1.{i}").status_code == 401
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION=basic("admin", "guess"),
                          REMOTE_ADDR="10.0.0.10").status_code == 429
    finally:
        for address in ("127.0.0.1", "10.0.0.9", "10.0.0.10", "10.0.1.0", "10.0.1.1", "10.0.1.2"):
            ratelimit.reset(client=address, account="admin")


def test_unknown_token_budget_per_client(client, settings):
    from geo_api.accounts import ratelimit

    settings.ONEMAP_TOKEN_FAILURES_PER_CLIENT = (3, 3600)
    ratelimit.reset(client="127.0.0.1")
    for _ in range(3):
        assert client.get(RESTRICTED, HTTP_AUTHORIZATION="Bearer om_guess").status_code == 401
    refused = client.get(RESTRICTED, HTTP_AUTHORIZATION="Bearer om_guess")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    ratelimit.reset(client="127.0.0.1")


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
