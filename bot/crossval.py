"""K-fold cross-validation over faq/asked: how the bot answers real questions it never saw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .engine import Engine
from .ids import OUT_OF_SCOPE
from .knowledge import KnowledgeBase


def folds(kb: KnowledgeBase, k: int) -> list[list[tuple[str, str]]]:
    """The gathered questions as (question, intent), dealt round-robin into `k` folds."""
    pairs = [(q, i.id) for i in kb.intents.values() for q in i.asked]
    return [pairs[n::k] for n in range(k)]


def without(kb: KnowledgeBase, held: list[tuple[str, str]]) -> KnowledgeBase:
    """The knowledge base with the held-out gathered questions taken away."""
    out = {q for q, _ in held}
    intents = {
        key: replace(intent, asked=tuple(q for q in intent.asked if q not in out))
        for key, intent in kb.intents.items()
    }
    return replace(kb, intents=intents)


def crossval(kb: KnowledgeBase, k: int = 5, today: date | None = None) -> list[dict]:
    """Answer every gathered question by an engine that never saw it; one row per question."""
    rows = []
    for held in folds(kb, k):
        engine = Engine(without(kb, held), today=lambda: today or date.today())
        for question, intent in held:
            got = engine.answer(question).intent
            want = None if intent == OUT_OF_SCOPE else intent
            rows.append({"query": question, "want": intent, "got": got, "ok": got == want})
    return rows


def run_crossval(kb: KnowledgeBase, k: int = 5, show_misses: bool = True) -> int:
    """Print the cross-validated accuracy per intent (and the misses); exit code 0."""
    rows = crossval(kb, k)
    if not rows:
        print("no gathered questions in faq/asked")
        return 0
    total = sum(r["ok"] for r in rows)
    print(
        f"{k}-fold cross-validation over faq/asked: {total}/{len(rows)} "
        f"= {100 * total / len(rows):.1f}% answered with the right intent (or none)"
    )
    by: dict[str, list[dict]] = {}
    for row in rows:
        by.setdefault(row["want"], []).append(row)
    for intent, items in sorted(by.items()):
        print(f"  {intent:<24} {sum(r['ok'] for r in items):>4}/{len(items)}")
    if show_misses:
        print("\nmisses:")
        for row in rows:
            if not row["ok"]:
                print(f"  {row['query']}  [want {row['want']}]  got {row['got']}")
    return 0
