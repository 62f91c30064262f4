"""Feedback counts and last answers: in memory, and in a real redis-server on loopback."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis_server import RedisServer, free_port

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


@pytest.fixture()
def redis_url(redis_server: RedisServer) -> str:
    """The session's real redis-server (it skips without one), database 7 for these tests."""
    return redis_server.url.removesuffix("/0") + "/7"


@pytest.fixture()
async def workers(redis_url: str) -> AsyncIterator[list[RedisFeedback]]:
    """Two stores on one Redis, each with its own link, as two server workers have."""
    from bot.redis_link import RedisLink

    stores = [RedisFeedback(RedisLink(redis_url)) for _ in range(2)]
    yield stores
    await stores[0].link.client.flushdb()
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
    raw = await one.link.client.hgetall("overdue-bot:feedback:contact_family")
    assert raw == {"up": "1", "down": "1", "contact_family.spouse:up": "1"}


async def test_redis_last_answer_is_voted_on_once_across_workers(
    workers: list[RedisFeedback],
) -> None:
    one, two = workers
    one.remember("wx:u", Answered("lawsuit", "lawsuit.summons", "法院传票<号码>"))
    await one.aclose_pending()
    assert await two.recall("wx:u") == Answered("lawsuit", "lawsuit.summons", "法院传票<号码>")
    assert await one.recall("wx:u") is None  # taken by the other worker already
    key = "overdue-bot:last:wx:v"
    assert await one.link.client.ttl(key) == -2  # nothing stored for a user who got no answer
    one.remember("wx:v", Answered("lawsuit"))
    await one.aclose_pending()
    assert 0 < await one.link.client.ttl(key) <= 1800
    one.forget("wx:v")
    await one.aclose_pending()
    assert await two.recall("wx:v") is None


async def test_without_redis_the_counts_go_on_in_memory(caplog: pytest.LogCaptureFixture) -> None:
    from bot.redis_link import RedisLink

    dead = f"redis://127.0.0.1:{free_port()}/0"
    store = RedisFeedback(RedisLink(dead, timeout=0.2))
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
