"""Wording from the fourth gathering of real questions: a variant (faq/synonyms.yaml) gets the
same intent as its usual word, words that were split into characters segment whole
(faq/userdict.txt), and lenders named there are platforms (faq/platforms.yaml)."""

from __future__ import annotations

import pytest

from bot import text as textlib
from bot.engine import Engine

# (the variant it guards, question with the variant, its twin with the usual word, intent)
TWINS = [
    ("付清", "网贷被要求一次性付清怎么办", "网贷被要求一次性结清怎么办", "negotiate_repayment"),
    ("一次结清", "逾期欠款必须一次结清吗", "逾期欠款必须一次性结清吗", "negotiate_repayment"),
    ("还全款", "催收公司能要求还全款吗", "催收公司能要求全额还款吗", "negotiate_repayment"),
    ("村委", "催收说要去村委贴告示", "催收说要去村委会贴告示", "door_visit"),
    ("坏账", "坏账多久能消除", "呆账多久能消除", "credit_repair"),
    ("没贷过款", "没贷过款却收到催收短信", "没借过却收到催收短信", "scam_warning"),
    ("自救", "欠了很多网贷如何自救", "欠了很多网贷还有救吗", "negotiate_repayment"),
    ("协调", "信用卡逾期怎么和银行协调分期", "信用卡逾期怎么和银行协商分期", "negotiate_repayment"),
    ("商事调解", "商事调解的短信是真的吗", "调解中心的短信是真的吗", "third_party_collection"),
    ("债务公司", "债务公司打电话来怎么应对", "催收公司打电话来怎么应对", "third_party_collection"),
    ("被关", "借呗被关了还能恢复吗", "借呗关闭了还能恢复吗", "account_restrictions"),
    ("遲繳紀錄", "信用卡遲繳紀錄會保留多久", "信用卡逾期记录会保留多久", "credit_repair"),
    ("招行", "招行信用卡逾期会上门吗", "招商银行信用卡逾期会上门吗", "door_visit"),
    ("没人联系", "信用卡逾期了怎么没人联系我", "信用卡逾期了怎么没人催", "phone_calls"),
    ("行政救濟", "銀行催收違法如何行政救濟", "银行催收违法如何投诉", "harassment_complaint"),
    ("保全", "财产被保全了怎么查", "财产被查封了怎么查", "lawsuit"),
    (
        "亲人走了",
        "亲人走了留下的信用卡欠款要还吗",
        "亲人去世留下的信用卡欠款要还吗",
        "death_inheritance",
    ),
    ("未还", "网贷半年未还怎么办", "网贷逾期半年怎么办", "timeline"),
    (
        "没有还款能力",
        "信用卡现在没有还款能力怎么办",
        "信用卡现在无力偿还怎么办",
        "negotiate_repayment",
    ),
    ("手机网贷", "手机网贷逾期了怎么办", "网贷逾期了怎么办", "timeline"),
    ("可以问什么", "你好，这里可以问什么", "你好，这里能问什么", "greeting"),
]


@pytest.mark.parametrize(("word", "variant", "usual", "intent"), TWINS, ids=[t[0] for t in TWINS])
def test_a_variant_gets_the_intent_of_its_usual_word(
    engine: Engine, word: str, variant: str, usual: str, intent: str
) -> None:
    assert engine.answer(usual).intent == intent, word
    assert engine.answer(variant).intent == intent, word


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


@pytest.mark.parametrize(
    ("question", "platform"),
    [
        ("國美易卡晚還兩天上征信嗎", "国美易卡"),
        ("小赢卡贷款逾期1天到底有没有事", "小赢卡贷"),
    ],
)
def test_lenders_of_the_fourth_gathering(engine: Engine, question: str, platform: str) -> None:
    assert engine.answer(question).platform == platform


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
