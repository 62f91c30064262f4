"""End to end: the real Application long polling a stand-in Bot API on 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from conftest import TODAY
from fake_bot_api import BOT, FakeBotApi, running_bot
from telegram.error import NetworkError

from bot.engine import Engine, Reply
from bot.telegram_bot import TelegramSettings, build_application, initialize

GROUP = -100200300


@pytest.fixture()
def oracle(engine: Engine) -> Engine:
    """A second engine over the same knowledge base: what the bot should say."""
    return Engine(engine.kb, today=lambda: TODAY)


@pytest.fixture()
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as server:
        yield server


@pytest.fixture()
async def bot(api: FakeBotApi, fresh_engine: Engine) -> AsyncIterator[FakeBotApi]:
    """The stand-in server with the bot polling it."""
    async with running_bot(api, fresh_engine):
        yield api


def expected_buttons(reply: Reply, oracle: Engine) -> list[tuple[str, str]]:
    """The buttons a reply's suggestions should become, spelled out by hand, then 👍 / 👎."""
    script = ":t" if reply.traditional else ""
    examples = oracle.examples(reply.traditional)
    buttons = []
    for index, label in enumerate(reply.suggestions):
        if index < len(reply.suggestion_intents):
            buttons.append((label, f"q:{reply.suggestion_intents[index]}{script}"))
        else:
            buttons.append((label, f"ex:{examples.index(label)}{script}"))
    if reply.intent not in (None, "greeting"):
        about = reply.topic or reply.intent
        up, down = "👍 有用", "👎 没用"
        if reply.traditional:
            up, down = "👍 有用", "👎 沒用"
        buttons += [(up, f"f:+:{about}{script}"), (down, f"f:-:{about}{script}")]
    return buttons


@pytest.mark.parametrize(
    "question",
    ["逾期会联系我家人吗", "逾期會聯繫我家人嗎", "逾期45天会怎样", "网贷", "今天天气真不错"],
)
async def test_a_question_is_answered_with_suggestion_buttons(
    bot: FakeBotApi, oracle: Engine, question: str
) -> None:
    bot.send_text(question, chat_id=11)
    (sent,) = await bot.wait_sent(11)
    reply = oracle.answer(question)
    assert reply.suggestions, "every reply offers something to press"
    assert sent.params["text"].startswith(reply.answer)
    assert sent.buttons == expected_buttons(reply, oracle)
    assert "parse_mode" not in sent.params  # plain text: nothing in an answer can break it


async def test_traditional_question_gets_a_traditional_reply_and_buttons(
    bot: FakeBotApi, oracle: Engine
) -> None:
    bot.send_text("逾期會聯繫我家人嗎", chat_id=12)
    (sent,) = await bot.wait_sent(12)
    assert "聯繫" in sent.params["text"] and "联系" not in sent.params["text"]
    assert all(data.endswith(":t") for _, data in sent.buttons)
    bot.press(sent.buttons[0][1], chat_id=12)
    pressed = (await bot.wait_sent(12, 2))[1]
    label = sent.buttons[0][0]
    assert pressed.params["text"].startswith(oracle.answer(label).answer)
    assert oracle.answer(label).traditional


async def test_a_day_count_gets_its_stage(bot: FakeBotApi) -> None:
    bot.send_text("逾期45天会怎样", chat_id=13)
    (sent,) = await bot.wait_sent(13)
    assert "你现在逾期45天" in sent.params["text"]


async def test_a_button_press_is_acknowledged_and_answered(
    bot: FakeBotApi, oracle: Engine
) -> None:
    bot.press("q:contact_family", chat_id=14)
    (answered,) = await bot.wait_sent(method="answerCallbackQuery")
    (sent,) = await bot.wait_sent(14)
    assert answered.params["callback_query_id"].startswith("query-")
    expected = oracle.answer(oracle.question_of("contact_family"))
    assert sent.params["text"].startswith(expected.answer)
    assert sent.buttons == expected_buttons(expected, oracle)


async def test_stale_or_forged_button_data_is_acknowledged_and_ignored(bot: FakeBotApi) -> None:
    for data in ("q:no_such_intent", "ex:99", "ex:-1", "zz:top", ""):
        bot.press(data, chat_id=15)
    bot.send_text("逾期会上门吗", chat_id=15)
    sent = await bot.wait_sent(15)
    assert len(bot.sent(method="answerCallbackQuery")) == 5
    assert len(sent) == 1  # only the question was answered


async def test_a_follow_up_keeps_platform_and_days_per_chat(
    bot: FakeBotApi, oracle: Engine
) -> None:
    bot.send_text("分期乐逾期20天", chat_id=16)
    await bot.wait_sent(16)
    bot.send_text("那会上门吗", chat_id=16)
    follow_up = (await bot.wait_sent(16, 2))[1]
    oracle.answer("分期乐逾期20天", user="u")
    expected = oracle.answer("那会上门吗", user="u")
    assert (expected.days, expected.platform) == (20, "分期乐")
    assert follow_up.params["text"].startswith(expected.answer)
    assert "逾期20天" in follow_up.params["text"]
    bot.send_text("那会上门吗", chat_id=17)  # another chat has no such context
    (other,) = await bot.wait_sent(17)
    assert "逾期20天" not in other.params["text"]


async def test_start_help_and_timeline(bot: FakeBotApi, oracle: Engine) -> None:
    for command in ("/start", "/help", "/timeline", "/timeline 45", "/timeline 很久"):
        bot.send_text(command, chat_id=18)
    start, help_, whole, day45, garbage = await bot.wait_sent(18, 5)
    examples = [(text, f"ex:{i}") for i, text in enumerate(oracle.examples())]
    assert start.params["text"].startswith(oracle.message("welcome"))
    assert help_.params["text"].startswith(oracle.message("help"))
    assert start.buttons == help_.buttons == examples
    assert whole.params["text"] == oracle.timeline() == garbage.params["text"]
    assert day45.params["text"] == oracle.timeline(45)
    bot.press("ex:0", chat_id=118)  # another user: chat 18 has used up its burst of five
    (pressed,) = await bot.wait_sent(118)
    assert pressed.params["text"].startswith(oracle.answer(oracle.examples()[0]).answer)


async def test_a_traditional_app_language_gets_traditional_help(
    bot: FakeBotApi, oracle: Engine
) -> None:
    bot.send_text("/help", chat_id=19, language="zh-hant")
    (sent,) = await bot.wait_sent(19)
    assert sent.params["text"].startswith(oracle.message("help", traditional=True))
    assert sent.buttons[0] == (oracle.examples(traditional=True)[0], "ex:0:t")


async def test_in_groups_the_bot_answers_only_when_addressed(
    bot: FakeBotApi, oracle: Engine
) -> None:
    handle = "@" + BOT["username"]
    group = {"chat_id": GROUP, "chat_type": "supergroup"}
    bot.send_text("逾期会上门吗", user_id=21, **group)
    bot.send_text("/timeline@someone_else_bot 45", user_id=21, **group)
    bot.send_text(f"{handle} 逾期会上门吗", user_id=21, **group)
    bot.send_text("会上征信吗", user_id=22, reply_to_bot=True, **group)
    bot.send_text(f"/timeline{handle} 45", user_id=23, **group)
    mention, reply, command = await bot.wait_sent(GROUP, 3)
    assert mention.params["text"].startswith(oracle.answer("逾期会上门吗").answer)
    assert reply.params["text"].startswith(oracle.answer("会上征信吗").answer)
    assert command.params["text"] == oracle.timeline(45)
    assert all("reply_parameters" in call.params for call in (mention, reply, command))
    assert len(bot.sent(GROUP)) == 3  # per-chat order: the unaddressed two came first, unanswered


async def test_a_photo_gets_the_non_text_reply(bot: FakeBotApi, oracle: Engine) -> None:
    bot.send_photo(chat_id=24)
    (sent,) = await bot.wait_sent(24)
    assert sent.params["text"] == oracle.message("non_text")


async def test_a_flood_is_limited_per_user_with_one_notice(
    api: FakeBotApi, fresh_engine: Engine, oracle: Engine
) -> None:
    async with running_bot(api, fresh_engine, user_rate=0.001, user_burst=5):
        for _ in range(12):
            api.send_text("逾期会上门吗", chat_id=31)
        api.send_text("逾期会上门吗", chat_id=32)
        await api.wait_sent(32)
        api.press("q:contact_family", chat_id=31)  # handled after all of chat 31's messages
        await api.wait_sent(method="answerCallbackQuery")
    texts = [call.params["text"] for call in api.sent(31)]
    assert len(texts) == 6
    assert texts[5] == oracle.message("rate_limited")
    assert all(text.startswith(oracle.answer("逾期会上门吗").answer) for text in texts[:5])


async def test_a_handler_error_is_logged_and_apologised_for(
    api: FakeBotApi,
    fresh_engine: Engine,
    oracle: Engine,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    answer = fresh_engine.answer
    failures = [RuntimeError("engine exploded")]

    def fail_once(text: str, user: str | None = None) -> Reply:
        if failures:
            raise failures.pop()
        return answer(text, user=user)

    monkeypatch.setattr(fresh_engine, "answer", fail_once)
    caplog.set_level(logging.INFO, logger="bot.telegram")
    async with running_bot(api, fresh_engine):
        api.send_text("逾期会上门吗", chat_id=33)
        api.send_text("逾期会上门吗", chat_id=33)
        apology, answer_sent = await api.wait_sent(33, 2)
    assert apology.params["text"] == oracle.message("error")
    assert answer_sent.params["text"].startswith(oracle.answer("逾期会上门吗").answer)
    failed = [r for r in caplog.records if r.getMessage().startswith("update failed user=tg:")]
    assert len(failed) == 1 and failed[0].exc_info is not None


async def test_logs_carry_a_hashed_id_intent_and_latency_never_text(
    api: FakeBotApi, fresh_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="httpx")  # main() in an earlier test quietened it
    async with running_bot(api, fresh_engine):
        api.send_text("我在分期乐借的逾期会联系我家人吗", chat_id=987654321)
        await api.wait_sent(987654321)
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("HTTP Request: POST") and "<token>" in line for line in lines)
    answered = [line for line in lines if line.startswith("answered ")]
    assert len(answered) == 1
    assert "intent=contact_family" in answered[0] and "latency_ms=" in answered[0]
    assert "user=tg:" in answered[0]
    logged = "\n".join(lines)
    assert "987654321" not in logged and "分期乐" not in logged and api.token not in logged


async def test_getupdates_502_is_retried_and_polling_recovers(bot: FakeBotApi) -> None:
    bot.fail("getUpdates", 502, times=2)
    bot.send_text("逾期会上门吗", chat_id=34)  # answered now: the long poll in flight returns it
    await bot.wait_sent(34)
    bot.send_text("逾期会上征信吗", chat_id=34)  # fetched only after the two 502s
    await bot.wait_sent(34, 2)
    assert [call.method for call in bot.failed] == ["getUpdates", "getUpdates"]


async def test_a_502_on_send_is_retried(bot: FakeBotApi) -> None:
    bot.fail("sendMessage", 502, times=1)
    bot.send_text("逾期会上门吗", chat_id=35)
    failed, delivered = await bot.wait_sent(35, 2)
    assert failed.params["text"] == delivered.params["text"]
    assert bot.failed == [failed]


async def test_a_slow_chat_does_not_hold_up_another(bot: FakeBotApi) -> None:
    bot.fail("sendMessage", 502, times=1)
    bot.send_text("逾期会上门吗", chat_id=38)
    await bot.wait_sent(38)  # the failed attempt: chat 38 now waits half a second to retry
    bot.send_text("逾期会上门吗", chat_id=39)
    await bot.wait_sent(39)
    assert len(bot.sent(38)) == 1  # 39 was answered while 38 was still waiting
    await bot.wait_sent(38, 2)


async def test_startup_survives_a_502_from_getme(api: FakeBotApi, fresh_engine: Engine) -> None:
    api.fail("getMe", 502, times=1)
    async with running_bot(api, fresh_engine):
        api.send_text("逾期会上门吗", chat_id=36)
        await api.wait_sent(36)
    assert [call.method for call in api.failed] == ["getMe"]


async def test_startup_gives_up_when_the_bot_api_stays_down(
    api: FakeBotApi, fresh_engine: Engine
) -> None:
    api.fail("getMe", 502, times=3)
    settings = TelegramSettings(token=api.token, base_url=api.base_url)
    application = build_application(fresh_engine, settings)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await initialize(application, attempts=3, first_delay=0.01)
    assert len(api.sent(method="getMe")) == 3


async def test_a_long_reply_is_split_with_buttons_under_the_last_piece(
    api: FakeBotApi, fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fresh_engine.answer("逾期会上门吗")
    paragraph = "逾期后的处理各平台不同。" * 30
    long = replace(real, answer="\n\n".join([paragraph] * 25))
    monkeypatch.setattr(fresh_engine, "answer", lambda text, user=None: long)
    async with running_bot(api, fresh_engine):
        api.send_text("逾期会上门吗", chat_id=37)
        await api.wait_sent(37, 3)
    pieces = api.sent(37)
    assert len(pieces) == 3
    assert all(len(p.params["text"]) <= 4096 for p in pieces)
    assert [bool(p.buttons) for p in pieces] == [False, False, True]
    assert "".join(p.params["text"] for p in pieces).replace("\n", "").startswith(
        long.answer.replace("\n", "")
    )
