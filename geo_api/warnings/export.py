"""The exposure of a warning as an Excel workbook: a summary sheet, one sheet per layer (only
the layers this user may read) and the streets with their estimated population."""
from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(book, title, header, rows):
    from openpyxl.styles import Font

    ws = book.create_sheet(title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    ws.freeze_panes = "A2"
    return ws


def exposure_xlsx(data: dict) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    w = data["warning"]
    summary = [[_("Warning"), w["headline"]], [_("Level"), w["level"]], [_("Area"), w["area_desc"]],
               [_("Expires"), w["expires"]], [_("Computed at"), data["computed_at"]]]
    for layer_id, layer in data["layers"].items():
        summary.append([layer["title"], layer["count"] if layer["readable"] else _("not readable by your account")])
    population = data["population"]
    summary.append([_("Exposed population (estimate)"), population["exposed_total"]])
    summary.append([_("Method"), population["method"]])
    _sheet(book, _("Summary"), [_("Item"), _("Value")], summary)
    for layer in data["layers"].values():
        if not layer["readable"]:
            continue
        columns = [k for k in (layer["features"][0].keys() if layer["features"] else ("id", "name"))]
        _sheet(book, layer["title"], columns, [[f.get(c) for c in columns] for f in layer["features"]])
    _sheet(book, _("Population by street"),
           [_("Code"), _("Street"), _("Population"), _("Area (km²)"), _("Inside (km²)"), _("Share"),
            _("Exposed population (estimate)"), _("Synthetic boundary")],
           [[s["code"], s["name"], s["population"], s["area_km2"], s["inside_km2"], s["share"],
             s["exposed_population"], s["synthetic_boundary"]] for s in population["streets"]])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="warning-{w["id"]}-exposure.xlsx"'
    return response
