"""Readers of the accepted vector formats, one module each; all read through GDAL (pyogrio) into
one shape: a `Table` of Arrow columns (in file order) and WKB geometries in the file's
coordinates. Rows are numbered from 1 in file order: the report and errors name them so.

GDAL's Arrow stream (pyogrio.raw.read_arrow) hands over whole column buffers: a million rows
arrive in under a second, where the per-row numpy path (object arrays of Python strings) took
several. The columns stay Arrow from here to the COPY (load.copy_rows)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput

from . import csv, geojson, gpkg, shapefile

FORMATS = {m.FORMAT: m for m in (gpkg, shapefile, geojson, csv)}


@dataclass
class Table:
    fields: list[str]
    types: list[str]
    data: pa.Table        # the attribute columns, named as in the file
    geometry: pa.Array    # WKB (null where a row has no geometry)
    file_crs: str | None = None
    first_line: int = 1  # the file line of row 1 (CSV: 2, after the header)
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.geometry)

    def column(self, name: str) -> pa.ChunkedArray:
        return self.data.column(self.fields.index(name))

    def head(self, name: str, n: int) -> list:
        """The first `n` values of a column as Python values (samples, the preview)."""
        return self.column(name).slice(0, n).to_pylist()


def detect(file_name: str) -> str:
    suffix = Path(file_name).name.lower()
    for fmt, module in FORMATS.items():
        if suffix.endswith(module.SUFFIXES):
            return fmt
    raise InvalidInput(_("%(name)s: send a GeoPackage (.gpkg), a zipped Shapefile (.zip), GeoJSON (.geojson, "
                         ".json), CSV with coordinates (.csv) or a GeoTIFF (.tif).") % {"name": file_name},
                       errors={"file": [_("Unsupported file type.")]})


def read(path: Path, fmt: str, *, max_features: int | None = None) -> Table:
    import pyogrio.raw
    from pyogrio.errors import DataLayerError, DataSourceError

    module = FORMATS[fmt]
    source, options = module.source(path)
    try:
        meta, table = pyogrio.raw.read_arrow(source, max_features=max_features, datetime_as_string=True,
                                             **options)
    except (DataSourceError, DataLayerError, ValueError) as exc:
        raise InvalidInput(_("The file cannot be read as %(fmt)s: %(error)s") % {"fmt": module.LABEL, "error": exc},
                           errors={"file": [str(exc)]}) from None
    fields = list(meta["fields"])
    name = meta.get("geometry_name") or "wkb_geometry"
    if name in table.column_names and name not in fields:
        geometry = table.column(name).combine_chunks()
        table = table.drop_columns([name])
    else:  # a table without geometry: every row will be reported
        geometry = pa.nulls(table.num_rows, pa.binary())
    if isinstance(geometry.type, pa.ExtensionType):  # geoarrow.wkb: the plain binary underneath
        geometry = geometry.storage
    return Table(fields=fields, types=[str(t) for t in meta["dtypes"]], data=table.select(fields),
                 geometry=geometry, file_crs=meta.get("crs"), first_line=module.FIRST_LINE)
