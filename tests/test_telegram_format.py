"""Message splitting, button data and settings of the Telegram front end."""

from __future__ import annotations

import pytest

from bot.engine import Reply
from bot.telegram_bot import SettingsError, TelegramSettings, api_urls
from bot.telegram_format import (
    callback_data,
    parse_callback,
    split_message,
    suggestion_keyboard,
    units,
)
from bot.telegram_handlers import timeline_days


def test_a_short_message_is_one_piece() -> None:
    assert split_message("逾期会上门吗？\n\n不会随便上门。") == ["逾期会上门吗？\n\n不会随便上门。"]


def test_a_long_message_is_cut_at_paragraphs_under_the_limit() -> None:
    paragraphs = [f"第{i}段。" + "催收必须守规矩。" * 40 for i in range(40)]
    text = "\n\n".join(paragraphs)
    pieces = split_message(text)
    assert len(pieces) > 1
    assert all(units(piece) <= 4096 for piece in pieces)
    assert "\n\n".join(pieces) == text  # every cut fell between paragraphs


def test_emoji_count_twice_and_text_without_breaks_is_cut_hard() -> None:
    text = "😀" * 5000
    pieces = split_message(text)
    assert [units(p) for p in pieces] == [4096, 4096, 1808]  # 5000 emoji: 10000 units
    assert "".join(pieces) == text
    assert split_message("字" * 9000, limit=4096) == ["字" * 4096, "字" * 4096, "字" * 808]


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ("q:contact_family", ("q", "contact_family", False)),
        ("q:contact_family:t", ("q", "contact_family", True)),
        ("ex:3", ("ex", "3", False)),
        ("ex:3:t", ("ex", "3", True)),
        ("zz:contact_family", ("", "", False)),
        ("q:", ("", "", False)),
        ("", ("", "", False)),
        (None, ("", "", False)),
    ],
)
def test_button_data_round_trip(data: str | None, parsed: tuple[str, str, bool]) -> None:
    assert parse_callback(data) == parsed


def test_button_data_beyond_64_bytes_is_dropped() -> None:
    assert callback_data("q", "a" * 60, traditional=False) == "q:" + "a" * 60
    assert callback_data("q", "a" * 61, traditional=True) is None
    reply = Reply(
        intent="x", score=1.0, days=None, platform=None, answer="…",
        suggestions=("短的问题", "太长的"), suggestion_intents=("short", "a" * 70),
    )
    markup = suggestion_keyboard(reply, examples=[])
    assert markup is not None
    assert [[b.callback_data for b in row] for row in markup.inline_keyboard] == [["q:short"]]


@pytest.mark.parametrize(
    ("args", "days"),
    [(None, None), ([], None), (["45"], 45), (["45天"], 45), (["-3"], None), (["abc"], None),
     (["99999999999999999999"], None)],
)
def test_timeline_argument(args: list[str] | None, days: int | None) -> None:
    assert timeline_days(args) == days


@pytest.mark.parametrize(
    ("given", "urls"),
    [
        ("http://localhost:8081", ("http://localhost:8081/bot", "http://localhost:8081/file/bot")),
        ("http://localhost:8081/", ("http://localhost:8081/bot", "http://localhost:8081/file/bot")),
        ("http://h:1/bot", ("http://h:1/bot", "http://h:1/file/bot")),
    ],
)
def test_base_url_of_a_self_hosted_server(given: str, urls: tuple[str, str]) -> None:
    assert api_urls(given) == urls


def test_settings_need_a_well_formed_token() -> None:
    with pytest.raises(SettingsError, match="not set"):
        TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "  "})
    with pytest.raises(SettingsError, match="does not look like") as caught:
        TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "123:abc/def"})
    assert "abc/def" not in str(caught.value)
    settings = TelegramSettings.from_env(
        {"TELEGRAM_BOT_TOKEN": " 123:abc \n", "TELEGRAM_BASE_URL": "http://h:1"}, poll_timeout=5
    )
    assert (settings.token, settings.base_url) == ("123:abc", "http://h:1")
    assert settings.poll_timeout == 5
