"""The case library (案例库): one Case per closed event, written by the close transition in the
same transaction (services.case_record) and rewritten when a reopened event is closed again.

The snapshot keeps what the event was when it closed — timeline, tasks, instructions and their
acknowledgements, reports with their files, the plan activation used, the responders involved
and their tracks — so the case reads the same after the live tables move on. Archiving the event
freezes the case (archived_at): from then on it and its event are read-only (guard.py)."""
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    event = models.OneToOneField("incidents.Event", models.PROTECT, related_name="case", verbose_name=_("event"))
    code = models.CharField(_("event code"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=16)
    event_type = models.CharField(_("event type"), max_length=50)
    severity = models.PositiveSmallIntegerField(_("severity"))
    district = models.ForeignKey("reference.District", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("street or town"))
    district_name = models.CharField(_("street or town"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_drill = models.BooleanField(_("drill"), default=False)
    reported_at = models.DateTimeField(_("reported at"))
    closed_at = models.DateTimeField(_("closed at"))
    # The close reason: the commander's closing summary.
    summary = models.TextField(_("summary"), blank=True)
    geom = models.PointField(_("location"), srid=4326)
    # What is searched: title, code, type, street, address, description, summary, report texts.
    # 'simple' full text finds words in Latin text; Chinese has no spaces, so the same text is
    # also matched by substring (icontains: UPPER(search_text) LIKE …), served by a trigram index
    # on that very expression (migration 0001, SQL: Django's OpClass cannot write it).
    search_text = models.TextField(_("search text"), blank=True)
    search = SearchVectorField(null=True, editable=False)
    snapshot = models.JSONField(_("snapshot"), default=dict)
    # The responders involved, beside the snapshot: a replay seek reads these ids alone and never
    # decodes the snapshot (megabytes with 50 tracks).
    responder_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, verbose_name=_("responders"))
    times_closed = models.PositiveSmallIntegerField(_("times closed"), default=1)
    recorded_at = models.DateTimeField(_("recorded at"))
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-closed_at", "-id"]
        indexes = [
            GinIndex(fields=["search"], name="case_search"),
            models.Index(fields=["-closed_at", "-id"], name="case_closed"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"
