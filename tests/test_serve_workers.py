"""`overdue-bot serve --workers 2` on a real uvicorn sharing a real redis-server."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from fake_bot_api import FakeBotApi
from redis_server import RedisServer
from serve_process import ServeProcess, ask, at_once, fresh_client

from bot.engine import Engine

QUESTION, FOLLOW_UP = "分期乐逾期20天会联系我家人吗", "那会上征信吗"
_ids = itertools.count(int(time.time()) * 1000)


def msg_id() -> int:
    """A MsgId no other test has used."""
    return next(_ids)


def kept_context(reply: str) -> bool:
    """Whether a reply to FOLLOW_UP still knows the platform and the day count."""
    return "分期乐" in reply and "20天" in reply


@pytest.fixture(scope="module")
def serve(
    redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    redis.Redis.from_url(redis_server.url).flushdb()
    server = ServeProcess(tmp_path_factory.mktemp("serve"), redis_server.url)
    server.start()
    yield server
    server.stop()


def test_a_follow_up_needs_the_context_at_all() -> None:
    # Without the first question, the follow-up knows neither: the checks below can fail.
    assert not kept_context(Engine.from_faq().answer(FOLLOW_UP).answer)


def test_fifty_copies_of_one_msgid_are_answered_once_and_alike(serve: ServeProcess) -> None:
    same = msg_id()
    replies = at_once(serve.url, [("oDup", "逾期会上征信吗", same)] * 50)
    assert len(set(replies)) == 1 and "征信" in replies[0]
    assert len(serve.handled("oDup")["answered"]) == 1


def test_follow_ups_answered_by_the_other_worker_keep_platform_and_days(
    serve: ServeProcess,
) -> None:
    crossed: list[str] = []
    for batch in range(6):  # until the kernel hands a follow-up to the other worker
        users = [f"oFollow{batch}-{i}" for i in range(30)]
        at_once(serve.url, [(u, QUESTION, msg_id()) for u in users])
        follow_ups = at_once(serve.url, [(u, FOLLOW_UP, msg_id()) for u in users])
        assert all(kept_context(reply) for reply in follow_ups)
        crossed = [u for u in users if len(set(serve.handled(u)["answered"])) == 2]
        if crossed:
            break
    assert crossed, "no follow-up reached the other worker: the test proved nothing"


def test_the_rate_limit_holds_across_workers(serve: ServeProcess, engine: Engine) -> None:
    replies = at_once(serve.url, [("oFlood", "会上门吗", msg_id()) for _ in range(20)])
    limited = engine.message("rate_limited")
    answered = [r for r in replies if r != limited]
    assert 5 <= len(answered) <= 6  # the burst, and at most one more refilled meanwhile
    seen = serve.handled("oFlood")
    assert len(set(seen["answered"] + seen["rate limited"])) == 2  # both workers took part


def test_context_survives_a_restart(redis_server: RedisServer, tmp_path: Path) -> None:
    server = ServeProcess(tmp_path, redis_server.url, workers=2)
    server.start()
    try:
        ask(fresh_client(server.url), "oRestart", QUESTION, msg_id())
    finally:
        server.stop()
    server.start()
    try:
        assert kept_context(ask(fresh_client(server.url), "oRestart", FOLLOW_UP, msg_id()))
    finally:
        server.stop()


def test_replies_go_on_without_redis_and_sharing_comes_back(tmp_path: Path) -> None:
    store = RedisServer(tmp_path)
    store.start()
    server = ServeProcess(tmp_path, store.url, workers=2)
    server.start()
    try:
        assert "征信" in ask(fresh_client(server.url), "oOutage", "逾期会上征信吗", msg_id())
        store.kill()
        asked = [(f"oOutage{i}", "逾期会上征信吗", msg_id()) for i in range(20)]
        replies = at_once(server.url, asked)
        assert all("征信" in reply for reply in replies)
        warnings = [line for line in server.text().splitlines() if "Redis unavailable" in line]
        assert 1 <= len(warnings) <= 2  # one per outage in each worker, not one per message
        store.start()
        time.sleep(1.2)  # each worker tries Redis again a second after its last failure
        copies = at_once(server.url, [("oBack", "会被起诉吗", msg_id())] * 50)
        assert len(set(copies)) == 1
        assert len(server.handled("oBack")["answered"]) == 1
        users = [f"oBack{i}" for i in range(10)]
        at_once(server.url, [(u, QUESTION, msg_id()) for u in users])
        follow_ups = at_once(server.url, [(u, FOLLOW_UP, msg_id()) for u in users])
        assert all(kept_context(reply) for reply in follow_ups)
        assert "Redis is back" in server.text()
    finally:
        server.stop()
        store.kill()


def test_several_workers_without_redis_refuse_to_start() -> None:
    env = {"WECHAT_TOKEN": "t", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--workers", "2"],
        env=env, capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert "--workers 2 needs REDIS_URL" in done.stderr and "one worker" in done.stderr


async def test_telegram_webhook_under_two_workers_keeps_context(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    secret = "webhook-secret-for-the-test"
    async with FakeBotApi() as api:
        server = ServeProcess(
            tmp_path, redis_server.url,
            TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_WEBHOOK_SECRET=secret,
            TELEGRAM_BASE_URL=api.base_url,
            TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram",
        )
        await asyncio.to_thread(server.start)
        try:
            limits = httpx.Limits(max_keepalive_connections=0)  # a worker picked per request
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            crossed: list[int] = []
            # Which worker accepts a connection is the kernel's choice; on a busy machine one
            # worker may take a whole batch, so new chats are tried until a follow-up crosses.
            for batch in range(6):
                chats = range(7001 + 100 * batch, 7021 + 100 * batch)
                async with httpx.AsyncClient(base_url=server.url, limits=limits) as client:
                    for number, text in enumerate([QUESTION, FOLLOW_UP], start=1):
                        updates = [
                            {"update_id": chat * 10 + number, **api.text_update(text, chat_id=chat)}
                            for chat in chats
                        ]
                        posts = [client.post("/telegram", json=u, headers=headers) for u in updates]
                        assert all(r.status_code == 200 for r in await asyncio.gather(*posts))
                        await asyncio.gather(*(api.wait_sent(chat, count=number) for chat in chats))
                assert all(kept_context(api.sent(chat)[-1].params["text"]) for chat in chats)
                crossed = [c for c in chats if len(set(server.handled(c, "tg")["answered"])) == 2]
                if crossed:
                    break
            assert crossed, "no follow-up reached the other worker: the test proved nothing"
            assert len(api.sent(method="setWebhook")) >= 1
        finally:
            await asyncio.to_thread(server.stop)
