"""A hazard raster (rainfall, flood depth GeoTIFF) summarised per street: min, mean, max of the
cells inside each street polygon and the area where the value is at or above a threshold. Each
street polygon is taken into the raster's CRS and masked with rasterio (cells whose centre lies
inside); nodata cells are left out. Stored with the import job and shown as a table."""
from __future__ import annotations

import json

import numpy as np
from django.utils.translation import gettext as _

from geo_api.common.errors import InvalidInput


def zonal_by_street(path, threshold: float) -> list[dict]:
    import rasterio
    from rasterio.errors import RasterioIOError
    from rasterio.mask import mask
    from rasterio.warp import transform_geom

    from geo_api.reference.models import District

    try:
        dataset = rasterio.open(path)
    except RasterioIOError as exc:
        raise InvalidInput(_("The raster cannot be read: %(e)s") % {"e": exc}, errors={"file": [str(exc)]}) from None
    with dataset:
        if dataset.crs is None:
            raise InvalidInput(_("The GeoTIFF declares no coordinate system; save it with one (e.g. EPSG:4326)."),
                               errors={"file": [_("No CRS.")]})
        out = []
        for district in District.objects.order_by("code"):
            shape = transform_geom("EPSG:4326", dataset.crs, json.loads(district.geom.json))
            try:
                data, transform = mask(dataset, [shape], crop=True, filled=False, indexes=1)
            except ValueError:  # the street lies outside the raster
                continue
            values = data.compressed().astype(np.float64)
            if values.size == 0:
                continue
            cell_m2 = _cell_area_m2(dataset, transform, district)
            above = int((values >= threshold).sum())
            out.append({"district_id": district.pk, "code": district.code, "name": district.name,
                        "cells": int(values.size), "min": round(float(values.min()), 3),
                        "mean": round(float(values.mean()), 3), "max": round(float(values.max()), 3),
                        "area_above_m2": round(above * cell_m2, 1), "share_above": round(above / values.size, 4)})
        return out


def _cell_area_m2(dataset, transform, district) -> float:
    """One cell's ground area: metres directly for a projected raster, else scaled at the street's
    latitude (cells of a degree raster shrink eastwards with cos(latitude))."""
    width, height = abs(transform.a), abs(transform.e)
    if dataset.crs.is_projected:
        return width * height
    lat = district.geom.centroid.y
    return (width * 111_320 * np.cos(np.radians(lat))) * (height * 110_574)
