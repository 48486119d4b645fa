"""Budgets for password checks and token failures, kept in Redis (Django's "default" cache) so
every app process shares them.

A password check is the one expensive step of signing in (PBKDF2, by design). Someone who sends
bad credentials by the hundred must not spend the server's CPU or its database pool on them: each
client address and each account name has a budget of password checks per window, and beyond it a
check is refused at once (429 with Retry-After) until the window ends. The lockout itself (5
failures of one account from one address in 15 minutes) is django-axes; these budgets bound the
cost of everything before a lockout can apply (many names from one address, one name from many
addresses). Remembered Basic credentials, sessions and valid tokens spend nothing.

While Redis is unavailable the budgets are not kept (geo_api/common/degraded.py): requests are
answered rather than failed, and the lockout itself (django-axes, in the database) still applies."""
import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from geo_api.common.degraded import redis_safely


_PAIR_WINDOW = 900  # the lockout's cool-off (AXES_COOLOFF_TIME)


def _key(kind: str, subject: str, window: int, now: float) -> str:
    digest = hashlib.sha256(subject.lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"onemap:budget:{kind}:{digest}:{int(now // window)}"


def _spend(kind: str, subject: str, limit: int, window: int, now: float) -> int | None:
    return redis_safely(lambda: _spend_in_redis(kind, subject, limit, window, now), None, f"{kind} budget")


def _spend_in_redis(kind: str, subject: str, limit: int, window: int, now: float) -> int | None:
    key = _key(kind, subject, window, now)
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        used = 1
    if used > limit:
        return max(1, int(window - now % window))
    return None


def password_check_spend(*, client: str, account: str) -> int | None:
    """Count one password check before it runs (so a concurrent burst cannot slip past the
    budget); a successful check is given back with password_check_refund. Returns the seconds to
    wait when a budget is spent, else None."""
    now = time.time()
    limit, window = settings.ONEMAP_PASSWORD_CHECKS_PER_CLIENT
    client = client or "-"
    wait = _spend("client", client, limit, window, now)
    limit, window = settings.ONEMAP_PASSWORD_CHECKS_PER_ACCOUNT
    wait = _spend("account", account, limit, window, now) or wait
    # One account from one address: no more checks in flight than the lockout allows failures,
    # so a concurrent burst of guesses is not hashed before the lockout has been recorded.
    pair = _spend("pair", f"{client}\x00{account}", settings.AXES_FAILURE_LIMIT, _PAIR_WINDOW, now)
    if pair is not None:
        raise PairLocked(pair)
    return wait


class PairLocked(Exception):
    """The account is locked for this address (as django-axes will record)."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


def password_check_refund(*, client: str, account: str) -> None:
    """A check that succeeded costs nothing: only failures use up the budgets."""
    now = time.time()

    def refund():
        try:
            cache.decr(_key("client", client or "-", settings.ONEMAP_PASSWORD_CHECKS_PER_CLIENT[1], now))
        except ValueError:  # the window has ended meanwhile
            pass
        cache.delete_many([_key("account", account, settings.ONEMAP_PASSWORD_CHECKS_PER_ACCOUNT[1], now),
                           _key("pair", f"{client or '-'}\x00{account}", _PAIR_WINDOW, now)])
    redis_safely(refund, None, "budget refund")


def token_failure_wait(*, client: str) -> int | None:
    """Seconds a client must wait after too many unknown tokens, else None (spends nothing)."""
    now = time.time()
    limit, window = settings.ONEMAP_TOKEN_FAILURES_PER_CLIENT
    used = redis_safely(lambda: cache.get(_key("token", client or "-", window, now), 0), 0, "token budget")
    return max(1, int(window - now % window)) if used >= limit else None


def token_failure_record(*, client: str) -> None:
    limit, window = settings.ONEMAP_TOKEN_FAILURES_PER_CLIENT
    _spend("token", client or "-", limit, window, time.time())


def reset(*, client: str | None = None, account: str | None = None) -> None:
    """Forget the current windows of a client and/or an account (administrators, tests)."""
    now = time.time()
    keys = []
    if client is not None:
        keys += [_key("client", client, settings.ONEMAP_PASSWORD_CHECKS_PER_CLIENT[1], now),
                 _key("token", client, settings.ONEMAP_TOKEN_FAILURES_PER_CLIENT[1], now)]
    if account is not None:
        keys.append(_key("account", account, settings.ONEMAP_PASSWORD_CHECKS_PER_ACCOUNT[1], now))
    if client is not None and account is not None:
        keys.append(_key("pair", f"{client}\x00{account}", _PAIR_WINDOW, now))
    redis_safely(lambda: cache.delete_many(keys), None, "budget reset")
