"""Camera video kept on this server (ONEMAP_STREAMS_ROOT), served at /streams/<path> for the
command view's player: HLS playlists and segments (hls.js fetches them with the session cookie).
Who may see the cameras layer may watch its video; nobody else learns whether a file exists.
The content types are set here because browsers' MSE path (hls.js) and the playlist parser rely
on them, and the platform's MIME table does not know .m3u8 and .ts."""
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, JsonResponse
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from layers.api_access import READ, refusal
from layers.registry import load_catalog

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".aac": "audio/aac",
}


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@require_safe
def stream_file(request, path: str):
    error = refusal(request.user, load_catalog().get("cameras"), READ)
    if error is not None:
        return _error(error.status, error.message)
    missing = _("There is no video file “%(path)s” on this server; the camera's stream may have ended.") % {"path": path}
    kind = CONTENT_TYPES.get(Path(path).suffix.lower())
    try:
        full = Path(safe_join(settings.ONEMAP_STREAMS_ROOT, path))
    except (SuspiciousFileOperation, ValueError):  # outside the streams folder
        return _error(404, missing)
    if kind is None or not full.is_file():
        return _error(404, missing)
    response = FileResponse(full.open("rb"), content_type=kind)
    # A live playlist changes every segment; segments never change.
    response["Cache-Control"] = "no-cache" if kind == CONTENT_TYPES[".m3u8"] else "private, max-age=3600"
    return response
