"""Early, explanatory checks of a CQL2 filter and of a bbox. pygeoapi answers any parse failure
with a bare "Bad CQL text"; the parser's own message says where the mistake is. Its bbox check
accepts NaN, infinities (1e400) and a minimum above the maximum, which reach SQL as nonsense."""
import json
import math

from pygeofilter.parsers.cql2_json import parse as parse_cql2_json
from pygeofilter.parsers.cql2_text import parse as parse_cql2_text

MAX_FILTER_LENGTH = 20_000


def filter_problem(text: str | None, language: str | None) -> str | None:
    """A sentence saying what is wrong with the filter, or None if it parses."""
    if text is None:
        return None
    if len(text) > MAX_FILTER_LENGTH:
        return f"The filter is longer than {MAX_FILTER_LENGTH} characters."
    try:
        if language == "cql2-json":
            parse_cql2_json(json.loads(text))
        else:
            parse_cql2_text(text)
    except json.JSONDecodeError as exc:
        return f"The filter is not valid JSON: {exc.msg} at character {exc.pos}."
    except Exception as exc:  # noqa: BLE001 - the parsers raise many unrelated types; all mean "bad filter"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        kind = "CQL2 JSON" if language == "cql2-json" else "CQL2 text"
        return f"The filter is not valid {kind}: {detail[:300]}"
    return None


CRS84 = ("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84h")


def bbox_problem(text: str | None, crs: str | None) -> str | None:
    """A sentence saying what is wrong with `bbox` (4 or 6 finite numbers, each minimum not above
    its maximum; longitude/latitude in range when the box is in CRS84), or None."""
    if text is None:
        return None
    parts = text.split(",")
    if len(parts) not in (4, 6):
        return f"bbox takes 4 numbers (minx,miny,maxx,maxy) or 6 (with minz and maxz); {len(parts)} were given."
    try:
        values = [float(part) for part in parts]
    except ValueError:
        return f"bbox must be numbers separated by commas, e.g. 121.36,31.18,121.46,31.24; got {text[:80]!r}."
    if not all(math.isfinite(v) for v in values):
        return "bbox values must be finite numbers (not NaN, inf or beyond the range of a double, e.g. 1e400)."
    half = len(values) // 2
    for axis, (low, high) in enumerate(zip(values[:half], values[half:])):
        if low > high:
            return (f"bbox's minimum {low:g} should be less than or equal to its maximum {high:g} (axis "
                    f"{axis + 1}); write the lower corner first. A box across the antimeridian is not served: "
                    "send two boxes.")
    if crs in (None, "", *CRS84):
        west, south, east, north = values[0], values[1], values[half], values[half + 1]
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
            return ("bbox is longitude,latitude in degrees (CRS84): longitude within -180..180, latitude "
                    "within -90..90. For other coordinates say which CRS with bbox-crs.")
    return None
