"""A real uvicorn server for the HTTP fuzz suites: every endpoint on, its log watched."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
from live_server import AES_KEY, APP_ID, BRIDGE_SECRET, CORP_ID, SETTINGS, TOKEN, serve

from bot import server
from bot.bridge import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, url_token
from bot.engine import Engine
from bot.settings import Settings
from bot.wechat_crypto import MessageCrypt, sha1_signature
from bot.wechat_xml import parse

TELEGRAM_SECRET = "fuzz-telegram-secret"
TELEGRAM = Settings(telegram_bot_token="123456:FUZZ-token", telegram_webhook_secret=TELEGRAM_SECRET)
# No rate limit in the way: the fuzz checks that every input gets its own answer.
FUZZ_SETTINGS = replace(SETTINGS, rate=10_000.0, burst=10_000)


def marker(text: str) -> str:
    """What the fuzz engine puts first in its answer to `text`, to tell replies apart."""
    return "⟦" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10] + "⟧"


class MarkingEngine(Engine):
    """The real engine, its answer prefixed with a marker of the question it answers."""

    def answer(self, message: str, user: str | None = None, today: Any = None) -> Any:
        reply = super().answer(message, user=user, today=today)
        return replace(reply, answer=marker(message) + reply.answer)


class LogWatch(logging.Handler):
    """Collects every record of the server's loggers, from any thread."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock:
            self.records.append(record)

    def problems(self) -> list[str]:
        """Records that are errors or carry a traceback."""
        with self._lock:
            return [
                f"{r.name} {r.levelname} {r.getMessage()}"
                for r in self.records
                if r.levelno >= logging.ERROR or r.exc_info or "Traceback" in r.getMessage()
            ]


@dataclass
class FuzzServer:
    """The running app, a client bound to it, and its log."""

    url: str
    client: httpx.Client
    log: LogWatch
    crypt: MessageCrypt = field(default_factory=lambda: MessageCrypt(TOKEN, AES_KEY, APP_ID))
    wecom: MessageCrypt = field(default_factory=lambda: MessageCrypt(TOKEN, AES_KEY, CORP_ID))

    def alive(self) -> None:
        """The server still answers, and its log holds no error and no traceback."""
        assert self.client.get("/healthz").text == "ok"
        assert not self.log.problems(), self.log.problems()


@contextmanager
def fuzz_server(engine: Engine) -> Iterator[FuzzServer]:
    """Every endpoint (the Telegram webhook's route too, its application never started)."""
    app = server.create_app(MarkingEngine(engine.kb), FUZZ_SETTINGS)
    state, _, _ = server.shared_state(TELEGRAM)
    telegram_routes, _ = server._telegram(engine, TELEGRAM, state)  # no lifespan: no API calls
    app.router.routes.extend(telegram_routes)
    watch = LogWatch()
    with serve(engine, FUZZ_SETTINGS, app=app) as url:
        loggers = [logging.getLogger(n) for n in ("", "uvicorn", "uvicorn.error", "asyncio")]
        for logger in loggers:
            logger.addHandler(watch)
        try:
            with httpx.Client(base_url=url, timeout=20) as client:
                yield FuzzServer(url, client, watch)
        finally:
            for logger in loggers:
                logger.removeHandler(watch)


# -- requests, signed or not --------------------------------------------------------


def now() -> str:
    return str(int(time.time()))


def wechat_query(timestamp: str | None = None, nonce: str = "n1", token: str = TOKEN) -> dict:
    ts = now() if timestamp is None else timestamp
    return {"timestamp": ts, "nonce": nonce, "signature": sha1_signature(token, ts, nonce)}


def bridge_headers(body: bytes, timestamp: str | None = None) -> dict[str, bytes]:
    ts = now() if timestamp is None else timestamp
    ts = ts.encode("latin-1", "replace").decode("latin-1").strip()  # what a header can carry
    signature = sign(BRIDGE_SECRET, ts, body).encode()
    return {TIMESTAMP_HEADER: ts.encode("latin-1"), SIGNATURE_HEADER: signature}


def token(adapter: str) -> dict[str, str]:
    return {"token": url_token(BRIDGE_SECRET, adapter)}


def to_json(data: Any) -> bytes:
    """JSON with lone surrogates escaped as \\udXXX, as a careless bridge would send them."""
    return json.dumps(data, ensure_ascii=True).encode()


def check_reply(path: str, response: httpx.Response, sender: str | None = None) -> None:
    """No 5xx; a 200 carries one well-formed reply of the endpoint's shape."""
    assert response.status_code < 500, (path, response.status_code, response.text[:200])
    if response.status_code != 200:
        return
    if path in ("/wechat", "/wecom"):
        if response.text in ("success", ""):
            return
        msg = parse(response.content)
        assert msg.get("Content") or msg.get("Encrypt")
        if sender is not None and "Content" in msg:
            assert msg["ToUserName"] == sender
    elif path in ("/bridge", "/bridge/gewechat"):
        data = response.json()
        assert set(data) == {"reply"} and (data["reply"] is None or isinstance(data["reply"], str))
    elif path == "/bridge/wechatbot":
        data = response.json()
        assert data == {"success": False} or (
            data["success"] is True and data["data"]["type"] == "text"
            and isinstance(data["data"]["content"], str)
        )
