from django.contrib.gis.db import models
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from geo_api.accounts.roles import Role
from geo_api.timeline.rules import condition, roles_may
from geo_api.timeline.state import StateMachineModel

from ..capacity import capacity_expression
from ..evaluation import CONCLUSIONS

# Who moves a shelter through its lifecycle (BRIEF subsystem 14): the shelter's own staff collect
# its information; designating (认定), filing (备案) and revoking are decisions of the emergency
# management bureau, taken by its commanders (administrators may perform every transition), and
# so is recording an evaluation (场所评估, organised by the district bureau).
COLLECTORS = roles_may(Role.SHELTER_STAFF)
BUREAU = roles_may(Role.COMMANDER)


# The services attach what a transition takes (geo_api/shelters/services.py `prepare`); without it
# the transition is listed as blocked with what to do first.
@condition(_("Give the decision record: document number and date of the decision."))
def has_decision(shelter) -> bool:
    return getattr(shelter, "_decision", None) is not None


@condition(_("Record the evaluation first: POST /api/shelters/<id>/evaluations/ with the indicator results."))
def has_evaluation(shelter) -> bool:
    return getattr(shelter, "_evaluation", None) is not None


class Shelter(StateMachineModel, models.Model):
    """应急避难场所."""

    class ShelterClass(models.TextChoices):
        """GB 21734-2008: by how long people can stay."""

        CLASS_I = "I", _("Class I (30 days or more)")
        CLASS_II = "II", _("Class II (10 to 30 days)")
        CLASS_III = "III", _("Class III (up to 10 days)")

    class ShelterType(models.TextChoices):
        """GB 51143-2015."""

        EMERGENCY = "emergency", _("Emergency shelter")
        FIXED_SHORT = "fixed_short", _("Fixed shelter, short term")
        FIXED_MEDIUM = "fixed_medium", _("Fixed shelter, medium term")
        FIXED_LONG = "fixed_long", _("Fixed shelter, long term")
        CENTRAL = "central", _("Central shelter")

    class SpaceType(models.TextChoices):
        INDOOR = "indoor", _("Indoor")
        OUTDOOR = "outdoor", _("Outdoor")
        BOTH = "both", _("Indoor and outdoor")

    class Tier(models.TextChoices):
        """GB/T 44013-2024."""

        CITY = "city", _("City level")
        DISTRICT = "district", _("District level")
        STREET = "street", _("Street or town level")
        COMMUNITY = "community", _("Village or community level")

    class Designation(models.TextChoices):
        """Lifecycle: 信息采集 → 场所认定 → 场所备案 → 场所评估 (inspections and rectification
        follow, geo_api/shelters/models/inspections.py); an evaluated shelter is evaluated again
        (a new evaluation); a designated, filed or evaluated shelter can be revoked, a revoked one
        collected again. Only the transitions below change it (geo_api/shelters/services.py)."""

        COLLECTED = "collected", _("Information collected")
        DESIGNATED = "designated", _("Designated")
        FILED = "filed", _("Filed")
        EVALUATED = "evaluated", _("Evaluated")
        REVOKED = "revoked", _("Revoked")

    code = models.CharField(_("shelter code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    shelter_class = models.CharField(_("shelter class"), max_length=4, choices=ShelterClass.choices)
    shelter_type = models.CharField(_("shelter type"), max_length=16, choices=ShelterType.choices)
    space_type = models.CharField(_("space type"), max_length=8, choices=SpaceType.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    area_m2 = models.FloatField(_("effective area (m²)"), validators=[MinValueValidator(0)])
    # Never typed: the database computes it from the area and the per-person area of the type
    # (geo_api/shelters/capacity.py, GB 51143-2015).
    capacity = models.GeneratedField(expression=capacity_expression(), output_field=models.IntegerField(),
                                     db_persist=True, verbose_name=_("capacity (persons)"))
    designation_status = FSMField(
        _("designation status"), max_length=12, choices=Designation.choices, default=Designation.COLLECTED,
        protected=True,
    )
    # The conclusion of the latest evaluation (geo_api/shelters/evaluation.py), set with the
    # evaluate transition; "" until the first one.
    evaluation_conclusion = models.CharField(_("evaluation conclusion"), max_length=20, choices=CONCLUSIONS,
                                             blank=True, default="")
    managing_unit = models.CharField(_("managing unit"), max_length=100)
    contact = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200)
    district = models.ForeignKey("reference.District", models.PROTECT, verbose_name=_("street or town"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    geom = models.PointField(_("location"), srid=4326)

    class Meta:
        db_table = "onemap_shelter"
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")

    def __str__(self):
        return self.name

    # -- transitions: performed through geo_api.shelters.services.shelter_transition ---------
    @transition(field=designation_status, source=Designation.COLLECTED, target=Designation.DESIGNATED,
                permission=BUREAU, conditions=[has_decision], custom={"label": _("Designate")})
    def designate(self):
        """场所认定, with its decision record (ShelterDecision)."""

    @transition(field=designation_status, source=Designation.DESIGNATED, target=Designation.FILED,
                permission=BUREAU, conditions=[has_decision], custom={"label": _("File")})
    def file(self):
        """场所备案, with its filing record (ShelterDecision)."""

    @transition(field=designation_status, source=[Designation.FILED, Designation.EVALUATED],
                target=Designation.EVALUATED, permission=BUREAU, conditions=[has_evaluation],
                custom={"label": _("Evaluate")})
    def evaluate(self):
        """场所评估: the conclusion of the evaluation just recorded becomes the shelter's."""
        self.evaluation_conclusion = self._evaluation.conclusion

    @transition(field=designation_status, source=[Designation.DESIGNATED, Designation.FILED, Designation.EVALUATED],
                target=Designation.REVOKED, permission=BUREAU, custom={"label": _("Revoke"), "needs_reason": True})
    def revoke(self):
        """撤销认定: no longer fit to shelter people."""

    @transition(field=designation_status, source=Designation.REVOKED, target=Designation.COLLECTED,
                permission=COLLECTORS, custom={"label": _("Collect again")})
    def recollect(self):
        """重新采集: the shelter's information is collected again for a new designation."""
