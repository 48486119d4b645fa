"""The task state machine as a run_transition workflow. Tasks are not a map layer, so the
workflow decides itself who may read a row (geo_api/timeline/transitions.readable_instance)."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_api.common.errors import NotFound, NotSignedIn, Refused
from geo_api.timeline.transitions import Workflow

from .access import sees_no_tasks, tasks_visible_to
from .models import Task


@dataclass(frozen=True)
class TaskWorkflow(Workflow):
    layer_id: str = ""
    field: str = "status"

    @property
    def model(self):
        return Task

    def readable(self, pk, user, *, lock=False):
        if user is not None:
            if not (user and user.is_authenticated):
                raise NotSignedIn(_("Sign in to see your tasks."))
            if sees_no_tasks(user):
                raise Refused(_("Your account has no plan tasks."))
            if not tasks_visible_to(user).filter(pk=pk).exists():
                raise NotFound(_("No task with id %(id)s.") % {"id": pk})
        manager = Task.objects.select_for_update() if lock else Task.objects
        task = manager.filter(pk=pk).first()
        if task is None:
            raise NotFound(_("No task with id %(id)s.") % {"id": pk})
        return task


TASK_WORKFLOW = TaskWorkflow()
