"""The Telegram Application: settings, the factory, and a start that survives a Bot API outage."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BaseUpdateProcessor

from .curator import Curator
from .engine import Engine
from .privacy import PROCESS_SALT
from .ratelimit import RateLimiter
from .reload import Reloader
from .state import MemoryState, UserState
from .telegram_handlers import ChatHandlers

log = logging.getLogger("bot.telegram")

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
# What Telegram accepts as a webhook secret_token.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def check_secret(secret: str) -> str:
    """Return `secret` if Telegram accepts it as a webhook secret, else raise ValueError."""
    if not _SECRET.fullmatch(secret or ""):
        raise ValueError("the webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return secret


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it and never shows a secret."""


@dataclass(frozen=True)
class TelegramSettings:
    """What the Telegram front end needs, read once from the environment."""

    token: str = field(repr=False)
    base_url: str | None = None  # a self-hosted Bot API server, e.g. http://localhost:8081
    salt: bytes = field(default=PROCESS_SALT, repr=False)
    user_rate: float = 1.0  # messages a second one user may keep sending ...
    user_burst: int = 5  # ... after a burst of this many
    outgoing_rate: float = 30.0  # messages a second to all chats (Telegram's limit); 0: no limit
    poll_timeout: float = 30.0  # seconds a getUpdates long poll waits for news
    startup_retries: int = 5  # attempts to reach the Bot API at startup, with backoff
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_url: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: Any) -> TelegramSettings:
        """Settings from TELEGRAM_BOT_TOKEN, TELEGRAM_BASE_URL, TELEGRAM_WEBHOOK_SECRET and _URL,
        OVERDUE_BOT_LOG_SALT; `overrides` (from the command line) win."""
        token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and "
                "export TELEGRAM_BOT_TOKEN=<the token it gives you>"
            )
        if not _TOKEN.fullmatch(token):
            raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC-…)")
        salt = environ.get("OVERDUE_BOT_LOG_SALT")
        secret = environ.get("TELEGRAM_WEBHOOK_SECRET") or None
        if secret is not None:
            try:
                check_secret(secret)
            except ValueError as exc:
                raise SettingsError(f"TELEGRAM_WEBHOOK_SECRET: {exc}") from None
        values: dict[str, Any] = {
            "token": token,
            "base_url": environ.get("TELEGRAM_BASE_URL") or None,
            "salt": salt.encode() if salt else PROCESS_SALT,
            "webhook_secret": secret,
            "webhook_url": environ.get("TELEGRAM_WEBHOOK_URL") or None,
        }
        return cls(**{**values, **overrides})


class PerChatProcessor(BaseUpdateProcessor):
    """Runs updates of different chats concurrently, and those of one chat in arrival order."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        # chat id -> (lock, updates holding or waiting for it); dropped when no one waits
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await `coroutine` once the chat's earlier updates are done."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


class RedactToken(logging.Filter):
    """Blanks a bot token out of log records (httpx logs each request URL, token included)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record if it shows the token; never drop it."""
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        return True


def redact_token_in_http_logs(token: str) -> None:
    """Keep `token` out of httpx's log lines, whatever logging the entry point configures."""
    http_log = logging.getLogger("httpx")
    if not any(isinstance(f, RedactToken) and f.token == token for f in http_log.filters):
        http_log.addFilter(RedactToken(token))


def api_urls(base_url: str) -> tuple[str, str]:
    """PTB's base_url and base_file_url for a Bot API server at `base_url`."""
    root = base_url.rstrip("/").removesuffix("/bot")
    return f"{root}/bot", f"{root}/file/bot"


def build_application(
    engine: Engine,
    settings: TelegramSettings,
    *,
    polling: bool = True,
    state: UserState | None = None,
    curator: Curator | None = None,
    reloader: Reloader | None = None,
) -> AnyApplication:
    """The bot's Application: handlers, flood control, concurrency; polling=False for webhooks.

    `state`: where rate limits and follow-up context live (the server's, shared by its
    workers); by default this process's memory. `curator` logs misses and counts votes;
    `reloader` swaps the handlers' engine on reload."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.outgoing_rate, max_retries=3))
        .concurrent_updates(PerChatProcessor())
    )
    if settings.base_url:
        base_url, base_file_url = api_urls(settings.base_url)
        builder = builder.base_url(base_url).base_file_url(base_file_url)
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    redact_token_in_http_logs(settings.token)
    if state is None:
        state = MemoryState(RateLimiter(rate=settings.user_rate, burst=settings.user_burst))
    handlers = ChatHandlers(engine, state, settings.salt, curator=curator)
    handlers.register(application)
    if reloader is not None:
        reloader.attach(handlers)
    return application


def scrub(text: object, secret: str) -> str:
    """`text` with `secret` blanked out: PTB puts the token into some of its error messages."""
    return str(text).replace(secret, "<token>") if secret else str(text)


async def initialize(application: AnyApplication, attempts: int, first_delay: float = 1.0) -> None:
    """Initialize the application (getMe), retrying with backoff while the Bot API is down."""
    delay = first_delay
    for attempt in range(1, max(attempts, 1) + 1):
        try:
            await application.initialize()
            return
        except InvalidToken:
            await application.bot.shutdown()  # close the connections the attempt opened
            # PTB's message shows the token, and whoever runs us may log it: a clean one.
            raise InvalidToken("the Bot API rejected the bot token") from None
        except NetworkError as exc:
            if attempt >= attempts or isinstance(exc, BadRequest):
                await application.bot.shutdown()
                raise
            message = scrub(exc, application.bot.token)
            log.warning("Bot API unreachable (%s); retrying in %.1fs", message, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)
        except BaseException:
            await application.bot.shutdown()
            raise
