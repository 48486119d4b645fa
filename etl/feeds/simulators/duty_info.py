"""区城运中心 duty info: today's and tomorrow's day and night shifts (08:00–20:00, 20:00–08:00)."""
from datetime import datetime, time, timedelta

from .common import as_json

PEOPLE = (("周建国", "13801710001"), ("吴晓燕", "13801710002"), ("郑海峰", "13801710003"),
          ("王丽华", "13801710004"), ("陈志强", "13801710005"), ("孙慧敏", "13801710006"))
ORG = "长宁区城市运行管理中心"


def _person(i):
    name, phone = PEOPLE[i % len(PEOPLE)]
    return {"name": name, "phone": phone, "organization": ORG}


def items(now) -> list[dict]:
    duty_day = (now - timedelta(hours=8)).date()  # the duty day starts at 08:00
    out = []
    for offset in (0, 1):
        day = duty_day + timedelta(days=offset)
        for slot, (name, start) in enumerate((("白班", time(8)), ("夜班", time(20)))):
            starts = datetime.combine(day, start, tzinfo=now.tzinfo)
            n = day.toordinal() * 2 + slot
            out.append({"id": f"CYZX-DUTY-{day:%Y%m%d}-{slot + 1}", "date": day.isoformat(), "shift": name,
                        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=12)).isoformat(),
                        "leader": _person(n % 2), "officers": [_person(2 + n % 4), _person(2 + (n + 1) % 4)]})
    return out


def payload(now):
    return as_json(items(now), source="长宁区城运中心", sent_at=now.replace(minute=0, second=0, microsecond=0))
