"""Tasks of the job mechanism itself. Tasks must be safe to run twice (acks_late)."""
from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.db import connection
from django.utils import timezone


@shared_task(ignore_result=False, soft_time_limit=10, time_limit=20)
def ping() -> dict:
    """Proves a worker runs tasks against the database: answers with the database it reached."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
    return {"pong": True, "database": database, "at": timezone.now().isoformat()}


@shared_task(ignore_result=False)
def clear_expired_sessions() -> int:
    """Django's `clearsessions`: the session table otherwise grows with every sign-in. Returns how
    many expired database sessions there were (0 for other session engines)."""
    from django.contrib.sessions.models import Session

    expired = 0
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        expired = Session.objects.filter(expire_date__lt=timezone.now()).count()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return expired
