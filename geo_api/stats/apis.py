from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors


class WallStatsView(APIView):
    @extend_schema(responses={200: dict})
    def get(self, request):
        return Response(selectors.wall_stats(request.user))
