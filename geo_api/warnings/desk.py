"""/warnings/{id}/exposure/: the exposure of a warning in force on a desk page — the area and the
exposed features on a map, the lists per layer, population by street, the Excel export, and (for
the duty desk and the commander) remediation tasks from chosen features."""
from django.views.decorators.http import require_GET

from geo_api.common.errors import DomainError
from geo_api.tasks.access import oversees
from geo_api.web.desk.shell import desk_page, render_desk

from .apis import warning_or_404
from .exposure import exposure

ENTRY = "src/desk/exposure.js"


@desk_page
@require_GET
def exposure_page(request, warning_id):
    try:
        data = exposure(warning=warning_or_404(warning_id, request.user), user=request.user)
    except DomainError as exc:
        return render_desk(request, "web/desk/403.html", {"message": exc.message}, status=exc.status)
    return render_desk(request, "warnings/exposure.html", {
        "entry": ENTRY, "data": data, "may_dispatch": oversees(request.user),
        "layers": [(k, v) for k, v in data["layers"].items()],
    })
