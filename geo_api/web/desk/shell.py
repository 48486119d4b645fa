"""What every desk page shares: its language (Chinese unless the user chose English), the top bar
(modules this user may open, who is signed in, the Shanghai clock) and the refusal page."""
from datetime import datetime
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from geo_api.accounts.roles import ALL_ROLES, Role

from ..modules import modules_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y-%m-%d %H:%M"
SHELL_ENTRY = "src/desk/shell.js"


def shanghai(value: datetime | None) -> str:
    """2026-11-29 14:05, whatever zone the value came in."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(SHANGHAI).strftime(TIME_FORMAT)


def desk_language(request) -> str:
    """?lang= first, then the choice saved by the 中文/English switch (Django's set_language
    cookie), then Chinese: the browser's Accept-Language does not turn the desk English."""
    for value in (request.GET.get("lang"), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)):
        value = (value or "").lower()
        if value.startswith("en"):
            return "en"
        if value.startswith("zh"):
            return "zh-hans"
    return "zh-hans"


def desk_page(view):
    """Sign-in required; renders in the desk language; responses vary by the htmx header (a
    partial and a whole page share a URL, caches must not mix them)."""
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        lang = desk_language(request)
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response["Content-Language"] = lang
        patch_vary_headers(response, ("Cookie", "HX-Request"))
        return response

    return wrapped


def user_roles(user) -> list[str]:
    """The labels of the roles this account holds (its groups), in the roles' own order."""
    held = set(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
    labels = [str(role.label) for role in Role if role.value in held]
    if user.is_superuser and Role.ADMINISTRATOR.value not in held:
        labels.append(str(Role.ADMINISTRATOR.label))
    return labels


def shell_context(request, current: str | None = None) -> dict:
    user = request.user
    lang = translation.get_language()
    english = lang == "en"
    path = request.path
    query = request.GET.copy()
    query.pop("lang", None)
    nav = [
        {"id": m.id, "title": m.title, "description": m.description, "url": m.url,
         "current": (m.id == current) if current else m.is_current(path)}
        for m in modules_for(user)
    ]
    now = timezone.now()
    return {
        "html_lang": "en" if english else "zh-Hans",
        "nav": nav,
        "now": now,
        "now_text": shanghai(now),
        "user_name": (user.get_full_name() or user.get_username()) if user.is_authenticated else "",
        "user_roles": user_roles(user) if user.is_authenticated else [],
        "switch_language": "zh-hans" if english else "en",
        "switch_label": "中文" if english else "English",
        "switch_next": path + (f"?{query.urlencode()}" if query else ""),
        "shell_entry": SHELL_ENTRY,
    }


def render_desk(request, template: str, context: dict | None = None, *, current=None, status=200):
    return render(request, template, {**shell_context(request, current), **(context or {})}, status=status)


def forbidden(request, message: str | None = None, *, current=None):
    """The refusal page, inside the shell so the user still sees where they may go."""
    return render_desk(request, "web/desk/403.html", {
        "message": message or _("Your role may not open this page."),
    }, current=current, status=403)
