"""The Chinese-first sign-in page."""
import pytest
from django.contrib.auth.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_is_chinese_first_and_explains_failures(page):
    User.objects.create_user("duty1", password="correct-horse-battery")
    page.open("/accounts/login/")
    assert page.locator("h1.login-title").inner_text() == "长宁区应急管理一张图"
    assert page.locator("label[for=id_username]").inner_text() == "用户名"
    page.fill("#id_username", "duty1")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    page.locator(".login-error").wait_for()
    assert "用户名或密码不正确" in page.locator(".login-error").inner_text()
    page.shot("login-error")
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_idle()
    assert page.locator(".title-user").inner_text().startswith("duty1")
    page.shot("wall-signed-in")


def test_sign_in_page_in_english(page):
    page.open("/accounts/login/?lang=en")
    assert page.locator("h2.login-heading").inner_text() == "Sign in"
    page.shot("login-english")
