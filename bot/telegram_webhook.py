"""Telegram webhook mode: a Starlette route and a lifespan to mount in the shared web server."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

from .telegram_app import AnyApplication, check_secret, initialize
from .telegram_handlers import ALLOWED_UPDATES
from .webcheck import read_body

log = logging.getLogger("bot.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1_000_000  # an update is a few kilobytes; anything larger is not Telegram


def webhook_routes(
    application: AnyApplication, secret: str, path: str = "/telegram"
) -> list[Route]:
    """The POST route Telegram delivers updates to; requests without the secret get 403."""
    expected = check_secret(secret).encode()

    async def telegram_update(request: Request) -> Response:
        """Queue one update for the application, if the request proves it comes from Telegram."""
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request refused: missing or wrong secret")
            return Response(status_code=403)
        body = await read_body(request, MAX_BODY_BYTES)  # 413 before a huge body is held
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("an update is a JSON object with an integer update_id")
            update = Update.de_json(data, application.bot)
        except Exception:  # whatever PTB cannot parse is not an update (the sender is trusted)
            log.warning("webhook request refused: not a Telegram update")
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response()

    return [Route(path, telegram_update, methods=["POST"])]


@asynccontextmanager
async def webhook_lifespan(
    application: AnyApplication, webhook_url: str | None, secret: str
) -> AsyncIterator[None]:
    """Run `application` (built without an updater) while the server runs; register the webhook."""
    check_secret(secret)
    await initialize(application, attempts=3)  # a short outage at startup is waited out
    async with application:  # shuts down on exit
        if webhook_url:
            await application.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
        await application.start()
        try:
            yield
        finally:
            await application.stop()
