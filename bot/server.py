"""`overdue-bot serve`: one ASGI app for WeChat, WeCom, bridges and the Telegram webhook."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from .bridge import BridgeEndpoint
from .bridge_adapters import PayloadError
from .curator import Curator
from .dedupe import Dedupe
from .engine import Engine
from .ratelimit import RateLimiter
from .reload import Reloader, with_reload
from .responder import Responder
from .settings import Settings, SettingsError
from .wechat import CallbackEndpoint

logger = logging.getLogger("bot.server")


async def healthz(request: Request) -> Response:
    """200 while the process serves requests: for load balancers."""
    return PlainTextResponse("ok")


async def _rejected(request: Request, exc: Exception) -> Response:
    # The path only: query strings carry OpenIDs and tokens, bodies carry messages.
    assert isinstance(exc, HTTPException)
    if exc.status_code != 404:
        logger.warning("rejected %s %s: %s", request.url.path, exc.status_code, exc.detail)
    return PlainTextResponse(str(exc.detail), status_code=exc.status_code)


async def _bad_payload(request: Request, exc: Exception) -> Response:
    return await _rejected(request, HTTPException(400, str(exc)))


async def _gone(request: Request, exc: Exception) -> Response:
    # A client that hangs up mid-body (or is cut off by the read timeout) is a normal event.
    logger.info("client went away %s", request.url.path)
    return Response(status_code=400)  # nobody receives it


def _telegram(
    engine: Engine,
    settings: Settings,
    curator: Curator | None = None,
    reloader: Reloader | None = None,
) -> tuple[list[BaseRoute], Any]:
    """The Telegram webhook's routes and lifespan, imported only when it is configured."""
    from . import telegram_bot

    # Through the front end's own settings, so its token and secret checks apply here too.
    telegram = telegram_bot.TelegramSettings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": settings.telegram_bot_token or "",
            "TELEGRAM_WEBHOOK_SECRET": settings.telegram_webhook_secret or "",
            "TELEGRAM_WEBHOOK_URL": settings.telegram_webhook_url or "",
        },
        salt=settings.log_salt,
    )
    secret = telegram.webhook_secret or ""
    application = telegram_bot.build_application(
        engine, telegram, polling=False, curator=curator, reloader=reloader
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with telegram_bot.webhook_lifespan(application, telegram.webhook_url, secret):
            yield

    return telegram_bot.webhook_routes(application, secret), lifespan


def create_app(engine: Engine, settings: Settings, curator: Curator | None = None) -> Starlette:
    """The ASGI app with the endpoints `settings` turns on (always /healthz); SIGHUP reloads
    the knowledge base (app.state.reloader), `curator` logs misses and counts votes."""
    limiter = RateLimiter(rate=settings.rate, burst=settings.burst)
    curator = curator if curator is not None else Curator()
    # Retries come within ~15 s; they are remembered for a minute, in at most 16 MB.
    responder = Responder(engine, limiter, Dedupe(), curator)
    reloader = Reloader(engine, [responder])
    routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
    for platform, path, account in (
        ("wx", "/wechat", settings.wechat),
        ("wecom", "/wecom", settings.wecom),
    ):
        if account is not None:
            routes.append(CallbackEndpoint(platform, account, responder, settings).route(path))
    if settings.bridge_secret:
        routes += BridgeEndpoint(settings.bridge_secret, responder, settings).routes()
    lifespan = None
    if settings.telegram:
        telegram_routes, lifespan = _telegram(engine, settings, curator, reloader)
        routes += telegram_routes
    handlers = {HTTPException: _rejected, PayloadError: _bad_payload, ClientDisconnect: _gone}
    app = Starlette(
        routes=routes, exception_handlers=handlers, lifespan=with_reload(reloader, lifespan)
    )
    app.state.reloader, app.state.curator = reloader, curator
    return app


def build_parser() -> argparse.ArgumentParser:
    """The arguments of `overdue-bot serve`."""
    parser = argparse.ArgumentParser(
        prog="overdue-bot serve",
        description="Serve the WeChat, WeCom, bridge and Telegram webhooks "
        "(configured from the environment; see docs/wechat.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    parser.add_argument(
        "--read-timeout", type=float, default=10.0, metavar="SECONDS",
        help="close a connection whose request is not received within this time (default 10)",
    )
    parser.add_argument(
        "--shutdown-timeout", type=int, default=5, metavar="SECONDS",
        help="on SIGTERM, wait this long for requests in flight, then stop (default 5)",
    )
    return parser


def main(argv: list[str], faq: Path | None = None) -> int:
    """Run the server until interrupted; 2 on a configuration error."""
    import uvicorn

    from . import serving

    args = build_parser().parse_args(argv[1:] if argv[:1] == ["--"] else argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    # Debug lines of PTB and httpx carry message texts and the bot token: never below INFO.
    for noisy in ("telegram", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))
    try:
        settings = Settings.from_environ(os.environ)
    except SettingsError as exc:
        print(f"overdue-bot serve: {exc}", file=sys.stderr)
        return 2
    if settings.endpoints() == ["/healthz"]:
        print(
            "overdue-bot serve: nothing to serve: set WECHAT_TOKEN, WECOM_CORP_ID, "
            "BRIDGE_SECRET or the Telegram webhook variables (see docs/wechat.md)",
            file=sys.stderr,
        )
        return 2
    engine = Engine.from_faq(faq)
    engine.answer("你好")  # loads the segmenter's dictionary now, not on the first user's message
    try:
        app = create_app(engine, settings, Curator.from_env(os.environ))
    except ValueError as exc:  # the Telegram front end's SettingsError is one
        print(f"overdue-bot serve: {exc}", file=sys.stderr)
        return 2
    logger.info("serving %s on %s:%s", " ".join(settings.endpoints()), args.host, args.port)
    server = uvicorn.Server(
        serving.config(
            app, args.host, args.port, args.log_level, args.read_timeout, args.shutdown_timeout
        )
    )
    # uvicorn re-raises the SIGTERM it handled once it has shut down; the process should
    # end with 0 then, as after any orderly stop, so the restored handler ignores it.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0 if server.started else 1
