"""Contact, visit, letter, family and life questions of round 2: the topic chosen and what the
reply's first two sentences say (steps first when it is already happening)."""

from __future__ import annotations

import pytest
from direct import TODAY, first_two

from bot.engine import Engine

# (question, intent.topic expected (intent alone: the general answer),
#  the first two sentences contain, ... and do not contain)
CASES = [
    # it is happening: the steps come first, not whether it may happen
    (
        "通讯录已经被催收打了该怎么处理",
        "contact_address_book.blast",
        ["留证", "12378"],
        ["一般不会"],
    ),
    ("碰到催收上门该怎么办", "door_visit.visited", ["核实", "不开门"], ["不一定会上门"]),
    ("催收打电话到我单位合法吗怎么处理", "contact_legality.employer", ["投诉", "记下号码"], []),
    ("催收打电话到我单位了怎么处理", "contact_address_book.employer", ["投诉", "记下号码"], []),
    ("外包催收上门了怎么办", "third_party_collection.door", ["核实", "不开门"], []),
    # collector numbers, area codes, collection gone quiet
    ("催收电话怎么都是0551开头", "phone_calls.many_numbers", ["区号", "6次"], []),
    ("借呗的催收号码是多少", "phone_calls.which_number", ["没有一个固定号码", "官方"], []),
    ("催收突然不打电话了是怎么回事", "phone_calls.no_calls", ["不等于没事", "12368"], []),
    (
        "借呗晚还会来电话吗要紧吗",
        "phone_calls.just_late",
        ["尽快还上", "没有法定天数"],
        ["恶意透支"],
    ),
    # 调解 may be a court's pre-litigation mediation, or a fake: verify on 12368
    ("收到调解中心的电话是真的吗", "third_party_collection.law_firm", ["诉前调解", "12368"], []),
    ("自称调解中心的人打电话催款", "third_party_collection.law_firm", ["诉前调解", "12368"], []),
    ("委外催收的公司打电话来", "third_party_collection", ["核实", "官方客服"], []),
    ("讨债公司合法吗", "contact_legality.collector_company", ["不违法", "不能乱来"], []),
    # the 村委会 called: an unrelated third party
    ("催收打电话给村委会了", "contact_address_book.village", ["无关", "投诉"], []),
    ("催收联系村干部合法吗", "contact_legality.village", ["不正当", "投诉"], []),
    ("说要去村委会找我", "door_visit.hometown", ["外访"], []),
    # visits: '去家里' / '到家来' are visits, not family calls or letters
    ("安逸花三个月没还会去家里吗", "door_visit", ["不一定会上门"], []),
    ("网贷逾期会到家来吗", "door_visit", ["不一定会上门"], ["寄"]),
    # the asked stage follows the first sentence (twopart stage_asks)
    ("逾期一年有什么后果会上门吗", "door_visit.consequences",
     ["不一定会上门", "罚息", "逾期半年至一年"], []),
    # signers and family
    ("担保人的征信会受影响吗", "family_liability.signer_credit", ["会", "没有法定天数"], []),
    (
        "离婚协议约定债务归他还有用吗",
        "family_liability.divorce",
        ["不能对抗债权人", "共同债务"],
        [],
    ),
    ("担保人可以免责吗", "family_liability.guarantee_period", ["6个月", "不再承担"], []),
    ("做别人的紧急联系人有风险吗", "family_liability.emergency_contact", ["不背这笔债"], []),
    ("网贷逾期了家里人会受到什么影响", "family_liability", ["不用替你还", "配偶"], []),
    # letters, life, inheritance
    ("收到存证信函可以不理吗", "mail_notice.ignore", ["不是法院文书", "支付令"], []),
    ("网贷逾期了还能交社保吗", "life_impact.social_insurance", ["能交", "以法院文书为准"], []),
    ("征信黑了会不会连累孩子上学", "life_impact.school", ["不会"], []),
    ("放弃继承有期限吗", "death_inheritance.renounce", ["遗产处理前", "书面"], []),
]


@pytest.mark.parametrize(("question", "where", "must", "must_not"), CASES)
def test_first_two_sentences(
    engine: Engine, question: str, where: str, must: list[str], must_not: list[str]
) -> None:
    reply = engine.answer(question, today=TODAY)
    intent, _, topic = where.partition(".")
    assert reply.intent == intent, (question, reply.intent, reply.topic)
    assert reply.topic == (where if topic else None), (question, reply.topic)
    lead = first_two(reply.answer)
    for text in must:
        assert text in lead, (question, text, lead)
    for text in must_not:
        assert text not in lead, (question, text, lead)


def test_a_letter_and_the_emergency_contact_are_both_answered(engine: Engine) -> None:
    reply = engine.answer("美团逾期寄了催告函会通知我的紧急联系人吗", today=TODAY)
    assert {reply.intent, reply.also} == {"mail_notice", "contact_family"}


def test_inheritance_order_is_not_a_dead_borrowers_debt(engine: Engine) -> None:
    assert engine.answer("女婿是第几顺序继承人", today=TODAY).intent != "death_inheritance"


@pytest.mark.parametrize(
    "question", ["收到法院的诉前调解短信说要冻结我的银行卡是真的吗", "网贷发来诉前调解的短信怎么办"]
)
def test_pre_litigation_mediation_is_a_court_matter(engine: Engine, question: str) -> None:
    reply = engine.answer(question, today=TODAY)
    assert reply.intent == "lawsuit", (question, reply.intent)
    assert "不是法院文书" not in first_two(reply.answer)
