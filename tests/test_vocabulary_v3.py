"""Wording from the third gathering of real questions: a product name is not read as words, and
'会怎么处理' asks what happens. (Its regional twins and lenders are in test_word_variants.py.)"""

from __future__ import annotations

from bot.engine import Engine


def test_a_product_name_is_not_read_as_words(engine: Engine) -> None:
    # '放心借' split into 放心/借 added two words no intent uses; as a platform it is dropped.
    tokens = engine.matcher.analyse("放心借逾期了会上门吗").tokens
    assert "放心" not in tokens and "上门" in tokens


def test_what_will_happen_is_not_how_is_it(engine: Engine) -> None:
    # '会怎么样' asks what happens next (会怎样); a bare '怎么样' ('天气怎么样') names no topic.
    tokens = engine.matcher.analyse("逾期三天会怎么样").tokens
    assert "会怎样" in tokens and "怎么样" not in tokens
    assert engine.answer("逾期三天会怎么样").intent == "timeline"
