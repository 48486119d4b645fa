"""Writes of the imports domain: upload + check (preview), change the mapping, load (commit),
cancel, and the background run. State changes go through run_transition (on the job's
timeline); the rows go into the layer in one transaction (etl/imports/load.py)."""
from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from geo_api.accounts.roles import Role, roles_of
from geo_api.audit.services import bulk_load
from geo_api.common.errors import Conflict, DomainError, InvalidInput, NotSignedIn, Refused
from geo_api.timeline.models import TimelineEntry
from geo_api.timeline.services import timeline_record
from geo_api.timeline.transitions import run_transition
from layers.api_access import EDIT, refuse_unless
from layers.registry import load_catalog

from . import crs, direct, load, raster, readers
from .models import ImportJob
from .progress import NoProgress, Progress
from .targets import unfillable
from .workflow import IMPORT_WORKFLOW

log = logging.getLogger(__name__)
RASTER_SUFFIXES = (".tif", ".tiff")
RASTER_ROLES = frozenset({Role.GIS_ANALYST, Role.ADMINISTRATOR})
PREVIEW_FEATURES = 100
READ_GRACE = timedelta(minutes=10)  # reading the largest upload (512 MB) takes far less
PREVIEW_CHECK_ROWS = 200_000  # the upload answers in seconds; the load checks every row again


class _Rollback(Exception):
    pass


def _max_bytes() -> int:
    return int(getattr(settings, "ONEMAP_IMPORT_MAX_BYTES", 512 * 1024 * 1024))


def _store(upload) -> tuple[str, Path]:
    name = get_valid_filename(Path(upload.name or "upload").name)[:150] or "upload"
    folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name, path


def _layer_for(user, layer_id: str):
    if not layer_id:
        raise InvalidInput(_("Choose the layer to load into."), errors={"layer": [_("Required.")]})
    layer = load_catalog().get(layer_id)
    refuse_unless(user, layer, EDIT)
    missing = unfillable(layer)
    if missing:
        raise Conflict(_("The layer “%(layer)s” needs %(fields)s, which its own workflow sets; add its rows "
                         "there instead of by file.") % {"layer": layer.title_zh, "fields": ", ".join(missing)})
    return layer


def _check_crs(code: str) -> str:
    code = (code or "EPSG:4326").strip().upper().replace("GCJ02", crs.GCJ02).replace("BD09", crs.BD09)
    if not crs.is_known(code):
        raise InvalidInput(_("Unknown source coordinate system %(c)s; use one of %(all)s.") % {
            "c": code, "all": ", ".join(crs.CODES)}, errors={"source_crs": [_("Unknown.")]})
    return code


def import_upload(*, user, upload, layer_id: str = "", source_crs: str = "", mapping=None,
                  threshold=None) -> ImportJob:
    """Store the file, check it and answer with the job: a preview and a per-row report for a
    vector file, per-street statistics for a raster. Nothing is written to any layer."""
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to import files."))
    if upload is None:
        raise InvalidInput(_("Send the file in the field “file”."), errors={"file": [_("Required.")]})
    if upload.size > _max_bytes():
        raise InvalidInput(_("The file is %(mb)s MB; the limit is %(max)s MB.") % {
            "mb": upload.size // 2**20, "max": _max_bytes() // 2**20}, errors={"file": [_("Too large.")]})
    if Path(upload.name or "").suffix.lower() in RASTER_SUFFIXES:
        return _raster_upload(user=user, upload=upload, threshold=threshold)
    fmt = readers.detect(upload.name or "")
    layer = _layer_for(user, layer_id)
    code = _check_crs(source_crs)
    parsed = load.parse_mapping(mapping)
    name, path = _store(upload)
    with transaction.atomic():
        job = ImportJob.objects.create(created_by=user, file_name=name, file_path=str(path), file_format=fmt,
                                       layer_id=layer.id, source_crs=code, mapping=parsed)
        _check(job, auto=not parsed)
        timeline_record(subject=job, kind=TimelineEntry.Kind.NOTE, actor=user,
                        payload={"what": "import_uploaded", "file": name, "layer": layer.id, "rows": job.rows,
                                 "problems": job.report.get("error_count", 0)})
    return job


def _raster_upload(*, user, upload, threshold) -> ImportJob:
    if not roles_of(user) & RASTER_ROLES:
        raise Refused(_("Raster statistics are for GIS analysts and administrators."))
    try:
        level = float(threshold if threshold not in (None, "") else 0.5)
    except (TypeError, ValueError):
        raise InvalidInput(_("threshold must be a number (e.g. 0.5 m of water, 50 mm of rain)."),
                           errors={"threshold": [_("A number.")]}) from None
    name, path = _store(upload)
    rows = raster.zonal_by_street(path, level)
    with transaction.atomic():
        job = ImportJob.objects.create(created_by=user, kind=ImportJob.Kind.RASTER, file_name=name,
                                       file_path=str(path), file_format="geotiff", rows=len(rows),
                                       report={"threshold": level, "zonal": rows})
        timeline_record(subject=job, kind=TimelineEntry.Kind.NOTE, actor=user,
                        payload={"what": "raster_statistics", "file": name, "streets": len(rows), "threshold": level})
    return job


def _check(job: ImportJob, *, auto: bool) -> None:
    """Read, convert and check the file against the job's layer and mapping (in a transaction that
    is rolled back) and store the preview and the report on the job."""
    import pyogrio

    layer = load_catalog().get(job.layer_id)
    path = Path(job.file_path)
    source, options = readers.FORMATS[job.file_format].source(path)
    try:
        total = int(pyogrio.read_info(source, **options).get("features") or 0)
    except Exception as exc:  # noqa: BLE001 - GDAL's errors vary by driver; the person sees the text
        raise InvalidInput(_("The file cannot be read: %(e)s") % {"e": exc}, errors={"file": [str(exc)]}) from None
    p = load.plan(layer=layer, path=path, fmt=job.file_format, source_crs=job.source_crs, mapping=job.mapping,
                  max_features=PREVIEW_CHECK_ROWS)
    if auto:
        p.mapping = load.auto_mapping(layer, p.table)
        job.mapping = p.mapping
    mapping_errors = load.check_mapping(layer, p.table, p.mapping)
    if total == 0:
        mapping_errors.append({"field": "file", "message": _("The file holds no features.")})
    # Rows are checked with the usable part of the mapping, so a person sees both kinds of problem.
    p.mapping = {t: s for t, s in p.mapping.items() if t in p.targets and s in p.table.fields}
    try:
        with transaction.atomic():
            # A file the Python checks find clean has an empty report: no temporary table to fill.
            ready = direct.prepare(p, streets=False)
            if ready is not None and not ready.bad:
                problems, count = [], 0
            else:
                load.copy_rows(p, streets=False)
                problems, count = load.validate(p)
            raise _Rollback
    except _Rollback:
        pass
    job.rows = total
    job.report = {
        "ok": not mapping_errors and count == 0, "rows": total, "checked_rows": min(total, p.table.count),
        "errors": problems, "error_count": count, "mapping_errors": mapping_errors, "file_crs": p.table.file_crs,
        "fields": [{"name": f, "type": t, "samples": [_plain(v) for v in p.table.head(f, 3)]}
                   for f, t in zip(p.table.fields, p.table.types)],
        "preview": _preview(p),
    }
    job.save(update_fields=["rows", "report", "mapping"])


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value if isinstance(value, (int, float, bool)) else str(value)


def _preview(p: load.Plan) -> dict:
    import shapely

    n = min(PREVIEW_FEATURES, p.table.count)
    values = {target: p.table.head(source, n) for target, source in p.mapping.items() if source in p.table.fields}
    features = []
    for i in range(n):
        geom = p.geoms.shape(i)
        props = {"_row": i + 1, **{target: _plain(column[i]) for target, column in values.items()}}
        features.append({"type": "Feature", "id": i + 1, "properties": props,
                         "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None})
    return {"type": "FeatureCollection", "features": features}


def import_remap(*, user, job_id: int, mapping=None, source_crs: str | None = None) -> ImportJob:
    job = IMPORT_WORKFLOW.readable(job_id, user)
    if job.state != ImportJob.State.PREVIEWED or job.kind != ImportJob.Kind.VECTOR:
        raise Conflict(_("This import is %(state)s; upload the file again to change it.") % {
            "state": job.get_state_display()})
    refuse_unless(user, load_catalog().get(job.layer_id), EDIT)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if mapping is not None:
            job.mapping = load.parse_mapping(mapping)
        if source_crs:
            job.source_crs = _check_crs(source_crs)
        job.save(update_fields=["mapping", "source_crs"])
        _check(job, auto=False)
    return job


def import_commit(*, user, job_id: int):
    """Queue the load of a checked file; refused while the report has problems."""
    job = IMPORT_WORKFLOW.readable(job_id, user)
    if job.kind != ImportJob.Kind.VECTOR:
        raise Conflict(_("A raster is not loaded into a layer; its statistics are ready."))
    refuse_unless(user, load_catalog().get(job.layer_id), EDIT)
    report = job.report or {}
    if not report.get("ok"):
        first = (report.get("mapping_errors") or report.get("errors") or [{}])[0]
        where = _("row %(row)s: ") % {"row": first["row"]} if "row" in first else ""
        raise Conflict(_("Fix the file or the mapping first (%(n)s problems); %(where)s%(message)s") % {
            "n": report.get("error_count", 0) + len(report.get("mapping_errors") or []), "where": where,
            "message": first.get("message", "")}, report=report.get("errors", [])[:20])
    result = run_transition(workflow=IMPORT_WORKFLOW, pk=job_id, name="commit", user=user,
                            payload={"layer": job.layer_id, "rows": job.rows})
    transaction.on_commit(lambda: enqueue(job_id))
    return result


def enqueue(job_id: int) -> None:
    from geo_api.jobs.enqueue import send_now

    from .tasks import import_load

    # A queue of their own when set (ONEMAP_IMPORTS_QUEUE): big loads need not wait behind other
    # jobs, and a test's worker takes only its own loads.
    queue = os.environ.get("ONEMAP_IMPORTS_QUEUE") or getattr(settings, "ONEMAP_IMPORTS_QUEUE", None) or None
    # Broker down: the job stays queued and the commit answers as usual (geo_api/jobs/enqueue.py).
    send_now(import_load, args=(job_id,), queue=queue)


def import_cancel(*, user, job_id: int, reason: str = ""):
    """Stop a queued or running load: the state first (so the loader cannot finish), then the
    load's statement is cancelled; its transaction rolls back."""
    result = run_transition(workflow=IMPORT_WORKFLOW, pk=job_id, name="cancel", user=user, reason=reason)
    pid = result.instance.backend_pid
    if pid:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = %s "
                           "AND datname = current_database() AND application_name = %s",
                           [pid, f"onemap-import-load-{job_id}"])
    return result


def import_run(job_id: int) -> None:
    """The background load of job `job_id` (Celery: etl.imports.tasks.import_load)."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    if job.state == ImportJob.State.LOADING:
        _end_if_orphaned(job)  # a redelivery after the worker died mid-load (acks_late)
        return
    try:
        run_transition(workflow=IMPORT_WORKFLOW, pk=job_id, name="start", user=None,
                       prepare=lambda j: setattr(j, "started_at", timezone.now()))
    except DomainError:
        return  # cancelled meanwhile, or a second delivery of the same task
    job = ImportJob.objects.get(pk=job_id)
    progress = Progress(job_id)
    try:
        loaded = _load(job, progress)
    except DomainError as exc:
        _end_failed(job_id, exc.message, exc.detail.get("errors_by_row") or [])
    except DatabaseError as exc:  # cancelled, terminated, or a constraint the checks did not foresee
        connection.close()  # the backend may be gone; the next query opens a fresh one
        close_old_connections()
        _end_failed(job_id, _("The load stopped and was rolled back: %(e)s") % {"e": str(exc).strip()[:500]}, [])
    except Exception as exc:  # noqa: BLE001 - a broken file: the job says so, the layer is unchanged
        log.exception("import %s failed", job_id)
        connection.close()
        _end_failed(job_id, _("The load failed and was rolled back: %(e)s") % {"e": str(exc)[:500]}, [])
    else:
        log.info("import %s loaded %s rows", job_id, loaded)
    finally:
        progress.close()


def _load(job: ImportJob, progress) -> int:
    import time

    clock = [time.perf_counter()]
    timings = {}

    def lap(name):
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 2)
        clock[0] = now

    layer = load_catalog().get(job.layer_id)
    p = load.plan(layer=layer, path=Path(job.file_path), fmt=job.file_format, source_crs=job.source_crs,
                  mapping=job.mapping, progress=progress)
    with connection.cursor() as cursor:
        cursor.execute("SET application_name = %s", [f"onemap-import-load-{job.pk}"])
        cursor.execute("SELECT pg_backend_pid()")
        progress.set("reading", 5, force=True, backend_pid=cursor.fetchone()[0], rows=p.table.count)
    lap("read")
    with transaction.atomic():
        with bulk_load(route=f"import:{job.pk}") as counted:
            # The common case (text, typed numbers, points) is checked in Python and COPYed
            # straight into the layer; a bad row found there is reported by the SQL checks below.
            ready = direct.prepare(p)
            lap("prepare")
            if ready is not None and not ready.bad:
                loaded, rebuilt = direct.copy_into_layer(p, ready, progress, start=5, span=85)
                lap("copy")
                with connection.connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the street key's per-row check
                    lap("keys")
                    load.rebuild_indexes(cursor, rebuilt, progress, 95)
                lap("indexes")
            else:
                loaded = _load_through_sql(p, progress, lap, checked=ready is not None)
            counted({layer.model_class._meta.db_table: loaded})
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks, timed here
        lap("constraints")

        def finish(j):
            j.loaded, j.progress, j.phase, j.finished_at = loaded, 100.0, "done", timezone.now()
            j.report = {**(j.report or {}), "timings_s": timings}

        run_transition(workflow=IMPORT_WORKFLOW, pk=job.pk, name="finish", user=None, prepare=finish,
                       payload={"layer": layer.id, "loaded": loaded})
    return loaded


def _load_through_sql(p: load.Plan, progress, lap, *, checked: bool) -> int:
    """The file through a temporary table: its per-row report when a row is bad, otherwise
    INSERT … SELECT with every check inside. `checked`: the Python checks found a bad row, so
    the report comes first (nothing is written to the layer)."""
    load.copy_rows(p, progress, start=5, span=35)
    lap("copy")
    if checked:
        _refuse_if_bad(p, progress, lap)  # no problem found: the INSERT's own checks decide
    # Every row is checked by the INSERT itself, which stops at the first bad one; only then is
    # the file scanned again for the per-row report (nothing was written).
    try:
        with transaction.atomic():
            loaded = load.insert_rows(p, progress, start=40, span=58, guarded=True)
    except Exception as exc:
        if not load.refused(exc):
            raise
        lap("insert")
        _refuse_if_bad(p, progress, lap)
        raise
    lap("insert")
    return loaded


def _refuse_if_bad(p: load.Plan, progress, lap) -> None:
    progress.set("checking", 40, force=True)
    problems, count = load.validate(p)
    lap("check")
    if count:
        first = problems[0]
        raise InvalidInput(_("Row %(row)s: %(message)s (%(n)s problems in all; nothing was loaded).") % {
            "row": first["row"], "message": first["message"], "n": count}, errors_by_row=problems)


def load_alive(job: ImportJob) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
                       [f"onemap-import-load-{job.pk}"])
        return cursor.fetchone() is not None


def _end_if_orphaned(job: ImportJob) -> None:
    """A job left `loading` by a process that died: its transaction was rolled back by PostgreSQL
    when the connection dropped, so the layer is as it was; the job says so. A load still reading
    its file has no database backend yet (backend_pid): a second task of the same job (sent again
    by the sweep, sweep.py) leaves it alone for READ_GRACE rather than fail a load that is alive."""
    reading = job.backend_pid is None and job.started_at and timezone.now() - job.started_at < READ_GRACE
    if not reading and not load_alive(job):
        _end_failed(job.pk, _("The load was interrupted (its process stopped) and rolled back; the layer is "
                              "unchanged. Upload the file again to load it."), [])


def _end_failed(job_id: int, message: str, problems: list) -> None:
    def fail(j):
        j.error = message
        j.finished_at = timezone.now()
        j.phase = "failed"
        if problems:
            j.report = {**(j.report or {}), "ok": False, "errors": problems, "error_count": len(problems)}

    try:
        run_transition(workflow=IMPORT_WORKFLOW, pk=job_id, name="fail", user=None, reason=message[:500],
                       prepare=fail)
    except DomainError:
        pass  # cancelled by its uploader: already ended
