"""What the agency feeds leave behind: every message as it arrived (its own log, so the audit trigger
does not need to cover these tables), which agency account may push to which feed, and which of our
rows each source id became.

A message is stored before anything reads it. A batch (a JSON list of cameras, a CAP alert) is an
*envelope*; each item in it becomes an *item* message (parent = the envelope) that is parsed and
applied in its own transaction, so one bad item is dead-lettered while the others are applied."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedMessage(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        APPLIED = "applied", _("Applied")
        DUPLICATE = "duplicate", _("Duplicate")
        DEAD = "dead", _("Dead letter")

    class Via(models.TextChoices):
        PUSH = "push", _("Pushed by the agency")
        PULL = "pull", _("Pulled from the agency")
        REPLAY = "replay", _("Replayed")
        DEMO = "demo", _("Demo data")

    feed = models.CharField(_("feed"), max_length=32, db_index=True)
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="items",
                               verbose_name=_("envelope"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    via = models.CharField(_("via"), max_length=8, choices=Via.choices)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("received from"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    raw = models.TextField(_("payload as received"))
    # Kept when someone fixes a dead letter's payload before replaying it.
    original_raw = models.TextField(_("payload before it was edited"), blank=True)
    sha256 = models.CharField(_("SHA-256 of the payload"), max_length=64)
    source_id = models.CharField(_("source id"), max_length=200, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RECEIVED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    # Our rows this message wrote, as "app_label.model:id" strings (several models per feed).
    result_ids = models.JSONField(_("resulting records"), default=list, blank=True)

    class Meta:
        db_table = "feeds_message"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["feed", "sha256"], name="feeds_message_hash"),
            models.Index(fields=["feed", "state", "received_at"], name="feeds_message_state"),
        ]
        verbose_name = _("feed message")
        verbose_name_plural = _("feed messages")

    def __str__(self):
        return f"{self.feed} #{self.pk} ({self.state})"

    @property
    def is_envelope(self) -> bool:
        return self.parent_id is None


class FeedGrant(models.Model):
    """Which agency account may push to which feed (set by an administrator in the admin). The
    account holds the external_agency role and pushes with an API token with the `write` scope."""

    feed = models.CharField(_("feed"), max_length=32)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="feed_grants",
                             verbose_name=_("agency account"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "feeds_grant"
        constraints = [models.UniqueConstraint(fields=["feed", "user"], name="feeds_grant_once")]
        verbose_name = _("feed push grant")
        verbose_name_plural = _("feed push grants")

    def __str__(self):
        return f"{self.user} → {self.feed}"


class FeedRecord(models.Model):
    """The row a source id became: an alarm's id at the city bureau → our event, a roster entry → a
    shift. The unique key is what keeps a message that arrives twice from making two rows."""

    feed = models.CharField(_("feed"), max_length=32)
    source_id = models.CharField(_("source id"), max_length=200)
    target = models.CharField(_("record"), max_length=60)  # "incidents.event"
    target_id = models.BigIntegerField(_("record id"))
    sha256 = models.CharField(_("SHA-256 of the item last applied"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "feeds_record"
        constraints = [models.UniqueConstraint(fields=["feed", "source_id"], name="feeds_record_source_once")]
        verbose_name = _("feed record")
        verbose_name_plural = _("feed records")

    def __str__(self):
        return f"{self.feed}:{self.source_id} → {self.target}#{self.target_id}"


class FeedStatus(models.Model):
    """When we last heard from a feed: a pull that brought nothing new still counts as contact
    (an unchanged camera list is not stored again), a failed pull records its error."""

    feed = models.CharField(_("feed"), max_length=32, unique=True)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    last_pull_at = models.DateTimeField(_("last pull"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        db_table = "feeds_status"
        verbose_name = _("feed status")
        verbose_name_plural = _("feed statuses")

    def __str__(self):
        return self.feed
