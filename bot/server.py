"""`overdue-bot serve`: one ASGI app for WeChat, WeCom, bridges and the Telegram webhook."""

from __future__ import annotations

import argparse
import inspect
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
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
from .dedupe import Dedupe, OnceStore
from .engine import Engine
from .feedback import feedback_store
from .misses import MissLog
from .ratelimit import RateLimiter
from .reload import Reloader, forwarding_supervisor, with_reload
from .responder import Responder
from .settings import Settings, SettingsError
from .state import MemoryState, UserState
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
    state: UserState,
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
            "TELEGRAM_BASE_URL": settings.telegram_base_url or "",
        },
        salt=settings.log_salt,
    )
    secret = telegram.webhook_secret or ""
    application = telegram_bot.build_application(
        engine, telegram, polling=False, state=state, curator=curator, reloader=reloader
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with telegram_bot.webhook_lifespan(application, telegram.webhook_url, secret):
            yield

    return telegram_bot.webhook_routes(application, secret), lifespan


def shared_state(settings: Settings) -> tuple[UserState, OnceStore, Any]:
    """The per-user state, the dedupe store and the Redis link (None: all in this process)."""
    memory = MemoryState(RateLimiter(rate=settings.rate, burst=settings.burst))
    if not settings.redis_url:
        # Retries come within ~15 s; they are remembered for a minute, in at most 16 MB.
        return memory, Dedupe(), None
    from .dedupe_redis import RedisDedupe
    from .redis_link import RedisLink
    from .state_redis import RedisState

    link = RedisLink(settings.redis_url)
    state = RedisState(link, settings.rate, settings.burst, fallback=memory)
    return state, RedisDedupe(link), link


def create_app(
    engine: Engine,
    settings: Settings,
    curator: Curator | None = None,
    misses: MissLog | None = None,
) -> Starlette:
    """The ASGI app with the endpoints `settings` turns on (always /healthz).

    With REDIS_URL, `app.state.redis_link` is the worker's RedisLink (else None). SIGHUP
    reloads the knowledge base (`app.state.reloader`); `curator` logs misses (by default to
    `misses`, if given) and counts votes where the state lives."""
    state, dedupe, link = shared_state(settings)
    curator = curator if curator is not None else Curator(feedback_store(link), misses)
    responder = Responder(engine, state, dedupe, curator)
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
    telegram_lifespan = None
    if settings.telegram:
        telegram_routes, telegram_lifespan = _telegram(engine, settings, state, curator, reloader)
        routes += telegram_routes

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if link is not None:
                stack.push_async_callback(link.aclose)
            if telegram_lifespan is not None:
                await stack.enter_async_context(telegram_lifespan(app))
            yield

    handlers = {HTTPException: _rejected, PayloadError: _bad_payload, ClientDisconnect: _gone}
    app = Starlette(
        routes=routes, exception_handlers=handlers, lifespan=with_reload(reloader, lifespan)
    )
    app.state.redis_link = link
    app.state.reloader, app.state.curator = reloader, curator
    return app


def build_parser() -> argparse.ArgumentParser:
    """The arguments of `overdue-bot serve`."""
    parser = argparse.ArgumentParser(
        prog="overdue-bot serve",
        description="Serve the WeChat, WeCom, bridge and Telegram webhooks "
        "(configured from the environment; see docs/wechat.md and docs/deploy.md).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on")
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes (more than 1 needs REDIS_URL)"
    )
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


def configure_logging(level: str, workers: int) -> None:
    """Log lines with the worker's pid when there are several; PTB and httpx never below INFO."""
    pid = " %(process)d" if workers > 1 else ""
    logging.basicConfig(level=level.upper(), format=f"%(asctime)s{pid} %(name)s %(message)s")
    # Debug lines of PTB and httpx carry message texts and the bot token: never below INFO.
    for noisy in ("telegram", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))


def build(faq: Path | None, settings: Settings) -> Starlette:
    """A warmed engine and the app around it: what each worker serves."""
    engine = Engine.from_faq(faq)
    engine.answer("你好")  # loads the segmenter's dictionary now, not on the first user's message
    return create_app(engine, settings, misses=MissLog.from_env(os.environ))


# What `serve --workers N` hands its workers (spawned processes: only the environment passes).
FAQ_VARIABLE, LOG_VARIABLE = "OVERDUE_BOT_SERVE_FAQ", "OVERDUE_BOT_SERVE_LOG"
FACTORY = "bot.server:app_from_environ"


def app_from_environ() -> Starlette:
    """The app factory uvicorn calls in each worker of `serve --workers N`."""
    level, _, workers = os.environ.get(LOG_VARIABLE, "info:1").partition(":")
    configure_logging(level, int(workers or 1))
    faq = os.environ.get(FAQ_VARIABLE)
    return build(Path(faq) if faq else None, Settings.from_environ(os.environ))


def _refusal(settings: Settings, workers: int) -> str | None:
    if settings.endpoints() == ["/healthz"]:
        return (
            "nothing to serve: set WECHAT_TOKEN, WECOM_CORP_ID, BRIDGE_SECRET or the "
            "Telegram webhook variables (see docs/wechat.md)"
        )
    if workers < 1:
        return "--workers must be 1 or more"
    if workers > 1 and not settings.redis_url:
        return (
            f"--workers {workers} needs REDIS_URL: without a shared store every worker would "
            "answer a retried message again, forget follow-ups another worker answered and "
            "keep its own rate limits. Set REDIS_URL=redis://127.0.0.1:6379/0 (apt-get install "
            "redis-server) and OVERDUE_BOT_LOG_SALT, or run one worker (see docs/deploy.md)"
        )
    return None


def supervise(config: Any, server: Any) -> None:
    """Run `config.workers` workers under uvicorn's supervisor until it is told to stop;
    SIGHUP reaches every worker, which reloads the knowledge base."""
    Multiprocess = forwarding_supervisor()  # noqa: N806 - uvicorn's class, subclassed

    sockets = [config.bind_socket()]
    if "target" in inspect.signature(Multiprocess).parameters:  # older uvicorn
        Multiprocess(config, target=server.run, sockets=sockets).run()
    else:
        Multiprocess(config, sockets=sockets).run()


def main(argv: list[str], faq: Path | None = None) -> int:
    """Run the server until interrupted; 2 on a configuration error."""
    import uvicorn

    from . import serving

    args = build_parser().parse_args(argv[1:] if argv[:1] == ["--"] else argv)
    configure_logging(args.log_level, args.workers)
    try:
        settings = Settings.from_environ(os.environ)
    except SettingsError as exc:
        print(f"overdue-bot serve: {exc}", file=sys.stderr)
        return 2
    refusal = _refusal(settings, args.workers)
    if refusal:
        print(f"overdue-bot serve: {refusal}", file=sys.stderr)
        return 2
    try:
        app = build(faq, settings)  # with several workers: a check before they start
    except ValueError as exc:  # the Telegram front end's SettingsError is one
        print(f"overdue-bot serve: {exc}", file=sys.stderr)
        return 2
    shared = " sharing Redis" if settings.redis_url else ""
    logger.info(
        "serving %s on %s:%s, %d worker(s)%s",
        " ".join(settings.endpoints()), args.host, args.port, args.workers, shared,
    )
    timeouts = (args.read_timeout, args.shutdown_timeout)
    if args.workers == 1:
        config = serving.config(app, args.host, args.port, args.log_level, *timeouts)
    else:
        del app  # each worker builds its own, from the environment
        os.environ[LOG_VARIABLE] = f"{args.log_level}:{args.workers}"
        if faq is not None:
            os.environ[FAQ_VARIABLE] = str(faq.resolve())
        config = serving.config(
            FACTORY, args.host, args.port, args.log_level, *timeouts, workers=args.workers
        )
    server = uvicorn.Server(config)
    # uvicorn re-raises the SIGTERM it handled once it has shut down; the process should
    # end with 0 then, as after any orderly stop, so the restored handler ignores it.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        if args.workers == 1:
            server.run()
        else:  # what uvicorn.run does for workers: a supervisor restarting any that dies
            supervise(config, server)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0 if server.started or args.workers > 1 else 1
