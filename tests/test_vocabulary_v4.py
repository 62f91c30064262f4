"""Wording from the fourth gathering of real questions and after: words that were split into
characters segment whole (faq/userdict.txt), lenders' names are left out of matching, and
polite debt questions are not greetings. (Its variant twins and lenders are in
test_word_variants.py.)"""

from __future__ import annotations

import pytest

from bot import text as textlib
from bot.engine import Engine


def test_freezing_reads_the_same_however_it_is_written(engine: Engine) -> None:
    # '冻银行卡' is '冻结银行卡': both are answered, and both say that only a court (or
    # another authority) can freeze the asker's own money. Which intent and topic answers
    # it is the intents' business (a threat of freezing, or a court's freeze).
    short, full = engine.answer("网贷逾期会冻银行卡吗"), engine.answer("网贷逾期会冻结银行卡吗")
    assert short.intent in {"lawsuit", "account_restrictions"}
    assert full.intent in {"lawsuit", "account_restrictions"}
    assert "有权机关" in short.answer and "有权机关" in full.answer


def _tokens(engine: Engine, question: str) -> tuple[str, ...]:
    simplified, _ = textlib.simplify(textlib.normalise(question))
    return engine.matcher.analyse(simplified).tokens


@pytest.mark.parametrize(
    ("question", "whole", "split"),
    [
        ("讨债公司怎么会查到家人电话号码", "家人", "到家"),  # not 查/到家/人: no home visit
        ("信用卡账单逾期3天了", "账单", "单"),
        ("零钱被冻结了怎么办", "零钱", "钱"),
        ("催收的话术有哪些", "话术", "术"),
        ("非恶意逾期证明必须去开户行吗", "开户行", "户"),
        ("借2000到手1400合法吗", "到手", "手"),
        ("被他人冒名贷款怎么办", "冒名贷款", "冒"),  # credit_repair's keyword, whole
    ],
)
def test_words_split_into_characters_before_are_whole(
    engine: Engine, question: str, whole: str, split: str
) -> None:
    tokens = _tokens(engine, question)
    assert whole in tokens and split not in tokens


def test_what_is_going_on_names_no_topic(engine: Engine) -> None:
    # '是怎么回事' (cut 怎么/回事) asks why, it names no topic: '回事' pulled such questions to
    # account_restrictions' '额度没了是怎么回事'.
    assert "回事" not in _tokens(engine, "网贷催收突然停了是怎么回事")
    assert engine.answer("网贷催收突然停了是怎么回事").intent != "account_restrictions"


def test_a_lender_name_does_not_eat_the_next_word(engine: Engine) -> None:
    # '小赢卡贷款' is 小赢卡 + 贷款, not 小赢卡贷 + 款.
    assert "贷款" in _tokens(engine, "小赢卡贷款逾期1天到底有没有事")


@pytest.mark.parametrize(
    ("question", "dropped"),
    [
        ("工行信用卡逾期会上门吗", "工行"),  # a bank, like the banks already stopwords
        ("网贷逾期会冻结什么东西", "东西"),  # 'what things': no topic
        ("话费欠费多久会注销", "欠"),  # 欠费 is one word, not 欠 (owing a loan)
    ],
)
def test_words_that_name_no_topic_are_not_tokens(
    engine: Engine, question: str, dropped: str
) -> None:
    assert dropped not in _tokens(engine, question)


@pytest.mark.parametrize(
    ("question", "lender", "intents"),
    [
        ("美团多久会收到催收电话", "美团", {"phone_calls"}),
        ("京东金融逾期会找到单位吗", "京东金融", {"contact_address_book"}),
        ("安鑫花逾期了怎么办", "安鑫花", {"timeline", "negotiate_repayment"}),
    ],
)
def test_lenders_names_are_left_out_whole(
    engine: Engine, question: str, lender: str, intents: set[str]
) -> None:
    """A lender's name (platforms.yaml, a platform or `lenders`) says nothing about the
    topic: neither it nor its characters are matched ('京','东' had pulled '京东金融逾期会找到
    单位吗' to account_restrictions, '安','鑫','花' a question to contact_family)."""
    tokens = _tokens(engine, question)
    assert lender not in tokens and not set(lender) & set(tokens), tokens
    assert engine.answer(question).intent in intents


@pytest.mark.parametrize(
    "question",
    [
        "老师您好，我信用卡最近三期都没及时还款，短信说要上门，我该怎么办？谢谢老师！",
        "你好，网贷逾期了怎么办",
        "谢谢，我想问欠款一直不还会被起诉吗",
    ],
)
def test_a_polite_question_about_ones_debt_is_not_a_greeting(engine: Engine, question: str):
    """greeting.yaml's `excluded_by`: a message that asks about its own debt is answered for it
    (or honestly not), never with the bot's introduction."""
    assert engine.answer(question).intent != "greeting"


@pytest.mark.parametrize("question", ["你好", "谢谢", "你好，请问你能帮我解答逾期的问题吗"])
def test_greetings_stay_greetings(engine: Engine, question: str):
    assert engine.answer(question).intent == "greeting"
