"""The SQL load pipeline, shared by the preview (run, then rolled back) and the job (committed)
whenever the fast path (direct.py: checks in Python, binary COPY straight into the layer) does
not cover the file, and for the per-row report of a file it found a bad row in:

  file → Arrow columns + WKB (readers) → WGS84 (geometry, crs) + each row's street (streets)
  → COPY into a temporary table (text; whole numbers the file typed as such stay bigint)
  → INSERT … SELECT into the layer's table in batches, casting each column and checking each row
  (types, lengths, code lists, uniqueness, geometry type, validity, inside Shanghai): the first
  bad row stops it, and the same checks then scan the temporary table for the per-row report.

Set-based checks over the temporary table make the per-row report cheap for a million rows; the
preview runs them alone, the load inside its INSERT (no extra scan of a good file). Everything happens in the caller's one transaction: a
failure anywhere, a cancelled statement or a killed process leaves the layer as it was."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.db import connection
from django.utils.translation import gettext as _
from psycopg import sql

from geo_api.common.errors import InvalidInput
from layers.registry import Layer

from . import geometry, readers
from . import streets as street_lookup  # looked up at call time: tests replace street_ids
from .geometry import Geometries
from .targets import Target, filled, fills_street, targets

BATCH = 100_000
COPY_BLOCK = 100_000
BULK_MIN_ROWS = 50_000
MAX_REPORTED = 200
# A million-row statement is "expensive" to the planner, so PostgreSQL JIT-compiles each batch's
# expressions anew (0.5-1 s a statement, ten batches a load) to save less than that at run time.
NO_JIT = "SET LOCAL jit = off"
# Shanghai with a margin: a point outside was almost always given in the wrong coordinate system.
SHANGHAI = (120.8, 30.6, 122.2, 31.95)
TRUE_WORDS = ("true", "t", "1", "yes", "y", "是", "有")
FALSE_WORDS = ("false", "f", "0", "no", "n", "否", "无")
GEOMETRY_OK = {"Point": ("POINT",), "MultiPoint": ("POINT", "MULTIPOINT"), "LineString": ("LINESTRING",),
               "MultiLineString": ("LINESTRING", "MULTILINESTRING"), "Polygon": ("POLYGON",),
               "MultiPolygon": ("POLYGON", "MULTIPOLYGON")}
INTEGER_RE = r"^\s*[-+]?\d+(\.0*)?\s*$"
NUMBER_RE = r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$"
DATE_RE = r"^\s*\d{4}[-/]\d{1,2}[-/]\d{1,2}\s*$"


@dataclass
class Plan:
    layer: Layer
    mapping: dict[str, str]          # target name → source field
    targets: dict[str, Target]
    table: readers.Table
    geoms: Geometries                # in WGS84

    @property
    def columns(self) -> list[tuple[Target, str]]:
        return [(self.targets[t], s) for t, s in self.mapping.items()]

    def whole_numbers(self, i: int) -> bool:
        """Whether mapped column i holds whole numbers by the file's own type (GDAL's Integer or
        Integer64): it travels as bigint and skips the text checks a typed value cannot fail."""
        t = self.table.column(self.columns[i][1]).type
        return pa.types.is_integer(t) and t != pa.uint64()


def plan(*, layer: Layer, path, fmt: str, source_crs: str, mapping: dict, max_features: int | None = None,
         progress=None) -> Plan:
    table = readers.read(path, fmt, max_features=max_features)
    if progress:
        progress.set("reading", 5, force=True, rows=table.count)
    return Plan(layer=layer, mapping=dict(mapping), targets={t.name: t for t in targets(layer)}, table=table,
                geoms=geometry.to_wgs84(table.geometry, source_crs))


def _as_text(values) -> pa.Array:
    """A column as text cells for COPY (null for missing), whatever GDAL typed it as: numbers in
    their shortest round-trip decimal form, NaN as missing, booleans as true/false."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if pa.types.is_floating(values.type):
        values = pc.if_else(pc.is_nan(values), pa.scalar(None, values.type), values)
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        return values
    try:
        return pc.cast(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # e.g. binary that is not UTF-8: as Python sees it
        return pa.array([None if v is None else str(v) for v in values.to_pylist()], pa.string())


def _coordinates(values: np.ndarray) -> pa.Array:
    """Missing where not a finite number: such a point has no geometry (reported per row)."""
    return pa.array(values, mask=~np.isfinite(values))


def copy_rows(p: Plan, progress=None, start=5.0, span=35.0, *, streets: bool = True) -> int:
    """The file into `import_rows` (dropped at the end of the transaction), with the street of
    each row when the layer keeps one (not needed for a preview: `streets=False`)."""
    cols = [sql.Identifier(f"c{i}") for i in range(len(p.mapping))]
    points = p.geoms.points
    # Points travel as two numbers and become geometries in PostgreSQL, only as the INSERT writes
    # them (_geom): far cheaper than serialising a million WKBs, and the temporary table stays
    # narrow. Other shapes travel as hex EWKB.
    geom_sql = ("x float8, y float8" if points else "geom geometry") + ", street bigint"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE TEMP TABLE import_rows (row_no integer PRIMARY KEY, {}{}) "
                               "ON COMMIT DROP").format(sql.SQL(geom_sql),
            sql.SQL("").join(sql.SQL(", {} {}").format(c, sql.SQL("bigint" if p.whole_numbers(i) else "text"))
                             for i, c in enumerate(cols))).as_string(connection.connection))
    n = p.table.count
    if points:
        geo_columns = [sql.Identifier("x"), sql.Identifier("y")]
        geo_values = [_coordinates(p.geoms.x), _coordinates(p.geoms.y)]
    else:
        geo_columns = [sql.Identifier("geom")]
        geo_values = [pa.array(p.geoms.ewkb, pa.string())]
    if fills_street(p.layer):
        geo_columns.append(sql.Identifier("street"))
        geo_values.append(street_lookup.street_ids(p.geoms, n) if streets else pa.nulls(n, pa.int64()))
    cells = pa.table([pa.array(np.arange(1, n + 1, dtype=np.int32)), *geo_values,
                      *(_as_text(p.table.column(source)) for _target, source in p.columns)],
                     names=["row_no", *(f"g{i}" for i in range(len(geo_values))), *(f"c{i}" for i in range(len(cols)))])
    # CSV written by Arrow's C++ writer, a block of rows at a time: every valid cell quoted, a
    # missing one left empty, which PostgreSQL's CSV reads as NULL -- so an empty text stays ''.
    copy_sql = sql.SQL("COPY import_rows (row_no, {}) FROM STDIN (FORMAT csv)").format(
        sql.SQL(", ").join([*geo_columns, *cols]))
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for lo in range(0, n, COPY_BLOCK):
            hi = min(n, lo + COPY_BLOCK)
            sink = pa.BufferOutputStream()
            pa_csv.write_csv(cells.slice(lo, hi - lo), sink, options)
            copy.write(sink.getvalue())
            if progress:
                progress.set("copying", start + span * hi / max(n, 1))
    with raw.cursor() as cursor:
        cursor.execute("ANALYZE import_rows")
    return n


def _geom(p: Plan) -> str:
    """The geometry of import_rows' row r (NULL when a point's coordinates are missing)."""
    return "ST_SetSRID(ST_MakePoint(r.x, r.y), 4326)" if p.geoms.points else "r.geom"


def _v(i: int) -> sql.Identifier:
    return sql.Identifier(f"c{i}")


def _value(p: Plan, i: int, target: Target, alias: str = "r") -> sql.Composable:
    """Column i of import_rows as the checks and casts compare it: trimmed text, NULL for an
    empty cell; a typed whole number as itself for a whole-number field, as text otherwise."""
    cell = sql.SQL("{}.{}").format(sql.Identifier(alias), _v(i))
    if p.whole_numbers(i):
        return cell if target.kind == "integer" else sql.SQL("{}::text").format(cell)
    return sql.SQL("nullif(btrim({}), '')").format(cell)


def _checks(p: Plan) -> list[tuple[sql.Composable, list, str, str]]:
    """(condition over import_rows r, params, target name, problem code) for each check."""
    out = []
    table = sql.Identifier(p.layer.model_class._meta.db_table)
    for i, (target, _source) in enumerate(p.columns):
        v = _value(p, i, target)
        typed = target.kind == "integer" and p.whole_numbers(i)
        if target.required:
            out.append((sql.SQL("{} IS NULL").format(v), [], target.name, "required"))
        kind = target.kind
        if target.choices:
            words = [str(c) for c, _l in target.choices] + [str(lbl) for _c, lbl in target.choices]
            out.append((sql.SQL("{} IS NOT NULL AND NOT ({}::text = ANY(%s))").format(v, v), [words], target.name,
                        "choice"))
        elif kind == "text" and target.max_length:
            out.append((sql.SQL("char_length({}) > %s").format(v), [target.max_length], target.name, "too_long"))
        elif kind == "integer" and typed:
            limit = 32767 if target.db_type == "smallint" else 2147483647
            out.append((sql.SQL("abs({}) > %s").format(v), [limit], target.name, "range"))
        elif kind == "integer":
            out.append((sql.SQL("{} !~ %s").format(v), [INTEGER_RE], target.name, "integer"))
            limit = 32767 if target.db_type == "smallint" else 2147483647
            out.append((sql.SQL("{} ~ %s AND abs({}::numeric) > %s").format(v, v), [INTEGER_RE, limit], target.name,
                        "range"))
        elif kind == "number":
            out.append((sql.SQL("{} !~ %s").format(v), [NUMBER_RE], target.name, "number"))
        elif kind == "boolean":
            out.append((sql.SQL("NOT (lower({}) = ANY(%s))").format(v), [list(TRUE_WORDS + FALSE_WORDS)],
                        target.name, "boolean"))
        elif kind == "date":
            out.append((sql.SQL("({} !~ %s OR onemap_import_date(replace({}, '/', '-')) IS NULL)").format(v, v),
                        [DATE_RE], target.name, "date"))
        elif kind == "datetime":
            out.append((sql.SQL("onemap_import_timestamptz({}) IS NULL").format(v), [], target.name, "datetime"))
        if target.positive and typed:
            out.append((sql.SQL("{} < 0").format(v), [], target.name, "negative"))
        elif target.positive and kind == "integer":
            out.append((sql.SQL("{} ~ %s AND {}::numeric < 0").format(v, v), [INTEGER_RE], target.name, "negative"))
        if target.unique:
            column = sql.Identifier(target.column)
            out.append((sql.SQL("EXISTS (SELECT 1 FROM {} x WHERE x.{} = {})").format(table, column, v), [],
                        target.name, "exists"))
            out.append((sql.SQL("EXISTS (SELECT 1 FROM import_rows o WHERE {} = {} "
                                "AND o.row_no < r.row_no)").format(_value(p, i, target, "o"), v), [], target.name,
                        "duplicate"))
    allowed = list(GEOMETRY_OK[p.layer.geometry_type])
    if p.geoms.points and "POINT" in allowed:
        # Points from two finite numbers (others arrived as NULL): always valid and of the right
        # type, and inside the envelope is two comparisons -- no geometry function per row.
        return out + [
            (sql.SQL("r.x IS NULL OR r.y IS NULL"), [], "geometry", "no_geometry"),
            (sql.SQL("r.x IS NOT NULL AND r.y IS NOT NULL AND NOT (r.x BETWEEN %s AND %s AND r.y BETWEEN %s AND %s)"),
             [SHANGHAI[0], SHANGHAI[2], SHANGHAI[1], SHANGHAI[3]], "geometry", "outside"),
        ]
    g = _geom(p)
    out += [
        (sql.SQL("r.geom IS NULL OR ST_IsEmpty(r.geom)".replace("r.geom", g)), [], "geometry", "no_geometry"),
        (sql.SQL("r.geom IS NOT NULL AND NOT (GeometryType(r.geom) = ANY(%s))".replace("r.geom", g)), [allowed],
         "geometry", "geometry_type"),
        (sql.SQL("r.geom IS NOT NULL AND GeometryType(r.geom) = ANY(%s) AND NOT ST_IsValid(r.geom)".replace(
            "r.geom", g)), [allowed], "geometry", "invalid"),
        (sql.SQL(("r.geom IS NOT NULL AND NOT ST_IsEmpty(r.geom) AND NOT ST_Intersects(r.geom, "
                  "ST_MakeEnvelope(%s, %s, %s, %s, 4326))").replace("r.geom", g)), list(SHANGHAI), "geometry",
         "outside"),
    ]
    return out


def _message(code: str, target: str, p: Plan, value) -> str:
    t = p.targets.get(target)
    label = t.label if t else _("geometry")
    texts = {
        "required": _("%(field)s is required and empty."),
        "choice": _("%(field)s: “%(value)s” is not one of the allowed values."),
        "too_long": _("%(field)s: longer than %(max)s characters."),
        "integer": _("%(field)s: “%(value)s” is not a whole number."),
        "range": _("%(field)s: %(value)s is out of range."),
        "number": _("%(field)s: “%(value)s” is not a number."),
        "boolean": _("%(field)s: “%(value)s” is not yes/no (true, false, 是, 否)."),
        "date": _("%(field)s: “%(value)s” is not a date (YYYY-MM-DD)."),
        "datetime": _("%(field)s: “%(value)s” is not a date and time (YYYY-MM-DD HH:MM)."),
        "negative": _("%(field)s: must not be negative."),
        "exists": _("%(field)s: “%(value)s” already exists in the layer."),
        "duplicate": _("%(field)s: “%(value)s” appears twice in the file."),
        "no_geometry": _("No geometry (empty or unreadable coordinates)."),
        "geometry_type": _("A %(got)s where the layer holds %(want)s."),
        "invalid": _("Invalid geometry: %(value)s."),
        "outside": _("The feature lies outside Shanghai (%(value)s): is the source coordinate system right?"),
    }
    return texts[code] % {"field": label, "value": value, "max": t.max_length if t else "",
                          "got": value, "want": p.layer.geometry_type}


def _flags(checks) -> tuple[list[sql.Composable], list]:
    """A true/false flag per check and their parameters, in order."""
    return ([sql.SQL("coalesce(({}), false)").format(c) for c, _params, _t, _code in checks],
            [x for _c, params, _t, _code in checks for x in params])


def validate(p: Plan, limit: int = MAX_REPORTED) -> tuple[list[dict], int]:
    """(the problems of the first `limit` bad rows in row order, how many rows have problems).
    Every check in one scan of import_rows: a flag column per check, rows with any flag."""
    checks = _checks(p)
    if not checks:
        return [], 0
    flags, flag_params = _flags(checks)
    geometry_info = sql.SQL((
        "CASE WHEN r.geom IS NULL OR ST_IsEmpty(r.geom) THEN '' ELSE GeometryType(r.geom) END, "
        "CASE WHEN r.geom IS NOT NULL AND NOT ST_IsEmpty(r.geom) AND NOT ST_IsValid(r.geom) "
        "THEN ST_IsValidReason(r.geom) ELSE '' END, "
        "CASE WHEN r.geom IS NULL OR ST_IsEmpty(r.geom) THEN '' ELSE round(ST_X(ST_PointOnSurface(r.geom))::numeric, 4) "
        "|| ', ' || round(ST_Y(ST_PointOnSurface(r.geom))::numeric, 4) END").replace("r.geom", _geom(p)))
    values = sql.SQL("").join(sql.SQL(", r.{}").format(_v(i)) for i in range(len(p.mapping)))
    query = sql.SQL("SELECT r.row_no, count(*) OVER (), {geo}{values}, {flags} FROM import_rows r WHERE {any} "
                    "ORDER BY r.row_no LIMIT %s").format(
        geo=geometry_info, values=values, flags=sql.SQL(", ").join(flags),
        any=sql.SQL(" OR ").join(flags))
    with connection.connection.cursor() as cursor:
        cursor.execute(NO_JIT)
        cursor.execute(query, [*flag_params, *flag_params, limit])
        rows = cursor.fetchall()
    index = {t.name: i for i, (t, _s) in enumerate(p.columns)}
    ncols = len(p.mapping)
    problems = []
    for row in rows:
        row_no, geo_type, reason, where = row[0], row[2], row[3], row[4]
        cells, hits = row[5:5 + ncols], row[5 + ncols:]
        for hit, (_c, _params, target, code) in zip(hits, checks):
            if not hit:
                continue
            if target == "geometry":
                value = {"geometry_type": geo_type, "invalid": reason}.get(code, where)
            else:
                value = cells[index[target]]
            problems.append({"row": row_no, "line": row_no + p.table.first_line - 1, "field": target,
                             "code": code, "message": _message(code, target, p, value)})
    return problems, (rows[0][1] if rows else 0)


def _cast(p: Plan, target: Target, i: int) -> tuple[sql.Composable, list]:
    v = _value(p, i, target)
    kind = target.kind
    if kind == "integer" and p.whole_numbers(i):
        expr, params = sql.SQL("{}::{}").format(v, sql.SQL(target.db_type)), []
    elif target.choices:
        labels = [(str(lbl), str(code)) for code, lbl in target.choices]
        expr = sql.SQL("CASE {} ").format(v) + sql.SQL(" ").join(
            sql.SQL("WHEN %s THEN %s") for _ in labels) + sql.SQL(" ELSE {} END").format(v)
        params = [x for pair in labels for x in pair]
    elif kind == "integer":
        expr, params = sql.SQL("{}::numeric::{}").format(v, sql.SQL(target.db_type)), []
    elif kind == "number":
        expr, params = sql.SQL("{}::{}").format(v, sql.SQL(target.db_type)), []
    elif kind == "boolean":
        expr = sql.SQL("CASE WHEN lower({}) = ANY(%s) THEN true WHEN lower({}) = ANY(%s) THEN false END").format(v, v)
        params = [list(TRUE_WORDS), list(FALSE_WORDS)]
    elif kind == "date":
        expr, params = sql.SQL("replace({}, '/', '-')::date").format(v), []
    elif kind == "datetime":
        expr, params = sql.SQL("{}::timestamptz").format(v), []
    else:
        expr, params = v, []
    if kind == "text" and not target.required:
        expr = sql.SQL("coalesce({}, '')").format(expr)  # Django keeps empty text as '' not NULL
    return expr, params


# The error a guarded INSERT raises on the first row that fails a check (a code of our own).
REFUSED_SQLSTATE = "OMI01"
REFUSE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION pg_temp.onemap_import_refuse(row_no integer) RETURNS geometry LANGUAGE plpgsql "
    "VOLATILE AS $$ BEGIN RAISE EXCEPTION 'import row % fails a check', row_no USING ERRCODE = '" + REFUSED_SQLSTATE
    + "'; END $$")


def refused(exc: BaseException) -> bool:
    """Whether `exc` is a guarded INSERT's refusal (raw psycopg, or wrapped by Django)."""
    return any(getattr(e, "sqlstate", None) == REFUSED_SQLSTATE for e in (exc, exc.__cause__))


def insert_rows(p: Plan, progress=None, start=50.0, span=50.0, *, guarded: bool = False) -> int:
    """INSERT … SELECT from import_rows into the layer's table, in batches of row numbers (one
    transaction all the same) so the progress bar moves.

    `guarded`: the rows were not checked yet; the INSERT evaluates every check itself and raises
    REFUSED_SQLSTATE on the first row that fails one (the caller rolls back to a savepoint and
    runs validate() for the report). Saves a scan of import_rows when the file is good, as it
    nearly always is once its preview was clean."""
    model = p.layer.model_class
    columns, exprs, params = [], [], []
    for i, (target, _s) in enumerate(p.columns):
        expr, ps = _cast(p, target, i)
        columns.append(sql.Identifier(target.column))
        exprs.append(expr)
        params += ps
    for f in filled(p.layer, set(p.mapping)):
        columns.append(sql.Identifier(f.column))
        exprs.append(sql.SQL(f.sql))
        params += list(f.params)
    geom = sql.SQL(_geom(p))
    checks = _checks(p) if guarded else []
    if checks:
        flags, flag_params = _flags(checks)
        geom = sql.SQL("CASE WHEN {} THEN pg_temp.onemap_import_refuse(r.row_no) ELSE {} END").format(
            sql.SQL(" OR ").join(flags), geom)
        params += flag_params
    if p.layer.geometry_type.startswith("Multi"):
        geom = sql.SQL("ST_Multi({})").format(geom)
    columns.append(sql.Identifier(p.layer.geometry_field.column))
    exprs.append(geom)
    query = sql.SQL("INSERT INTO {} ({}) SELECT {} FROM import_rows r WHERE r.row_no > %s AND r.row_no <= %s "
                    "ORDER BY r.row_no").format(sql.Identifier(model._meta.db_table), sql.SQL(", ").join(columns),
                                                sql.SQL(", ").join(exprs))
    n, done = p.table.count, 0
    table = model._meta.db_table
    with connection.connection.cursor() as cursor:
        cursor.execute("SET LOCAL timezone = 'Asia/Shanghai'")  # a time without zone is Shanghai time
        cursor.execute(NO_JIT)
        if checks:
            cursor.execute(REFUSE_FUNCTION)
        rebuilt = _drop_for_bulk(cursor, table, n)
        for lo in range(0, n, BATCH):
            cursor.execute(query, [*params, lo, lo + BATCH])
            done += cursor.rowcount
            if progress:
                progress.set("inserting", start + span * min(n, lo + BATCH) / max(n, 1), loaded=done)
        rebuild_indexes(cursor, rebuilt, progress, start + span)
    return done


def rebuild_indexes(cursor, statements: list[str], progress=None, at: float = 98.0) -> None:
    """Put back the indexes _drop_for_bulk dropped (its returned statements)."""
    if not statements:
        return
    # Deferred foreign-key checks must run before an index can be built in this transaction.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # The GiST index of a million points is built by sorting them: in memory, not in temp files.
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    if progress:
        progress.set("indexing", at, force=True)
    for statement in statements:
        cursor.execute(statement)


def _drop_for_bulk(cursor, table: str, n: int) -> list[str]:
    """A load at least as big as the layer (and ≥ BULK_MIN_ROWS) rebuilds the layer's secondary
    indexes once at the end instead of updating them row by row, as ogr2ogr and pg_restore do:
    several times faster for the GiST index. The price: the layer is locked (readers wait) until
    the load commits. Keys and unique constraints stay in place: dropping the street's foreign
    key would check a million rows in one join instead of one deferred look-up each (≈ 3 s
    faster), but it locks the streets table too, and event intake and every map read of the
    streets would wait behind an import. Dropping and creating an index is transactional: a
    failed or killed load leaves the indexes as they were. Returns the statements that put them
    back."""
    cursor.execute(sql.SQL("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT %s) x").format(sql.Identifier(table)),
                   [n + 1])
    if n < BULK_MIN_ROWS or cursor.fetchone()[0] > n:
        return []
    cursor.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(table)))
    cursor.execute("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                   "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
                   "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [table])
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))  # regclass text: already quoted
    return [definition for _name, definition in indexes]


def check_mapping(layer: Layer, table: readers.Table, mapping: dict) -> list[dict]:
    """Problems of the mapping itself (before any row): unknown names, required fields unmapped."""
    problems = []
    known = {t.name: t for t in targets(layer)}
    for target, source in mapping.items():
        if target not in known:
            problems.append({"field": target, "message": _("The layer has no importable field %(f)s.") % {"f": target}})
        elif source not in table.fields:
            problems.append({"field": target, "message": _("The file has no column %(c)s.") % {"c": source}})
    for t in known.values():
        if t.required and t.name not in mapping:
            problems.append({"field": t.name, "message": _("%(field)s is required: choose the file column that "
                                                           "holds it.") % {"field": t.label}})
    return problems


def auto_mapping(layer: Layer, table: readers.Table) -> dict[str, str]:
    """Same name (any case) or the field's label: 名称 → name."""
    out = {}
    by_lower = {f.lower(): f for f in table.fields}
    for t in targets(layer):
        for candidate in (t.name.lower(), t.label.lower()):
            if candidate in by_lower:
                out[t.name] = by_lower[candidate]
                break
    return out


def parse_mapping(value) -> dict[str, str]:
    if value in (None, "", {}):
        return {}
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except ValueError:
            raise InvalidInput(_("mapping must be a JSON object {\"layer field\": \"file column\"}."),
                               errors={"mapping": [_("Not JSON.")]}) from None
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InvalidInput(_("mapping must be a JSON object {\"layer field\": \"file column\"}."),
                           errors={"mapping": [_("Not an object of names.")]})
    return {k: v for k, v in value.items() if v}
