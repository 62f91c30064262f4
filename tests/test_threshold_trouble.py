"""A question that names a debt problem needs a lower score to be answered than one that
names none: in-scope questions are not refused, near-domain ones still are."""

import pytest

from bot.engine import THRESHOLD, TROUBLE_THRESHOLD, Engine
from bot.text import normalise, simplify


def _analysis(engine: Engine, question: str):
    return engine.matcher.analyse(simplify(normalise(question))[0])


def test_the_trouble_bar_is_below_the_plain_one() -> None:
    assert 0 < TROUBLE_THRESHOLD < THRESHOLD


@pytest.mark.parametrize(
    "question",
    [
        "冻银行卡一般冻多久",
        "财产有没有被保全怎么查",
        "深陷网贷泥潭如何自救",
        "执行案件中唯一住房认定标准是什么",
    ],
)
def test_a_debt_problem_lowers_the_bar(engine: Engine, question: str) -> None:
    assert engine.bar(_analysis(engine, question)) == engine.trouble_threshold


@pytest.mark.parametrize("question", ["基金和股票哪个好", "周末去哪玩", "信用卡怎么申请"])
def test_no_debt_problem_keeps_the_high_bar(engine: Engine, question: str) -> None:
    assert engine.bar(_analysis(engine, question)) == engine.threshold


def test_the_trouble_bar_follows_the_threshold(engine: Engine) -> None:
    assert engine.trouble_threshold == pytest.approx(TROUBLE_THRESHOLD)
    strict = Engine(engine.kb, threshold=2 * THRESHOLD)
    assert strict.trouble_threshold == pytest.approx(2 * TROUBLE_THRESHOLD)
    assert Engine(engine.kb, threshold=0.2, trouble_threshold=0.3).trouble_threshold == 0.2
    assert strict.bar(_analysis(strict, "逾期了被冻卡")) == strict.trouble_threshold


def test_a_question_between_the_bars_is_answered(engine: Engine) -> None:
    """Scored below the threshold but above the trouble bar, naming a debt problem and a
    keyword of its intent: answered; with the bars the other way round: refused."""
    question = "执行案件中唯一住房认定标准是什么"
    top, score = engine.rank(_analysis(engine, question))[0]
    assert top == "lawsuit"
    between = Engine(engine.kb, threshold=score + 0.1, trouble_threshold=score - 0.05)
    assert between.answer(question).intent == "lawsuit"
    above = Engine(engine.kb, threshold=score + 0.1, trouble_threshold=score + 0.05)
    assert above.answer(question).intent is None


def test_a_weak_match_must_name_its_intent(engine: Engine) -> None:
    """The trouble bar is for an intent the question names by one of its keywords."""
    analysis = _analysis(engine, "逾期了被法院起诉了")
    assert engine.bar(analysis, "lawsuit") == engine.trouble_threshold
    assert engine.bar(analysis, "greeting") == engine.threshold


@pytest.mark.parametrize("question", ["周末去哪玩", "基金和股票哪个好", "卖债权一般打几折"])
def test_near_domain_questions_stay_refused(engine: Engine, question: str) -> None:
    assert engine.answer(question).intent is None


def test_reload_keeps_the_trouble_bar(faq_copy) -> None:
    from bot.reload import Reloader

    old = Engine.from_faq(faq_copy, trouble_threshold=0.3)
    assert Reloader(old, base=faq_copy).build().trouble_threshold == 0.3
