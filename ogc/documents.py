"""/ogc documents whose pygeoapi versions are not what the standards ask for:

- /TileMatrixSets/{id}: pygeoapi's route handler is the list's (every tileset links here, and it
  answered 500); an unknown id was a 400. Here: the OGC TileMatrixSet 2.0 JSON definition pygeoapi
  ships (resources/definitions/tiles), with links, or a 404 naming what is served.
- /TileMatrixSets: lists the sets our tiles are drawn in (WebMercatorQuad only: the tile provider
  refuses any other), each with the required `self` link to its definition (pygeoapi marks the HTML
  and the JSON both `self`, and lists WorldCRS84Quad, which no tile here uses).
- /conformance: the declaration with `self` and `alternate` links, as every other JSON document has.

Functions take pygeoapi's (api, request, ...) and return (headers, status, content) like its own."""
from __future__ import annotations

import json
from functools import cache
from http import HTTPStatus

import pygeoapi.api as core_api
from pygeoapi.api import F_HTML, F_JSON, FORMAT_TYPES
from pygeoapi.models.provider.base import TMS_DIR
from pygeoapi.util import render_j2_template, to_json

SERVED_TILE_MATRIX_SETS = ("WebMercatorQuad",)  # ogc/providers/tiles.py


@cache
def definition(tile_matrix_set_id: str) -> dict | None:
    if tile_matrix_set_id not in SERVED_TILE_MATRIX_SETS:
        return None
    return json.loads((TMS_DIR / f"{tile_matrix_set_id}.json").read_text(encoding="utf-8"))


def _representations(request, href: str, title: str) -> list[dict]:
    """This document as JSON and as HTML: `self` for the one answered, `alternate` for the other."""
    return [
        {"rel": request.get_linkrel(F_JSON), "type": FORMAT_TYPES[F_JSON], "title": f"{title} (JSON)",
         "href": f"{href}?f={F_JSON}"},
        {"rel": request.get_linkrel(F_HTML), "type": FORMAT_TYPES[F_HTML], "title": f"{title} (HTML)",
         "href": f"{href}?f={F_HTML}"},
    ]


def _definition_links(api, tile_matrix_set_id: str, html_first: bool) -> list[dict]:
    href = f"{api.base_url}/TileMatrixSets/{tile_matrix_set_id}"
    links = [
        {"rel": "self", "type": FORMAT_TYPES[F_JSON], "title": f"{tile_matrix_set_id} definition (JSON)",
         "href": f"{href}?f={F_JSON}"},
        {"rel": "alternate", "type": FORMAT_TYPES[F_HTML], "title": f"{tile_matrix_set_id} definition (HTML)",
         "href": f"{href}?f={F_HTML}"},
    ]
    return links[::-1] if html_first else links  # pygeoapi's HTML list links to the first one


def tilematrixsets(api, request):
    headers = request.get_response_headers(**api.api_headers)
    html = request.format == F_HTML
    document = {
        "tileMatrixSets": [
            {"id": tms_id, "title": definition(tms_id)["title"], "uri": definition(tms_id)["uri"],
             "crs": definition(tms_id)["crs"], "links": _definition_links(api, tms_id, html)}
            for tms_id in SERVED_TILE_MATRIX_SETS
        ],
        "links": _representations(request, f"{api.base_url}/TileMatrixSets", "Tile matrix sets"),
    }
    if html:
        return headers, HTTPStatus.OK, render_j2_template(api.tpl_config, api.config["server"]["templates"], "tilematrixsets/index.html",
                                                          document, request.locale)
    return headers, HTTPStatus.OK, to_json(document, api.pretty_print)


def tilematrixset(api, request, tile_matrix_set_id: str):
    headers = request.get_response_headers(**api.api_headers)
    found = definition(tile_matrix_set_id)
    if found is None:
        return api.get_exception(
            HTTPStatus.NOT_FOUND, headers, request.format, "NotFound",
            f"No tile matrix set {tile_matrix_set_id[:60]!r} here; tiles are served in "
            f"{', '.join(SERVED_TILE_MATRIX_SETS)} (see {api.base_url}/TileMatrixSets).")
    document = {**found, "links": _representations(
        request, f"{api.base_url}/TileMatrixSets/{tile_matrix_set_id}", f"{tile_matrix_set_id} tile matrix set")}
    if request.format == F_HTML:
        return headers, HTTPStatus.OK, render_j2_template(
            api.tpl_config, api.config["server"]["templates"], "tilematrixsets/tilematrixset.html", document, request.locale)
    return headers, HTTPStatus.OK, to_json(document, api.pretty_print)


def conformance(api, request):
    headers, status, content = core_api.conformance(api, request)
    if status != HTTPStatus.OK or request.format == F_HTML:
        return headers, status, content
    document = json.loads(content)
    document["links"] = _representations(request, f"{api.base_url}/conformance", "Conformance declaration")
    return headers, status, to_json(document, api.pretty_print)
