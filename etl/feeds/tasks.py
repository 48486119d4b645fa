"""Background work of the feeds: scheduled pulls (schedules.py), retries with backoff, warning expiry.
Every task is safe to run twice (acks_late): a pulled payload already stored is not stored again,
an item already applied is not applied again."""
from celery import shared_task
from django.db import InterfaceError, OperationalError

from .adapters.base import TransientError


@shared_task(autoretry_for=(TransientError, OperationalError, InterfaceError), retry_backoff=10,
             retry_backoff_max=600, retry_jitter=True, max_retries=5)
def pull_feed(feed: str) -> int | None:
    """GET one feed from its agency (or simulator) and apply what is new."""
    from .services import feed_pull

    message = feed_pull(feed=feed)
    return message.pk if message else None


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=10, max_retries=5)
def process_message(message_id: int) -> str:
    from .services import message_process

    return message_process(message_id=message_id).state


@shared_task
def retry_item(message_id: int) -> str:
    """One more try of an item that failed for now; item_apply schedules the next one itself
    (with a longer delay) until MAX_ATTEMPTS, then dead-letters it."""
    from .models import FeedMessage
    from .services import _summarise, item_apply

    item = item_apply(item_id=message_id)
    if item.parent_id:
        _summarise(FeedMessage.objects.get(pk=item.parent_id))
    return item.state


@shared_task
def expire_warnings() -> list[int]:
    from .services import warnings_expire

    return warnings_expire()
