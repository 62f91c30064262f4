"""Evaluation files: comment lines are skipped, and the real-question set is well formed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from test_knowledge import SPEC_IDS

from bot.evaluate import read_cases
from bot.knowledge import load

DATA = Path(__file__).parent / "data"
REAL_DEV = DATA / "real_dev.tsv"
# Intents added to the contract for knowledge base v2 (issue 7); the labels may use them before the
# knowledge base answers them.
NEW_INTENTS = {"family_liability", "life_impact", "death_inheritance"}


def test_comment_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "cases.tsv"
    path.write_text(
        "# where the questions come from\n"
        "#\tnot\ta header\n"
        "query\tintent\tdays\tplatform\n"
        "花呗逾期三天会怎样\ttimeline\t3\t花呗\n"
        "# a note between rows\n"
        "收到陌生人转账是诈骗吗\tnone\tnone\t\n",
        encoding="utf-8",
    )
    cases = read_cases(path)
    assert [c.query for c in cases] == ["花呗逾期三天会怎样", "收到陌生人转账是诈骗吗"]
    assert cases[0].intents == frozenset({"timeline"})
    assert (cases[0].days, cases[0].platform) == ("3", "花呗")
    assert cases[1].intents is None and cases[1].days == "none"


def test_a_hash_inside_a_query_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "cases.tsv"
    path.write_text(
        "query\tintent\tdays\tplatform\n逾期#3天会怎样\ttimeline\t\t\n", encoding="utf-8"
    )
    assert [c.query for c in read_cases(path)] == ["逾期#3天会怎样"]


def test_real_dev_labels_are_valid() -> None:
    kb = load()
    intents = SPEC_IDS | NEW_INTENTS
    platforms = set(kb.platforms.values())
    cases = read_cases(REAL_DEV)
    assert len(cases) >= 200
    assert REAL_DEV.read_text(encoding="utf-8").startswith("#")  # says where the rows come from
    for case in cases:
        assert case.query.strip() == case.query and case.query, case
        assert case.intents is None or case.intents <= intents, case
        assert case.days in {"", "none"} or case.days.isdigit(), case
        assert case.platform == "" or case.platform in platforms, case
    queries = [c.query for c in cases]
    assert len(set(queries)) == len(queries)
    assert any(c.intents is None for c in cases) and len({c.platform for c in cases}) > 5


def test_every_real_dev_question_has_its_source() -> None:
    with (DATA / "real_dev.sources.tsv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [row["query"] for row in sources] == [c.query for c in read_cases(REAL_DEV)]
    assert all(row["url"].startswith(("http://", "https://")) for row in sources)


def test_no_gathered_question_repeats_an_evaluation_question() -> None:
    """faq/asked/ holds phrasings; a question there that is also an evaluation row (up to
    punctuation and spaces) would turn a held-out figure into a tuned one."""
    def key(text: str) -> str:
        return re.sub(r"[\W_]+", "", text.lower())

    files = [p for p in DATA.glob("*.tsv") if not p.name.endswith(".sources.tsv")]
    evaluated = {key(c.query) for path in files for c in read_cases(path)}
    asked = [q for intent in load().intents.values() for q in intent.asked]
    assert asked and not [q for q in asked if key(q) in evaluated]
