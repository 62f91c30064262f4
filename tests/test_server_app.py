"""create_app and `overdue-bot serve`: endpoints follow the settings; bad settings exit 2."""

from __future__ import annotations

import sys
import types
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from live_server import SETTINGS
from starlette.responses import PlainTextResponse
from starlette.routing import Route

import bot
from bot import server
from bot.engine import Engine
from bot.serving import TimedH11Protocol
from bot.settings import VARIABLES, Settings


@pytest.fixture()
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


async def get(app: Any, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        return await client.get(path)


async def test_only_configured_endpoints_exist(fresh_engine: Engine) -> None:
    bare = server.create_app(fresh_engine, Settings())
    assert (await get(bare, "/healthz")).text == "ok"
    for path in ("/wechat", "/wecom", "/bridge", "/telegram"):
        assert (await get(bare, path)).status_code == 404
    full = server.create_app(fresh_engine, SETTINGS)
    assert (await get(full, "/wechat")).status_code == 400  # there, and wanting its parameters
    assert (await get(full, "/bridge")).status_code == 405


def test_main_refuses_a_half_configured_endpoint(
    clean_environ: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_environ.setenv("WECHAT_AES_KEY", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR")
    assert server.main([]) == 2
    assert "WECHAT_TOKEN" in capsys.readouterr().err


def test_main_refuses_to_serve_nothing(
    clean_environ: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert server.main([]) == 2
    assert "nothing to serve" in capsys.readouterr().err


def test_main_runs_uvicorn_without_an_access_log(
    clean_environ: pytest.MonkeyPatch, fresh_engine: Engine
) -> None:
    import uvicorn

    clean_environ.setenv("WECHAT_TOKEN", "token")
    clean_environ.setattr(server.Engine, "from_faq", classmethod(lambda cls, faq: fresh_engine))
    configs: list[uvicorn.Config] = []

    def run(self: uvicorn.Server) -> None:
        configs.append(self.config)
        self.started = True

    clean_environ.setattr(uvicorn.Server, "run", run)
    # `overdue-bot serve -- --port 9000` passes the "--" through.
    assert server.main(["--", "--host", "0.0.0.0", "--port", "9000", "--read-timeout", "3"]) == 0
    (config,) = configs
    assert (config.host, config.port, config.log_level, config.access_log) == (
        "0.0.0.0", 9000, "info", False,
    )
    assert config.timeout_graceful_shutdown == 5 and config.limit_concurrency
    assert issubclass(config.http, TimedH11Protocol) and config.http.read_timeout == 3
    assert not config.proxy_headers  # nothing reads the client's address


def fake_telegram(events: list[Any]) -> types.ModuleType:
    """A stand-in for bot.telegram_bot with exactly the interface the server uses."""
    module = types.ModuleType("bot.telegram_bot")

    class TelegramSettings:
        @classmethod
        def from_env(cls, environ: dict[str, str], **overrides: Any) -> Any:
            events.append(("settings", dict(environ), overrides))
            return types.SimpleNamespace(
                webhook_secret=environ["TELEGRAM_WEBHOOK_SECRET"],
                webhook_url=environ["TELEGRAM_WEBHOOK_URL"] or None,
            )

    def build_application(
        engine: Engine, settings: Any, *, polling: bool = True, state: Any = None, **hooks: Any
    ) -> str:
        events.append(("build", polling))
        assert state is not None  # the server's own state: rate limits and context shared
        assert set(hooks) == {"curator", "reloader"}
        return "application"

    def webhook_routes(application: str, secret: str, path: str = "/telegram") -> list[Route]:
        return [Route(path, lambda request: PlainTextResponse(f"{application} {secret}"))]

    @asynccontextmanager
    async def webhook_lifespan(application: str, url: str | None, secret: str) -> AsyncIterator:
        events.append(("start", application, url, secret))
        yield
        events.append(("stop",))

    module.__dict__.update(
        TelegramSettings=TelegramSettings, build_application=build_application,
        webhook_routes=webhook_routes, webhook_lifespan=webhook_lifespan,
    )
    return module


@pytest.fixture()
def events(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What the stand-in Telegram front end was asked to do, installed as bot.telegram_bot."""
    calls: list[Any] = []
    fake = fake_telegram(calls)
    monkeypatch.setitem(sys.modules, "bot.telegram_bot", fake)
    monkeypatch.setattr(bot, "telegram_bot", fake, raising=False)
    return calls


async def test_telegram_webhook_is_mounted_with_its_lifespan(
    fresh_engine: Engine, events: list[Any]
) -> None:
    settings = Settings(
        telegram_bot_token="1:abc", telegram_webhook_secret="hook-secret",
        telegram_webhook_url="https://bot.example.org/telegram", log_salt=b"s",
    )
    app = server.create_app(fresh_engine, settings)
    assert (await get(app, "/telegram")).text == "application hook-secret"
    async with app.router.lifespan_context(app):
        assert events[-1] == ("start", "application", "https://bot.example.org/telegram",
                              "hook-secret")
    assert events[0] == (
        "settings",
        {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "hook-secret",
         "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram", "TELEGRAM_BASE_URL": ""},
        {"salt": b"s"},
    )
    assert events[1] == ("build", False) and events[-1] == ("stop",)


async def test_telegram_is_not_touched_when_not_configured(
    fresh_engine: Engine, events: list[Any]
) -> None:
    app = server.create_app(fresh_engine, Settings(telegram_bot_token="1:abc"))
    assert (await get(app, "/telegram")).status_code == 404
    assert events == []


async def test_the_real_telegram_front_end_mounts(fresh_engine: Engine) -> None:
    # No lifespan here (it would call the Bot API): the route alone, refusing a stranger.
    settings = Settings(telegram_bot_token="123456:ABC-test", telegram_webhook_secret="s3cret")
    app = server.create_app(fresh_engine, settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        assert (await client.post("/telegram", json={"update_id": 1})).status_code == 403
