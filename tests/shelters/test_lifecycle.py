"""Every transition of a shelter's designation status, with its decision record, and the
contract form POST /api/shelters/{id}/transitions/ {"to", "reason"}."""
import pytest

from geo_api.shelters.models import Shelter, ShelterDecision, ShelterFile
from geo_api.timeline.models import TimelineEntry
from tests import factories

from .conftest import ALL_MET, png, post

pytestmark = pytest.mark.django_db
DECISION = {"document_number": "长应急〔2026〕12号", "decided_on": "2026-11-20"}


def url(shelter, tail="transitions/"):
    return f"/api/shelters/{shelter.pk}/{tail}"


def test_collected_to_designated_needs_its_decision_record(as_role):
    shelter = factories.shelter(1, designation_status="collected")
    commander = as_role("commander")
    missing = post(commander, url(shelter, "transitions/designate/"), {"reason": "认定"})
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"document_number"}
    listed = commander.get(url(shelter)).json()["allowed"]
    assert [a["name"] for a in listed] == ["designate"] and "决定记录" in listed[0]["blocked"]
    done = post(commander, url(shelter, "transitions/designate/"), {"reason": "认定", **DECISION})
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "designated"
    record = ShelterDecision.objects.get(shelter=shelter)
    assert (record.kind, record.document_number, str(record.decided_on), record.decided_by) == (
        "designation", DECISION["document_number"], "2026-11-20", commander.user)
    entry = TimelineEntry.objects.filter(subject_id=shelter.pk, transition="designate").get()
    assert entry.payload["decision"]["document_number"] == DECISION["document_number"]


def test_the_contract_form_moves_by_target_state_and_lists_the_allowed_ones_on_409(as_role):
    shelter = factories.shelter(2, designation_status="collected")
    commander = as_role("commander")
    illegal = post(commander, url(shelter), {"to": "filed", "reason": "跳过认定"})
    assert illegal.status_code == 409
    body = illegal.json()
    assert body["state"] == "collected" and [a["target"] for a in body["allowed"]] == ["designated"]
    assert "designated" in body["detail"]
    assert post(commander, url(shelter), {"to": "designated", **DECISION}).json()["state"] == "designated"
    assert post(commander, url(shelter), {"to": "filed", "document_number": "备2026-3",
                                          "decided_on": "2026-11-21"}).json()["state"] == "filed"
    assert list(ShelterDecision.objects.filter(shelter=shelter).values_list("kind", flat=True)) == [
        "designation", "filing"]
    unknown = post(commander, url(shelter), {"to": "open"})
    assert unknown.status_code == 400 and "to" in unknown.json()["errors"]
    via_to = post(commander, url(shelter), {"to": "evaluated"})
    assert via_to.status_code == 409 and "evaluations" in via_to.json()["detail"]


def test_evaluate_revoke_and_collect_again(as_role):
    shelter = factories.shelter(3, designation_status="filed")
    commander, staff = as_role("commander"), as_role("shelter_staff")
    blocked = post(commander, url(shelter, "transitions/evaluate/"), {"reason": "评估"})
    assert blocked.status_code == 409 and "evaluations" in blocked.json()["detail"]
    assert post(commander, url(shelter, "evaluations/"), {"results": ALL_MET}).status_code == 201
    shelter.refresh_from_db()
    assert (shelter.designation_status, shelter.evaluation_conclusion) == ("evaluated", "qualified")
    assert post(commander, url(shelter, "transitions/revoke/"), {}).status_code == 400  # needs a reason
    assert post(staff, url(shelter, "transitions/revoke/"), {"reason": "x"}).status_code == 403
    assert post(commander, url(shelter, "transitions/revoke/"), {"reason": "场地改建"}).json()["state"] == "revoked"
    assert post(commander, url(shelter, "transitions/recollect/"), {}).status_code == 403
    assert post(staff, url(shelter), {"to": "collected"}).json()["state"] == "collected"


def test_a_decision_attachment_is_kept_with_the_record(as_role):
    shelter = factories.shelter(4, designation_status="collected")
    commander = as_role("commander")
    response = commander.post(url(shelter, "transitions/designate/"),
                              {"reason": "认定", **DECISION, "attachment": png(300, 200)})
    assert response.status_code == 200, response.json()
    record = ShelterDecision.objects.get(shelter=shelter)
    attached = ShelterFile.objects.get(decision=record)
    assert attached.kind == "decision" and attached.content_type == "image/png"


def test_shelter_staff_may_not_designate_and_nothing_changes(as_role):
    shelter = factories.shelter(5, designation_status="collected")
    assert post(as_role("shelter_staff"), url(shelter, "transitions/designate/"), DECISION).status_code == 403
    shelter.refresh_from_db()
    assert shelter.designation_status == "collected" and not ShelterDecision.objects.exists()


def test_capacity_is_computed_from_area_and_type_never_typed(as_role):
    shelter = factories.shelter(6, area_m2=5000.0, shelter_type="fixed_short")
    shelter.refresh_from_db()
    assert shelter.capacity == 2500  # 5000 m² / 2.0 m² (GB 51143 short-term fixed)
    staff = as_role("shelter_staff")
    answer = post(staff, url(shelter, "collection/"), {"area_m2": 9000, "shelter_type": "fixed_long"})
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["capacity"], answer.json()["per_person_m2"]) == (2000, 4.5)
    assert post(staff, url(shelter, "collection/"), {"capacity": 99999}).status_code == 400
    Shelter.objects.filter(pk=shelter.pk).update(shelter_type="emergency")
    shelter.refresh_from_db()
    assert shelter.capacity == 18000
    schema = staff.get("/api/layers/shelters/schema/").json()
    capacity = next(f for f in schema["fields"] if f["name"] == "capacity")
    assert capacity["readOnly"] is True
