"""Plan evaluation (预案评估, issue 10 item 7): after an event is closed, each action its plan
activation pushed is rated, and actions the plan lacked are proposed. The evaluation belongs to
the plan version that was activated, so the next revision of the plan is written with it in view
(the plan page shows the evaluations of the current version). Imported by plans/models.py."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanEvaluation(models.Model):
    version = models.ForeignKey("plans.PlanVersion", models.PROTECT, related_name="evaluations",
                                verbose_name=_("version"))
    activation = models.OneToOneField("plans.PlanActivation", models.PROTECT, related_name="evaluation",
                                      verbose_name=_("activation"))
    event = models.ForeignKey("incidents.Event", models.PROTECT, related_name="plan_evaluations",
                              verbose_name=_("event"))
    summary = models.TextField(_("summary"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("evaluated by"))
    evaluated_at = models.DateTimeField(_("evaluated at"))

    class Meta:
        verbose_name = _("plan evaluation")
        verbose_name_plural = _("plan evaluations")
        ordering = ["-evaluated_at", "-id"]


class PlanActionRating(models.Model):
    class Rating(models.TextChoices):
        USEFUL = "useful", _("Useful")
        LATE = "late", _("Too late")
        NOT_NEEDED = "not_needed", _("Not needed")
        MISSING = "missing", _("Not carried out")

    evaluation = models.ForeignKey(PlanEvaluation, models.CASCADE, related_name="ratings",
                                   verbose_name=_("evaluation"))
    action = models.ForeignKey("plans.PlanAction", models.PROTECT, related_name="ratings", verbose_name=_("plan action"))
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("action rating")
        verbose_name_plural = _("action ratings")
        ordering = ["evaluation", "action__order", "id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "action"], name="plan_rating_once")]


class PlanProposedAction(models.Model):
    """An action the plan did not have and should (缺失措施), for the next revision."""

    evaluation = models.ForeignKey(PlanEvaluation, models.CASCADE, related_name="proposals",
                                   verbose_name=_("evaluation"))
    title = models.CharField(_("action"), max_length=200)
    department = models.ForeignKey("plans.Department", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("responsible department"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("proposed action")
        verbose_name_plural = _("proposed actions")
        ordering = ["evaluation", "id"]
