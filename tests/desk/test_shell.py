"""The desk shell: the modules a role may open, Chinese first with a language switch, Shanghai time."""
import re
from datetime import datetime, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client

from geo_api.web.desk.shell import shanghai
from geo_api.web.modules import MODULES, modules_for
from tests.conftest import user_with_roles

pytestmark = pytest.mark.django_db

CLOCK = re.compile(r'<time class="desk-clock" id="desk-clock" datetime="[^"]+"[^>]*>(\d{4}-\d\d-\d\d \d\d:\d\d)</time>')


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nav_modules(html: str) -> list[str]:
    nav = html.split('<nav class="desk-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'data-module="([a-z_]+)"', nav)


def card_modules(html: str) -> list[str]:
    cards = html.split('<ul class="desk-cards">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'data-module="([a-z_]+)"', cards)


def test_anonymous_is_sent_to_sign_in():
    response = Client().get("/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/desk/")
    assert Client().get("/desk/events/")["Location"].startswith("/accounts/login/")


def test_duty_officer_sees_the_duty_modules_but_not_admin():
    html = signed_in(user_with_roles("duty", "duty_officer")).get("/desk/").content.decode()
    desk = ["wall", "command", "duty", "intake", "resources", "warehouses", "shelters", "plans", "tasks", "cases", "feeds",
            "editor", "ogc"]
    assert nav_modules(html) == desk
    assert card_modules(html) == desk
    assert "一张图" in html and "指挥" in html and "图层编辑" in html
    assert "管理后台" not in html
    assert "值班员" in html  # the role of the signed-in account, in Chinese


def test_external_agency_sees_only_what_it_may_open():
    html = signed_in(user_with_roles("agency", "external_agency")).get("/desk/").content.decode()
    # Other agencies read the major events (command) but write no layer: no editor, no admin.
    assert nav_modules(html) == ["wall", "command", "cases", "ogc"]


def test_staff_sees_the_admin_and_a_liaison_only_its_tasks_and_ledgers():
    user = user_with_roles("keeper", "shelter_staff")
    user.is_staff = True
    user.save()
    html = signed_in(user).get("/desk/").content.decode()
    assert nav_modules(html) == ["wall", "command", "resources", "warehouses", "shelters", "tasks", "cases", "editor", "admin",
                                 "ogc"]
    liaison = user_with_roles("liaison", "department_liaison")
    assert [m.id for m in modules_for(liaison)] == ["wall", "command", "resources", "warehouses", "tasks", "cases", "ogc"]


def test_every_module_link_resolves_to_a_page():
    superuser = User.objects.create_superuser("root", "root@example.invalid", "correct-horse-battery")
    client = signed_in(superuser)
    assert {m.id for m in modules_for(superuser)} == {m.id for m in MODULES}
    for module in MODULES:
        assert client.get(module.url).status_code == 200, module.url


def test_chinese_first_whatever_the_browser_says_and_the_switch_to_english():
    client = signed_in(user_with_roles("duty", "duty_officer"))
    html = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "退出登录" in html and 'data-testid="lang-switch">English<' in html
    # The switch is Django's set_language (POST with CSRF), back to the same page.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/desk/events/?status=closed"})
    assert response.status_code == 302 and response["Location"] == "/desk/events/?status=closed"
    html = client.get("/desk/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign out" in html and ">Command<" in html and 'data-testid="lang-switch">中文<' in html
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/desk/"})
    assert "退出登录" in client.get("/desk/").content.decode()


def test_the_switch_form_returns_to_the_page_it_was_on():
    html = signed_in(user_with_roles("duty", "duty_officer")).get("/desk/events/?status=closed&lang=zh").content.decode()
    assert 'name="next" value="/desk/events/?status=closed"' in html


def test_clock_is_shanghai_time_in_the_desk_format():
    html = signed_in(user_with_roles("duty", "duty_officer")).get("/desk/").content.decode()
    shown = CLOCK.search(html).group(1)
    shanghai_wall_clock = datetime.now(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    assert abs((datetime.strptime(shown, "%Y-%m-%d %H:%M") - shanghai_wall_clock).total_seconds()) < 120
    assert shanghai(datetime(2026, 11, 29, 6, 5, tzinfo=dt_timezone.utc)) == "2026-11-29 14:05"
    assert shanghai(datetime(2026, 12, 31, 16, 30, tzinfo=dt_timezone.utc)) == "2027-01-01 00:30"
