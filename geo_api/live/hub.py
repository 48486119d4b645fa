"""Live updates inside each ASGI worker: LISTEN on PostgreSQL, decide per principal, send to the
worker's own sockets.

Where this runs, and why: an asyncio task inside every ASGI worker process (started by the first
WebSocket that connects), which LISTENs on its own psycopg connection and delivers only to the
sockets of that worker. Every socket is served by exactly one worker, so every change reaches every
socket exactly once with no coordination, for 1 or N uvicorn workers, under `make run`, Daphne and
the tests (channels.testing runs the same code in the test's event loop). Compared with one
`live_listen` process fanning out through the Channels layer:
- nothing extra to start, supervise or elect: no single process whose absence silently stops
  every live map, and no Procfile line;
- Redis is not on the path: when it is down or slow, edits still answer at once (nothing in the
  request path publishes anything; the database trigger raises NOTIFY at commit) and live updates
  keep flowing;
- the row decision runs next to the sockets and once per principal (same roles and token scopes)
  per window, not once per socket.
The price is one PostgreSQL connection per worker (not from the Django pool: LISTEN needs a
session that stays open; pool connections are reset and shared). NOTIFY is raised on the primary,
so workers must connect there, not to a replica.

Robustness: the listener reconnects with backoff (0.5 s up to 10 s) when PostgreSQL restarts or the
network drops (a keep-alive query every 30 s exposes a dead session), and after every reconnect
reads the audit log from its watermark (minus a slack for transactions that took an earlier seq but
committed later; seqs already delivered are skipped), so nothing committed while it was away is
lost. Clients that were offline themselves catch up with /api/changes/?after=<last_seq>.

Coalescing: changes are collected per row (the latest state wins) and flushed at most once every
100 ms (WINDOW, measured from send to send: the low end of the 100-200 ms issue 11 allows). A
decision (10-15 ms at 1,000 phones x 1 Hz, more on a loaded machine) starts early by what the last
ones took, and frames that are ready early wait for the window, so a busy map gets a frame every
100 ms instead of every 100 ms plus a decision. The first change after a quiet spell is flushed at
once, so a fresh position is on the wire within a few milliseconds plus the row decision."""
from __future__ import annotations

import asyncio
import collections
import logging
import time
import weakref

import orjson
import psycopg
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import connections

from geo_api.audit.models import AuditEntry
from layers.access import access_signature
from layers.registry import load_catalog

from .changes import Change, parse_id
from .records import record_tables, visible_records
from .selectors import loaded_tables, visible_changes

log = logging.getLogger(__name__)

CHANNEL = "onemap_changes"
WINDOW = 0.10             # seconds between two frames to one socket, at most
BACKOFF = (0.5, 1, 2, 5, 10)
KEEPALIVE = 30            # seconds without notifications before the session is probed
CATCH_UP_SLACK = 1000     # seqs below the watermark re-read after a reconnect
CATCH_UP_LIMIT = 20000    # more than this missed: every layer reloads instead
READY_WAIT = 3            # a socket waits this long at most for the first LISTEN
USER_REFRESH = 60         # seconds before a socket's roles are read again (revoked roles end)
SEND_TIMEOUT = 5


def _conninfo() -> dict:
    db = connections["default"].settings_dict
    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
              "host": db.get("HOST") or None, "port": db.get("PORT") or None,
              "application_name": "onemap-live", "keepalives": 1, "keepalives_idle": 30,
              "keepalives_interval": 10, "keepalives_count": 3, "connect_timeout": 5}
    return {k: v for k, v in params.items() if v is not None}


class Subscriber:
    """One socket: its user, its topics, how to send a frame (JSON text) to it."""

    def __init__(self, user, topics, send):
        self.user = user
        self.topics = set(topics)
        self.send = send
        self.checked = time.monotonic()
        self._principal = None

    def principal(self):
        """Everything the row decision depends on (layers/access.access_signature); sockets with
        the same principal share one decision per window. It depends on the user only, so it is
        worked out again when refresh() reads the user again, not every window for every socket."""
        if self._principal is None:
            self._principal = access_signature(self.user)
        return self._principal

    def refresh(self) -> None:
        if time.monotonic() - self.checked < USER_REFRESH or not self.user.is_authenticated:
            return
        self.checked = time.monotonic()
        fresh = get_user_model().objects.filter(pk=self.user.pk).first()
        scopes = getattr(self.user, "_onemap_token_scopes", None)
        self.user = fresh or AnonymousUser()
        if scopes is not None:
            self.user._onemap_token_scopes = scopes
        self._principal = None


class Hub:
    def __init__(self, loop):
        self.loop = loop
        self.subscribers: set[Subscriber] = set()
        self.pending: dict[tuple[str, int], Change] = {}
        self.reloads: set[str] = set()
        self.watermark: int | None = None
        self.listening = asyncio.Event()
        self._recent = collections.deque(maxlen=CATCH_UP_SLACK * 10)
        self._recent_set: set[int] = set()
        self._listener: asyncio.Task | None = None
        self._flusher: asyncio.Task | None = None
        self._last_flush = 0.0
        self._lead = 0.0  # how long the last decisions took (moving average): they start that early
        self._tables = {layer.model_class._meta.db_table for layer in load_catalog().all()}
        # Tables of live records (records.py): registered by their apps' ready(), so known here.
        self._watched = self._tables | record_tables()

    # -- sockets --------------------------------------------------------------------------------
    async def join(self, subscriber: Subscriber) -> None:
        if self._listener is None or self._listener.done():
            self._listener = self.loop.create_task(self._listen(), name="onemap-live-listener")
        self.subscribers.add(subscriber)
        try:
            await asyncio.wait_for(self.listening.wait(), READY_WAIT)
        except TimeoutError:
            log.warning("live: not listening yet; this socket gets changes once PostgreSQL answers")

    def leave(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    # -- PostgreSQL -----------------------------------------------------------------------------
    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**_conninfo(), autocommit=True) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    await self._catch_up(conn)
                    attempt = 0
                    self.listening.set()
                    while True:
                        async for notify in conn.notifies(timeout=KEEPALIVE):
                            self._receive(notify.payload)
                        await conn.execute("SELECT 1")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # psycopg.OperationalError mostly; never let the listener die
                delay = BACKOFF[min(attempt, len(BACKOFF) - 1)]
                attempt += 1
                log.warning("live: PostgreSQL session lost (%s); reconnecting in %s s", exc, delay)
                await asyncio.sleep(delay)

    async def _catch_up(self, conn) -> None:
        table = AuditEntry._meta.db_table
        if self.watermark is None:
            cursor = await conn.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            self.watermark = (await cursor.fetchone())[0]
            return
        cursor = await conn.execute(
            f"SELECT id, table_name, row_pk, action, CASE WHEN table_name = '*' THEN changes END "
            f'FROM "{table}" WHERE id > %s ORDER BY id LIMIT %s',
            [max(0, self.watermark - CATCH_UP_SLACK), CATCH_UP_LIMIT + 1])
        rows = await cursor.fetchall()
        if len(rows) > CATCH_UP_LIMIT:
            log.warning("live: more than %s changes missed; every layer reloads", CATCH_UP_LIMIT)
            self.reloads |= self._tables
            self.watermark = rows[-1][0]
            self._schedule()
            return
        for seq, table_name, row_pk, action, values in rows:
            if table_name == "*":
                if seq not in self._recent_set:
                    self._remember(seq)
                    self.reloads |= loaded_tables(values) & self._tables
                    self._schedule()
            else:
                self._accept(seq, table_name, row_pk, action)

    def _receive(self, payload: str) -> None:
        try:
            message = orjson.loads(payload)
            if message.get("action") == "reload":
                if message.get("table") in self._tables and self.subscribers:
                    self.reloads.add(message["table"])
                    self._schedule()
                return
            self._accept(int(message["seq"]), message["table"], message["id"], message["action"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            log.warning("live: ignored a malformed notification %r", payload[:200])

    def _remember(self, seq: int) -> None:
        if len(self._recent) == self._recent.maxlen:
            self._recent_set.discard(self._recent[0])
        self._recent.append(seq)
        self._recent_set.add(seq)
        self.watermark = max(self.watermark or 0, seq)

    def _accept(self, seq: int, table: str, row_pk, action: str) -> None:
        if seq in self._recent_set:
            return
        self._remember(seq)
        row_id = parse_id(row_pk)
        if table not in self._watched or row_id is None or not self.subscribers:
            return
        change = Change(table, row_id, action, seq, seq)
        key = (table, row_id)
        self.pending[key] = self.pending[key].merged(change) if key in self.pending else change
        self._schedule()

    # -- frames ---------------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = self.loop.create_task(self._flush(self._until_next()))

    def _until_next(self) -> float:
        """Seconds until the next decision starts: early by what a decision takes, so that its
        frames leave WINDOW after the previous ones instead of WINDOW plus the decision."""
        return max(0.0, self._last_flush + WINDOW - self._lead - self.loop.time())

    async def _flush(self, delay: float) -> None:
        await asyncio.sleep(delay)
        while self.pending or self.reloads:
            changes, reloads = sorted(self.pending.values(), key=lambda c: c.seq), self.reloads
            self.pending, self.reloads = {}, set()
            try:
                await self._deliver(changes, reloads)
            except Exception:
                log.exception("live: could not decide who sees %s changes; retrying", len(changes))
                for change in changes:
                    key = (change.table, change.id)
                    self.pending[key] = change.merged(self.pending[key]) if key in self.pending else change
                self.reloads |= reloads
                await asyncio.sleep(1)
                continue
            wait = self._until_next()
            if wait > 0 and (self.pending or self.reloads):
                await asyncio.sleep(wait)

    async def _deliver(self, changes, reloads) -> None:
        subscribers = [(s, frozenset(s.topics)) for s in self.subscribers]
        if not subscribers:
            self._last_flush = self.loop.time()
            return
        started = self.loop.time()
        frames = await database_sync_to_async(_frames, thread_sensitive=False)(
            subscribers, changes, reloads, self.watermark)
        self._lead = min(WINDOW / 2, 0.7 * self._lead + 0.3 * (self.loop.time() - started))
        # The window is measured from send to send: two frames to one socket are WINDOW apart
        # however long a decision took (one that ended early waits for it).
        while (hold := self._last_flush + WINDOW - self.loop.time()) > 0:
            await asyncio.sleep(hold)
        self._last_flush = self.loop.time()
        # One deadline for the window's sends (they start together), not a timer per socket.
        try:
            async with asyncio.timeout(SEND_TIMEOUT):
                await asyncio.gather(*(self._send(s, frame) for s, frame in frames))
        except TimeoutError:
            log.info("live: a frame was not sent within %s s (a stuck socket)", SEND_TIMEOUT)

    @staticmethod
    async def _send(subscriber, frame) -> None:
        try:
            await subscriber.send(frame)
        except Exception as exc:  # a closed socket; its disconnect removes it
            log.info("live: frame not sent: %s", exc)


def _frames(subscribers, changes, reloads, last_seq) -> list[tuple[Subscriber, str]]:
    """One layer decision per principal and one record decision per user (a record may be
    addressed to one person), then each socket's share by topic (runs in a thread). Sockets with
    the same decision and the same topics among those of the window's messages share one encoded
    frame: a wall of commanders has one frame, although every socket has its own `user.<id>`
    topic (at 1,000 responders a window holds ~150 changes, the same for 50 sockets)."""
    memo, decided, records, encoded, out = {}, {}, {}, {}, []
    record_changes = [c for c in changes if c.table in record_tables()]
    for subscriber, topics in subscribers:
        subscriber.refresh()
        key = subscriber.principal()
        if key not in decided:
            decided[key] = _split(visible_changes(subscriber.user, changes, reloads, memo=memo, records=False))
        person = getattr(subscriber.user, "pk", None)
        if record_changes and person not in records:
            records[person] = _split(visible_records(subscriber.user, record_changes, memo=memo))
        messages, window_topics = decided[key]
        if record_changes:
            own, own_topics = records[person]
            messages, window_topics = [*messages, *own], window_topics | own_topics
        share = (key, person if record_changes else None, topics & window_topics)
        if share not in encoded:
            items = [message for message, on in messages if on & topics]
            encoded[share] = orjson.dumps({"changes": items, "last_seq": last_seq}).decode() if items else None
        if encoded[share] is not None:
            out.append((subscriber, encoded[share]))
    return out


def _split(messages: list[dict]) -> tuple[list[tuple[dict, set]], frozenset]:
    """Each message without its topics, with them; and every topic of these messages (a socket's
    other topics cannot change what it is sent)."""
    pairs = [({k: v for k, v in m.items() if k != "topics"}, m["topics"]) for m in messages]
    return pairs, frozenset().union(*(on for _, on in pairs))


_hubs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """The hub of the running event loop (one per worker process; tests run one loop per test)."""
    loop = asyncio.get_running_loop()
    if loop not in _hubs:
        _hubs[loop] = Hub(loop)
    return _hubs[loop]
