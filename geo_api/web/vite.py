"""The built map client: reads Vite's manifest (map_client/dist/.vite/manifest.json) so templates
can link the hashed script and style files, served as static files under STATIC_URL."""
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

DIST = Path(settings.BASE_DIR) / "map_client" / "dist"
MANIFEST = DIST / ".vite" / "manifest.json"

_cache: dict = {"mtime": None, "data": None}


class ClientNotBuilt(RuntimeError):
    pass


def manifest() -> dict:
    try:
        mtime = MANIFEST.stat().st_mtime
    except FileNotFoundError:
        raise ClientNotBuilt(
            f"{MANIFEST} is missing: build the map client (cd map_client && npm ci && npm run build)."
        ) from None
    if _cache["mtime"] != mtime:
        _cache["data"] = json.loads(MANIFEST.read_text(encoding="utf-8"))
        _cache["mtime"] = mtime
    return _cache["data"]


@dataclass
class Entry:
    script: str
    css: list[str] = field(default_factory=list)
    preload: list[str] = field(default_factory=list)


def entry(name: str) -> Entry:
    """The script of an entry point plus every stylesheet and chunk it imports, in order."""
    data = manifest()
    if name not in data:
        raise ClientNotBuilt(f"{name} is not in the map client's manifest; rebuild the client.")
    css, preload, seen = [], [], set()

    def walk(key, top):
        if key in seen:
            return
        seen.add(key)
        chunk = data[key]
        for imported in chunk.get("imports", []):
            walk(imported, False)
        for sheet in chunk.get("css", []):
            if sheet not in css:
                css.append(sheet)
        if not top:
            preload.append(chunk["file"])

    walk(name, True)
    return Entry(script=static(data[name]["file"]), css=[static(c) for c in css], preload=[static(p) for p in preload])
