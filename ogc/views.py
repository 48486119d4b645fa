"""Our thin wrapper around pygeoapi's API functions: where /ogc refuses what a user may not read
or write (worded by layers/api_access.py, rendered by ogc/errors.py), and where Django's request
becomes pygeoapi's.

pygeoapi.django_ is not used: it builds a new API object per request, is not CSRF-exempt for
POST queries and follows Django's slash rules."""
import re
from http import HTTPStatus
from pathlib import Path

import pygeoapi
import pygeoapi.api as core_api
import pygeoapi.api.itemtypes as itemtypes_api
import pygeoapi.api.tiles as tiles_api
from django.http import Http404, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.static import serve
from pygeoapi.api import APIRequest, apply_gzip

from geo_api.common.errors import DomainError
from geo_api.common.public_url import public_url
from geo_api.editing.selectors import feature_version
from layers.access import readable_layers
from layers.api_access import EDIT, READ, refusal
from layers.errors import UnknownLayer
from layers.registry import load_catalog

from . import conformance, crs, documents, pages, quiet, serialization
from .config import apis
from .errors import exception_document, exception_response
from .filters import bbox_problem, filter_problem
from .request_context import current_request

conformance.install()
serialization.install()
quiet.install()
crs.install()
pages.install()

PYGEOAPI_STATIC = Path(pygeoapi.__file__).parent / "static"


def _refusal(request, collection_id, action=READ):
    """The answer to a request this user may not make (layers.api_access words it), or None."""
    try:
        layer = load_catalog().get(collection_id)
    except UnknownLayer as unknown:
        # Reads: pygeoapi answers 404 with its own document; writes never reach pygeoapi.
        return exception_response(unknown) if action == EDIT else None
    error = refusal(request.user, layer, action)
    return exception_response(error) if error is not None else None


def _error(status, code, description):
    return exception_document(status, code, description)


def _wants_html(request) -> bool:
    fmt = request.GET.get("f")
    return fmt == "html" or (not fmt and "text/html" in request.META.get("HTTP_ACCEPT", ""))


def _pygeoapi_language(request) -> None:
    """pygeoapi's locale matching fails (500) on script subtags such as zh-Hans, which Chinese
    browsers send; its configured languages are plain `zh` and `en-US`."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE")
    if header:
        request.META["HTTP_ACCEPT_LANGUAGE"] = re.sub(r"(?i)\bzh[-_](hans|hant)(-[a-z]{2})?\b|\bzh[-_][a-z]{2}\b",
                                                      "zh", header)
    lang = request.GET.get("lang")
    if not lang and _wants_html(request):
        # The pages are Chinese first: English only when asked for with ?lang=en.
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
    if lang and lang.lower().startswith("zh") and lang.lower() != "zh":
        request.GET = request.GET.copy()
        request.GET["lang"] = "zh"


def _execute(request, function, *args, validate_format=True):
    _pygeoapi_language(request)
    problem = (filter_problem(request.GET.get("filter"), request.GET.get("filter-lang"))
               or bbox_problem(request.GET.get("bbox"), request.GET.get("bbox-crs")))
    if problem:
        return _error(HTTPStatus.BAD_REQUEST, "InvalidParameterValue", problem)
    api = apis.get(frozenset(layer.id for layer in readable_layers(request.user)), public_url(request))
    api_request = APIRequest.from_django(request, api.locales)
    if request.GET.get("filter-lang") == "cql2-json" and "filter" in request.GET:
        # OGC API Features Part 3 allows CQL2 JSON in the query string; pygeoapi only reads it
        # from a request body, so hand it over there.
        params = request.GET.copy()
        api_request._data = params.pop("filter")[-1].encode()
        api_request._args = params
    if validate_format and not api_request.is_valid():
        headers, status, content = api.get_format_exception(api_request)
    else:
        token = current_request.set(request)
        try:
            headers, status, content = function(api, api_request, *args)
        except DomainError as error:
            # Raised by a provider or the services it calls; pygeoapi lets it through.
            return exception_response(error)
        finally:
            current_request.reset(token)
        content = apply_gzip(headers, content)
    response = HttpResponse(content, status=status)
    for key, value in headers.items():
        response[key] = value
    return response


def _not_allowed(request, methods):
    """405 with the `Allow` header HTTP requires, so clients can see what the route accepts."""
    response = _error(HTTPStatus.METHOD_NOT_ALLOWED, "MethodNotAllowed",
                      f"{request.method} is not supported here; use {', '.join(methods)}.")
    response["Allow"] = ", ".join(methods)
    return response


def _collection_view(function, validate_format=True, methods=("GET", "HEAD")):
    @csrf_exempt
    def view(request, collection_id, **kwargs):
        if request.method not in methods:
            return _not_allowed(request, methods)
        refused = _refusal(request, collection_id)
        if refused is not None:
            return refused
        return _execute(request, function, collection_id, *kwargs.values(), validate_format=validate_format)

    return view


def _plain_view(function):
    @csrf_exempt
    def view(request, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return _not_allowed(request, ("GET", "HEAD"))
        return _execute(request, function, *kwargs.values())

    return view


landing_page = _plain_view(core_api.landing_page)
openapi = _plain_view(core_api.openapi_)
conformance_view = _plain_view(documents.conformance)
collections = _plain_view(core_api.describe_collections)
tilematrixsets = _plain_view(documents.tilematrixsets)
tilematrixset = _plain_view(documents.tilematrixset)
collection = _collection_view(core_api.describe_collections)
collection_schema = _collection_view(core_api.get_collection_schema)
collection_queryables = _collection_view(itemtypes_api.get_collection_queryables)
_query_items = _collection_view(itemtypes_api.get_collection_items, validate_format=False,
                                methods=("GET", "HEAD", "POST"))
_read_item = _collection_view(itemtypes_api.get_collection_item)


@csrf_exempt
def collection_items(request, collection_id):
    # POST of a GeoJSON feature creates one (Part 4); any other POST body is a CQL2 JSON query (Part 3).
    if request.method == "POST" and request.content_type == "application/geo+json":
        return _write(request, collection_id, "create")
    return _query_items(request, collection_id=collection_id)


@csrf_exempt
def collection_item(request, collection_id, item_id):
    if request.method in ("PUT", "PATCH"):
        return _write(request, collection_id, "update", item_id)
    if request.method == "DELETE":
        return _write(request, collection_id, "delete", item_id)
    response = _read_item(request, collection_id=collection_id, item_id=item_id)
    if response.status_code == 200 and item_id.isdigit():
        layer = load_catalog().get(collection_id)
        if layer.editable:
            response["ETag"] = feature_version(layer, int(item_id))
    return response


def _write(request, collection_id, action, *args):
    """Writes through /ogc: the caller must be allowed to write this layer, and a browser session
    must carry its CSRF token like any other browser write."""
    refusal_response = _refusal(request, collection_id, EDIT)
    if refusal_response is not None:
        return refusal_response
    refused = _csrf.process_view(request, None, (), {})
    if refused is not None:
        return refused
    return _execute(request, itemtypes_api.manage_collection_item, action, collection_id, *args,
                    validate_format=False)


_csrf = CsrfViewMiddleware(lambda request: None)
collection_tiles = _collection_view(tiles_api.get_collection_tiles)
collection_tiles_metadata = _collection_view(tiles_api.get_collection_tiles_metadata)


@csrf_exempt
def collection_tile(request, collection_id, matrix_id, z, y, x):
    if request.method not in ("GET", "HEAD"):
        return _not_allowed(request, ("GET", "HEAD"))
    refused = _refusal(request, collection_id)
    if refused is not None:
        return refused
    if "f" not in request.GET:
        # MapLibre and QGIS ask for tile URLs without ?f=mvt; mvt is the only tile format here.
        request.GET = request.GET.copy()
        request.GET["f"] = "mvt"
    return _execute(request, tiles_api.get_collection_tiles_data, collection_id, matrix_id, z, y, x,
                    validate_format=False)


def static(request, path):
    if ".." in Path(path).parts:
        raise Http404(path)
    return serve(request, path, document_root=str(PYGEOAPI_STATIC))
