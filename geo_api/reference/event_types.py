"""Event types: category → group → type, for the intake cascade, plan matching and statistics.

Sources (../shared/reference/code-lists.md):
- the four categories and their groups (sub-types) are those of 突发事件应对法 (2024); the groups of
  事故灾难 are from a secondary source (`verified=False` until someone checks the text);
- GB/T 35561-2017 (突发事件分类与编码) codes are given only where the code list has them: the
  meteorological ones (11B…, the national 12379 warning type codes). The full table was not at
  hand, so every other type has no `gb_code` rather than a guessed one;
- the concrete types under each group are the ones the Changning duty desk records (demo data
  and the bureau's usual calls).

A type is named by its Chinese name, which is what `Event.event_type` stores (unique across the
list); `code` is a stable ASCII key for programs; `key_of()` accepts either, or a GB/T code.
Tree nodes for matching are "<CATEGORY>", "<CATEGORY>.<GROUP>" and the type name.

Stable API (other apps call these): EVENT_TYPES, GROUPS, event_type(), key_of(), types_of(),
groups_of(), ancestors(), covers()."""
from __future__ import annotations

from dataclasses import dataclass

from .codes import EventCategory


@dataclass(frozen=True)
class Group:
    code: str          # "<CATEGORY>.<GROUP>"
    category: str
    name_zh: str
    name_en: str
    verified: bool = True


@dataclass(frozen=True)
class EventType:
    code: str
    name_zh: str
    name_en: str
    group: str          # Group.code
    gb_code: str = ""   # GB/T 35561-2017, where known
    verified: bool = True

    @property
    def category(self) -> str:
        return self.group.split(".", 1)[0]

    @property
    def label(self) -> str:
        return self.name_zh


def _g(category, code, zh, en, verified=True):
    return Group(f"{category}.{code}", category, zh, en, verified)


GROUPS: tuple[Group, ...] = (
    _g("NATURAL", "FLOOD_DROUGHT", "水旱灾害", "Floods and droughts"),
    _g("NATURAL", "METEOROLOGICAL", "气象灾害", "Meteorological disasters"),
    _g("NATURAL", "EARTHQUAKE", "地震灾害", "Earthquakes"),
    _g("NATURAL", "GEOLOGICAL", "地质灾害", "Geological disasters"),
    _g("NATURAL", "MARINE", "海洋灾害", "Marine disasters"),
    _g("NATURAL", "BIOLOGICAL", "生物灾害", "Biological disasters"),
    _g("NATURAL", "FOREST_FIRE", "森林草原火灾", "Forest and grassland fires"),
    _g("ACCIDENT", "WORK_SAFETY", "生产安全事故", "Work-safety accidents", False),
    _g("ACCIDENT", "TRANSPORT", "交通运输事故", "Transport accidents", False),
    _g("ACCIDENT", "PUBLIC_FACILITY", "公共设施和设备事故", "Public facility and equipment accidents", False),
    _g("ACCIDENT", "NUCLEAR", "核与辐射事故", "Nuclear and radiation accidents", False),
    _g("ACCIDENT", "ENVIRONMENT", "环境污染和生态破坏事件", "Pollution and ecological damage", False),
    _g("PUBLIC_HEALTH", "INFECTIOUS", "传染病疫情", "Infectious disease outbreaks"),
    _g("PUBLIC_HEALTH", "UNEXPLAINED", "群体性不明原因疾病", "Clusters of unexplained illness"),
    _g("PUBLIC_HEALTH", "FOOD_OCCUPATIONAL", "食品安全和职业危害", "Food safety and occupational hazards"),
    _g("PUBLIC_HEALTH", "ANIMAL", "动物疫情", "Animal epidemics"),
    _g("SOCIAL_SECURITY", "TERRORISM", "恐怖袭击", "Terrorist attacks"),
    _g("SOCIAL_SECURITY", "CRIMINAL", "刑事案件", "Criminal cases"),
    _g("SOCIAL_SECURITY", "ECONOMIC", "经济安全", "Economic security"),
    _g("SOCIAL_SECURITY", "FOREIGN", "涉外突发事件", "Incidents involving foreigners"),
    _g("SOCIAL_SECURITY", "MASS", "群体性事件", "Mass incidents"),
    _g("SOCIAL_SECURITY", "CYBER", "网络与信息安全", "Network and information security"),
)


def _t(group, code, zh, en, gb="", verified=True):
    return EventType(code, zh, en, group, gb, verified)


EVENT_TYPES: tuple[EventType, ...] = (
    # 水旱灾害
    _t("NATURAL.FLOOD_DROUGHT", "WATERLOGGING", "城市内涝", "Urban waterlogging"),
    _t("NATURAL.FLOOD_DROUGHT", "FLOOD", "洪涝", "Flood"),
    # 气象灾害: GB/T 35561 / 12379 codes (code-lists.md ✓)
    _t("NATURAL.METEOROLOGICAL", "TYPHOON", "台风", "Typhoon", "11B01"),
    _t("NATURAL.METEOROLOGICAL", "TORNADO", "龙卷风", "Tornado", "11B02"),
    _t("NATURAL.METEOROLOGICAL", "RAINSTORM", "暴雨", "Rainstorm", "11B03"),
    _t("NATURAL.METEOROLOGICAL", "SNOWSTORM", "暴雪", "Snowstorm", "11B04"),
    _t("NATURAL.METEOROLOGICAL", "COLD_WAVE", "寒潮", "Cold wave", "11B05"),
    _t("NATURAL.METEOROLOGICAL", "GALE", "大风", "Gale", "11B06"),
    _t("NATURAL.METEOROLOGICAL", "SANDSTORM", "沙尘暴", "Sandstorm", "11B07"),
    _t("NATURAL.METEOROLOGICAL", "HEAT", "高温", "Heat wave", "11B09"),
    _t("NATURAL.METEOROLOGICAL", "LIGHTNING", "雷电", "Lightning", "11B14"),
    _t("NATURAL.METEOROLOGICAL", "HAIL", "冰雹", "Hail", "11B15"),
    _t("NATURAL.METEOROLOGICAL", "FROST", "霜冻", "Frost", "11B16"),
    _t("NATURAL.METEOROLOGICAL", "FOG", "大雾", "Dense fog", "11B17"),
    _t("NATURAL.METEOROLOGICAL", "HAZE", "霾", "Haze", "11B19"),
    _t("NATURAL.METEOROLOGICAL", "THUNDERSTORM_GALE", "雷雨大风", "Thunderstorm gale", "11B20"),
    _t("NATURAL.METEOROLOGICAL", "ROAD_ICING", "道路结冰", "Road icing", "11B21"),
    _t("NATURAL.METEOROLOGICAL", "DROUGHT", "干旱", "Drought", "11B22"),
    _t("NATURAL.METEOROLOGICAL", "SEVERE_CONVECTION", "强对流", "Severe convection", "11B31"),
    _t("NATURAL.METEOROLOGICAL", "OZONE", "臭氧", "Ozone (Shanghai)", "11B32"),
    _t("NATURAL.EARTHQUAKE", "EARTHQUAKE", "地震", "Earthquake"),
    _t("NATURAL.GEOLOGICAL", "GROUND_COLLAPSE", "地面塌陷", "Ground collapse"),
    _t("NATURAL.GEOLOGICAL", "LAND_SUBSIDENCE", "地面沉降", "Land subsidence"),
    _t("NATURAL.MARINE", "STORM_SURGE", "风暴潮", "Storm surge"),
    _t("NATURAL.BIOLOGICAL", "PEST", "有害生物灾害", "Pest outbreak"),
    _t("NATURAL.FOREST_FIRE", "GREENSPACE_FIRE", "林地绿地火灾", "Woodland or green-space fire"),
    # 事故灾难 (groups ?): fires are recorded under work safety here until the standard is checked.
    _t("ACCIDENT.WORK_SAFETY", "FIRE", "火灾", "Fire", verified=False),
    _t("ACCIDENT.WORK_SAFETY", "HAZCHEM_LEAK", "危险化学品泄漏", "Hazardous-chemical leak", verified=False),
    _t("ACCIDENT.WORK_SAFETY", "EXPLOSION", "爆炸", "Explosion", verified=False),
    _t("ACCIDENT.WORK_SAFETY", "CONSTRUCTION", "建筑施工事故", "Construction accident", verified=False),
    _t("ACCIDENT.WORK_SAFETY", "CONFINED_SPACE", "有限空间事故", "Confined-space accident", verified=False),
    _t("ACCIDENT.TRANSPORT", "ROAD_TRAFFIC", "道路交通事故", "Road traffic accident", verified=False),
    _t("ACCIDENT.TRANSPORT", "RAIL_TRANSIT", "轨道交通事故", "Rail transit accident", verified=False),
    _t("ACCIDENT.TRANSPORT", "AVIATION", "航空器事故", "Aircraft accident", verified=False),
    _t("ACCIDENT.PUBLIC_FACILITY", "GAS_LEAK", "燃气泄漏", "Gas leak", verified=False),
    _t("ACCIDENT.PUBLIC_FACILITY", "WATER_MAIN_BURST", "供水管道爆裂", "Water main burst", verified=False),
    _t("ACCIDENT.PUBLIC_FACILITY", "POWER_OUTAGE", "大面积停电", "Large power outage", verified=False),
    _t("ACCIDENT.PUBLIC_FACILITY", "ELEVATOR", "电梯困人", "People trapped in a lift", verified=False),
    _t("ACCIDENT.PUBLIC_FACILITY", "BUILDING_COLLAPSE", "房屋倒塌", "Building collapse", verified=False),
    _t("ACCIDENT.NUCLEAR", "RADIATION", "辐射事故", "Radiation accident", verified=False),
    _t("ACCIDENT.ENVIRONMENT", "POLLUTION", "环境污染", "Environmental pollution", verified=False),
    # 公共卫生事件
    _t("PUBLIC_HEALTH.INFECTIOUS", "EPIDEMIC", "传染病疫情", "Infectious disease outbreak"),
    _t("PUBLIC_HEALTH.UNEXPLAINED", "UNEXPLAINED_ILLNESS", "群体性不明原因疾病", "Cluster of unexplained illness"),
    _t("PUBLIC_HEALTH.FOOD_OCCUPATIONAL", "FOOD_POISONING", "食物中毒", "Food poisoning"),
    _t("PUBLIC_HEALTH.FOOD_OCCUPATIONAL", "OCCUPATIONAL_POISONING", "职业中毒", "Occupational poisoning"),
    _t("PUBLIC_HEALTH.ANIMAL", "ANIMAL_EPIDEMIC", "动物疫情", "Animal epidemic"),
    # 社会安全事件
    _t("SOCIAL_SECURITY.TERRORISM", "TERROR_ATTACK", "恐怖袭击事件", "Terrorist attack"),
    _t("SOCIAL_SECURITY.CRIMINAL", "CRIMINAL_CASE", "重大刑事案件", "Major criminal case"),
    _t("SOCIAL_SECURITY.ECONOMIC", "FINANCIAL", "金融突发事件", "Financial emergency"),
    _t("SOCIAL_SECURITY.FOREIGN", "FOREIGN_INCIDENT", "涉外突发事件", "Incident involving foreigners"),
    _t("SOCIAL_SECURITY.MASS", "MASS_INCIDENT", "群体性事件", "Mass incident"),
    _t("SOCIAL_SECURITY.CYBER", "CYBER_ATTACK", "网络与信息安全事件", "Network and information security incident"),
)

_BY_NAME = {t.name_zh: t for t in EVENT_TYPES}
_BY_CODE = {t.code: t for t in EVENT_TYPES}
_BY_GB = {t.gb_code: t for t in EVENT_TYPES if t.gb_code}
_GROUPS = {g.code: g for g in GROUPS}
assert len(_BY_NAME) == len(EVENT_TYPES) and len(_BY_CODE) == len(EVENT_TYPES), "type names and codes are unique"
assert all(t.group in _GROUPS for t in EVENT_TYPES), "every type is in a known group"
assert {g.category for g in GROUPS} == set(EventCategory.values)


def event_type(key: str) -> EventType | None:
    """The type named `key`: its Chinese name (what events store), its code or its GB/T code."""
    if not isinstance(key, str):
        return None
    key = key.strip()
    return _BY_NAME.get(key) or _BY_CODE.get(key.upper()) or _BY_GB.get(key.upper())


def key_of(key: str) -> str | None:
    """The stored form (Chinese name) of a type given in any accepted form, else None."""
    found = event_type(key)
    return found.name_zh if found else None


def groups_of(category: str) -> list[Group]:
    return [g for g in GROUPS if g.category == category]


def types_of(category: str = "", group: str = "") -> list[EventType]:
    """The types of a category (or of one group), in list order."""
    return [t for t in EVENT_TYPES if (not category or t.category == category) and (not group or t.group == group)]


def ancestors(key: str) -> list[str]:
    """[type name, group code, category] for a type; [] for an unknown one. A plan that applies
    to any of these nodes applies to the type (a plan for a category covers its sub-types)."""
    found = event_type(key)
    return [found.name_zh, found.group, found.category] if found else []


def covers(node: str, key: str) -> bool:
    """Whether tree node `node` (a category, a group code or a type) covers type `key`."""
    names = ancestors(key)
    if not names:
        return False
    found = event_type(node)
    return (found.name_zh if found else node) in names


def category_label(category: str) -> str:
    try:
        return str(EventCategory(category).label)
    except ValueError:
        return category


def cascade() -> list[dict]:
    """The whole list for a client's category → type picker."""
    return [{
        "category": c.value, "label": str(c.label),
        "groups": [{"code": g.code, "name_zh": g.name_zh, "name_en": g.name_en, "verified": g.verified,
                    "types": [{"code": t.code, "name_zh": t.name_zh, "name_en": t.name_en,
                               "gb_code": t.gb_code or None, "verified": t.verified}
                              for t in types_of(group=g.code)]} for g in groups_of(c.value)],
    } for c in EventCategory]


__all__ = ["EVENT_TYPES", "GROUPS", "EventType", "Group", "ancestors", "cascade", "category_label", "covers",
           "event_type", "groups_of", "key_of", "types_of"]
