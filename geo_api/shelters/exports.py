"""The shelter list as Excel (openpyxl) and GeoPackage (GDAL through pyogrio): what is on the list
under its filters, headers in the request's language, coordinates WGS84 (EPSG:4326)."""
from __future__ import annotations

import io
import os
import tempfile

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GPKG_TYPE = "application/geopackage+sqlite3"

# (GeoPackage field, header msgid, kind)
COLUMNS = (
    ("code", gettext_noop("Shelter code"), "text"), ("name", gettext_noop("Shelter name"), "text"), ("shelter_class", gettext_noop("Shelter class"), "text"),
    ("shelter_type", gettext_noop("Shelter type"), "text"), ("space_type", gettext_noop("Space type"), "text"), ("tier", gettext_noop("Shelter tier"), "text"),
    ("area_m2", gettext_noop("Effective area (m²)"), "number"), ("capacity", gettext_noop("Capacity (persons)"), "integer"),
    ("status", gettext_noop("Status"), "text"), ("evaluation", gettext_noop("Evaluation"), "text"), ("available", gettext_noop("Available for opening"), "text"),
    ("district", gettext_noop("Street or town"), "text"), ("managing_unit", gettext_noop("Managing unit"), "text"), ("address", gettext_noop("Address"), "text"),
    ("phone", gettext_noop("Phone"), "text"), ("lon", gettext_noop("Longitude"), "number"), ("lat", gettext_noop("Latitude"), "number"),
)


def _values(row: dict) -> list:
    yes_no = _("Yes") if row["available"] else _("No")
    return [row["code"], row["name"], row["shelter_class_label"], row["shelter_type_label"], row["space_type_label"],
            row["tier_label"], row["area_m2"], row["capacity"], row["status_label"], row["evaluation_label"], yes_no,
            row["district_name"] or "", row["managing_unit"], row["address"], row["phone"], row["lon"], row["lat"]]


def xlsx(rows: list[dict], filename: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Shelters")[:31]
    sheet.append([_(title) for _n, title, _k in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_values(row))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def gpkg(rows: list[dict], filename: str) -> HttpResponse:
    import numpy as np
    import shapely
    from pyogrio.raw import write

    geometry = np.array([shapely.to_wkb(shapely.Point(r["lon"], r["lat"])) for r in rows], dtype=object)
    table = [_values(r) for r in rows]
    fields = []
    for i, (_name, _title, kind) in enumerate(COLUMNS):
        values = [t[i] for t in table]
        if kind == "integer":
            fields.append(np.array([int(v or 0) for v in values], dtype="int64"))
        elif kind == "number":
            fields.append(np.array([float(v) if v is not None else np.nan for v in values], dtype="float64"))
        else:
            fields.append(np.array([None if v is None else str(v) for v in values], dtype=object))
    with tempfile.TemporaryDirectory(prefix="onemap-shelters-") as folder:
        path = os.path.join(folder, "shelters.gpkg")
        write(path, geometry, fields, [name for name, _t, _k in COLUMNS], layer="shelters", driver="GPKG",
              geometry_type="Point", crs="EPSG:4326", encoding="UTF-8")
        with open(path, "rb") as handle:
            data = handle.read()
    response = HttpResponse(data, content_type=GPKG_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.gpkg"'
    return response
