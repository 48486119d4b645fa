"""Reads of the imports domain: a job as JSON (with what this user may do next), the targets and
coordinate systems the upload form offers."""
from __future__ import annotations

from django.utils import timezone

from geo_api.timeline.transitions import allowed_transitions
from layers.access import can_write
from layers.api_access import layer_title
from layers.registry import load_catalog

from . import crs
from .models import ImportJob
from .targets import targets, unfillable
from .workflow import IMPORT_WORKFLOW, jobs_visible_to


def _local(value) -> str | None:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


def job_json(job: ImportJob, user, *, preview: bool = True) -> dict:
    report = dict(job.report or {})
    if not preview:
        report.pop("preview", None)
    layer = load_catalog().get(job.layer_id) if job.layer_id else None
    return {
        "id": job.pk, "kind": job.kind, "state": job.state, "state_label": job.get_state_display(),
        "file_name": job.file_name, "format": job.file_format, "source_crs": job.source_crs,
        "layer": job.layer_id or None, "layer_title": layer_title(layer) if layer else None,
        "mapping": job.mapping, "rows": job.rows, "loaded": job.loaded, "progress": job.progress,
        "phase": job.phase, "error": job.error, "report": report,
        "targets": [t.as_json() for t in targets(layer)] if layer else [],
        "created_at": _local(job.created_at), "started_at": _local(job.started_at),
        "finished_at": _local(job.finished_at),
        "allowed": [{"name": a["name"], "label": a["label"]} for a in allowed_transitions(IMPORT_WORKFLOW, job, user)],
        "url": f"/api/imports/{job.pk}/",
    }


def jobs_list(user, limit: int = 50):
    return jobs_visible_to(user).order_by("-created_at", "-id")[:limit]


def import_layers(user) -> list[dict]:
    """Editable layers this user may write and an import can fill."""
    out = []
    for layer in load_catalog().all():
        if layer.editable and can_write(user, layer) and not unfillable(layer):
            out.append({"id": layer.id, "title": layer_title(layer), "geometry_type": layer.geometry_type,
                        "targets": [t.as_json() for t in targets(layer)]})
    return out


def crs_choices() -> list[dict]:
    return [{"code": c.code, "label": str(c.label)} for c in crs.CHOICES]
