"""A fault-injecting TCP proxy between a window and PostgreSQL, for the sync fault tests.

It listens on 127.0.0.1 only, forwards to one upstream, and understands just enough of the
PostgreSQL wire protocol (message framing) to fault at meaningful moments: after the server
committed a batch, mid-COPY, on the COMMIT request. Bounded: at most ``max_connections`` at
once, every wait has a time limit, and ``stop()`` closes everything.

Faults (set ``proxy.fault``; each fires ``times`` times, then the proxy forwards faithfully):
- ``Fault("refuse")``: new connections are closed at once, before a byte is read;
- ``Fault("html")``: a captive portal: every new connection gets an HTTP 200 HTML page;
- ``Fault("reset", after_bytes=N)``: reset (RST) both sides once the client sent N bytes;
- ``Fault("reset_on_copy", copy_messages=N)``: reset after the client's N-th CopyData message;
- ``Fault("drop_commit_answer")``: the server's "COMMIT" completion of a batch (a transaction
  that carried COPY data) is swallowed and both sides closed: the server committed, the
  client never hears it;
- ``Fault("stall_commit", seconds=S)``: a batch's COMMIT is held S seconds and delivered
  afterwards even if the client gave up meanwhile (stall, then late delivery);
- ``Fault("pause_on_copy", copy_messages=N)``: after the N-th CopyData message the client's
  traffic is held; ``paused`` is set; the test acts (e.g. terminates the backend), then calls
  ``release()``.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass

HTML = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n"
    b"<html><head><title>Wi-Fi login</title></head><body>Please sign in to continue"
    b"</body></html>\r\n"
)
SSL_REQUEST, GSS_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
WAIT = 30.0  # no proxy wait lasts longer than this


@dataclass
class Fault:
    kind: str
    times: int = 1
    after_bytes: int = 0
    copy_messages: int = 1
    seconds: float = 0.0


class _Framer:
    """Split a byte stream into PostgreSQL messages (the first one untyped when ``startup``)."""

    def __init__(self, startup: bool) -> None:
        self.buf = bytearray()
        self.startup = startup
        self.raw = False  # after TLS starts: no more framing

    def feed(self, data: bytes) -> list[tuple[bytes, bytes]]:
        """Returns (type, whole message) pairs; type b"" for untyped and raw chunks."""
        if self.raw:
            return [(b"", data)]
        self.buf += data
        out = []
        while True:
            if self.startup:
                if len(self.buf) < 4:
                    break
                (length,) = struct.unpack("!i", self.buf[:4])
                if len(self.buf) < length:
                    break
                msg = bytes(self.buf[:length])
                del self.buf[:length]
                code = struct.unpack("!i", msg[4:8])[0] if length >= 8 else 0
                # SSL/GSS requests are followed by another untyped start-up message.
                self.startup = code in (SSL_REQUEST, GSS_REQUEST)
                out.append((b"", msg))
                continue
            if len(self.buf) < 5:
                break
            (length,) = struct.unpack("!i", self.buf[1:5])
            if len(self.buf) < 1 + length:
                break
            msg = bytes(self.buf[: 1 + length])
            del self.buf[: 1 + length]
            out.append((msg[:1], msg))
        return out


class FaultProxy:
    def __init__(
        self, upstream_host: str, upstream_port: int, *, max_connections: int = 32
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.max_connections = max_connections
        self.fault: Fault | None = None
        self.fired = 0
        self.connections = 0
        self.paused = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._slots = asyncio.Semaphore(max_connections)
        self._tasks: set[asyncio.Task[None]] = set()
        self._states: dict[int, dict[str, bool]] = {}
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="fault-proxy", daemon=True
        )
        self.port = 0

    # ---- control (from the test's thread) -------------------------------------------------

    def start(self) -> FaultProxy:
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        self._release.set()
        with contextlib.suppress(Exception):
            self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_fault(self, fault: Fault | None) -> None:
        with self._lock:
            self.fault, self.fired = fault, 0
            self.paused.clear()
            self._release.clear()

    def release(self) -> None:
        self._release.set()

    def url(self, window_url: str) -> str:
        """The window's URL pointed at the proxy (plaintext: the proxy must read the stream)."""
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(window_url)
        netloc = f"{parts.username}@127.0.0.1:{self.port}"
        query = "sslmode=disable&gssencmode=disable"
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))

    def _call(self, coro: object) -> object:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(WAIT)  # type: ignore[arg-type]

    def _take(self, kind: str, check: Callable[[Fault], bool] = lambda f: True) -> Fault | None:
        """The active fault of this kind if it should fire now (counts the firing)."""
        with self._lock:
            f = self.fault
            if f is None or f.kind != kind or self.fired >= f.times or not check(f):
                return None
            self.fired += 1
            return f

    # ---- the proxy (on its own loop) --------------------------------------------------------

    def _state(self, client: asyncio.StreamWriter) -> dict[str, bool]:
        """Per-connection state both directions see: did this transaction carry COPY data?
        (Commit faults aim at batch transactions, not at session set-up.)"""
        return self._states.setdefault(id(client), {"copying": False})

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            async with self._slots:
                self.connections += 1
                await self._serve(reader, writer)
        except (TimeoutError, ConnectionError, OSError):
            pass
        finally:
            self._tasks.discard(task)
            self._states.pop(id(writer), None)
            _reset(writer)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._take("refuse"):
            return
        if self._take("html"):
            await asyncio.wait_for(reader.read(1024), WAIT)  # the start-up message
            writer.write(HTML)
            await writer.drain()
            writer.close()
            return
        up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.upstream), WAIT)
        try:
            c2s = asyncio.create_task(self._client_to_server(reader, up_writer, writer))
            s2c = asyncio.create_task(self._server_to_client(up_reader, writer, up_writer))
            _done, pending = await asyncio.wait({c2s, s2c}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                if task is c2s and not c2s.done():
                    # the server closed: let the client side finish a held late delivery
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(task, WAIT)
                else:
                    task.cancel()
        finally:
            _reset(up_writer)

    async def _client_to_server(
        self, reader: asyncio.StreamReader, up: asyncio.StreamWriter, client: asyncio.StreamWriter
    ) -> None:
        framer = _Framer(startup=True)
        sent = copies = 0
        state = self._state(client)
        held: list[bytes] = []
        hold_until = 0.0
        loop = asyncio.get_running_loop()
        while True:
            try:
                data = await reader.read(65536)
            except (ConnectionError, OSError):
                data = b""  # the client gave up (its watchdog shut the socket)
            if not data:
                break
            for kind, msg in framer.feed(data):
                if kind == b"d":
                    state["copying"] = True
                    copies += 1
                    if self._take("reset_on_copy", lambda f, c=copies: c >= f.copy_messages):
                        _reset(client)
                        _reset(up)
                        return
                    if self._take("pause_on_copy", lambda f, c=copies: c >= f.copy_messages):
                        self.paused.set()
                        await loop.run_in_executor(None, self._release.wait, WAIT)
                if kind == b"Q" and msg[5:11].upper() == b"COMMIT" and state["copying"]:
                    stall = self._take("stall_commit")
                    if stall is not None:
                        held.append(msg)
                        hold_until = loop.time() + stall.seconds
                        continue
                if held:
                    held.append(msg)
                    continue
                sent += len(msg)
                if self._take("reset", lambda f, s=sent: s >= f.after_bytes):
                    _reset(client)
                    _reset(up)
                    return
                up.write(msg)
            await up.drain()
        if held:  # late delivery: the client has given up, the request still arrives
            await asyncio.sleep(max(0.0, hold_until - loop.time()))
            for msg in held:
                up.write(msg)
            await up.drain()
            await asyncio.sleep(0.5)  # let the server act before the connection closes

    async def _server_to_client(
        self,
        up_reader: asyncio.StreamReader,
        client: asyncio.StreamWriter,
        up: asyncio.StreamWriter,
    ) -> None:
        framer = _Framer(startup=False)
        state = self._state(client)
        while True:
            data = await up_reader.read(65536)
            if not data:
                break
            for kind, msg in framer.feed(data):
                if kind == b"C" and msg[5:11] == b"COMMIT":
                    batch, state["copying"] = state["copying"], False
                    if batch and self._take("drop_commit_answer"):
                        _reset(client)
                        _reset(up)
                        return
                client.write(msg)
            await client.drain()
        with contextlib.suppress(Exception):
            client.close()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST, as a broken middlebox or a pulled cable would."""
    with contextlib.suppress(Exception):
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
