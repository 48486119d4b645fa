"""市物资储备平台 stock levels: counted every hour, quantities drifting a little with the hour."""
from .common import as_json

LINES = (  # warehouse code, GB/T 38565 code, base quantity, hourly drift
    ("SHWZ-SJ-0105", "1010102", 1200, 10), ("SHWZ-SJ-0105", "1010301", 5000, 40),
    ("SHWZ-SJ-0105", "1020101", 3000, 25), ("SHWZ-QJ-0105-01", "1010401", 800, 5),
    ("SHWZ-QJ-0105-01", "2020301", 120, 1), ("SHWZ-QJ-0105-01", "2030101", 400, 3),
    ("SHWZ-JZ-0105-09", "1020202", 60, 2), ("SHWZ-JZ-0105-11", "2010101", 80, 1),
)


def items(now) -> list[dict]:
    counted = now.replace(minute=0, second=0, microsecond=0)
    return [{"warehouse_code": wh, "material_code": code, "quantity": base - drift * (counted.hour % 4),
             "counted_at": counted.isoformat()} for wh, code, base, drift in LINES]


def payload(now):
    return as_json(items(now), source="上海市物资储备平台", sent_at=now.replace(minute=0, second=0, microsecond=0))
