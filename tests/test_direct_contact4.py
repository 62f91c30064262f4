"""Contact questions of round 4: not answering calls, refusing or awaiting a lawyer's letter,
letters to the workplace, photos on a visit, 12378, a spouse's debts, WeChat collectors: the
first two sentences say it."""

from __future__ import annotations

import pytest
from direct import TODAY, assert_direct, first_two

from bot.engine import Engine

# (question, intent.topic expected, the first two sentences contain, ... and do not contain)
CASES = [
    # not answering: the effect and the advice to stay reachable, not the card crime first
    (
        "网贷的催收电话不接会有什么后果",
        "unanswered_calls",
        ["欠款不会消失", "保持电话畅通"],
        ["恶意透支"],
    ),
    (
        "催收电话能不能不接",
        "unanswered_calls.must_answer",
        ["不是非接不可", "建议接"],
        ["恶意透支"],
    ),
    # lawyer's letters: refusing is allowed, the debt stays; no fixed time for one to come
    ("收到的律师函能拒收吗", "mail_notice.refuse", ["可以拒收", "欠款"], ["可能会"]),
    ("逾期以后多久能收到律师函", "mail_notice.when_sent", ["没有法律规定的时间", "律师函"], []),
    ("欠信用卡会收到律师函吗", "mail_notice.will_send_lawyer_letter", ["没有逾期几天就发"], []),
    ("律师函一般用哪家快递寄", "mail_notice.courier", ["没有固定用哪家"], []),
    # a letter at the workplace: the rule first, then what to do
    (
        "催款函寄到公司了如何处理",
        "mail_notice.sent_to_others",
        ["不应该让他们知道你欠钱", "单位"],
        ["先核对"],
    ),
    ("催收函会寄到公司吗", "mail_notice.to_hometown", ["可能会", "单位"], []),
    # photos on a visit: what matters is spreading them
    ("催收上门拍摄我家合不合法", "contact_legality.photo", ["照片", "第一千零三十八条"], []),
    ("上门催收的人给我家拍照了怎么办", "door_visit.photo", ["照片", "泄露"], ["不一定会上门"]),
    (
        "上门的催收员应该出示工作证吗",
        "door_visit.identity",
        ["受哪家机构委托", "核实"],
        ["不一定会上门"],
    ),
    (
        "催收发短信叫我回老家报到",
        "door_visit.report_back",
        ["不是法院或公安的要求", "12368"],
        ["不一定会上门"],
    ),
    # will I be chased: yes, calls are normal, not the lawsuit answer
    ("花呗逾期十天会被催收吗", "phone_calls", ["一般会打电话催收"], ["起诉"]),
    # 12378: what comes of a complaint, getting through
    (
        "向12378投诉以后有效果吗",
        "harassment_complaint.after_complaint",
        ["没有统一的说法", "找对渠道"],
        [],
    ),
    ("12378老是打不通", "harassment_complaint.get_through", ["工作日"], []),
    # the asker is the spouse: who must pay, not whether they will be called
    (
        "老公结婚前欠的网贷要我还吗",
        "family_liability.premarital",
        ["一般不用", "签了字"],
        ["可能会"],
    ),
    ("老婆偷偷借的钱我要还吗", "family_liability.spouse", ["夫妻共同债务"], ["可能会"]),
    # collectors on WeChat: the guideline's rule first
    ("催收员用个人微信加我", "scam_warning.wechat", ["可以不加", "社交软件"], []),
]


@pytest.mark.parametrize(("question", "where", "needles", "absent"), CASES)
def test_first_two_sentences_answer_the_point(
    engine: Engine, question: str, where: str, needles: list[str], absent: list[str]
) -> None:
    assert_direct(engine, question, where, needles)
    lead = first_two(engine.answer(question, today=TODAY).answer)
    for word in absent:
        assert word not in lead, (question, word, lead)


def test_card_holders_still_hear_the_card_rule_when_silent(engine: Engine) -> None:
    answer = engine.answer("信用卡逾期了一直不接银行电话", today=TODAY).answer
    assert "恶意透支" in answer


def test_the_card_rule_comes_last_in_the_general_reply(engine: Engine) -> None:
    answer = engine.answer("不接催收电话会怎么样", today=TODAY).answer
    assert "恶意透支" not in first_two(answer)
    assert answer.index("只针对信用卡") > answer.index("如果害怕接电话")


def test_a_feared_address_book_blast_is_not_answered_as_done(engine: Engine) -> None:
    reply = engine.answer("花呗逾期两周会被爆通讯录吗", today=TODAY)
    assert reply.intent == "contact_address_book" and reply.topic is None
    assert "一般不会" in first_two(reply.answer)


def test_ones_overdue_and_the_familys_loans_is_a_credit_question(engine: Engine) -> None:
    reply = engine.answer("我欠信用卡会不会影响家里人的贷款", today=TODAY)
    assert reply.topic == "family_liability.credit"
    assert "不会出现在" in first_two(reply.answer)


def test_abusive_collection_messages_are_a_complaint_question(engine: Engine) -> None:
    assert engine.answer("催收一直发恶意短信骚扰我", today=TODAY).intent == "harassment_complaint"
