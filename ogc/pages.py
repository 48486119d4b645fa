"""The /ogc HTML pages that agencies and analysts open in a browser: pygeoapi renders them from
our templates (ogc/templates, overriding its own), which are Chinese first, show Shanghai times,
load nothing from a CDN and draw the items on a map from our own layers (the Vite entry
`ogc-pages`), so the pages work on a network with no internet."""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pygeoapi.util
from pygeoapi import l10n

from geo_api.web import vite

TEMPLATES = Path(__file__).parent / "templates"
SHANGHAI = ZoneInfo("Asia/Shanghai")
ENTRY = "src/ogc/pages.js"


def shanghai_time(value, format_: str = "%Y-%m-%d %H:%M") -> str:
    """A stored instant as people here read it: 2026-11-29 14:05 (Shanghai). Dates without a time
    stay dates; what does not parse is shown as it is."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if len(text) == 10:
            return text
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        return "" if value is None else str(value)
    if moment.tzinfo is None:
        return moment.strftime(format_)
    return moment.astimezone(SHANGHAI).strftime(format_)


def assets() -> dict:
    """The page script and stylesheets (hashed names from Vite's manifest)."""
    try:
        built = vite.entry(ENTRY)
    except vite.ClientNotBuilt:
        return {"script": "", "css": [], "preload": []}
    return {"script": built.script, "css": list(built.css), "preload": list(built.preload)}


def assets_version() -> float | None:
    try:
        return vite.MANIFEST.stat().st_mtime
    except FileNotFoundError:
        return None


def install() -> None:
    # pygeoapi registers `format_datetime` as a Jinja filter from this module attribute on every
    # render; ours turns instants into Shanghai time for the templates that use it.
    pygeoapi.util.format_datetime = shanghai_time
    if not getattr(l10n.translate_struct, "_onemap", False):
        l10n.translate_struct = _translate_per_config(l10n.translate_struct)


def layer_labels(layers) -> dict:
    """Per collection: its title and each published property's label and code-list labels, as
    {"zh", "en"} pairs that pygeoapi narrows to the page's language (l10n.translate_struct)."""
    out = {}
    for layer in layers:
        props = {}
        for prop in layer.published:
            entry = {"label": {"zh": prop.label_zh or prop.name, "en": prop.label_en or prop.name}}
            choices = layer.choices.get(prop.name)
            if choices:
                entry["choices"] = choices
            props[prop.name] = entry
        out[layer.id] = {"title": {"zh": layer.title_zh, "en": layer.title_en}, "props": props}
    return out


# pygeoapi caches the translated configuration per locale only (pygeoapi.l10n._cfg_cache), for
# every configuration: with one configuration per audience and public URL, a page would be drawn
# with whichever configuration was translated first in that language (another host's links,
# another audience's layers). Translations are kept per configuration object instead.
_translated: OrderedDict = OrderedDict()
_translate_lock = threading.Lock()
MAX_TRANSLATED = 128


def _translate_per_config(original):
    def translate_struct(struct, locale_, is_config=False):
        if not is_config:
            return original(struct, locale_, is_config)
        key = (id(struct), str(locale_))
        hit = _translated.get(key)
        if hit is not None and hit[0] is struct:
            return hit[1]
        with _translate_lock:
            l10n._cfg_cache.clear()
            result = original(struct, locale_, True)
            l10n._cfg_cache.clear()
            _translated[key] = (struct, result)  # the struct is held, so its id is not reused
            while len(_translated) > MAX_TRANSLATED:
                _translated.popitem(last=False)
        return result
    translate_struct._onemap = True
    return translate_struct
