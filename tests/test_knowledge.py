"""The knowledge base loads, and every malformed case fails with file, entry and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.knowledge import MIN_PHRASINGS, KnowledgeError, load

# A copy of ../shared/spec/intents.md (tests/test_shared_copies.py keeps it equal).
SPEC = Path(__file__).resolve().parents[1] / "docs" / "spec" / "intents.md"
SPEC_IDS = {
    "mail_notice",
    "phone_calls",
    "unanswered_calls",
    "contact_family",
    "contact_address_book",
    "contact_legality",
    "harassment_complaint",
    "credit_report",
    "credit_repair",
    "door_visit",
    "third_party_collection",
    "penalty_fees",
    "lawsuit",
    "account_restrictions",
    "negotiate_repayment",
    "grace_period",
    "scam_warning",
    "family_liability",
    "life_impact",
    "death_inheritance",
    "distress",
    "greeting",
    "timeline",
}
SPEC_PLATFORMS = {
    "分期乐",
    "花呗",
    "借呗",
    "微粒贷",
    "京东白条",
    "京东金条",
    "美团月付",
    "信用卡",
    "网商贷",
    "度小满",
    "安逸花",
    "招联金融",
    "360借条",
}


def test_every_spec_intent_is_in_the_knowledge_base() -> None:
    kb = load()
    assert set(kb.intents) == SPEC_IDS | {"out_of_scope"}  # the engine reports it as null
    for intent in kb.intents.values():
        assert len(intent.questions) >= MIN_PHRASINGS
        assert intent.sources or intent.id in {"greeting", "out_of_scope"}, intent.id


def test_spec_file_lists_the_same_intents() -> None:
    ids = set(re.findall(r"^\| `([a-z_]+)` \|", SPEC.read_text(encoding="utf-8"), re.M))
    assert ids == SPEC_IDS


def test_platforms_include_the_spec_names() -> None:
    # The spec's names stay canonical; more lenders may be added.
    assert set(load().platforms.values()) >= SPEC_PLATFORMS


def test_timeline_is_contiguous_from_day_zero() -> None:
    stages = load().stages
    assert stages[0].start == 0 and stages[-1].end is None
    for before, after in zip(stages, stages[1:], strict=False):
        assert after.start == before.end + 1


def test_answers_never_mention_unverified_numbers() -> None:
    kb = load()
    texts = [i.answer for i in kb.intents.values()] + [s.happens + s.todo for s in kb.stages]
    for banned in ("400-810-8866", "400-161-9995", "自律公约"):
        assert not any(banned in t for t in texts), banned


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fails(faq: Path, *fragments: str) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load(faq)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    return message


def test_duplicate_id(faq_copy: Path) -> None:
    source = faq_copy / "intents" / "door_visit.yaml"
    (faq_copy / "intents" / "zz_copy.yaml").write_text(
        source.read_text(encoding="utf-8"), encoding="utf-8"
    )
    _fails(faq_copy, "faq/intents/zz_copy.yaml", "door_visit", "does not match file name")


def test_duplicate_id_in_two_files(faq_copy: Path) -> None:
    target = faq_copy / "intents" / "door_visit.yaml"
    _edit(target, "id: door_visit", "id: lawsuit")
    target.rename(faq_copy / "intents" / "lawsuit2.yaml")
    _fails(faq_copy, "faq/intents/lawsuit2.yaml", "lawsuit")


def test_missing_answer(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "lawsuit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^answer:.*?(?=^\w)", "", text, flags=re.S | re.M), encoding="utf-8")
    _fails(faq_copy, "faq/intents/lawsuit.yaml", "lawsuit", "missing field 'answer'")


def test_unknown_intent_in_timeline(faq_copy: Path) -> None:
    path = faq_copy / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"topics: \[", "topics: [no_such_intent, ", text, count=1), encoding="utf-8"
    )
    _fails(faq_copy, "faq/timeline.yaml", "unknown intent 'no_such_intent'")


def test_timeline_gap(faq_copy: Path) -> None:
    path = faq_copy / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"from: 1\b", "from: 2", text, count=1), encoding="utf-8")
    _fails(faq_copy, "faq/timeline.yaml", "expected 1 (gap or overlap)")


def test_bad_yaml(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "greeting.yaml"
    path.write_text("id: greeting\nquestions: [unclosed\n", encoding="utf-8")
    _fails(faq_copy, "faq/intents/greeting.yaml", "invalid YAML")


def test_unknown_related_intent(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "penalty_fees.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^related: \[", "related: [nowhere, ", text, flags=re.M), encoding="utf-8"
    )
    _fails(faq_copy, "faq/intents/penalty_fees.yaml", "related intent 'nowhere' is unknown")


def test_too_few_phrasings(faq_copy: Path) -> None:
    path = faq_copy / "intents" / "greeting.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^questions:\n(  - .*\n)+", "questions:\n  - 你好\n", text, flags=re.M),
        encoding="utf-8",
    )
    _fails(faq_copy, "faq/intents/greeting.yaml", f"at least {MIN_PHRASINGS} phrasings")


def test_synonym_with_two_meanings(faq_copy: Path) -> None:
    _edit(faq_copy / "synonyms.yaml", "synonyms:\n", "synonyms:\n  还款: [催款]\n")
    _fails(faq_copy, "faq/synonyms.yaml", "'催款' is already a variant of")


def test_missing_message(faq_copy: Path) -> None:
    _edit(faq_copy / "messages.yaml", "rate_limited:", "rate_limit_typo:")
    _fails(faq_copy, "faq/messages.yaml", "rate_limited", "missing message")


@pytest.mark.parametrize(
    ("key", "old", "new", "problem"),
    [
        ("stage_intro", "{days}", "{dayz}", "unknown placeholder {dayz}"),
        ("welcome", "你好，", "你好{name}，", "unknown placeholder {name}"),
        ("platform_note", "{platform}", "{platform", "malformed {placeholder}"),
        ("examples", "  - 逾期45天会怎样", "  - 逾期{n}天会怎样", "unknown placeholder {n}"),
    ],
)
def test_message_placeholders_are_checked_at_load(
    faq_copy: Path, key: str, old: str, new: str, problem: str
) -> None:
    _edit(faq_copy / "messages.yaml", old, new)
    _fails(faq_copy, "faq/messages.yaml", key, problem)


def test_lint_ok(capsys) -> None:
    assert main(["faq", "lint"]) == 0
    assert f"{len(SPEC_IDS) + 1} intents" in capsys.readouterr().out  # out_of_scope too


def test_lint_reports_the_problem(faq_copy: Path, capsys) -> None:
    (faq_copy / "intents" / "greeting.yaml").write_text("id: [\n", encoding="utf-8")
    assert main(["--faq", str(faq_copy), "faq", "lint"]) == 1
    err = capsys.readouterr().err
    assert "faq/intents/greeting.yaml" in err and "invalid YAML" in err


def test_duplicate_key_in_a_mapping(faq_copy: Path) -> None:
    _edit(faq_copy / "intents" / "door_visit.yaml", "keywords:\n", "keywords:\n  上门: 1\n")
    _fails(faq_copy, "faq/intents/door_visit.yaml", "invalid YAML", "duplicate key '上门'")


def test_asked_questions_are_phrasings_of_their_intent(faq_copy: Path) -> None:
    asked = faq_copy / "asked"
    asked.mkdir(exist_ok=True)
    (asked / "door_visit.txt").write_text(
        "# gathered from public Q&A titles\n催收说明天带人来我家堵我\n", encoding="utf-8"
    )
    intent = load(faq_copy).intents["door_visit"]
    assert "催收说明天带人来我家堵我" in intent.phrasings
    assert not any(q.startswith("#") for q in intent.asked)


def test_asked_file_for_an_unknown_intent_is_refused(faq_copy: Path) -> None:
    (faq_copy / "asked").mkdir(exist_ok=True)
    (faq_copy / "asked" / "door_visits.txt").write_text("会上门吗\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="no intent 'door_visits'"):
        load(faq_copy)


def test_asked_question_listed_twice_is_refused(faq_copy: Path) -> None:
    (faq_copy / "asked").mkdir(exist_ok=True)
    (faq_copy / "asked" / "door_visit.txt").write_text("会上门吗?\n会上门吗?\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="listed twice"):
        load(faq_copy)


def test_a_topic_can_give_another_topics_answer() -> None:
    """'一次性还清能少算利息吗' is answered in two intents with one text (answer_of)."""
    kb = load()
    shared = {t.id: t for t in kb.intents["penalty_fees"].topics}["lump_sum_waiver"]
    source = {t.id: t for t in kb.intents["negotiate_repayment"].topics}["settle_waiver"]
    assert shared.answer_of == "negotiate_repayment.settle_waiver"
    assert (shared.answer, shared.sources) == (source.answer, source.sources)
    assert shared.answer.startswith("不会自动减")


@pytest.mark.parametrize(
    ("reference", "extra", "error"),
    [
        ("negotiate_repayment.no_such_topic", "", "no topic 'negotiate_repayment.no_such_topic'"),
        ("penalty_fees.lump_sum_waiver", "", "has no answer of its own"),  # itself: a chain
        ("settle_waiver", "", "must be '<intent>.<topic>'"),
        ("negotiate_repayment.settle_waiver", "    answer: 另一段话\n", "no answer or sources"),
    ],
)
def test_a_bad_answer_of_is_refused(faq_copy: Path, reference: str, extra: str, error: str):
    path = faq_copy / "intents" / "penalty_fees.yaml"
    text, count = re.subn(
        r"    answer_of: negotiate_repayment\.settle_waiver.*\n",
        f"    answer_of: {reference}\n{extra}",
        path.read_text(encoding="utf-8"),
    )
    assert count == 1
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=re.escape(error)):
        load(faq_copy)
