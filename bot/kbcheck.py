"""Knowledge-base checks beyond the schema: topics that select themselves, cited sources."""

from __future__ import annotations

from dataclasses import dataclass

from . import text as textlib
from .citations import uncovered
from .engine import Engine
from .knowledge import Intent, KnowledgeBase, Topic
from .topics import choose_topic


@dataclass(frozen=True)
class Problem:
    """One problem in the knowledge base: where it is and what is wrong."""

    file: str
    entry: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.problem}"


def _selects(engine: Engine, intent: Intent, topic: Topic, question: str) -> Topic | None:
    analysis = engine.matcher.analyse(textlib.simplify(textlib.normalise(question))[0])
    platform = engine.platforms.find(question) or (topic.platforms or (None,))[0]
    return choose_topic(intent, analysis.raw, analysis.joined, platform)


def check_topics(engine: Engine) -> list[Problem]:
    """Every topic's `when` words are sane (no stopword, none twice) and its own question
    selects it: the engine answers it with the topic's intent and that topic."""
    kb, problems = engine.kb, []
    for intent in kb.intents.values():
        file = f"faq/intents/{intent.id}.yaml"
        for topic in intent.topics:
            entry = f"{intent.id}.{topic.id}"
            words = [w.strip() for w in topic.when]
            if len(set(words)) != len(words):
                problems.append(Problem(file, entry, "a 'when' word is listed twice"))
            for word in words:
                if word in kb.stopwords:
                    problems.append(Problem(file, entry, f"'when' word {word!r} is a stopword"))
            reply = engine.answer(topic.question)
            if reply.intent != intent.id:
                problems.append(
                    Problem(file, entry, f"its question is answered by intent {reply.intent}")
                )
            chosen = _selects(engine, intent, topic, topic.question)
            if chosen is not topic:
                got = chosen.id if chosen else "the general answer"
                problems.append(Problem(file, entry, f"its question selects {got}"))
    return problems


def topic_warnings(engine: Engine) -> list[Problem]:
    """Softer findings: a topic's further `questions` that select another topic, and
    one-character `when` words ('怕' is in '害怕' too)."""
    warnings = []
    for intent in engine.kb.intents.values():
        file = f"faq/intents/{intent.id}.yaml"
        for topic in intent.topics:
            entry = f"{intent.id}.{topic.id}"
            for word in topic.when:
                if len(word.strip()) < 2:
                    warnings.append(Problem(file, entry, f"'when' word {word!r} is one character"))
            for question in topic.questions:
                chosen = _selects(engine, intent, topic, question)
                if chosen is not topic:
                    got = chosen.id if chosen else "the general answer"
                    warnings.append(Problem(file, entry, f"{question!r} selects {got}"))
    return warnings


def check_citations(kb: KnowledgeBase) -> list[Problem]:
    """Every citation in a text the bot shows (《…》第N条, 银发〔2003〕251号) is in that
    piece's sources: answer, topic, stage; gists and platform notes in their intent's."""
    problems: list[Problem] = []

    def check(file: str, entry: str, text: str, sources: tuple[str, ...]) -> None:
        for citation in uncovered(text, sources):
            problems.append(Problem(file, entry, f"cites {citation.text!r}, not in its sources"))

    for intent in kb.intents.values():
        file = f"faq/intents/{intent.id}.yaml"
        every = (*intent.sources, *(s for t in intent.topics for s in t.sources))
        check(file, intent.id, intent.answer, intent.sources)
        check(file, f"{intent.id} short", intent.short, every)
        for topic in intent.topics:
            check(file, f"{intent.id}.{topic.id}", topic.answer, topic.sources)
        for platform, note in intent.platform_notes.items():
            check(file, f"{intent.id} platform_notes.{platform}", note, every)
    for stage in kb.stages:
        check("faq/timeline.yaml", stage.id, f"{stage.happens}\n{stage.todo}", stage.sources)
    return problems


def check_all(engine: Engine) -> list[Problem]:
    """All checks, for `overdue-bot faq lint` and the tests."""
    return check_topics(engine) + check_citations(engine.kb)
