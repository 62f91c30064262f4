"""Feedback counts and last answers: in memory, and in a real redis-server on loopback."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.curator import Curator
from bot.engine import Engine
from bot.feedback import Answered, MemoryFeedback, RedisFeedback, Tally, store_from_env
from bot.misses import MissLog


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_memory_counts_per_intent_and_topic() -> None:
    store = MemoryFeedback()
    await store.count("contact_family", "contact_family.spouse", True)
    await store.count("contact_family", None, False)
    await store.count("lawsuit", None, True)
    counts = await store.counts()
    assert counts == {
        "contact_family": Tally(1, 1),
        "contact_family.spouse": Tally(1, 0),
        "lawsuit": Tally(1, 0),
    }
    assert counts["contact_family"].rate == 0.5 and Tally().rate is None


async def test_memory_last_answer_is_taken_once_and_expires() -> None:
    clock = Clock()
    store = MemoryFeedback(ttl=60, max_users=2, clock=clock)
    store.remember("wx:a", Answered("lawsuit"))
    assert await store.recall("wx:a") == Answered("lawsuit")
    assert await store.recall("wx:a") is None  # one vote per answer
    store.remember("wx:b", Answered("lawsuit"))
    clock.now = 61
    assert await store.recall("wx:b") is None  # too long ago to be 'right after'
    for user in ("wx:1", "wx:2", "wx:3"):
        store.remember(user, Answered("greeting"))
    assert await store.recall("wx:1") is None and await store.recall("wx:3") is not None


# -- the curator: words after an answer ---------------------------------------------------


async def test_words_count_only_right_after_a_real_answer(
    fresh_engine: Engine, tmp_path: Path
) -> None:
    curator = Curator(MemoryFeedback(), MissLog(tmp_path / "m.jsonl"))
    assert await curator.take_word(fresh_engine, "wx:u", "有用") is None  # nothing to vote on
    question = "我叫张伟，逾期会联系我家人吗"
    reply = fresh_engine.answer(question, user="wx:u")
    curator.answered(fresh_engine, "wx:u", question, reply)
    assert await curator.take_word(fresh_engine, "wx:u", "你好") is None  # not a vote word
    sorry = await curator.take_word(fresh_engine, "wx:u", " 沒用！")
    assert sorry == fresh_engine.message("feedback_sorry", traditional=True)
    assert await curator.take_word(fresh_engine, "wx:u", "没用") is None  # voted already
    counts = await curator.store.counts()
    assert counts[reply.intent] == Tally(0, 1)
    (record,) = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert record["kind"] == "downvote" and record["intent"] == reply.intent
    assert record["question"] == "我叫<姓名>,逾期会联系我家人吗"
    assert "wx:u" not in json.dumps(record)
    fallback = fresh_engine.answer("今天天气怎么样", user="wx:v")
    curator.answered(fresh_engine, "wx:v", "今天天气怎么样", fallback)
    assert await curator.take_word(fresh_engine, "wx:v", "没用") is None  # nothing was answered


async def test_a_button_vote_counts_once_per_message(fresh_engine: Engine) -> None:
    curator = Curator()
    assert await curator.vote("tg:a", True, "lawsuit", None, "tg:a:1001")
    assert not await curator.vote("tg:a", True, "lawsuit", None, "tg:a:1001")
    assert await curator.vote("tg:a", False, "lawsuit", None, "tg:a:1002")
    assert (await curator.store.counts())["lawsuit"] == Tally(1, 1)


# -- Redis ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture()
async def workers(redis_url: str, request: pytest.FixtureRequest) -> AsyncIterator[list]:
    """Two stores on one Redis, as two server workers would have, with a prefix of their own."""
    import redis.asyncio as aioredis

    prefix = f"test-{request.node.name}:"
    stores = [
        RedisFeedback(aioredis.Redis.from_url(redis_url), prefix=prefix) for _ in range(2)
    ]
    yield stores
    async for key in stores[0].client.scan_iter(match=prefix + "*"):
        await stores[0].client.delete(key)
    for store in stores:
        await store.aclose()


async def test_redis_counts_are_shared_hashes_per_intent(workers: list[RedisFeedback]) -> None:
    one, two = workers
    await one.count("contact_family", "contact_family.spouse", True)
    await two.count("contact_family", None, False)
    await two.count("lawsuit", None, True)
    expected = {
        "contact_family": Tally(1, 1),
        "contact_family.spouse": Tally(1, 0),
        "lawsuit": Tally(1, 0),
    }
    assert await one.counts() == expected == await two.counts()
    raw = await one.client.hgetall(f"{one.prefix}feedback:contact_family")
    assert raw == {b"up": b"1", b"down": b"1", b"contact_family.spouse:up": b"1"}


async def test_redis_last_answer_is_voted_on_once_across_workers(
    workers: list[RedisFeedback],
) -> None:
    one, two = workers
    one.remember("wx:u", Answered("lawsuit", "lawsuit.summons", "法院传票<号码>"))
    await one.aclose_pending()
    assert await two.recall("wx:u") == Answered("lawsuit", "lawsuit.summons", "法院传票<号码>")
    assert await one.recall("wx:u") is None  # taken by the other worker already
    ttl = await one.client.ttl(f"{one.prefix}last:wx:v")
    assert ttl == -2  # nothing stored for a user who got no answer
    one.remember("wx:v", Answered("lawsuit"))
    await one.aclose_pending()
    assert 0 < await one.client.ttl(f"{one.prefix}last:wx:v") <= 1800
    one.forget("wx:v")
    await one.aclose_pending()
    assert await two.recall("wx:v") is None


async def test_without_redis_the_counts_go_on_in_memory(caplog: pytest.LogCaptureFixture) -> None:
    import redis.asyncio as aioredis

    dead = f"redis://127.0.0.1:{_free_port()}/0"
    store = RedisFeedback(aioredis.Redis.from_url(dead, socket_connect_timeout=0.2))
    await store.count("lawsuit", None, True)
    await store.count("lawsuit", None, True)  # within the second: memory at once, no new try
    store.remember("wx:u", Answered("lawsuit"))
    await store.aclose_pending()
    assert await store.recall("wx:u") == Answered("lawsuit")
    assert await MemoryFeedback.counts(store) == {"lawsuit": Tally(2, 0)}
    assert caplog.text.count("Redis unavailable") == 1  # once an outage, not once a vote
    await store.aclose()


async def test_the_store_follows_redis_url() -> None:
    assert type(store_from_env({})) is MemoryFeedback
    store = store_from_env({"REDIS_URL": "redis://127.0.0.1:1/0"})
    assert type(store) is RedisFeedback
    await store.aclose()


async def test_a_downvoted_miss_is_not_logged_twice(fresh_engine: Engine, tmp_path: Path) -> None:
    from bot.engine import Reply

    curator = Curator(MemoryFeedback(), MissLog(tmp_path / "m.jsonl"))
    unsure = Reply(intent="lawsuit", score=0.45, days=None, platform=None, answer="…")
    curator.answered(fresh_engine, "wx:u", "微信零钱会被划走吗", unsure)
    await curator.take_word(fresh_engine, "wx:u", "没用")
    miss, vote = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text().splitlines()]
    assert (miss["kind"], miss["question"]) == ("low_score", "微信零钱会被划走吗")
    assert vote["kind"] == "downvote" and "question" not in vote  # counted, not listed again


def test_faq_misses_reads_the_votes_from_redis(
    redis_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: Engine
) -> None:
    import asyncio

    from bot.misses_report import run as report

    async def vote() -> None:
        store = store_from_env({"REDIS_URL": redis_url})
        await store.count("door_visit", "door_visit.night", False)
        await store.count("door_visit", None, True)
        await store.aclose()

    asyncio.run(vote())
    log = tmp_path / "m.jsonl"
    log.write_text(json.dumps({"kind": "low_score", "question": "晚上会上门吗",
                               "intent": "door_visit"}, ensure_ascii=False) + "\n")
    assert report([log], engine, None, redis_url) == 0
    out = capsys.readouterr().out
    assert "votes from Redis (REDIS_URL)" in out
    assert "door_visit: 1 (low_score 1); helpful 1/2 (50%)" in out
    assert "door_visit.night: helpful 0/1 (0%)" in out
