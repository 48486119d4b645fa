"""Reads of the feeds: each feed's status (last success, lag, counts by state, last error, silent),
its messages, one message."""
from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils import timezone


from . import registry
from .models import FeedMessage, FeedStatus

State = FeedMessage.State


def _minutes(delta) -> int | None:
    return None if delta is None else int(delta.total_seconds() // 60)


def feed_status(adapter, *, now=None, status_row=None, counts=None, last_applied=None, last_dead=None) -> dict:
    now = now or timezone.now()
    status_row = status_row if status_row is not None else FeedStatus.objects.filter(feed=adapter.name).first()
    if counts is None:
        counts = _counts().get(adapter.name, {})
    contact = status_row.last_contact_at if status_row else None
    # Success: the last time the agency reached us (or we it) with a payload we could store.
    lag = (now - contact) if contact else None
    silent = lag is None or lag > 2 * adapter.interval
    return {
        "feed": adapter.name, "title": adapter.title, "title_en": adapter.title_en, "agency": adapter.agency,
        "direction": adapter.direction, "interval_min": int(adapter.interval.total_seconds() // 60),
        "last_success": contact.isoformat() if contact else None, "lag_min": _minutes(lag),
        "last_applied": last_applied.isoformat() if last_applied else None,
        "silent": silent, "overdue": lag is None or lag > adapter.interval,
        "counts": {state: counts.get(state, 0) for state in State.values},
        "last_error": (status_row.last_error if status_row and status_row.last_error else
                       (last_dead.error if last_dead else "")),
        "last_error_at": (status_row.last_error_at.isoformat() if status_row and status_row.last_error
                          and status_row.last_error_at else (last_dead.received_at.isoformat() if last_dead else None)),
        "pull_url": adapter.pull_url() if adapter.pulls else "",
    }


def _counts() -> dict[str, dict[str, int]]:
    """Counts by state of what was applied or refused: items, envelopes that could not be split
    (an envelope that was split is counted through its items), and the messages of feeds whose
    message is its own one item (a CAP alert is never split)."""
    out: dict[str, dict[str, int]] = {}
    whole = [adapter.name for adapter in registry.adapters() if adapter.one_per_message]
    rows = (FeedMessage.objects.filter(Q(parent__isnull=False) | Q(state=State.DEAD) | Q(state=State.RECEIVED,
                                                                                          items__isnull=True)
                                       | Q(feed__in=whole, parent__isnull=True))
            .values("feed", "state").annotate(n=Count("id", distinct=True)))
    for row in rows:
        out.setdefault(row["feed"], {})[row["state"]] = row["n"]
    return out


def feeds_status() -> list[dict]:
    now = timezone.now()
    counts = _counts()
    rows = {row.feed: row for row in FeedStatus.objects.all()}
    applied = dict(FeedMessage.objects.filter(state=State.APPLIED).values_list("feed").annotate(Max("applied_at")))
    out = []
    for adapter in registry.adapters():
        dead = FeedMessage.objects.filter(feed=adapter.name, state=State.DEAD).order_by("-received_at").first()
        out.append(feed_status(adapter, now=now, status_row=rows.get(adapter.name), counts=counts.get(adapter.name, {}),
                               last_applied=applied.get(adapter.name), last_dead=dead))
    return out


def messages_of(feed: str, *, state: str = "", limit: int = 100):
    registry.adapter(feed)  # NotFound for an unknown feed
    rows = FeedMessage.objects.filter(feed=feed)
    if state:
        rows = rows.filter(state=state)
    return rows.select_related("received_by")[:limit]


def message_json(message: FeedMessage, *, with_raw: bool = False) -> dict:
    out = {
        "id": message.pk, "feed": message.feed, "envelope": message.parent_id, "kind": "batch" if (
            message.parent_id is None and not registry.adapter(message.feed).one_per_message) else "item",
        "received_at": message.received_at.isoformat(), "via": message.via,
        "received_by": message.received_by.get_username() if message.received_by_id else None,
        "content_type": message.content_type, "sha256": message.sha256, "source_id": message.source_id,
        "state": message.state, "error": message.error, "attempts": message.attempts,
        "applied_at": message.applied_at.isoformat() if message.applied_at else None,
        "result_ids": message.result_ids, "edited": bool(message.original_raw),
    }
    if with_raw:
        out["raw"] = message.raw
        out["original_raw"] = message.original_raw
    return out
