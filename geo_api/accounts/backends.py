"""Password sign-in for the login page, the admin and HTTP Basic.

django-axes (first in AUTHENTICATION_BACKENDS) refuses locked-out account/address pairs and records
failures; this backend checks the password. It differs from Django's ModelBackend in three ways,
all about a burst of bad credentials:
- the per-client and per-account budgets (ratelimit.py, Redis) are spent before any work;
- the database connection goes back to the pool before the hash (the hash costs ~0.4 s of CPU;
  holding a connection through it let a burst of unknown names starve the pool for everyone);
- at most ONEMAP_PASSWORD_CHECK_CONCURRENCY hashes run at once per process, so a burst cannot
  take every core from tile and API requests."""
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection

from . import ratelimit

_hashing = threading.BoundedSemaphore(getattr(settings, "ONEMAP_PASSWORD_CHECK_CONCURRENCY", 1))


def client_address(request) -> str:
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR", "") if request is not None else ""


def release_connection() -> None:
    """Give the connection back to the pool; the next query takes one again. Inside a transaction
    (tests, atomic blocks) the connection must stay."""
    if connection.connection is not None and not connection.in_atomic_block:
        connection.close()


class PasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        wait = ratelimit.password_check_spend(client=client_address(request), account=username)
        if wait is not None:
            if request is not None:
                request.onemap_retry_after = wait
            # Stops the chain; Django reports a failed sign-in (axes counts it).
            raise PermissionDenied("password check budget spent")
        user = get_user_model()._default_manager.filter(
            **{get_user_model().USERNAME_FIELD: username}).first()
        release_connection()
        with _hashing:
            if user is None:
                # Hash anyway, so that unknown names take as long as wrong passwords.
                get_user_model()().set_password(password)
                return None
            valid = user.check_password(password)
        if valid and self.user_can_authenticate(user):
            ratelimit.password_check_refund(client=client_address(request), account=username)
            return user
        return None
