from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import layer_list


class LayerListView(APIView):
    """The layers this user may read, with styles, legends and URLs: the map client's layer list."""

    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response({"layers": layer_list(request.user)})
