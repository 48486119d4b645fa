"""Mapbox Vector Tiles (WebMercatorQuad) from a layer's slim PostGIS view.

Why not pygeoapi's MVTPostgreSQLProvider: it passes the SRID to ST_Transform as text (PostGIS
then parses a PROJ string for every call, ~100x slower than the bare SQL on 100k points) and
needs SQLAlchemy + psycopg2. This is the same SQL a hand-written tile server would run."""
from __future__ import annotations

from psycopg import sql
from pygeoapi.models.provider.base import TileMatrixSetEnum
from pygeoapi.provider.base_mvt import BaseMVTProvider
from pygeoapi.provider.tile import ProviderTileNotFoundError
from pygeoapi.util import url_join

from layers.query import LayerQuery, run
from layers.registry import load_catalog

from ..request_context import current_request

WEB_MERCATOR = TileMatrixSetEnum.WEBMERCATORQUAD.value
MAX_ZOOM = 24
EXTENT = 4096
BUFFER = 64


def tile_sql(rows: LayerQuery, z: int, x: int, y: int) -> tuple[sql.Composed, list]:
    """The tile statement over `rows` (a layer's view with the reader's row filter) and its
    parameters. Also the benchmark's baseline."""
    layer = rows.layer
    columns = sql.SQL(
        "id, {props}, ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(%s, %s, %s), {extent}, {buffer}, true) "
        "AS geom"
    ).format(props=sql.SQL(", ").join(sql.Identifier(p.name) for p in layer.published),
             extent=sql.Literal(EXTENT), buffer=sql.Literal(BUFFER))
    features, params = rows.in_tile(z, x, y).select(columns, before=(z, x, y))
    query = sql.SQL("WITH mvt AS ({features}) SELECT ST_AsMVT(mvt, {name}, {extent}, 'geom', 'id') FROM mvt").format(
        features=features, name=sql.Literal(layer.id), extent=sql.Literal(EXTENT))
    return query, params


class PostGISTileProvider(BaseMVTProvider):
    def __init__(self, provider_def):
        super().__init__(provider_def)
        self.layer = load_catalog().get(provider_def["data"]["layer"])
        self._fields = {p.name: {"type": p.type} for p in self.layer.published}

    def get_layer(self):
        return self.layer.id

    def get_fields(self):
        return self._fields

    def get_tiling_schemes(self):
        return [WEB_MERCATOR]

    def get_tiles_service(self, baseurl=None, servicepath=None, dirpath=None, tile_type=None):
        super().get_tiles_service(baseurl, servicepath, dirpath, tile_type)
        self._service_url = servicepath
        return self.get_tms_links()

    def get_tiles(self, layer=None, tileset=None, z=None, y=None, x=None, format_=None):
        if tileset != WEB_MERCATOR.tileMatrixSet:
            raise ProviderTileNotFoundError(f"Tile matrix set {tileset} is not served; use WebMercatorQuad.")
        try:
            z, y, x = int(z), int(y), int(x)
        except (TypeError, ValueError):
            raise ProviderTileNotFoundError("Tile indices must be integers.") from None
        if not (0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z):
            raise ProviderTileNotFoundError(f"Tile {z}/{y}/{x} is outside WebMercatorQuad.")
        if not (self.layer.minzoom <= z <= self.layer.maxzoom):
            return None  # pygeoapi answers 204: nothing drawn at this zoom
        request = current_request.get()
        rows = LayerQuery.of(self.layer, request.user if request else None)
        tile = run(*tile_sql(rows, z, x, y))[0][0]
        return bytes(tile) or None

    # -- metadata (what pygeoapi's PostgreSQL MVT provider answers) -------------------------
    def get_html_metadata(self, dataset, server_url, layer, tileset, title, description, keywords, **kwargs):
        service_url = url_join(server_url, f"collections/{dataset}/tiles/{tileset}",
                               "{tileMatrix}/{tileRow}/{tileCol}?f=mvt")
        metadata_url = url_join(server_url, f"collections/{dataset}/tiles/{tileset}/metadata")
        return {"id": dataset, "title": title, "tileset": tileset, "collections_path": service_url,
                "json_url": f"{metadata_url}?f=json"}

    def get_default_metadata(self, dataset, server_url, layer, tileset, title, description, keywords, **kwargs):
        service_url = url_join(server_url, f"collections/{dataset}/tiles/{tileset}",
                               "{tileMatrix}/{tileRow}/{tileCol}?f=mvt")
        return {
            "title": title, "description": description, "keywords": keywords,
            "crs": WEB_MERCATOR.crs, "tileMatrixSetURI": WEB_MERCATOR.tileMatrixSetURI,
            "dataType": "vector",
            "links": [
                # OGC API Tiles: the tileset itself, its collection, its tiling scheme and its tiles.
                {"href": url_join(server_url, f"collections/{dataset}/tiles/{tileset}") + "?f=json", "rel": "self",
                 "type": "application/json", "title": f"{tileset} tileset of {layer}"},
                {"href": url_join(server_url, f"collections/{dataset}"), "type": "application/json",
                 "rel": "http://www.opengis.net/def/rel/ogc/1.0/geodata", "title": f"{layer} collection"},
                {"href": url_join(server_url, "TileMatrixSets", WEB_MERCATOR.tileMatrixSet),
                 "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "type": "application/json",
                 "title": f"{WEB_MERCATOR.tileMatrixSet} tile matrix set definition"},
                {"href": service_url, "rel": "item", "type": "application/vnd.mapbox-vector-tile",
                 "title": f"{tileset} vector tiles for {layer}"},
            ],
            "layers": [{"id": self.layer.id, "dataType": "vector", "geometryDimension":
                        0 if "Point" in self.layer.geometry_type else 2,
                        "minTileMatrix": str(self.layer.minzoom), "maxTileMatrix": str(self.layer.maxzoom),
                        "propertiesSchema": {"type": "object", "properties": self._fields}}],
        }

    def __repr__(self):
        return f"<PostGISTileProvider> {self.layer.id}"
