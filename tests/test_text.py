"""Normalisation and script detection."""

from __future__ import annotations

import pytest

from bot.text import MAX_CHARS, has_text, is_traditional, normalise, to_simplified, to_traditional


def test_normalise_full_width_punctuation_emoji_and_spaces() -> None:
    assert normalise("  逾期３０天！！😭😭  会怎样？？\t\n") == "逾期30天 会怎样"


def test_normalise_drops_control_characters_and_caps_length() -> None:
    assert normalise("逾期\x00\x07\x1b[31m会\u200b上门吗") == "逾期 31m会 上门吗"
    assert len(normalise("逾" * 100_000)) == MAX_CHARS


@pytest.mark.parametrize(
    ("text", "traditional"),
    [
        ("會不會打電話給我父母", True),
        ("逾期會坐牢嗎", True),
        ("会不会打电话给我父母", False),
        ("逾期了怎么办", False),
        ("hello", False),
        ("逾期了 會怎樣", True),  # mixed: more traditional-only characters
    ],
)
def test_script_detection(text: str, traditional: bool) -> None:
    assert is_traditional(text) is traditional


def test_conversion_round_trip() -> None:
    assert to_simplified("緊急聯繫人") == "紧急联系人"
    assert to_traditional("紧急联系人") == "緊急聯繫人"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("😭😭", False), ("  ", False), ("？！", False), ("a", True), ("逾期", True), ("3", True)],
)
def test_has_text(text: str, expected: bool) -> None:
    assert has_text(text) is expected


def test_marks_inside_numbers_are_kept() -> None:
    assert normalise("逾期１,０００天！") == "逾期1000天"
    assert normalise("逾期1.5个月，2026-10-01到期") == "逾期1.5个月 2026-10-01到期"
    assert normalise("利率超过24%了吧？-5天") == "利率超过24%了吧 -5天"
    assert normalise("好.吧-你看%") == "好 吧 你看"
