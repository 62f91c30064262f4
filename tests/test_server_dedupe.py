"""Dedupe: one piece of work per message id, retries share its result."""

from __future__ import annotations

import asyncio

import pytest

from bot.dedupe import Dedupe, dedupe_key


async def test_a_retry_during_the_work_waits_for_the_same_result() -> None:
    dedupe, release, calls = Dedupe(), asyncio.Event(), []

    async def work() -> str:
        calls.append(1)
        await release.wait()
        return f"reply {len(calls)}"

    first = asyncio.create_task(dedupe.once("m1", work))
    await asyncio.sleep(0)  # the first attempt has recorded the id and started
    retries = [asyncio.create_task(dedupe.once("m1", work)) for _ in range(3)]
    await asyncio.sleep(0)
    assert not any(t.done() for t in [first, *retries])
    release.set()
    assert await asyncio.gather(first, *retries) == ["reply 1"] * 4
    assert calls == [1]


async def test_a_later_retry_gets_the_remembered_result() -> None:
    dedupe, calls = Dedupe(), []

    async def work() -> int:
        calls.append(1)
        return len(calls)

    assert await dedupe.once("m1", work) == 1
    assert await dedupe.once("m1", work) == 1
    assert await dedupe.once("m2", work) == 2
    assert await dedupe.once(None, work) == 3  # no id: never deduplicated
    assert await dedupe.once(None, work) == 4


async def test_ids_are_forgotten_after_the_ttl() -> None:
    now = [0.0]
    dedupe, calls = Dedupe(ttl=10, clock=lambda: now[0]), []

    async def work() -> int:
        calls.append(1)
        return len(calls)

    assert await dedupe.once("m1", work) == 1
    now[0] = 10.0
    assert await dedupe.once("m1", work) == 1
    now[0] = 20.5
    assert await dedupe.once("m1", work) == 2


async def test_size_is_bounded() -> None:
    dedupe = Dedupe(max_entries=3)

    async def work() -> None:
        return None

    for i in range(10):
        await dedupe.once(f"m{i}", work)
    assert len(dedupe) <= 4


async def test_a_failure_is_not_remembered_and_reaches_waiting_retries() -> None:
    dedupe, release = Dedupe(), asyncio.Event()
    attempts = []

    async def failing() -> str:
        attempts.append(1)
        await release.wait()
        raise RuntimeError("engine broke")

    first = asyncio.create_task(dedupe.once("m1", failing))
    await asyncio.sleep(0)
    retry = asyncio.create_task(dedupe.once("m1", failing))
    await asyncio.sleep(0)
    release.set()
    for task in (first, retry):
        with pytest.raises(RuntimeError):
            await task
    assert len(dedupe) == 0

    async def working() -> str:
        return "ok"

    assert await dedupe.once("m1", working) == "ok"
    assert attempts == [1]


def test_keys_name_the_endpoint_and_the_sender() -> None:
    from bot.wechat import inbound_of

    def key(sender: str, platform: str = "wx") -> str | None:
        msg = {"FromUserName": sender, "ToUserName": "gh_1", "MsgType": "text",
               "CreateTime": "1700000000", "Content": "hi", "MsgId": "42"}
        return inbound_of(msg, platform, b"salt").key

    assert len({key("oAlice"), key("oBob"), key("oAlice", "wecom")}) == 3
    assert key("oAlice") == key("oAlice")
    assert "oAlice" not in str(key("oAlice"))  # a salted tag, never the raw id
    assert dedupe_key("bridge", "u1", "42") != dedupe_key("gewechat", "u1", "42")


async def test_kept_bytes_are_bounded_and_counted_back_down() -> None:
    now = [0.0]
    dedupe = Dedupe(ttl=60, max_bytes=50_000, clock=lambda: now[0])

    async def reply() -> str:
        return "逾期" * 1000  # about 4 KB kept per entry

    for i in range(100):
        await dedupe.once(f"m{i}", reply)
        assert dedupe.bytes <= 50_000 + 5_000  # one entry past the bound at most, never more
    assert 5 <= len(dedupe) <= 13
    now[0] = 61.0
    await dedupe.once(None, reply)  # work without a key keeps nothing
    await dedupe.once("late1", reply)
    assert len(dedupe) == 1  # the old entries aged out
    entry_bytes = dedupe.bytes
    now[0] = 200.0
    await dedupe.once("late2", reply)
    assert len(dedupe) == 1 and dedupe.bytes == entry_bytes


async def test_a_failure_gives_its_bytes_back() -> None:
    dedupe = Dedupe()

    async def failing() -> str:
        raise RuntimeError("engine broke")

    with pytest.raises(RuntimeError):
        await dedupe.once("m1", failing)
    assert (len(dedupe), dedupe.bytes) == (0, 0)
