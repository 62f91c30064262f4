"""Intent-level evidence, distress safety and the lender named beside a credit card."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.intent_model import IntentModel, features
from bot.platforms import PlatformFinder


def test_features_have_words_and_character_pairs() -> None:
    assert features(["催收", "上门"], "催收上门") == ["w:催收", "w:上门", "催收", "收上", "上门"]


def test_intent_model_prefers_the_intent_sharing_most_words() -> None:
    model = IntentModel(
        {
            "a": [features(["起诉", "法院"], "起诉法院"), features(["传票"], "传票")],
            "b": [features(["电话", "催收"], "电话催收"), features(["短信"], "短信")],
        }
    )
    posterior = model.posterior(features(["法院", "传票", "电话"], "法院传票电话"))
    assert posterior["a"] > posterior["b"]
    assert sum(posterior.values()) == pytest.approx(1.0)


def test_intent_model_ignores_words_it_never_saw() -> None:
    model = IntentModel({"a": [features(["起诉"], "起诉")]})
    assert model.posterior(features(["天气"], "天气")) == {}


def test_model_evidence_does_not_beat_priority(engine: Engine) -> None:
    # The address-book intent has many more phrasings naming 通讯录; the question is still
    # whether doing it is lawful.
    assert engine.answer("催收有权给我通讯录里的人打电话吗").intent == "contact_legality"


def test_weather_gets_no_intent_from_the_model(engine: Engine) -> None:
    assert engine.answer("今天天气怎么样").intent is None


def test_decisive_distress_word_answers_whatever_the_threshold(engine: Engine) -> None:
    strict = Engine(engine.kb, threshold=5.0)
    assert strict.answer("欠了很多钱我不想活了").intent == "distress"
    assert strict.answer("逾期会上门吗").intent is None  # everything else waits for the score


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("信用卡借呗逾期真的会爆通讯录吗", "借呗"),
        ("花呗和信用卡都逾期了", "花呗"),
        ("信用卡逾期三个月了", "信用卡"),
        ("逾期了怎么办", None),
    ],
)
def test_a_named_lender_wins_over_a_credit_card(text: str, platform: str | None) -> None:
    finder = PlatformFinder({"信用卡": "信用卡", "借呗": "借呗", "花呗": "花呗"})
    assert finder.find(text) == platform


def test_engine_reports_the_lender_beside_a_credit_card(engine: Engine) -> None:
    assert engine.answer("信用卡借呗逾期真的会爆通讯录吗").platform == "借呗"


def test_a_keyword_does_not_lift_a_topic_over_a_leading_out_of_scope_match(
    engine: Engine,
) -> None:
    matcher = engine.matcher
    ranked = [("out_of_scope", 1.0), ("penalty_fees", 0.9)]
    assert matcher._prefer_priority(ranked, ["penalty_fees"], {})[0][0] == "out_of_scope"
    ranked = [("timeline", 1.0), ("penalty_fees", 0.9)]
    assert matcher._prefer_priority(ranked, ["penalty_fees"], {})[0][0] == "penalty_fees"


def test_near_domain_question_weighs_topics_less_but_not_distress(engine: Engine) -> None:
    scores = {"out_of_scope": 1.0, "penalty_fees": 1.0, "distress": 1.0}
    weighed = engine.matcher._near_domain(scores)
    assert weighed["penalty_fees"] < 1.0
    assert weighed["out_of_scope"] == weighed["distress"] == 1.0


@pytest.mark.parametrize(
    ("text", "trouble"), [("信用卡逾期利息怎么算", True), ("信用卡利息怎么算", False)]
)
def test_trouble_is_a_word_that_rules_out_out_of_scope(
    engine: Engine, text: str, trouble: bool
) -> None:
    query = set(engine.matcher.analyse(text).tokens)
    assert engine.matcher._trouble(query) is trouble
