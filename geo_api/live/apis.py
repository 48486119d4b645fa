"""The poll fallback of the live channel."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import changes_after


class ChangesView(APIView):
    """Changes after a sequence number, for clients whose live socket is closed: the same frames
    and the same row decision as /ws/changes/."""

    @extend_schema(parameters=[OpenApiParameter("after", int)], responses={200: dict})
    def get(self, request):
        try:
            after = int(request.query_params.get("after", "0"))
        except ValueError:
            raise ValidationError({"after": [_("after must be an integer sequence number.")]}) from None
        return Response(changes_after(request.user, after))
