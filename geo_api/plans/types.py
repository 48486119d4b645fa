"""Event-type nodes as plans name them, over the event type list of geo_api/reference/event_types.py
(the one place this app depends on it). A node is a category ("ACCIDENT"), a group
("ACCIDENT.WORK_SAFETY") or a type (its Chinese name, "危险化学品泄漏"); a plan for a node covers
every type below it."""
from geo_api.reference import event_types as tree
from geo_api.reference.codes import EventCategory

ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def node_of(value) -> str | None:
    """The stored form of a node given as a category code, a group code, a type's name, code or
    GB/T code; None for anything else."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.upper() in EventCategory.values:
        return value.upper()
    groups = {g.code: g.code for g in tree.GROUPS} | {g.name_zh: g.code for g in tree.GROUPS}
    if value in groups or value.upper() in groups:
        return groups.get(value) or groups[value.upper()]
    return tree.key_of(value)


def node_label(node: str) -> str:
    if node in EventCategory.values:
        return tree.category_label(node)
    for group in tree.GROUPS:
        if group.code == node:
            return f"{tree.category_label(group.category)} › {group.name_zh}"
    return node


def lineage(category: str, event_type: str) -> list[str]:
    """The event's type and every node above it, most specific first. A type missing from the
    list (an old free-text record) still belongs to its category."""
    found = tree.ancestors(event_type)
    return found or [t for t in (event_type, category) if t]


def choices() -> list[tuple[str, str]]:
    """Every node, for forms and import templates: categories, then groups, then types."""
    out = [(c.value, str(c.label)) for c in EventCategory]
    out += [(g.code, node_label(g.code)) for g in tree.GROUPS]
    out += [(t.name_zh, t.name_zh) for t in tree.EVENT_TYPES]
    return out
