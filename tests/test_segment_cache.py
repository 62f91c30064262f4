"""The cut knowledge-base phrasings kept in the temp folder between runs: the same analyses
with or without the file, a broken file rebuilt, and no user's message ever written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Engine, segmenter_for
from bot.knowledge import load
from bot.matcher import Matcher
from bot.platforms import PlatformFinder
from bot.segment import Segmenter


def _matcher(cache_dir: Path) -> tuple[Matcher, Segmenter]:
    kb = load()
    segmenter = segmenter_for(kb, cache_dir)
    return Matcher(kb, segmenter, PlatformFinder(kb.platforms)), segmenter


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("overdue-bot-cut-*.json"))


def test_a_second_build_reads_the_cut_phrasings_and_ranks_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = Segmenter.cut
    calls: list[str] = []

    def counted(self: Segmenter, text: str) -> list[str]:
        calls.append(text)
        return cut(self, text)

    monkeypatch.setattr(Segmenter, "cut", counted)
    first, _ = _matcher(tmp_path)
    built = len(calls)
    assert len(_cache_files(tmp_path)) == 1
    calls.clear()
    second, _ = _matcher(tmp_path)  # the phrasings come from the file; keywords are still cut
    assert built > 3000 and len(calls) <= built - 3000  # keywords and topic words: short
    for question in ("逾期三个月会上门吗", "信用卡逾期会坐牢吗", "网贷逾期了怎么办"):
        assert first.rank(first.analyse(question)) == second.rank(second.analyse(question))


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"逾期": 3}', '{"逾期": [1]}', ""])
def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, content: str) -> None:
    (tmp_path / "clean").mkdir()
    reference, _ = _matcher(tmp_path / "clean")
    (file,) = _cache_files(tmp_path / "clean")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / file.name).write_text(content, encoding="utf-8")
    rebuilt, _ = _matcher(broken)
    question = "逾期了会打电话给我家人吗"
    assert rebuilt.rank(rebuilt.analyse(question)) == reference.rank(reference.analyse(question))
    assert json.loads((broken / file.name).read_text(encoding="utf-8")) == json.loads(
        file.read_text(encoding="utf-8")
    )


def test_a_users_message_is_never_written_to_the_cache(engine: Engine) -> None:
    secret = "我在某某贷借了八千七百三十二元逾期了会不会告诉我老板"
    engine.answer(secret)
    files = _cache_files(engine.segmenter._cache.parent)
    assert files and all(secret not in f.read_text(encoding="utf-8") for f in files)
