"""The /imports/ desk page: GIS analysts and administrators open it (the 导入 module), others who
may write some layer too; the rest are refused inside the desk shell."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, status", [
    ("gis_analyst", 200), ("administrator", 200), ("warehouse_staff", 200),
    ("field_responder", 403), ("external_agency", 403),
])
def test_who_opens_the_imports_page(as_role, role, status):
    answer = as_role(role).get("/imports/")
    assert answer.status_code == status
    if status == 200:
        page = answer.content.decode()
        assert 'id="imports-upload"' in page and "GCJ-02" in page


def test_the_module_is_listed_for_analysts_only(as_role):
    assert 'data-module="imports"' in as_role("gis_analyst").get("/desk/").content.decode()
    assert 'data-module="imports"' not in as_role("commander").get("/desk/").content.decode()


def test_anonymous_goes_to_sign_in(client):
    answer = client.get("/imports/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_an_import_speaks_of_itself_not_of_a_case_or_a_warning():
    """The job's states and actions share English words with cases (Done 办结), responses
    (Start 开始处置) and warnings (Cancel 解除); in Chinese they read as an import's."""
    from django.utils import translation

    from etl.imports.models import ImportJob

    with translation.override("zh-hans"):
        assert [str(label) for _, label in ImportJob.State.choices] == [
            "已检查，未导入", "排队中", "导入中", "已完成", "失败", "已取消"]
        labels = {t.name: str(t.custom["label"]) for t in ImportJob._meta.get_field("state").get_all_transitions(ImportJob)}
        assert labels == {"commit": "导入", "start": "开始导入", "finish": "完成", "fail": "失败", "cancel": "取消导入"}
