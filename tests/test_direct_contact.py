"""Contact, letters, collectors, family and inheritance, beyond the table of
tests/data/direct_answers.yaml: two points in one question, the intent a neighbouring question
must not take, and what a general answer opens with."""

from __future__ import annotations

import pytest
from direct import TODAY, first_two

from bot.engine import Engine


def test_a_letter_and_the_emergency_contact_are_both_answered(engine: Engine) -> None:
    reply = engine.answer("美团逾期寄了催告函会通知我的紧急联系人吗", today=TODAY)
    assert {reply.intent, reply.also} == {"mail_notice", "contact_family"}


def test_a_feared_address_book_blast_is_not_answered_as_done(engine: Engine) -> None:
    reply = engine.answer("花呗逾期两周会被爆通讯录吗", today=TODAY)
    assert reply.intent == "contact_address_book" and reply.topic is None
    opening = first_two(reply.answer)
    assert opening.startswith("不应该") and "先留证再投诉" not in opening


def test_the_general_legality_answer_opens_with_what_is_not_allowed(engine: Engine) -> None:
    reply = engine.answer("催收联系我的亲友，合法吗", today=TODAY)
    assert reply.intent == "contact_legality" and reply.topic is None
    assert first_two(reply.answer).startswith("向别人透露你的欠款")


def test_abusive_collection_messages_are_a_complaint_question(engine: Engine) -> None:
    assert engine.answer("催收一直发恶意短信骚扰我", today=TODAY).intent == "harassment_complaint"


def test_a_fake_police_call_stays_a_scam_question(engine: Engine) -> None:
    reply = engine.answer("警察打电话说我涉嫌诈骗", today=TODAY)
    assert reply.intent == "scam_warning", (reply.intent, reply.topic)


@pytest.mark.parametrize(
    "question", ["收到法院的诉前调解短信说要冻结我的银行卡是真的吗", "网贷发来诉前调解的短信怎么办"]
)
def test_pre_litigation_mediation_is_a_court_matter(engine: Engine, question: str) -> None:
    reply = engine.answer(question, today=TODAY)
    assert reply.intent == "lawsuit", (question, reply.intent)
    assert "不是法院文书" not in first_two(reply.answer)


def test_ones_overdue_and_the_familys_loans_is_a_credit_question(engine: Engine) -> None:
    reply = engine.answer("我欠信用卡会不会影响家里人的贷款", today=TODAY)
    assert reply.topic == "family_liability.credit"
    assert "不会出现在" in first_two(reply.answer)


def test_inheritance_order_is_not_a_dead_borrowers_debt(engine: Engine) -> None:
    assert engine.answer("女婿是第几顺序继承人", today=TODAY).intent != "death_inheritance"


def test_traditional_question_gets_the_same_topic(engine: Engine) -> None:
    reply = engine.answer("擔保人承擔的責任期限?")
    assert reply.topic == "family_liability.guarantee_period"
    assert "6個月" in first_two(reply.answer)
