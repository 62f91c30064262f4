"""Shared state on a real redis-server: two links stand for two workers; outages fall back."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis
from redis_server import RedisServer, free_port

from bot.conversation import Context
from bot.dedupe_redis import RedisDedupe
from bot.engine import Engine
from bot.privacy import user_tag
from bot.ratelimit import RateLimiter
from bot.redis_link import PREFIX, RedisLink
from bot.responder import Inbound, Responder
from bot.state import MemoryState, Rest
from bot.state_redis import RedisState


@pytest.fixture()
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    """The session's Redis, emptied for each test."""
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    yield redis_server.url
    client.close()


@pytest.fixture()
async def links(redis_url: str) -> AsyncIterator[tuple[RedisLink, RedisLink]]:
    """Two links to one Redis, as two workers have."""
    first, second = RedisLink(redis_url), RedisLink(redis_url)
    yield first, second
    await first.aclose()
    await second.aclose()


def state(link: RedisLink, burst: int = 5, rate: float = 0.5) -> RedisState:
    return RedisState(link, rate, burst, MemoryState(RateLimiter(rate=rate, burst=burst)))


async def test_context_and_rest_written_by_one_worker_are_read_by_the_other(
    links: tuple[RedisLink, RedisLink],
) -> None:
    one, other = state(links[0]), state(links[1])
    turn = await one.begin("wx:u1", "wx:u1")
    assert turn.allowed and turn.context is None and turn.rest is None
    turn.put("wx:u1", Context(intent="door_visit", days=20, platform="分期乐"))
    turn.set_rest(Rest("第二段", traditional=True))
    await one.end(turn)
    seen = await other.begin("wx:u1", "wx:u1")
    assert seen.context == Context(intent="door_visit", days=20, platform="分期乐")
    assert seen.rest == Rest("第二段", traditional=True)
    seen.set_rest(None)
    await other.end(seen)
    assert (await one.begin("wx:u1", "wx:u1")).rest is None
    assert (await one.begin("wx:u2", "wx:u2")).context is None  # users do not mix


async def test_a_turn_has_reached_redis_when_it_ends(
    links: tuple[RedisLink, RedisLink], redis_url: str
) -> None:
    """The reply goes out only after its context is in Redis: the user's next message, at
    any worker, finds it however busy the machine is (a quick 有用 found no answer)."""
    one = state(links[0])
    turn = await one.begin("wx:u9", "wx:u9")
    turn.put("wx:u9", Context(intent="lawsuit", days=90, platform=None))
    await one.end(turn)  # no other turn of the event loop before the read below
    client = redis.Redis.from_url(redis_url)
    assert client.get(links[0].key("ctx", "wx:u9")) is not None
    client.close()


async def test_the_rate_limit_holds_across_workers(links: tuple[RedisLink, RedisLink]) -> None:
    workers = [state(links[0], burst=3, rate=0.001), state(links[1], burst=3, rate=0.001)]
    allowed = [(await workers[i % 2].begin("wx:flood", "wx:flood")).allowed for i in range(8)]
    assert allowed == [True] * 3 + [False] * 5
    assert (await workers[0].begin("wx:other", "wx:other")).allowed  # per user


async def test_every_key_expires_and_names_users_by_their_salted_tag(
    links: tuple[RedisLink, RedisLink], engine: Engine, redis_url: str
) -> None:
    fresh = Engine(engine.kb)
    responder = Responder(fresh, state(links[0]), RedisDedupe(links[0], ttl=300))
    tag = user_tag("wx", "oRawOpenId123", b"salt")
    await responder.respond(Inbound(tag, "text", "分期乐逾期20天会联系我家人吗", "wx:m1"), 300)
    await links[0].batch.drain()  # the writes are sent after the reply
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    keys = client.keys("*")
    assert {k.split(":")[1] for k in keys} == {"rate", "ctx", "rest", "dedupe"}
    for key in keys:
        assert key.startswith(PREFIX) and "oRawOpenId123" not in key
        assert 0 < client.ttl(key) <= 1800, key
    assert "oRawOpenId123" not in " ".join(str(client.dump(k)) for k in keys)
    client.close()


async def test_one_computation_for_copies_arriving_at_two_workers(
    links: tuple[RedisLink, RedisLink],
) -> None:
    dedupes = [RedisDedupe(links[0], ttl=60), RedisDedupe(links[1], ttl=60)]
    calls: list[int] = []

    async def work() -> str:
        calls.append(1)
        await asyncio.sleep(0.05)
        return f"reply {len(calls)}"

    copies = [dedupes[i % 2].once("wx:o1:m1", work) for i in range(20)]
    assert await asyncio.gather(*copies) == ["reply 1"] * 20
    assert calls == [1]
    # A retry long after, at a worker that never saw the message: the remembered reply.
    late = RedisDedupe(links[1], ttl=60)
    assert await late.once("wx:o1:m1", work) == "reply 1" and calls == [1]
    assert await late.once(None, work) == "reply 2"  # no id: never deduplicated


async def test_a_failed_answer_is_not_remembered(links: tuple[RedisLink, RedisLink]) -> None:
    dedupe = RedisDedupe(links[0], ttl=60)

    async def fails() -> str:
        raise RuntimeError("boom")

    async def works() -> str:
        return "ok"

    with pytest.raises(RuntimeError):
        await dedupe.once("wx:o1:m2", fails)
    assert await RedisDedupe(links[1], ttl=60).once("wx:o1:m2", works) == "ok"


async def test_a_worker_that_died_while_answering_is_taken_over(
    links: tuple[RedisLink, RedisLink],
) -> None:
    await links[0].client.set(RedisLink.key("dedupe", "wx:o1:m3"), "p", px=200)  # never finished

    async def work() -> str:
        return "answered here"

    dedupe = RedisDedupe(links[1], ttl=60, pending_ttl=0.2)
    assert await dedupe.once("wx:o1:m3", work) == "answered here"


async def test_without_redis_it_answers_from_memory_warns_once_and_comes_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = RedisServer(tmp_path)  # not started yet: nothing listens on its port
    link = RedisLink(server.url, probe_every=0.05)
    shared = state(link, burst=100)
    dedupe = RedisDedupe(link, ttl=60)
    calls: list[int] = []

    async def work() -> int:
        calls.append(1)
        return len(calls)

    with caplog.at_level(logging.WARNING, logger="bot.redis"):
        for i in range(5):
            turn = await shared.begin("wx:u", "wx:u")
            assert turn.allowed
            turn.put("wx:u", Context(intent="door_visit", days=i, platform=None))
            await shared.end(turn)
            await asyncio.sleep(0.02)
        assert (await shared.begin("wx:u", "wx:u")).context == Context("door_visit", 4, None)
        assert await dedupe.once("k1", work) == 1
        assert await dedupe.once("k1", work) == 1  # this worker still remembers
        warnings = [r.getMessage() for r in caplog.records]
        assert len(warnings) == 1 and "Redis unavailable" in warnings[0]
        server.start()
        try:
            await asyncio.sleep(0.1)
            turn = await shared.begin("wx:u", "wx:u")
            assert turn.context is None  # from Redis again, which never saw the outage's turns
            assert not link.down
            assert "Redis is back" in caplog.records[-1].getMessage()
        finally:
            server.kill()
    await link.aclose()


async def test_a_redis_that_never_answers_costs_a_timeout_once_a_second() -> None:
    with socket_that_never_answers() as port:
        link = RedisLink(f"redis://127.0.0.1:{port}/0", timeout=0.2)
        shared = state(link, burst=100)
        loop = asyncio.get_running_loop()
        started = loop.time()
        for _ in range(10):
            assert (await shared.begin("wx:u", "wx:u")).allowed
        assert loop.time() - started < 1.0  # one timeout, then memory until the next probe
        await link.aclose()


class socket_that_never_answers:  # noqa: N801 - used as a context manager
    """A listening socket that accepts connections and never replies."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", free_port()))
        self.sock.listen(16)
        return self.sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


async def test_a_batch_keeps_each_commands_own_error(links: tuple[RedisLink, RedisLink]) -> None:
    batch = links[0].batch
    await batch.execute("HSET", RedisLink.key("hash"), "f", "v")
    ok = batch.submit("SET", "a", "1")
    wrong = batch.submit("INCR", RedisLink.key("hash"))  # WRONGTYPE, in the same pipeline
    after = batch.submit("GET", "a")
    assert await ok and await after == "1"
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        await wrong
    assert not links[0].down


async def test_scripts_come_back_after_redis_forgot_them(
    links: tuple[RedisLink, RedisLink],
) -> None:
    shared = state(links[0])
    assert (await shared.begin("wx:u", "wx:u")).allowed
    await links[0].client.script_flush()  # as after a restart
    assert (await shared.begin("wx:u", "wx:u")).allowed
    assert not links[0].down
