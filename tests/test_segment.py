"""Every domain word segments as one word."""

from __future__ import annotations

import pytest

from bot.knowledge import load

KB = load()
USERDICT = sorted(KB.domain_words)


@pytest.mark.parametrize("word", USERDICT)
def test_userdict_word_is_one_token(engine, word: str) -> None:
    assert word in engine.segmenter.cut(f"我想问{word}的事")


@pytest.mark.parametrize("alias", sorted(KB.platforms))
def test_platform_alias_is_one_token(engine, alias: str) -> None:
    assert alias.lower() in engine.segmenter.cut(f"我的{alias.lower()}逾期了")


def test_domain_sentence(engine) -> None:
    assert engine.segmenter.cut("被列为失信被执行人会限制消费吗") == [
        "被",
        "列为",
        "失信被执行人",
        "会",
        "限制消费",
        "吗",
    ]
