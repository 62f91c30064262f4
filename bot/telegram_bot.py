"""The Telegram front end's entry point: long polling and `overdue-bot telegram`.

Building the Application is in telegram_app, the handlers in telegram_handlers, webhook
mode in telegram_webhook; what other modules need is re-exported here.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from telegram.error import InvalidToken, NetworkError, TelegramError

from .curator import Curator
from .engine import Engine
from .reload import Reloader
from .telegram_app import (
    AnyApplication,
    SettingsError,
    TelegramSettings,
    api_urls,
    build_application,
    initialize,
    scrub,
)
from .telegram_handlers import ALLOWED_UPDATES
from .telegram_webhook import webhook_lifespan, webhook_routes

__all__ = [
    "SettingsError",
    "TelegramSettings",
    "api_urls",
    "build_application",
    "initialize",
    "main",
    "run_polling",
    "webhook_lifespan",
    "webhook_routes",
]

log = logging.getLogger("bot.telegram")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
EXIT_CONFIG = 2  # TELEGRAM_BOT_TOKEN missing or malformed, or a bad setting
EXIT_REJECTED = 3  # the Bot API refused the token
EXIT_UNREACHABLE = 4  # the Bot API could not be reached at startup


def _polling_error(error: TelegramError) -> None:
    # PTB retries getUpdates with backoff by itself; one line instead of its traceback.
    log.warning("getUpdates failed (%s); retrying with backoff", type(error).__name__)


async def run_polling(
    application: AnyApplication,
    stop: asyncio.Event,
    settings: TelegramSettings,
    first_delay: float = 1.0,
) -> None:
    """Answer updates by long polling until `stop` is set."""
    await initialize(application, settings.startup_retries, first_delay)
    async with application:  # shuts down on the way out
        assert application.updater is not None, "build_application(polling=True) makes one"
        await application.updater.start_polling(
            timeout=settings.poll_timeout,
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=settings.startup_retries,
            error_callback=_polling_error,
        )
        await application.start()
        log.info("polling as @%s", application.bot.username)
        try:
            await stop.wait()
        finally:
            await application.updater.stop()
            await application.stop()


async def _serve(
    application: AnyApplication, settings: TelegramSettings, reloader: Reloader | None = None
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # Not available off the main thread or on Windows; Ctrl-C then ends it as KeyboardInterrupt.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(signum, stop.set)
    if reloader is not None:
        reloader.on_sighup(loop)  # SIGHUP: load faq/ again and swap it in
    await run_polling(application, stop, settings)


def build_parser() -> argparse.ArgumentParser:
    """The arguments of `overdue-bot telegram`."""
    parser = argparse.ArgumentParser(
        prog="overdue-bot telegram",
        description="Answer Telegram chats by long polling. The token comes from the "
        "environment variable TELEGRAM_BOT_TOKEN (from @BotFather).",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        help="a self-hosted Bot API server, e.g. http://localhost:8081 "
        "(default: $TELEGRAM_BASE_URL, else api.telegram.org)",
    )
    parser.add_argument("--poll-timeout", type=float, default=30.0, help="long-poll seconds")
    return parser


def main(
    argv: list[str] | None = None,
    faq: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Entry point of `overdue-bot telegram`: poll until Ctrl-C or SIGTERM; the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # `overdue-bot telegram -- --base-url …`: the CLI's REMAINDER passes a leading "--".
    args = build_parser().parse_args(argv[1:] if argv[:1] == ["--"] else argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    # A line per HTTP request is noise (and PTB's DEBUG lines show whole messages: no DEBUG).
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        overrides = {"base_url": args.base_url} if args.base_url else {}
        settings = TelegramSettings.from_env(
            os.environ if environ is None else environ,
            poll_timeout=args.poll_timeout,
            **overrides,
        )
    except SettingsError as exc:
        print(f"overdue-bot telegram: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    try:
        curator = Curator.from_env(os.environ if environ is None else environ)
    except ValueError as exc:
        print(f"overdue-bot telegram: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    engine = Engine.from_faq(faq)
    reloader = Reloader(engine, base=faq)
    application = build_application(engine, settings, curator=curator, reloader=reloader)
    server = settings.base_url or "api.telegram.org"
    try:
        asyncio.run(_serve(application, settings, reloader))
    except InvalidToken:
        print(
            f"overdue-bot telegram: the Bot API at {server} rejected TELEGRAM_BOT_TOKEN; "
            "check it with @BotFather (/mybots → API Token)",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    except NetworkError as exc:
        print(
            f"overdue-bot telegram: cannot reach the Bot API at {server}: "
            f"{scrub(exc, settings.token)}",
            file=sys.stderr,
        )
        return EXIT_UNREACHABLE
    except KeyboardInterrupt:
        pass
    return 0
