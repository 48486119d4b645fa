"""The base of every ledger's admin page.

Who may use a ledger's page is the layer registry's decision, not hand-kept Django permissions:
a staff account may view, add, change and delete the rows of a model whose layer it may write
(layers.access.can_write, i.e. the entry's write_roles plus administrators). Models without an
editable layer keep Django's own permissions (superusers, or permissions granted in the admin).
Entering the admin at all needs `is_staff`; the rule for who gets it is `layer_writer_roles()`
(geo_api/accounts/demo.py applies it to the demo accounts)."""
from django.contrib import admin
from django.contrib.gis.db import models as gis_models
from django.utils.translation import gettext_lazy as _

from geo_api.accounts.roles import Role
from layers.access import can_write
from layers.registry import load_catalog

from .map_widget import MapWidget

admin.site.site_header = _("Changning Emergency One-Map administration")
admin.site.site_title = _("Changning Emergency One-Map administration")


def layer_writer_roles() -> frozenset[str]:
    """The roles that may write some editable layer: they have admin pages (and the editor)."""
    roles = {Role.ADMINISTRATOR.value}
    for layer in load_catalog().all():
        if layer.editable:
            roles |= {str(role) for role in layer.write_roles}
    return frozenset(roles)


def layer_of(model):
    for layer in load_catalog().all():
        if layer.model_class is model:
            return layer
    return None


class LedgerAdmin(admin.ModelAdmin):
    formfield_overrides = {gis_models.GeometryField: {"widget": MapWidget}}
    list_per_page = 50

    def writes_layer(self, request) -> bool:
        layer = layer_of(self.model)
        return layer is not None and request.user.is_staff and can_write(request.user, layer)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self.writes_layer(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self.writes_layer(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) or self.writes_layer(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.writes_layer(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self.writes_layer(request)

    def get_inlines(self, request, obj):
        # The lines of a ledger row (a warehouse's stock) belong to it: whoever may write the
        # ledger may write its lines.
        cache = self.__dict__.setdefault("_ledger_inlines", {})
        out = []
        for inline in super().get_inlines(request, obj):
            if inline not in cache:
                cache[inline] = type(inline.__name__, (_FollowsLedger, inline), {"ledger": self})
            out.append(cache[inline])
        return out


class _FollowsLedger:
    ledger: LedgerAdmin = None

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self.ledger.writes_layer(request)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) or self.ledger.writes_layer(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self.ledger.writes_layer(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self.ledger.writes_layer(request)
