"""The credit-card warnings (恶意透支, 别换号) stay with card holders: online-loan borrowers are not
warned of a card crime first, card holders still hear it, marked as for cards only."""

from __future__ import annotations

import pytest
from direct import TODAY, first_two

from bot.engine import Engine


@pytest.mark.parametrize(
    "question", ["欠网贷会不会坐牢啊", "美团借钱逾期会被起诉吗", "借呗一直不还会怎么样"]
)
def test_loan_borrowers_get_no_card_fraud_warning(engine: Engine, question: str) -> None:
    answer = engine.answer(question, today=TODAY).answer
    assert "恶意透支" not in answer and "换号" not in answer, (question, answer)


def test_card_holders_keep_the_card_warning(engine: Engine) -> None:
    assert "恶意透支" in engine.answer("信用卡欠款会坐牢吗", today=TODAY).answer
    sued = engine.answer("信用卡逾期会被起诉吗", today=TODAY).answer
    assert "别换号" in sued and "恶意透支" in sued


def test_card_rule_in_the_legal_stage_is_scoped_to_cards(engine: Engine) -> None:
    answer = engine.answer("借呗逾期100天会怎样", today=TODAY).answer
    assert "网贷、消费贷不适用" in answer


def test_card_fraud_warning_stays_marked_for_cards(engine: Engine) -> None:
    """The 恶意透支 warning moved out of an online-loan reply's lead is still said, for cards."""
    answer = engine.answer("微粒贷逾期催收电话必须接吗").answer
    assert "只针对信用卡" in answer
    assert answer.index("只针对信用卡") < answer.index("恶意透支")


def test_card_holders_still_hear_the_card_rule_when_silent(engine: Engine) -> None:
    answer = engine.answer("信用卡逾期了一直不接银行电话", today=TODAY).answer
    assert "恶意透支" in answer


def test_the_card_rule_comes_last_in_the_general_reply(engine: Engine) -> None:
    answer = engine.answer("不接催收电话会怎么样", today=TODAY).answer
    assert "恶意透支" not in first_two(answer)
    assert answer.index("只针对信用卡") > answer.index("如果害怕接电话")
