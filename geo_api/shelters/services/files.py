"""Photos and attachments of shelters: type and size checked from the bytes (not the name or the
browser's claim), images re-encoded and shrunk to MAX_SIDE with Pillow (which also drops EXIF,
GPS included), stored under MEDIA_ROOT with a name of ours. Served by apis.ShelterFileApi after
an access check only."""
from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from geo_api.common.errors import InvalidInput

from ..models import ShelterFile

MAX_BYTES = 4 * 1024 * 1024     # the request body limit is 5 MB
MAX_SIDE = 1600                 # px: enough to read a sign, small enough for a phone link
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
PDF_MAGIC = b"%PDF-"
Image.MAX_IMAGE_PIXELS = 60_000_000  # a decompression bomb is refused, not decoded


def _bad(message):
    return InvalidInput(message, errors={"file": [message]})


def _image(data: bytes) -> tuple[bytes, str, int, int]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        if fmt not in IMAGE_FORMATS:
            raise _bad(_("Send a JPEG, PNG or WebP photo."))
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)  # phones store the rotation in EXIF
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if fmt == "PNG":
                img.save(out, "PNG", optimize=True)
            else:
                fmt = "JPEG"
                img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue(), IMAGE_FORMATS[fmt], img.width, img.height
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        if isinstance(exc, InvalidInput):
            raise
        raise _bad(_("The file is not a photo that can be read (JPEG, PNG or WebP).")) from exc


def attach_file(*, shelter, kind: str, upload, user, decision=None, inspection=None) -> ShelterFile:
    """Check, shrink and store `upload` (a Django UploadedFile) for `shelter`. Photos must be
    images; a decision attachment may also be a PDF."""
    if upload is None or not hasattr(upload, "read"):
        raise _bad(_("Choose a file to upload."))
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _bad(_("The file is %(mb).1f MB; at most 4 MB. Take the photo at a lower resolution.") % {
            "mb": upload.size / 1024 / 1024})
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _bad(_("The file is larger than 4 MB."))
    if not data:
        raise _bad(_("The file is empty."))
    width = height = None
    if kind == ShelterFile.Kind.DECISION and data.startswith(PDF_MAGIC):
        content, content_type = data, "application/pdf"
    else:
        content, content_type, width, height = _image(data)
    record = ShelterFile(shelter=shelter, kind=kind, decision=decision, inspection=inspection,
                         original_name=(getattr(upload, "name", "") or "")[-200:], content_type=content_type,
                         size=len(content), width=width, height=height, uploaded_by=user)
    record.file.save("upload", ContentFile(content), save=False)
    record.save()
    return record
