"""/m/: the phone app's page, its web app manifest and its service worker. The worker is built by
vite-plugin-pwa into map_client/dist/sw.js and served here, under /m/, so its scope is the app."""
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from geo_api.accounts.roles import roles_of
from geo_api.web.views import _config, page_lang

from .access import may_use_phone
from .modules import inspection_entries

SERVICE_WORKER = Path(settings.BASE_DIR) / "map_client" / "dist" / "sw.js"
APP_NAME = "长宁应急"
ICON_SIZES = (192, 512)


@require_GET
@login_required(login_url="/accounts/login/")
@ensure_csrf_cookie
@never_cache
def app(request):
    lang = page_lang(request)
    user = request.user
    if not may_use_phone(user):
        return HttpResponseForbidden(_("The phone app is for the bureau's own staff; ask an administrator for a role."),
                                     content_type="text/plain; charset=utf-8")
    config = _config(request, lang, phone={
        "userId": user.pk, "roles": sorted(roles_of(user)),
        "inspections": inspection_entries(user), "serviceWorker": reverse("phone:sw"),
        "scope": reverse("phone:app"),
    })
    return render(request, "phone/app.html", {
        "config": config, "html_lang": "en" if lang == "en" else "zh-Hans", "app_name": APP_NAME,
        "icon": static("phone/icons/icon-192.png"),
    })


@require_GET
def manifest(request):
    """The web app manifest: installable, standalone, Chinese name, started and scoped at /m/."""
    scope = reverse("phone:app")
    return JsonResponse({
        "name": "长宁区应急管理 · 现场", "short_name": APP_NAME, "lang": "zh-Hans",
        "description": "长宁区应急管理一张图的现场人员端：今日值班、任务、指令、现场上报、到场签到、周边查询、位置共享。",
        "start_url": scope, "scope": scope, "display": "standalone", "orientation": "portrait",
        "background_color": "#07101c", "theme_color": "#0b1f3a",
        "icons": [{"src": static(f"phone/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png",
                   "purpose": "any"} for n in ICON_SIZES]
                 + [{"src": static("phone/icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
                     "purpose": "maskable"}],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@require_GET
@never_cache
def service_worker(request):
    """The built worker, under /m/ so that it may control /m/ (never cached by HTTP: a new build
    must reach phones on their next visit)."""
    try:
        body = SERVICE_WORKER.read_bytes()
    except FileNotFoundError:
        return HttpResponse("// The map client is not built (cd map_client && npm run build).\n", status=404,
                            content_type="text/javascript")
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("phone:app")
    return response
