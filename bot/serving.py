"""How `overdue-bot serve` runs uvicorn: read timeouts, bounded connections, bounded shutdown."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

logger = logging.getLogger("bot.server")

READ_TIMEOUT = 10.0  # seconds a client has to send its headers and body (WeChat waits 5)
KEEP_ALIVE = 5  # seconds an idle keep-alive connection stays open
SHUTDOWN_TIMEOUT = 5  # seconds SIGTERM waits for requests in flight before cancelling them
MAX_CONNECTIONS = 2000  # open connections; beyond them, 503 at once (mind `ulimit -n`)
READ_TIMEOUT_VARIABLE = "OVERDUE_BOT_SERVE_READ_TIMEOUT"


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request is not in after a timeout.

    uvicorn has a keep-alive timeout but none for reading a request: a client trickling its
    headers or body one byte at a time would hold the connection (and SIGTERM) forever.
    """

    read_timeout = READ_TIMEOUT
    _read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:  # noqa: D102 - uvicorn's interface
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:  # noqa: D102 - the next request's clock starts
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:  # noqa: D102
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None
        super().connection_lost(exc)

    def shutdown(self) -> None:
        """On SIGTERM: drop a request still being received, finish those being answered."""
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            self.transport.close()  # its handler sees the disconnect and ends at once
            return
        super().shutdown()

    def _arm(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
        self._read_timer = self.loop.call_later(self.read_timeout, self._read_timed_out)

    def _read_timed_out(self) -> None:
        self._read_timer = None
        if self.transport.is_closing():
            return
        # IDLE: headers not complete; SEND_BODY: body not complete. DONE: the app is answering.
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            if self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
                # (a handler reading a body logs the disconnect itself)
                logger.info("closed a connection: headers not received in %gs", self.read_timeout)
            self.transport.close()


class WorkerH11Protocol(TimedH11Protocol):
    """The same in each worker of `serve --workers N`: spawned workers get the protocol by its
    import path (a class made at run time cannot be sent to them), the timeout by the
    environment."""

    read_timeout = float(os.environ.get(READ_TIMEOUT_VARIABLE, READ_TIMEOUT))


def config(
    app: Any,
    host: str,
    port: int,
    log_level: str = "info",
    read_timeout: float = READ_TIMEOUT,
    shutdown_timeout: int = SHUTDOWN_TIMEOUT,
    workers: int = 1,
) -> uvicorn.Config:
    """The uvicorn configuration every server of this project runs with (tests too).

    With `workers` > 1, `app` is the import path of an app factory."""
    protocol: Any = type("TimedH11", (TimedH11Protocol,), {"read_timeout": read_timeout})
    if workers > 1:
        os.environ[READ_TIMEOUT_VARIABLE] = str(read_timeout)
        protocol = f"{__name__}:WorkerH11Protocol"
    return uvicorn.Config(
        app,
        factory=isinstance(app, str),
        workers=workers,
        proxy_headers=False,  # nothing reads the client's address: X-Forwarded-For not parsed
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,  # request lines carry WeChat's openid and bridges' tokens
        http=protocol,
        timeout_keep_alive=KEEP_ALIVE,
        timeout_graceful_shutdown=shutdown_timeout,
        limit_concurrency=MAX_CONNECTIONS,
        lifespan="on",
    )
