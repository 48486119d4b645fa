"""Thin HTTP layer over etl.imports.services / selectors."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.common.errors import InvalidInput, NotSignedIn
from geo_api.timeline.selectors import entry_json, timeline_for

from . import services
from .selectors import crs_choices, import_layers, job_json, jobs_list
from .workflow import IMPORT_WORKFLOW


def _signed_in(user):
    if not (user and user.is_authenticated):
        raise NotSignedIn(_("Sign in to import files."))


def _body(request) -> dict:
    data = request.data if request.data else {}
    if not hasattr(data, "get"):
        raise InvalidInput(_("Send a JSON object or a form."))
    return data


class ImportListApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(operation_id="imports_list", responses={200: dict})
    def get(self, request):
        _signed_in(request.user)
        return Response({"imports": [job_json(j, request.user, preview=False) for j in jobs_list(request.user)],
                         "layers": import_layers(request.user), "crs": crs_choices()})

    @extend_schema(operation_id="imports_upload", request={"multipart/form-data": dict},
                   responses={201: dict, 400: dict, 403: dict})
    def post(self, request):
        _signed_in(request.user)
        body = _body(request)
        job = services.import_upload(user=request.user, upload=request.FILES.get("file"),
                                     layer_id=body.get("layer", ""), source_crs=body.get("source_crs", ""),
                                     mapping=body.get("mapping"), threshold=body.get("threshold"))
        return Response(job_json(job, request.user), status=status.HTTP_201_CREATED)


class ImportDetailApi(APIView):
    @extend_schema(operation_id="imports_detail", responses={200: dict})
    def get(self, request, job_id):
        job = IMPORT_WORKFLOW.readable(job_id, request.user)
        return Response({**job_json(job, request.user, preview=request.query_params.get("preview") != "0"),
                         "timeline": [entry_json(e) for e in timeline_for(job)]})


class ImportMappingApi(APIView):
    @extend_schema(request=dict, responses={200: dict, 400: dict, 409: dict})
    def post(self, request, job_id):
        body = _body(request)
        unknown = sorted(set(body) - {"mapping", "source_crs"})
        if unknown:
            raise InvalidInput(_("Unknown fields: %(f)s. Send mapping and source_crs.") % {"f": ", ".join(unknown)},
                               errors={k: [_("Unknown field.")] for k in unknown})
        job = services.import_remap(user=request.user, job_id=job_id, mapping=body.get("mapping"),
                                    source_crs=body.get("source_crs"))
        return Response(job_json(job, request.user))


class ImportCommitApi(APIView):
    @extend_schema(request=None, responses={202: dict, 409: dict})
    def post(self, request, job_id):
        result = services.import_commit(user=request.user, job_id=job_id)
        return Response(job_json(result.instance, request.user, preview=False), status=status.HTTP_202_ACCEPTED)


class ImportCancelApi(APIView):
    @extend_schema(request=dict, responses={200: dict, 409: dict})
    def post(self, request, job_id):
        reason = _body(request).get("reason", "") or ""
        result = services.import_cancel(user=request.user, job_id=job_id, reason=str(reason))
        return Response(job_json(result.instance, request.user, preview=False))
