"""How /api/schema/ describes our credentials: HTTP Basic and bearer API tokens."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CredentialsScheme(OpenApiAuthenticationExtension):
    target_class = "geo_api.accounts.drf.CredentialsAuthentication"
    name = ["basicAuth", "tokenAuth"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "http", "scheme": "basic"},
            {"type": "http", "scheme": "bearer", "description": "An API token issued by an administrator."},
        ]
