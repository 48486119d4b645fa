"""The import job's state machine as a run_transition workflow. Jobs are not a map layer: a job
is read by the person who uploaded it and by administrators."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo_api.accounts.roles import Role, roles_of
from geo_api.common.errors import NotFound, NotSignedIn
from geo_api.timeline.transitions import Workflow

from .models import ImportJob


def jobs_visible_to(user):
    if not (user and user.is_authenticated and user.is_active):
        return ImportJob.objects.none()
    if Role.ADMINISTRATOR in roles_of(user):
        return ImportJob.objects.all()
    return ImportJob.objects.filter(created_by=user)


@dataclass(frozen=True)
class ImportWorkflow(Workflow):
    layer_id: str = ""
    field: str = "state"

    @property
    def model(self):
        return ImportJob

    def readable(self, pk, user, *, lock=False):
        if user is not None:
            if not (user and user.is_authenticated):
                raise NotSignedIn(_("Sign in to see your imports."))
            if not jobs_visible_to(user).filter(pk=pk).exists():
                raise NotFound(_("No import with id %(id)s.") % {"id": pk})
        manager = ImportJob.objects.select_for_update() if lock else ImportJob.objects
        job = manager.filter(pk=pk).first()
        if job is None:
            raise NotFound(_("No import with id %(id)s.") % {"id": pk})
        return job


IMPORT_WORKFLOW = ImportWorkflow()
