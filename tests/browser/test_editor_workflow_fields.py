"""The desk editor shows a workflow-owned field read-only, with the hint naming its workflow,
and never sends it: a new shelter starts as collected whatever the form shows."""
import pytest

from geo_api.shelters import models as shelters_models

from .test_editor import draw_point, editor_idle, open_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_designation_status_is_read_only_with_its_workflow(page, shelter_staff):
    open_editor(page, shelter_staff, "shelters")
    draw_point(page, 121.40, 31.21)
    form = page.locator("[data-testid=feature-form]")
    status = form.locator("[data-field=designation_status]")
    assert status.is_disabled()
    hint = form.locator("[data-testid=hint-designation_status]")
    assert "/api/shelters/{id}/transitions/" in hint.inner_text() and "流程" in hint.inner_text()
    for name, value in {"code": "SH-WF-001", "name": "流程字段测试", "area_m2": "900",
                        "managing_unit": "长宁区应急管理局", "address": "长宁区测试路2号"}.items():
        form.locator(f"[data-field={name}]").fill(value)
    for name, value in {"shelter_class": "III", "shelter_type": "emergency", "space_type": "outdoor",
                        "tier": "community"}.items():
        form.locator(f"select[data-field={name}]").select_option(value)
    page.click("button[data-op=save]")
    page.wait("window.onemapTestHook.editor.state.selection && window.onemapTestHook.editor.state.selection.id")
    editor_idle(page)
    assert shelters_models.Shelter.objects.get(code="SH-WF-001").designation_status == "collected"
    page.shot("editor-workflow-field")
    assert page.errors == []
