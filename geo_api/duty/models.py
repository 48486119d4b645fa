"""The duty desk (值班值守): people on the roster, shift templates, monthly rosters of shifts,
swap requests, the duty log of each shift and the handover between shifts.

A shift is a concrete interval [starts_at, ends_at) in time: "on duty now" is the shift whose
interval holds the instant, so at a boundary the incoming shift is on duty, never both."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from geo_api.accounts.roles import Role
from geo_api.timeline.rules import condition
from geo_api.timeline.state import StateMachineModel

# Who keeps the duty desk: duty officers, the commander and administrators.
DESK_ROLES = frozenset({Role.DUTY_OFFICER, Role.COMMANDER, Role.ADMINISTRATOR})


class DutyPerson(models.Model):
    """Someone who can be put on a shift. Names are unique on the roster: the Excel roster names
    people, and a name must say who it is."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    phone = models.CharField(_("phone"), max_length=30)
    organization = models.CharField(_("organization"), max_length=100, blank=True)
    title = models.CharField(_("job title"), max_length=50, blank=True)
    # The sign-in name of this person's account, if any (a name, not a key: demo data and
    # rosters are loaded before or without the accounts).
    username = models.CharField(_("account"), max_length=150, blank=True, db_index=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        db_table = "onemap_duty_person"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["username"], condition=~models.Q(username=""),
                                               name="duty_person_one_account")]
        verbose_name = _("duty person")
        verbose_name_plural = _("duty people")

    def __str__(self):
        return self.name


def person_of(user) -> DutyPerson | None:
    """The duty person a signed-in account is, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return DutyPerson.objects.filter(username=user.get_username(), active=True).first()


class ShiftTemplate(models.Model):
    """How a day is cut into shifts and how people rotate through them.

    The duty day starts at `day_start`; `slots` cut it into consecutive shifts ([{"name": "白班",
    "hours": 12}, ...], 24 hours in all). Shift number n counts every slot of every calendar day
    from `anchor_date`; the rotation group on duty for shift n is n mod `groups`, and the people of
    the template whose offset is that group take it. 上一休三 is one 24-hour slot and four groups;
    四班三倒 is three 8-hour slots and four groups (each team on every fourth shift)."""

    class Days(models.TextChoices):
        EVERY_DAY = "every_day", _("Every day")
        WORKING_DAYS = "working_days", _("Working days only")

    class LeaderRule(models.TextChoices):
        EVERY_SHIFT = "every_shift", _("A leader on every shift")
        HOLIDAYS = "holidays", _("A leader on holidays and rest days")
        NONE = "none", _("No leader")

    name = models.CharField(_("name"), max_length=50, unique=True)
    day_start = models.TimeField(_("duty day starts at"))
    slots = models.JSONField(_("shifts of the day"))
    groups = models.PositiveSmallIntegerField(_("rotation groups"),
                                              validators=[MinValueValidator(1), MaxValueValidator(31)])
    anchor_date = models.DateField(_("rotation starts on"))
    days = models.CharField(_("days"), max_length=16, choices=Days.choices, default=Days.EVERY_DAY)
    leader_rule = models.CharField(_("leaders"), max_length=16, choices=LeaderRule.choices,
                                   default=LeaderRule.EVERY_SHIFT)
    officers_per_shift = models.PositiveSmallIntegerField(_("officers per shift"), default=2)

    def clean(self):
        from django.core.exceptions import ValidationError

        from geo_api.common.errors import InvalidInput

        from .calendar import validate_slots

        try:
            self.slots = validate_slots(self.slots)
        except InvalidInput as exc:
            raise ValidationError({"slots": exc.message}) from None

    class Meta:
        db_table = "onemap_duty_template"
        ordering = ["name"]
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")

    def __str__(self):
        return self.name


class TemplateMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Duty leader")
        OFFICER = "officer", _("Duty officer")

    template = models.ForeignKey(ShiftTemplate, models.CASCADE, related_name="members", verbose_name=_("template"))
    person = models.ForeignKey(DutyPerson, models.PROTECT, related_name="+", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    offset = models.PositiveSmallIntegerField(_("rotation group"))

    class Meta:
        db_table = "onemap_duty_template_member"
        ordering = ["offset", "role", "person__name"]
        constraints = [models.UniqueConstraint(fields=["template", "person"], name="duty_member_once")]
        verbose_name = _("template member")
        verbose_name_plural = _("template members")


class Roster(models.Model):
    """One month of one template's shifts, generated and then edited by hand."""

    template = models.ForeignKey(ShiftTemplate, models.PROTECT, related_name="rosters", verbose_name=_("template"))
    month = models.DateField(_("month"))  # the first day of the month
    generated_at = models.DateTimeField(_("generated at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "onemap_duty_roster"
        ordering = ["-month", "template__name"]
        constraints = [models.UniqueConstraint(fields=["template", "month"], name="duty_roster_month")]
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")

    def __str__(self):
        return f"{self.template} {self.month:%Y-%m}"


class Shift(models.Model):
    roster = models.ForeignKey(Roster, models.CASCADE, related_name="shifts", verbose_name=_("roster"))
    date = models.DateField(_("duty day"))
    slot = models.PositiveSmallIntegerField(_("shift number of the day"))
    name = models.CharField(_("shift"), max_length=20)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_holiday = models.BooleanField(_("holiday or rest day"), default=False)
    holiday_name = models.CharField(_("holiday"), max_length=40, blank=True)
    is_adjusted_workday = models.BooleanField(_("adjusted working day"), default=False)

    class Meta:
        db_table = "onemap_duty_shift"
        ordering = ["starts_at", "roster_id"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "date", "slot"], name="duty_shift_slot"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="duty_shift_interval"),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="duty_shift_interval_idx")]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class ShiftMember(models.Model):
    shift = models.ForeignKey(Shift, models.CASCADE, related_name="members", verbose_name=_("shift"))
    person = models.ForeignKey(DutyPerson, models.PROTECT, related_name="shift_memberships", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=8, choices=TemplateMember.Role.choices)

    class Meta:
        db_table = "onemap_duty_shift_member"
        ordering = ["-role", "person__name"]  # the leader first, then officers by name
        constraints = [
            models.UniqueConstraint(fields=["shift", "person"], name="duty_shift_person_once"),
            models.UniqueConstraint(fields=["shift"], condition=models.Q(role="leader"), name="duty_shift_one_leader"),
        ]
        verbose_name = _("shift member")
        verbose_name_plural = _("shift members")


def _decides_swaps(instance, user) -> bool:
    """A swap is approved or refused by the commander, an administrator or a duty leader (a
    person who leads shifts in the swap's template)."""
    from geo_api.accounts.roles import roles_of

    if roles_of(user) & {Role.COMMANDER, Role.ADMINISTRATOR}:
        return True
    person = person_of(user)
    return person is not None and TemplateMember.objects.filter(
        template_id=instance.shift.roster.template_id, person=person, role=TemplateMember.Role.LEADER).exists()


_decides_swaps.roles = frozenset({Role.COMMANDER, Role.ADMINISTRATOR})


def _requests_swaps(instance, user) -> bool:
    from geo_api.accounts.roles import roles_of

    return bool(roles_of(user) & DESK_ROLES)


_requests_swaps.roles = DESK_ROLES


@condition(_("The person giving the shift away is no longer on it; refuse this request."))
def _giver_still_on_shift(swap) -> bool:
    on = set(swap.shift.members.values_list("person_id", flat=True))
    return swap.from_person_id in on and swap.to_person_id not in on


@condition(_("The person taking over is no longer on the shift offered in return; refuse this request."))
def _taker_still_on_counter_shift(swap) -> bool:
    if swap.counter_shift_id is None:
        return True
    on = set(swap.counter_shift.members.values_list("person_id", flat=True))
    return swap.to_person_id in on and swap.from_person_id not in on


class SwapRequest(StateMachineModel, models.Model):
    """换班/替班: `from_person` gives `shift` to `to_person`, optionally taking `counter_shift`
    from them in return. requested → approved (the roster changes) or refused; a request may be
    withdrawn while it waits."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    shift = models.ForeignKey(Shift, models.CASCADE, related_name="swaps", verbose_name=_("shift"))
    from_person = models.ForeignKey(DutyPerson, models.PROTECT, related_name="+", verbose_name=_("handed over by"))
    to_person = models.ForeignKey(DutyPerson, models.PROTECT, related_name="+", verbose_name=_("taken over by"))
    counter_shift = models.ForeignKey(Shift, models.CASCADE, null=True, blank=True, related_name="+",
                                      verbose_name=_("shift in return"))
    reason = models.TextField(_("reason"))
    status = FSMField(_("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED, protected=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        db_table = "onemap_duty_swap"
        ordering = ["-requested_at"]
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")

    def __str__(self):
        return f"{self.shift}: {self.from_person} → {self.to_person}"

    @transition(field=status, source=Status.REQUESTED, target=Status.APPROVED, permission=_decides_swaps,
                conditions=[_giver_still_on_shift, _taker_still_on_counter_shift], custom={"label": _("Approve")})
    def approve(self):
        """批准: the roster changes in the same transaction (duty.services.swap_transition)."""
        from django.utils import timezone

        self.decided_at = timezone.now()

    @transition(field=status, source=Status.REQUESTED, target=Status.REFUSED, permission=_decides_swaps,
                custom={"label": _("Refuse"), "needs_reason": True})
    def refuse(self):
        from django.utils import timezone

        self.decided_at = timezone.now()

    @transition(field=status, source=Status.REQUESTED, target=Status.WITHDRAWN, permission=_requests_swaps,
                custom={"label": _("Withdraw")})
    def withdraw(self):
        """撤回: the request is no longer needed."""


class LogEntry(models.Model):
    """One line of a shift's duty log (值班日志). An open item (待办) stays open until it is
    resolved; at handover every open item is carried into the next shift's log."""

    class Kind(models.TextChoices):
        CALL = "call", _("Phone call")
        REPORT = "report", _("Incident report")
        INSTRUCTION = "instruction", _("Instruction from above")
        NOTICE = "notice", _("Notice passed on")
        CHECK = "check", _("Check or inspection")
        NOTE = "note", _("Other")

    shift = models.ForeignKey(Shift, models.PROTECT, related_name="log", verbose_name=_("shift"))
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("text"))
    event = models.ForeignKey("incidents.Event", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("event"))
    is_open = models.BooleanField(_("open item"), default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    carried_from = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="carried_to",
                                     verbose_name=_("carried over from"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("written by"))
    author_label = models.CharField(_("written by (as recorded)"), max_length=200)

    class Meta:
        db_table = "onemap_duty_log"
        ordering = ["at", "id"]
        verbose_name = _("duty log entry")
        verbose_name_plural = _("duty log entries")

    def __str__(self):
        return self.text[:40]


class Handover(models.Model):
    """交接班: who hands the duty to whom, with notes and the open items carried over."""

    from_shift = models.OneToOneField(Shift, models.PROTECT, related_name="handover", verbose_name=_("shift handed over"))
    to_shift = models.ForeignKey(Shift, models.PROTECT, related_name="+", verbose_name=_("shift taking over"))
    handed_by = models.ForeignKey(DutyPerson, models.PROTECT, related_name="+", verbose_name=_("handed over by"))
    received_by = models.ForeignKey(DutyPerson, models.PROTECT, related_name="+", verbose_name=_("received by"))
    notes = models.TextField(_("notes"), blank=True)
    open_items = models.JSONField(_("open items"), default=list, blank=True)
    at = models.DateTimeField(_("handed over at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        db_table = "onemap_duty_handover"
        ordering = ["-at"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
