from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One row written to a business table, recorded by a database trigger (audit/triggers.py)
    so that no route can write without leaving a trace: the API, /ogc, the admin, bulk updates.
    The table refuses UPDATE and DELETE."""

    table_name = models.CharField(_("table"), max_length=63)
    row_pk = models.CharField(_("record id"), max_length=64)
    action = models.CharField(_("action"), max_length=8)
    changes = models.JSONField(_("changes"))
    actor = models.CharField(_("by"), max_length=200)
    route = models.CharField(_("route"), max_length=300, null=True, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["table_name", "row_pk"], name="audit_record")]
        ordering = ["id"]
