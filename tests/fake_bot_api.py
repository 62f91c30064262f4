"""A stand-in for the Telegram Bot API on 127.0.0.1: queues updates, records the bot's requests."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from telegram.ext import Application

from bot.engine import Engine
from bot.telegram_bot import TelegramSettings, build_application, run_polling

TOKEN = "123456:TEST-token_of-the-stand-in"
BOT = {
    "id": 123456,
    "is_bot": True,
    "first_name": "逾期问答",
    "username": "overdue_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": True,
    "supports_inline_queries": False,
}
_RAW_FIELDS = {"text", "caption", "callback_query_id", "url", "secret_token"}  # never JSON-decoded


@dataclass(frozen=True)
class Call:
    """One request the bot sent: the method, its decoded parameters, and when it arrived."""

    method: str
    params: dict[str, Any]
    at: float

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of the inline keyboard, row by row."""
        rows = (self.params.get("reply_markup") or {}).get("inline_keyboard", [])
        return [(button["text"], button["callback_data"]) for row in rows for button in row]


@asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[int]:
    """Serve `app` with a real uvicorn on 127.0.0.1 and a free port; yields the port."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # startup failed: raise its error
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.005)
    try:
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        await task


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class FakeBotApi:
    """The Bot API methods a polling bot uses, answering with Telegram's JSON shapes."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.failed: list[Call] = []  # the calls answered with an injected error
        self.updates: list[dict[str, Any]] = []  # every update queued, in order
        self.arrived: dict[int, float] = {}  # update id -> when it was queued (perf_counter)
        self._failures: dict[str, list[int]] = {}
        self._pending: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._chat_types: dict[int, str] = {}
        self._news = asyncio.Event()
        # (method, chat id or None) -> its calls, and an event set when one is added
        self._index: dict[tuple[str, int | None], list[Call]] = {}
        self._added: dict[tuple[str, int | None], asyncio.Event] = {}
        self._closing = False
        self.port = 0

    # -- the server ----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What to give PTB's `base_url`."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def __aenter__(self) -> FakeBotApi:
        app = Starlette(routes=[Route("/bot{token}/{method}", self._endpoint, methods=["POST"])])
        self._serving = serving(app)
        self.port = await self._serving.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        self._news.set()  # release long polls so the server can stop at once
        await self._serving.__aexit__(None, None, None)

    async def _endpoint(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        params = await self._params(request)
        self._record(Call(method, params, time.perf_counter()))
        if request.path_params["token"] != self.token:
            return self._error(401, "Unauthorized")
        failures = self._failures.get(method)
        if failures:
            status = failures.pop(0)
            self.failed.append(self.calls[-1])
            return self._error(status, "Bad Gateway" if status == 502 else "Error")
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        return JSONResponse({"ok": True, "result": await handler(params)})

    @staticmethod
    async def _params(request: Request) -> dict[str, Any]:
        body = (await request.body()).decode()
        if request.headers.get("content-type", "").startswith("application/json"):
            return json.loads(body or "{}")
        params: dict[str, Any] = {}
        for key, value in parse_qsl(body):
            try:
                params[key] = value if key in _RAW_FIELDS else json.loads(value)
            except ValueError:
                params[key] = value
        return params

    @staticmethod
    def _error(status: int, description: str) -> JSONResponse:
        body = {"ok": False, "error_code": status, "description": description}
        return JSONResponse(body, status_code=status)

    # -- Bot API methods -----------------------------------------------------------

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0))
        self._pending = [u for u in self._pending if u["update_id"] >= offset]  # confirmed
        if not self._pending and not self._closing:
            self._news.clear()
            timeout = float(params.get("timeout", 0))
            with suppress(TimeoutError):
                await asyncio.wait_for(self._news.wait(), timeout)
        return self._pending[: int(params.get("limit", 100))]

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_message(int(params["chat_id"]), params["text"])

    async def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_message(int(params["chat_id"]), params["text"])

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        return True

    def _bot_message(self, chat_id: int, text: str) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, self._chat_types.get(chat_id, "private")),
            "from": BOT,
            "text": text,
        }

    # -- what a test does ----------------------------------------------------------

    def fail(self, method: str, status: int = 502, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP `status`."""
        self._failures.setdefault(method, []).extend([status] * times)

    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for the bot's next getUpdates; returns its update id."""
        update_id = next(self._ids)
        self.updates.append({"update_id": update_id, **update})
        self._pending.append(self.updates[-1])
        self.arrived[update_id] = time.perf_counter()
        self._news.set()
        return update_id

    def send_text(self, text: str, **options: Any) -> int:
        """A user sends `text` (options as for `text_update`); returns the update id."""
        return self.push(self.text_update(text, **options))

    def text_update(
        self,
        text: str,
        chat_id: int = 1,
        user_id: int | None = None,
        chat_type: str = "private",
        language: str | None = None,
        reply_to_bot: bool = False,
    ) -> dict[str, Any]:
        """The update of a user sending `text`; a /command and @mentions get their entities."""
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": _utf16(text.split()[0])})
        at = text.find("@")
        if at >= 0 and not text.startswith("/"):
            handle = text[at:].split()[0]
            offset, length = _utf16(text[:at]), _utf16(handle)
            entities.append({"type": "mention", "offset": offset, "length": length})
        fields: dict[str, Any] = {"text": text, "entities": entities}
        if reply_to_bot:
            fields["reply_to_message"] = self._bot_message(chat_id, "……")
        return {"message": self._message(chat_id, user_id, chat_type, language, fields)}

    def send_photo(self, chat_id: int = 1, user_id: int | None = None) -> int:
        """A user sends a photo."""
        photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}]
        message = self._message(chat_id, user_id, "private", None, {"photo": photo})
        return self.push({"message": message})

    def press(
        self, data: str, chat_id: int = 1, user_id: int | None = None,
        message_id: int | None = None,
    ) -> int:
        """A user presses an inline button carrying `data` under one of the bot's messages
        (a new one each time unless `message_id` names it)."""
        message = self._bot_message(chat_id, "……")
        if message_id is not None:
            message["message_id"] = message_id
        query = {
            "id": f"query-{len(self.arrived) + 1}",
            "from": self._user(user_id or chat_id, None),
            "chat_instance": f"instance-{chat_id}",
            "data": data,
            "message": message,
        }
        return self.push({"callback_query": query})

    def _message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str,
        language: str | None,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        self._chat_types[chat_id] = chat_type
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id, chat_type),
            "from": self._user(user_id or chat_id, language),
            **fields,
        }

    @staticmethod
    def _chat(chat_id: int, chat_type: str) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "还款互助群"
        return chat

    @staticmethod
    def _user(user_id: int, language: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"}
        if language:
            user["language_code"] = language
        return user

    # -- what a test checks ---------------------------------------------------------

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        chat_id = call.params.get("chat_id")
        keys = [(call.method, None)]
        if chat_id is not None:
            keys.append((call.method, int(chat_id)))
        for key in keys:
            self._index.setdefault(key, []).append(call)
            if key in self._added:
                self._added[key].set()

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[Call]:
        """The calls of `method` the bot made (to `chat_id`, if given), oldest first."""
        return list(self._index.get((method, chat_id), []))

    async def wait_sent(
        self, chat_id: int | None = None, count: int = 1, method: str = "sendMessage",
        timeout: float = 10.0,
    ) -> list[Call]:
        """Wait until the bot has made `count` calls of `method` (to `chat_id`); return them all."""
        key = (method, chat_id)
        async with asyncio.timeout(timeout):
            while len(self._index.get(key, ())) < count:
                added = self._added.setdefault(key, asyncio.Event())
                added.clear()
                await added.wait()
        return self.sent(chat_id, method)


@asynccontextmanager
async def running_bot(
    api: FakeBotApi, engine: Engine, curator: Any = None, **settings: Any
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The real Application, long polling `api` until the block ends."""
    options: dict[str, Any] = {"poll_timeout": 1.0, "startup_retries": 3, **settings}
    config = TelegramSettings(token=api.token, base_url=api.base_url, **options)
    application = build_application(engine, config, curator=curator)
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(application, stop, config, first_delay=0.05))
    async with asyncio.timeout(10):
        while not application.running:
            if task.done():
                task.result()  # it failed to start: raise why
            await asyncio.sleep(0.005)
    try:
        yield application
    finally:
        stop.set()
        await task
