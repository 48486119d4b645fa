from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import report


@never_cache
@require_safe
def health(request):
    """GET /api/health/: database, Redis, worker and beat, as JSON (see health.report)."""
    body, status = report(detail=request.user.is_staff)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
