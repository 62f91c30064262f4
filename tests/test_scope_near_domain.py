"""Near-domain questions that ask a general fact and name no debt trouble are not ours."""

import csv
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.knowledge import default_faq_dir
from bot.scope import Scope
from bot.text import normalise, simplify
from bot.wordclass import WordClass

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    "question",
    [
        # product facts: what it is, its interest, how it is repaid or worked out
        "借呗一万元一个月利息多少",
        "白条一个月利息多少",
        "微粒贷利率是多少",
        "花呗是什么信用卡怎么还款",
        "京东金条是什么意思",
        "网商贷怎么还款",
        "信用卡分期手续费怎么算",
        "信用卡年费怎么收费",
        "什么是房贷",
        # general facts next to the domain
        "买房用的征信报告有效期是多久",
        "征信报告有效期几天",
        "到期贷款逾期率怎么算",  # a lender's statistic: 逾期率 names nobody's overdue debt
        "银行的不良率怎么算",
        "什么是欠款",  # what the word means; '他的欠款怎么分配' is a debt (below)
        "老公死了婚前财产怎么分配",
        # the asker is the one complained about; a bank's anti-fraud control
        "被人投诉12315怎么处理",
        "建设银行卡只进不出属于什么冻结",
        # what a product is: 算不算贷款
        "某某教育分期平台算不算贷款",
    ],
)
def test_general_facts_are_out_of_scope(engine: Engine, question: str):
    reply = engine.answer(question)
    assert reply.intent is None
    assert reply.suggestions  # what it can answer instead


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("逾期一天利息多少", "penalty_fees"),
        ("征信有逾期能贷款吗", "credit_report"),
        ("什么是逾期", "grace_period"),
        ("网贷黑名单什么意思", "account_restrictions"),
        ("失信被执行是什么意思", "lawsuit"),
        ("信用卡违约金怎么算", "penalty_fees"),
        ("京东白条逾期了怎么还款", "negotiate_repayment"),
        ("逾期后利息怎么算", "penalty_fees"),
        ("网贷利息超过24%怎么算", "penalty_fees"),
        ("限制高消费是什么意思", "lawsuit"),
        ("LPR四倍是什么意思", "penalty_fees"),
        ("停息挂账是什么", "negotiate_repayment"),
        ("律师函是什么意思", "mail_notice"),
        ("爸爸去世了他的信用卡欠款怎么分配", "death_inheritance"),
        # a lender demanding the whole balance is a debt in trouble
        ("借呗突然让我还全款是怎么回事", "negotiate_repayment"),
    ],
)
def test_questions_naming_trouble_stay_ours(engine: Engine, question: str, intent: str):
    assert engine.answer(question).intent == intent


def test_distress_comes_before_a_general_fact(engine: Engine):
    assert engine.answer("花呗是什么，我欠得不想活了").intent == "distress"


def test_a_loan_term_is_not_a_day_count(engine: Engine):
    assert engine.answer("借呗一万元一个月利息多少").days is None
    assert engine.answer("逾期一个月利息多少").days == 30


def _labelled() -> list[tuple[str, str]]:
    """Every labelled question of tests/data and faq/asked, as (question, intent or 'none')."""
    rows = []
    for path in sorted(DATA.glob("*.tsv")):
        if path.name.endswith(".sources.tsv"):
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if not line.startswith("#"))
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows.append((row["query"], row["intent"]))
    for path in sorted((default_faq_dir() / "asked").glob("*.txt")):
        intent = "none" if path.stem == "out_of_scope" else path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                rows.append((line.strip(), intent))
    return rows


def test_the_general_fact_rule_spares_every_labelled_question_of_ours(engine: Engine):
    """The word classes are checked on every real and test question: none labelled with an
    intent counts as a general fact, and a good share of those labelled none do."""
    scope = engine.kb.scope
    rows = [(q, i, scope.general_fact(simplify(normalise(q))[0])) for q, i in _labelled()]
    ours = [q for q, intent, general in rows if general and intent != "none"]
    assert ours == []
    none = [general for _, intent, general in rows if intent == "none"]
    assert sum(none) >= len(none) // 5


def test_scope_word_classes():
    scope = Scope(
        definition_asks=WordClass(("是什么",)),
        fact_asks=WordClass(("怎么算",)),
        trouble=WordClass(("逾期",), ("逾期率",)),
        debt_words=WordClass(("欠款",)),
    )
    assert scope.general_fact("花呗是什么")
    assert not scope.general_fact("花呗逾期是什么")
    assert scope.general_fact("逾期率怎么算")
    assert not scope.general_fact("花呗怎么开通")  # no fact asked
    assert scope.general_fact("欠款是什么")
    assert not scope.general_fact("欠款怎么算")  # a debt, not a word


@pytest.mark.parametrize(
    "question",
    [
        "护照逾期会怎么样",
        "物业费多久不交物业可以起诉",
        "实名手机号不注销一直欠费会有什么后果",
        "驾照逾期没年审怎么办",
        "房租晚交一天影响征信吗",
    ],
)
def test_something_overdue_that_is_no_loan_is_not_ours(engine: Engine, question: str) -> None:
    """scope.yaml `other_dues`: a passport, a phone bill or rent falling due is no debt of
    the kind the bot answers for."""
    assert engine.answer(question).intent is None


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("信用卡欠费逾期了怎么办", "timeline"),  # a card named: ours, though 欠费 is a bill word
        ("花呗逾期了，房租也交不起，会被起诉吗", "lawsuit"),
        ("网贷逾期会影响办护照吗", None),  # ours, whichever intent answers it
    ],
)
def test_a_loan_named_beside_a_bill_stays_ours(engine: Engine, question: str, intent: str | None):
    got = engine.answer(question).intent
    assert got is not None and got == (intent or got)


def test_a_ruled_out_intent_does_not_choose_the_phrasings_compared(engine: Engine) -> None:
    """'欠费' is shared only with out-of-scope phrasings, which '逾期' rules out: the question
    is still compared with the phrasings of the intents that can answer it."""
    reply = engine.answer("信用卡欠费逾期了怎么办")
    assert reply.intent is not None and reply.score >= engine.threshold
