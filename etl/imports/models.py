"""An import job: one uploaded file, checked (preview + per-row report), then loaded into one
layer all or nothing by a background job whose progress the desk page shows.

previewed → queued (commit) → loading → done, or failed; the uploader may cancel a queued or
loading job (the load's transaction is cancelled, the layer stays as it was). Rasters are not
loaded into a layer: their per-street statistics are computed at upload and the job is done.
Only etl/imports/services.py changes the state, through geo_api/timeline/transitions.run_transition."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django_fsm import FSMField, transition

from geo_api.accounts.roles import Role, roles_of


def uploader_may(job, user) -> bool:
    return bool(user and user.is_authenticated and (job.created_by_id == user.pk
                                                    or Role.ADMINISTRATOR in roles_of(user)))


uploader_may.roles = frozenset({"uploader", Role.ADMINISTRATOR})


class ImportJob(models.Model):
    # The job's words in their own context: the same English is a case closed (办结), a response
    # started (开始处置) or a warning lifted (解除) elsewhere in the catalogue.
    class State(models.TextChoices):
        PREVIEWED = "previewed", pgettext_lazy("import", "Checked, not loaded")
        QUEUED = "queued", pgettext_lazy("import", "Queued")
        LOADING = "loading", pgettext_lazy("import", "Loading")
        DONE = "done", pgettext_lazy("import", "Done")
        FAILED = "failed", pgettext_lazy("import", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("import", "Cancelled")

    class Kind(models.TextChoices):
        VECTOR = "vector", _("Features into a layer")
        RASTER = "raster", _("Raster statistics by street")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="import_jobs",
                                   verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.VECTOR)
    file_name = models.CharField(_("file name"), max_length=200)
    file_path = models.CharField(_("stored file"), max_length=300)
    file_format = models.CharField(_("format"), max_length=12)
    layer_id = models.CharField(_("target layer"), max_length=40, blank=True)
    source_crs = models.CharField(_("source coordinate system"), max_length=20, default="EPSG:4326")
    mapping = models.JSONField(_("field mapping"), default=dict, blank=True)
    state = FSMField(_("state"), max_length=10, choices=State.choices, default=State.PREVIEWED, protected=True)
    # Written by the loader from its own connection while the load's transaction is open.
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    progress = models.FloatField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    loaded = models.PositiveIntegerField(_("rows loaded"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    backend_pid = models.IntegerField(_("database backend of the load"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        db_table = "onemap_importjob"
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} → {self.layer_id or self.kind}"

    @transition(field=state, source=State.PREVIEWED, target=State.QUEUED, permission=uploader_may,
                custom={"label": pgettext_lazy("import", "Load")})
    def commit(self):
        """The uploader loads the checked file."""

    @transition(field=state, source=State.QUEUED, target=State.LOADING, custom={"label": pgettext_lazy("import", "Start"), "system": True})
    def start(self):
        """The background job takes it."""

    @transition(field=state, source=State.LOADING, target=State.DONE, custom={"label": pgettext_lazy("import", "Finish"), "system": True})
    def finish(self):
        """Committed in the same transaction as the rows."""

    @transition(field=state, source=[State.QUEUED, State.LOADING], target=State.FAILED,
                custom={"label": pgettext_lazy("import", "Fail"), "system": True})
    def fail(self):
        """A bad row, a broken file, a killed load: the layer is as it was."""

    @transition(field=state, source=[State.QUEUED, State.LOADING], target=State.CANCELLED, permission=uploader_may,
                custom={"label": pgettext_lazy("import", "Cancel"), "needs_reason": False})
    def cancel(self):
        """The uploader stops it; the load's transaction is cancelled."""
