"""`overdue-bot faq misses FILE`: the logged misses grouped by intent and wording, and as a TSV."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz import fuzz

from . import text as textlib
from .engine import Engine
from .feedback import Tally
from .misses import DOWNVOTE, FEEDBACK

NONE = "(none)"  # the group of questions nothing matched at all
SIMILAR = 60  # token_sort_ratio at which two questions count as the same wording


@dataclass
class Cluster:
    """Questions worded alike: the most frequent first."""

    words: str  # the tokens of the first question, compared with the next ones
    questions: Counter[str] = field(default_factory=Counter)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # a log record per question

    @property
    def size(self) -> int:
        """How many times questions of this cluster were logged."""
        return sum(self.questions.values())


@dataclass
class Group:
    """The misses whose nearest intent is `intent`."""

    intent: str
    clusters: list[Cluster] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        """How many misses the group has."""
        return sum(c.size for c in self.clusters)


def read_log(paths: Iterable[Path]) -> tuple[list[dict[str, Any]], dict[str, Tally]]:
    """The logged questions, and the votes counted from the file's feedback records."""
    questions: list[dict[str, Any]] = []
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for path in paths:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue  # a line cut by a full disk: skip it
                if not isinstance(record, dict):
                    continue
                if record.get("kind") in (FEEDBACK, DOWNVOTE) and record.get("intent"):
                    votes = up if record.get("helpful") else down
                    for key in filter(None, {record["intent"], record.get("topic")}):
                        votes[key] += 1
                if isinstance(record.get("question"), str) and record["question"].strip():
                    questions.append(record)
    return questions, {k: Tally(up[k], down[k]) for k in sorted({*up, *down})}


def nearest_intent(record: dict[str, Any]) -> str:
    """The intent a logged question is closest to: the one answered, else the best-scoring one."""
    if record.get("intent"):
        return str(record["intent"])
    nearest = record.get("nearest") or []
    return str(nearest[0][0]) if nearest and nearest[0] else NONE


def group(records: list[dict[str, Any]], engine: Engine) -> list[Group]:
    """Group by nearest intent, then by similar wording (jieba tokens + rapidfuzz); most first."""
    groups: dict[str, Group] = {}
    texts = Counter(r["question"].strip() for r in records)
    first: dict[str, dict[str, Any]] = {}
    for record in records:
        first.setdefault(record["question"].strip(), record)
    for record in records:
        intent = nearest_intent(first[record["question"].strip()])
        groups.setdefault(intent, Group(intent)).kinds[str(record.get("kind"))] += 1
    for question, count in texts.most_common():
        record = first[question]
        target = groups[nearest_intent(record)]
        words = _words(question, engine)
        best, score = None, 0.0
        for cluster in target.clusters:
            similarity = fuzz.token_sort_ratio(words, cluster.words)
            if similarity > score:
                best, score = cluster, similarity
        if best is None or score < SIMILAR:
            best = Cluster(words)
            target.clusters.append(best)
        best.questions[question] += count
        best.rows[question] = record
    for target in groups.values():
        target.clusters.sort(key=lambda c: -c.size)
    return sorted(groups.values(), key=lambda g: (-g.size, g.intent))


def _words(question: str, engine: Engine) -> str:
    simplified, _ = textlib.simplify(textlib.normalise(question))
    tokens = engine.matcher.analyse(simplified).tokens
    return " ".join(tokens) if tokens else " ".join(simplified)


def _rate(tally: Tally | None) -> str:
    if tally is None or tally.rate is None:
        return "no votes"
    return f"helpful {tally.up}/{tally.up + tally.down} ({tally.rate:.0%})"


def render(groups: list[Group], votes: dict[str, Tally], out: TextIO, source: str) -> None:
    """The report: each intent with its misses and helpfulness, each wording with its count."""
    total = sum(g.size for g in groups)
    out.write(f"{total} logged questions in {len(groups)} groups; votes from {source}\n")
    for target in groups:
        kinds = ", ".join(f"{k} {n}" for k, n in target.kinds.most_common())
        out.write(f"\n{target.intent}: {target.size} ({kinds}); "
                  f"{_rate(votes.get(target.intent))}\n")
        for cluster in target.clusters:  # [size of the cluster] count× wording
            wordings = cluster.questions.most_common()
            for index, (question, count) in enumerate(wordings[:6]):
                lead = f"[{cluster.size}]" if index == 0 else ""
                out.write(f"  {lead:>6} {count}× {question}\n")
            if len(wordings) > 6:
                out.write(f"         … {len(wordings) - 6} more wordings\n")
    voted = [k for k in votes if "." not in k and k not in {g.intent for g in groups}]
    if voted:
        out.write("\nvotes on intents without misses:\n")
        for intent in voted:
            out.write(f"  {intent}: {_rate(votes[intent])}\n")
    topics = [k for k in votes if "." in k]
    if topics:
        out.write("\nvotes per topic:\n")
        for topic in topics:
            out.write(f"  {topic}: {_rate(votes[topic])}\n")


def write_tsv(groups: list[Group], out: TextIO) -> int:
    """The questions in the evaluation format, intent left empty for the curator; rows written."""
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar="\\")
    writer.writerow(["query", "intent", "days", "platform"])
    rows = 0
    for target in groups:
        for cluster in target.clusters:
            for question, _ in cluster.questions.most_common():
                record = cluster.rows[question]
                days = record.get("days")
                clean = " ".join(question.split())  # no tab or newline inside a field
                writer.writerow([clean, "", "" if days is None else days,
                                 record.get("platform") or ""])
                rows += 1
    return rows


def redis_votes(url: str) -> dict[str, Tally]:
    """The votes counted in Redis (REDIS_URL)."""
    import asyncio

    from .feedback import store_from_env

    async def read() -> dict[str, Tally]:
        store = store_from_env({"REDIS_URL": url})
        try:
            return await store.counts()
        finally:
            await store.aclose()  # type: ignore[attr-defined]

    return asyncio.run(read())


def run(paths: list[Path], engine: Engine, tsv: Path | None, redis_url: str | None) -> int:
    """The `faq misses` command; 0, or 1 when a file is missing."""
    questions, votes = read_log(paths)
    source = "the misses file"
    if redis_url:
        try:
            votes, source = redis_votes(redis_url), "Redis (REDIS_URL)"
        except Exception as exc:  # unreachable, refused, not Redis …
            print(f"overdue-bot faq misses: votes not read from Redis ({type(exc).__name__}); "
                  "using the misses file", file=sys.stderr)
    groups = group(questions, engine)
    if tsv is None:
        render(groups, votes, sys.stdout, source)
        return 0
    if str(tsv) == "-":
        rows = write_tsv(groups, sys.stdout)
    else:
        with tsv.open("w", encoding="utf-8", newline="") as handle:
            rows = write_tsv(groups, handle)
    print(f"{rows} questions written to {tsv}; fill in the intent column", file=sys.stderr)
    return 0
