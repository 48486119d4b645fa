"""GET/HEAD /basemap/<file name>: the PMTiles archive named by settings.ONEMAP_PMTILES_PATH, with
HTTP range requests, which is how the `pmtiles` client reads it (a 16 KiB header first, then
directories and single tiles, never the whole file).

Public like the wall that draws it: a base map holds no business rows. Only the one configured file
is ever served; any other name (including ../ tricks) is a 404. A Range header that cannot be met
is a 416 with `Content-Range: bytes */<size>`; several ranges are coalesced into one (RFC 9110
allows it), since the pmtiles client only ever asks for one."""
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

CHUNK = 256 * 1024
# Ranges this size or smaller are read at once; larger ones are streamed in chunks.
READ_AT_ONCE = 4 * 1024 * 1024
RANGE = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


class UnsatisfiableRange(Exception):
    pass


def configured_archive(name: str) -> Path:
    """The archive if `name` is exactly its file name, else 404 (nothing else on disk is reachable)."""
    path = getattr(settings, "ONEMAP_PMTILES_PATH", "")
    if not path or name != Path(path).name:
        raise Http404(_("No such base map file."))
    archive = Path(path)
    if not archive.is_file():
        raise Http404(_("The base map file is configured but missing on the server."))
    return archive


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions, inclusive, for a `bytes=` Range header; None when the header
    is absent or not in bytes (then the whole file is sent). Raises UnsatisfiableRange."""
    if not header:
        return None
    unit, _sep, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or not spec:
        return None
    spans = []
    for part in spec.split(","):
        match = RANGE.match(part)
        if not match or (not match[1] and not match[2]):
            raise UnsatisfiableRange
        if not match[1]:  # suffix: the last N bytes
            length = int(match[2])
            if length == 0:
                raise UnsatisfiableRange
            spans.append((max(0, size - length), size - 1))
            continue
        first = int(match[1])
        last = int(match[2]) if match[2] else size - 1
        if last < first:
            raise UnsatisfiableRange
        if first < size:
            spans.append((first, min(last, size - 1)))
    if not spans:
        raise UnsatisfiableRange
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _chunks(path: Path, first: int, length: int):
    with path.open("rb") as f:
        f.seek(first)
        while length > 0:
            data = f.read(min(CHUNK, length))
            if not data:
                return
            length -= len(data)
            yield data


def _headers(response, stat, length):
    response["Accept-Ranges"] = "bytes"
    response["Content-Length"] = str(length)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["ETag"] = f'"{stat.st_size:x}-{int(stat.st_mtime_ns):x}"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "HEAD"])
def pmtiles_file(request, name):
    archive = configured_archive(name)
    stat = archive.stat()
    size = stat.st_size
    content_type = "application/vnd.pmtiles"
    try:
        span = parse_range(request.headers.get("Range", ""), size)
    except UnsatisfiableRange:
        response = HttpResponse(_("Range not satisfiable: the file has %(size)d bytes.") % {"size": size},
                                status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = span if span else (0, size - 1)
    length = max(0, last - first + 1)
    status = 206 if span else 200
    if request.method == "HEAD":
        response = HttpResponse(status=status, content_type=content_type)
    elif length <= READ_AT_ONCE:
        with archive.open("rb") as f:
            f.seek(first)
            response = HttpResponse(f.read(length), status=status, content_type=content_type)
    else:
        response = StreamingHttpResponse(_chunks(archive, first, length), status=status, content_type=content_type)
    if span:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return _headers(response, stat, length)



TILE_TYPES = {1: "mvt", 2: "png", 3: "jpeg", 4: "webp", 5: "avif"}


def archive_info(path: str) -> dict | None:
    """What the browser needs to draw the archive without asking it first: tile type, zoom range,
    bounds and (vector archives) the layer names from the metadata. None if unreadable. Read from
    the 127-byte header (and the metadata JSON) of the PMTiles v3 spec."""
    import gzip
    import json
    import struct

    try:
        with open(path, "rb") as f:
            header = f.read(127)
            if len(header) < 127 or header[:7] != b"PMTiles" or header[7] != 3:
                return None
            meta_offset, meta_length = struct.unpack_from("<QQ", header, 24)
            internal, _tile_compression, tile_type, minzoom, maxzoom = struct.unpack_from("<BBBBB", header, 97)
            bounds = [v / 1e7 for v in struct.unpack_from("<iiii", header, 102)]
            vector_layers = []
            if tile_type == 1 and 0 < meta_length <= 1024 * 1024:
                f.seek(meta_offset)
                raw = f.read(meta_length)
                metadata = json.loads(gzip.decompress(raw) if internal == 2 else raw)
                vector_layers = [layer["id"] for layer in metadata.get("vector_layers", []) if "id" in layer]
    except (OSError, ValueError, struct.error, EOFError):
        return None
    return {"tileType": TILE_TYPES.get(tile_type, "unknown"), "minzoom": minzoom, "maxzoom": maxzoom,
            "bounds": bounds, "vectorLayers": vector_layers}


def with_archive_info(basemaps: list[dict]) -> list[dict]:
    """The configured base maps with each PMTiles layer described from its archive; an archive
    that is missing or unreadable is left out (the map then stands on our own layers)."""
    path = getattr(settings, "ONEMAP_PMTILES_PATH", "")
    out = []
    for basemap in basemaps:
        layers = []
        for layer in basemap["layers"]:
            if layer.get("kind") == "pmtiles":
                info = archive_info(path) if path else None
                if info is None or info["tileType"] == "unknown":
                    layers = None
                    break
                layer = {**layer, **info}
            layers.append(layer)
        if layers:
            out.append({**basemap, "layers": layers})
    return out
