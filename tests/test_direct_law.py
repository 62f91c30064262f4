"""Replies about lawsuits, credit records, fees, limits, negotiation and the timeline answer the
point asked in their first two sentences, and card-only warnings stay with card holders."""

from __future__ import annotations

import pytest
from direct import TODAY, assert_direct, first_two

from bot.engine import Engine

# (question, intent.topic expected (intent alone: the general answer), first two sentences contain)
DIRECT = [
    ("失信被执行人还能坐高铁吗", "lawsuit.dishonest_limits", ["不能坐飞机", "G字头"]),
    ("失信被執行人能坐飛機嗎", "lawsuit.dishonest_limits", ["不能坐飛機"]),
    ("欠网贷有逾期记录能坐飞机吗", "lawsuit.overdue_travel", ["可以", "不影响"]),
    ("被列为失信被执行人以后几年能撤掉", "lawsuit.dishonest_exit", ["没有固定期限", "2年"]),
    ("工资卡被冻结了还能领工资吗", "lawsuit.court_freeze", ["执行法院", "冻结裁定"]),
    ("网贷起诉的流程是什么样的", "lawsuit.procedure", ["答辩", "强制执行"]),
    ("被起诉了不去法院会怎样", "lawsuit.summons", ["缺席判决"]),
    ("收到网贷的仲裁通知怎么办", "lawsuit.arbitration", ["核实", "仲裁"]),
    ("还完钱多久能解除限高", "lawsuit.lift_ban", ["执行法院"]),
    ("信用卡逾期被起诉了会冻结我的储蓄卡吗", "lawsuit.enforcement", ["可能会，但要经法院"]),
    ("借条的诉讼有效期是几年", "lawsuit.limitation", ["3年"]),
    ("判了以后多久会强制执行", "lawsuit.when_enforced", ["没有固定的天数", "2年内"]),
    ("逾期了会被警察抓走吗", "lawsuit.jail", ["不会因为还不上钱就坐牢"]),
    ("失信了该怎么办才能删掉", "lawsuit.dishonest_exit", ["删除"]),
    ("美团借钱逾期会被起诉吗", "lawsuit", ["可能会", "不会因为还不上就坐牢"]),
    ("借呗逾期了是不是就完了", "timeline.serious", ["不至于", "分期"]),
    ("网贷逾期了怎么办", "timeline", ["别失联", "分期"]),
    ("网贷怎么协商分期", "negotiate_repayment", ["官方App", "每月真实能还"]),
    ("逾期了还能办信用卡吗", "credit_report.loan_impact", ["不一定", "审批"]),
    ("网贷逾期会影响买房吗", "credit_report.loan_impact", ["不一定", "审批"]),
    ("逾期利息比本金还高怎么办", "penalty_fees.compound", ["4倍"]),
    ("上征信有什么后果", "credit_report", ["报送", "审批"]),
    ("房贷逾期了会有什么后果", "timeline.mortgage", ["罚息", "联系贷款银行"]),
    ("逾期会给我发律师函吗", "mail_notice.will_send_lawyer_letter", ["可能会", "不是法院文书"]),
    ("网贷收的服务费合法吗", "penalty_fees.upfront_deduction", ["服务费", "上限"]),
]


@pytest.mark.parametrize(("question", "where", "needles"), DIRECT)
def test_first_two_sentences_answer_the_point(
    engine: Engine, question: str, where: str, needles: list[str]
) -> None:
    assert_direct(engine, question, where, needles)


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


def test_a_relatives_overdue_stays_a_family_question(engine: Engine) -> None:
    assert engine.answer("家人网贷逾期会影响我买房吗", today=TODAY).intent == "family_liability"


def test_court_frozen_wage_card_is_not_a_platform_freeze(engine: Engine) -> None:
    reply = engine.answer("工资卡被冻结了还能发工资吗", today=TODAY)
    assert reply.intent == "lawsuit"
    assert "平台和催收解不了" in first_two(reply.answer)
