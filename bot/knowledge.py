"""Load and validate the curated knowledge base in faq/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .crisis import load_crisis
from .jurisdiction import Jurisdiction, load_jurisdiction
from .kb_messages import load_messages
from .kb_read import (
    KnowledgeError,
    _name,
    _read_mapping,
    _read_text,
    _read_yaml,
    _str_list,
    _text,
    _variants,
    _word_list,
)
from .kb_topics import Topic, load_topics, shared_answers
from .scope import Scope, load_scope
from .steps import Steps, load_stage_asks, load_steps
from .tails import Tails, load_tails
from .wordclass import WordClass, read_words

__all__ = ["Intent", "KnowledgeBase", "KnowledgeError", "Stage", "Topic", "default_faq_dir", "load"]


MIN_PHRASINGS = 10


@dataclass(frozen=True)
class Intent:
    """One thing users ask about, with its curated answer."""

    id: str
    question: str
    questions: tuple[str, ...]
    keywords: dict[str, int]
    answer: str
    sources: tuple[str, ...]
    platform_notes: dict[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    priority: int = 0  # on a decisive keyword, the highest priority wins (distress first)
    excluded_by: frozenset[str] = frozenset()  # words that rule this intent out
    only_with: tuple[str, ...] = ()  # intents whose subject this one asks about (see faq/README)
    asked: tuple[str, ...] = ()  # real borrowers' questions gathered in faq/asked/<id>.txt
    short: str = ""  # the gist in a sentence or two, for the second point of a two-part question
    topics: tuple[Topic, ...] = ()  # finer points, most specific first

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Its keywords and its topics' `when` words: the words its own points are asked in."""
        return frozenset((*self.keywords, *(w for t in self.topics for w in t.when)))

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every phrasing that points to this intent, its topics' questions included."""
        extra = [q for t in self.topics for q in (t.question, *t.questions)]
        return (*self.questions, *extra, *self.asked)


@dataclass(frozen=True)
class Stage:
    """A stretch of the overdue timeline, from day `start` to day `end` (None: open)."""

    id: str
    start: int
    end: int | None
    title: str
    happens: str
    todo: str
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # what this stage's text cites

    def contains(self, days: int) -> bool:
        """Whether `days` overdue falls in this stage."""
        return days >= self.start and (self.end is None or days <= self.end)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the engine knows, validated."""

    intents: dict[str, Intent]
    stages: tuple[Stage, ...]
    synonyms: dict[str, str]
    stopwords: frozenset[str]
    follow_up_words: frozenset[str]
    follow_up_openers: tuple[str, ...]
    what_to_do_words: frozenset[str]  # '怎么办': the user asks what to do, not what happens
    platforms: dict[str, str]
    lenders: frozenset[str]  # every platform alias, and lenders with no platform of their own
    messages: dict[str, Any]
    userdict: Path
    main_dict: Path
    domain_words: frozenset[str]  # the words of userdict.txt
    jurisdiction: Jurisdiction  # Taiwan / Hong Kong words: the answers are mainland rules
    scope: Scope  # general-fact questions next to the domain ('花呗是什么'): not ours
    crisis: WordClass  # self-harm words: the crisis text, never the coping reply
    tails: Tails = Tails()  # clickbait tails of page titles ('一文说清…'): not the question
    # '晋商消费金融': a name of 2–3 characters before these is a lender's, whoever it is
    lender_suffixes: tuple[str, ...] = ()
    steps: Steps = Steps()  # '被起诉了怎么办': already happening, so the steps come first
    stage_asks: WordClass = WordClass(())  # '…有什么后果': with a day count, the stage early

    def stage_for(self, days: int) -> Stage:
        """The stage that `days` overdue falls in."""
        for stage in self.stages:
            if stage.contains(days):
                return stage
        return self.stages[-1]

    def next_stage(self, stage: Stage) -> Stage | None:
        """The stage after `stage`, or None for the last one."""
        index = self.stages.index(stage)
        return self.stages[index + 1] if index + 1 < len(self.stages) else None


def default_faq_dir() -> Path:
    """The faq/ folder: inside the installed package, else beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "faq"
    return installed if (installed / "messages.yaml").exists() else here.parent / "faq"


_INTENT_KEYS = {
    "id",
    "question",
    "questions",
    "keywords",
    "answer",
    "sources",
    "platform_notes",
    "related",
    "priority",
    "excluded_by",
    "only_with",
    "short",
    "topics",
}
ASKED_DIR = "asked"


def _read_asked(path: Path, base: Path) -> tuple[str, ...]:
    """Real questions for an intent, one a line (`#` starts a comment line); none if no file."""
    if not path.is_file():
        return ()
    lines = _read_text(path, base).splitlines()
    questions = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    twice = [q for q, n in Counter(questions).items() if n > 1]
    if twice:
        raise KnowledgeError(_name(path, base), None, f"question '{twice[0]}' is listed twice")
    return tuple(questions)


def _load_intent(path: Path, base: Path) -> Intent:
    file = _name(path, base)
    data = _read_yaml(path, base)
    if not isinstance(data, dict):
        raise KnowledgeError(file, None, "expected a mapping of fields")
    entry = str(data.get("id") or path.stem)
    unknown = set(data) - _INTENT_KEYS
    if unknown:
        raise KnowledgeError(file, entry, f"unknown field(s) {sorted(unknown)}")
    intent_id = _text(data, "id", file, entry)
    if intent_id != path.stem:
        raise KnowledgeError(file, entry, f"id '{intent_id}' does not match file name")
    questions = _str_list(data, "questions", file, entry)
    if len(questions) < MIN_PHRASINGS:
        raise KnowledgeError(
            file, entry, f"needs at least {MIN_PHRASINGS} phrasings, has {len(questions)}"
        )
    keywords = data.get("keywords") or {}
    if not isinstance(keywords, dict) or not all(
        isinstance(k, str) and isinstance(w, int) and 1 <= w <= 3 for k, w in keywords.items()
    ):
        raise KnowledgeError(file, entry, "field 'keywords' must map words to weights 1-3")
    notes = data.get("platform_notes") or {}
    if not isinstance(notes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in notes.items()
    ):
        raise KnowledgeError(file, entry, "field 'platform_notes' must map platforms to text")
    return Intent(
        id=intent_id,
        question=_text(data, "question", file, entry),
        questions=tuple(questions),
        keywords=dict(keywords),
        answer=_text(data, "answer", file, entry),
        sources=tuple(_str_list(data, "sources", file, entry)),
        platform_notes={k: v.strip() for k, v in notes.items()},
        related=tuple(_str_list(data, "related", file, entry, required=False)),
        priority=_priority(data, file, entry),
        excluded_by=frozenset(_str_list(data, "excluded_by", file, entry, required=False)),
        only_with=tuple(_str_list(data, "only_with", file, entry, required=False)),
        asked=_read_asked(base / ASKED_DIR / f"{intent_id}.txt", base),
        short=str(data.get("short") or "").strip(),
        topics=load_topics(data, file, entry),
    )


def _priority(data: dict, file: str, entry: str) -> int:
    value = data.get("priority", 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise KnowledgeError(file, entry, "field 'priority' must be a whole number")
    return value


def _load_intents(base: Path) -> dict[str, Intent]:
    intents: dict[str, Intent] = {}
    seen: dict[str, str] = {}
    files = sorted((base / "intents").glob("*.yaml"))
    if not files:
        raise KnowledgeError("faq/intents", None, "no intent files")
    for path in files:
        intent = _load_intent(path, base)
        if intent.id in intents:
            raise KnowledgeError(
                _name(path, base), intent.id, f"duplicate intent id (also in {seen[intent.id]})"
            )
        intents[intent.id] = intent
        seen[intent.id] = _name(path, base)
    for path in sorted((base / ASKED_DIR).glob("*.txt")):
        if path.stem not in intents:
            raise KnowledgeError(_name(path, base), None, f"no intent '{path.stem}' to add to")
    phrasing_owner: dict[str, str] = {}
    for intent in intents.values():
        file = seen[intent.id]
        for other in (*intent.related, *intent.only_with):
            if other not in intents:
                raise KnowledgeError(file, intent.id, f"related intent '{other}' is unknown")
        for phrasing in intent.phrasings:
            owner = phrasing_owner.setdefault(phrasing, intent.id)
            if owner != intent.id:
                raise KnowledgeError(
                    file, intent.id, f"phrasing '{phrasing}' is also in intent '{owner}'"
                )
    return shared_answers(intents, seen)


def _load_stages(base: Path, intents: dict[str, Intent]) -> tuple[Stage, ...]:
    path = base / "timeline.yaml"
    file = _name(path, base)
    data = _read_yaml(path, base)
    raw = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(file, None, "expected a non-empty list 'stages'")
    stages: list[Stage] = []
    expected_start = 0
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise KnowledgeError(file, f"stage #{index + 1}", "expected a mapping of fields")
        entry = str(item.get("id", f"stage #{index + 1}"))
        start, end = item.get("from"), item.get("to")
        if not isinstance(start, int) or (end is not None and not isinstance(end, int)):
            raise KnowledgeError(file, entry, "'from' and 'to' must be day numbers")
        if start != expected_start:
            raise KnowledgeError(
                file, entry, f"starts at day {start}, expected {expected_start} (gap or overlap)"
            )
        if end is not None and end < start:
            raise KnowledgeError(file, entry, f"ends (day {end}) before it starts (day {start})")
        if end is None and index != len(raw) - 1:
            raise KnowledgeError(file, entry, "only the last stage may be open-ended")
        topics = _str_list(item, "topics", file, entry, required=False)
        for topic in topics:
            if topic not in intents:
                raise KnowledgeError(file, entry, f"unknown intent '{topic}' in topics")
        stages.append(
            Stage(
                id=_text(item, "id", file, entry),
                start=start,
                end=end,
                title=_text(item, "title", file, entry),
                happens=_text(item, "happens", file, entry),
                todo=_text(item, "todo", file, entry),
                topics=tuple(topics),
                sources=tuple(_str_list(item, "sources", file, entry, required=False)),
            )
        )
        expected_start = (end + 1) if end is not None else -1
    if stages[-1].end is not None:
        raise KnowledgeError(file, stages[-1].id, "the last stage must be open-ended (to: null)")
    return tuple(stages)


def _check_fixes(base: Path) -> None:
    """faq/traditional_fixes.yaml must be a valid correction table."""
    from .text import FIXES_FILE, load_fixes

    try:
        load_fixes(base / FIXES_FILE)
    except ValueError as exc:
        raise KnowledgeError(_name(base / FIXES_FILE, base), None, str(exc)) from None


def load(base: Path | None = None) -> KnowledgeBase:
    """Load faq/ (or `base`), validate it, and return the knowledge base."""
    base = Path(base) if base is not None else default_faq_dir()
    intents = _load_intents(base)
    platform_data, platform_file = _read_mapping(base, "platforms.yaml")
    platforms = _variants(platform_data, platform_file, "platforms", canonical_too=True)
    lenders = frozenset(platforms) | _word_list(platform_data, platform_file, "lenders")
    words, words_file = _read_mapping(base, "synonyms.yaml")
    for intent in intents.values():
        topic_platforms = [p for t in intent.topics for p in t.platforms]
        for platform in (*intent.platform_notes, *topic_platforms):
            if platform not in set(platforms.values()):
                raise KnowledgeError(
                    _name(base / "intents" / f"{intent.id}.yaml", base),
                    intent.id,
                    f"platform note or topic for unknown platform '{platform}'",
                )
    for name in ("userdict.txt", "jieba_main.txt"):
        if not (base / name).is_file():
            raise KnowledgeError(_name(base / name, base), None, "file is missing")
    lines = _read_text(base / "userdict.txt", base).splitlines()
    _check_fixes(base)
    return KnowledgeBase(
        intents=intents,
        stages=_load_stages(base, intents),
        synonyms=_variants(words, words_file, "synonyms", canonical_too=False),
        stopwords=_word_list(words, words_file, "stopwords"),
        follow_up_words=_word_list(words, words_file, "follow_up_words"),
        follow_up_openers=tuple(_word_list(words, words_file, "follow_up_openers")),
        what_to_do_words=_word_list(words, words_file, "what_to_do_words"),
        platforms=platforms,
        lenders=lenders,
        lender_suffixes=read_words(platform_data, platform_file, "lender_suffixes"),
        messages=load_messages(base),
        userdict=base / "userdict.txt",
        main_dict=base / "jieba_main.txt",
        domain_words=frozenset(line.split()[0] for line in lines if line.strip()),
        jurisdiction=load_jurisdiction(base),
        scope=load_scope(base),
        crisis=load_crisis(base),
        tails=load_tails(base),
        steps=load_steps(base),
        stage_asks=load_stage_asks(base),
    )
