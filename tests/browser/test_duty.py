"""The duty desk in a real browser: the duty officer opens /duty/, sees who is on duty now with
phones, adds a duty log entry through htmx without the page reloading; the wall's 值班 panel shows
the same shift."""
from datetime import date, time as dtime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from geo_api.duty import calendar as cal
from geo_api.duty import services
from geo_api.duty.models import DutyPerson, LogEntry, ShiftTemplate, TemplateMember

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def on_duty(transactional_db):
    """The duty officer's account leads today's 24-hour shift of a 上一休三 roster."""
    user = User.objects.create_user("duty_officer", password=PASSWORD)
    user.groups.add(Group.objects.get(name="duty_officer"))
    now = timezone.now().astimezone(cal.SHANGHAI)
    duty_day = (now - timedelta(days=1)).date() if now.time() < dtime(8, 0) else now.date()
    template = ShiftTemplate.objects.create(name="区应急局总值班（上一休三）", day_start=dtime(8, 0),
                                            slots=[{"name": "全天", "hours": 24}], groups=4, anchor_date=duty_day)
    for group in range(4):
        leader = DutyPerson.objects.create(name=f"带班{group}号", phone=f"1380021{group}000",
                                           username="duty_officer" if group == 0 else "")
        officer = DutyPerson.objects.create(name=f"值班{group}号", phone=f"1390021{group}000")
        TemplateMember.objects.create(template=template, person=leader, role="leader", offset=group)
        TemplateMember.objects.create(template=template, person=officer, role="officer", offset=group)
    services.roster_generate(template_id=template.pk, month=date(duty_day.year, duty_day.month, 1), user=user)
    return user


def test_the_duty_officer_adds_a_log_entry_without_a_reload(make_page, on_duty):
    page = make_page(width=1600, height=1000)
    page.login("duty_officer", next_path="/duty/")
    page.allow_console(r"status of 400", r"Error Code 400")  # the empty entry refused on purpose
    assert page.url.endswith("/duty/")
    now_panel = page.locator("[data-testid=duty-now]")
    assert "带班0号" in now_panel.inner_text() and "13800210000" in now_panel.inner_text()
    assert page.locator(".desk-nav-link.is-current").inner_text() == "值班值守"
    page.js("() => { window.__notReloaded = true; }")

    page.select_option("#duty-log-kind", "call")
    page.fill("#duty-log-text", "天山路街道来电：娄山关路积水约20厘米，已通知区排水所。")
    page.check("input[name=is_open]")
    page.click("#duty-log-submit")
    page.wait("() => [...document.querySelectorAll('#duty-log-entries li[data-entry]')]"
              ".some(li => li.textContent.includes('娄山关路积水'))", message="the entry never appeared")
    assert page.js("() => window.__notReloaded === true"), "the page reloaded"
    entry = LogEntry.objects.get()
    assert entry.kind == "call" and entry.is_open and entry.author_id == on_duty.pk
    assert page.locator("#duty-log-text").input_value() == ""  # a fresh form for the next entry

    # An empty entry is refused in place, with the reason, still without a reload.
    page.click("#duty-log-submit")  # the browser's own `required` check stops it ...
    page.js("() => { document.getElementById('duty-log-text').removeAttribute('required'); }")
    page.click("#duty-log-submit")  # ... and the server's answer is shown when it does not
    page.wait("() => !!document.querySelector('#duty-log [role=alert]')", message="no error shown")
    assert "请填写情况" in page.locator("#duty-log").inner_text()
    assert page.js("() => window.__notReloaded === true") and LogEntry.objects.count() == 1
    page.fill("#duty-log-text", "")
    page.shot("duty-desk")

    # The month grid: edit a cell in place (htmx), still without a reload.
    page.open("/duty/rosters/")
    page.js("() => { window.__notReloaded = true; }")
    cell = page.locator("#duty-grid td.duty-cell[data-shift]").first
    shift_id = cell.get_attribute("data-shift")
    cell.locator("button").click()
    page.wait(f"() => !!document.querySelector('#cell-{shift_id} form')", message="no edit form")
    page.select_option(f"#cell-{shift_id} select[name=officers]", label="值班3号")
    page.click(f"#cell-{shift_id} button[type=submit]")
    page.wait(f"() => !document.querySelector('#cell-{shift_id} form') && "
              f"document.querySelector('#cell-{shift_id}').textContent.includes('值班3号')", message="cell not saved")
    assert page.js("() => window.__notReloaded === true")
    page.shot("duty-rosters")
    assert not page.errors, page.errors


def test_the_wall_shows_who_is_on_duty(make_page, on_duty):
    page = make_page()
    page.login("duty_officer", next_path="/")
    page.wait("() => (document.querySelector('[data-testid=duty]')?.textContent || '').includes('带班0号')",
              message="the wall's duty panel never showed the leader")
    text = page.locator("[data-testid=duty]").inner_text()
    assert "值班0号" in text and "13900210000" in text
    page.wait_idle()
    page.shot("duty-wall")
    assert not page.errors, page.errors
