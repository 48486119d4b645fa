"""The admin's geometry widget: a map drawn from our own vector tiles (no web tiles, no CDN, no
WKT text box) where staff place a point or draw an outline. The page holds the geometry as GeoJSON
in a hidden input; the map is map_client/src/desk/geometry-widget.js (MapLibre + terra-draw).

Parsing happens here, on the server: GeoJSON in, a GEOSGeometry in EPSG:4326 out, and anything
unreadable becomes a form error in the user's language, never a 500."""
import json

from django import forms
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPoint, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo_api.editing.forms import SHANGHAI_EXTENT
from geo_api.web.vite import ClientNotBuilt, entry

SRID = 4326
ENTRY = "src/desk/geometry-widget.js"
# What terra-draw draws for each field type: points, or polygons (multi types hold one part each).
_DRAWS = {"POINT": ("point",), "MULTIPOINT": ("point",), "POLYGON": ("polygon",), "MULTIPOLYGON": ("polygon",),
          "GEOMETRY": ("point", "polygon")}
_TYPE_NAMES = {"POINT": "Point", "MULTIPOINT": "MultiPoint", "POLYGON": "Polygon", "MULTIPOLYGON": "MultiPolygon",
               "LINESTRING": "LineString", "MULTILINESTRING": "MultiLineString"}


class InvalidGeometry(str):
    """What value_from_datadict returns for input it could not read: the raw text (so the form
    shows it back) plus the reasons, raised as a ValidationError when the field cleans it."""

    messages: list

    def __new__(cls, raw, messages):
        obj = super().__new__(cls, raw)
        obj.messages = list(messages)
        return obj


def parse_geojson(raw: str, geom_type: str = "GEOMETRY") -> GEOSGeometry:
    """A GeoJSON geometry (or Feature) -> GEOSGeometry of the field's type in EPSG:4326."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The geometry could not be read: %(reason)s") % {"reason": exc}, code="invalid_geom")
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or "type" not in data or "coordinates" not in data:
        raise ValidationError(_("Draw the feature on the map: a GeoJSON geometry is required."), code="invalid_geom")
    try:
        geom = GEOSGeometry(json.dumps(data), srid=SRID)
    except (GDALException, GEOSException, ValueError, TypeError) as exc:
        raise ValidationError(_("The geometry could not be read: %(reason)s") % {"reason": exc}, code="invalid_geom")
    geom_type = (geom_type or "GEOMETRY").upper()
    if geom_type == "MULTIPOLYGON" and isinstance(geom, Polygon):
        geom = MultiPolygon(geom, srid=SRID)
    elif geom_type == "MULTIPOINT" and isinstance(geom, Point):
        geom = MultiPoint(geom, srid=SRID)
    if geom_type != "GEOMETRY" and geom.geom_type.upper() != geom_type:
        raise ValidationError(_("This layer holds %(expected)s geometries, not %(got)s.") % {
            "expected": _TYPE_NAMES.get(geom_type, geom_type),
            "got": geom.geom_type}, code="invalid_geom_type")
    if geom.empty:
        raise ValidationError(_("Draw the feature on the map: a GeoJSON geometry is required."), code="invalid_geom")
    if not geom.valid:
        raise ValidationError(_("The geometry is not valid: %(reason)s") % {"reason": geom.valid_reason},
                              code="invalid_geom")
    xmin, ymin, xmax, ymax = geom.extent
    if xmin < SHANGHAI_EXTENT[0] or ymin < SHANGHAI_EXTENT[1] or xmax > SHANGHAI_EXTENT[2] or ymax > SHANGHAI_EXTENT[3]:
        raise ValidationError(_("The geometry lies outside Shanghai; check the coordinates (longitude first)."),
                              code="invalid_geom")
    return geom


def _client_missing() -> str:
    try:
        entry(ENTRY)
    except ClientNotBuilt as exc:
        return str(exc)
    return ""


class MapWidget(forms.Widget):
    """Used for every GeometryField of the ledgers' admin pages (LedgerAdmin.formfield_overrides).
    GeoDjango's form field puts the field's type in attrs["geom_type"]."""

    template_name = "web/widgets/map_widget.html"
    map_srid = SRID

    @property
    def media(self):
        try:
            e = entry(ENTRY)
        except ClientNotBuilt:
            return forms.Media()  # the template says the client must be built
        return forms.Media(css={"all": e.css}, js=[forms.Script(e.script, type="module")])

    @property
    def geom_type(self) -> str:
        return str(self.attrs.get("geom_type") or "GEOMETRY").upper()

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, GEOSGeometry):
            if value.srid and value.srid != SRID:
                value = value.transform(SRID, clone=True)
            return value.json
        return str(value)  # text the user sent back, shown again with its error

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("geom_type", None)
        context["widget"].update(
            geom_type=self.geom_type, draws=_DRAWS.get(self.geom_type, _DRAWS["GEOMETRY"]),
            labels={
                "point": gettext_lazy("Place the point"), "polygon": gettext_lazy("Draw the outline"),
                "clear": gettext_lazy("Clear"), "map": gettext_lazy("Map for drawing the location"),
            },
            client_missing=_client_missing(),
        )
        return context

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None or not str(raw).strip():
            return None
        try:
            return parse_geojson(str(raw), self.geom_type)
        except ValidationError as exc:
            return InvalidGeometry(str(raw), exc.messages)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def deserialize(self, value):
        """GeoDjango's GeometryField.to_python calls this for values that are not geometries yet."""
        if isinstance(value, InvalidGeometry):
            raise ValidationError(value.messages, code="invalid_geom")
        return parse_geojson(str(value), self.geom_type)
