"""'被打通讯录了怎么办': a question about something already happening gets the steps first,
from its intent's `kind: todo` topic (faq/steps.yaml, faq/README.md)."""

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.kb_read import KnowledgeError
from bot.knowledge import default_faq_dir, load
from bot.steps import Steps
from bot.wordclass import WordClass

TODO = {
    "lawsuit": ["summons", "court_freeze"],
    "door_visit": ["visited"],
    "contact_address_book": ["blast"],
    "phone_calls": ["stop_calls"],
}


def _mark(base: Path, marks: dict[str, list[str]], kind: str = "todo") -> None:
    """Give the listed topics a `kind` in a copy of the knowledge base."""
    for intent, topics in marks.items():
        path = base / "intents" / f"{intent}.yaml"
        text = path.read_text(encoding="utf-8")
        for topic in topics:
            text, count = re.subn(
                rf"(\n(\s*)- id: {topic}\n)(?:\s*kind: \w+\n)?", rf"\1\2  kind: {kind}\n", text
            )
            assert count == 1, (intent, topic)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    base = tmp_path_factory.mktemp("kb") / "faq"
    shutil.copytree(default_faq_dir(), base)
    _mark(base, TODO)
    return Engine.from_faq(base, today=lambda: date(2026, 11, 23))


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("被打通讯录了怎么办", "contact_address_book.blast"),
        ("网贷没有还款被打通讯录怎么办", "contact_address_book.blast"),
        ("招商信用卡被起诉怎么办", "lawsuit.summons"),
        ("遇到上门催债的情况该怎么办", "door_visit.visited"),
        ("工资卡已经被冻结了怎么办", "lawsuit.court_freeze"),  # the named todo topic
    ],
)
def test_happening_and_what_to_do_gets_the_steps(marked: Engine, question: str, topic: str):
    assert marked.answer(question).topic == topic


@pytest.mark.parametrize(
    "question",
    [
        "如果被起诉怎么办",  # feared, not happening
        "会不会被打通讯录",  # no what-to-do ask
        "被打通讯录了",  # says it, asks nothing
    ],
)
def test_otherwise_the_usual_choice(marked: Engine, engine: Engine, question: str) -> None:
    assert marked.answer(question).topic == engine.answer(question).topic


def test_a_named_topic_stays_when_no_todo_topic_is_named(marked: Engine) -> None:
    """'天天打电话' names the frequency topic: the steps topic does not push it aside."""
    assert marked.answer("催收天天打电话怎么办").topic == "phone_calls.frequency"


def test_without_todo_topics_nothing_changes(faq_copy: Path, engine: Engine) -> None:
    """An intent with no `kind: todo` topic answers as before: the general answer."""
    for path in (faq_copy / "intents").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\n\s*kind: todo\n", "\n", text), encoding="utf-8")
    plain = Engine.from_faq(faq_copy)
    assert plain.answer("催收打电话给我妈了怎么办").topic is None
    assert engine.answer("催收打电话给我妈了怎么办").topic == "contact_family.family_called"


def test_happening_now() -> None:
    steps = Steps(WordClass(("被", "了")), WordClass(("如果",)))
    assert steps.happening_now("被起诉怎么办")
    assert steps.happening_now("上门了怎么办")
    assert not steps.happening_now("如果被起诉怎么办")
    assert not steps.happening_now("起诉怎么办")
    assert not Steps().happening_now("被起诉了怎么办")


def test_an_unknown_kind_is_refused(faq_copy: Path) -> None:
    _mark(faq_copy, {"lawsuit": ["summons"]}, kind="steps")
    with pytest.raises(KnowledgeError, match="kind"):
        load(faq_copy)


def test_missing_steps_file_means_never_happening(faq_copy: Path) -> None:
    (faq_copy / "steps.yaml").unlink()
    assert load(faq_copy).steps == Steps()
