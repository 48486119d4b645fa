"""Readers of the accepted vector formats, one module each; all read through GDAL (pyogrio) into
one shape: a `Table` of columns (numpy arrays, in file order) and WKB geometries in the file's
coordinates. Rows are numbered from 1 in file order: the report and errors name them so."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput

from . import csv, geojson, gpkg, shapefile

FORMATS = {m.FORMAT: m for m in (gpkg, shapefile, geojson, csv)}


@dataclass
class Table:
    fields: list[str]
    types: list[str]
    columns: list[np.ndarray]
    geometry: np.ndarray  # WKB bytes (None where a row has no geometry)
    file_crs: str | None = None
    first_line: int = 1  # the file line of row 1 (CSV: 2, after the header)
    notes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.geometry)

    def column(self, name: str) -> np.ndarray:
        return self.columns[self.fields.index(name)]


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
        meta, _fids, geometry, columns = pyogrio.raw.read(source, max_features=max_features,
                                                         datetime_as_string=True, **options)
    except (DataSourceError, DataLayerError, ValueError) as exc:
        raise InvalidInput(_("The file cannot be read as %(fmt)s: %(error)s") % {"fmt": module.LABEL, "error": exc},
                           errors={"file": [str(exc)]}) from None
    if geometry is None:  # a table without geometry: every row will be reported
        geometry = np.full(len(columns[0]) if len(columns) else 0, None, dtype=object)
    return Table(fields=list(meta["fields"]), types=[str(t) for t in meta["dtypes"]], columns=list(columns),
                 geometry=geometry, file_crs=meta.get("crs"), first_line=module.FIRST_LINE)
