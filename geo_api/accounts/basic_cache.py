"""Remember verified HTTP Basic credentials for a few minutes.

Desktop GIS sends Basic credentials with every request: a map of QGIS fetches dozens of tiles
a second, and each PBKDF2 check of a password costs ~0.4 s of CPU by design. A successful check
is remembered in process memory under an HMAC of the credentials (never the password), for at
most BASIC_AUTH_CACHE_SECONDS, and only while the user's stored password hash is unchanged, so a
password change or deactivation takes effect at once."""
import hashlib
import hmac
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model

_lock = threading.Lock()
_verified: dict[str, tuple[int, str, float]] = {}
MAX_ENTRIES = 1000


def _key(username: str, password: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{username}\x00{password}".encode(), hashlib.sha256).hexdigest()


def cached_user(username: str, password: str):
    entry = _verified.get(_key(username, password))
    if entry is None or entry[2] < time.monotonic():
        return None
    user = get_user_model().objects.filter(pk=entry[0], is_active=True).first()
    if user is None or not hmac.compare_digest(user.password, entry[1]):
        return None
    return user


# Striped locks: concurrent checks of the same credentials wait for the first one.
_flights = [threading.Lock() for _ in range(64)]


def single_flight(username: str, password: str) -> threading.Lock:
    return _flights[int(_key(username, password)[:8], 16) % len(_flights)]


def remember(username: str, password: str, user) -> None:
    with _lock:
        if len(_verified) >= MAX_ENTRIES:
            now = time.monotonic()
            for key in [k for k, v in _verified.items() if v[2] < now] or list(_verified)[: MAX_ENTRIES // 2]:
                _verified.pop(key, None)
        _verified[_key(username, password)] = (user.pk, user.password,
                                                time.monotonic() + settings.BASIC_AUTH_CACHE_SECONDS)
