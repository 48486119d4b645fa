"""A month's roster out to Excel and back: the same roster; a bad row writes nothing and says
which row and column is wrong."""
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from geo_api.duty.models import Roster, ShiftMember

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def snapshot(roster_id):
    return sorted(ShiftMember.objects.filter(shift__roster_id=roster_id)
                  .values_list("shift__date", "shift__slot", "person__name", "role"))


@pytest.fixture
def roster(as_role, template):
    client = as_role("duty_officer")
    response = client.post("/api/duty/rosters/", {"template": template.pk, "month": "2026-10"},
                           content_type="application/json")
    assert response.status_code == 201
    return client, response.json()


def export(client, roster_id):
    response = client.get(f"/api/duty/rosters/{roster_id}/export.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    return response.content


def upload(client, roster_id, data):
    return client.post(f"/api/duty/rosters/{roster_id}/import/", {"file": SimpleUploadedFile("roster.xlsx", data, XLSX)})


def test_round_trip(roster, people, template):
    client, data = roster
    # A hand edit, exported; the roster regenerated (the edit lost); the file imported: restored.
    cell = data["shifts"][9]
    assert client.put(f"/api/duty/shifts/{cell['id']}/members/", {"leader": None, "officers": [people["spare"].pk]},
                      content_type="application/json").status_code == 200
    edited = snapshot(data["id"])
    book = export(client, data["id"])
    sheet = load_workbook(BytesIO(book)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("日期", "班次", "开始", "结束", "节假日", "带班领导", "值班人员")
    assert len(rows) == 32
    assert rows[1][:5] == ("2026-10-01", "全天", "2026-10-01 08:00", "2026-10-02 08:00", "国庆节")
    assert rows[10][4] == "调休上班（国庆节）" and rows[10][5] is None and rows[10][6] == "替班员"  # 10-10
    assert client.post("/api/duty/rosters/", {"template": template.pk, "month": "2026-10"},
                       content_type="application/json").status_code == 201
    assert snapshot(data["id"]) != edited
    response = upload(client, data["id"], book)
    assert response.status_code == 200, response.content
    assert snapshot(data["id"]) == edited
    assert Roster.objects.count() == 1


def test_a_bad_row_writes_nothing_and_names_row_and_column(roster, people):
    client, data = roster
    before = snapshot(data["id"])
    book = load_workbook(BytesIO(export(client, data["id"])))
    sheet = book.active
    sheet["G5"] = "值班员00、张三丰"          # an officer not on the duty list
    sheet["A8"] = "2026-11-01"              # outside the month
    sheet["F12"] = people["O00"].name        # fine on its own ...
    sheet["G12"] = people["O00"].name        # ... but also listed as officer
    sheet["B20"] = "夜班"                    # not a shift of this template
    out = BytesIO()
    book.save(out)
    response = upload(client, data["id"], out.getvalue())
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["rows"] == [
        "第 5 行 G 列（值班人员）：“张三丰”不在值班人员名单中。",
        "第 8 行 A 列（日期）：2026-11-01 不在 2026-10 内。",
        f"第 12 行 G 列（值班人员）：{people['O00'].name} 已是本班次的带班领导。",
        "第 20 行 B 列（班次）：“夜班”不是该模板的班次（全天）。",
    ]
    assert body["detail"].startswith("未导入任何内容：文件中有 4 处问题。第 5 行 G 列")
    assert snapshot(data["id"]) == before


@pytest.mark.parametrize("data,message", [
    (b"", "请选择要导入的 Excel 文件"),
    (b"PK\x03\x04 not really a zip", "不是 Excel 工作簿"),
    (b"date,shift\n2026-10-01,full\n", "不是 Excel 工作簿"),
])
def test_files_that_are_not_rosters(roster, data, message):
    client, roster_data = roster
    before = snapshot(roster_data["id"])
    response = upload(client, roster_data["id"], data) if data else client.post(
        f"/api/duty/rosters/{roster_data['id']}/import/", {})
    assert response.status_code == 400 and message in response.json()["detail"]
    assert snapshot(roster_data["id"]) == before


def test_wrong_headers(roster):
    client, data = roster
    book = load_workbook(BytesIO(export(client, data["id"])))
    book.active["F1"] = "领导"
    out = BytesIO()
    book.save(out)
    response = upload(client, data["id"], out.getvalue())
    assert response.status_code == 400 and "表头" in response.json()["detail"]
