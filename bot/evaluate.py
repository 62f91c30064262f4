"""Evaluate the engine (and two baselines) on a TSV file in the format of the spec."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Engine


@dataclass(frozen=True)
class Case:
    """One row: the question and what must come out."""

    query: str
    intents: frozenset[str] | None  # None: out of scope
    days: str  # '' not checked, 'none' must be null, else a number
    platform: str  # '' not checked


def read_cases(path: Path) -> list[Case]:
    """The rows of an evaluation file: tab-separated, a header, lines starting with # skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    cases = []
    for row in rows:
        intent = (row.get("intent") or "").strip()
        cases.append(
            Case(
                query=row["query"],
                intents=None if intent == "none" else frozenset(intent.split("|")),
                days=(row.get("days") or "").strip(),
                platform=(row.get("platform") or "").strip(),
            )
        )
    return cases


def intent_ok(case: Case, predicted: str | None) -> bool:
    """Whether a predicted intent is right for `case`."""
    return predicted is None if case.intents is None else predicted in case.intents


@dataclass
class Score:
    """Counts for one classifier."""

    in_scope: int = 0
    in_scope_ok: int = 0
    out_scope: int = 0
    out_scope_ok: int = 0
    per_intent: Counter = field(default_factory=Counter)
    per_intent_ok: Counter = field(default_factory=Counter)

    def add(self, case: Case, predicted: str | None) -> bool:
        ok = intent_ok(case, predicted)
        if case.intents is None:
            self.out_scope += 1
            self.out_scope_ok += ok
        else:
            self.in_scope += 1
            self.in_scope_ok += ok
            label = "|".join(sorted(case.intents))
            self.per_intent[label] += 1
            self.per_intent_ok[label] += ok
        return ok


def _pct(ok: int, total: int) -> str:
    return f"{100 * ok / total:5.1f}% ({ok}/{total})" if total else "    n/a"


def evaluate(path: Path, engine: Engine, baselines: bool = True) -> tuple[str, dict]:
    """Run every case; return the report text and the headline figures."""
    cases = read_cases(path)
    classifiers = []
    notes = []
    if baselines:
        from .baselines import BM25Baseline, FuzzBaseline

        classifiers = [FuzzBaseline(engine.kb)]
        try:
            classifiers.insert(0, BM25Baseline(engine.kb, engine.segmenter))
        except ModuleNotFoundError as exc:  # rank-bm25 is an extra
            notes.append(
                f"BM25 baseline left out ({exc.name} missing): pip install 'overdue-bot[eval]'"
            )
    scores = {"engine": Score(), **{c.name: Score() for c in classifiers}}
    days_total = days_ok = platform_total = platform_ok = 0
    misses = []
    for case in cases:
        reply = engine.answer(case.query)
        problems = []
        if not scores["engine"].add(case, reply.intent):
            problems.append(f"intent {reply.intent} ({reply.score:.2f})")
        if case.days:
            days_total += 1
            expected = None if case.days == "none" else int(case.days)
            if reply.days == expected:
                days_ok += 1
            else:
                problems.append(f"days {reply.days} != {expected}")
        if case.platform:
            platform_total += 1
            if reply.platform == case.platform:
                platform_ok += 1
            else:
                problems.append(f"platform {reply.platform} != {case.platform}")
        for classifier in classifiers:
            scores[classifier.name].add(case, classifier.classify(case.query))
        if problems:
            expected = "|".join(sorted(case.intents)) if case.intents else "none"
            misses.append(f"  {case.query}  [want {expected}]  got " + ", ".join(problems))

    names = list(scores)
    lines = [f"{path}: {len(cases)} questions", *notes, ""]
    lines.append(f"{'':24}" + "".join(f"{n:>20}" for n in names))
    lines.append(
        f"{'in-scope top-1':24}"
        + "".join(f"{_pct(scores[n].in_scope_ok, scores[n].in_scope):>20}" for n in names)
    )
    lines.append(
        f"{'out-of-scope rejected':24}"
        + "".join(f"{_pct(scores[n].out_scope_ok, scores[n].out_scope):>20}" for n in names)
    )
    lines.append(f"{'day counts right':24}{_pct(days_ok, days_total):>20}")
    lines.append(f"{'platforms right':24}{_pct(platform_ok, platform_total):>20}")
    lines.append("")
    lines.append("per intent (engine):")
    engine_score = scores["engine"]
    for label in sorted(engine_score.per_intent):
        ok, total = engine_score.per_intent_ok[label], engine_score.per_intent[label]
        lines.append(f"  {label:40} {ok}/{total}")
    lines.append("")
    lines.append(f"misses ({len(misses)}):" if misses else "misses: none")
    lines.extend(misses)
    figures = {
        name: {
            "in_scope": s.in_scope_ok / s.in_scope if s.in_scope else None,
            "out_of_scope": s.out_scope_ok / s.out_scope if s.out_scope else None,
        }
        for name, s in scores.items()
    }
    figures["days"] = days_ok / days_total if days_total else None
    figures["platform"] = platform_ok / platform_total if platform_total else None
    return "\n".join(lines), figures


def run_eval(path: Path, engine: Engine, baselines: bool = True) -> int:
    """Print the evaluation report of `path`."""
    report, _ = evaluate(path, engine, baselines)
    print(report)
    return 0
