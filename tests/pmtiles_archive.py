"""A tiny PMTiles v3 archive writer for the base-map tests (the python `pmtiles` package is not
installed). Follows https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md: a 127-byte
header, an uncompressed root directory (varint columns: tile id deltas, run lengths, lengths,
offsets), JSON metadata, then the tile data. Enough for a handful of raster tiles."""
import io
import json
import struct
from pathlib import Path

TILE_TYPES = {"mvt": 1, "png": 2, "jpeg": 3, "webp": 4}
COMPRESSION_NONE = 1


def zxy_to_tile_id(z: int, x: int, y: int) -> int:
    """The Hilbert-curve tile id of the spec (the same as pmtiles' zxyToTileId)."""
    acc = sum(4 ** i for i in range(z))
    n = 2 ** z
    d = 0
    s = n // 2
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        d += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = s - 1 - x, s - 1 - y
            x, y = y, x
        s //= 2
    return acc + d


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _directory(entries: list[tuple[int, int, int]]) -> bytes:
    """entries: (tile_id, offset, length), sorted by tile id, run length 1 each."""
    out = bytearray(_varint(len(entries)))
    last = 0
    for tile_id, _o, _l in entries:
        out += _varint(tile_id - last)
        last = tile_id
    for _ in entries:
        out += _varint(1)
    for _t, _o, length in entries:
        out += _varint(length)
    for _t, offset, _l in entries:
        out += _varint(offset + 1)  # 0 would mean "right after the previous tile"
    return bytes(out)


def solid_png(rgb=(255, 0, 0), size=256) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (size, size), rgb).save(buf, format="PNG")
    return buf.getvalue()


def write_archive(path: Path, tiles: dict[tuple[int, int, int], bytes], *, tile_type="png",
                  bounds=(-180.0, -85.0, 180.0, 85.0), centre=(121.4, 31.2)) -> Path:
    """Writes `tiles` ({(z, x, y): bytes}) as a PMTiles v3 archive at `path`."""
    ordered = sorted((zxy_to_tile_id(z, x, y), data) for (z, x, y), data in tiles.items())
    data = bytearray()
    entries = []
    for tile_id, blob in ordered:
        entries.append((tile_id, len(data), len(blob)))
        data += blob
    root = _directory(entries)
    metadata = json.dumps({"name": "onemap-test", "attribution": "test"}).encode()
    zooms = [z for z, _x, _y in tiles]
    root_offset = 127
    metadata_offset = root_offset + len(root)
    data_offset = metadata_offset + len(metadata)
    e7 = lambda v: int(round(v * 10_000_000))  # noqa: E731
    header = b"PMTiles" + struct.pack(
        "<BQQQQQQQQQQQBBBBBBiiiiBii", 3,
        root_offset, len(root), metadata_offset, len(metadata), data_offset + len(data), 0,
        data_offset, len(data), len(entries), len(entries), len(entries),
        1, COMPRESSION_NONE, COMPRESSION_NONE, TILE_TYPES[tile_type], min(zooms), max(zooms),
        e7(bounds[0]), e7(bounds[1]), e7(bounds[2]), e7(bounds[3]), min(zooms), e7(centre[0]), e7(centre[1]))
    assert len(header) == 127, len(header)
    path = Path(path)
    path.write_bytes(header + root + metadata + bytes(data))
    return path
