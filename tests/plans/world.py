"""Departments, people and plan documents for the plans and tasks tests (explicit rows; nothing
depends on the demo generator)."""
from datetime import date

from django.contrib.auth.models import Group, User

from geo_api.plans.models import Department
from tests import factories

PASSWORD = "correct-horse-battery"


def person(username, *roles, first_name=""):
    user = User.objects.create_user(username, password=PASSWORD, first_name=first_name)
    user.groups.add(*[Group.objects.get(name=role) for role in roles])
    return user


def departments():
    """The bureau (with its liaison), the fire brigade, the environment bureau and the street office."""
    made = {
        "YJJ": Department.objects.create(code="YJJ", name="区应急管理局", phone="021-62000000"),
        "XF": Department.objects.create(code="XF", name="区消防救援支队"),
        "HB": Department.objects.create(code="HB", name="区生态环境局"),
        "HQJD": Department.objects.create(code="HQJD", name="虹桥街道办事处"),
    }
    return made


def action(order, title, minutes, departments=(), people=()):
    return {"order": order, "title": title, "description": f"{title}（说明）", "deadline_minutes": minutes,
            "departments": list(departments), "people": list(people)}


def plan_document(code="CN-ZX-HAZCHEM", title="长宁区危险化学品事故应急预案", event_types=("危险化学品泄漏",),
                  area_scope="district", district=None, valid_from="2024-01-01", valid_until=None,
                  responses=None, **extra):
    responses = responses or [
        {"response_level": 3, "severities": [3], "condition": "较大危险化学品事故", "actions": [
            action(1, "划定警戒区并疏散周边人员", 30, departments=["XF"]),
            action(2, "开展环境监测", 60, departments=["HB"], people=["liaison"]),
        ]},
        {"response_level": 4, "severities": [4], "condition": "一般危险化学品事故", "actions": [
            action(1, "现场核查", 60, departments=["HQJD"]),
        ]},
    ]
    return {"format": "onemap-plan/1", "code": code, "title": title, "plan_type": "special", "level": "district",
            "owner": "YJJ", "event_types": list(event_types), "area_scope": area_scope, "district": district,
            "valid_from": valid_from, "valid_until": valid_until, "revised_on": "2024-01-01",
            "revision_note": "首次发布", "last_drilled_on": "2025-06-01", "summary": "规范危险化学品事故应对。",
            "resources": [], "shelters": [], "responses": responses, **extra}


def hongqiao():
    return factories.district(9, name="虹桥街道")


def world():
    """Departments, a liaison of the fire brigade, an environment liaison (`liaison`), a duty
    officer, a commander, an administrator and the street 虹桥街道."""
    deps = departments()
    people = {
        "duty": person("duty", "duty_officer", first_name="值班员"),
        "commander": person("commander", "commander"),
        "admin": person("admin", "administrator"),
        "liaison": person("liaison", "department_liaison", first_name="环境联络员"),
        "fire": person("fire", "department_liaison", first_name="消防联络员"),
        "responder": person("responder", "field_responder"),
        "external": person("external", "external_agency"),
    }
    deps["XF"].members.add(people["fire"])
    deps["HB"].members.add(people["liaison"])
    return {"departments": deps, "people": people, "street": hongqiao(), "today": date.today()}
