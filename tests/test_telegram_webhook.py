"""Webhook mode: the update route behind a real uvicorn on 127.0.0.1, the Bot API a stand-in."""

from __future__ import annotations

import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fake_bot_api import FakeBotApi, serving
from starlette.applications import Starlette
from telegram.error import InvalidToken

from bot.engine import Engine
from bot.telegram_bot import (
    SettingsError,
    TelegramSettings,
    build_application,
    webhook_lifespan,
    webhook_routes,
)

SECRET = "s3cret_for-the-test"
PUBLIC_URL = "https://bot.example.org/telegram"


@pytest.fixture()
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture()
async def client(api: FakeBotApi, fresh_engine: Engine) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a small Starlette app that mounts the webhook, as the shared server will."""
    settings = TelegramSettings(token=api.token, base_url=api.base_url)
    application = build_application(fresh_engine, settings, polling=False)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with webhook_lifespan(application, PUBLIC_URL, SECRET):
            yield

    app = Starlette(routes=webhook_routes(application, SECRET), lifespan=lifespan)
    async with serving(app) as port, httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as c:
        yield c


def update(api: FakeBotApi, text: str, chat_id: int, update_id: int = 1) -> dict[str, Any]:
    return {"update_id": update_id, **api.text_update(text, chat_id=chat_id)}


async def test_the_webhook_is_registered_with_its_secret(
    client: httpx.AsyncClient, api: FakeBotApi
) -> None:
    (registered,) = api.sent(method="setWebhook")
    assert registered.params["url"] == PUBLIC_URL
    assert registered.params["secret_token"] == SECRET
    assert registered.params["allowed_updates"] == ["message", "callback_query"]


async def test_an_update_with_the_secret_is_answered(
    client: httpx.AsyncClient, api: FakeBotApi, engine: Engine
) -> None:
    body = update(api, "逾期会联系我家人吗", chat_id=41)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert (await client.post("/telegram", json=body, headers=headers)).status_code == 200
    (sent,) = await api.wait_sent(41)
    assert sent.params["text"].startswith(engine.answer("逾期会联系我家人吗").answer)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Telegram-Bot-Api-Secret-Token": ""},
        {"X-Telegram-Bot-Api-Secret-Token": "wrong"},
        {"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"},
        {"X-Telegram-Bot-Api-Secret-Token": SECRET.upper()},
    ],
)
async def test_a_missing_or_forged_secret_is_refused_and_never_processed(
    client: httpx.AsyncClient, api: FakeBotApi, headers: dict[str, str]
) -> None:
    forged = update(api, "逾期会上门吗", chat_id=42, update_id=1)
    refused = await client.post("/telegram", json=forged, headers=headers)
    assert refused.status_code == 403
    genuine = update(api, "逾期会上征信吗", chat_id=42, update_id=2)
    secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert (await client.post("/telegram", json=genuine, headers=secret)).status_code == 200
    await api.wait_sent(42)
    # One chat's updates are handled in order: had the forged one been queued, it came first.
    assert len(api.sent(42)) == 1


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'"update"', b'{"update_id": "x"}', b'{"message": {}}',
     b'{"update_id": 1, "message": "garbage"}', b"\xff\xfe"],
)
async def test_a_body_that_is_not_an_update_is_a_bad_request(
    client: httpx.AsyncClient, body: bytes
) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    response = await client.post("/telegram", content=body, headers=headers)
    assert response.status_code == 400


async def test_only_post_is_routed(client: httpx.AsyncClient) -> None:
    response = await client.get("/telegram", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 405


@pytest.mark.parametrize("secret", ["", "has space", "ünïcode", "x" * 257])
def test_a_secret_telegram_would_refuse_is_refused_here(secret: str, engine: Engine) -> None:
    settings = TelegramSettings(token="1:abc")
    application = build_application(engine, settings, polling=False)
    with pytest.raises(ValueError, match="webhook secret"):
        webhook_routes(application, secret)
    environ = {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": secret}
    if secret:  # an empty variable means no webhook
        with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
            TelegramSettings.from_env(environ)


def test_settings_read_the_webhook_variables() -> None:
    environ = {
        "TELEGRAM_BOT_TOKEN": "1:abc",
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_URL": PUBLIC_URL,
        "OVERDUE_BOT_LOG_SALT": "pepper",
    }
    settings = TelegramSettings.from_env(environ)
    assert (settings.webhook_secret, settings.webhook_url, settings.salt) == (
        SECRET,
        PUBLIC_URL,
        b"pepper",
    )
    assert SECRET not in repr(settings) and "1:abc" not in repr(settings)
    assert PUBLIC_URL in repr(settings)


async def test_a_rejected_token_fails_the_start_without_showing_the_token(
    api: FakeBotApi, engine: Engine
) -> None:
    token = "77:not-this-bots-token"
    settings = TelegramSettings(token=token, base_url=api.base_url)
    application = build_application(engine, settings, polling=False)
    with pytest.raises(InvalidToken) as caught:
        async with webhook_lifespan(application, PUBLIC_URL, SECRET):
            pass
    shown = "".join(traceback.format_exception(caught.value))
    assert "rejected the bot token" in shown and token not in shown
    assert [call.method for call in api.calls] == ["getMe"]  # 401 is final: no retries
