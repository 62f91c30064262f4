"""Build the reply text: the point asked first, then a second point, the stage, notes, sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import text as textlib
from .citations import sources_for
from .days import DayCount, due_date_of
from .ids import DISTRESS, GREETING, OUT_OF_SCOPE, TIMELINE
from .knowledge import Intent, KnowledgeBase, Stage, Topic

CLOSE_MARGIN = 0.05  # a runner-up this close is offered first among the suggestions
SHORT_HEAD = 8  # a first sentence shorter than this is a bare yes or no
_SENTENCE = re.compile(r"^.+?[。！？!?](?=\s*\S)|^.+$", re.S)


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
    also: str | None = None  # the second intent of a question that asks two things
    nearest: tuple[tuple[str, float], ...] = ()  # the best-scoring intents, for the misses log

    def to_json(self) -> dict[str, Any]:
        """The object of the `ask --json` contract (`topic`, `also` are additive fields)."""
        return {
            "intent": self.intent,
            "score": round(self.score, 3),
            "days": self.days,
            "platform": self.platform,
            "answer": self.answer,
            "suggestions": list(self.suggestions),
            "topic": self.topic,
            "also": self.also,
        }


@dataclass(frozen=True)
class Choice:
    """What the engine decided to answer."""

    intent: str | None
    score: float
    days: int | None
    count: DayCount | None
    platform: str | None
    ranked: list[tuple[str, float]]
    traditional: bool
    topic: Topic | None = None
    also: str | None = None
    also_topic: Topic | None = None
    today: date | None = None
    asks_what_to_do: bool = False  # '逾期3个月怎么办': the stage's to-do comes first
    regions: tuple[str, ...] = ()  # Taiwan / Hong Kong wording: say the rules are mainland's
    stage_early: bool = False  # '逾期半年有什么后果会上门吗': the stage is a second point


def first_sentence(text: str) -> str:
    """The first sentence of a text (up to its first 。！？)."""
    match = _SENTENCE.match(text.strip())
    return match.group().strip() if match else text.strip()


def _around_first_sentence(text: str, inserted: list[str]) -> list[str]:
    """`text`'s first sentence, the `inserted` pieces, then the rest of `text`. A bare
    '不用。' or '会。' keeps its reason: the next sentence stays with it."""
    head = first_sentence(text)
    rest = text.strip()[len(head) :].strip()
    if len(head) < SHORT_HEAD and rest:
        head += first_sentence(rest)
        rest = text.strip()[len(head) :].strip()
    return [head, *inserted, *([rest] if rest else [])]


def script(text: str, traditional: bool) -> str:
    """`text` in the user's script."""
    return textlib.to_traditional(text) if traditional else text


class Composer:
    """Turns an engine's choice into the reply a user sees."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @staticmethod
    def day_range(stage: Stage) -> str:
        """A stage's days as people read them ('第31–90天')."""
        if stage.end is None:
            return f"第{stage.start}天以后"
        if stage.start == stage.end:
            return "还款日当天" if stage.start == 0 else f"第{stage.start}天"
        return f"第{stage.start}–{stage.end}天"

    def stage_text(self, stage: Stage, days: int, detail: bool, todo_first: bool = False) -> str:
        """What day `days` means: the stage, and with `detail` what to do and what is next
        (what to do first when the user asked just that)."""
        messages = self.kb.messages
        intro = messages["stage_intro"].format(days=days, title=stage.title) + stage.happens
        if not detail:
            return intro.strip()
        if todo_first:
            first = messages["stage_todo_first"].format(days=days, title=stage.title)
            parts = [first + stage.todo, stage.happens]
        else:
            parts = [intro, messages["stage_todo"] + stage.todo]
        following = self.kb.next_stage(stage)
        if following is not None:
            parts.append(
                messages["stage_next"].format(start=following.start, title=following.title)
                + following.happens
            )
        return "\n\n".join(p.strip() for p in parts)

    def timeline(self, days: int | None = None) -> str:
        """The whole timeline in brief, or the stage of `days` and what comes next."""
        if days is None:
            lines = [f"· {self.day_range(s)}：{s.title}" for s in self.kb.stages]
            return self.kb.intents[TIMELINE].answer + "\n\n" + "\n".join(lines)
        return self.stage_text(self.kb.stage_for(days), days, detail=True)

    def unknown(self, choice: Choice) -> Reply:
        """Out of scope or unsure: what the bot can answer, with suggestions."""
        ids = [i for i, s in choice.ranked if s > 0 and i != OUT_OF_SCOPE][:3]
        suggestions = [self.kb.intents[i].question for i in ids]
        if not suggestions:
            suggestions = list(self.kb.messages["examples"][:3])
        intro = (
            self.kb.intents[choice.intent].answer if choice.intent else self.kb.messages["fallback"]
        )
        body = "\n".join(
            [intro.strip(), self.kb.messages["suggest_intro"].strip()]
            + [f"· {s}" for s in suggestions]
        )
        return Reply(
            intent=None,
            score=min(1.0, choice.score),
            days=choice.days,
            platform=choice.platform,
            answer=script(body, choice.traditional),
            suggestions=tuple(script(s, choice.traditional) for s in suggestions),
            suggestion_intents=tuple(ids),
            traditional=choice.traditional,
        )

    def distress(self, choice: Choice) -> Reply:
        """The crisis text and one gentle next step; no stage, note or anything else."""
        item = self.kb.intents[DISTRESS]
        related = [r for r in item.related if r != DISTRESS][:1]
        return Reply(
            intent=DISTRESS,
            score=min(1.0, choice.score),
            days=choice.days,
            platform=choice.platform,
            answer=script(item.answer.strip(), choice.traditional),
            suggestions=tuple(
                script(self.kb.intents[r].question, choice.traditional) for r in related
            ),
            suggestion_intents=tuple(related),
            traditional=choice.traditional,
        )

    def compose(self, choice: Choice) -> Reply:
        """The reply for an answerable choice: point first, then the rest."""
        if choice.intent is None or choice.intent == OUT_OF_SCOPE:
            return self.unknown(choice)
        if choice.intent == DISTRESS and choice.topic is None:
            return self.distress(choice)  # the crisis text alone
        item, topic, days, count = (
            self.kb.intents[choice.intent],
            choice.topic,
            choice.days,
            choice.count,
        )
        messages = self.kb.messages
        parts: list[str] = []
        sources: list[str] = []
        date_note = self._date_note(count, choice.today)
        if choice.intent == TIMELINE and topic is None and days is not None:
            stage = self.kb.stage_for(days)
            parts.append(self.stage_text(stage, days, True, choice.asks_what_to_do))
            following = self.kb.next_stage(stage)  # its text is shown too
            sources.extend((*stage.sources, *(following.sources if following else ())))
        else:
            if date_note and choice.intent == TIMELINE:
                parts.append(date_note)  # the point asked: not overdue yet, or which number
                date_note = ""
            parts.append(topic.answer if topic else item.answer)
            sources.extend(topic.sources if topic else item.sources)
        main = len(parts) - 1  # where the answer to the point asked is
        # Second points follow the answer's first sentence: the reader meets both early.
        early: list[str] = []
        if choice.also:
            gist, cites = self._gist(choice.also, choice.also_topic)
            early.append(messages["also_lead"].format(question=self._asked(choice)) + gist)
            sources.extend(cites)
        if days is not None and choice.intent != DISTRESS and not (
            choice.intent == TIMELINE and topic is None
        ):
            stage = self.kb.stage_for(days)
            stage_part = self.stage_text(stage, days, detail=False)
            (early if choice.stage_early else parts).append(stage_part)
            sources.extend(stage.sources)
        if early:
            parts[main : main + 1] = _around_first_sentence(parts[main], early)
        if date_note:
            parts.append(date_note)
        if days is None and count is not None and count.low is not None and count.told:
            parts.append(messages["approx_days"].strip())
        note = item.platform_notes.get(choice.platform or "")
        if note:
            parts.append(messages["platform_note"].format(platform=choice.platform) + note)
            sources.extend(sources_for(note, self._all_sources(item)))
        shown = [s for s in dict.fromkeys(sources) if not s.startswith("seed:")]
        if shown:
            parts.append(messages["sources"] + "；".join(shown))
        region_note = ""
        if choice.regions and choice.intent != GREETING:
            # The first sentence, before the point: these are mainland rules, not the region's.
            regions = "、".join(choice.regions)
            region_note = messages["jurisdiction_note"].format(region=regions).strip()
        related = self._related(choice, item)
        return Reply(
            intent=choice.intent,
            score=min(1.0, choice.score),
            days=days,
            platform=choice.platform,
            # Piece by piece, so each curated piece is converted once and then cached.
            answer=script(region_note, choice.traditional)
            + "\n\n".join(script(p.strip(), choice.traditional) for p in parts),
            suggestions=tuple(
                script(self.kb.intents[r].question, choice.traditional) for r in related
            ),
            suggestion_intents=tuple(related),
            traditional=choice.traditional,
            topic=f"{choice.intent}.{topic.id}" if topic else None,
            also=choice.also,
        )

    def _date_note(self, count: DayCount | None, today: date | None) -> str:
        """A due date still ahead, or a count that cannot be true: say so."""
        if count is None:
            return ""
        if count.impossible:
            return self.kb.messages["impossible_days"].strip()
        due = due_date_of(today, count) if today is not None else None
        if due is not None:
            return (
                self.kb.messages["not_due"]
                .format(ahead=count.ahead, month=due.month, day=due.day)
                .strip()
            )
        return ""

    def _gist(self, intent_id: str, topic: Topic | None) -> tuple[str, list[str]]:
        """The second point in brief: its topic's first sentence, else the intent's gist."""
        item = self.kb.intents[intent_id]
        text = (
            first_sentence(topic.answer) if topic else (item.short or first_sentence(item.answer))
        )
        return text, sources_for(text, self._all_sources(item))

    def _asked(self, choice: Choice) -> str:
        item = self.kb.intents[choice.also or ""]
        asked = (choice.also_topic.question if choice.also_topic else item.question).rstrip("？?")
        return asked.replace("？", "，").replace("?", "，")  # one sentence, quoted in the reply

    @staticmethod
    def _all_sources(item: Intent) -> tuple[str, ...]:
        return (*item.sources, *(s for t in item.topics for s in t.sources))

    def _related(self, choice: Choice, item: Intent) -> list[str]:
        skip = (choice.intent, OUT_OF_SCOPE, choice.also)
        related = [r for r in item.related if r not in skip]
        runner_up = next(
            (i for i, s in choice.ranked[1:2] if s >= choice.score - CLOSE_MARGIN), None
        )
        if runner_up and runner_up not in skip:
            related = [runner_up, *[r for r in related if r != runner_up]]
        return related[:3]
