"""Page titles' clickbait tails and opening addresses are not the question (faq/clickbait.yaml)."""

from pathlib import Path

import pytest
import yaml

from bot.engine import Engine
from bot.kb_read import KnowledgeError
from bot.knowledge import load
from bot.tails import FILE, Tails, load_tails
from bot.text import normalise, simplify
from bot.wordclass import WordClass


def _strip(engine: Engine, title: str) -> str:
    return engine.kb.tails.strip(simplify(normalise(title))[0])


@pytest.mark.parametrize(
    ("title", "question"),
    [
        ("信用卡逾期真的会冻结微信零钱吗?一文说清法律真相!", "信用卡逾期真的会冻结微信零钱吗"),
        ("贷款平台突然停止催收?这5个原因你必须了解", "贷款平台突然停止催收"),
        ("银行真的会出具无恶意逾期证明吗?全流程解读与实操指南", "银行真的会出具无恶意逾期证明吗"),
        ("网贷逾期公司可以开除员工吗,精解在此疑虑全消!", "网贷逾期公司可以开除员工吗"),
        ("有一方逾期网贷怎么办理?别慌,专业律师手把手教你应对!", "有一方逾期网贷怎么办理"),
        ("律师,我有个网商贷逾期了,现在该怎么办?", "我有个网商贷逾期了 现在该怎么办"),
        ("網貸逾期會被起訴嗎?一文讀懂", "网贷逾期会被起诉吗"),
    ],
)
def test_the_question_is_the_part_before_the_tail(engine: Engine, title: str, question: str):
    assert _strip(engine, title) == question


@pytest.mark.parametrize(
    "question",
    [
        "网贷逾期被起诉了怎么办 律师说要开庭",  # 律师 in the story is not a tail
        "催收说的是真的吗 我该怎么应对",
        "手把手",  # nothing but a tail word: kept, never emptied
        "律师 一文说清",
        "我欠了律师费 怎么办",
    ],
)
def test_real_content_is_kept(engine: Engine, question: str) -> None:
    kept = _strip(engine, question)
    assert kept and question.startswith(kept)
    if question in ("网贷逾期被起诉了怎么办 律师说要开庭", "催收说的是真的吗 我该怎么应对"):
        assert kept == question


@pytest.mark.parametrize(
    "question",
    [
        "网贷逾期会被起诉吗",
        "信用卡逾期会上征信吗",
        "逾期了催收会上门吗",
        "催收打电话给我家人合法吗",
        "逾期罚息怎么算",
    ],
)
@pytest.mark.parametrize(
    "tail", ["?一文说清法律真相!", "?这5个原因你必须了解", ",别慌,专业律师手把手教你应对!"]
)
def test_a_tail_does_not_change_the_answer(engine: Engine, question: str, tail: str) -> None:
    plain, baited = engine.answer(question), engine.answer(question + tail)
    assert (baited.intent, baited.topic) == (plain.intent, plain.topic)


def test_phrasings_lose_their_tails_too(engine: Engine) -> None:
    """A gathered title with a tail matches like its question: the tail adds no words."""
    matcher = engine.matcher
    tails = engine.kb.tails
    title = "网贷还不上被起诉了?别慌!手把手教你正确应对姿势"
    assert matcher.analyse(tails.strip(normalise(title))).tokens == matcher.analyse(
        "网贷还不上被起诉了"
    ).tokens


def test_strip_without_words_changes_nothing() -> None:
    assert Tails().strip("网贷逾期怎么办 一文说清") == "网贷逾期怎么办 一文说清"
    assert Tails(WordClass(("一文说清",))).strip("网贷逾期怎么办 一文说清") == "网贷逾期怎么办"


def test_missing_file_means_no_tails(faq_copy: Path) -> None:
    (faq_copy / FILE).unlink()
    assert load(faq_copy).tails == Tails()


@pytest.mark.parametrize(
    ("key", "value"),
    [("addressee_chars", 0), ("addressee_chars", "4"), ("tails", [""]), ("tails", ["一文說清"])],
)
def test_bad_file_is_refused(faq_copy: Path, key: str, value: object) -> None:
    path = faq_copy / FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_tails(faq_copy)
