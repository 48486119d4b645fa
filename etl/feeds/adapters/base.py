"""What every feed adapter is: a name, a title, a direction, an expected interval, and four steps —
split a payload into items, parse one item (ParseError with a Chinese and an English sentence),
name its source id, apply it (an idempotent upsert keyed on that id, inside the caller's
transaction). Pull feeds also know where to GET their payload."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import isfinite
from typing import Any

from django.conf import settings
from django.contrib.gis.geos import Point
from django.utils.dateparse import parse_datetime

# Changning with a margin: a feed position outside is a typo or swapped coordinates.
AREA_BOUNDS = (121.25, 31.12, 121.55, 31.30)


class ParseError(Exception):
    """A payload or item we cannot read. Both sentences are shown on the status page."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


class TransientError(Exception):
    """The agency or the network failed for now (timeout, 5xx): try again later."""


@dataclass
class Item:
    source_id: str
    data: Any
    extra: dict = field(default_factory=dict)


@dataclass
class Applied:
    """What an item became: the main record (target) first, then any other rows it wrote."""

    target: Any
    others: list = field(default_factory=list)

    def labels(self) -> list[str]:
        return [f"{row._meta.label_lower}:{row.pk}" for row in (self.target, *self.others) if row is not None]


class Adapter:
    name = ""
    title = ""          # Chinese, shown on the desk and the wall
    title_en = ""
    agency = ""         # who sends it
    direction = "pull"  # push / pull / both
    interval = timedelta(minutes=15)
    content_types: tuple[str, ...] = ("application/json",)
    # True when a message is one item (a CAP alert): it is applied itself, not split.
    one_per_message = False
    # Roles the feed's own account holds, for the services it calls (e.g. intake needs a duty desk role).
    actor_roles: frozenset[str] = frozenset()

    # -- reading ----------------------------------------------------------------------------------
    def split(self, raw: str) -> list[str]:
        """The raw text of each item of a payload, in order; ParseError if the payload as a whole
        cannot be read (then nothing of it is applied)."""
        raise NotImplementedError

    def parse_item(self, raw: str) -> Item:
        raise NotImplementedError

    def parse(self, raw: str) -> list[Item]:
        return [self.parse_item(part) for part in self.split(raw)]

    def source_id(self, item: Item) -> str:
        return item.source_id

    def guess_source_id(self, raw: str) -> str:
        """The source id of an item that may not parse (shown beside its dead letter)."""
        return ""

    # -- writing ----------------------------------------------------------------------------------
    def apply(self, item: Item, *, existing, actor, message) -> Applied:
        """Upsert the item. `existing` is the FeedRecord of its source id (or None): the row it
        became last time. Runs inside the item's transaction; raise to roll it back."""
        raise NotImplementedError

    # -- pulling ----------------------------------------------------------------------------------
    @property
    def pulls(self) -> bool:
        return self.direction in ("pull", "both")

    def pull_url(self) -> str:
        configured = getattr(settings, "ONEMAP_FEED_URLS", {}).get(self.name)
        if configured:
            return configured
        if getattr(settings, "ONEMAP_FEED_SIMULATORS", False):
            # The platform serves the simulators itself: its own address. `make run` gives every
            # process the web server's HOST and ONEMAP_WEB_PORT (honcho hands each process a PORT
            # of its own: the worker's is not the web server's); ONEMAP_PUBLIC_URL or this setting
            # override.
            host = os.environ.get("HOST", "127.0.0.1")
            port = os.environ.get("ONEMAP_WEB_PORT") or os.environ.get("PORT", "8000")
            own = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"
            base = (getattr(settings, "ONEMAP_FEED_SIMULATOR_BASE", "") or os.environ.get("ONEMAP_FEED_SIMULATOR_BASE")
                    or getattr(settings, "ONEMAP_PUBLIC_URL", "") or own)
            return f"{base.rstrip('/')}/simulators/{self.name}/"
        return ""

    def pull(self) -> tuple[bytes, str]:
        """GET the payload: (body, content type). TransientError when the agency does not answer
        or answers 5xx; ParseError for other refusals (a 4xx will not fix itself)."""
        import requests

        url = self.pull_url()
        if not url:
            raise ParseError(f"{self.title}未配置拉取地址（ONEMAP_FEED_URLS）",
                             f"No pull URL configured for {self.name} (ONEMAP_FEED_URLS).")
        try:
            response = requests.get(url, timeout=10, headers={"Accept": ", ".join(self.content_types)})
        except requests.RequestException as exc:
            raise TransientError(f"{url}: {exc}") from exc
        if response.status_code >= 500:
            raise TransientError(f"{url}: HTTP {response.status_code}")
        if response.status_code != 200:
            raise ParseError(f"拉取失败：HTTP {response.status_code}", f"Pull refused: HTTP {response.status_code} from {url}")
        return response.content, response.headers.get("Content-Type", "")


class JsonAdapter(Adapter):
    """Payload `{"items": [...]}` (plus optional `source`, `sent_at`); each item an object with
    its id in `id_field`."""

    id_field = "id"

    def split(self, raw: str) -> list[str]:
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise ParseError(f"不是合法的 JSON：{exc}", f"Not valid JSON: {exc}") from None
        if not isinstance(body, dict) or not isinstance(body.get("items"), list):
            raise ParseError('报文应为 {"items": [...]} 形式的 JSON 对象',
                             'The payload must be a JSON object {"items": [...]}.')
        if not body["items"]:
            return []
        return [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in body["items"]]

    def guess_source_id(self, raw: str) -> str:
        try:
            obj = json.loads(raw)
        except ValueError:
            return ""
        value = obj.get(self.id_field) if isinstance(obj, dict) else None
        return str(value)[:200] if isinstance(value, (str, int)) and not isinstance(value, bool) else ""

    def parse_item(self, raw: str) -> Item:
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            raise ParseError(f"条目不是合法的 JSON：{exc}", f"The item is not valid JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise ParseError("条目应为 JSON 对象", "An item must be a JSON object.")
        sid = text(obj, self.id_field, 200)
        return Item(source_id=sid, data=self.read(Fields(obj, sid)))

    def read(self, f: "Fields") -> dict:
        raise NotImplementedError


class Fields:
    """Checked reads of one JSON item; every error names the item and the field."""

    def __init__(self, obj: dict, sid: str):
        self.obj, self.sid = obj, sid

    def _bad(self, name: str, zh: str, en: str) -> ParseError:
        return ParseError(f"条目 {self.sid} 字段 {name}：{zh}", f"Item {self.sid}, field {name}: {en}")

    def text(self, name, limit, *, required=True) -> str:
        value = self.obj.get(name)
        if value is None or value == "":
            if required:
                raise self._bad(name, "必填", "required.")
            return ""
        if not isinstance(value, str):
            raise self._bad(name, "应为文本", "must be text.")
        value = value.strip()
        if len(value) > limit:
            raise self._bad(name, f"最多 {limit} 个字符", f"at most {limit} characters.")
        return value

    def number(self, name, *, required=True, low=None, high=None) -> float | None:
        value = self.obj.get(name)
        if value is None or value == "":
            if required:
                raise self._bad(name, "必填", "required.")
            return None
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise self._bad(name, "应为数字", "must be a number.") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not isfinite(value):
            raise self._bad(name, "应为数字", "must be a number.")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self._bad(name, f"应在 {low} 到 {high} 之间", f"must be between {low} and {high}.")
        return float(value)

    def time(self, name, *, required=True) -> datetime | None:
        value = self.obj.get(name)
        if value in (None, ""):
            if required:
                raise self._bad(name, "必填", "required.")
            return None
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None or parsed.tzinfo is None:
            raise self._bad(name, "时间应为带时区的 ISO 8601，如 2026-11-29T14:05:00+08:00",
                            "a time is ISO 8601 with an offset, e.g. 2026-11-29T14:05:00+08:00.")
        return parsed

    def point(self, lon_name="lon", lat_name="lat") -> Point:
        lon, lat = self.number(lon_name), self.number(lat_name)
        west, south, east, north = AREA_BOUNDS
        if not (west <= lon <= east and south <= lat <= north):
            raise self._bad(f"{lon_name}/{lat_name}", f"位置 ({lon:.5f}, {lat:.5f}) 不在长宁区附近（WGS84，经度在前）",
                            f"({lon:.5f}, {lat:.5f}) is not near Changning (WGS84, longitude first).")
        return Point(round(lon, 7), round(lat, 7), srid=4326)

    def choice(self, name, choices, *, required=True, default=None) -> str | None:
        value = self.obj.get(name)
        if value in (None, ""):
            if required:
                raise self._bad(name, "必填", "required.")
            return default
        if value not in choices:
            listed = ", ".join(map(str, choices))
            raise self._bad(name, f"应为 {listed} 之一", f"must be one of {listed}.")
        return value


def text(obj: dict, name: str, limit: int) -> str:
    value = obj.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ParseError(f"条目缺少来源编号 {name}", f"The item has no source id ({name}).")
    if len(value) > limit:
        raise ParseError(f"来源编号 {name} 过长", f"The source id ({name}) is too long.")
    return value.strip()
