"""The one registry of the modules a user can open from the desk's top bar and landing page.

A module is listed for a user only if that user may open it: the rule is data here (who may open
it), so the top bar, the landing page and the tests read the same decision. Workflow issues add
their modules (duty, plans, resources, shelters, supervision, warnings) here when their pages
exist; a link to a page that does not exist is never shown."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from geo_api.accounts.roles import roles_of

# Who may open a module.
ANYONE = "anyone"          # anonymous visitors too (public pages)
SIGNED_IN = "signed_in"    # any signed-in account
ROLES = "roles"            # accounts holding one of `roles()`
STAFF = "staff"            # accounts with Django's is_staff (the admin site's own gate)


def _events_readers() -> frozenset[str]:
    from layers.access import read_roles
    from layers.registry import load_catalog

    return read_roles(load_catalog().get("events"))


def _layer_writers() -> frozenset[str]:
    """Roles that may write some editable layer: the editor has something to offer them."""
    from geo_api.reference.ledger_admin import layer_writer_roles

    return layer_writer_roles()


def _duty_desk_roles() -> frozenset[str]:
    from geo_api.duty.models import DESK_ROLES

    return DESK_ROLES


def _resources_readers() -> frozenset[str]:
    # Writers: warehouse staff, duty officers, commanders, GIS analysts, administrators; the
    # other staff read (geo_api/resources/access.py).
    from geo_api.resources.access import READERS

    return READERS


def _plan_readers() -> frozenset[str]:
    from geo_api.plans.access import PLAN_READERS

    return PLAN_READERS


def _task_receivers() -> frozenset[str]:
    from geo_api.accounts.roles import ALL_ROLES, Role

    return ALL_ROLES - {Role.EXTERNAL_AGENCY}


def _intake_roles() -> frozenset[str]:
    from geo_api.incidents.selectors import DESK_ROLES as INTAKE_ROLES

    return INTAKE_ROLES


def _shelter_desk_roles() -> frozenset[str]:
    from geo_api.shelters.desk import DESK_ROLES

    return DESK_ROLES


def _feed_readers() -> frozenset[str]:
    from etl.feeds.access import READERS

    return READERS


def _import_roles() -> frozenset[str]:
    from etl.imports.desk import DESK_ROLES

    return DESK_ROLES


@dataclass(frozen=True)
class Module:
    id: str
    title: Promise
    description: Promise
    url_name: str
    audience: str = SIGNED_IN
    roles: Callable[[], frozenset[str]] | None = None
    # The URL prefixes that belong to this module (to mark it as the current one in the top bar).
    paths: tuple[str, ...] = ()

    def may_open(self, user) -> bool:
        if self.audience == ANYONE:
            return True
        if not (user and user.is_authenticated and user.is_active):
            return False
        if self.audience == SIGNED_IN:
            return True
        if self.audience == STAFF:
            return bool(user.is_staff)
        return bool(roles_of(user) & self.roles())

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def is_current(self, path: str) -> bool:
        if self.url == "/":
            return path == "/"
        return any(path.startswith(p) for p in (self.url, *self.paths))


MODULES: tuple[Module, ...] = (
    Module("wall", _("One-Map"), _("Every layer you may read on one map: the map wall."), "web:wall",
           audience=ANYONE),
    # The event list is the way into command: each event opens its command map.
    Module("command", _("Command"), _("Events and their command maps."), "web:desk_events",
           audience=ROLES, roles=_events_readers, paths=("/command/",)),
    Module("duty", _("Duty"), _("Who is on duty, the duty log, handovers and the monthly rosters."), "duty:index",
           audience=ROLES, roles=_duty_desk_roles),
    Module("intake", _("Event intake"), _("Take a report: location, type, severity, possible duplicates."),
           "incidents_desk:intake", audience=ROLES, roles=_intake_roles, paths=("/duty/intake/",)),
    Module("resources", _("Resources"), _("The resource ledger: teams, experts, equipment, vehicles and materials."),
           "resources_desk:resources", audience=ROLES, roles=_resources_readers),
    Module("warehouses", _("Warehouses"), _("Material warehouses, stock movements and stock alerts."),
           "resources_desk:warehouses", audience=ROLES, roles=_resources_readers),
    Module("shelters", _("Shelters"), _("Shelter lifecycle: collection, designation, evaluation, inspections, "
                                        "rectification, capacity by street and opening in an event."),
           "shelters:index", audience=ROLES, roles=_shelter_desk_roles),
    Module("plans", _("Emergency plans"), _("Structured plans, their versions and drills; matching and activation."),
           "plans:list", audience=ROLES, roles=_plan_readers),
    # Everyone who may receive a plan task; other agencies' systems never do.
    Module("tasks", _("My tasks"), _("The plan tasks addressed to you or your department."), "tasks:mine",
           audience=ROLES, roles=_task_receivers),
    # Closed events kept as cases, searchable and replayable: for whoever reads events.
    Module("cases", _("Case library"), _("Closed events with their timeline, tasks, reports and replay; plan evaluations."),
           "cases:list", audience=ROLES, roles=_events_readers),
    # Agency feeds (etl/feeds/access.py READERS): status, dead letters, fix and replay.
    Module("feeds", _("Agency feeds"), _("Data from other agencies: each feed's status, lag, errors and dead letters."),
           "feeds_desk:index", audience=ROLES, roles=_feed_readers),
    Module("editor", _("Layer editor"), _("Draw and edit the features of the layers you keep."), "web:editor",
           audience=ROLES, roles=_layer_writers),
    Module("imports", _("File imports"), _("Load GeoPackage, Shapefile, GeoJSON or CSV files into a layer; "
                                          "raster statistics by street."), "imports_desk:index",
           audience=ROLES, roles=_import_roles),
    Module("admin", _("Administration"), _("Ledgers, accounts and settings."), "admin:index",
           audience=STAFF),
    Module("ogc", _("OGC API"), _("Layers for QGIS, GDAL and other agencies' systems."), "ogc-landing",
           audience=ANYONE),
)


def modules_for(user) -> list[Module]:
    return [m for m in MODULES if m.may_open(user)]


def module(module_id: str) -> Module:
    for m in MODULES:
        if m.id == module_id:
            return m
    raise KeyError(module_id)
