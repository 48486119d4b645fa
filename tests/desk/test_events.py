"""/desk/events/: the event list over the `events` layer (row filter, no drills), its filters,
sorting and pages, htmx partials, empty and error states, and who may open it."""
import json
import re
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import connection
from django.test import Client

from tests import factories
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db

T = datetime(2026, 11, 29, 6, 5, tzinfo=dt_timezone.utc)  # 2026-11-29 14:05 in Shanghai


def signed_in(*roles, name="user") -> Client:
    client = Client()
    client.force_login(user_with_roles(name, *roles))
    return client


def codes(html: str) -> list[str]:
    return re.findall(r'<td class="desk-code">([^<]+)</td>', html)


@pytest.fixture
def events(db):
    made = [
        factories.event(1, code="EV-A", title="仙霞路火灾", severity=1, category="ACCIDENT", status="responding",
                        reported_at=T),
        factories.event(2, code="EV-B", title="天山路积水", severity=2, category="NATURAL", status="reported",
                        reported_at=T - timedelta(hours=1)),
        factories.event(3, code="EV-C", title="虹桥路交通事故", severity=3, category="ACCIDENT", status="closed",
                        reported_at=T - timedelta(hours=2)),
        factories.event(4, code="EV-D", title="食物中毒", severity=4, category="PUBLIC_HEALTH", status="verified",
                        reported_at=T - timedelta(hours=3), address="长宁区古北路100号"),
        factories.event(5, code="EV-DRILL", title="演练火灾", severity=1, is_drill=True, reported_at=T + timedelta(hours=1)),
    ]
    return made


def test_the_list_shows_real_events_newest_first_with_shanghai_times_and_command_links(events):
    response = signed_in("duty_officer").get("/desk/events/")
    html = response.content.decode()
    assert response.status_code == 200
    assert codes(html) == ["EV-A", "EV-B", "EV-C", "EV-D"]  # the drill never appears
    assert "演练" not in html
    assert "2026-11-29 14:05" in html and "2026-11-29 13:05" in html
    assert f'href="/command/{events[0].id}/"' in html
    assert "响应中" in html and "事故灾难" in html  # labels in Chinese
    assert 'hx-get="/desk/events/"' in html and 'method="get"' in html  # works without JS too
    assert '<script id="events-chart-data" type="application/json">' in html
    assert "<script>" not in html  # no inline script (CSP)


def test_filters_by_status_category_severity_and_text(events):
    client = signed_in("duty_officer")
    assert codes(client.get("/desk/events/?status=closed").content.decode()) == ["EV-C"]
    assert codes(client.get("/desk/events/?category=ACCIDENT").content.decode()) == ["EV-A", "EV-C"]
    assert codes(client.get("/desk/events/?severity=2").content.decode()) == ["EV-B"]
    assert codes(client.get("/desk/events/?q=积水").content.decode()) == ["EV-B"]
    assert codes(client.get("/desk/events/?q=古北路").content.decode()) == ["EV-D"]  # address
    assert codes(client.get("/desk/events/?q=ev-c").content.decode()) == ["EV-C"]  # code, any case
    assert codes(client.get("/desk/events/?q=100%25").content.decode()) == []  # % is a character, not a wildcard
    assert codes(client.get("/desk/events/?category=ACCIDENT&severity=1").content.decode()) == ["EV-A"]


def test_sorting(events):
    client = signed_in("duty_officer")
    assert codes(client.get("/desk/events/?sort=severity").content.decode()) == ["EV-A", "EV-B", "EV-C", "EV-D"]
    assert codes(client.get("/desk/events/?sort=-severity").content.decode()) == ["EV-D", "EV-C", "EV-B", "EV-A"]
    html = client.get("/desk/events/?sort=reported_at").content.decode()
    assert codes(html) == ["EV-D", "EV-C", "EV-B", "EV-A"]
    # The header link toggles the direction and keeps the filters.
    html = client.get("/desk/events/?category=ACCIDENT&sort=severity").content.decode()
    assert 'href="/desk/events/?category=ACCIDENT&amp;sort=-severity"' in html


def test_pages(db):
    for i in range(45):
        factories.event(100 + i, code=f"EV{i:03d}", reported_at=T - timedelta(minutes=i))
    client = signed_in("duty_officer")
    first = client.get("/desk/events/").content.decode()
    assert codes(first) == [f"EV{i:03d}" for i in range(20)]
    assert "共 45 起事件" in first and "第 1 / 3 页" in first
    assert 'href="/desk/events/?page=2"' in first
    assert codes(client.get("/desk/events/?page=3").content.decode()) == [f"EV{i:03d}" for i in range(40, 45)]
    # Past the end: the last page, not an error.
    assert codes(client.get("/desk/events/?page=99").content.decode()) == [f"EV{i:03d}" for i in range(40, 45)]


def test_htmx_requests_get_the_partial_only_with_a_clean_pushed_url(events):
    client = signed_in("duty_officer")
    response = client.get("/desk/events/?q=&status=&category=ACCIDENT&severity=&sort=-reported_at",
                          HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "desk-bar" not in html and 'id="events-filters"' not in html
    assert codes(html) == ["EV-A", "EV-C"]
    assert response["HX-Push-Url"] == "/desk/events/?category=ACCIDENT"
    assert "HX-Request" in response["Vary"]
    # The sort field of the form is updated out of band so the next filter keeps the sort.
    assert 'id="events-sort" value="-reported_at" hx-swap-oob="true"' in html
    chart = json.loads(re.search(r'id="events-chart-data" type="application/json">(.*?)</script>', html).group(1))
    assert chart["category"]["values"][chart["category"]["labels"].index("事故灾难")] == 2
    assert sum(chart["status"]["values"]) == 2
    # A history restore (back button after a cache miss) needs the whole page.
    whole = client.get("/desk/events/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in whole.content.decode()


def test_external_agency_sees_only_major_events_and_never_drills(events):
    html = signed_in("external_agency").get("/desk/events/").content.decode()
    assert codes(html) == ["EV-A", "EV-B"]
    # Even asking for them does not show the others.
    assert codes(signed_in("external_agency", name="a2").get("/desk/events/?severity=3").content.decode()) == []


def test_a_role_that_may_not_read_events_gets_a_chinese_403(events, settings):
    from layers.registry import load_catalog
    from dataclasses import replace

    catalog = load_catalog()
    original = catalog.get("events")
    catalog.replace(replace(original, read_roles=frozenset({"commander"})))
    try:
        response = signed_in("shelter_staff").get("/desk/events/")
        assert response.status_code == 403
        html = response.content.decode()
        assert "无权访问" in html and "突发事件" in html
        assert 'data-module="command"' not in html  # nor does the top bar offer it
        assert signed_in("commander", name="c").get("/desk/events/").status_code == 200
    finally:
        catalog.replace(original)


def test_empty_and_invalid_filter_states(events):
    client = signed_in("duty_officer")
    html = client.get("/desk/events/?q=不存在的事件").content.decode()
    assert 'data-state="empty"' in html and "没有符合条件的事件" in html and "清除筛选条件" in html
    response = client.get("/desk/events/?severity=9&page=x")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-state="error"' in html and "级别" in html and "页码" in html
    partial = client.get("/desk/events/?status=nonsense", HTTP_HX_REQUEST="true")
    assert partial.status_code == 400 and 'data-state="error"' in partial.content.decode()


def test_no_events_at_all(db):
    html = signed_in("duty_officer").get("/desk/events/").content.decode()
    assert 'data-state="empty"' in html and "暂无事件" in html


def test_database_failure_is_an_error_state_not_a_500(events):
    with connection.cursor() as cursor:
        cursor.execute("ALTER VIEW layer_events RENAME TO layer_events_away")
    try:
        response = signed_in("duty_officer").get("/desk/events/", HTTP_HX_REQUEST="true")
        assert response.status_code == 503
        assert 'data-state="error"' in response.content.decode() and "暂时无法加载" in response.content.decode()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER VIEW layer_events_away RENAME TO layer_events")
