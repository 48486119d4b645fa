import json


def as_json(items: list, *, source: str, sent_at) -> tuple[bytes, str]:
    body = {"source": source, "sent_at": sent_at.isoformat(), "items": items}
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"), "application/json"
