"""场所评估 records: the indicator results as given and the conclusion computed from them by
geo_api/shelters/evaluation.py (never typed)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..evaluation import CONCLUSIONS


class ShelterEvaluation(models.Model):
    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, related_name="evaluations",
                                verbose_name=_("shelter"))
    evaluated_on = models.DateField(_("evaluated on"))
    team = models.CharField(_("evaluation team"), max_length=100, blank=True)
    # {indicator code: "met" | "not_met"} for every indicator of the catalogue.
    results = models.JSONField(_("indicator results"))
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=CONCLUSIONS)
    # {"veto": [codes], "important": [...], "general": [...]}: what was not met.
    unmet = models.JSONField(_("indicators not met"), default=dict)
    note = models.TextField(_("note"), blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True,
                                  verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_shelter_evaluation"
        ordering = ["-evaluated_on", "-id"]
        verbose_name = _("shelter evaluation")
        verbose_name_plural = _("shelter evaluations")
