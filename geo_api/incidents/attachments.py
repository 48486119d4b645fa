"""Files sent with a report: type decided from the file's first bytes (not from what the client
claims), size capped, stored under MEDIA_ROOT by services.py. Downloads go through the API
with the event's access check; MEDIA_ROOT is never served directly."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput

# The whole request is capped at DATA_UPLOAD_MAX_MEMORY_SIZE by the request guard; one file at
# this size leaves room for the form around it.
MAX_BYTES = getattr(settings, "INCIDENT_ATTACHMENT_MAX_BYTES", 4 * 1024 * 1024)
MAX_FILES = 5


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]
    label: str


KINDS = (
    Kind("image/jpeg", ("jpg", "jpeg"), "JPEG"),
    Kind("image/png", ("png",), "PNG"),
    Kind("image/webp", ("webp",), "WebP"),
    Kind("application/pdf", ("pdf",), "PDF"),
    Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "Word (.docx)"),
    Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "Excel (.xlsx)"),
    Kind("video/mp4", ("mp4",), "MP4"),
)


def _sniff(head: bytes, extension: str) -> Kind | None:
    by_type = {k.content_type: k for k in KINDS}
    if head.startswith(b"\xff\xd8\xff"):
        return by_type["image/jpeg"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return by_type["image/png"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return by_type["image/webp"]
    if head.startswith(b"%PDF-"):
        return by_type["application/pdf"]
    if head[4:8] == b"ftyp":
        return by_type["video/mp4"]
    if head.startswith(b"PK\x03\x04"):  # Office Open XML is a zip: the extension says which
        return next((k for k in KINDS if extension in k.extensions and k.extensions[0] in ("docx", "xlsx")), None)
    return None


def allowed_text() -> str:
    return ", ".join(k.label for k in KINDS)


def check_files(files) -> list[tuple[object, Kind]]:
    """[(uploaded file, kind)] or InvalidInput naming `attachments` and the file."""
    files = list(files or ())
    if len(files) > MAX_FILES:
        raise InvalidInput(_("At most %(n)s attachments per report.") % {"n": MAX_FILES},
                           errors={"attachments": [_("At most %(n)s attachments per report.") % {"n": MAX_FILES}]})
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or "file")[:200]
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if upload.size > MAX_BYTES:
            message = _("%(name)s is %(size).1f MB; attachments may be at most %(max).0f MB.") % {
                "name": name, "size": upload.size / 1048576, "max": MAX_BYTES / 1048576}
            raise InvalidInput(message, errors={"attachments": [message]})
        if upload.size == 0:
            message = _("%(name)s is empty.") % {"name": name}
            raise InvalidInput(message, errors={"attachments": [message]})
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        kind = _sniff(head, extension)
        if kind is None:
            message = _("%(name)s is not an accepted file type; send %(types)s.") % {
                "name": name, "types": allowed_text()}
            raise InvalidInput(message, errors={"attachments": [message]})
        checked.append((upload, kind))
    return checked
