"""Rules between candidate intents: exclusions, priority, and questions next to the domain."""

from __future__ import annotations

from .ids import ALWAYS_FIRST, OUT_OF_SCOPE
from .knowledge import KnowledgeBase

PRIORITY_MARGIN = 0.35  # a higher-priority intent overtakes leaders at most this far ahead
ALONE_FACTOR = 0.8  # an `only_with` intent without its subject ('这合法吗' about fees)
NO_TROUBLE = 0.8  # topics' share when an out-of-scope question names no debt problem
GENERAL_FACT = 0.5  # topics' share when a question asks a general fact and names no trouble

Hits = dict[str, tuple[float, float, bool]]  # per intent: strength, cover, decisive found


class Arbiter:
    """Settles the order of scored intents by the knowledge base's rules."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def settle(
        self,
        best: dict[str, float],
        hits: Hits,
        query: set[str],
        model: dict[str, float],
        near_domain: bool,
        general_fact: bool = False,
    ) -> list[tuple[str, float]]:
        """(intent, score), best first, from the scores `best`, the keyword `hits`, the
        question's words and the intent model's share of each score; `near_domain`: the
        question has domain words but names no debt problem; `general_fact`: it asks for a
        general fact and names no trouble at all (faq/scope.yaml)."""
        hits = dict(hits)
        if near_domain and OUT_OF_SCOPE in best:
            best = self._near_domain(best)
        for intent_id in self.excluded(query):
            best.pop(intent_id, None)
            hits.pop(intent_id, None)
        if general_fact and OUT_OF_SCOPE in self._kb.intents and best:
            best = self._general_fact(best)
        for intent_id in self._unspoken(best, hits):
            best.pop(intent_id)  # distress only on its own words, never on '欠了5万'
        for intent_id in self._alone(hits):
            best[intent_id] *= ALONE_FACTOR
            hits.pop(intent_id)
        priority = {i: self._kb.intents[i].priority for i in best}
        ranked = sorted(best.items(), key=lambda item: (item[1], priority[item[0]]), reverse=True)
        decisive = [i for i, (_, _, found) in hits.items() if found]
        return self.prefer_priority(ranked, decisive, model)

    def trouble(self, query: set[str]) -> bool:
        """Whether the question names a debt problem: a word that rules out out_of_scope
        ('逾期', '催收', '欠款'; its `excluded_by`)."""
        intent = self._kb.intents.get(OUT_OF_SCOPE)
        return intent is None or bool(intent.excluded_by & query)

    def _near_domain(self, best: dict[str, float]) -> dict[str, float]:
        """Scores for a question with domain words but no debt problem that an out-of-scope
        phrasing matches ('信贷利息怎么算'): the topics weigh less, distress not."""
        intents = self._kb.intents
        return {
            i: s if i == OUT_OF_SCOPE or intents[i].priority >= ALWAYS_FIRST else s * NO_TROUBLE
            for i, s in best.items()
        }

    def _general_fact(self, best: dict[str, float]) -> dict[str, float]:
        """Scores for a product or general question ('花呗是什么', '借呗一个月利息多少'):
        out of scope takes the lead's score, the topics weigh GENERAL_FACT of theirs; an
        always-first intent (distress) keeps its own."""
        intents, lead = self._kb.intents, max(best.values())
        scores = {
            i: s if intents[i].priority >= ALWAYS_FIRST else s * GENERAL_FACT
            for i, s in best.items()
        }
        scores[OUT_OF_SCOPE] = max(best.get(OUT_OF_SCOPE, 0.0), lead)
        return scores

    def _unspoken(self, best: dict[str, float], hits: dict) -> list[str]:
        """Always-first intents (distress) whose own words the question does not use."""
        intents = self._kb.intents
        return [i for i in best if intents[i].priority >= ALWAYS_FIRST and i not in hits]

    def excluded(self, query: set[str]) -> list[str]:
        """Intents ruled out by a word of the question ('逾期' rules out out_of_scope)."""
        return [i for i, intent in self._kb.intents.items() if intent.excluded_by & query]

    def _alone(self, hits: dict[str, tuple[float, float, bool]]) -> list[str]:
        """Intents about another intent's subject whose subject the question does not name:
        '这合法吗' is about contacting people only when people are named."""
        return [
            i
            for i in hits
            if self._kb.intents[i].only_with
            and not any(other in hits for other in self._kb.intents[i].only_with)
        ]

    def prefer_priority(
        self, ranked: list[tuple[str, float]], decisive: list[str], model: dict[str, float]
    ) -> list[tuple[str, float]]:
        """Among intents with a decisive keyword, the highest priority ranks first:
        '打给紧急联系人违法吗' is about legality, '被催收逼到崩溃' needs the distress answer.
        The margin is measured without the intent model's evidence, which favours the
        intent with more phrasings ('…通讯录…' over the legality of it)."""
        if not decisive:
            return ranked
        intents, scores = self._kb.intents, dict(ranked)
        own = {i: s - model.get(i, 0.0) for i, s in scores.items()}
        leader = max(own.values())
        # Out-of-scope phrasings are near-domain questions that share the topics' words
        # ('信贷利息怎么算' names 利息): a keyword does not lift a topic over one that leads.
        margin = 0.0 if ranked[0][0] == OUT_OF_SCOPE else PRIORITY_MARGIN
        contenders = [
            i for i in decisive if own[i] >= leader - margin or intents[i].priority >= ALWAYS_FIRST
        ]
        if not contenders:
            return ranked
        top_priority = max(intents[i].priority for i in contenders)
        chosen = max((i for i in contenders if intents[i].priority == top_priority), key=scores.get)
        rest = [(i, s) for i, s in ranked if i != chosen]
        return [(chosen, max(scores[chosen], ranked[0][1])), *rest]
