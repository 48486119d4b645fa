"""Password sign-in for the login page, the admin and HTTP Basic.

django-axes (first in AUTHENTICATION_BACKENDS) refuses locked-out account/address pairs and records
failures; this backend checks the password. It differs from Django's ModelBackend in three ways,
all about a burst of bad credentials:
- the per-client and per-account budgets (ratelimit.py, Redis) are spent before any work;
- the database connection goes back to the pool before the hash (the hash costs ~0.4 s of CPU;
  holding a connection through it let a burst of unknown names starve the pool for everyone);
- hashes run on a small pool of threads (ONEMAP_PASSWORD_CHECK_CONCURRENCY per process) at the
  lowest CPU priority, so a burst cannot take the cores from tile and API requests;
- unknown user names are refused without a hash (after a sleep as long as a typical check, so
  timing does not reveal which names exist): a burst of made-up names costs no CPU at all."""
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.contrib.auth import get_user_model, hashers
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection

from . import ratelimit

def _lowest_cpu_priority():
    # Linux schedules threads as tasks: this lowers only the hashing thread, so under load the
    # scheduler gives the cores to tile and API requests first (nice 19 weighs ~1.5 % of nice 0).
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass


# Password hashes run here, at most ONEMAP_PASSWORD_CHECK_CONCURRENCY at once per process.
_hashing = ThreadPoolExecutor(max_workers=getattr(settings, "ONEMAP_PASSWORD_CHECK_CONCURRENCY", 1),
                              thread_name_prefix="password-check", initializer=_lowest_cpu_priority)
# How long a password check takes here (moving average), to answer unknown names as slowly.
_typical_check_seconds = 0.2


def _timed_check(password: str, encoded: str) -> tuple[bool, float]:
    started = time.monotonic()
    valid = hashers.check_password(password, encoded)  # pure: no database in this thread
    return valid, time.monotonic() - started


def _observe(seconds: float) -> None:
    global _typical_check_seconds
    _typical_check_seconds = 0.8 * _typical_check_seconds + 0.2 * min(seconds, 2.0)


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
        # The Basic path has spent already, before any database work (middleware.py).
        try:
            wait = None if getattr(request, "onemap_budget_spent", False) \
                else ratelimit.password_check_spend(client=client_address(request), account=username)
        except ratelimit.PairLocked as locked:
            wait = locked.retry_after
        if wait is not None:
            if request is not None:
                request.onemap_retry_after = wait
            # Stops the chain; Django reports a failed sign-in (axes counts it).
            raise PermissionDenied("password check budget spent")
        user = get_user_model()._default_manager.filter(
            **{get_user_model().USERNAME_FIELD: username}).first()
        release_connection()
        if user is None:
            # Refused without hashing (no CPU spent on made-up names), but only after as long as a
            # real check takes, so the answer's timing does not tell which names exist.
            time.sleep(_typical_check_seconds)
            return None
        valid, seconds = _hashing.submit(_timed_check, password, user.password).result()
        _observe(seconds)
        if valid and hashers.identify_hasher(user.password).must_update(user.password):
            user.set_password(password)  # a stronger hasher or more iterations since it was set
            user.save(update_fields=["password"])
        if valid and self.user_can_authenticate(user):
            ratelimit.password_check_refund(client=client_address(request), account=username)
            return user
        return None
