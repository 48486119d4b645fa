from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.params import bounded_int
from geo_api.common.public_url import public_url

from .search import search
from .selectors import layer_list


class LayerListView(APIView):
    """The layers this user may read, with styles, legends and URLs: the map client's layer list."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response({"layers": layer_list(request.user, public_url(request))})


class SearchView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        text = request.query_params.get("q", "").strip()
        if not text:
            raise ValidationError({"q": ["Type part of a name to search for."]})
        if len(text) > 100:
            raise ValidationError({"q": ["Search text is limited to 100 characters."]})
        limit = bounded_int(request, "limit", 10, 1, 50)
        return Response({"results": search(request.user, text, limit)})
