"""Regression checks for the vocabulary traps fixed in faq/ (c4): words shared by two intents,
and ordinary product questions that only look like overdue ones. (Its lenders are in
test_word_variants.py.)"""

from __future__ import annotations

import pytest

from bot.engine import Engine

# (what the row guards, question, intent wanted; None = out of scope)
ROUTES = [
    ("报警: the lender reporting me", "信用卡逾期银行会报警吗", "lawsuit"),
    ("报警: me reporting collectors", "催收骚扰我可以报警吗", "harassment_complaint"),
    ("冻结: a court freezing a bank card", "法院冻结的银行卡多久能解冻", "lawsuit"),
    ("冻结: a platform freezing a limit", "逾期后额度被冻结了怎么办", "account_restrictions"),
    ("寄信 to a workplace is mail", "银行会不会寄信到我单位", "mail_notice"),
    ("children as the people contacted", "逾期了催收会找我孩子吗", "contact_family"),
    ("a spouse's own loans", "我征信不好会影响老婆贷款买房吗", "family_liability"),
    ("the lender demands everything", "平台要我一次性还清怎么办", "negotiate_repayment"),
    ("applying for credit after an overdue", "信用卡有逾期还能贷款吗", "credit_report"),
    ("an amount and no topic", "欠了5万逾期了", "timeline"),
    ("worn down by debt", "欠了20万压力好大", "distress"),
    ("overdue interest", "逾期后利息是多少", "penalty_fees"),
    ("waiving overdue interest", "逾期利息能减免吗", "negotiate_repayment"),
    ("ordinary loan interest", "花呗利息怎么算的", None),
    ("prepayment penalty", "提前还房贷要交违约金吗", None),
    ("ordinary card cash advance", "信用卡取现利息怎么算", None),
    ("a passport, not a loan", "护照逾期会怎么样", None),
    ("not overdue at all", "网贷没逾期会影响贷款吗", None),
    ("not overdue, yet chased", "没有逾期却接到催收电话", "scam_warning"),
]


@pytest.mark.parametrize(("row", "question", "intent"), ROUTES, ids=[r[0] for r in ROUTES])
def test_routes(engine: Engine, row: str, question: str, intent: str | None) -> None:
    assert engine.answer(question).intent == intent, row


def test_no_calls_topic_for_silence(engine: Engine) -> None:
    reply = engine.answer("京东金条逾期了怎么没有电话")
    assert reply.topic == "phone_calls.no_calls"


# Words holding 逾期 that say the user is NOT overdue (or that it is not a loan).
NOT_TROUBLE = {
    *("没有逾期", "没逾期", "从未逾期", "从没逾期", "没有过逾期"),
    *("护照逾期", "签证逾期", "驾照逾期"),
}


def test_keywords_holding_an_overdue_word_still_rule_out_out_of_scope(engine: Engine) -> None:
    # A keyword is a word of the splitter: '逾期几天' is one token, no longer '逾期'.
    kb = engine.kb
    ruled_out = kb.intents["out_of_scope"].excluded_by
    words = {k for i in kb.intents.values() if i.id != "out_of_scope" for k in i.keywords}
    missing = sorted(
        w
        for w in words
        if ("逾期" in w or "催" in w)
        and w not in NOT_TROUBLE
        and kb.synonyms.get(w, w) not in ruled_out
        and w not in ruled_out
    )
    assert not missing
    tokens = set(engine.matcher.analyse("信用卡逾期利息怎么算").tokens)
    assert engine.matcher._arbiter.trouble(tokens)
