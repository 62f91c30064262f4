"""A real uvicorn server on 127.0.0.1 in a thread, and helpers to sign requests to it."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bot import serving
from bot.engine import Engine
from bot.server import create_app
from bot.settings import Settings, WeChatAccount
from bot.wechat_crypto import sha1_signature

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "test-token-9f3k"
AES_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
APP_ID = "wx49f0ab532d5d035a"
CORP_ID = "ww1a2b3c4d5e6f7a8b"
BRIDGE_SECRET = "bridge-secret-for-tests-0123456789"

SETTINGS = Settings(
    wechat=WeChatAccount(token=TOKEN, aes_key=AES_KEY, receive_id=APP_ID),
    wecom=WeChatAccount(token=TOKEN, aes_key=AES_KEY, receive_id=CORP_ID),
    bridge_secret=BRIDGE_SECRET,
    log_salt=b"tests",
)


# No answer in the knowledge base outgrows a WeChat reply; this question gets one that does.
LONG_QUESTION = "请给一个超长的回答"
LONG_ANSWER = "\n".join(f"第{i}段：逾期以后先别慌，联系平台协商还款。" for i in range(1, 80))


class CountingEngine(Engine):
    """The real engine, counting the texts it was asked to answer (from any thread)."""

    def __init__(self, base: Engine) -> None:
        super().__init__(base.kb)
        self.asked: Counter[str] = Counter()
        self._lock = threading.Lock()

    def answer(self, message: str, user: str | None = None, today: Any = None) -> Any:
        with self._lock:
            self.asked[message] += 1
        reply = super().answer(message, user=user, today=today)
        return replace(reply, answer=LONG_ANSWER) if message == LONG_QUESTION else reply


@contextmanager
def serve(engine: Engine, settings: Settings = SETTINGS, app: Any = None) -> Iterator[str]:
    """Run the app (or `app`) on a free loopback port for the block; yields its base URL."""
    app = create_app(engine, settings) if app is None else app
    server = uvicorn.Server(serving.config(app, "127.0.0.1", 0, "warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Live:
    """A running server: its URL, its counting engine, a client bound to it."""

    url: str
    engine: CountingEngine
    client: httpx.Client


@contextmanager
def live_app(engine: Engine) -> Iterator[Live]:
    """The full app (every endpoint on) with a counting copy of `engine`, for a test module."""
    counting = CountingEngine(engine)
    with serve(counting) as url, httpx.Client(base_url=url, timeout=10) as client:
        yield Live(url, counting, client)


def signed_query(token: str = TOKEN, timestamp: int | None = None, nonce: str = "1234") -> dict:
    """timestamp, nonce and the plain-mode signature of an Official Account request."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"timestamp": ts, "nonce": nonce, "signature": sha1_signature(token, ts, nonce)}


def wechat_xml(name: str, openid: str, content: str = "", msg_id: str = "1") -> str:
    """A message from tests/fixtures/wechat with its placeholders filled in."""
    text = (FIXTURES / "wechat" / name).read_text(encoding="utf-8")
    return text.replace("OPENID", openid).replace("CONTENT", content).replace("MSGID", msg_id)


def fixture_json(*parts: str) -> Any:
    """A JSON file under tests/fixtures."""
    return json.loads(FIXTURES.joinpath(*parts).read_text(encoding="utf-8"))
