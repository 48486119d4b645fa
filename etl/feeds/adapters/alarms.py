"""警情 (alarms) from the city emergency bureau → events in `reported`, through the incidents intake
(the same checks and the same code, first report, upward-report deadlines and timeline entry as a
call taken at the duty desk). An alarm's id maps to its event once (FeedRecord): sent again
unchanged it is a duplicate; sent again with new content it becomes a follow-up (续报) on the
same event, never a second event."""
from datetime import timedelta

from geo_api.accounts.roles import Role
from geo_api.incidents import services as incidents
from geo_api.incidents.intake import parse_intake
from geo_api.incidents.models import Event

from .base import Applied, Fields, JsonAdapter


class AlarmsAdapter(JsonAdapter):
    name = "alarms"
    title = "警情信息"
    title_en = "Alarms"
    agency = "市应急局"
    direction = "both"
    interval = timedelta(minutes=2)
    actor_roles = frozenset({Role.DUTY_OFFICER})

    def read(self, f: Fields) -> dict:
        return {
            "type": f.text("type", 50), "severity": int(f.number("severity", low=1, high=4)),
            "title": f.text("title", 200, required=False), "description": f.text("description", 5000),
            "address": f.text("address", 200), "point": f.point(),
            "occurred_at": f.time("occurred_at", required=False), "reported_at": f.time("reported_at"),
            "reporter": f.text("reporter", 50, required=False), "phone": f.text("phone", 30, required=False),
            "casualties": int(f.number("casualties", required=False, low=0, high=100000) or 0),
        }

    def apply(self, item, *, existing, actor, message) -> Applied:
        data = item.data
        if existing is not None:
            report = incidents.event_follow_up(
                user=actor, event_id=existing.target_id,
                text=f"[{self.agency}警情 {item.source_id} 更新] {data['description']}", casualties=data["casualties"])
            return Applied(target=Event.objects.get(pk=existing.target_id), others=[report])
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [data["point"].x, data["point"].y]},
                   "properties": {
                       "type": data["type"], "severity": data["severity"], "title": data["title"],
                       "description": f"{data['description']}（{self.agency}警情编号 {item.source_id}）",
                       "address": data["address"], "reported_at": data["reported_at"].isoformat(),
                       "occurred_at": (data["occurred_at"] or data["reported_at"]).isoformat(),
                       "source": Event.Source.CITY_BUREAU, "reporter": data["reporter"], "phone": data["phone"],
                       "casualties": data["casualties"]}}
        event = incidents.event_intake(user=actor, intake=parse_intake(feature))
        return Applied(target=event)
