from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeatureChange(models.Model):
    """Every edit of a layer feature made through the editing API: who, when, what, in order.
    `id` is the sequence number live clients resume from."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        DELETED = "deleted", _("Deleted")

    layer = models.CharField(_("layer"), max_length=50)
    feature_id = models.BigIntegerField(_("feature id"))
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, verbose_name=_("user"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("feature change")
        verbose_name_plural = _("feature changes")
        indexes = [models.Index(fields=["layer", "feature_id"], name="feature_change_feature")]
