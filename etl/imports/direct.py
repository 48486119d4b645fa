"""The load's fast path: every per-row check in Python over whole Arrow/numpy columns, then one
binary COPY straight into the layer's table (no temporary table, no INSERT … SELECT: the rows
are written once, and COPY inserts them a page at a time).

It mirrors load._checks / load._cast exactly for the cases it takes: text (trimmed, code lists,
lengths, unique values looked up in the layer at once), whole numbers the file typed as such,
float64 into double precision, points into a Point layer, and the columns the import fills
itself (now(), the street, Django's defaults). Anything else (text to be parsed as a number, a
date or a yes/no, lines and areas) answers None from `prepare` and the load takes the SQL path.
A row that fails a check is not reported from here: the caller then runs the SQL checks
(load.validate), so the report is the one the preview shows, and nothing is written.

Binary COPY (PostgreSQL's documented format: a signature, per row a 16-bit field count and per
field a 32-bit length and the value's binary form, -1 for NULL; big-endian) is assembled
without a Python loop over rows: fields of one width (constants, points, numbers without NULLs)
as one byte matrix per block, text and NULL-able numbers joined on by Arrow's
binary_join_element_wise; the joined column's data buffer is the block."""
from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from psycopg import sql

from . import load
from . import streets as street_lookup
from .targets import STREET_SQL, filled

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"  # no flags, no extension
TRAILER = b"\xff\xff"
NULL = b"\xff\xff\xff\xff"
PG_EPOCH_US = 946_684_800 * 1_000_000  # 2000-01-01 UTC, where PostgreSQL's timestamps count from
INTEGERS = {"smallint": ">i2", "integer": ">i4", "bigint": ">i8"}
LIMITS = {"smallint": 32767}  # load._checks: every other whole number against 2147483647
# EWKB point with SRID 4326, little-endian: byte order, type (point | SRID flag), SRID; then x, y.
EWKB_POINT = b"\x01" + struct.pack("<I", 0x20000001) + struct.pack("<I", 4326)
EMPTY = pa.scalar(b"", pa.binary())


@dataclass
class Prepared:
    columns: list[str]             # the layer's columns (copy_into_layer orders them)
    fields: list                   # per column: a pa.Array of its values, or a constant (bytes, NULL)
    kinds: list[str]               # per column: its binary encoding (see _field)
    bad_rows: np.ndarray           # per row: fails a check (then nothing is loaded from here)

    @property
    def bad(self) -> int:
        return int(self.bad_rows.sum())


def _strings(values) -> pa.Array:
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return values.cast(pa.string()) if pa.types.is_large_string(values.type) else values


def _sql_value(p: load.Plan, i: int, source) -> pa.Array:
    """load._value in Arrow: a typed whole number as itself (its text for a text field), any
    other cell as its COPY text (load._as_text) trimmed of spaces (btrim), '' as missing."""
    column = p.table.column(source)
    target = p.columns[i][0]
    if p.whole_numbers(i):
        column = column.combine_chunks()
        return column.cast(pa.int64()) if target.kind == "integer" else column.cast(pa.string())
    text = _strings(load._as_text(column))
    trimmed = pc.utf8_trim(text, characters=" ")
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _mask(values) -> np.ndarray:
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def _target(p: load.Plan, i: int, source, db_types: dict) -> tuple[pa.Array, str, np.ndarray] | None:
    """(the stored values, their encoding, the rows failing a check) for mapped column i; None
    when the SQL path must take this column."""
    target = p.columns[i][0]
    kind, typed = target.kind, p.whole_numbers(i)
    raw = p.table.column(source).type
    if kind == "integer" and not typed:
        return None  # text to be parsed as a whole number: load._checks' regular expressions
    # A float32 travels as its own shortest text ("0.1"), which PostgreSQL reads as the double
    # nearest 0.1, not as float32's 0.1 widened: only float64 and whole numbers come this way.
    if kind == "number" and not (db_types[target.column] == "double precision" and (typed or raw == pa.float64())):
        return None
    if kind not in ("text", "integer", "number") or (target.choices and kind != "text"):
        return None
    if kind == "text" and not (db_types[target.column] == "text" or db_types[target.column].startswith("varchar")):
        return None  # Target.kind's "text" is also its fallback for types it does not know (uuid, json …)
    if target.positive and not typed:
        return None
    v = _sql_value(p, i, source)
    bad = np.zeros(len(v), dtype=bool)
    if target.required:
        bad |= _mask(pc.is_null(v))
    if target.unique:
        bad |= _taken(p, target, v) | _repeated(v)
    if kind == "text":
        if target.choices:
            words = pa.array([str(c) for c, _l in target.choices] + [str(lbl) for _c, lbl in target.choices])
            bad |= _mask(pc.and_(pc.is_valid(v), pc.invert(pc.is_in(v, value_set=words))))
            labels = {}
            for code, label in target.choices:
                labels.setdefault(str(label), str(code))  # CASE … WHEN label: the first one wins
            at = pc.index_in(v, value_set=pa.array(list(labels)))
            v = pc.if_else(pc.is_valid(at), pc.take(pa.array(list(labels.values())), at), v)
        elif target.max_length:
            bad |= _mask(pc.greater(pc.utf8_length(v), target.max_length))
        if not target.required:
            v = pc.fill_null(v, "")  # Django keeps empty text as '' not NULL
        return v, "text", bad
    if kind == "integer":
        db_type = db_types[target.column]
        if db_type not in INTEGERS:
            return None
        limit = LIMITS.get(target.db_type, 2147483647)
        bad |= _mask(pc.or_(pc.greater(v, limit), pc.less(v, -limit)))
        if target.positive:
            bad |= _mask(pc.less(v, 0))
        return v, db_type, bad
    # A number: floating point (NaN is missing, load._as_text) or a typed whole number.
    v = pc.cast(p.table.column(source).combine_chunks(), pa.float64(), safe=False)
    v = pc.if_else(pc.is_nan(v), pa.scalar(None, pa.float64()), v)
    if target.required:
        bad |= _mask(pc.is_null(v))
    bad |= _mask(pc.is_inf(v))  # its text "inf" is not a number (load.NUMBER_RE)
    return v, "double precision", bad


def _taken(p: load.Plan, target, v: pa.Array) -> np.ndarray:
    """load._checks' "exists": the value is already in the layer (one look-up of the file's
    distinct values through the unique column's index)."""
    distinct = pc.unique(pc.drop_null(v))
    if not len(distinct):
        return np.zeros(len(v), dtype=bool)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT DISTINCT x.{c} FROM {t} x WHERE x.{c} = ANY(%s)").format(
            c=sql.Identifier(target.column), t=sql.Identifier(p.layer.model_class._meta.db_table)),
            [distinct.to_pylist()])
        found = [row[0] for row in cursor.fetchall()]
    if not found:
        return np.zeros(len(v), dtype=bool)
    return _mask(pc.is_in(v, value_set=pa.array(found, v.type)))


def _repeated(v: pa.Array) -> np.ndarray:
    """load._checks' "duplicate": an earlier row holds the same value (the first one does not)."""
    codes = pc.fill_null(pc.dictionary_encode(v).indices, -1).to_numpy(zero_copy_only=False)
    _values, first = np.unique(codes, return_index=True)
    out = codes >= 0
    out[first] = False
    return out


def _constant(value, db_type: str) -> bytes | None:
    """A default's binary form (None: not one the fast path encodes)."""
    if isinstance(value, bool):
        return struct.pack(">i", 1) + (b"\x01" if value else b"\x00") if db_type == "boolean" else None
    if isinstance(value, int) and db_type in INTEGERS:
        data = np.array([value], dtype=INTEGERS[db_type]).tobytes()
        return struct.pack(">i", len(data)) + data
    if isinstance(value, float) and db_type == "double precision":
        return struct.pack(">id", 8, value)
    if isinstance(value, str) and (db_type == "text" or db_type.startswith("varchar")):
        data = value.encode()
        return struct.pack(">i", len(data)) + data
    return None


def prepare(p: load.Plan, *, streets: bool = True) -> Prepared | None:
    """The checks and the values of every column, or None if the file needs the SQL path.
    `streets=False`: the street column left empty (a preview writes nothing)."""
    layer = p.layer
    if not (p.geoms.points and layer.geometry_type == "Point"):
        return None
    fields_by_column = {f.column: f for f in layer.model_class._meta.concrete_fields}
    db_types = {c: f.db_type(connection) for c, f in fields_by_column.items()}
    n = p.table.count
    columns, fields, kinds = [], [], []
    bad = np.zeros(n, dtype=bool)
    for i, (target, source) in enumerate(p.columns):
        got = _target(p, i, source, db_types)
        if got is None:
            return None
        values, kind, rows = got
        columns.append(target.column)
        fields.append(values)
        kinds.append(kind)
        bad |= rows
    try:
        fills = filled(layer, set(p.mapping))
    except LookupError:  # a required field left unmapped (a preview's report names it)
        return None
    now = None
    for f in fills:
        db_type = db_types[f.column]
        if f.sql == "now()" and db_type == "timestamp with time zone":
            if now is None:
                with connection.cursor() as cursor:  # the transaction's now(), as the INSERT writes it
                    cursor.execute("SELECT ((extract(epoch FROM now()) * 1000000)::numeric)::bigint")
                    now = struct.pack(">iq", 8, cursor.fetchone()[0] - PG_EPOCH_US)
            value, kind = now, "constant"
        elif f.sql == STREET_SQL and db_type in INTEGERS:
            value, kind = (street_lookup.street_ids(p.geoms, n) if streets else pa.nulls(n, pa.int64())), db_type
        elif f.sql == "''" and (db_type == "text" or db_type.startswith("varchar")):
            value, kind = struct.pack(">i", 0), "constant"
        elif f.sql == "%s" and len(f.params) == 1:
            value, kind = _constant(f.params[0], db_type), "constant"
            if value is None:
                return None
        else:
            return None
        columns.append(f.column)
        fields.append(value)
        kinds.append(kind)
    x, y = p.geoms.x, p.geoms.y
    finite = np.isfinite(x) & np.isfinite(y)
    w, s, e, nth = load.SHANGHAI
    bad |= ~finite  # no_geometry
    with np.errstate(invalid="ignore"):
        bad |= finite & ~((x >= w) & (x <= e) & (y >= s) & (y <= nth))  # outside
    columns.append(layer.geometry_field.column)
    fields.append((x, y))
    kinds.append("point")
    return Prepared(columns=columns, fields=fields, kinds=kinds, bad_rows=bad)


def _binary(matrix: np.ndarray) -> pa.Array:
    """Each row of a 2-D uint8 matrix as one binary value (no copy of the bytes)."""
    n, width = matrix.shape
    offsets = np.arange(0, n * width + 1, width, dtype=np.int32)
    return pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets),
                                                 pa.py_buffer(np.ascontiguousarray(matrix))])


def _width(kind: str) -> int:
    return 25 if kind == "point" else 8 if kind == "double precision" else int(INTEGERS[kind][-1])


def _fixed_part(values, kind: str, lo: int, hi: int) -> bytes | np.ndarray | None:
    """Rows lo..hi of a column whose fields all have one width (length + value): the bytes of a
    constant, or an (n, 4 + width) uint8 matrix; None for text, or numbers with a NULL here."""
    if kind == "constant":
        return values
    if kind == "text":
        return None
    n = hi - lo
    if kind == "point":
        x, y = values
        matrix = np.empty((n, 4 + 25), dtype=np.uint8)
        matrix[:, 4:13] = np.frombuffer(EWKB_POINT, dtype=np.uint8)
        matrix[:, 13:21] = x[lo:hi].astype("<f8").view(np.uint8).reshape(n, 8)
        matrix[:, 21:29] = y[lo:hi].astype("<f8").view(np.uint8).reshape(n, 8)
    else:
        part = values.slice(lo, n)
        if part.null_count:
            return None
        dtype = ">f8" if kind == "double precision" else INTEGERS[kind]
        numbers = part.to_numpy(zero_copy_only=False).astype(dtype)
        matrix = np.empty((n, 4 + numbers.dtype.itemsize), dtype=np.uint8)
        matrix[:, 4:] = numbers.view(np.uint8).reshape(n, -1)
    matrix[:, :4] = np.frombuffer(struct.pack(">i", _width(kind)), dtype=np.uint8)
    return matrix


def _field(values, kind: str, lo: int, hi: int) -> pa.Array:
    """Rows lo..hi of a column as binary fields (after a field of varying width in the row)."""
    if kind == "constant":
        return pa.scalar(values, pa.binary())
    if kind == "point":
        return _binary(_fixed_part(values, kind, lo, hi))
    part = values.slice(lo, hi - lo)
    if kind == "text":
        data = part.cast(pa.binary())
        lengths = pc.fill_null(pc.binary_length(data), -1).to_numpy(zero_copy_only=False).astype(">i4")
        return pc.binary_join_element_wise(_binary(lengths.view(np.uint8).reshape(-1, 4)), pc.fill_null(data, b""),
                                           EMPTY)
    dtype = ">f8" if kind == "double precision" else INTEGERS[kind]
    numbers = pc.fill_null(part, 0.0 if kind == "double precision" else 0).to_numpy(zero_copy_only=False)
    width = np.dtype(dtype).itemsize
    matrix = np.empty((len(numbers), 4 + width), dtype=np.uint8)
    matrix[:, :4] = np.frombuffer(struct.pack(">i", width), dtype=np.uint8)
    matrix[:, 4:] = numbers.astype(dtype).view(np.uint8).reshape(-1, width)
    return pc.if_else(pc.is_valid(part), _binary(matrix), pa.scalar(NULL, pa.binary()))


ORDER = {"constant": 0, "point": 1, "text": 3}  # numbers: 2


def _block(count: bytes, fields, kinds, lo: int, hi: int) -> pa.Array:
    """Rows lo..hi as binary COPY tuples. The leading run of fields of one width (constants,
    points, numbers without NULLs here) is laid out as one byte matrix; the rest are joined on."""
    n = hi - lo
    head, rest = [np.frombuffer(count, dtype=np.uint8)], []
    for values, kind in zip(fields, kinds):
        part = None if rest else _fixed_part(values, kind, lo, hi)
        if part is None:
            rest.append(_field(values, kind, lo, hi))
        else:
            head.append(np.frombuffer(part, dtype=np.uint8) if isinstance(part, bytes) else part)
    widths = [h.shape[-1] for h in head]
    matrix = np.empty((n, sum(widths)), dtype=np.uint8)
    at = 0
    for h, w in zip(head, widths):
        matrix[:, at:at + w] = h
        at += w
    rows = _binary(matrix)
    return pc.binary_join_element_wise(rows, *rest, EMPTY) if rest else rows


def copy_into_layer(p: load.Plan, ready: Prepared, progress=None, start=40.0, span=50.0) -> tuple[int, list[str]]:
    """COPY every row into the layer's table (its secondary indexes dropped first for a bulk
    load, as load.insert_rows does). Returns (rows, the statements that put the indexes back)."""
    table = p.layer.model_class._meta.db_table
    n = p.table.count
    order = sorted(range(len(ready.columns)), key=lambda i: ORDER.get(ready.kinds[i], 2))
    columns = [ready.columns[i] for i in order]
    fields, kinds = [ready.fields[i] for i in order], [ready.kinds[i] for i in order]
    count = struct.pack(">h", len(columns))
    copy_sql = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT binary)").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    raw = connection.connection
    with raw.cursor() as cursor:
        rebuilt = load._drop_for_bulk(cursor, table, n)
        if progress:  # the rows go into the layer's table (uncommitted) from the first block on
            progress.set("inserting", start, force=True, loaded=0)
        with cursor.copy(copy_sql) as copy:
            copy.write(SIGNATURE)
            for lo in range(0, n, load.COPY_BLOCK):
                hi = min(n, lo + load.COPY_BLOCK)
                rows = _block(count, fields, kinds, lo, hi)
                offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32, count=len(rows) + 1, offset=rows.offset * 4)
                copy.write(memoryview(rows.buffers()[2])[offsets[0]:offsets[-1]])
                if progress:
                    progress.set("inserting", start + span * hi / max(n, 1), loaded=hi)
            copy.write(TRAILER)
    return n, rebuilt
