"""👍 / 👎 under Telegram answers and the misses log, against the stand-in Bot API."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import TODAY
from fake_bot_api import FakeBotApi, running_bot

from bot.curator import Curator
from bot.engine import Engine
from bot.feedback import MemoryFeedback, Tally
from bot.misses import MissLog


@pytest.fixture()
def curator(tmp_path: Path) -> Curator:
    return Curator(MemoryFeedback(), MissLog(tmp_path / "misses.jsonl"))


@pytest.fixture()
async def bot(fresh_engine: Engine, curator: Curator) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as api, running_bot(api, fresh_engine, curator=curator):
        yield api


def records(curator: Curator) -> list[dict]:
    assert curator.misses is not None
    path = curator.misses.path
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


async def test_an_answer_carries_vote_buttons_and_a_vote_is_counted_once(
    bot: FakeBotApi, curator: Curator, engine: Engine
) -> None:
    oracle = Engine(engine.kb, today=lambda: TODAY)
    expected = oracle.answer("逾期会上征信吗")
    bot.send_text("逾期会上征信吗", chat_id=41)
    (sent,) = await bot.wait_sent(41)
    about = expected.topic or expected.intent
    assert sent.buttons[-2:] == [("👍 有用", f"f:+:{about}"), ("👎 没用", f"f:-:{about}")]
    assert len(sent.buttons) == len(expected.suggestions) + 2  # the suggestions are still there
    assert all(len(data.encode()) <= 64 for _, data in sent.buttons)
    for _ in range(2):  # the same message pressed twice
        bot.press(f"f:+:{about}", chat_id=41, message_id=777)
    answered = await bot.wait_sent(method="answerCallbackQuery", count=2)
    assert [c.params.get("text") for c in answered] == [oracle.message("feedback_thanks")] * 2
    counts = await curator.store.counts()
    assert counts[expected.intent] == Tally(1, 0)
    if expected.topic:
        assert counts[expected.topic] == Tally(1, 0)
    assert len(await bot.wait_sent(41)) == 1  # a vote sends no new message


async def test_a_downvote_logs_the_scrubbed_question(bot: FakeBotApi, curator: Curator) -> None:
    question = "我叫陈建国 电话 186-0000-1111 逾期会上门吗"
    bot.send_text(question, chat_id=987654321)
    (sent,) = await bot.wait_sent(987654321)
    up, down = sent.buttons[-2:]
    bot.press(down[1], chat_id=987654321, message_id=901)
    await bot.wait_sent(method="answerCallbackQuery")
    (vote,) = [r for r in records(curator) if r["kind"] == "downvote"]
    assert vote["front"] == "tg" and vote["question"] == "我叫<姓名> 电话 <电话> 逾期会上门吗"
    assert curator.misses is not None
    assert "987654321" not in curator.misses.path.read_text()  # no chat or user id
    assert "tg:" not in curator.misses.path.read_text()  # not even the hashed one


async def test_misses_are_logged_and_fallbacks_get_no_vote_buttons(
    bot: FakeBotApi, curator: Curator
) -> None:
    bot.send_text("帮我查一下我的公积金余额", chat_id=43)
    (sent,) = await bot.wait_sent(43)
    assert not any(data.startswith("f:") for _, data in sent.buttons)
    (miss,) = records(curator)
    assert (miss["kind"], miss["front"], miss["intent"]) == ("no_intent", "tg", None)


@pytest.mark.parametrize("data", ["f:+:no_such_intent", "f:?:lawsuit", "f:+:", "f:-:lawsuit.nope"])
async def test_forged_votes_are_acknowledged_and_not_counted_wrongly(
    bot: FakeBotApi, curator: Curator, data: str
) -> None:
    bot.press(data, chat_id=44)
    await bot.wait_sent(method="answerCallbackQuery")
    counts = await curator.store.counts()
    assert counts == ({"lawsuit": Tally(0, 1)} if data == "f:-:lawsuit.nope" else {})
    assert bot.sent(44) == []
