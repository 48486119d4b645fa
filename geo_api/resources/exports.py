"""Exports of a list as it is filtered on screen: Excel (openpyxl) and GeoPackage (GDAL through
pyogrio), both readable by the usual tools (Excel/WPS, QGIS, ogrinfo). Headers are in the request's
language; coordinates are WGS84 (EPSG:4326)."""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GPKG_TYPE = "application/geopackage+sqlite3"


@dataclass(frozen=True)
class Column:
    name: str       # field name in the GeoPackage (ASCII, stable)
    title: str      # header in the spreadsheet (translated)
    kind: str = "text"  # text | integer | number


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    return value


def xlsx_response(*, filename: str, sheet: str, columns: list[Column], rows: list[list]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append([c.title for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, min(40, len(column.title) * 2 + 4))
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _array(column: Column, values):
    import numpy as np

    if column.kind == "integer":
        return np.array([int(v) if v is not None else 0 for v in values], dtype="int64")
    if column.kind == "number":
        return np.array([float(v) if v is not None else np.nan for v in values], dtype="float64")
    out = []
    for v in values:
        v = _cell(v)
        out.append(v.isoformat() if isinstance(v, (date, datetime)) else (None if v is None else str(v)))
    return np.array(out, dtype=object)


def gpkg_response(*, filename: str, layer: str, columns: list[Column], rows: list[list], points: list[tuple]) -> HttpResponse:
    """`points`: (lon, lat) per row, written as a Point layer in EPSG:4326."""
    import numpy as np
    import shapely
    from pyogrio.raw import write

    geometry = np.array([shapely.to_wkb(shapely.Point(lon, lat)) for lon, lat in points], dtype=object)
    fields = [_array(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
    with tempfile.TemporaryDirectory(prefix="onemap-export-") as folder:
        path = os.path.join(folder, f"{layer}.gpkg")
        write(path, geometry, fields, [c.name for c in columns], layer=layer, driver="GPKG", geometry_type="Point",
              crs="EPSG:4326", encoding="UTF-8")
        with open(path, "rb") as handle:
            data = handle.read()
    response = HttpResponse(data, content_type=GPKG_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.gpkg"'
    return response
