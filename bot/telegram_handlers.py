"""The Telegram conversation: each handler turns one update into one engine call and the reply."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot, InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from . import text as textlib
from .curator import Curator
from .digits import day_count, is_number
from .engine import Engine, Reply
from .privacy import PROCESS_SALT, user_tag
from .state import Turn, UserState, answer_in_turn
from .telegram_format import (
    EXAMPLE,
    QUESTION,
    example_keyboard,
    parse_callback,
    split_message,
    suggestion_keyboard,
)
from .telegram_votes import take_vote, vote_buttons

log = logging.getLogger("bot.telegram")

T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE
PLATFORM = "tg"
SEND_DELAYS = (0.5, 1.0, 2.0)  # backoff between attempts while the Bot API answers 5xx
_TRADITIONAL_LANGUAGES = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]  # what the handlers below handle
_MENTIONS = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]


async def call_with_retry(
    call: Callable[[], Awaitable[T]], delays: tuple[float, ...] = SEND_DELAYS
) -> T:
    """Call the Bot API, retrying with backoff while it is unreachable or answers 5xx."""
    for delay in delays:
        try:
            return await call()
        except (BadRequest, TimedOut):
            raise  # a bad request stays bad; a timed-out send may have arrived: no duplicates
        except NetworkError as exc:
            log.warning("Bot API unavailable (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
    return await call()


def mentions(message: Message, bot: Bot) -> list[str]:
    """The parts of a message's text or caption that mention this bot."""
    found = {**message.parse_entities(_MENTIONS), **message.parse_caption_entities(_MENTIONS)}
    handle = f"@{bot.username}".lower()
    return [
        value
        for entity, value in found.items()
        if value.lower() == handle or (entity.user is not None and entity.user.id == bot.id)
    ]


def is_addressed(message: Message, bot: Bot) -> bool:
    """True in private chats; in groups only for a mention of the bot or a reply to it."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True
    return bool(mentions(message, bot))


def question_text(message: Message, bot: Bot) -> str:
    """The message text without the mentions of the bot."""
    text = message.text or ""
    for mention in mentions(message, bot):
        text = text.replace(mention, " ", 1)
    return text.strip()


def prefers_traditional(update: Update, text: str = "") -> bool:
    """Whether to write in traditional script: the user's text says so, else their app language."""
    clean = textlib.normalise(text) if text else ""
    if clean:
        return textlib.is_traditional(clean)
    user = update.effective_user
    language = (user.language_code or "").lower() if user is not None else ""
    return language.startswith(_TRADITIONAL_LANGUAGES)


def timeline_days(args: list[str] | None) -> int | None:
    """The day count of `/timeline N`, or None for the whole timeline."""
    if not args:
        return None
    return day_count(args[0])


class ChatHandlers:
    """The bot's handlers around one engine, one per-user state (rate limit, context), one salt."""

    def __init__(
        self,
        engine: Engine,
        state: UserState,
        salt: bytes = PROCESS_SALT,
        send_delays: tuple[float, ...] = SEND_DELAYS,
        curator: Curator | None = None,
    ) -> None:
        self.engine, self.state, self.salt, self.send_delays = engine, state, salt, send_delays
        self.curator = curator if curator is not None else Curator()
        self._warned: set[str] = set()  # users told they are rate limited, until allowed again

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the handlers and the error handler to `application`."""
        new = filters.UpdateType.MESSAGE  # edits of old messages are not new questions
        application.add_handler(CommandHandler("start", self.start, filters=new))
        application.add_handler(CommandHandler("help", self.help, filters=new))
        application.add_handler(CommandHandler("timeline", self.timeline, filters=new))
        application.add_handler(CallbackQueryHandler(self.button))
        application.add_handler(MessageHandler(new & filters.TEXT & ~filters.COMMAND, self.text))
        application.add_handler(
            MessageHandler(new & filters.COMMAND & filters.ChatType.PRIVATE, self.help)
        )
        application.add_handler(
            MessageHandler(new & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.non_text)
        )
        application.add_error_handler(self.error)

    # -- handlers ----------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Greet the user and offer example questions as buttons."""
        await self._intro(update, context, "welcome")

    async def help(self, update: Update, context: Context) -> None:
        """Say what the bot answers, with example questions as buttons."""
        await self._intro(update, context, "help")

    async def timeline(self, update: Update, context: Context) -> None:
        """Show the stage timeline; `/timeline N` shows day N's stage and what comes next."""
        started = time.perf_counter()
        if await self._admit(update, context) is None:
            return
        traditional = prefers_traditional(update)
        body = self.engine.timeline(timeline_days(context.args), traditional=traditional)
        await self._send(update, context, body)
        self._log(update, "timeline", started)

    async def text(self, update: Update, context: Context) -> None:
        """Answer a question: always in private chats, in groups only when addressed."""
        started = time.perf_counter()
        message = update.effective_message
        if message is None or not is_addressed(message, context.bot):
            return
        turn = await self._admit(update, context, message.text or "")
        if turn is None:
            return
        question = question_text(message, context.bot)
        reply = answer_in_turn(self.engine, turn, question)
        await self.state.end(turn)
        self.curator.answered(self.engine, self._key(update), question, reply)
        await self._send_reply(update, context, reply)
        self._log(update, reply.intent, started)

    async def button(self, update: Update, context: Context) -> None:
        """Answer a pressed button with the answer to its question."""
        started = time.perf_counter()
        query = update.callback_query
        if query is None:
            return
        if await take_vote(self.engine, self.curator, query, self._key(update), self._user(update)):
            return
        with contextlib.suppress(BadRequest):  # a query too old to answer still gets its reply
            await query.answer()
        question = self._button_question(query.data)
        if question is None:
            log.info("ignored button user=%s: unknown data", self._user(update))
            return
        turn = await self._admit(update, context)
        if turn is None:
            return
        reply = answer_in_turn(self.engine, turn, question)
        await self.state.end(turn)
        self.curator.answered(self.engine, self._key(update), question, reply)
        await self._send_reply(update, context, reply)
        self._log(update, reply.intent, started)

    async def non_text(self, update: Update, context: Context) -> None:
        """Say politely that the bot reads text only (photos, stickers, voice, files)."""
        started = time.perf_counter()
        message = update.effective_message
        if message is None or not is_addressed(message, context.bot):
            return
        if await self._admit(update, context) is None:
            return
        notice = self.engine.message("non_text", prefers_traditional(update))
        await self._send(update, context, notice)
        self._log(update, "non_text", started)

    async def error(self, update: object, context: Context) -> None:
        """Log a failed update without its text, and apologise to the user if there is one."""
        if not isinstance(update, Update) or update.effective_chat is None:
            log.error("error outside an update: %r", context.error, exc_info=context.error)
            return
        log.error("update failed user=%s", self._user(update), exc_info=context.error)
        apology = self.engine.message("error", prefers_traditional(update))
        try:
            await self._send(update, context, apology)
        except TelegramError as exc:
            log.warning("could not apologise user=%s: %s", self._user(update), exc)

    # -- helpers -----------------------------------------------------------------

    async def _intro(self, update: Update, context: Context, key: str) -> None:
        started = time.perf_counter()
        if await self._admit(update, context) is None:
            return
        traditional = prefers_traditional(update)
        hint = self.engine.message("timeline_hint", traditional)
        body = self.engine.message(key, traditional) + "\n\n" + hint
        markup = example_keyboard(self.engine.examples(traditional), traditional)
        await self._send(update, context, body, markup)
        self._log(update, key, started)

    async def _admit(self, update: Update, context: Context, text: str = "") -> Turn | None:
        """Take one message from the user's allowance, reading the chat's context (None: refused;
        the user is told once per flood)."""
        user = self._user(update)
        turn = await self.state.begin(user, self._key(update))
        if turn.allowed:
            self._warned.discard(user)
            return turn
        log.info("rate limited user=%s", user)
        if user not in self._warned:
            if len(self._warned) > 100_000:  # a bound on memory; at worst a second notice
                self._warned.clear()
            self._warned.add(user)
            notice = self.engine.message("rate_limited", prefers_traditional(update, text))
            await self._send(update, context, notice)
        return None

    def _button_question(self, data: str | None) -> str | None:
        kind, value, traditional = parse_callback(data)
        try:
            if kind == QUESTION:
                return self.engine.question_of(value, traditional)
            if kind == EXAMPLE and is_number(value, 3):
                return self.engine.examples(traditional)[int(value)]
        except (KeyError, IndexError):
            pass  # a button from an older knowledge base, or forged data
        return None

    async def _send_reply(self, update: Update, context: Context, reply: Reply) -> None:
        examples = self.engine.examples(reply.traditional)
        markup = suggestion_keyboard(reply, examples)
        body = reply.answer
        if markup is not None and reply.intent is not None:
            body += "\n\n" + self.engine.message("also_asked", reply.traditional)
        markup = vote_buttons(self.engine, reply, markup)
        await self._send(update, context, body, markup)

    async def _send(
        self,
        update: Update,
        context: Context,
        body: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> None:
        """Send plain text (no parse mode: nothing to escape), buttons under the last piece."""
        chat = update.effective_chat
        if chat is None:
            return
        message = update.message
        # In a group, quote the question so its asker sees which answer is theirs.
        quote = (
            ReplyParameters(message.message_id, allow_sending_without_reply=True)
            if message is not None and chat.type != ChatType.PRIVATE
            else None
        )
        pieces = split_message(body)
        for index, piece in enumerate(pieces):
            send = functools.partial(
                context.bot.send_message,
                chat.id,
                piece,
                reply_markup=markup if index == len(pieces) - 1 else None,
                reply_parameters=quote if index == 0 else None,
            )
            await call_with_retry(send, self.send_delays)

    def _user(self, update: Update) -> str:
        """The hashed id of the sender, for the rate limit and the logs."""
        user, chat = update.effective_user, update.effective_chat
        raw = user.id if user is not None else chat.id if chat is not None else 0
        return user_tag(PLATFORM, raw, self.salt)

    def _key(self, update: Update) -> str:
        """The follow-up context key: the chat, or in a group the member within the chat."""
        user, chat = update.effective_user, update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE or user is None:
            return user_tag(PLATFORM, chat.id if chat is not None else 0, self.salt)
        return user_tag(PLATFORM, f"{chat.id}:{user.id}", self.salt)

    def _log(self, update: Update, intent: str | None, started: float) -> None:
        latency = (time.perf_counter() - started) * 1000
        log.info("answered user=%s intent=%s latency_ms=%.1f", self._user(update), intent, latency)
