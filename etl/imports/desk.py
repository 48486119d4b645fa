"""/imports/: the desk page for file imports — upload (file, target layer, source CRS), the
preview on a map, the field mapping form, the per-row report and the load's progress bar; a
raster's per-street statistics as a table. The page talks to /api/imports/ (etl/imports/apis.py);
it renders the choices and the recent jobs on the server."""
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from geo_api.accounts.roles import Role, roles_of
from geo_api.web.desk.shell import desk_page, forbidden, render_desk

from .selectors import crs_choices, import_layers, job_json, jobs_list

MODULE = "imports"
ENTRY = "src/desk/imports.js"
DESK_ROLES = frozenset({Role.GIS_ANALYST, Role.ADMINISTRATOR})


@desk_page
@require_GET
def imports_page(request):
    layers = import_layers(request.user)
    if not (roles_of(request.user) & DESK_ROLES) and not layers:
        return forbidden(request, _("Your role may not import files into any layer."), current=MODULE)
    return render_desk(request, "imports/desk.html", {
        "entry": ENTRY, "layers": layers, "crs": crs_choices(),
        "jobs": [job_json(j, request.user, preview=False) for j in jobs_list(request.user, limit=10)],
        "may_raster": bool(roles_of(request.user) & DESK_ROLES),
    }, current=MODULE)
