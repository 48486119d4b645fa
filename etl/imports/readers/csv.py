"""CSV with coordinate columns: lon/lat, lng/lat, x/y or 经度/纬度 (GDAL's X_/Y_POSSIBLE_NAMES).
Every value stays text, so the per-row report can say which cell is not a number; row 1 is
line 2 of the file (after the header). UTF-8 (with or without BOM)."""
FORMAT, LABEL, SUFFIXES, FIRST_LINE = "csv", "CSV", (".csv",), 2

X_NAMES = "lon,lng,longitude,x,经度,东坐标"
Y_NAMES = "lat,latitude,y,纬度,北坐标"


def source(path):
    return str(path), {"X_POSSIBLE_NAMES": X_NAMES, "Y_POSSIBLE_NAMES": Y_NAMES, "KEEP_GEOM_COLUMNS": "NO",
                       "AUTODETECT_TYPE": "NO", "EMPTY_STRING_AS_NULL": "YES"}
