"""The /ogc mount. A trailing slash is optional on every route: OGC clients differ."""
from django.urls import re_path

from . import views

CID = r"(?P<collection_id>[A-Za-z0-9_\-]+)"
TMS = r"(?P<matrix_id>[A-Za-z0-9_\-]+)"

urlpatterns = [
    re_path(r"^$", views.landing_page, name="ogc-landing"),
    re_path(r"^openapi/?$", views.openapi, name="ogc-openapi"),
    re_path(r"^conformance/?$", views.conformance_view, name="ogc-conformance"),
    re_path(r"^TileMatrixSets/?$", views.tilematrixsets, name="ogc-tilematrixsets"),
    re_path(r"^TileMatrixSets/(?P<tilematrixset_id>[A-Za-z0-9_\-]+)/?$", views.tilematrixset),
    # pygeoapi links to both spellings; OGC API Tiles writes /tileMatrixSets.
    re_path(r"^tileMatrixSets/?$", views.tilematrixsets),
    re_path(r"^tileMatrixSets/(?P<tilematrixset_id>[A-Za-z0-9_\-]+)/?$", views.tilematrixset),
    re_path(r"^collections/?$", views.collections, name="ogc-collections"),
    re_path(rf"^collections/{CID}/?$", views.collection, name="ogc-collection"),
    re_path(rf"^collections/{CID}/schema/?$", views.collection_schema),
    re_path(rf"^collections/{CID}/queryables/?$", views.collection_queryables),
    re_path(rf"^collections/{CID}/items/?$", views.collection_items, name="ogc-items"),
    re_path(rf"^collections/{CID}/items/(?P<item_id>[^/]+)/?$", views.collection_item, name="ogc-item"),
    re_path(rf"^collections/{CID}/tiles/?$", views.collection_tiles),
    re_path(rf"^collections/{CID}/tiles/{TMS}/metadata/?$", views.collection_tiles_metadata),
    # The tileset itself (each entry of /tiles links here as `self`): the same metadata document.
    re_path(rf"^collections/{CID}/tiles/{TMS}/?$", views.collection_tiles_metadata),
    re_path(rf"^collections/{CID}/tiles/{TMS}/(?P<z>\d+)/(?P<y>\d+)/(?P<x>\d+)/?$", views.collection_tile,
            name="ogc-tile"),
    re_path(r"^static/(?P<path>.+)$", views.static),
]
