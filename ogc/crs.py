"""The coordinate reference systems we serve, and how PostGIS writes coordinates in each."""
from functools import lru_cache

import pyproj

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
SUPPORTED_CRS = [
    CRS84,
    "http://www.opengis.net/def/crs/EPSG/0/4326",
    "http://www.opengis.net/def/crs/EPSG/0/4490",  # CGCS2000, the official geographic CRS
    "http://www.opengis.net/def/crs/EPSG/0/3857",
    "http://www.opengis.net/def/crs/EPSG/0/4549",  # CGCS2000 / 3-degree Gauss-Kruger CM 120E
]


@lru_cache(maxsize=32)
def output_srid(crs_uri: str | None) -> tuple[int, bool, int]:
    """(SRID, swap axes?, decimal digits) for a supported CRS URI. EPSG geographic CRSs and the
    Gauss-Kruger projection list northing first, so their coordinates are flipped, as
    OGC API Features Part 2 requires; CRS84 keeps lon/lat."""
    if not crs_uri or crs_uri == CRS84:
        return 4326, False, 7
    crs = pyproj.CRS.from_user_input(crs_uri)
    srid = crs.to_epsg()
    if srid is None:
        raise ValueError(f"{crs_uri} has no EPSG code")
    first_axis = crs.axis_info[0].direction.lower()
    digits = 7 if crs.is_geographic else 3
    return srid, first_axis in ("north", "south"), digits


def _skip_identity(transform_bbox):
    """pygeoapi transforms every bbox to the storage CRS, even from CRS84 to CRS84, and pyproj's
    CRS matching (`to_epsg`) costs ~80 ms a call: more than the query behind a 1,000-feature
    page. The same CRS in and out is the identity; anything else is transformed as before."""
    def transform(bbox, from_crs, to_crs, always_xy=False):
        if isinstance(from_crs, str) and isinstance(to_crs, str) and from_crs == to_crs:
            return bbox
        return transform_bbox(bbox, from_crs, to_crs, always_xy)

    return transform


def install() -> None:
    from pygeoapi.api import itemtypes

    if not getattr(itemtypes.transform_bbox, "_onemap", False):
        itemtypes.transform_bbox = _skip_identity(itemtypes.transform_bbox)
        itemtypes.transform_bbox._onemap = True
