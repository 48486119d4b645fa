"""The pages that host the built map client: the wall (/), the command map and the desk editor,
plus a Chinese-first sign-in page. All data comes from the JSON APIs; these only pass config."""
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import ensure_csrf_cookie

from .strings import page_strings

LANG_COOKIE = "onemap_lang"


def page_lang(request) -> str:
    """?lang= first, then the client's stored choice (cookie), then Chinese."""
    for value in (request.GET.get("lang"), request.COOKIES.get(LANG_COOKIE)):
        if value and value.lower().startswith("en"):
            return "en"
        if value and value.lower().startswith("zh"):
            return "zh"
    return "zh"


def _config(request, lang, **extra):
    user = request.user
    return {
        "lang": lang,
        "user": {
            "authenticated": user.is_authenticated,
            "name": (user.get_full_name() or user.get_username()) if user.is_authenticated else "",
        },
        "urls": {"login": reverse("web:login"), "logout": reverse("web:logout")},
        "csrf": get_token(request),
        "basemap": {
            "url": getattr(settings, "ONEMAP_BASEMAP_URL", ""),
            "attribution": getattr(settings, "ONEMAP_BASEMAP_ATTRIBUTION", ""),
        } if getattr(settings, "ONEMAP_BASEMAP_URL", "") else None,
        **extra,
    }


def _page(request, entry, view, **extra):
    lang = page_lang(request)
    context = {
        "entry": entry, "view": view, "lang": lang, "html_lang": "en" if lang == "en" else "zh-Hans",
        "s": page_strings(lang), "config": _config(request, lang, **extra),
        "page_title": page_strings(lang)[view] if view != "wall" else "",
    }
    return render(request, "web/page.html", context)


@ensure_csrf_cookie
def wall(request):
    return _page(request, "src/views/wall.js", "wall")


@login_required
@ensure_csrf_cookie
def command(request, event_id):
    return _page(request, "src/views/command.js", "command", eventId=event_id)


@login_required
@ensure_csrf_cookie
def editor(request):
    return _page(request, "src/views/editor.js", "editor")


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True
    next_page = "/"

    def dispatch(self, request, *args, **kwargs):
        self.lang = page_lang(request)
        # Form errors come out in the page's language, whatever the browser's Accept-Language.
        with translation.override("en" if self.lang == "en" else "zh-hans"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(lang=self.lang, html_lang="en" if self.lang == "en" else "zh-Hans", s=page_strings(self.lang),
                       entry="src/views/login.js", other_lang="zh" if self.lang == "en" else "en")
        return context


class LogoutView(auth_views.LogoutView):
    next_page = "/"
