"""The answer engine: one call from any front end turns a message into a reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import text as textlib
from .conversation import Context, ConversationStore
from .days import DayCount, find_days
from .knowledge import Intent, KnowledgeBase, Stage, Topic, load
from .matcher import Analysis, Matcher
from .platforms import PlatformFinder
from .segment import Segmenter

THRESHOLD = 0.42  # below this the question is out of scope (tuned on the dev set)
CLOSE_MARGIN = 0.05  # a runner-up this close is offered first among the suggestions
TIMELINE = "timeline"
GREETING = "greeting"
OUT_OF_SCOPE = "out_of_scope"  # next to the domain but not ours: answered like any unknown


@dataclass(frozen=True)
class Reply:
    """The engine's answer to one message."""

    intent: str | None
    score: float
    days: int | None
    platform: str | None
    answer: str
    suggestions: tuple[str, ...] = ()
    suggestion_intents: tuple[str, ...] = ()
    traditional: bool = False
    topic: str | None = None  # the finer point answered, as '<intent>.<topic id>'
    nearest: tuple[tuple[str, float], ...] = ()  # the best-scoring intents, for the misses log

    def to_json(self) -> dict[str, Any]:
        """The object of the `ask --json` contract (`topic` is an additive field)."""
        return {
            "intent": self.intent,
            "score": round(self.score, 3),
            "days": self.days,
            "platform": self.platform,
            "answer": self.answer,
            "suggestions": list(self.suggestions),
            "topic": self.topic,
        }


class Engine:
    """Answers questions from a knowledge base; keeps a little context per user."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        threshold: float = THRESHOLD,
        store: ConversationStore | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.kb = kb
        self.threshold = threshold
        self.store = store if store is not None else ConversationStore()
        self._today = today
        extra_words = [*kb.synonyms, *kb.synonyms.values(), *kb.platforms]
        for intent in kb.intents.values():
            extra_words.extend(intent.keywords)
        self.segmenter = Segmenter(kb.main_dict, kb.userdict, extra_words)
        self.matcher = Matcher(kb, self.segmenter)
        self.platforms = PlatformFinder(kb.platforms)

    @classmethod
    def from_faq(cls, base: Path | None = None, **options: Any) -> Engine:
        """Load faq/ (or `base`) and build an engine over it."""
        return cls(load(base), **options)

    # -- texts -----------------------------------------------------------------

    def message(self, key: str, traditional: bool = False) -> str:
        """One of the bot's own texts (faq/messages.yaml), in the user's script."""
        value = self.kb.messages[key]
        text = "\n".join(value) if isinstance(value, list) else str(value).strip()
        return textlib.to_traditional(text) if traditional else text

    def examples(self, traditional: bool = False) -> list[str]:
        """Example questions for help screens and buttons."""
        return [self._script(e, traditional) for e in self.kb.messages["examples"]]

    def question_of(self, intent_id: str, traditional: bool = False) -> str:
        """The canonical question of an intent (what a suggestion button says)."""
        return self._script(self.kb.intents[intent_id].question, traditional)

    def timeline(self, days: int | None = None, traditional: bool = False) -> str:
        """The whole timeline in brief, or the stage of `days` and what comes next."""
        if days is None:
            lines = [f"· {self._day_range(s)}：{s.title}" for s in self.kb.stages]
            body = self.kb.intents[TIMELINE].answer + "\n\n" + "\n".join(lines)
        else:
            body = self._stage_text(self.kb.stage_for(days), days, detail=True)
        return self._script(body, traditional)

    @staticmethod
    def _day_range(stage: Stage) -> str:
        if stage.end is None:
            return f"第{stage.start}天以后"
        if stage.start == stage.end:
            return "还款日当天" if stage.start == 0 else f"第{stage.start}天"
        return f"第{stage.start}–{stage.end}天"

    def _stage_text(self, stage: Stage, days: int, detail: bool) -> str:
        messages = self.kb.messages
        parts = [messages["stage_intro"].format(days=days, title=stage.title) + stage.happens]
        if detail:
            parts.append(messages["stage_todo"] + stage.todo)
            following = self.kb.next_stage(stage)
            if following is not None:
                parts.append(
                    messages["stage_next"].format(start=following.start, title=following.title)
                    + following.happens
                )
        return "\n\n".join(p.strip() for p in parts)

    @staticmethod
    def _script(text: str, traditional: bool) -> str:
        return textlib.to_traditional(text) if traditional else text

    # -- answering -------------------------------------------------------------

    def answer(self, message: str, user: str | None = None, today: date | None = None) -> Reply:
        """Answer one message. `user` is an opaque key for follow-up context."""
        message = message if isinstance(message, str) else str(message)
        if not message.strip():
            return self._plain("empty", False)
        if not textlib.has_text(message):
            return self._plain("no_text", False)
        clean = textlib.normalise(message)
        if not clean:
            return self._plain("no_text", False)
        simplified, traditional = textlib.simplify(clean)
        count = find_days(simplified, today or self._today())
        platform = self.platforms.find(simplified)
        analysis = self.matcher.analyse(simplified)
        ranked = self.matcher.rank(analysis)
        previous = self.store.get(user) if user is not None else None
        intent, score = self._choose(ranked, count, analysis, previous)
        days = count.days if count else None
        if previous is not None and intent is not None:
            # A conversation keeps its platform and day count until the user names new ones.
            days = days if count else previous.days
            platform = platform or previous.platform
        reply = self._compose(
            intent, score, days, count, platform, ranked, traditional, analysis.raw
        )
        reply = replace(reply, nearest=tuple(ranked[:3]))
        intent = reply.intent
        if len(message.strip()) > textlib.MAX_CHARS:
            notice = self.message("too_long", traditional)
            reply = replace(reply, answer=f"{notice}\n\n{reply.answer}")
        if user is not None and intent is not None and intent != GREETING:
            self.store.put(user, Context(intent=intent, days=days, platform=platform))
        return reply

    def _choose(
        self,
        ranked: list[tuple[str, float]],
        count: DayCount | None,
        analysis: Analysis,
        previous: Context | None,
    ) -> tuple[str | None, float]:
        top, score = ranked[0] if ranked else (None, 0.0)
        if previous is not None and self._is_follow_up(analysis, count, score):
            return previous.intent, max(score, self.threshold)
        if count is not None and (top is None or score < self.threshold):
            return TIMELINE, max(score, self.threshold)  # '逾期10天': a day count and no topic
        if top is None or score < self.threshold:
            return None, score
        return top, score

    def _is_follow_up(self, analysis: Analysis, count: DayCount | None, score: float) -> bool:
        """A message that only adds a day count or platform ('那60天呢') continues the last
        topic, and so does a vague one that opens like a follow-up ('那我该怎么办')."""
        content = [t for t in analysis.tokens if t not in self.kb.follow_up_words]
        starts = analysis.raw.startswith(self.kb.follow_up_openers)
        if not content and (count is not None or starts):
            return True  # '那60天呢', '那如果是花呗呢'
        return starts and score < self.threshold

    def _compose(
        self,
        intent: str | None,
        score: float,
        days: int | None,
        count: DayCount | None,
        platform: str | None,
        ranked: list[tuple[str, float]],
        traditional: bool,
        raw: str = "",
    ) -> Reply:
        if intent is None or intent == OUT_OF_SCOPE:
            ids = [i for i, s in ranked if s > 0 and i != OUT_OF_SCOPE][:3]
            suggestions = [self.kb.intents[i].question for i in ids]
            if not suggestions:
                suggestions = list(self.kb.messages["examples"][:3])
            intro = self.kb.intents[intent].answer if intent else self.kb.messages["fallback"]
            body = (
                intro.strip()
                + "\n"
                + self.kb.messages["suggest_intro"].strip()
                + "\n"
                + "\n".join(f"· {s}" for s in suggestions)
            )
            return Reply(
                intent=None,
                score=min(1.0, score),
                days=days,
                platform=platform,
                answer=self._script(body, traditional),
                suggestions=tuple(self._script(s, traditional) for s in suggestions),
                suggestion_intents=tuple(ids),
                traditional=traditional,
            )
        item = self.kb.intents[intent]
        topic = self._topic(item, raw, platform)
        sources = list(topic.sources if topic else item.sources)
        if intent == TIMELINE and days is not None and topic is None:
            parts = [self._stage_text(self.kb.stage_for(days), days, detail=True)]
            sources = list(self.kb.stage_for(days).sources)
        else:
            parts = [topic.answer if topic else item.answer]
            if days is not None:
                parts.append(self._stage_text(self.kb.stage_for(days), days, detail=False))
        if days is None and count is not None and count.low is not None:
            parts.append(self.kb.messages["approx_days"].strip())
        if platform and platform in item.platform_notes:
            parts.append(
                self.kb.messages["platform_note"].format(platform=platform)
                + item.platform_notes[platform]
            )
        shown = [s for s in dict.fromkeys(sources) if not s.startswith("seed:")]
        if shown:
            parts.append(self.kb.messages["sources"] + "；".join(shown))
        related = [r for r in item.related if r not in (intent, OUT_OF_SCOPE)]
        runner_up = next((i for i, s in ranked[1:2] if s >= score - CLOSE_MARGIN), None)
        if runner_up and runner_up not in (intent, OUT_OF_SCOPE):
            related = [runner_up, *[r for r in related if r != runner_up]]
        related = related[:3]
        return Reply(
            intent=intent,
            score=min(1.0, score),
            days=days,
            platform=platform,
            # Piece by piece, so each curated piece is converted once and then cached.
            answer="\n\n".join(self._script(p.strip(), traditional) for p in parts),
            suggestions=tuple(self.question_of(r, traditional) for r in related),
            suggestion_intents=tuple(related),
            traditional=traditional,
            topic=f"{intent}.{topic.id}" if topic else None,
        )

    @staticmethod
    def _topic(item: Intent, raw: str, platform: str | None) -> Topic | None:
        """The intent's finer point the question asks about: the topic with the most (then the
        longest) of its `when` words in the question; None for the general question."""
        best, best_key = None, (0, 0)
        for topic in item.topics:
            if topic.platforms and platform not in topic.platforms:
                continue
            hits = [w for w in topic.when if w in raw]
            key = (len(hits), max((len(w) for w in hits), default=0))
            if key > best_key:
                best, best_key = topic, key
        return best

    def _plain(self, key: str, traditional: bool) -> Reply:
        examples = self.kb.messages["examples"][:3]
        return Reply(
            intent=None,
            score=0.0,
            days=None,
            platform=None,
            answer=self.message(key, traditional),
            suggestions=tuple(self._script(e, traditional) for e in examples),
            traditional=traditional,
        )
