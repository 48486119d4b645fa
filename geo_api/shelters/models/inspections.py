"""检查计划 and 整改闭环: recurring inspection plans, the inspections they make due, the findings
recorded on a phone, and one rectification task per finding (a state machine, run through
geo_api/timeline/transitions.py like every other). A finding closes only when its task is
verified and closed."""
from django.conf import settings
from django.contrib.gis.db import models
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from geo_api.timeline.state import StateMachineModel

from .shelters import BUREAU, COLLECTORS


class InspectionPlan(models.Model):
    """Every `every` days or months, from `starts_on`: one shelter, every shelter of a street
    (the group), or — neither given — every designated shelter of the district."""

    class Unit(models.TextChoices):
        DAYS = "days", _("days")
        MONTHS = "months", _("months")

    name = models.CharField(_("name"), max_length=100)
    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, null=True, blank=True,
                                related_name="inspection_plans", verbose_name=_("shelter"))
    district = models.ForeignKey("reference.District", models.PROTECT, null=True, blank=True,
                                 verbose_name=_("street or town"))
    every = models.PositiveSmallIntegerField(_("every"), validators=[MinValueValidator(1), MaxValueValidator(366)])
    unit = models.CharField(_("unit"), max_length=6, choices=Unit.choices)
    starts_on = models.DateField(_("starts on"))
    # The next date inspections fall due; computed (geo_api/shelters/plans.py), advanced by the job.
    next_due = models.DateField(_("next due"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_shelter_inspection_plan"
        ordering = ["next_due", "id"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self):
        return self.name


class Inspection(models.Model):
    """Due on `due_on` (made by a plan's job, or ad hoc); recorded when an inspector submits it
    from the phone page, with the phone's position."""

    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, related_name="inspections",
                                verbose_name=_("shelter"))
    plan = models.ForeignKey(InspectionPlan, models.SET_NULL, null=True, blank=True, related_name="inspections")
    due_on = models.DateField(_("due on"))
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True,
                                  verbose_name=_("inspector"))
    position = models.PointField(_("inspector position"), srid=4326, null=True, blank=True)
    accuracy_m = models.FloatField(_("position accuracy (m)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "onemap_shelter_inspection"
        ordering = ["due_on", "id"]
        verbose_name = _("shelter inspection")
        verbose_name_plural = _("shelter inspections")
        constraints = [models.UniqueConstraint(fields=["plan", "shelter", "due_on"], name="shelter_inspection_once")]


class Finding(models.Model):
    """A problem found by an inspection. `severity` uses the evaluation's indicator kinds: an open
    veto finding makes the shelter unavailable for opening."""

    class Severity(models.TextChoices):
        VETO = "veto", _("Veto")
        IMPORTANT = "important", _("Important")
        GENERAL = "general", _("General")

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="findings")
    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, related_name="findings", verbose_name=_("shelter"))
    description = models.CharField(_("description"), max_length=500)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    indicator = models.CharField(_("indicator"), max_length=8, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        db_table = "onemap_shelter_finding"
        ordering = ["id"]
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Rectification(StateMachineModel, models.Model):
    """整改任务, one per finding: open → rectifying → rectified → closed (verified), or rejected
    back to rectifying. Closing it closes its finding (services, same transaction). `overdue_since`
    is stamped by the daily job when the deadline passed before it was closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RECTIFYING = "rectifying", _("Rectifying")
        RECTIFIED = "rectified", _("Rectified, awaiting verification")
        CLOSED = "closed", _("Verified and closed")

    finding = models.OneToOneField(Finding, models.CASCADE, related_name="rectification")
    shelter = models.ForeignKey("shelters.Shelter", models.CASCADE, related_name="rectifications",
                                verbose_name=_("shelter"))
    description = models.CharField(_("description"), max_length=500)
    severity = models.CharField(_("severity"), max_length=10, choices=Finding.Severity.choices)
    deadline = models.DateField(_("deadline"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    status = FSMField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN, protected=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Where the finding was made (the inspector's position, else the shelter's): the task's map point.
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_shelter_rectification"
        ordering = ["deadline", "id"]
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")

    def __str__(self):
        return self.description

    @transition(field=status, source=Status.OPEN, target=Status.RECTIFYING, permission=COLLECTORS,
                custom={"label": _("Start rectifying")})
    def start(self):
        """The shelter's managing unit starts the work."""

    @transition(field=status, source=Status.RECTIFYING, target=Status.RECTIFIED, permission=COLLECTORS,
                custom={"label": _("Report rectified")})
    def report(self):
        """The work is done; the bureau verifies it."""

    @transition(field=status, source=Status.RECTIFIED, target=Status.CLOSED, permission=BUREAU,
                custom={"label": _("Verify and close")})
    def verify(self):
        """验收销号: verified on site; the finding closes with it (services)."""

    @transition(field=status, source=Status.RECTIFIED, target=Status.RECTIFYING, permission=BUREAU,
                custom={"label": _("Reject"), "needs_reason": True})
    def reject(self):
        """Not accepted: back to rectifying, with the reason."""
