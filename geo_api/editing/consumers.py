"""WebSocket /ws/changes/: pushes feature changes of the layers this user may read."""
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from layers.access import can_read
from layers.errors import UnknownLayer
from layers.registry import load_catalog

from .live import GROUP


class ChangesConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def feature_change(self, event):
        change = event["change"]
        if await self._may_read(change["layer"]):
            await self.send_json(change)

    @database_sync_to_async
    def _may_read(self, layer_id):
        try:
            return can_read(self.scope.get("user"), load_catalog().get(layer_id))
        except UnknownLayer:
            return False
