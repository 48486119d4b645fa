"""The duty desk pages: the month grid with holidays and adjusted working days, generating from a
template, editing a cell and deciding a swap through htmx partials, importing a bad file."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from geo_api.duty import calendar as cal
from geo_api.duty.models import Roster, Shift, ShiftMember, SwapRequest

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_generate_and_show_the_month_grid(as_role, template):
    client = as_role("duty_officer")
    page = client.get("/duty/rosters/", {"month": "2026-10", "template": template.pk}).content.decode()
    assert "按模板生成" in page and 'id="duty-grid"' not in page
    response = client.post("/duty/rosters/generate/", {"month": "2026-10", "template": template.pk})
    assert response.status_code == 302 and Roster.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert page.count('class="duty-cell"') == 31
    assert '<tr class="is-holiday" data-date="2026-10-01">' in page and "国庆节" in page
    assert '<tr class="is-adjusted" data-date="2026-10-10">' in page and "调休上班" in page
    assert "导出 Excel" in page
    bad = client.post("/duty/rosters/generate/", {"month": "2026-10", "template": "999"})
    assert bad.status_code == 400 and "不存在编号为 999 的班次模板" in bad.content.decode()


def test_edit_a_cell_in_place(as_role, template, people):
    client = as_role("duty_officer")
    client.post("/duty/rosters/generate/", {"month": "2026-10", "template": template.pk})
    shift = Shift.objects.get(date="2026-10-05")
    form = client.get(f"/duty/shifts/{shift.pk}/edit/", **HTMX)
    assert form.status_code == 200 and 'name="officers" multiple' in form.content.decode()
    saved = client.post(f"/duty/shifts/{shift.pk}/edit/", {"leader": "", "officers": [people["spare"].pk]}, **HTMX)
    assert saved.status_code == 200 and "替班员" in saved.content.decode() and "<form" not in saved.content.decode()
    assert list(ShiftMember.objects.filter(shift=shift).values_list("person__name", flat=True)) == ["替班员"]
    refused = client.post(f"/duty/shifts/{shift.pk}/edit/", {"leader": people["L0"].pk}, **HTMX)
    assert refused.status_code == 400 and "至少需要一名值班员" in refused.content.decode()


def test_swap_through_the_desk(as_role, template, people):
    officer = as_role("duty_officer")
    now = timezone.now().astimezone(cal.SHANGHAI)
    template.anchor_date = now.date() - timedelta(days=1) if now.time() < template.day_start else now.date()
    template.save()
    officer.post("/duty/rosters/generate/", {"month": f"{now:%Y-%m}", "template": template.pk})
    shift = Shift.objects.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    if shift is None:
        pytest.skip("the last shift of the month has started; the next month's calendar may be unknown")
    giver = shift.members.filter(role="officer").first().person
    filed = officer.post("/duty/swaps/", {"month": f"{now:%Y-%m}", "shift": shift.pk, "from_person": giver.pk,
                                          "to_person": people["spare"].pk, "reason": "培训"}, **HTMX)
    assert filed.status_code == 200 and "等待带班领导或指挥长审批" in filed.content.decode()
    swap = SwapRequest.objects.get()
    assert 'data-action="approve"' not in filed.content.decode()  # not the duty officer's decision
    refused = officer.post(f"/duty/swaps/{swap.pk}/approve/", {"month": f"{now:%Y-%m}"}, **HTMX)
    assert refused.status_code == 403
    commander = as_role("commander")
    listed = commander.get("/duty/rosters/", {"month": f"{now:%Y-%m}"}).content.decode()
    assert 'data-action="approve"' in listed and 'data-action="refuse"' in listed
    approved = commander.post(f"/duty/swaps/{swap.pk}/approve/", {"month": f"{now:%Y-%m}"}, **HTMX)
    assert approved.status_code == 200 and approved["HX-Refresh"] == "true"
    assert people["spare"].pk in set(shift.members.values_list("person_id", flat=True))


def test_a_bad_import_shows_its_rows_and_writes_nothing(as_role, template):
    client = as_role("duty_officer")
    client.post("/duty/rosters/generate/", {"month": "2026-10", "template": template.pk})
    roster = Roster.objects.get()
    before = ShiftMember.objects.count()
    response = client.post(f"/duty/rosters/{roster.pk}/import/",
                           {"file": SimpleUploadedFile("x.xlsx", b"not a workbook", "application/octet-stream")})
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.content.decode()
    assert ShiftMember.objects.count() == before
