"""The answer engine: one call from any front end turns a message into a reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from . import text as textlib
from .compose import Choice, Composer, Reply, script
from .conversation import Context, ConversationStore
from .days import DayCount, find_days
from .focus import question_part
from .ids import ALWAYS_FIRST, DECISIVE, DISTRESS, GREETING, OUT_OF_SCOPE, TIMELINE
from .kb_topics import Topic
from .knowledge import Intent, KnowledgeBase, load
from .matcher import Analysis, Matcher
from .platforms import PlatformFinder
from .segment import Segmenter
from .topics import choose_topic, when_found
from .twopart import second_intent, second_point

__all__ = ["Engine", "Reply", "THRESHOLD", "TIMELINE", "GREETING", "OUT_OF_SCOPE", "DISTRESS"]

THRESHOLD = 0.42  # below this the question is out of scope (tuned on the dev set)
TROUBLE_THRESHOLD = 0.25  # the bar for a question that names a debt problem (faq/scope.yaml)
FOCUS_WEIGHT = 0.5  # how much more the clause that asks counts than the story around it
FOCUS_KEYWORD = 3  # the clause must name the boosted intent in a keyword this strong
NOT_BOOSTED = frozenset({TIMELINE, GREETING, OUT_OF_SCOPE})  # general answers, not topics


def segmenter_for(kb: KnowledgeBase, cache_dir: Path | None = None) -> Segmenter:
    """The segmenter of `kb`: its dictionaries, with every synonym, lender and keyword kept
    whole; `cache_dir` holds the cut phrasings (the temp folder unless given)."""
    words = [*kb.synonyms, *kb.synonyms.values(), *kb.lenders]
    for intent in kb.intents.values():
        words.extend(intent.keywords)
    return Segmenter(kb.main_dict, kb.userdict, words, cache_dir=cache_dir)


class Engine:
    """Answers questions from a knowledge base; keeps a little context per user."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        threshold: float = THRESHOLD,
        trouble_threshold: float | None = None,
        store: ConversationStore | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.kb = kb
        self.threshold = threshold
        # Unless given, the trouble bar keeps its proportion to the threshold: a stricter
        # engine is stricter for both.
        if trouble_threshold is None:
            trouble_threshold = threshold * TROUBLE_THRESHOLD / THRESHOLD
        self.trouble_threshold = min(threshold, trouble_threshold)
        self.store = store if store is not None else ConversationStore()
        self._today = today
        self.segmenter = segmenter_for(kb)
        self.platforms = PlatformFinder(kb.platforms)
        self.matcher = Matcher(kb, self.segmenter, self.platforms)
        self.composer = Composer(kb)
        # A suggestion button sends an intent's canonical question: it gets the general answer.
        self._canonical = {
            textlib.simplify(textlib.normalise(i.question))[0]: i.id for i in kb.intents.values()
        }

    @classmethod
    def from_faq(cls, base: Path | None = None, **options: Any) -> Engine:
        """Load faq/ (or `base`) and build an engine over it."""
        return cls(load(base), **options)

    # -- texts -----------------------------------------------------------------

    def message(self, key: str, traditional: bool = False) -> str:
        """One of the bot's own texts (faq/messages.yaml), in the user's script."""
        value = self.kb.messages[key]
        text = "\n".join(value) if isinstance(value, list) else str(value).strip()
        return script(text, traditional)

    def examples(self, traditional: bool = False) -> list[str]:
        """Example questions for help screens and buttons."""
        return [script(e, traditional) for e in self.kb.messages["examples"]]

    def question_of(self, intent_id: str, traditional: bool = False) -> str:
        """The canonical question of an intent (what a suggestion button says)."""
        return script(self.kb.intents[intent_id].question, traditional)

    def timeline(self, days: int | None = None, traditional: bool = False) -> str:
        """The whole timeline in brief, or the stage of `days` and what comes next."""
        return script(self.composer.timeline(days), traditional)

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
        today = today or self._today()
        simplified, traditional = textlib.simplify(clean)
        simplified = self.kb.tails.strip(simplified)  # '…吗 一文说清法律真相': the question
        count = find_days(simplified, today)
        platform = self.platforms.find(simplified)
        analysis = self.matcher.analyse(simplified)
        focus = question_part(simplified)
        ranked = self.rank(analysis, focus)
        previous = self.store.get(user) if user is not None else None
        top_score = ranked[0][1] if ranked else 0.0
        continues, follow_up = (
            self._follow_up(analysis, count, top_score) if previous else (False, False)
        )
        bar = self.bar(analysis, ranked[0][0] if ranked else None)
        intent, score = self._choose(ranked, count, previous if follow_up else None, top_score, bar)
        if intent is None and ranked and self._urgent(ranked[0][0], simplified):
            intent, score = ranked[0][0], max(top_score, self.threshold)
        days = count.days if count else None
        if continues and previous is not None and intent not in (None, DISTRESS):
            # A follow-up keeps the conversation's platform and day count unless it names new
            # ones; a new question with its own topic starts afresh.
            days = days if count else previous.days
            platform = platform or previous.platform
        choice = self._choice(intent, score, days, count, platform, ranked, traditional, today)
        choice = replace(choice, regions=self.kb.jurisdiction.regions(simplified))
        if choice.intent == DISTRESS:
            choice = self._distress(choice, analysis, focus)
        elif choice.intent not in (None, OUT_OF_SCOPE):
            choice = self._details(choice, analysis, focus)
        reply = self.composer.compose(choice)
        reply = replace(reply, nearest=tuple(ranked[:3]))  # for the misses log
        if len(message.strip()) > textlib.MAX_CHARS:
            notice = self.message("too_long", traditional)
            reply = replace(reply, answer=f"{notice}\n\n{reply.answer}")
        if user is not None and reply.intent is not None and reply.intent != GREETING:
            self.store.put(
                user, Context(intent=reply.intent, days=reply.days, platform=reply.platform)
            )
        return reply

    @staticmethod
    def _choice(intent, score, days, count, platform, ranked, traditional, today) -> Choice:
        return Choice(
            intent=intent,
            score=score,
            days=days,
            count=count,
            platform=platform,
            ranked=ranked,
            traditional=traditional,
            today=today,
        )

    def _main_topic(
        self,
        item: Intent,
        topic: Topic | None,
        raw: str,
        clause: str,
        platform: str | None,
        steps: bool,
    ) -> Topic | None:
        """The main point's topic when another clause asks the second point: a topic named
        only by that clause's words gives way to one the rest of the question names
        ('逾期还清了多久清记录？多久可以贷款买房？'); a topic answering both stays."""
        if topic is None:
            return None
        rest = raw.replace(clause, "", 1)
        joined = self.matcher.analyse(rest).joined
        if when_found(topic, rest, joined):
            return topic
        return choose_topic(item, rest, joined, platform, None, steps) or topic

    def _details(self, choice: Choice, analysis: Analysis, focus: str | None) -> Choice:
        """The finer topic of the chosen intent, and a second point the question asks."""
        raw, joined = analysis.raw, analysis.joined
        item = self.kb.intents[choice.intent or ""]
        general = self._canonical.get(raw) == item.id
        asks = any(word in raw for word in self.kb.what_to_do_words)
        steps = asks and self.kb.steps.happening_now(raw)
        topic = None if general else choose_topic(item, raw, joined, choice.platform, focus, steps)
        also, clause = second_point(self.kb, self.matcher, raw, choice.ranked, item.id)
        if clause:  # the second point is that clause's: its topic is chosen there
            raw_also, joined_also, focus_also = clause, self.matcher.analyse(clause).joined, None
            topic = self._main_topic(item, topic, raw, clause, choice.platform, steps)
        else:
            raw_also, joined_also, focus_also = raw, joined, focus
        also_topic = (
            choose_topic(self.kb.intents[also], raw_also, joined_also, choice.platform, focus_also)
            if also
            else None
        )
        return replace(
            choice,
            topic=topic,
            also=also,
            also_topic=also_topic,
            asks_what_to_do=asks,
            stage_early=choice.days is not None and bool(self.kb.stage_asks.found(analysis.raw)),
        )

    def _distress(self, choice: Choice, analysis: Analysis, focus: str | None) -> Choice:
        """Words of self-harm (faq/crisis.yaml): the crisis text, nothing else. Stress alone
        ('压力好大', '焦虑睡不着'): the calm coping topic; when the question also asks a debt
        point ('…快崩溃了，他们会上门吗'), that point first and the coping gist beside it."""
        raw = analysis.raw
        if self.kb.crisis.found(raw):
            return choice
        coping = choose_topic(self.kb.intents[DISTRESS], raw, analysis.joined, None, focus)
        if coping is None:
            return choice  # no stress word either ('没脸见人'): the crisis text, to be safe
        other = second_intent(self.kb, self.matcher, raw, choice.ranked, DISTRESS)
        if other is None:
            return replace(choice, topic=coping)
        score = max(dict(choice.ranked)[other], self.threshold)
        main = self._details(replace(choice, intent=other, score=score), analysis, focus)
        return replace(main, also=DISTRESS, also_topic=coping)

    def rank(self, analysis: Analysis, focus: str | None = None) -> list[tuple[str, float]]:
        """Intents ranked for a question; in a story the clause that asks decides the order:
        intents are ordered by their score plus FOCUS_WEIGHT times their score on that clause
        alone (when the clause alone is a recognisable question), and keep their own score."""
        ranked = self.matcher.rank(analysis)
        if not focus or not ranked:
            return ranked
        first = ranked[0][0]
        if self.kb.intents[first].priority >= ALWAYS_FIRST or first == OUT_OF_SCOPE:
            return ranked  # safety before relevance; not ours stays not ours
        if self._names(focus, first):
            return ranked  # the leader is asked about in that clause too
        if not self.matcher.named_strongly(focus, FOCUS_KEYWORD) - NOT_BOOSTED:
            return ranked  # no keyword that strong in the clause: nothing to boost (a quick test)
        asked = self.matcher.rank(self.matcher.analyse(focus))
        # Only a topic the asking clause names in its own decisive words is boosted: a clause
        # such as '会有什么后果', '这合法吗' or '在吗' says how, not what.
        boost = {
            i: s
            for i, s in asked
            if i not in NOT_BOOSTED
            and not self.kb.intents[i].only_with
            and any(w >= FOCUS_KEYWORD for *_, w in self.matcher.keyword_spans(focus, i))
        }
        if not boost:
            return ranked  # the clause names no other topic
        # The leader may give way, but not to an intent of lower priority ('…有权联系我通讯录吗'
        # asks about legality, whatever the clause names).
        floor = self.kb.intents[first].priority
        leader = max(
            (item for item in ranked if self.kb.intents[item[0]].priority >= floor),
            key=lambda item: item[1] + FOCUS_WEIGHT * boost.get(item[0], 0.0),
        )
        return [leader, *[item for item in ranked if item != leader]]

    def _urgent(self, intent_id: str, text: str) -> bool:
        """Whether `text` names an always-first intent (distress) in a decisive keyword of
        its own ('想死', '撑不下去'): safety does not wait for the threshold."""
        if self.kb.intents[intent_id].priority < ALWAYS_FIRST:
            return False
        return any(w >= DECISIVE for *_, w in self.matcher.keyword_spans(text, intent_id))

    def _names(self, text: str, intent_id: str) -> bool:
        """Whether `text` names the intent: a keyword of it, or a word of one of its topics."""
        item = self.kb.intents[intent_id]
        return bool(self.matcher.keyword_spans(text, intent_id)) or any(
            w in text for t in item.topics for w in t.when if len(w) > 1
        )

    def _choose(
        self,
        ranked: list[tuple[str, float]],
        count: DayCount | None,
        previous: Context | None,
        score: float,
        bar: float,
    ) -> tuple[str | None, float]:
        top = ranked[0][0] if ranked else None
        if previous is not None:
            return previous.intent, max(score, self.threshold)
        if count is not None and not count.asked and (top is None or score < bar):
            return TIMELINE, max(score, self.threshold)  # '逾期10天': a day count and no topic
        if top is None or score < bar:
            return None, score
        return top, score

    def bar(self, analysis: Analysis, top: str | None = None) -> float:
        """The score the leading intent `top` needs: `trouble_threshold` when the question
        names a debt problem (faq/scope.yaml's `trouble`: '执行案件中唯一住房认定标准是什么') and
        one of `top`'s own keywords, else `threshold`: a question next to the domain with no
        trouble is still refused, and a weak match that names nothing of its intent
        ('财产有没有被保全怎么查' read as a credit report question) is not answered."""
        named = top is None or bool(self.matcher.keyword_spans(analysis.raw, top))
        if named and self.kb.scope.trouble.found(analysis.raw):
            return self.trouble_threshold
        return self.threshold

    def _follow_up(
        self, analysis: Analysis, count: DayCount | None, score: float
    ) -> tuple[bool, bool]:
        """(continues, follows up): a message that opens like a follow-up ('那会上门吗') or only
        adds a day count ('那60天呢') continues the conversation and keeps its day count and
        platform; it also keeps the last topic when it adds no topic of its own ('那60天呢',
        '那我该怎么办')."""
        content = [t for t in analysis.tokens if t not in self.kb.follow_up_words]
        starts = analysis.raw.startswith(self.kb.follow_up_openers)
        follows = (not content and (count is not None or starts)) or (
            starts and score < self.threshold
        )
        return (starts or (not content and count is not None)), follows

    def _plain(self, key: str, traditional: bool) -> Reply:
        examples = self.kb.messages["examples"][:3]
        return Reply(
            intent=None,
            score=0.0,
            days=None,
            platform=None,
            answer=self.message(key, traditional),
            suggestions=tuple(script(e, traditional) for e in examples),
            traditional=traditional,
        )
