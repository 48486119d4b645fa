import pytest
from django.test import override_settings

from geo_api.responders.models import Responder

pytestmark = pytest.mark.django_db


@override_settings(ONEMAP_DEMO_ACCOUNTS=True)
def test_the_demo_field_responder_is_a_responder_on_duty_and_running_twice_keeps_one():
    from geo_api.accounts.demo import demo_accounts_ensure

    demo_accounts_ensure()
    demo_accounts_ensure()
    responder = Responder.objects.get(user__username="field_responder")
    assert responder.on_duty and Responder.objects.filter(user__isnull=False).count() == 1
