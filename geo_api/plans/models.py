"""Structured emergency plans (应急预案, 突发事件应急预案管理办法 国办发〔2024〕5号).

A Plan is the stable identity (its code, its drills); every revision is a PlanVersion row holding
the whole content (type, level, applicable event types, area, validity, response levels with their
actions and who does them, linked resources and shelters, the original document). One version is
current (published); older ones stay as history and are never edited: a change is a new version.
Activations name the version that was in force, so the tasks of a past event keep their meaning."""
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from geo_api.reference.codes import ResponseLevel, Severity

# Special and department plans are drilled at least once in three years (国办发〔2024〕5号).
DRILL_INTERVAL = timedelta(days=3 * 365)


class PlanType(models.TextChoices):
    OVERALL = "overall", _("Overall plan")            # 总体应急预案
    SPECIAL = "special", _("Special plan")            # 专项应急预案
    DEPARTMENT = "department", _("Department plan")   # 部门应急预案
    UNIT = "unit", _("Unit plan")                     # 单位应急预案
    GRASSROOTS = "grassroots", _("Grassroots plan")   # 基层组织应急预案


class PlanLevel(models.TextChoices):
    """The government level that issues the plan."""

    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street or town")
    COMMUNITY = "community", _("Village or neighbourhood")
    UNIT = "unit", _("Unit")


class AreaScope(models.TextChoices):
    """Where a plan applies: the whole city, the whole district, or one street/town of it."""

    CITY = "city", _("Shanghai (city-wide)")
    DISTRICT = "district", _("Changning District")
    STREET = "street", _("One street or town")


class Department(models.Model):
    """A responsible department (成员单位) of the district's plans; its members are the accounts
    (department liaisons) who receive and answer its tasks."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    phone = models.CharField(_("duty phone"), max_length=40, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="plan_departments",
                                     verbose_name=_("members"))

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Plan(models.Model):
    """The current version is the one not superseded (at most one per plan, a database
    constraint); no pointer back from the plan, so plans and versions have no foreign-key cycle
    and load, delete and audit in a plain dependency order."""

    code = models.CharField(_("plan code"), max_length=40, unique=True)
    last_drilled_on = models.DateField(_("last drill"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("emergency plan")
        verbose_name_plural = _("emergency plans")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.current.title if self.current else ''}".strip()

    @cached_property
    def current(self):
        """The published version (selectors prefetch it as `current_versions`)."""
        if hasattr(self, "current_versions"):
            return self.current_versions[0] if self.current_versions else None
        return self.versions.filter(superseded_at__isnull=True).select_related("owner", "district").first()

    def drill_overdue(self, today=None) -> bool:
        """Never drilled, or last drilled more than three years ago (未演练超过三年)."""
        today = today or timezone.localdate()
        return self.last_drilled_on is None or today - self.last_drilled_on > DRILL_INTERVAL


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    plan_type = models.CharField(_("plan type"), max_length=16, choices=PlanType.choices)
    level = models.CharField(_("plan level"), max_length=16, choices=PlanLevel.choices)
    owner = models.ForeignKey(Department, models.PROTECT, related_name="owned_plan_versions",
                              verbose_name=_("owner department"))
    # Event categories (EventCategory codes) or event types; a category covers all its types.
    event_types = ArrayField(models.CharField(max_length=50), verbose_name=_("applicable event types"))
    area_scope = models.CharField(_("area of application"), max_length=16, choices=AreaScope.choices)
    district = models.ForeignKey("reference.District", models.PROTECT, null=True, blank=True,
                                 verbose_name=_("street or town"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    revised_on = models.DateField(_("revised on"))
    revision_note = models.CharField(_("revision note"), max_length=300, blank=True)
    resources = models.ManyToManyField("resources.Resource", blank=True, related_name="plan_versions",
                                       verbose_name=_("linked resources"))
    shelters = models.ManyToManyField("shelters.Shelter", blank=True, related_name="plan_versions",
                                      verbose_name=_("linked shelters"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number"),
            models.UniqueConstraint(fields=["plan"], condition=models.Q(superseded_at__isnull=True),
                                    name="plan_one_current_version"),
            models.CheckConstraint(condition=models.Q(area_scope="street", district__isnull=False)
                                   | (~models.Q(area_scope="street") & models.Q(district__isnull=True)),
                                   name="plan_version_street_has_district"),
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"


class PlanResponse(models.Model):
    """One response level of a plan version: the event severities that trigger it and what is
    done, by whom, within how long of activation."""

    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="responses", verbose_name=_("version"))
    response_level = models.PositiveSmallIntegerField(_("response level"), choices=ResponseLevel.choices)
    severities = ArrayField(models.PositiveSmallIntegerField(choices=Severity.choices),
                            verbose_name=_("triggering severities"))
    condition = models.CharField(_("activation condition"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("response level")
        verbose_name_plural = _("response levels")
        ordering = ["version", "response_level"]
        constraints = [models.UniqueConstraint(fields=["version", "response_level"], name="plan_response_level")]


class PlanAction(models.Model):
    response = models.ForeignKey(PlanResponse, models.CASCADE, related_name="actions", verbose_name=_("response level"))
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The deadline, counted from the activation.
    deadline_minutes = models.PositiveIntegerField(_("deadline (minutes after activation)"))
    departments = models.ManyToManyField(Department, blank=True, related_name="plan_actions",
                                         verbose_name=_("responsible departments"))
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="plan_actions",
                                    verbose_name=_("responsible people"))

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["response", "order"]
        constraints = [models.UniqueConstraint(fields=["response", "order"], name="plan_action_order")]

    def __str__(self):
        return self.title


class PlanAttachment(models.Model):
    """The original document of a version (PDF, Word, OFD, Excel), kept in the database so every
    app process serves it without a shared disk; type and size are checked on upload."""

    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="attachments", verbose_name=_("version"))
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan attachment")
        verbose_name_plural = _("plan attachments")
        ordering = ["version", "id"]


class PlanActivation(models.Model):
    """启动预案: a plan (the version in force) activated for an event at a response level."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="activations", verbose_name=_("plan"))
    version = models.ForeignKey(PlanVersion, models.PROTECT, related_name="activations", verbose_name=_("version"))
    event = models.ForeignKey("incidents.Event", models.PROTECT, related_name="plan_activations",
                              verbose_name=_("event"))
    response_level = models.PositiveSmallIntegerField(_("response level"), choices=ResponseLevel.choices)
    reason = models.TextField(_("reason"), blank=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("activated by"))
    activated_at = models.DateTimeField(_("activated at"))

    class Meta:
        verbose_name = _("plan activation")
        verbose_name_plural = _("plan activations")
        ordering = ["-activated_at", "-id"]

    def __str__(self):
        return f"{self.plan.code} → {self.event_id} ({self.response_level})"


# The evaluations of activated versions live in their own module (issue 10 item 7).
from .evaluation_models import PlanActionRating, PlanEvaluation, PlanProposedAction  # noqa: E402,F401
