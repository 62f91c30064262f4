"""Two points in one question: the second follows the answer's first sentence, not its end."""

from pathlib import Path

import pytest

from bot.compose import _around_first_sentence, first_sentence
from bot.engine import Engine
from bot.knowledge import load
from bot.wordclass import WordClass


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def test_the_second_intent_is_the_second_paragraph(engine: Engine) -> None:
    reply = engine.answer("不接电话会爆通讯录吗")
    assert reply.also is not None
    lead = engine.kb.messages["also_lead"].split("{")[0]
    first, second = _paragraphs(reply.answer)[:2]
    assert first == first_sentence(reply.answer)
    assert second.startswith(lead)


@pytest.mark.parametrize(
    ("question", "days"),
    [
        ("花呗逾期半年有什么后果会上门吗", 180),
        ("度小满逾期1天有事儿吗?会有电话吗?", 1),
        ("逾期三个月了会上门吗 严重吗", 90),
    ],
)
def test_a_stage_asked_about_comes_second(engine: Engine, question: str, days: int) -> None:
    reply = engine.answer(question)
    assert reply.days == days and reply.intent != "timeline"
    intro = engine.kb.messages["stage_intro"].format(days=days, title="")[:8]
    assert _paragraphs(reply.answer)[1].startswith(intro)


def test_a_stage_not_asked_about_closes_the_answer(engine: Engine) -> None:
    reply = engine.answer("逾期三个月了会上门吗")
    intro = engine.kb.messages["stage_intro"].format(days=90, title="")[:8]
    before = reply.answer[: reply.answer.index(intro)].strip()
    assert len(before) > 2 * len(first_sentence(reply.answer))  # the whole answer, then it


@pytest.mark.parametrize(
    ("question", "intents"),
    [
        ("逾期还清了多久清记录?多久可以贷款买房?", {"credit_report", "credit_repair"}),
        ("信用卡逾期无力偿还怎么办,夫妻会共同承担吗?", {"family_liability", "negotiate_repayment"}),
    ],
)
def test_two_questions_in_a_row_get_both(engine: Engine, question: str, intents: set[str]):
    reply = engine.answer(question)
    assert {reply.intent, reply.also} == intents


def test_the_second_question_s_own_topic(engine: Engine) -> None:
    """The second point's topic is chosen on its own clause: '多久清记录' is how long the
    record stays, not '可以贷款买房' of the other clause."""
    reply = engine.answer("逾期还清了多久清记录?多久可以贷款买房?")
    how_long = next(t for t in engine.kb.intents["credit_repair"].topics if t.id == "how_long")
    assert first_sentence(how_long.answer) in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        "催收把我欠钱的事告诉我同事，这合法吗",  # one question about a subject
        "度小满的催收给我家里人打电话，这有没有违法",
        "网贷逾期了怎么办",
    ],
)
def test_one_question_stays_one(engine: Engine, question: str) -> None:
    assert engine.answer(question).also is None


def test_missing_twopart_file_means_no_stage_asks(faq_copy: Path) -> None:
    (faq_copy / "twopart.yaml").unlink()
    assert load(faq_copy).stage_asks == WordClass(())


def test_the_quoted_second_question_ends_no_sentence(engine: Engine) -> None:
    """The second point's question is quoted inside one sentence: a question mark in it
    would end that sentence early for a reader ('另外，关于“逾期会被起诉吗？…”')."""
    lead = engine.kb.messages["also_lead"].split("{")[0]
    asked = [
        q
        for i in engine.kb.intents.values()
        for q in (i.question, *(t.question for t in i.topics))
        if "？" in q.rstrip("？?") or "?" in q.rstrip("？?")
    ]
    assert asked, "no knowledge-base question has a question mark inside: nothing to check"
    for question in ("不接电话会被起诉吗", "不接电话会爆通讯录吗"):  # lawsuit: "…吗？起诉后…"
        reply = engine.answer(question)
        start = reply.answer.index(lead) + len(lead)
        quoted = reply.answer[start : reply.answer.index("”", start)]
        assert "？" not in quoted and "?" not in quoted


def test_a_bare_yes_or_no_keeps_its_reason_before_the_second_point() -> None:
    main = "不用。法律上没有父债子还。只有继承了遗产的才在遗产范围内还。"
    parts = _around_first_sentence(main, ["另外，关于“坐飞机”：不影响。"])
    assert parts == [
        "不用。法律上没有父债子还。",
        "另外，关于“坐飞机”：不影响。",
        "只有继承了遗产的才在遗产范围内还。",
    ]
    # a first sentence that says something keeps the second point right after it
    parts = _around_first_sentence("会报送征信，依据是合同授权。保留5年。", ["另外：…"])
    assert parts == ["会报送征信，依据是合同授权。", "另外：…", "保留5年。"]
