"""Knowledge-base checks: topics select themselves, every citation is in its piece's sources."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.citations import cited, sources_for, uncovered
from bot.cli import main
from bot.engine import Engine
from bot.kbcheck import check_all, check_citations, check_topics
from bot.knowledge import load


def test_the_knowledge_base_passes_every_check(engine: Engine) -> None:
    problems = check_all(engine)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize(
    ("text", "sources", "missing"),
    [
        ("见《民法典》第一千零三十三条。", ["《民法典》第一千零三十三条"], []),
        ("见《民法典》第1033条。", ["《民法典》第一千零三十三条"], []),
        ("见《民法典》第1034条。", ["《民法典》第一千零三十三条"], ["《民法典》第1034条"]),
        ("按银发〔2003〕251号上浮。", ["《人民币利率管理规定》；银发〔2003〕251号"], []),
        ("按银发[2003]251号上浮。", ["银发〔2003〕251号"], []),
        ("按银发〔2003〕251号上浮。", ["《民法典》"], ["银发〔2003〕251号"]),
        ("（《刑法》第一百九十六条；同一解释第六条）", ["《刑法》第一百九十六条"], ["第六条"]),
        ("（两高《解释》第六至九条）", ["两高《解释》第六至九条"], []),
        ("逾期第3天会怎样", [], []),  # a day is no article
    ],
)
def test_citations_and_their_sources(text: str, sources: list[str], missing: list[str]) -> None:
    assert [c.text for c in uncovered(text, sources)] == missing


def test_sources_line_entries_for_a_text() -> None:
    text = "依据《个人信息保护法》第二十三条和银发〔2003〕251号。"
    candidates = ["《民法典》第一千零三十三条", "《个人信息保护法》第二十三条"]
    assert sources_for(text, candidates) == ["《个人信息保护法》第二十三条", "银发〔2003〕251号"]
    assert [c.article for c in cited("《民法典》第一千零三十三条")] == [1033]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_uncited_source_is_reported_with_file_and_entry(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "door_visit.yaml"
    _edit(path, "answer: |\n", "answer: |\n  按《刑法》第二百三十八条处理。\n")
    problems = check_citations(load(faq_copy))
    assert any(
        p.file == "faq/intents/door_visit.yaml"
        and p.entry == "door_visit"
        and "《刑法》第二百三十八条" in p.problem
        for p in problems
    ), problems


def test_a_topic_its_own_question_does_not_select_is_reported(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "door_visit.yaml"
    text = yaml.safe_dump(
        {
            k: v
            for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()
            if k != "topics"
        },
        allow_unicode=True,
        sort_keys=False,
    )
    path.write_text(
        text
        + "topics:\n"
        + "  - id: hometown\n"
        + "    question: 催收会去我老家上门吗\n"
        + "    when: [户籍地]\n"
        + "    answer: 老家的说法。\n"
        + "    sources: []\n"
        + "  - id: stop\n"
        + "    question: 上门催收会停吗\n"
        + "    when: [吗]\n"
        + "    answer: 停不停的说法。\n"
        + "    sources: []\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in check_topics(Engine(load(faq_copy)))]
    assert "faq/intents/door_visit.yaml: door_visit.hometown: its question selects stop" in problems
    assert any("door_visit.stop" in p and "stopword" in p for p in problems)
    assert main(["--faq", str(faq_copy), "faq", "lint"]) == 1
