"""Helpers for live tests: a WebSocket to the real ASGI application, signed in by session cookie,
and the form of an admin change page as a browser would submit it."""
import asyncio
import json
import time
from html.parser import HTMLParser

from channels.testing import WebsocketCommunicator
from django.conf import settings

HEADERS = [(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")]


async def open_socket(client=None, path="/ws/changes/"):
    from geo_api.asgi import application

    headers = list(HEADERS)
    if client is not None:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    return socket


class Frames:
    """Every frame a socket received, stamped when it arrived (a reader task drains the socket
    while the test does other things)."""

    def __init__(self, socket):
        self.socket = socket
        self.frames: list[tuple[float, dict]] = []
        self._arrived = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self):
        # Not receive_json_from: its timeout cancels the application (asgiref's communicator).
        while True:
            message = await self.socket.output_queue.get()
            if message["type"] != "websocket.send":
                return
            self.frames.append((time.monotonic(), json.loads(message["text"])))
            self._arrived.set()

    @property
    def changes(self):
        return [c for _, frame in self.frames for c in frame.get("changes", [])]

    async def _wait(self, remaining) -> None:
        if self.socket.future.done():
            self.socket.future.result()
        self._arrived.clear()
        try:
            await asyncio.wait_for(self._arrived.wait(), remaining)
        except TimeoutError:
            pass

    async def until(self, predicate, timeout=5.0):
        """Wait until a change matching `predicate` arrived; returns it."""
        deadline = time.monotonic() + timeout
        while True:
            for change in self.changes:
                if predicate(change):
                    return change
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no matching change within {timeout} s; got {self.changes}"
            await self._wait(min(remaining, 0.05))

    async def quiet(self, seconds):
        await asyncio.sleep(seconds)

    async def next_frame(self, timeout=5.0):
        count = len(self.frames)
        deadline = time.monotonic() + timeout
        while len(self.frames) == count:
            assert time.monotonic() < deadline, f"no frame within {timeout} s"
            await self._wait(0.05)
        return self.frames[count][1]

    async def close(self):
        self._reader.cancel()
        await self.socket.disconnect()


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.data[self._textarea] = self.data[self._textarea].lstrip("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def admin_form(html: str, form_id: str) -> dict:
    parser = _FormParser(form_id)
    parser.feed(html)
    return parser.data
