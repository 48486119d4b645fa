"""The camera list of the district City Operations Center. The biggest layer (1,500 per scale
unit), so everything but the final string assembly is drawn with numpy."""
import numpy as np

from geo_api.reference.models import Camera

from .base import Context, Table, chunked
from .districts import DISTRICTS, weights
from .geometry import allocate, changning, ewkb, points

PER_SCALE = 1_500
KINDS = np.array(["fixed", "dome", "ptz"])
KIND_LABEL = {"fixed": "枪机", "dome": "半球", "ptz": "球机"}
SOURCES = np.array(["区城运中心", "区应急管理局", "街镇自建"])
CORNERS = ("东北角", "东南角", "西北角", "西南角", "北侧", "南侧", "东侧", "西侧")
SITES = ("小区出入口", "菜场门口", "学校门口", "地铁站出入口", "公交站", "地下车库入口", "沿街商铺", "河道护栏", "绿地")
# GB/T 28181-style 20-digit device ids: 8-digit centre code (admin code + a 2-digit unit, here
# the street's number), industry 00, type 132 (network camera), network digit 6, 6-digit serial.
MAX_SERIAL = 999_999


def device_ids(d: np.ndarray) -> list[str]:
    serial = np.empty(len(d), dtype=np.int64)
    for street in range(len(DISTRICTS)):
        where = np.flatnonzero(d == street)
        serial[where] = np.arange(1, len(where) + 1)
    if len(d) and serial.max() > MAX_SERIAL:
        raise ValueError(f"{serial.max()} cameras in one street do not fit a GB/T 28181 serial; lower --scale")
    return [f"310105{street + 1:02d}001326{s:06d}" for street, s in zip(d.tolist(), serial.tolist())]


def build(ctx: Context) -> list[Table]:
    count = PER_SCALE * ctx.scale
    rng = ctx.numpy("cameras")
    x, y, d = changning().sample(rng, allocate(count, weights()), spatial=True)
    codes = device_ids(d)
    kind = rng.choice(len(KINDS), count, p=[0.6, 0.25, 0.15])
    # Fixed cameras look one way (the map draws their view cone); a PTZ reports where it points
    # when it last moved, most of the time; a dome sees all around and has neither.
    aimed = (kind == 0) | ((kind == 2) & (rng.random(count) < 0.7))
    heading = np.where(aimed, np.round(rng.uniform(0, 359.9, count), 1), np.nan)
    fov = np.where(aimed, np.where(kind == 0, rng.integers(40, 101, count), rng.integers(30, 61, count)), np.nan)
    online = rng.random(count) >= 0.05
    source = rng.choice(len(SOURCES), count, p=[0.88, 0.07, 0.05])
    crossings = [[f"{a}与{b}交叉口" for a in s.roads for b in s.roads if a != b] for s in DISTRICTS]

    def rows(start, stop):
        part = ctx.numpy(f"cameras:{start}")
        n = stop - start
        at_crossing = (part.random(n) < 0.6).tolist()
        pick = part.integers(0, 1 << 30, n).tolist()
        corner, site = part.integers(0, len(CORNERS), n).tolist(), part.integers(0, len(SITES), n).tolist()
        number = part.integers(1, 1600, n).tolist()
        geoms = ewkb(points(x[start:stop], y[start:stop]))
        # Plain Python lists: indexing numpy scalars row by row costs more than the COPY itself.
        streets, kinds = d[start:stop].tolist(), KINDS[kind[start:stop]].tolist()
        headings, fovs = heading[start:stop].tolist(), fov[start:stop].tolist()
        onlines, sources = online[start:stop].tolist(), SOURCES[source[start:stop]].tolist()
        for j in range(n):
            street, code = streets[j], codes[start + j]
            if at_crossing[j]:
                place = crossings[street][pick[j] % len(crossings[street])] + CORNERS[corner[j]]
            else:
                roads = DISTRICTS[street].roads
                place = f"{roads[pick[j] % len(roads)]}{number[j]}号{SITES[site[j]]}"
            h, f = headings[j], fovs[j]
            yield (start + j + 1, code, f"{place}（{KIND_LABEL[kinds[j]]}）", kinds[j],
                   h if h == h else None, f if f == f else None,  # NaN != NaN: no heading
                   "online" if onlines[j] else "offline", sources[j],
                   f"https://vms.example.com/live/{code}.m3u8" if onlines[j] else "",
                   ctx.district_id(street), geoms[j])

    columns = ("id", "code", "name", "kind", "heading", "field_of_view", "status", "source", "stream_url",
               "district_id", "geom")
    return [Table(Camera, columns, chunked(count, rows), count)]
