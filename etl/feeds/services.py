"""Writes of the feeds: receive a payload (stored raw before anything reads it), split it into items,
apply each item in its own transaction, dead-letter what cannot be applied, retry what failed for
now, replay a fixed dead letter, pull a feed, mark expired warnings.

Idempotency, at two levels:
- the same payload again (same feed, same SHA-256) is not stored again: the caller gets the
  message it already has (the push API answers 200 with the same id);
- the same item again (same source id, same content) is recorded as `duplicate` and not
  applied; the same source id with new content is applied as an upsert onto the row it became
  (FeedRecord), under an advisory lock on the source id so two copies at once cannot make two rows."""
from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geo_api.common.errors import Conflict, DomainError, InvalidInput

from . import registry
from .adapters.base import ParseError, TransientError
from .models import FeedMessage, FeedRecord, FeedStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
MAX_BYTES = 5 * 1024 * 1024
State = FeedMessage.State


def sha256_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def retry_delay(attempts: int) -> int:
    """Seconds before the next try: 10 s, 20 s, 40 s … capped at 10 minutes."""
    return min(600, 10 * 2 ** max(0, attempts - 1))


def feed_actor(adapter):
    """The account a feed acts as in the services it calls (intake, stock, rosters): one per feed,
    no usable password, holding only the roles its adapter needs. Timelines name it."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=f"feed-{adapter.name}",
                                               defaults={"first_name": adapter.title, "last_name": adapter.agency})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    have = set(user.groups.values_list("name", flat=True))
    for role in adapter.actor_roles:
        if role not in have:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
    return User.objects.get(pk=user.pk)  # fresh: roles are cached on the instance


def _text_of(raw: bytes | str) -> tuple[str, str]:
    """(text, problem): feeds are UTF-8; anything else is kept (decoded with replacements) and dead."""
    if isinstance(raw, str):
        return raw, ""
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), f"报文不是 UTF-8 编码 / The payload is not UTF-8 ({exc})"


def touch(feed: str, **fields) -> None:
    FeedStatus.objects.update_or_create(feed=feed, defaults=fields)


def message_receive(*, feed: str, raw: bytes | str, content_type: str = "", user=None,
                    via: str = FeedMessage.Via.PUSH) -> tuple[FeedMessage, bool]:
    """Store a payload as it arrived (an envelope) and return (message, created). The same payload
    again returns the stored message and False; nothing is parsed here."""
    adapter = registry.adapter(feed)
    if len(raw) > MAX_BYTES:
        raise InvalidInput(_("A feed message is at most 5 MB; send a large list in several messages."))
    text, problem = _text_of(raw)
    digest = sha256_of(text)
    with transaction.atomic():
        with connection.cursor() as cursor:  # two copies at once: the second waits and finds the first
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"feeds:{feed}:{digest}"])
        found = FeedMessage.objects.filter(feed=feed, parent=None, sha256=digest).first()
        if found is not None:
            touch(feed, last_contact_at=timezone.now())
            return found, False
        message = FeedMessage.objects.create(
            feed=feed, received_at=timezone.now(), via=via, content_type=(content_type or "")[:100], raw=text,
            sha256=digest, source_id=adapter.guess_source_id(text) if not problem else "",
            received_by=user if getattr(user, "is_authenticated", False) else None,
            state=State.DEAD if problem else State.RECEIVED, error=problem)
        touch(feed, last_contact_at=message.received_at)
    return message, True


def message_process(*, message_id: int) -> FeedMessage:
    """Split an envelope into items and apply each (safe to run twice: items are made once, and
    only items still `received` are applied)."""
    envelope = FeedMessage.objects.get(pk=message_id, parent=None)
    adapter = registry.adapter(envelope.feed)
    if adapter.one_per_message:  # a CAP alert: the message is its own item
        return item_apply(item_id=envelope.pk)
    if envelope.state == State.RECEIVED and not envelope.items.exists():
        try:
            parts = adapter.split(envelope.raw)
        except ParseError as exc:
            return _dead(envelope, str(exc))
        with transaction.atomic():
            for part in parts:
                FeedMessage.objects.create(
                    feed=envelope.feed, parent=envelope, received_at=envelope.received_at, via=envelope.via,
                    received_by_id=envelope.received_by_id, content_type=envelope.content_type, raw=part,
                    sha256=sha256_of(part), source_id=adapter.guess_source_id(part))
    for item_id in envelope.items.filter(state=State.RECEIVED).order_by("id").values_list("id", flat=True):
        item_apply(item_id=item_id)
    return _summarise(envelope)


def _summarise(envelope: FeedMessage) -> FeedMessage:
    if envelope.state == State.DEAD:
        return envelope
    counts = dict.fromkeys(State.values, 0)
    for state in envelope.items.values_list("state", flat=True):
        counts[state] += 1
    if counts[State.RECEIVED]:
        envelope.state, envelope.error = State.RECEIVED, _("%(n)s item(s) waiting to be retried.") % {
            "n": counts[State.RECEIVED]}
    else:
        envelope.state = State.APPLIED
        envelope.applied_at = envelope.applied_at or timezone.now()
        envelope.error = (_("%(dead)s of %(total)s item(s) dead-lettered.") % {
            "dead": counts[State.DEAD], "total": sum(counts.values())}) if counts[State.DEAD] else ""
    envelope.result_ids = [f"{k}:{v}" for k, v in counts.items() if v]
    envelope.save(update_fields=["state", "error", "applied_at", "result_ids"])
    return envelope


def _dead(message: FeedMessage, error: str) -> FeedMessage:
    message.state, message.error = State.DEAD, error[:4000]
    message.save(update_fields=["state", "error", "attempts"])
    log.info("feed %s message %s dead: %s", message.feed, message.pk, error[:200])
    return message


def _readable(exc: Exception) -> str:
    if isinstance(exc, ParseError):
        return str(exc)
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, ValidationError):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()) \
            if hasattr(exc, "message_dict") else " ".join(exc.messages)
    return f"{type(exc).__name__}: {exc}"


def item_apply(*, item_id: int) -> FeedMessage:
    """Apply one item in one transaction: applied, duplicate, dead (with the reason) — or, when the
    database or the agency failed for now, left `received` with a retry scheduled (backoff)."""
    item = FeedMessage.objects.get(pk=item_id)
    if item.state != State.RECEIVED:
        return item
    adapter = registry.adapter(item.feed)
    item.attempts += 1
    try:
        with transaction.atomic():
            parsed = adapter.parse_item(item.raw)
            sid = adapter.source_id(parsed)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"feeds:{item.feed}:{sid}"])
            record = FeedRecord.objects.filter(feed=item.feed, source_id=sid).first()
            item.source_id = sid
            if record is not None and record.sha256 == item.sha256:
                item.state, item.result_ids = State.DUPLICATE, [f"{record.target}:{record.target_id}"]
            else:
                applied = adapter.apply(parsed, existing=record, actor=feed_actor(adapter), message=item)
                target = applied.target
                FeedRecord.objects.update_or_create(
                    feed=item.feed, source_id=sid,
                    defaults={"target": target._meta.label_lower, "target_id": target.pk, "sha256": item.sha256})
                item.state, item.result_ids = State.APPLIED, applied.labels()
            item.applied_at, item.error = timezone.now(), ""
            item.save(update_fields=["state", "result_ids", "applied_at", "error", "attempts", "source_id"])
    except (OperationalError, InterfaceError, TransientError) as exc:
        if item.attempts >= MAX_ATTEMPTS:
            return _dead(item, _("Gave up after %(n)s attempts: %(error)s") % {"n": item.attempts, "error": exc})
        item.error = f"{type(exc).__name__}: {exc}"[:4000]
        item.save(update_fields=["error", "attempts"])
        _schedule_retry(item)
        return item
    except (ParseError, DomainError, ValidationError, IntegrityError, DatabaseError, ValueError, TypeError) as exc:
        return _dead(item, _readable(exc))
    touch(item.feed, last_contact_at=timezone.now())
    return item


def _schedule_retry(item: FeedMessage) -> None:
    from .tasks import retry_item

    from geo_api.jobs.enqueue import enqueue_on_commit

    # Broker down: the item stays waiting and the answer is still the message's own (not a 500).
    enqueue_on_commit(retry_item, args=[item.pk], countdown=retry_delay(item.attempts))


def message_replay(*, message_id: int, user, raw: str | None = None) -> FeedMessage:
    """Replay a dead letter, optionally with its payload fixed (the original is kept)."""
    from .access import require_operate

    require_operate(user)
    with transaction.atomic():
        message = FeedMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            from geo_api.common.errors import NotFound

            raise NotFound(_("There is no feed message %(id)s.") % {"id": message_id})
        if message.state != State.DEAD:
            raise Conflict(_("Only dead letters are replayed; this message is %(state)s.") % {
                "state": message.get_state_display()}, state=message.state)
        if raw is not None and raw != message.raw:
            if not isinstance(raw, str) or not raw.strip():
                raise InvalidInput(_("The fixed payload is empty."), errors={"raw": [_("Required.")]})
            message.original_raw = message.original_raw or message.raw
            message.raw, message.sha256 = raw, sha256_of(raw)
        message.state, message.error, message.attempts = State.RECEIVED, "", 0
        message.save(update_fields=["raw", "original_raw", "sha256", "state", "error", "attempts"])
    if message.is_envelope:
        return message_process(message_id=message.pk)
    item = item_apply(item_id=message.pk)
    _summarise(FeedMessage.objects.get(pk=message.parent_id))
    return item


def feed_pull(*, feed: str) -> FeedMessage | None:
    """GET the feed's payload and process it. TransientError propagates (the task retries it)."""
    adapter = registry.adapter(feed)
    now = timezone.now()
    try:
        body, content_type = adapter.pull()
    except ParseError as exc:
        touch(feed, last_pull_at=now, last_error=str(exc), last_error_at=now)
        return None
    except TransientError as exc:
        touch(feed, last_pull_at=now, last_error=str(exc), last_error_at=now)
        raise
    touch(feed, last_pull_at=now, last_error="")
    message, created = message_receive(feed=feed, raw=body, content_type=content_type, via=FeedMessage.Via.PULL)
    if created and message.state == State.RECEIVED:
        message = message_process(message_id=message.pk)
    return message


def warnings_expire(*, now=None) -> list[int]:
    """Warnings still marked in force whose `expires` has passed become `expired` (a change the
    wall sees on its socket). Safe to run twice."""
    from geo_api.warnings.models import Warning

    now = now or timezone.now()
    with transaction.atomic():
        ids = list(Warning.objects.select_for_update().filter(state=Warning.State.ACTIVE, expires__lte=now)
                   .values_list("id", flat=True))
        Warning.objects.filter(id__in=ids).update(state=Warning.State.EXPIRED, ended_at=now)
    return ids


def old_messages_purge(*, keep_days: int = 180) -> int:
    """Applied and duplicate messages older than `keep_days` are deleted (dead letters stay until
    replayed); their FeedRecords stay, so an old payload sent again is still recognised."""
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted, _detail = FeedMessage.objects.filter(
        parent=None, received_at__lt=cutoff, state=State.APPLIED).exclude(items__state=State.DEAD).delete()
    return deleted
