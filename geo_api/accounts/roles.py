"""The roles of the platform. A role is a Django group whose name is the role's code; layers
(layers/catalog.py) and workflows name roles, and layers/access.py decides from them."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DUTY_OFFICER = "duty_officer", _("Duty officer")
    COMMANDER = "commander", _("Commander")
    DEPARTMENT_LIAISON = "department_liaison", _("Department liaison")
    FIELD_RESPONDER = "field_responder", _("Field responder")
    SHELTER_STAFF = "shelter_staff", _("Shelter staff")
    WAREHOUSE_STAFF = "warehouse_staff", _("Warehouse staff")
    ENTERPRISE_STAFF = "enterprise_staff", _("Enterprise staff")
    LAW_ENFORCEMENT = "law_enforcement", _("Law-enforcement officer")
    GIS_ANALYST = "gis_analyst", _("GIS analyst")
    EXTERNAL_AGENCY = "external_agency", _("External agency")
    ADMINISTRATOR = "administrator", _("Administrator")


ALL_ROLES = frozenset(Role.values)
# Internal layers are open to the bureau's own staff and partners, not to other agencies' systems.
STAFF_ROLES = ALL_ROLES - {Role.EXTERNAL_AGENCY}


def roles_of(user) -> frozenset[str]:
    """The role codes a user holds; cached on the user object for the request."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_onemap_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = ALL_ROLES
        else:
            cached = frozenset(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        user._onemap_roles = cached
    return cached
