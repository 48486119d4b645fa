"""WebSocket /ws/changes/: frames {"changes": [{seq, layer, id, action}], "last_seq": N}.

A socket subscribes to topics (changes.py): by default `layer.<id>` for every layer its user may
read and `user.<own id>`; `?event=<id>` (repeatable) adds an event's topic and `?layers=a,b` narrows
the layer topics. Later, {"subscribe": [...]} / {"unsubscribe": [...]} change them; the answer is
{"topics": [...], "refused": [...]}. Whatever the topics, a change reaches the socket only if its
user may read that row (selectors.visible_changes)."""
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from layers.access import can_read
from layers.errors import UnknownLayer
from layers.registry import load_catalog

from .hub import Subscriber, hub

MAX_TOPICS = 200


def _allowed(user, topic: str) -> bool:
    kind, _, key = topic.partition(".")
    if kind == "layer":
        try:
            return can_read(user, load_catalog().get(key))
        except UnknownLayer:
            return False
    if kind == "event":
        return key.isdigit()
    if kind == "user":
        return bool(user and user.is_authenticated and key == str(user.pk))
    return False


def _initial_topics(user, query: dict) -> set[str]:
    wanted_layers = {name for value in query.get("layers", []) for name in value.split(",") if name}
    topics = {f"layer.{layer.id}" for layer in load_catalog().all()
              if (not wanted_layers or layer.id in wanted_layers) and can_read(user, layer)}
    topics |= {f"event.{e}" for e in query.get("event", []) if e.isdigit()}
    if user and user.is_authenticated:
        topics.add(f"user.{user.pk}")
    return topics


class ChangesConsumer(AsyncJsonWebsocketConsumer):
    # Changes come from the worker's hub (hub.py), not from the Channels layer: with no layer this
    # socket never touches Redis, so it stays open and keeps receiving while Redis is down.
    channel_layer_alias = "live-needs-no-channel-layer"

    async def connect(self):
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        user = self.scope.get("user")
        topics = await database_sync_to_async(_initial_topics)(user, query)
        self.subscriber = Subscriber(user, topics, self.send_text)
        # Joined before the socket opens: once the client sees it open, the worker is listening
        # and nothing committed afterwards is missed.
        await hub().join(self.subscriber)
        await self.accept()

    async def send_text(self, text: str) -> None:
        """A frame the hub encoded once for every socket that shares it."""
        await self.send(text_data=text)

    async def disconnect(self, code):
        subscriber = getattr(self, "subscriber", None)
        if subscriber is not None:
            hub().leave(subscriber)

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        refused = []
        for verb in ("subscribe", "unsubscribe"):
            topics = content.get(verb) or []
            if not isinstance(topics, list):
                refused.append(verb)
                continue
            for topic in topics[:MAX_TOPICS]:
                if not isinstance(topic, str):
                    continue
                if verb == "unsubscribe":
                    self.subscriber.topics.discard(topic)
                elif len(self.subscriber.topics) < MAX_TOPICS and await database_sync_to_async(_allowed)(
                        self.subscriber.user, topic):
                    self.subscriber.topics.add(topic)
                else:
                    refused.append(topic)
        await self.send_json({"topics": sorted(self.subscriber.topics), "refused": refused})
