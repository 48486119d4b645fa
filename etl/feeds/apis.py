"""Thin HTTP layer over feeds.services / feeds.selectors (payloads: etl/feeds/README.md)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.views import APIView

from geo_api.accounts.models import ApiToken
from geo_api.common.errors import InvalidInput

from . import access, registry, selectors, services
from .models import FeedMessage

State = FeedMessage.State


class RawBody(BaseParser):
    """Feeds are stored exactly as sent: the body is read as bytes, whatever its type."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read() if stream is not None else b""


def _push_answer(message: FeedMessage, created: bool) -> Response:
    """202 for a new message, 200 for one we already had; 400 when nothing of it could be applied."""
    items = list(message.items.order_by("id")) if message.is_envelope else []
    body = {"id": message.pk, "state": message.state, "error": message.error,
            "items": [{"id": i.pk, "source_id": i.source_id, "state": i.state, "error": i.error} for i in items]}
    parts = items or [message]
    refused = message.state == State.DEAD or (
        parts and all(p.state == State.DEAD for p in parts))
    if refused:
        reasons = [p.error for p in parts if p.error] or [message.error]
        return Response({**body, "detail": " | ".join(dict.fromkeys(reasons))[:2000], "code": "dead_letter"}, status=400)
    return Response(body, status=202 if created else 200)


class FeedListApi(APIView):
    @extend_schema(operation_id="feeds_status", responses={200: dict})
    def get(self, request):
        access.require_read(request.user)
        return Response({"feeds": selectors.feeds_status()})


class FeedMessagesApi(APIView):
    parser_classes = [RawBody]

    @extend_schema(operation_id="feeds_messages_list", responses={200: dict})
    def get(self, request, feed):
        access.require_read(request.user)
        state = request.query_params.get("state", "")
        if state and state not in State.values:
            raise InvalidInput(_("state must be one of %(v)s.") % {"v": ", ".join(State.values)},
                               errors={"state": [_("Unknown state.")]})
        rows = selectors.messages_of(feed, state=state)
        return Response({"feed": feed, "messages": [selectors.message_json(m) for m in rows]})

    @extend_schema(operation_id="feeds_messages_push", request={"application/json": dict, "application/cap+xml": str},
                   responses={200: dict, 202: dict, 400: dict, 401: dict, 403: dict, 404: dict})
    def post(self, request, feed):
        adapter = registry.adapter(feed)
        credentials = getattr(request._request, "onemap_credentials", None)
        access.require_push(request.user, feed, by_token=isinstance(credentials, ApiToken))
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type not in adapter.content_types:
            raise InvalidInput(_("The feed “%(feed)s” takes %(types)s, not “%(got)s”.") % {
                "feed": feed, "types": ", ".join(adapter.content_types), "got": content_type[:60] or "-"},
                errors={"Content-Type": [_("Unsupported type.")]})
        raw = request.data if isinstance(request.data, bytes) else request.body
        if not raw:
            raise InvalidInput(_("The message is empty."))
        message, created = services.message_receive(feed=feed, raw=raw, content_type=content_type,
                                                    user=request.user, via=FeedMessage.Via.PUSH)
        if created and message.state == State.RECEIVED:
            message = services.message_process(message_id=message.pk)
        return _push_answer(message, created)


class FeedMessageDetailApi(APIView):
    @extend_schema(operation_id="feeds_message_detail", responses={200: dict})
    def get(self, request, message_id):
        access.require_read(request.user)
        message = FeedMessage.objects.filter(pk=message_id).first()
        if message is None:
            from geo_api.common.errors import NotFound

            raise NotFound(_("There is no feed message %(id)s.") % {"id": message_id})
        items = [selectors.message_json(i) for i in message.items.order_by("id")]
        return Response({**selectors.message_json(message, with_raw=True), "items": items})


class FeedMessageReplayApi(APIView):
    @extend_schema(operation_id="feeds_message_replay", request=dict, responses={200: dict, 409: dict})
    def post(self, request, message_id):
        body = request.data if isinstance(request.data, dict) else {}
        raw = body.get("raw")
        if raw is not None and not isinstance(raw, str):
            raise InvalidInput(_("raw is the fixed payload as text."), errors={"raw": [_("Text.")]})
        message = services.message_replay(message_id=message_id, user=request.user, raw=raw)
        return Response(selectors.message_json(message))


class FeedPullApi(APIView):
    """Pull a feed now (a duty officer does not wait for the schedule)."""

    @extend_schema(operation_id="feeds_pull", request=None, responses={200: dict})
    def post(self, request, feed):
        access.require_operate(request.user)
        adapter = registry.adapter(feed)
        if not adapter.pulls:
            raise InvalidInput(_("The feed “%(feed)s” is pushed by its agency, not pulled.") % {"feed": feed})
        from .adapters.base import TransientError

        try:
            message = services.feed_pull(feed=feed)
        except TransientError as exc:
            from geo_api.common.errors import Conflict

            raise Conflict(_("The agency did not answer: %(error)s") % {"error": str(exc)[:300]}) from None
        return Response({"message": selectors.message_json(message) if message else None,
                         "status": selectors.feed_status(adapter)})
