"""'被打通讯录了怎么办': a question about something already happening gets the steps first,
from its intent's steps topics, `kind: todo` or `what_now` (faq/steps.yaml, faq/README.md)."""

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

KIND = re.compile(r"\n\s*kind: (?:todo|what_now)\n")


def _set_kind(base: Path, intent: str, topic: str, kind: str) -> None:
    """Give one topic of a copy of the knowledge base another `kind`."""
    path = base / "intents" / f"{intent}.yaml"
    text, count = re.subn(
        rf"(\n(\s*)- id: {topic}\n(?:\s+(?!kind:)\w+:.*\n)*?)\s*kind: \w+\n",
        rf"\1\2  kind: {kind}\n",
        text := path.read_text(encoding="utf-8"),
    )
    assert count == 1, (intent, topic)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The knowledge base with no steps topics: every topic is chosen by its words alone."""
    base = tmp_path_factory.mktemp("kb") / "faq"
    shutil.copytree(default_faq_dir(), base)
    for path in (base / "intents").glob("*.yaml"):
        path.write_text(KIND.sub("\n", path.read_text(encoding="utf-8")), encoding="utf-8")
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
def test_happening_and_what_to_do_gets_the_steps(engine: Engine, question: str, topic: str):
    assert engine.answer(question).topic == topic


@pytest.mark.parametrize(
    "question",
    [
        "如果被起诉怎么办",  # feared, not happening
        "会不会被打通讯录",  # no what-to-do ask
        "被打通讯录了",  # says it, asks nothing
    ],
)
def test_otherwise_the_usual_choice(plain: Engine, engine: Engine, question: str) -> None:
    assert engine.answer(question).topic == plain.answer(question).topic


def test_a_named_topic_stays_when_no_todo_topic_is_named(engine: Engine) -> None:
    """'天天打电话' names the frequency topic: the steps topic does not push it aside."""
    assert engine.answer("催收天天打电话怎么办").topic == "phone_calls.frequency"


def test_without_steps_topics_nothing_changes(plain: Engine, engine: Engine) -> None:
    """An intent with no steps topic answers as before: the general answer."""
    assert plain.answer("催收打电话给我妈了怎么办").topic is None
    assert engine.answer("催收打电话给我妈了怎么办").topic == "contact_family.family_called"


def test_the_what_now_topic_does_not_depend_on_the_order(faq_copy: Path) -> None:
    """A bare '…了怎么办' gets the intent's `what_now` topic even when a special todo topic
    is listed first (a car-loan topic put first once answered every door visit)."""
    path = faq_copy / "intents" / "door_visit.yaml"
    text = path.read_text(encoding="utf-8")
    head, topics = text.split("\ntopics:\n", 1)
    items = re.split(r"(?m)^(?=  - id: )", topics)
    special = next(i for i in items if i.startswith("  - id: car_loan"))
    rest = [i for i in items if i is not special]
    path.write_text(head + "\ntopics:\n" + special + "".join(rest), encoding="utf-8")
    reordered = Engine.from_faq(faq_copy)
    assert reordered.kb.intents["door_visit"].topics[0].id == "car_loan"
    assert reordered.answer("已经上门了怎么办").topic == "door_visit.visited"


@pytest.mark.parametrize(
    ("intent", "topic", "kind", "error"),
    [
        ("lawsuit", "summons", "todo", "exactly one"),  # no what_now left
        ("lawsuit", "court_freeze", "what_now", "exactly one"),  # two of them
    ],
)
def test_steps_topics_need_one_what_now(faq_copy, intent, topic, kind, error) -> None:
    _set_kind(faq_copy, intent, topic, kind)
    with pytest.raises(KnowledgeError, match=error):
        load(faq_copy)


def test_the_what_now_topic_is_for_every_platform(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "lawsuit.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"(\n(\s*)- id: summons\n)", r"\1\2  platforms: [信用卡]\n", text)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="every platform"):
        load(faq_copy)


def test_happening_now() -> None:
    steps = Steps(WordClass(("被", "了")), WordClass(("如果",)))
    assert steps.happening_now("被起诉怎么办")
    assert steps.happening_now("上门了怎么办")
    assert not steps.happening_now("如果被起诉怎么办")
    assert not steps.happening_now("起诉怎么办")
    assert not Steps().happening_now("被起诉了怎么办")


def test_an_unknown_kind_is_refused(faq_copy: Path) -> None:
    _set_kind(faq_copy, "lawsuit", "summons", "steps")
    with pytest.raises(KnowledgeError, match="kind"):
        load(faq_copy)


def test_missing_steps_file_means_never_happening(faq_copy: Path) -> None:
    (faq_copy / "steps.yaml").unlink()
    assert load(faq_copy).steps == Steps()
