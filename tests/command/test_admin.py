"""The admin shows command records read-only, in Chinese; nothing is changed there."""
import pytest
from django.contrib.auth.models import User
from django.test import Client

from geo_api.command.models import Instruction

from .conftest import post

pytestmark = pytest.mark.django_db


def test_instructions_are_listed_read_only(scene):
    post(scene["clients"]["commander"], f"/api/events/{scene['event'].pk}/command/")
    sent = post(scene["clients"]["commander"], f"/api/events/{scene['event'].pk}/instructions/",
                {"text": "封控路口", "to_users": [scene["people"]["responder"].pk]}).json()
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password="correct-horse-battery"))
    listing = admin.get("/admin/command/instruction/")
    assert listing.status_code == 200 and "封控路口" in listing.content.decode()
    page = admin.get(f"/admin/command/instruction/{sent['id']}/change/")
    assert page.status_code == 200 and "指令送达" in page.content.decode()
    assert admin.get("/admin/command/commandsession/").status_code == 200
    assert admin.post(f"/admin/command/instruction/{sent['id']}/delete/", {"post": "yes"}).status_code == 403
    assert Instruction.objects.filter(pk=sent["id"]).exists()
