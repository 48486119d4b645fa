"""视频清单 (camera list) from the district City Operations Center → the camera layer, upserted on
the camera's code: position, heading, field of view, status and stream link."""
from datetime import timedelta

from geo_api.reference.models import Camera

from .base import Applied, Fields, JsonAdapter, ParseError
from .geo import district_at

STREAM_SCHEMES = ("http://", "https://", "rtsp://", "rtmp://")


class CamerasAdapter(JsonAdapter):
    name = "cameras"
    title = "视频清单"
    title_en = "Camera list"
    agency = "区城运中心"
    direction = "pull"
    interval = timedelta(hours=1)
    id_field = "code"

    def read(self, f: Fields) -> dict:
        stream = f.text("stream_url", 300, required=False)
        if stream and not stream.startswith(STREAM_SCHEMES):
            raise ParseError(f"条目 {f.sid} 字段 stream_url：应以 http(s)://、rtsp:// 或 rtmp:// 开头",
                             f"Item {f.sid}, field stream_url: must start with http(s)://, rtsp:// or rtmp://.")
        return {"code": f.sid[:32], "name": f.text("name", 100), "kind": f.choice("kind", Camera.Kind.values),
                "geom": f.point(), "heading": f.number("heading", required=False, low=0, high=360),
                "field_of_view": f.number("field_of_view", required=False, low=0, high=360),
                "status": f.choice("status", Camera.Status.values, required=False, default=Camera.Status.ONLINE),
                "stream_url": stream}

    def apply(self, item, *, existing, actor, message) -> Applied:
        data = dict(item.data)
        camera = Camera.objects.select_for_update().filter(code=data["code"]).first() or Camera(code=data["code"])
        for key, value in data.items():
            setattr(camera, key, value)
        camera.source = self.agency
        camera.district = district_at(camera.geom)
        camera.full_clean()
        camera.save()
        return Applied(target=camera)
