"""Source coordinate systems of an import, all converted to WGS84 (EPSG:4326, how we store).

CGCS2000 (EPSG:4490) and its Gauss-Krüger zones go through pyproj. GCJ-02 (the "Mars" offset of
Chinese web maps) and BD-09 (Baidu) are not in the EPSG registry: the `coordTransform` package
gives the forward offsets; its own GCJ-02→WGS84 is a one-step approximation (≈0.6 m off in
Shanghai), so we invert the forward offset by fixed-point iteration until it moves less than a
millimetre — the 1 m promise holds with a wide margin (tests/imports/test_crs.py)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

GCJ02, BD09 = "GCJ-02", "BD-09"


@dataclass(frozen=True)
class SourceCrs:
    code: str
    label: object


CHOICES = (
    SourceCrs("EPSG:4326", _("WGS84 longitude/latitude (GPS)")),
    SourceCrs("EPSG:4490", _("CGCS2000 longitude/latitude")),
    SourceCrs("EPSG:4549", _("CGCS2000 3-degree Gauss-Kruger, CM 120°E (Shanghai)")),
    SourceCrs("EPSG:4528", _("CGCS2000 3-degree Gauss-Kruger zone 40 (with zone prefix)")),
    SourceCrs("EPSG:4550", _("CGCS2000 3-degree Gauss-Kruger, CM 123°E")),
    SourceCrs(GCJ02, _("GCJ-02 (Gaode/Tencent web maps)")),
    SourceCrs(BD09, _("BD-09 (Baidu maps)")),
)
CODES = tuple(c.code for c in CHOICES)


def is_known(code: str) -> bool:
    return code in CODES


def _gcj_to_wgs(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from coordTransform import wgs84_to_gcj02

    wlon, wlat = lon.copy(), lat.copy()
    for _step in range(10):
        glon, glat = (np.asarray(a, dtype=np.float64) for a in wgs84_to_gcj02(wlon, wlat))
        dlon, dlat = glon - lon, glat - lat
        wlon, wlat = wlon - dlon, wlat - dlat
        if max(np.abs(dlon).max(initial=0), np.abs(dlat).max(initial=0)) < 1e-9:  # ~0.1 mm
            break
    return wlon, wlat


def to_wgs84(code: str, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes in WGS84 of coordinates x/y (easting/northing or lon/lat)."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.ascontiguousarray(y, dtype=np.float64)
    if code == "EPSG:4326" or len(x) == 0:
        return x, y
    if code == GCJ02:
        return _gcj_to_wgs(x, y)
    if code == BD09:
        from coordTransform import bd09_to_gcj02

        glon, glat = (np.asarray(a, dtype=np.float64) for a in bd09_to_gcj02(x, y))
        return _gcj_to_wgs(glon, glat)
    from pyproj import Transformer

    # CGCS2000 and WGS84 differ by centimetres; pyproj's null transformation between them is what
    # the bureau's GIS tools do too.
    transformer = Transformer.from_crs(code, "EPSG:4326", always_xy=True)
    lon, lat = transformer.transform(x, y)
    return np.asarray(lon), np.asarray(lat)


def from_wgs84(code: str, lon, lat):
    """The inverse, for tests and the bench: WGS84 → `code`."""
    lon = np.ascontiguousarray(lon, dtype=np.float64)
    lat = np.ascontiguousarray(lat, dtype=np.float64)
    if code == "EPSG:4326":
        return lon, lat
    if code in (GCJ02, BD09):
        from coordTransform import wgs84_to_bd09, wgs84_to_gcj02

        fn = wgs84_to_gcj02 if code == GCJ02 else wgs84_to_bd09
        a, b = fn(lon, lat)
        return np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    from pyproj import Transformer

    return tuple(np.asarray(v) for v in Transformer.from_crs("EPSG:4326", code, always_xy=True).transform(lon, lat))
