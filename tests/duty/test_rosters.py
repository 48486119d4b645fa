"""Rosters from templates over a real month with a public holiday and an adjusted working day,
hand edits, and "on duty now" at a shift boundary (Shanghai time)."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from geo_api.duty.models import Roster, Shift, ShiftTemplate
from geo_api.duty.selectors import on_duty_at

from .conftest import make_template

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
OCTOBER = [date(2026, 10, d) for d in range(1, 32)]


def test_the_calendar_month_used_here_has_a_holiday_and_an_adjusted_working_day():
    # Checked against the library, not assumed: 国庆 10-01..10-07, Saturday 10-10 worked.
    assert chinese_calendar.get_holiday_detail(date(2026, 10, 1)) == (True, "National Day")
    assert chinese_calendar.is_workday(date(2026, 10, 10)) and date(2026, 10, 10).weekday() == 5
    assert chinese_calendar.is_holiday(date(2026, 10, 11))


def generate(client, template, month="2026-10"):
    response = client.post("/api/duty/rosters/", {"template": template.pk, "month": month},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_one_on_three_off_over_october(as_role, template, people):
    roster = generate(as_role("duty_officer"), template)
    shifts = roster["shifts"]
    assert [s["date"] for s in shifts] == [d.isoformat() for d in OCTOBER]
    for i, s in enumerate(shifts):
        group = i % 4  # anchored on 10-01: group 0 takes the 1st, 5th, 9th ...
        assert s["starts_at"] == f"{OCTOBER[i].isoformat()}T08:00:00+08:00"
        assert s["ends_at"] == f"{(OCTOBER[i] + timedelta(days=1)).isoformat()}T08:00:00+08:00"
        assert s["leader"]["name"] == people[f"L{group}"].name
        assert [o["name"] for o in s["officers"]] == [people[f"O{group}0"].name, people[f"O{group}1"].name]
        assert s["officers"][0]["phone"] == people[f"O{group}0"].phone
    # 24 h on, three days off: every officer's days on are four days apart.
    days_on = [s["date"] for s in shifts if people["O10"].name in [o["name"] for o in s["officers"]]]
    assert days_on == ["2026-10-02", "2026-10-06", "2026-10-10", "2026-10-14", "2026-10-18", "2026-10-22",
                       "2026-10-26", "2026-10-30"]
    by_date = {s["date"]: s for s in shifts}
    national = by_date["2026-10-01"]
    assert national["is_holiday"] and national["holiday_name"] == "National Day" and national["holiday_label"] == "国庆节"
    adjusted = by_date["2026-10-10"]
    assert adjusted["is_adjusted_workday"] and not adjusted["is_holiday"] and adjusted["holiday_name"] == "National Day"
    assert not by_date["2026-10-08"]["is_holiday"] and not by_date["2026-10-08"]["is_adjusted_workday"]
    assert by_date["2026-10-11"]["is_holiday"] and not by_date["2026-10-11"]["holiday_name"]  # a plain Sunday


def test_working_days_only_and_leaders_on_holidays(as_role, people):
    client = as_role("duty_officer")
    weekdays = make_template(people, name="工作日值班", days=ShiftTemplate.Days.WORKING_DAYS,
                             leader_rule=ShiftTemplate.LeaderRule.NONE)
    dates = [s["date"] for s in generate(client, weekdays)["shifts"]]
    assert dates == [d.isoformat() for d in OCTOBER if chinese_calendar.is_workday(d)]
    assert "2026-10-10" in dates and "2026-10-01" not in dates and "2026-10-11" not in dates
    assert dates[0] == "2026-10-08"  # the first working day after 国庆

    holidays = make_template(people, name="节假日带班", leader_rule=ShiftTemplate.LeaderRule.HOLIDAYS)
    for s in generate(client, holidays)["shifts"]:
        assert (s["leader"] is not None) == chinese_calendar.is_holiday(date.fromisoformat(s["date"])), s["date"]


def test_four_teams_three_shifts(as_role, people):
    template = make_template(people, name="四班三倒", slots=[{"name": "早班", "hours": 8}, {"name": "中班", "hours": 8},
                                                       {"name": "夜班", "hours": 8}])
    shifts = generate(as_role("commander"), template)["shifts"]
    assert len(shifts) == 31 * 3
    # Each team is on every fourth shift: 8 hours on, 24 off.
    team0 = [s for s in shifts if s["leader"]["name"] == people["L0"].name]
    gaps = {datetime.fromisoformat(b["starts_at"]) - datetime.fromisoformat(a["ends_at"]) for a, b in zip(team0, team0[1:])}
    assert gaps == {timedelta(hours=24)}
    assert shifts[2]["name"] == "夜班" and shifts[2]["starts_at"] == "2026-10-02T00:00:00+08:00"


def test_hand_edit_and_regenerate(as_role, template, people):
    client = as_role("duty_officer")
    roster = generate(client, template)
    cell = roster["shifts"][3]
    response = client.put(f"/api/duty/shifts/{cell['id']}/members/",
                          {"leader": people["L0"].pk, "officers": [people["spare"].pk]}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["leader"]["name"] == "领导0" and [o["name"] for o in response.json()["officers"]] == ["替班员"]
    bad = client.put(f"/api/duty/shifts/{cell['id']}/members/", {"leader": people["L0"].pk, "officers": [people["L0"].pk]},
                     content_type="application/json")
    assert bad.status_code == 400 and "officers" in bad.json()["errors"]
    assert client.put(f"/api/duty/shifts/{cell['id']}/members/", {"officers": []},
                      content_type="application/json").status_code == 400
    again = generate(client, template)
    assert [s["id"] for s in again["shifts"]] == [s["id"] for s in roster["shifts"]]  # the same shifts, kept
    assert again["shifts"][3]["leader"]["name"] == people["L3"].name
    assert Roster.objects.count() == 1


@pytest.mark.parametrize("month", ["2026-13", "октябрь", ""])
def test_a_bad_month_is_a_400_naming_the_field(as_role, template, month):
    response = as_role("duty_officer").post("/api/duty/rosters/", {"template": template.pk, "month": month},
                                            content_type="application/json")
    assert response.status_code == 400 and "month" in response.json()["errors"]


def test_on_duty_now_at_a_shift_boundary(as_role, template, people):
    generate(as_role("duty_officer"), template)
    reader = as_role("field_responder")

    def on_duty(at):
        response = reader.get("/api/duty/now/", {"at": at})
        assert response.status_code == 200, response.content
        return response.json()["shifts"]

    before = on_duty("2026-10-02T07:59:59+08:00")
    at = on_duty("2026-10-02T08:00:00+08:00")
    utc = on_duty("2026-10-02T00:00:00Z")  # the same instant written in UTC
    assert [s["date"] for s in before] == ["2026-10-01"]
    assert [s["date"] for s in at] == [s["date"] for s in utc] == ["2026-10-02"]
    assert at[0]["leader"] == {"id": people["L1"].pk, "name": "领导1", "phone": people["L1"].phone,
                               "organization": "", "title": ""}
    assert {o["phone"] for o in at[0]["officers"]} == {people["O10"].phone, people["O11"].phone}
    # The selector agrees and never returns both shifts at the boundary.
    boundary = datetime(2026, 10, 2, 8, 0, tzinfo=SH)
    assert [s.date for s in on_duty_at(boundary)] == [date(2026, 10, 2)]
    assert on_duty("2026-10-02 08:00") == at  # no zone: Shanghai time
    assert reader.get("/api/duty/now/", {"at": "yesterday"}).status_code == 400


def test_day_and_night_boundary(as_role, people):
    template = make_template(people, name="白夜班", slots=[{"name": "白班", "hours": 12}, {"name": "夜班", "hours": 12}],
                             day_start=time(8, 0))
    generate(as_role("duty_officer"), template)
    night = on_duty_at(datetime(2026, 10, 5, 20, 0, tzinfo=SH))
    day = on_duty_at(datetime(2026, 10, 6, 7, 59, 59, tzinfo=SH))
    assert [(s.date, s.name) for s in night] == [(date(2026, 10, 5), "夜班")]
    assert [(s.date, s.name) for s in day] == [(date(2026, 10, 5), "夜班")]
    assert [(s.date, s.name) for s in on_duty_at(datetime(2026, 10, 6, 8, tzinfo=SH))] == [(date(2026, 10, 6), "白班")]
    assert Shift.objects.filter(roster__template=template).count() == 62
