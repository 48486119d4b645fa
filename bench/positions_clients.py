"""The bench/positions.py clients: a phone's keep-alive HTTP connection, and the 50 map clients'
sockets, run in a process of their own (spawned by positions.run) so that a frame's arrival is not
stamped late by the phones' busy event loop."""
from __future__ import annotations

import asyncio
import os
import time


class Http:
    """One keep-alive HTTP/1.1 connection, as a phone holds one (no client library needed)."""

    def __init__(self, port: int, cookie: str, csrf: str):
        self.port, self.cookie, self.csrf = port, cookie, csrf
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nCookie: {self.cookie}\r\nX-CSRFToken: {self.csrf}\r\n\r\n")
        self.writer.write(head.encode() + body)
        # The whole head in one read (a line at a time cost the bench client, which shares the
        # 2 cores with the server, a tenth of its CPU).
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            raise ConnectionError("closed") from None
        lines = head.decode("latin-1").split("\r\n")
        status_line, length = lines[0], 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
            if name.lower() == "connection" and value.strip().lower() == "close":
                self.writer = None
        answer = await self.reader.readexactly(length)
        return (int(status_line.split()[1]) if status_line else 0), answer


def loop_factory():
    """uvloop, as the server runs on: the bench client shares the 2 cores with the server, and
    asyncio's own loop cost it ~1/3 more CPU (BENCH_ASYNCIO=1 to compare)."""
    if os.environ.get("BENCH_ASYNCIO"):
        return None
    import uvloop

    return uvloop.new_event_loop


def listeners_main(port: int, sessions: list[str], rows: list[int], pipe) -> None:
    """The 50 map clients, in a process of their own (spawned by run()): in the phones' process
    their frames waited behind 1,000 HTTP connections on one event loop, and that wait was counted
    as the server's latency. Says "ready" once every socket is open, listens until "stop", then
    sends back what arrived."""
    asyncio.run(_listeners(port, sessions, frozenset(rows), pipe), loop_factory=loop_factory())


def _heard(arrays, arrival: float, row: int, seq: int) -> None:
    arrays[0].append(arrival)
    arrays[1].append(row)
    arrays[2].append(seq)


async def _listeners(port: int, sessions: list[str], rows: frozenset, pipe) -> None:
    import orjson
    import websockets

    from array import array

    # Per socket: arrival, row id, seq of each change heard, in flat arrays. As a list of tuples
    # a 5-minute run held 15 million of them: the garbage collector's passes over them stalled
    # this process, and the stalls were counted as the server's latency (p95 616 ms at 300 s
    # against ~220 ms at 60 s, with the server's CPU per sample unchanged).
    received = [(array("d"), array("q"), array("q")) for _ in sessions]
    reloads = [0]
    stop = asyncio.Event()

    async def listen(index: int, session: str, ready: asyncio.Event):
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/changes/", max_size=None,
                                      additional_headers={"Cookie": f"sessionid={session}",
                                                          "Origin": f"http://127.0.0.1:{port}"}) as ws:
            ready.set()
            while not stop.is_set():
                try:
                    text = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    continue
                arrival = time.time()
                # orjson: the 50 map clients share the 2 cores with the server; json cost them ~2x.
                frame = orjson.loads(text)
                for change in frame.get("changes", []):
                    if change.get("layer") == "personnel_positions":
                        if change.get("action") == "reload":
                            # Too many writes in one window: the client refetches the layer, so it
                            # has every change up to the frame's last_seq (row 0 = all rows).
                            reloads[0] += 1
                            _heard(received[index], arrival, 0, frame.get("last_seq") or 0)
                        elif change.get("id") in rows and change.get("seq"):
                            _heard(received[index], arrival, change["id"], change["seq"])

    readies = [asyncio.Event() for _ in sessions]
    tasks = [asyncio.create_task(listen(i, s, readies[i])) for i, s in enumerate(sessions)]
    await asyncio.wait_for(asyncio.gather(*[r.wait() for r in readies]), 60)
    pipe.send("ready")
    await asyncio.to_thread(pipe.recv)  # "stop"
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    pipe.send({"received": received, "reloads": reloads[0]})
