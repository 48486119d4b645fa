"""Background jobs of the idempotency mechanism (scheduled in schedules.py)."""
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

KEEP = timedelta(days=30)  # longer than any phone stays offline with a queue


@shared_task(ignore_result=False)
def forget_old_client_requests() -> int:
    from .models import ClientRequest

    deleted, _ = ClientRequest.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return deleted
