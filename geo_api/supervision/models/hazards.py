from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from geo_api.accounts.roles import Role
from geo_api.reference.codes import RiskColour
from geo_api.timeline.rules import condition, roles_may, system_only
from geo_api.timeline.state import StateMachineModel

# Who moves a hidden hazard through its closed loop (BRIEF subsystems 5 and 8): law enforcement
# grades it, accepts the rectification and closes it out; the rectification itself is reported
# by the enterprise or by the officer who saw it done.
ENFORCEMENT = roles_may(Role.LAW_ENFORCEMENT)
RECTIFIERS = roles_may(Role.LAW_ENFORCEMENT, Role.ENTERPRISE_STAFF)


def today():
    return timezone.localdate()


@condition(_("Give the hazard its grade (general or major) to grade it."))
def has_grade(hazard) -> bool:
    return hazard.grade in Hazard.Grade.values


@condition(_("Set the rectification deadline first."))
def has_deadline(hazard) -> bool:
    return hazard.deadline is not None


@condition(_("The rectification deadline has not passed."))
def past_deadline(hazard) -> bool:
    return hazard.deadline is not None and hazard.deadline < today()


class Hazard(StateMachineModel, models.Model):
    """Risk points (风险点) and hidden hazards (事故隐患, 原安监总局令第16号)."""

    class Kind(models.TextChoices):
        RISK_POINT = "risk_point", _("Risk point")
        HIDDEN_HAZARD = "hidden_hazard", _("Hidden hazard")

    class Grade(models.TextChoices):
        GENERAL = "general", _("General")
        MAJOR = "major", _("Major")

    class Rectification(models.TextChoices):
        """登记 → 评估定级 → 整改中 → 整改完成 → 验收 → 销号. 逾期 (overdue) is entered by the
        scheduled check from graded or rectifying once the deadline has passed, and left by
        reporting the rectification done; a rectification that fails its acceptance goes back
        to rectifying. Only the transitions below change it (geo_api/supervision/services.py)."""

        REGISTERED = "registered", _("Registered")
        GRADED = "graded", _("Assessed and graded")
        RECTIFYING = "rectifying", _("Being rectified")
        RECTIFIED = "rectified", _("Rectified")
        ACCEPTED = "accepted", _("Accepted")
        CLOSED = "closed", _("Closed out")
        OVERDUE = "overdue", _("Overdue")

    code = models.CharField(_("hazard code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("hazard kind"), max_length=14, choices=Kind.choices)
    # Blank until assessed: a hidden hazard is registered first and graded by the assess transition.
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, blank=True)
    risk_colour = models.CharField(_("risk colour"), max_length=6, choices=RiskColour.choices, blank=True)
    category = models.CharField(_("category"), max_length=50)
    rectification_status = FSMField(
        _("rectification status"), max_length=12, choices=Rectification.choices, default=Rectification.REGISTERED,
        protected=True,
    )
    found_on = models.DateField(_("found on"))
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    enterprise = models.ForeignKey(
        "supervision.Enterprise", models.SET_NULL, null=True, blank=True, verbose_name=_("enterprise")
    )
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_hazard"
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")

    def __str__(self):
        return self.name

    # -- transitions: performed through geo_api.supervision.services.hazard_transition -------
    @transition(field=rectification_status, source=Rectification.REGISTERED, target=Rectification.GRADED,
                permission=ENFORCEMENT, conditions=[has_grade], custom={"label": _("Assess and grade")})
    def assess(self):
        """评估定级: the grade is given with the transition (or already on the record)."""

    @transition(field=rectification_status, source=Rectification.GRADED, target=Rectification.RECTIFYING,
                permission=RECTIFIERS, conditions=[has_deadline], custom={"label": _("Start rectification")})
    def start_rectification(self):
        """整改: the responsible unit starts, against a deadline."""

    @transition(field=rectification_status, source=[Rectification.RECTIFYING, Rectification.OVERDUE],
                target=Rectification.RECTIFIED, permission=RECTIFIERS, custom={"label": _("Report rectified")})
    def report_rectified(self):
        """整改完成: reported by the enterprise or the officer; also the way out of overdue."""

    @transition(field=rectification_status, source=Rectification.RECTIFIED, target=Rectification.ACCEPTED,
                permission=ENFORCEMENT, custom={"label": _("Accept")})
    def accept(self):
        """验收: law enforcement checks the rectification on site."""

    @transition(field=rectification_status, source=[Rectification.RECTIFIED, Rectification.ACCEPTED],
                target=Rectification.RECTIFYING, permission=ENFORCEMENT,
                custom={"label": _("Reject rectification"), "needs_reason": True})
    def reject(self):
        """验收不通过: back to rectifying, with what is still wrong."""

    @transition(field=rectification_status, source=Rectification.ACCEPTED, target=Rectification.CLOSED,
                permission=ENFORCEMENT, custom={"label": _("Close out")})
    def close_out(self):
        """销号: the hazard leaves the open list."""

    @transition(field=rectification_status, source=[Rectification.GRADED, Rectification.RECTIFYING],
                target=Rectification.OVERDUE, permission=system_only, conditions=[past_deadline],
                custom={"label": _("Mark overdue"), "system": True})
    def mark_overdue(self):
        """逾期: set by the scheduled check (supervision.services.hazards_mark_overdue), never by hand."""
