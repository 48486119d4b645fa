"""Plans as JSON and Excel documents: round trips, versions, and imports that write nothing on error."""
import io
import json
from datetime import date, timedelta

import pytest
from django.test import Client
from openpyxl import load_workbook

from geo_api.plans.models import Plan, PlanAction, PlanVersion

from .world import plan_document, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return world()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def imported(client, document):
    response = client.post("/api/plans/import/", json.dumps(document), content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    return response.json()


def strip_version(document):
    return {k: v for k, v in document.items() if k != "version"}


def test_json_round_trip_gives_the_same_document_and_a_new_version(w):
    client = client_for(w["people"]["commander"])
    document = plan_document(area_scope="street", district="310105009000", valid_until="2028-12-31")
    plan = imported(client, document)
    assert plan["version"] == 1 and plan["area_label"] == "虹桥街道"
    exported = client.get(f"/api/plans/{plan['id']}/export/?file=json")
    assert exported.status_code == 200 and exported["Content-Disposition"].endswith('v1.json"')
    first = exported.json()
    assert strip_version(first) == {**strip_version(document), "resources": [], "shelters": []}
    again = imported(client, {**first, "title": "长宁区危险化学品事故应急预案（2026年修订）", "revised_on": "2026-03-01"})
    assert again["id"] == plan["id"] and again["version"] == 2
    assert [v["number"] for v in again["versions"]] == [2, 1]
    assert [v["current"] for v in again["versions"]] == [True, False]
    assert PlanVersion.objects.get(plan_id=plan["id"], number=1).title == "长宁区危险化学品事故应急预案"
    second = client.get(f"/api/plans/{plan['id']}/export/?file=json").json()
    assert strip_version(second) == {**strip_version(first), "title": "长宁区危险化学品事故应急预案（2026年修订）",
                                     "revised_on": "2026-03-01"}


def test_excel_round_trip(w):
    client = client_for(w["people"]["admin"])
    plan = imported(client, plan_document())
    workbook = client.get(f"/api/plans/{plan['id']}/export/?file=xlsx")
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == ["预案", "响应级别", "措施"]
    upload = io.BytesIO(workbook.content)
    upload.name = "plan.xlsx"
    response = client.post("/api/plans/import/", {"file": upload})
    assert response.status_code == 201, response.content.decode()
    assert response.json()["version"] == 2
    first = PlanVersion.objects.get(plan_id=plan["id"], number=1)
    second = PlanVersion.objects.get(plan_id=plan["id"], number=2)
    from geo_api.plans.exchange import version_to_dict

    assert strip_version(version_to_dict(first)) == strip_version(version_to_dict(second))


def test_a_bad_workbook_is_refused_with_sheet_row_and_field_and_nothing_is_written(w):
    client = client_for(w["people"]["admin"])
    plan = imported(client, plan_document())
    content = client.get(f"/api/plans/{plan['id']}/export/?file=xlsx").content
    book = load_workbook(io.BytesIO(content))
    book["措施"]["E3"] = "半小时"          # deadline_minutes of the second action
    book["措施"]["F2"] = "NOPE"            # an unknown department
    book["预案"]["C10"] = "2026-02-30"     # valid_from
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "bad.xlsx"
    counts = (PlanVersion.objects.count(), PlanAction.objects.count())
    response = client.post("/api/plans/import/", {"file": out})
    assert response.status_code == 400
    body = response.json()
    problems = {(p.get("sheet"), p.get("row"), p["field"]) for p in body["problems"]}
    assert ("措施", 3, "deadline_minutes") in problems
    assert ("措施", 2, "departments") in problems
    assert ("预案", 10, "valid_from") in problems
    assert "措施" in body["detail"] and "deadline_minutes" in body["detail"]
    assert (PlanVersion.objects.count(), PlanAction.objects.count()) == counts


@pytest.mark.parametrize("change,path", [
    ({"event_types": ["不存在的类型"]}, "event_types"),
    ({"plan_type": "secret"}, "plan_type"),
    ({"area_scope": "street", "district": None}, "district"),
    ({"valid_until": "2020-01-01"}, "valid_until"),
    ({"owner": "NOBODY"}, "owner"),
    ({"responses": []}, "responses"),
])
def test_bad_json_documents_name_the_field(w, change, path):
    client = client_for(w["people"]["admin"])
    response = client.post("/api/plans/import/", json.dumps({**plan_document(), **change}),
                           content_type="application/json")
    assert response.status_code == 400, response.content.decode()
    assert path in {p.get("path") for p in response.json()["problems"]}
    assert not Plan.objects.exists()


def test_nested_json_problems_have_paths(w):
    client = client_for(w["people"]["admin"])
    document = plan_document()
    document["responses"][0]["actions"][1]["people"] = ["ghost"]
    document["responses"][1]["severities"] = [3]  # severity Ⅲ already triggers level 3
    response = client.post("/api/plans/import/", json.dumps(document), content_type="application/json")
    assert response.status_code == 400
    paths = {p["path"] for p in response.json()["problems"]}
    assert {"responses[0].actions[1].people", "responses[1].severities"} <= paths


def test_not_a_workbook_and_wrong_file_types(w):
    client = client_for(w["people"]["admin"])
    fake = io.BytesIO(b"not a zip")
    fake.name = "plan.xlsx"
    response = client.post("/api/plans/import/", {"file": fake})
    assert response.status_code == 400 and "Excel" in response.json()["detail"]
    text = io.BytesIO(b"hello")
    text.name = "plan.txt"
    assert client.post("/api/plans/import/", {"file": text}).status_code == 400


def test_only_editors_import(w):
    response = client_for(w["people"]["duty"]).post("/api/plans/import/", json.dumps(plan_document()),
                                                     content_type="application/json")
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_drill_flag_after_three_years(w):
    client = client_for(w["people"]["commander"])
    old = (date.today() - timedelta(days=3 * 365 + 5)).isoformat()
    plan = imported(client, plan_document(last_drilled_on=old))
    assert plan["drill_overdue"] is True
    listed = client.get("/api/plans/?drill_overdue=1").json()["plans"]
    assert [p["code"] for p in listed] == ["CN-ZX-HAZCHEM"]
    response = client.post(f"/api/plans/{plan['id']}/drills/", {"drilled_on": date.today().isoformat()},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["drill_overdue"] is False
    assert client.get("/api/plans/?drill_overdue=1").json()["plans"] == []
    future = client.post(f"/api/plans/{plan['id']}/drills/", {"drilled_on": "2999-01-01"},
                         content_type="application/json")
    assert future.status_code == 400


def test_attachments_type_and_size_checked(w):
    client = client_for(w["people"]["commander"])
    plan = imported(client, plan_document())
    pdf = io.BytesIO(b"%PDF-1.7\n" + b"x" * 100)
    pdf.name = "长宁区危险化学品事故应急预案.pdf"
    response = client.post(f"/api/plans/{plan['id']}/attachments/", {"file": pdf})
    assert response.status_code == 201, response.content.decode()
    attachment = response.json()["id"]
    download = client.get(f"/api/plans/{plan['id']}/attachments/{attachment}/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    exe = io.BytesIO(b"MZ\x90\x00")
    exe.name = "plan.pdf"
    assert client.post(f"/api/plans/{plan['id']}/attachments/", {"file": exe}).status_code == 400
    script = io.BytesIO(b"%PDF-")
    script.name = "plan.js"
    assert client.post(f"/api/plans/{plan['id']}/attachments/", {"file": script}).status_code == 400
    big = io.BytesIO(b"%PDF-" + b"0" * (4 * 1024 * 1024))
    big.name = "big.pdf"
    assert client.post(f"/api/plans/{plan['id']}/attachments/", {"file": big}).status_code in (400, 413)
    detail = client.get(f"/api/plans/{plan['id']}/").json()
    assert [a["name"] for a in detail["current"]["attachments"]] == ["长宁区危险化学品事故应急预案.pdf"]
