"""区城运中心 camera list: twelve cameras at real Changning junctions, stable (changes only when edited)."""
from .common import as_json

CAMERAS = (
    ("CYZX-0001", "延安西路/江苏路口", "ptz", 121.4302, 31.2183, 90, 60),
    ("CYZX-0002", "长宁路/凯旋路口", "dome", 121.4178, 31.2238, None, 360),
    ("CYZX-0003", "中山公园北门", "fixed", 121.4162, 31.2229, 180, 70),
    ("CYZX-0004", "天山路/娄山关路口", "ptz", 121.3985, 31.2137, 45, 60),
    ("CYZX-0005", "仙霞路/水城路口", "fixed", 121.3902, 31.2061, 270, 75),
    ("CYZX-0006", "虹桥路/古北路口", "ptz", 121.4049, 31.1969, 0, 60),
    ("CYZX-0007", "新华路/番禺路口", "fixed", 121.4283, 31.2035, 135, 70),
    ("CYZX-0008", "北新泾地铁站", "dome", 121.3798, 31.2167, None, 360),
    ("CYZX-0009", "哈密路/虹古路口", "fixed", 121.3684, 31.2023, 315, 80),
    ("CYZX-0010", "淞虹路/天山西路口", "ptz", 121.3578, 31.2189, 200, 60),
    ("CYZX-0011", "临虹路/福泉路口", "fixed", 121.3512, 31.2082, 90, 75),
    ("CYZX-0012", "北翟路/协和路口", "ptz", 121.3663, 31.2233, 160, 60),
)


def items() -> list[dict]:
    out = []
    for code, name, kind, lon, lat, heading, fov in CAMERAS:
        row = {"code": code, "name": name, "kind": kind, "lon": lon, "lat": lat, "field_of_view": fov,
               "status": "online", "stream_url": f"rtsp://video.cyzx.changning.example/live/{code}"}
        if heading is not None:
            row["heading"] = heading
        out.append(row)
    return out


def payload(now):
    return as_json(items(), source="长宁区城运中心", sent_at=now.replace(minute=0, second=0, microsecond=0))
