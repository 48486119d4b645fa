"""Plan tasks (任务清单): what an activation asks of each responsible person or department.

assigned → accepted → in progress → done, or rejected with a reason; a commander or duty officer
reassigns (back to assigned, to someone else). Overdue is not a state: a task past its deadline
and not done is flagged by the scheduled check (overdue_at) whatever state it is in, so the
person can still accept and finish it late. Only geo_api/tasks/services.py changes the state,
through geo_api/timeline/transitions.run_transition."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from geo_api.accounts.roles import Role, roles_of
from geo_api.timeline.rules import roles_may
from geo_api.timeline.state import StateMachineModel

# Who dispatches: the duty desk and the commander (BRIEF subsystems 1–3).
DISPATCH = roles_may(Role.DUTY_OFFICER, Role.COMMANDER)


def is_owner(task, user) -> bool:
    """The person the task is for, or a member of the department it is for."""
    if not (user and user.is_authenticated):
        return False
    if task.assignee_id is not None:
        return task.assignee_id == user.pk
    return task.department_id is not None and task.department.members.filter(pk=user.pk).exists()


def owner_may(task, user) -> bool:
    """A transition `permission=`: the task's owner (administrators too, as everywhere)."""
    return is_owner(task, user) or Role.ADMINISTRATOR in roles_of(user)


owner_may.roles = frozenset({"owner", Role.ADMINISTRATOR})


class Task(StateMachineModel, models.Model):
    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        # A task is taken on (接收), not inspected and signed off (验收) as a rectified hazard is.
        ACCEPTED = "accepted", pgettext_lazy("task status", "Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")

    # A task comes from a plan activation (with its action and event) or from a warning's exposure
    # (remediation before anything happened: no event, no plan); the constraint below keeps one.
    activation = models.ForeignKey("plans.PlanActivation", models.PROTECT, related_name="tasks", null=True,
                                   blank=True, verbose_name=_("activation"))
    action = models.ForeignKey("plans.PlanAction", models.PROTECT, related_name="tasks", null=True, blank=True,
                               verbose_name=_("plan action"))
    # Named `event`: the live channel publishes the task on the event's topic.
    event = models.ForeignKey("incidents.Event", models.PROTECT, related_name="plan_tasks", null=True, blank=True,
                              verbose_name=_("event"))
    warning = models.ForeignKey("warnings.Warning", models.PROTECT, related_name="remediation_tasks", null=True,
                                blank=True, verbose_name=_("warning"))
    # The exposed feature a remediation task is about (layer id + feature id), if any.
    feature_layer = models.CharField(_("feature layer"), max_length=40, blank=True)
    feature_id = models.BigIntegerField(_("feature id"), null=True, blank=True)
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                 related_name="plan_tasks", verbose_name=_("responsible person"))
    department = models.ForeignKey("plans.Department", models.PROTECT, null=True, blank=True,
                                   related_name="tasks", verbose_name=_("responsible department"))
    deadline = models.DateTimeField(_("deadline"))
    status = FSMField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED, protected=True)
    overdue_at = models.DateTimeField(_("marked overdue at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(assignee__isnull=False) | models.Q(department__isnull=False),
            name="task_has_owner"),
            models.CheckConstraint(
                condition=(models.Q(activation__isnull=False, action__isnull=False, event__isnull=False)
                           | models.Q(warning__isnull=False)),
                name="task_from_plan_or_warning")]
        indexes = [models.Index(fields=["status", "deadline"], name="task_open_deadline")]

    def __str__(self):
        return self.title

    @property
    def owner_label(self) -> str:
        if self.assignee_id:
            return self.assignee.get_full_name() or self.assignee.get_username()
        return self.department.name

    # -- transitions: performed through geo_api.tasks.services ------------------------------------
    @transition(field=status, source=Status.ASSIGNED, target=Status.ACCEPTED, permission=owner_may,
                custom={"label": _("Accept")})
    def accept(self):
        """接收: the person or department takes the task on."""

    @transition(field=status, source=Status.ACCEPTED, target=Status.IN_PROGRESS, permission=owner_may,
                custom={"label": _("Start")})
    def start(self):
        """开始处置."""

    @transition(field=status, source=Status.IN_PROGRESS, target=Status.DONE, permission=owner_may,
                custom={"label": _("Done")})
    def finish(self):
        """完成."""
        from django.utils import timezone

        self.done_at = timezone.now()

    @transition(field=status, source=[Status.ASSIGNED, Status.ACCEPTED], target=Status.REJECTED,
                permission=owner_may, custom={"label": _("Reject"), "needs_reason": True})
    def reject(self):
        """退回: not ours, or not possible; the reason tells the desk what to do instead."""

    @transition(field=status, source=[Status.ASSIGNED, Status.ACCEPTED, Status.IN_PROGRESS, Status.REJECTED],
                target=Status.ASSIGNED, permission=DISPATCH, custom={"label": _("Reassign"), "needs_reason": True})
    def reassign(self):
        """改派: the new person or department is set by the service before the transition."""
