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
