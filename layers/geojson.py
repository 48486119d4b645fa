"""GeoJSON features built by PostGIS from a layer's slim view: one definition shared by the OGC
provider and the editing API, so both return the same representation."""
from psycopg import sql

from ogc.crs import output_srid


def feature_json(names, skip_geometry=False, target_crs=None) -> sql.Composable:
    """A SELECT expression producing one Feature as JSON text per row of a layer view."""
    props = sql.SQL(", ").join(sql.SQL("{}, {}").format(sql.Literal(n), sql.Identifier(n)) for n in names)
    if skip_geometry:
        geometry = sql.SQL("NULL")
    else:
        srid, flip, digits = output_srid(target_crs)
        geom = sql.SQL("geom")
        if srid != 4326:
            geom = sql.SQL("ST_Transform(geom, {})").format(sql.Literal(srid))
        if flip:
            geom = sql.SQL("ST_FlipCoordinates({})").format(geom)
        geometry = sql.SQL("ST_AsGeoJSON({}, {})::json").format(geom, sql.Literal(digits))
    return sql.SQL(
        "json_build_object('type', 'Feature', 'id', id, 'geometry', {}, 'properties', json_build_object({}))::text"
    ).format(geometry, props)
