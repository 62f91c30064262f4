"""Regression checks for the audit rows and issue-7 misses about c3's files (new intents,
distress, greeting, out_of_scope, platforms): each row would catch the problem coming back."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.knowledge import load

KB = load()

# (audit row or issue point, question, intent wanted, text the reply must hold, must not hold)
REPLIES = [
    (
        "contact_family#6 WRONG: spouse liability",
        "我老公背着我借的网贷逾期了，要我替他还吗",
        "family_liability",
        ["夫妻共同债务", "第一千零六十四条"],
        ["不应被要求替你还钱", "家人不用替你还"],
    ),
    (
        "contact_family#6 WRONG: spot check",
        "我老公的网贷会要我还吗",
        "family_liability",
        ["夫妻共同债务", "第一千零六十四条"],
        ["不应被要求替你还钱"],
    ),
    (
        "facts: parents and children are not liable",
        "父母欠网贷子女要还吗",
        "family_liability",
        ["第四百六十五条", "父债子还"],
        [],
    ),
    (
        "facts: an emergency contact is not a guarantor",
        "我是紧急联系人，要替他还钱吗",
        "family_liability",
        ["不是担保人"],
        [],
    ),
    (
        "facts: guarantors (民法典686-688, 692-693)",
        "我给朋友做了担保人，他逾期了我要还吗",
        "family_liability",
        ["连带责任保证", "一般保证", "6个月"],
        [],
    ),
    (
        "facts: a relative's report does not show the debt",
        "老公网贷逾期会影响我的征信吗",
        "family_liability",
        ["不会出现在你的征信报告里", "共同借款人"],
        [],
    ),
    (
        "issue 7: 借款人去世了还要还吗 had no answer",
        "借款人去世了还要还吗",
        "death_inheritance",
        ["遗产", "第一千一百六十一条", "放弃继承"],
        [],
    ),
    (
        "real-dev: 信用卡持有人去世",
        "信用卡持有人去世,欠款还需不需要还?",
        "death_inheritance",
        ["第一千一百六十一条", "办卡的银行"],
        [],
    ),
    (
        "facts: renouncing in writing before the estate is dealt with",
        "放弃继承还要替去世的父亲还网贷吗",
        "death_inheritance",
        ["第一千一百二十四条", "书面"],
        [],
    ),
    (
        "issue 7: 会影响孩子考公务员政审吗 had no answer",
        "会影响孩子考公务员政审吗",
        "life_impact",
        ["一般不会", "《公务员法》第二十六条"],
        ["很可能会"],
    ),
    (
        "issue 7: 征信花了影响孩子政审吗 opened with 很可能会",
        "征信花了影响孩子政审吗",
        "life_impact",
        ["一般不会"],
        ["很可能会"],
    ),
    (
        "facts: 失信 children may go to school (限高规定第三条(七))",
        "失信名单会影响孩子上学吗",
        "life_impact",
        ["误读", "高收费"],
        ["很可能会"],
    ),
    (
        "facts: own 考公 is barred only by one's own 失信",
        "我网贷逾期了还能考公务员吗",
        "life_impact",
        ["失信联合惩戒对象"],
        ["很可能会"],
    ),
    (
        "distress#2 nuance: counselling free, call charges may apply",
        "我真的不想活了",
        "distress",
        ["12356", "010-82951332", "可能产生普通通话费", "120"],
        ["400-161-9995"],
    ),
    (
        "distress in Cantonese",
        "我唔想活了",
        "distress",
        ["12356"],
        [],
    ),
    (
        "real-dev: 负债人生低谷 is distress",
        "负债人生低谷怎么度过?",
        "distress",
        ["12356"],
        [],
    ),
    (
        "greeting: 'robot or human' is not about robot collection calls",
        "你是机器人还是真人",
        "greeting",
        ["逾期问答助手"],
        [],
    ),
]

# Questions that must NOT get the given intent.
NOT_INTENT = [
    ("issue 7: an amount owed is not distress", "欠了5万逾期了", "distress"),
    ("an amount owed is not distress", "我欠了十几万网贷还不上了", "distress"),
    ("paying off is not despair", "信用卡还完了额度还能恢复吗", "distress"),
    ("will they CALL my family is contact_family", "逾期会联系我的家人吗", "family_liability"),
    ("CALL my spouse: contact_family", "老公网贷逾期了催收会打给我吗", "family_liability"),
    ("my own loan question", "信用卡有逾期还能贷款吗", "family_liability"),
    ("my own card question", "网商贷逾期会影响我办信用卡吗", "family_liability"),
    ("a parent's death is not distress", "父亲去世了欠的网贷我们要还吗", "distress"),
]

# Near-domain questions out of scope (intent null), and overdue questions that are not.
OUT_OF_SCOPE = [
    ("real-dev none: product rule", "花呗分期是不是当月不用还,下个月开始", None),
    ("real-dev none: stray transfer", "收到陌生人转账是诈骗吗", None),
    ("held-out none: a product's rate", "借呗的年利率是多少", None),
    ("none: early repayment of a mortgage", "房贷提前还款利息怎么算", None),
    ("none: inheriting a house, no debt", "父母去世后房产怎么继承", None),
    ("none: a divorce suit", "起诉离婚多久能开庭", None),
    ("still ours: overdue interest", "逾期后利息是多少", "penalty_fees"),
    ("still ours: a dead parent's debt", "父亲去世了留下的网贷要用房子还吗", "death_inheritance"),
    ("still ours: a spouse's debt at divorce", "离婚后前夫的网贷要我还吗", "family_liability"),
    ("still ours: a collector's transfer", "催收让我转账到他个人账户", "scam_warning"),
]


@pytest.mark.parametrize(("row", "question", "intent", "must", "must_not"), REPLIES)
def test_reply_answers_the_point(
    engine: Engine, row: str, question: str, intent: str, must: list[str], must_not: list[str]
) -> None:
    reply = engine.answer(question)
    assert reply.intent == intent, row
    for text in must:
        assert text in reply.answer, (row, text)
    for text in must_not:
        assert text not in reply.answer, (row, text)


@pytest.mark.parametrize(("row", "question", "intent"), NOT_INTENT)
def test_question_is_not_taken_by(engine: Engine, row: str, question: str, intent: str) -> None:
    assert engine.answer(question).intent != intent, row


@pytest.mark.parametrize(("row", "question", "intent"), OUT_OF_SCOPE)
def test_near_domain_questions(engine: Engine, row: str, question: str, intent: str | None) -> None:
    assert engine.answer(question).intent == intent, row


def _texts(intent_id: str) -> list[str]:
    intent = KB.intents[intent_id]
    return [intent.answer, intent.short, *(t.answer for t in intent.topics)]


@pytest.mark.parametrize("intent_id", ["family_liability", "life_impact", "death_inheritance"])
def test_new_intents_state_no_frightening_or_wrong_blanket_claims(intent_id: str) -> None:
    for text in _texts(intent_id):
        assert not text.startswith("很可能会"), intent_id
        assert "家人不用替你还" not in text and "不应被要求替你还钱" not in text
        assert "400-810-8866" not in text and "400-161-9995" not in text


@pytest.mark.parametrize("intent_id", ["family_liability", "life_impact", "death_inheritance"])
def test_each_piece_lists_the_laws_it_cites(intent_id: str) -> None:
    """A piece citing 《X》第N条 lists that law among its sources (the sources line is built
    from the pieces shown, so a missing source would vanish from the reply)."""
    intent = KB.intents[intent_id]
    pieces = [(intent.answer, intent.sources), *((t.answer, t.sources) for t in intent.topics)]
    for text, sources in pieces:
        for law in ("《民法典》", "《公务员法》", "《征信业管理条例》"):
            if law in text:
                assert any(law in s for s in sources), (intent_id, law, text[:30])


def test_distress_answer_is_crisis_text_first() -> None:
    answer = KB.intents["distress"].answer
    assert answer.index("12356") < answer.index("协商")
    assert "坐牢" not in answer  # one gentle step, no legal claims in a crisis message


def test_haoqidai_is_zhaolian() -> None:
    assert KB.platforms["好期贷"] == "招联金融"
