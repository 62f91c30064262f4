"""Telegram webhook mode: a Starlette route and a lifespan to mount in the shared web server."""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from .telegram_handlers import ALLOWED_UPDATES

log = logging.getLogger("bot.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# What Telegram accepts as a webhook secret_token.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_BODY_BYTES = 1_000_000  # an update is a few kilobytes; anything larger is not Telegram

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def check_secret(secret: str) -> str:
    """Return `secret` if Telegram accepts it as a webhook secret, else raise ValueError."""
    if not SECRET_PATTERN.fullmatch(secret or ""):
        raise ValueError("the webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return secret


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
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413)
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
    async with application:  # initialize, and shut down on exit
        if webhook_url:
            await application.bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
            )
        await application.start()
        try:
            yield
        finally:
            await application.stop()
