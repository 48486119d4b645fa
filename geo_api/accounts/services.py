"""Account rules: API tokens. (Sign-in lockout is django-axes, see backends.py.)"""
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken, TokenScope, hash_token


def token_create(*, owner, created_by, name: str, scopes: list[str], expires_in_days: int) -> tuple[ApiToken, str]:
    """Returns the token and its key; the key is not stored and cannot be shown again."""
    unknown = set(scopes) - set(TokenScope.values)
    if unknown or not scopes:
        raise ValueError(f"scopes must be a non-empty subset of {TokenScope.values}")
    if not 1 <= expires_in_days <= 730:
        raise ValueError("a token expires within 1 to 730 days")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        name=name, owner=owner, created_by=created_by, scopes=sorted(set(scopes)), key_hash=hash_token(key),
        key_prefix=key[:10], expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    return token, key


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_authenticate(*, key: str) -> ApiToken | None:
    token = ApiToken.objects.select_related("owner").filter(key_hash=hash_token(key)).first()
    if token is None or not token.usable:
        return None
    # One write per minute at most: last use is for audits, not a hot-path counter.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
